"""Forms of the 政务公开工作台账: input errors here, in Chinese; the register's rules (scope,
versions, a year told by months or as a whole) in worklog.services and worklog.media."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from gongkai.applications.forms import limit
from gongkai.core.contact import Limit
from gongkai.office.forms import _date_field, _version
from gongkai.office.publishing_forms import COUNT_MAX, COUNT_TOO_MANY, YEARS, CsvImportForm, _year
from gongkai.worklog import media
from gongkai.worklog.kinds import Platform
from gongkai.worklog.models import Account, Activity, Venue, WebsiteEvent

STALE = "这条记录已被他人修改，请刷新页面后重新填写（您填写的内容仍在下方）"
# The work the register keeps began with the 条例 (2008); an earlier date is a typing error.
EARLIEST = date(2000, 1, 1)
# Followers of one account: the largest government accounts have tens of millions; a number
# past a billion is a typing error (and would not fit the column).
FOLLOWERS_MAX = 1_000_000_000
FOLLOWERS_TOO_MANY = "粉丝或关注数不超过十亿，请核对"
ISSUES_TOO_MANY = "一年的发布期数不超过一千万，请核对"
PARTICIPANTS_MAX = 100_000
MONTHS = range(1, 13)
WHOLE_YEAR = media.WHOLE_YEAR


def _count(label: str, most: int, too_many: str, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=most,
        error_messages={
            "invalid": f"{label}应为非负整数",
            "min_value": f"{label}不能为负数",
            "max_value": too_many,
            "required": f"请填写{label}",
        },
    )


def _texts(form: forms.BaseForm, limits: dict[str, tuple[int, str]]) -> None:
    for name, (most, why) in limits.items():
        field = form.fields[name]
        limit(field, Limit(str(field.label), most, why))
        field.error_messages["required"] = f"请填写{field.label}"


class RecordForm(forms.ModelForm[Any]):
    """A record of one of the registers: the agency among the user's, the version the page
    showed, dates within reason, lengths and numbers refused in Chinese."""

    version = _version(required=False)
    TEXTS: dict[str, tuple[int, str]] = {}
    PAST: tuple[str, ...] = ()  # dates that cannot be after today: what has happened

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["agency"].error_messages["required"] = "请选择机关"
        if not self.instance.pk and len(agencies) == 1:
            self.initial["agency"] = agencies[0].pk  # the instance's (empty) value otherwise
        self.fields["version"].initial = self.instance.version
        _texts(self, self.TEXTS)
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField) and name != "agency":
                field.error_messages["required"] = f"请选择{field.label}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk and data.get("version") not in (None, self.instance.version):
            raise forms.ValidationError(STALE)
        today = timezone.localdate()
        for name, field in self.fields.items():
            value = data.get(name)
            if not isinstance(value, date):
                continue
            if value < EARLIEST:
                self.add_error(name, f"{field.label}不能早于{EARLIEST:%Y年}")
            elif name in self.PAST and value > today:
                self.add_error(name, f"{field.label}不能晚于今天")
            elif value.year > YEARS[-1]:
                self.add_error(name, f"{field.label}不能晚于{YEARS[-1]}年")
        return data

    def _not_before(self, data: dict[str, Any], later: str, earlier: str) -> None:
        first, second = data.get(earlier), data.get(later)
        if first and second and second < first:
            label, other = self.fields[later].label, self.fields[earlier].label
            self.add_error(later, f"{label}不能早于{other}")


class ActivityForm(RecordForm):
    held_on = _date_field("日期")
    participants = _count("参加人数", PARTICIPANTS_MAX, "参加人数不超过十万人，请核对")
    TEXTS = {
        "topic": (200, "写明培训、会议或调研的主题即可"),
        "place": (200, "写明地点即可"),
        "findings": (5000, "写明要点，详细内容请作为材料上传"),
    }
    PAST = ("held_on",)

    class Meta:
        model = Activity
        fields = ["agency", "kind", "held_on", "topic", "place", "participants", "findings"]
        widgets = {"findings": forms.Textarea(attrs={"rows": 5})}


class VenueForm(RecordForm):
    opened_on = _date_field("建成日期")
    closed_on = _date_field("撤销日期", required=False, help_text="仍在使用的留空")
    TEXTS = {"name": (100, "写明名称即可"), "address": (200, "写到门牌号或所在单位即可")}
    PAST = ("opened_on",)

    class Meta:
        model = Venue
        fields = ["agency", "kind", "name", "level", "address", "opened_on", "closed_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._not_before(data, "closed_on", "opened_on")
        return data


class WebsiteEventForm(RecordForm):
    happened_on = _date_field("日期")
    TEXTS = {"description": (300, "写明要点即可")}
    PAST = ("happened_on",)

    class Meta:
        model = WebsiteEvent
        fields = ["agency", "kind", "happened_on", "description"]


class AccountForm(RecordForm):
    opened_on = _date_field("开设日期", required=False)
    closed_on = _date_field("关停日期", required=False, help_text="仍在运营的留空")
    filed_on = _date_field(
        "备案日期", required=False, help_text="在全国政务新媒体信息报送系统备案的日期"
    )
    last_posted_on = _date_field("最近更新日期", required=False)
    TEXTS = {
        "name": (100, "按平台上显示的账号名称填写"),
        "sponsor": (100, "写明主办单位的全称即可"),
    }
    PAST = ("opened_on", "filed_on", "last_posted_on")

    class Meta:
        model = Account
        fields = ["agency", "platform", "name", "sponsor", "opened_on", "closed_on", "filed_on",
                  "last_posted_on"]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._not_before(data, "closed_on", "opened_on")
        self._not_before(data, "last_posted_on", "opened_on")
        return data


class MaterialForm(forms.Form):
    title = forms.CharField(
        label="材料名称",
        max_length=100,
        error_messages={"required": "请填写材料名称"},
        help_text="如 培训课件、会议纪要、调研报告",
    )
    file = forms.FileField(
        label="文件（PDF、DOCX、XLSX、JPG、PNG）", error_messages={"required": "请选择文件"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _texts(self, {"title": (100, "写明材料名称即可")})


class ConfirmForm(forms.Form):
    """Deleting needs a tick: an empty or mistaken post deletes nothing."""

    confirm = forms.BooleanField(
        label="确认删除",
        error_messages={"required": "请先勾选“确认删除”，再点删除"},
    )


# --- 政务新媒体: a year's figures, and their import -------------------------------------------------


def period_name(month: int) -> str:
    return "全年合计" if month == WHOLE_YEAR else f"{month}月"


class FiguresForm(forms.Form):
    """An account's year: a row per month (blank = not entered; cleared = removed), and the
    whole-year row where the year holds one. A row's figures: 期数, 条数, 粉丝或关注数, 数据来源."""

    year = forms.IntegerField(widget=forms.HiddenInput, label="年度")  # an empty post: invalid

    def __init__(self, *args: Any, held: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held = held  # month → the stored AccountFigure
        self.months = ([WHOLE_YEAR] if WHOLE_YEAR in held else []) + list(MONTHS)
        for month in self.months:
            name, figure = period_name(month), held.get(month)
            fields = {
                "issues": _count(f"{name}期数", COUNT_MAX, ISSUES_TOO_MANY),
                "posts": _count(f"{name}发布条数", COUNT_MAX, COUNT_TOO_MANY),
                "followers": _count(f"{name}粉丝或关注数", FOLLOWERS_MAX, FOLLOWERS_TOO_MANY),
                "source": forms.CharField(label=f"{name}数据来源", required=False),
            }
            limit(fields["source"], Limit(f"{name}数据来源", 200, "写明来源即可"))
            for key, field in fields.items():
                field.initial = getattr(figure, key) if figure else None
                self.fields[f"m{month}_{key}"] = field

    def rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        keys = ("issues", "posts", "followers", "source")
        return [(m, [self[f"m{m}_{k}"] for k in keys]) for m in self.months]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = set()
        for month in self.months:
            values = [data.get(f"m{month}_{k}") for k in ("issues", "posts", "followers")]
            if all(v is None for v in values) and not data.get(f"m{month}_source"):
                continue
            filled.add(month)
            if data.get(f"m{month}_posts") is None and f"m{month}_posts" not in self.errors:
                self.add_error(f"m{month}_posts", f"请填写{period_name(month)}发布条数")
        if WHOLE_YEAR in filled and filled - {WHOLE_YEAR}:
            # Said as the register says it (media.mixing): the way the year was told first wins.
            first = sorted(filled - {WHOLE_YEAR})[0]
            why = (
                media.mixing({WHOLE_YEAR}, first)
                if WHOLE_YEAR in self.held
                else media.mixing(filled - {WHOLE_YEAR}, WHOLE_YEAR)
            )
            self.add_error(None, why or "全年合计与逐月数据不能同时登记")
        self.filled = filled
        return data

    def entries(self) -> dict[int, tuple[int, int | None, int | None, str] | None]:
        """month → (posts, issues, followers, source), or None for a held month now cleared."""
        data = self.cleaned_data
        out: dict[int, tuple[int, int | None, int | None, str] | None] = {}
        for month in self.months:
            if month in self.filled:
                out[month] = (
                    data[f"m{month}_posts"],
                    data.get(f"m{month}_issues"),
                    data.get(f"m{month}_followers"),
                    data.get(f"m{month}_source") or "",
                )
            elif month in self.held:
                out[month] = None
        return out


def _number(text: str, label: str, most: int, too_many: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{label}“{text}”应为非负整数")
    if int(text) > most:
        raise ValueError(too_many)
    return int(text)


class AccountFiguresImportForm(CsvImportForm):
    """账号名称,年度,月份,期数,发布条数,粉丝数,数据来源: an account of the chosen agency by its
    name; 月份 1–12, or 0 / 全年 for the whole year."""

    agency = forms.ModelChoiceField(
        label="机关", queryset=Account.objects.none(), error_messages={"required": "请选择机关"}
    )
    file = forms.FileField(
        label="CSV 或 Excel 文件",
        help_text="列：账号名称,年度,月份,期数,发布条数,粉丝数,数据来源；"
        "月份填 1 至 12，全年合计填 0 或“全年”；第一行可为列名",
        error_messages={"required": "请选择文件"},
    )
    COLUMNS = 7
    YEAR_COLUMN = 1

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0]
        self._seen: dict[tuple[int, int], set[int]] = {}  # (account, year) → months in the file
        self._stored: dict[tuple[int, int], set[int]] = {}  # … and in the register
        self._accounts: dict[str, list[Account]] | None = None

    def _named(self, name: str) -> list[Account]:
        if self._accounts is None:
            self._accounts = {}
            for account in Account.objects.filter(agency=self.cleaned_data["agency"]):
                self._accounts.setdefault(account.name, []).append(account)
        return self._accounts.get(name, [])

    def parse(self, cells: list[str]) -> tuple[Any, ...]:
        name, year_text, month_text, issues_text, posts_text, followers_text, source = cells
        if not name:
            raise ValueError("请填写账号名称")
        found = self._named(name)
        if not found:
            raise ValueError(f"本机关没有名为“{name}”的政务新媒体账号，请先登记账号")
        if len(found) > 1:
            platforms = "、".join(Platform(a.platform).label for a in found)
            raise ValueError(f"名为“{name}”的账号有多个（{platforms}），请修改其中一个的名称")
        account, year = found[0], _year(year_text)
        month_text = "0" if month_text in ("全年", "全年合计") else month_text.removesuffix("月")
        if not month_text.isdigit() or int(month_text) > 12:
            raise ValueError(f"月份“{month_text}”应为 1 至 12，全年合计填 0 或“全年”")
        month = int(month_text)
        if not posts_text:
            raise ValueError("请填写发布条数")
        posts = _number(posts_text, "发布条数", COUNT_MAX, COUNT_TOO_MANY)
        issues = _number(issues_text, "期数", COUNT_MAX, ISSUES_TOO_MANY)
        followers = _number(followers_text, "粉丝数", FOLLOWERS_MAX, FOLLOWERS_TOO_MANY)
        if len(source) > 200:
            raise ValueError("数据来源最多200个字")
        seen = self._seen.setdefault((account.pk, year), set())
        if month in seen:
            raise ValueError(f"{account} {year}年{period_name(month)}的数据在文件中出现了两次")
        stored = self._stored.get((account.pk, year))
        if stored is None:
            months = account.figures.filter(year=year).values_list("month", flat=True)
            stored = self._stored[account.pk, year] = set(months)
        why = media.mixing(stored | seen, month)
        if why:
            raise ValueError(f"{account} {year}年：{why}")
        seen.add(month)
        return account, year, month, posts, issues, followers, source or "导入"
