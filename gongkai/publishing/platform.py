"""The 政府信息公开 platform's column structure per 国办公开办函〔2019〕61号: four first-level columns,
法定主动公开内容 with a sub-column for each common Article 20 item, and the agency's own columns.
Each column has a class the website self-check uses (动态/要闻: 2 weeks; 通知公告/政策文件: 6 months)
and a purpose: what it publishes, which a reader is told while it is still empty."""

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
    purpose: str = ""  # 本栏目发布…: what a reader will find here


STATUTORY_CHILDREN = (
    ColumnSpec(
        "jgzn", "机构职能", STATUTORY,
        purpose="本栏目发布本机关的职能、机构设置、办公地址、办公时间、联系方式和负责人姓名（条例第二十条第一项）。",
    ),
    ColumnSpec(
        "fgwj",
        "法规文件",
        STATUTORY,
        NOTICE,
        (
            ColumnSpec(
                "gz", "规章", STATUTORY, NOTICE,
                purpose="本栏目发布本机关制定或者实施的规章及其解读。",
            ),
            ColumnSpec(
                "gfxwj", "规范性文件", STATUTORY, NOTICE,
                purpose="本栏目发布本机关制定的行政规范性文件，每件文件同步发布政策解读。",
            ),
            ColumnSpec(
                "qtwj", "其他文件", STATUTORY, NOTICE,
                purpose="本栏目发布本机关印发的其他政策文件。",
            ),
        ),
        purpose="本栏目发布本机关制定或者实施的规章、行政规范性文件和其他文件（条例第二十条第二项）。",
    ),
    ColumnSpec(
        "ghxx", "规划信息", STATUTORY,
        purpose="本栏目发布国民经济和社会发展规划、专项规划、区域规划及相关政策（条例第二十条第三项）。",
    ),
    ColumnSpec(
        "tjxx", "统计信息", STATUTORY,
        purpose="本栏目发布国民经济和社会发展统计信息（条例第二十条第四项）。",
    ),
    ColumnSpec(
        "xzxk", "行政许可", STATUTORY,
        purpose="本栏目发布行政许可的事项、依据、条件、程序、期限、申请材料目录及办理结果（条例第二十条第五、六项）。",
    ),
    ColumnSpec(
        "xzcf", "行政处罚/行政强制", STATUTORY,
        purpose="本栏目发布行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的处理决定（条例第二十条第六项）。",
    ),
    ColumnSpec(
        "czyjs", "财政预决算", STATUTORY,
        purpose="本栏目发布本机关的财政预算、决算信息（条例第二十条第七项）。",
    ),
    ColumnSpec(
        "sf", "收费", STATUTORY,
        purpose="本栏目发布行政事业性收费项目及其依据、标准（条例第二十条第八项）。",
    ),
    ColumnSpec(
        "zfcg", "政府采购", STATUTORY,
        purpose="本栏目发布政府集中采购项目的目录、标准及实施情况（条例第二十条第九项）。",
    ),
    ColumnSpec(
        "zdxm", "重大建设项目", STATUTORY,
        purpose="本栏目发布重大建设项目的批准和实施情况（条例第二十条第十项）。",
    ),
    ColumnSpec(
        "ggfw", "公共服务", STATUTORY,
        purpose="本栏目发布扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况（条例第二十条第十一项）。",
    ),
    ColumnSpec(
        "rsxx", "人事信息", STATUTORY,
        purpose="本栏目发布公务员招考的职位、名额、报考条件等事项以及录用结果（条例第二十条第十四项）。",
    ),
    ColumnSpec(
        "yjgl", "应急管理", STATUTORY,
        purpose="本栏目发布突发公共事件的应急预案、预警信息及应对情况（条例第二十条第十二项）。",
    ),
    ColumnSpec(
        "zcjd", "政策解读", STATUTORY, NOTICE,
        purpose="本栏目发布本机关政策文件的解读材料，每篇解读与所解读的文件相互链接。",
    ),
)  # fmt: skip
DEFAULT_COLUMNS = (
    ColumnSpec(
        "zn", "政府信息公开指南", GUIDE,
        purpose="本栏目根据本机关的受理机构、办公地址和联系方式自动生成政府信息公开指南（条例第十二条）。",
    ),
    ColumnSpec(
        "zd", "政府信息公开制度", SYSTEM,
        purpose="本栏目发布本机关政府信息公开保密审查、依申请公开办理、主动公开和发布协调等工作制度。",
    ),
    ColumnSpec(
        "fdzdgk", "法定主动公开内容", STATUTORY, OTHER, STATUTORY_CHILDREN,
        purpose="本栏目按照条例第十九条、第二十条的规定，分类发布本机关应当主动公开的政府信息。",
    ),
    ColumnSpec(
        "nb", "政府信息公开年报", ANNUAL,
        purpose="本栏目发布本机关上一年度政府信息公开工作年度报告，每年{due}前更新（条例第四十九条）。",
    ),
    ColumnSpec("yw", "要闻", OWN, NEWS, purpose="本栏目发布本机关的要闻。"),
    ColumnSpec("gzdt", "工作动态", OWN, NEWS, purpose="本栏目发布本机关的工作动态。"),
    ColumnSpec("tzgg", "通知公告", OWN, NOTICE, purpose="本栏目发布本机关的通知、公告。"),
)  # fmt: skip


def _purposes(specs: tuple[ColumnSpec, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for spec in specs:
        found[spec.slug] = spec.purpose
        found.update(_purposes(spec.children))
    return found


PURPOSES = _purposes(DEFAULT_COLUMNS)


def purpose(slug: str, name: str, report_due: str = "1月31日") -> str:
    """What the column publishes, told to a reader while it is empty (a column an agency added
    itself is described by its name); `report_due`: the day the agency's annual report is due
    (annual.deadlines: 1月31日 for a department, 3月31日 for a government)."""
    found = PURPOSES.get(slug) or f"本栏目发布本机关的“{name}”信息。"
    return found.replace("{due}", report_due)


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
