"""Reading a State Council holiday notice: pasted as published (《国务院办公厅关于2026年部分节假日
安排的通知》, any year's wording), or typed one range or day per line.

Published wordings read here, one numbered item per holiday (the weekday and lunar dates in
brackets are ignored; each clause is read on its own):
    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    一、元旦：1月1日放假，1月2日（星期一）补休。
    四、劳动节：5月1日放假，与周末连休。
    六、中秋节、国庆节：10月1日至8日放假调休，共8天。9月30日（星期六）上班。
    一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。
A clause naming 上班 gives make-up working days; any other clause with 放假, 补休 or 调休 gives
days off. Days outside the notice's year are reported, not loaded (they belong to the
neighbouring year's arrangement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.reports.parse import normalize

_LINE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|到|~|－|-{1,2}|—)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*(.*)$"
)
_NUMBER = re.compile(r"国\s*办\s*发\s*明\s*电\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,3}\s*号")
_TITLE = re.compile(r"(?:国务院办公厅)?关于\s*(\d{4})\s*年\s*部分\s*节假日\s*安排的\s*通知")
_ITEM = re.compile(r"(?:^|(?<=[。\n]))\s*[一二三四五六七八九十]+\s*[、.．]\s*([^：:\n]{1,40})[：:]")
_DAY_TOKEN = re.compile(r"(?:(\d{4})\s*年)?\s*(?:(\d{1,2})\s*月)?\s*(\d{1,2})\s*日")
_RANGE_WORDS = {"至", "到", "-", "—", "－", "～", "~", "至次年"}
_PARENTHESES = re.compile(r"[(（][^()（）]*[)）]")  # （周四）, （农历腊月二十八、周日）
_REST = ("放假", "补休", "调休")
LONGEST_TEXT = 20_000  # a notice is under 2,000 characters
LONGEST_RANGE = 15  # no holiday in any notice lasts longer (2020's extended 春节: 10 days)


@dataclass
class Notice:
    """What a notice says for its year."""

    year: int
    title: str = ""
    holidays: list[tuple[date, str]] = field(default_factory=list)
    makeup: list[tuple[date, str]] = field(default_factory=list)
    # Days of another year the notice names (a 元旦 reaching back into December): not loaded.
    outside_holidays: list[date] = field(default_factory=list)
    outside_makeup: list[date] = field(default_factory=list)

    @property
    def outside(self) -> list[date]:
        return sorted({*self.outside_holidays, *self.outside_makeup})


def parse_notice(text: str, year: int | None = None) -> Notice:
    """The days a published notice names. `year`: the notice's year when its title is not
    pasted (the title's year wins otherwise). Raises ValueError with a Chinese message."""
    if len(text) > LONGEST_TEXT:
        raise ValueError(f"粘贴的内容过长（超过{LONGEST_TEXT}字），请只粘贴通知本身")
    text = _plain(text)
    titled = _TITLE.search(text)
    year = int(titled.group(1)) if titled else year
    if year is None:
        raise ValueError(
            "无法确定通知的年度：请粘贴通知标题（如“国务院办公厅关于2027年部分节假日安排的通知”）或填写年度"
        )
    items = list(_ITEM.finditer(text))
    if not items:
        raise ValueError("没有找到“一、元旦：……”这样的条目：请粘贴通知全文，或按行填写日期")
    title = _squeezed(titled.group(0)) if titled else ""
    numbered = _NUMBER.search(text)
    if title and numbered:
        title += f"（{_squeezed(numbered.group(0))}）"
    notice = Notice(year, title)
    seen: dict[date, str] = {}
    for index, item in enumerate(items):
        name = re.sub(r"\s+", "", item.group(1))
        end = items[index + 1].start() if index + 1 < len(items) else len(text)
        body = text[item.end() : end].split("\n\n")[0]
        for clause in re.split(r"[。；;，,\n]", _PARENTHESES.sub("", body)):
            working = "上班" in clause
            if not working and not any(word in clause for word in _REST):
                continue
            for day in _days(clause, year, name):
                kind = "上班" if working else "放假"
                if seen.get(day, kind) != kind:
                    raise ValueError(f"{day.isoformat()}在通知中既放假又上班，请核对")
                seen[day] = kind
                if day.year != year:
                    (notice.outside_makeup if working else notice.outside_holidays).append(day)
                elif working:
                    notice.makeup.append((day, f"{name}调休上班"))
                else:
                    notice.holidays.append((day, name))
    if not notice.holidays:
        raise ValueError("通知中没有读到放假日期，请核对粘贴的内容")
    notice.holidays = _unique(notice.holidays)
    notice.makeup = _unique(notice.makeup)
    notice.outside_holidays = sorted(set(notice.outside_holidays))
    notice.outside_makeup = sorted(set(notice.outside_makeup))
    return notice


def _plain(text: str) -> str:
    text = normalize.text(text).replace("\r\n", "\n").replace("\r", "\n")
    if normalize.is_traditional(text) or re.search("[節勞慶節調]", text):
        text = normalize.simplified(text)
    return text.replace("\u3000", " ")


def _days(clause: str, year: int, name: str) -> list[date]:
    """Every day a clause names: 2月20日、21日 (the month carried over), 1月1日至3日 (a range;
    the end takes the start's month and year unless it names its own; 12月30日至1月1日 runs into
    the next year)."""
    days: list[date] = []
    previous: date | None = None
    previous_end = 0
    for match in _DAY_TOKEN.finditer(clause):
        year_text, month_text, day_text = match.groups()
        if month_text is None and previous is None:
            continue  # "3日" with no month before it: not a date of this notice
        base = previous or date(year, 1, 1)
        day_year = int(year_text) if year_text else base.year
        month = int(month_text) if month_text else base.month
        current = _date(day_year, month, int(day_text), name)
        joined = clause[previous_end : match.start()].strip()
        if previous is not None and joined in _RANGE_WORDS:
            if current < previous and not year_text:  # 12月30日至1月1日
                current = _date(day_year + 1, month, int(day_text), name)
            if not timedelta(0) < current - previous <= timedelta(days=LONGEST_RANGE):
                raise ValueError(
                    f"“{name}”的日期范围{previous.month}月{previous.day}日至{match.group(0)}不合理，请核对"
                )
            days += [previous + timedelta(days=n) for n in range(1, (current - previous).days + 1)]
        else:
            days.append(current)
        previous, previous_end = current, match.end()
    return days


def _date(year: int, month: int, day: int, name: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"“{name}”中的日期{month}月{day}日无效，请核对") from None


def _squeezed(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _unique(days: list[tuple[date, str]]) -> list[tuple[date, str]]:
    return sorted(dict(days).items())


def parse_lines(text: str, *, ranges: bool) -> list[tuple[date, str]]:
    """Days typed one per line (`2027-01-01 至 2027-01-03 元旦`, `2027-02-07 春节调休上班`)."""
    days: list[tuple[date, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(
                f"第{number}行“{line}”无法识别，应为“2027-01-01 至 2027-01-03 元旦”或“2027-02-07 调休上班”"
            )
        try:
            first = date.fromisoformat(_pad(match.group(1)))
            last = date.fromisoformat(_pad(match.group(2))) if match.group(2) else first
        except ValueError as exc:
            raise ValueError(f"第{number}行的日期无效") from exc
        if match.group(2) and not ranges:
            raise ValueError(f"第{number}行：调休上班日请逐日填写")
        if last < first or (last - first).days > LONGEST_RANGE:
            raise ValueError(f"第{number}行的日期范围不合理")
        name = match.group(3).strip() or ("放假" if ranges else "调休上班")
        days += [(first + timedelta(days=n), name) for n in range((last - first).days + 1)]
    return days


def _pad(value: str) -> str:
    year, month, day = value.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"
