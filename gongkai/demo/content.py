"""What the demo publishes in every column the 61号 list requires, for each of its agencies: plain
data, no Django. Titles, bodies and 文号 are format strings filled from the agency and from the
day the item is published (`fill`), so an item dated last March says last March's year.

An entry is dated either `back` working days before the day the demo is loaded, or on the latest
`on` (month, day) before it (a budget is published in March, whatever the day of loading); it is
written `lead` working days before publication (条例第二十六条: 20 at most). An entry with `key`
can be interpreted by another naming it in `interprets` (the 解读 of a 规范性文件 or 规章).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ZONE, OFFICE, FINANCE = "zone", "office", "finance"


@dataclass(frozen=True)
class Entry:
    slug: str  # the column (publishing.platform)
    title: str
    body: tuple[str, ...]  # paragraphs
    back: int = 0  # working days before the day of loading (0: use `on`)
    on: tuple[int, int] | None = None  # (month, day): the latest such day before loading
    lead: int = 2  # working days from writing to publication
    doc_number: str = ""
    topic: str = "综合政务"
    key: str = ""
    interprets: str = ""
    register: bool = False  # a 行政规范性文件 entered in the register (Table 二)


@dataclass(frozen=True)
class Agency:
    """A demo agency's data as its guide and the home page's 受理机关 table show it."""

    name: str
    short_name: str
    kind: str  # orgs.AgencyKind values
    code: str
    slug: str
    office_name: str
    address: str
    postcode: str
    phone: str
    fax: str
    email: str
    office_hours: str


HOURS = "工作日上午8:30—12:00，下午14:30—17:30（法定节假日除外）"
AGENCIES = {
    ZONE: Agency(
        "洛阳高新技术产业开发区管理委员会", "高新区管委会", "zone", "GX", "gaoxin-zone",
        "洛阳高新区管委会党政办公室（政务公开办公室）", "洛阳市高新区丰华路6号", "471003",
        "0379-00000000", "0379-00000010", "gongkai@gaoxin.example", HOURS,
    ),
    OFFICE: Agency(
        "洛阳高新技术产业开发区管理委员会党政办公室", "党政办", "office", "GXDZ",
        "luoyang-gaoxin", "高新区党政办公室政务公开科", "洛阳市高新区丰华路6号", "471003",
        "0379-00000001", "0379-00000011", "dangzhengban@gaoxin.example", HOURS,
    ),
    FINANCE: Agency(
        "洛阳高新技术产业开发区财政局", "财政局", "department", "GXCZ", "gaoxin-finance",
        "高新区财政局办公室", "洛阳市高新区滨河北路88号", "471003", "0379-00000002",
        "0379-00000012", "caizhengju@gaoxin.example", HOURS,
    ),
}  # fmt: skip

# The installation's identity (orgs.website, 《政府网站发展指引》): plausible, and plainly a demo's
# (the 备案 numbers are zeros; the address domain is .example).
WEBSITE = {
    "name": "洛阳高新区政府信息公开平台",
    "sponsor": "洛阳高新技术产业开发区管理委员会",
    "contact": "电话：0379-00000000；电子邮箱：gongkai@gaoxin.example",
    "site_code": "4103000099",
    "icp": "豫ICP备00000000号-1",
    "police": "豫公网安备 41030500000000号",
}

_Q = "一二三四"


def fill(text: str, agency: Agency, day: date) -> str:
    """`text` with the agency's names and the publication day's periods filled in."""
    month_index = day.year * 12 + day.month - 2  # the month before
    quarter_index = day.year * 4 + (day.month - 1) // 3 - 1  # the quarter before
    return text.format(
        name=agency.name,
        short=agency.short_name,
        office=agency.office_name,
        address=agency.address,
        postcode=agency.postcode,
        phone=agency.phone,
        fax=agency.fax,
        email=agency.email,
        hours=agency.office_hours,
        year=day.year,
        prev=day.year - 1,
        month=day.month,
        pm_year=month_index // 12,
        pm=month_index % 12 + 1,
        q_year=quarter_index // 4,
        q=_Q[quarter_index % 4],
    )


SECRECY = Entry(
    "zd",
    "{name}政府信息公开保密审查制度",
    (
        "第一条 为做好政府信息公开保密审查工作，防止在政府信息公开中泄露国家秘密和工作秘密，"
        "根据《中华人民共和国保守国家秘密法》《中华人民共和国政府信息公开条例》，结合本机关实际，制定本制度。",
        "第二条 本机关拟公开的政府信息，应当在公开前依照法律、法规和国家有关规定进行保密审查，"
        "坚持“先审查、后公开”“一事一审”和“谁公开、谁审查”的原则。",
        "第三条 拟公开的政府信息由承办科室初审，{office}复审；涉及重大事项或者难以确定能否公开的，"
        "报分管负责同志审定，必要时报请保密行政管理部门确定。",
        "第四条 审查时应当同时核对信息中是否含有个人身份证件号码、手机号码等个人信息，"
        "确需公开的应当依法作遮盖处理。",
        "第五条 保密审查应当形成书面或者电子记录，审查人签署意见，记录保存不少于三年。",
        "第六条 本制度自印发之日起施行。",
    ),
    back=430,
    lead=3,
)
PROCEDURE = Entry(
    "zd",
    "{name}依申请公开政府信息办理规程",
    (
        "第一条 为规范依申请公开政府信息办理工作，保障公民、法人和其他组织依法获取政府信息，"
        "根据《中华人民共和国政府信息公开条例》和《政府信息公开信息处理费管理办法》，制定本规程。",
        "第二条 {office}统一受理向本机关提出的政府信息公开申请，登记收到日期、申请渠道和申请内容，"
        "并出具登记回执。",
        "第三条 申请内容不明确的，自收到申请之日起7个工作日内一次性告知申请人作出补正，"
        "说明需要补正的事项和合理的补正期限。",
        "第四条 能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；"
        "需要延长答复期限的，经{office}负责人同意并告知申请人，延长的期限最长不得超过20个工作日。",
        "第五条 申请人申请公开政府信息的数量、频次明显超过合理范围的，按照国办函〔2020〕109号的规定收取信息处理费。",
        "第六条 答复书应当载明依据和救济途径，送达后将申请材料、答复书和送达凭证一并归档。",
    ),
    back=300,
    lead=4,
)
COORDINATION = Entry(
    "zd",
    "{name}政府信息主动公开和发布协调制度",
    (
        "一、本机关制作或者获取的政府信息，除依法不予公开的以外，属于主动公开范围的，"
        "应当自形成或者变更之日起20个工作日内在政府信息公开平台予以公开。",
        "二、拟发布的政府信息涉及其他机关的，应当与有关机关进行沟通、确认，保证发布的政府信息准确一致。",
        "三、各科室确定一名信息员，负责本科室政府信息的收集、初审和报送；{office}负责审核发布和栏目维护。",
        "四、政府信息公开平台各栏目按照规定周期更新，动态类栏目每两周至少更新一次，"
        "每月对栏目更新情况进行自查，发现空白栏目和长期未更新栏目及时整改。",
    ),
    back=160,
    lead=2,
)


def functions(duties: str, units: str, leader: str) -> Entry:
    return Entry(
        "jgzn",
        "{name}机构职能",
        (
            "主要职责：" + duties,
            "内设机构：" + units,
            "负责人：" + leader,
            "办公地址：{address}（邮编{postcode}）；办公时间：{hours}；联系电话：{phone}；传真：{fax}。",
        ),
        back=240,
        lead=1,
    )


def explained(title: str, key: str, parts: tuple[str, ...], back: int) -> Entry:
    return Entry(
        "zcjd", f"《{title}》政策解读", parts, back=back, lead=0, interprets=key, topic="综合政务"
    )


def absent(slug: str, what: str, back: int) -> Entry:
    """An agency without such matters says so: an empty column would tell the reader nothing."""
    return Entry(
        slug,
        f"{{short}}{what}事项说明",
        (
            f"根据本机关职能，{{name}}不承担{what}职能，目前无{what}事项。",
            "如职能调整，本栏目将及时公开相关事项清单和办理结果。",
        ),
        back=back,
        lead=1,
    )
