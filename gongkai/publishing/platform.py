"""The 政府信息公开 platform's column structure per 国办公开办函〔2019〕61号: four first-level columns,
法定主动公开内容 with a sub-column for each common Article 20 item, and the agency's own columns.
Each column has a class the website self-check uses (动态/要闻: 2 weeks; 通知公告/政策文件: 6 months)."""

from __future__ import annotations

from dataclasses import dataclass, field

NEWS, NOTICE, OTHER = "news", "notice", "other"
CLASS_LABELS = {NEWS: "动态/要闻", NOTICE: "通知公告/政策文件", OTHER: "其他"}
GUIDE, SYSTEM, STATUTORY, ANNUAL, OWN = "guide", "system", "statutory", "annual", "own"
SECTION_LABELS = {
    GUIDE: "政府信息公开指南",
    SYSTEM: "政府信息公开制度",
    STATUTORY: "法定主动公开内容",
    ANNUAL: "政府信息公开年报",
    OWN: "本机关栏目",
}
FIRST_LEVEL = (GUIDE, SYSTEM, STATUTORY, ANNUAL)
NORMATIVE_SLUG = "gfxwj"  # the 规范性文件 column


@dataclass(frozen=True)
class ColumnSpec:
    slug: str
    name: str
    section: str
    column_class: str = OTHER
    children: tuple[ColumnSpec, ...] = field(default=())


STATUTORY_CHILDREN = (
    ColumnSpec("jgzn", "机构职能", STATUTORY),
    ColumnSpec(
        "fgwj",
        "法规文件",
        STATUTORY,
        NOTICE,
        (
            ColumnSpec("gz", "规章", STATUTORY, NOTICE),
            ColumnSpec("gfxwj", "规范性文件", STATUTORY, NOTICE),
            ColumnSpec("qtwj", "其他文件", STATUTORY, NOTICE),
        ),
    ),
    ColumnSpec("ghxx", "规划信息", STATUTORY),
    ColumnSpec("tjxx", "统计信息", STATUTORY),
    ColumnSpec("xzxk", "行政许可", STATUTORY),
    ColumnSpec("xzcf", "行政处罚/行政强制", STATUTORY),
    ColumnSpec("czyjs", "财政预决算", STATUTORY),
    ColumnSpec("sf", "收费", STATUTORY),
    ColumnSpec("zfcg", "政府采购", STATUTORY),
    ColumnSpec("zdxm", "重大建设项目", STATUTORY),
    ColumnSpec("ggfw", "公共服务", STATUTORY),
    ColumnSpec("rsxx", "人事信息", STATUTORY),
    ColumnSpec("yjgl", "应急管理", STATUTORY),
    ColumnSpec("zcjd", "政策解读", STATUTORY, NOTICE),
)
DEFAULT_COLUMNS = (
    ColumnSpec("zn", "政府信息公开指南", GUIDE),
    ColumnSpec("zd", "政府信息公开制度", SYSTEM),
    ColumnSpec("fdzdgk", "法定主动公开内容", STATUTORY, OTHER, STATUTORY_CHILDREN),
    ColumnSpec("nb", "政府信息公开年报", ANNUAL),
    ColumnSpec("yw", "要闻", OWN, NEWS),
    ColumnSpec("gzdt", "工作动态", OWN, NEWS),
    ColumnSpec("tzgg", "通知公告", OWN, NOTICE),
)
TOPICS = (
    "综合政务",
    "国民经济管理",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "其他",
)
