"""First drafts of the report's prose, written from the same records as its tables.

Every number in a draft is a linked figure, `{{key}}`, filled from the records whenever the report
is shown (and from the figures frozen with the tables once it is finalised), so the prose cannot
drift from the tables when a record changes. Figures are stated in wordings the report parser
reads (parse/narrative.py), so a drafted report passes the narrative checks (TEXT_TABLE_MISMATCH,
the parts of a total) by construction; the office edits the prose around the figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.publishing.lateness import LATE_AFTER_WORKDAYS
from gongkai.reports.tables import DISPUTE_GROUPS, Cell, cell_label, dispute_key, t3_key
from gongkai.worklog.kinds import FOLLOWERS_NOUN, POSTS_NOUN

# 条例第二十六条, in the words a report uses (the limit is publishing.lateness's).
IN_TIME = f"形成或者变更之日起{LATE_AFTER_WORKDAYS}个工作日内公开"

OVERVIEW_PARTS = ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障")
_NUMERALS = "一二三四五六七八九十"
OUTCOME_GROUPS = (
    ("予以公开", ("granted",)),
    ("部分公开", ("partly_granted",)),
    ("不予公开", ("withheld.",)),
    ("无法提供", ("unavailable.",)),
    ("不予处理", ("not_processed.",)),
    ("其他处理", ("other.",)),
)
TOKEN = re.compile(r"\{\{([^{}\s]+)\}\}")
# The 保密审查 sentence: drafted only when every item published in the year has a signed review.
REVIEWED_ALL = "主动公开信息均经保密审查后发布"


@dataclass(frozen=True)
class Account:
    """A 政务新媒体 account's year (worklog.media)."""

    key: str  # media.<id>: its figures are <key>.issues, <key>.posts, <key>.followers
    name: str
    platform: str  # 微信公众号, 微博, …
    posts_noun: str  # what it publishes: 信息, 微博, 短视频
    followers_noun: str  # 关注人数, 粉丝数
    posts: int
    issues: int | None = None
    followers: int | None = None


def posts_noun(platform: str) -> str:
    return POSTS_NOUN.get(platform, "信息")


def followers_noun(platform: str) -> str:
    return FOLLOWERS_NOUN.get(platform, "粉丝数")


@dataclass(frozen=True)
class Work:
    """The year's 政务公开 work from the register (worklog), and its items' 保密审查 records."""

    zones: tuple[int, tuple[str, ...]] = (0, ())  # 政务公开专区 standing at the year's end, levels
    demo_sites: tuple[int, tuple[str, ...]] = (0, ())  # 标准化规范化示范点, levels
    boards: int = 0  # 政务公开栏
    reading_points: int = 0  # 政府信息查阅点
    trainings: int = 0
    trained: int = 0  # people at the trainings
    meetings: int = 0  # 专题会议
    surveys: int = 0  # 调研
    survey_places: tuple[str, ...] = ()
    relaunched_month: int | None = None  # the new website went online in this month
    interpretations: tuple[tuple[str, int], ...] = ()  # (form, count) of the year's 解读
    unreviewed: int = 0  # items published in the year with no signed 保密审查


@dataclass(frozen=True)
class Facts:
    """What the drafts say, counted from the records by reports.collect."""

    agency: str
    year: int
    cells: dict[str, Cell]
    published: int = 0  # items the website published in the year
    published_parts: tuple[tuple[str, int], ...] = ()  # (label, count); they sum to `published`
    accounts: tuple[Account, ...] = ()  # 政务新媒体 with figures for the year
    work: Work = Work()
    columns: int = 0
    late_publications: int = 0  # published more than 20 working days after being written
    late_replies: int = 0
    fees_collected: int = 0  # 信息处理费, 元

    def figures(self) -> dict[str, int]:
        """Every figure a draft can link to, by key."""
        out = {
            key: int(value)
            for key, value in self.cells.items()
            if isinstance(value, int) and not key.startswith("proactive.fees")
        }
        out["published"] = self.published
        out.update({f"published.{label}": n for label, n in self.published_parts})
        for account in self.accounts:
            for name in ("issues", "posts", "followers"):
                value = getattr(account, name)
                if value is not None:
                    out[f"{account.key}.{name}"] = value
        out.update(self._work_figures())
        out["columns"] = self.columns
        out["late.publications"] = self.late_publications
        out["late.replies"] = self.late_replies
        out["fees"] = self.fees_collected
        row_totals = {
            key.removeprefix("applications.").removesuffix(".total"): int(value or 0)
            for key, value in self.cells.items()
            if key.startswith("applications.") and key.endswith(".total")
        }
        for label, prefixes in OUTCOME_GROUPS:
            out[f"outcome.{label}"] = sum(
                n for row, n in row_totals.items() if row.startswith(prefixes)
            )
        out["lawsuits"] = sum(
            int(self.cells.get(dispute_key(g, "total")) or 0) for g in DISPUTE_GROUPS[1:]
        )
        return out

    def _work_figures(self) -> dict[str, int]:
        work = self.work
        out = {
            "venues.zone": work.zones[0],
            "venues.demo": work.demo_sites[0],
            "venues.board": work.boards,
            "venues.reading": work.reading_points,
            "activities.training": work.trainings,
            "activities.trained": work.trained,
            "activities.meeting": work.meetings,
            "activities.survey": work.surveys,
            "interpretations": sum(n for _, n in work.interpretations),
            "reviewed": max(0, self.published - work.unreviewed),
            "unreviewed": work.unreviewed,
        }
        out.update({f"interpretations.{form}": n for form, n in work.interpretations})
        if self.published:
            out["reviewed.percent"] = (out["reviewed"] * 100) // self.published
        if work.relaunched_month is not None:
            out["website.relaunched"] = work.relaunched_month
        return out


# What staff read and write for a linked figure: a Chinese name, not the internal key.
_NAMED = {
    "published": "主动公开信息总数",
    "columns": "平台栏目数",
    "late.publications": "逾期公开信息数",
    "late.replies": "逾期答复申请数",
    "fees": "信息处理费金额",
    "lawsuits": "行政诉讼总数",
    "venues.zone": "政务公开专区数",
    "venues.demo": "示范点数",
    "venues.board": "政务公开栏数",
    "venues.reading": "查阅点数",
    "activities.training": "培训次数",
    "activities.trained": "参训人次",
    "activities.meeting": "专题会议次数",
    "activities.survey": "调研次数",
    "interpretations": "政策解读数",
    "reviewed": "经保密审查信息数",
    "unreviewed": "无保密审查记录信息数",
    "reviewed.percent": "经保密审查信息占比",
    "website.relaunched": "新版网站上线月份",
}
_NAMED_PREFIXES = {
    "published.": "主动公开{}数",
    "outcome.": "办理结果{}数",
    "interpretations.": "{}数",
}


def figure_name(key: str) -> str:
    """The name a linked figure goes by in the editor (`{{表三一、…：总计}}`): its table, row and
    column for a cell, a short phrase for the others; no spaces (a figure is one token)."""
    if key in _NAMED:
        return _NAMED[key]
    for prefix, pattern in _NAMED_PREFIXES.items():
        if key.startswith(prefix):
            return pattern.format(key.removeprefix(prefix))
    return "".join(cell_label(key).split())


def names_for(keys: Iterable[str]) -> dict[str, str]:
    """key → name for the figures a report can link to; a name two keys would share, or one that
    is itself a key, is not used (those keys stay as they are)."""
    named: dict[str, str] = {}
    taken: dict[str, int] = {}
    keys = list(keys)
    for key in keys:
        name = figure_name(key)
        taken[name] = taken.get(name, 0) + 1
        named[key] = name
    return {k: n for k, n in named.items() if taken[n] == 1 and n != k and n not in named}


def to_names(text: str, names: dict[str, str]) -> str:
    """The prose as staff edit it: each known figure's key replaced by its name."""
    return TOKEN.sub(lambda m: "{{" + names.get(m.group(1), m.group(1)) + "}}", text)


def to_keys(text: str, names: dict[str, str]) -> str:
    """The prose as stored: each figure's name (as `to_names` wrote it) back to its key."""
    keys = {name: key for key, name in names.items()}
    return TOKEN.sub(lambda m: "{{" + keys.get(m.group(1), m.group(1)) + "}}", text)


def fill(text: str, figures: dict[str, int]) -> str:
    """The text with each linked figure's value; an unknown one stays as written."""
    return TOKEN.sub(lambda m: str(figures.get(m.group(1), m.group(0))), text)


def unknown(text: str, figures: dict[str, int]) -> list[str]:
    return [key for key in TOKEN.findall(text) if key not in figures]


def overview(facts: Facts) -> str:
    parts = [
        _proactive(facts),
        _applications(facts),
        _management(facts),
        _platform(facts),
        _supervision(facts),
    ]
    return "\n".join(
        f"（{_NUMERALS[i]}）{title}方面\n{text}"
        for i, (title, text) in enumerate(zip(OVERVIEW_PARTS, parts, strict=True))
    )


def problems(facts: Facts) -> str:
    found: list[str] = []
    if facts.late_publications:
        found.append("有{{late.publications}}条信息未在" + IN_TIME)
    if facts.late_replies:
        found.append("有{{late.replies}}件政府信息公开申请未在法定期限内答复")
    if not found:
        return (
            f"{facts.year}年，主动公开的信息均在{IN_TIME}，"
            "政府信息公开申请均在法定期限内答复。下一步将继续提高公开质量和答复水平。"
        )
    listed = "；".join(f"{_NUMERALS[i]}是{text}" for i, text in enumerate(found))
    return (
        f"{facts.year}年，{listed}。下一步将逐条查明原因，完善审核和督办机制，按时公开、按期答复。"
    )


# The sentences the drafts write when a count is zero, and the figure that must stay zero for
# them to remain true once staff have saved the prose and the records have moved on.
ZERO_CLAIMS = (
    ("均在" + IN_TIME, "late.publications", "条信息逾期公开"),
    ("均在法定期限内答复", "late.replies", "件申请逾期答复"),
    ("未收取信息处理费", "fees", "元信息处理费已收取"),
    ("均经保密审查", "unreviewed", "条主动公开信息没有保密审查记录"),
)


def contradictions(sections: dict[str, str], figures: dict[str, int]) -> list[str]:
    """Statements in the prose that the records now contradict, in Chinese."""
    text = "\n".join(sections.values())
    return [
        f"正文称“{claim}”，但记录中有{figures[key]}{what}"
        for claim, key, what in ZERO_CLAIMS
        if claim in text and figures.get(key)
    ]


def other(facts: Facts) -> str:
    if facts.fees_collected:
        return (
            f"{facts.year}年，依据《政府信息公开信息处理费管理办法》收取信息处理费{{{{fees}}}}元。"
        )
    return f"{facts.year}年，未收取信息处理费。"


def _proactive(facts: Facts) -> str:
    work = facts.work
    text = ""
    built = [
        f"{_levels(levels)}{what}{{{{venues.{key}}}}}个"
        for key, what, (count, levels) in (
            ("zone", "政务公开专区", work.zones),
            ("demo", "标准化规范化示范点", work.demo_sites),
        )
        if count
    ]
    built += [
        f"{what}{{{{venues.{key}}}}}个"
        for key, what, count in (
            ("board", "政务公开栏", work.boards),
            ("reading", "政府信息查阅点", work.reading_points),
        )
        if count
    ]
    if built:
        text += f"推进线上线下公开，建有{'、'.join(built)}。"
    text += f"{facts.year}年，{facts.agency}在政府网站主动公开各类信息{{{{published}}}}条"
    if facts.published_parts:
        text += "，其中" + "、".join(
            f"{label}{{{{published.{label}}}}}条" for label, _ in facts.published_parts
        )
    text += "。"
    if len(work.interpretations) == 1:
        text += f"发布政策解读{{{{interpretations}}}}篇，均为{work.interpretations[0][0]}。"
    elif work.interpretations:
        forms = "、".join(
            f"{form}{{{{interpretations.{form}}}}}篇" for form, _ in work.interpretations
        )
        text += f"发布政策解读{{{{interpretations}}}}篇，其中{forms}。"
    if facts.accounts:
        text += "；".join(_account(a) for a in facts.accounts) + "。"
    return text


def _levels(levels: tuple[str, ...]) -> str:
    """县区和乡镇（街道）两级: the levels the venues stand at, as reports name them."""
    if len(levels) < 2:
        return levels[0] if levels else ""
    return f"{'和'.join(levels)}{'两三'[len(levels) - 2]}级"


def _account(account: Account) -> str:
    """“洛阳高新”微信公众号发布信息270期1223条，关注人数达到254345人"""
    key = account.key
    issues = f"{{{{{key}.issues}}}}期" if account.issues is not None else ""
    text = (
        f"“{account.name}”{account.platform}发布{account.posts_noun}{issues}{{{{{key}.posts}}}}条"
    )
    if account.followers is not None:
        text += f"，{account.followers_noun}达到{{{{{key}.followers}}}}人"
    return text


def _applications(facts: Facts) -> str:
    outcomes = "、".join(f"{label}{{{{outcome.{label}}}}}件" for label, _ in OUTCOME_GROUPS)
    timely = (
        "其中{{late.replies}}件未在法定期限内答复" if facts.late_replies else "均在法定期限内答复"
    )
    new, carried_in = t3_key("new", "total"), t3_key("carried_in", "total")
    handled, carried_out = t3_key("handled_total", "total"), t3_key("carried_out", "total")
    return (
        f"{facts.year}年，共收到政府信息公开申请{{{{{new}}}}}件，上年结转{{{{{carried_in}}}}}件；"
        f"办结{{{{{handled}}}}}件，{timely}。办理结果：{outcomes}；"
        f"结转下年度继续办理{{{{{carried_out}}}}}件。"
    )


def _management(facts: Facts) -> str:
    key = "proactive.normative_documents"
    text = (
        f"本年制发行政规范性文件{{{{{key}.issued}}}}件，废止{{{{{key}.repealed}}}}件，"
        f"年底现行有效{{{{{key}.in_force}}}}件。"
    )
    if not facts.published:
        return text
    if not facts.work.unreviewed:
        return text + f"{REVIEWED_ALL}。"
    return text + (
        "本年主动公开的{{published}}条信息中，{{reviewed}}条有保密审查记录"
        "（占{{reviewed.percent}}%），{{unreviewed}}条没有保密审查记录。"
    )


def _platform(facts: Facts) -> str:
    text = ""
    if facts.work.relaunched_month is not None:
        text = f"{facts.year}年{{{{website.relaunched}}}}月，新版网站正式上线运行。"
    return text + (
        "政府信息公开平台按照国办公开办函〔2019〕61号的要求设置{{columns}}个栏目，"
        "设有政府信息公开指南、政府信息公开制度、法定主动公开内容和政府信息公开年报。"
    )


def _supervision(facts: Facts) -> str:
    work = facts.work
    held = [
        f"{what}{{{{activities.{key}}}}}次"
        for key, what, count in (
            ("meeting", "召开专题会议", work.meetings),
            ("training", "举办培训", work.trainings),
        )
        if count
    ]
    text = ""
    if held:
        text = "、".join(held)
        if work.trained:
            text += "，参训{{activities.trained}}人次"
        text += "，加强工作人员教育培训。"
    if work.surveys:
        places = f"到{'、'.join(work.survey_places)}等地" if work.survey_places else ""
        text += f"{places}开展政府信息公开工作调研{{{{activities.survey}}}}次。"
    reviews = dispute_key(DISPUTE_GROUPS[0], "total")
    return text + (
        f"{facts.year}年，因政府信息公开被申请行政复议{{{{{reviews}}}}}件，"
        "被提起行政诉讼{{lawsuits}}件。"
    )
