"""Forms for 主动公开 in the back office: input errors here, in Chinese; rules in services."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe

from gongkai.applications.forms import limit
from gongkai.core import contact, sheets
from gongkai.core.uploads import limited_upload
from gongkai.office.forms import DATE_WIDGET, _date_field, _note, _version
from gongkai.publishing import index_numbers, platform
from gongkai.publishing.models import (
    Column,
    FigureItem,
    InterpretationForm,
    NormativeDocument,
    Publication,
    PublishingSettings,
    Validity,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class PublicationForm(forms.Form):
    column = forms.ModelChoiceField(label="栏目", queryset=Column.objects.none())
    title = forms.CharField(label="标题", max_length=200)
    publisher = forms.CharField(label="发布机构", max_length=100)
    written_on = _date_field("成文日期")
    doc_number = forms.CharField(label="文号", max_length=60, required=False)
    topic = forms.ChoiceField(label="主题分类", choices=[(t, t) for t in platform.TOPICS])
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    valid_from = _date_field("生效日期", required=False)
    invalid_on = _date_field("废止或失效日期", required=False)
    interprets = forms.ModelChoiceField(
        label="解读的文件（政策解读填写）", queryset=Publication.objects.none(), required=False
    )
    interpretation_form = forms.ChoiceField(
        label="解读形式（政策解读填写）",
        choices=[("", "—"), *InterpretationForm.choices],
        required=False,
    )
    body = limit(
        forms.CharField(
            label="正文",
            required=False,
            widget=forms.Textarea(attrs={"rows": 16}),
            help_text="可使用段落、加粗、列表、表格、链接；其他格式和脚本会被清除",
        ),
        contact.BODY,
    )
    uploads = MultipleFileField(
        label="附件", required=False, help_text="PDF、DOCX、XLSX、JPG、PNG，可多选"
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = Column.objects.filter(agency__in=agencies).select_related(  # type: ignore[attr-defined]
            "agency"
        )
        self.fields["interprets"].queryset = Publication.objects.filter(  # type: ignore[attr-defined]
            agency__in=agencies, column__column_class=platform.NOTICE
        ).only("pk", "title")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("validity") != Validity.VALID and not data.get("invalid_on"):
            self.add_error("invalid_on", "废止或失效的文件须填写废止或失效日期")
        written = data.get("written_on")
        if written and written > timezone.localdate():
            self.add_error("written_on", "成文日期不能晚于今天")
        return data


class ActionForm(forms.Form):
    version = _version()
    note = _note("意见或理由", rows=3, required=False)
    publish_at = forms.DateTimeField(
        label="定时发布（留空为立即发布）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": "请输入有效的日期和时间，如 2026-12-01 09:00"},
    )
    confirm_personal_data = forms.BooleanField(
        label="我已核实，以上个人信息依法可以公开", required=False
    )


class NormativeForm(forms.ModelForm[NormativeDocument]):
    issued_on = _date_field("制发日期")
    amended_on = _date_field("最近修订日期", required=False)
    ended_on = _date_field("废止或失效日期", required=False)

    class Meta:
        model = NormativeDocument
        fields = ["agency", "kind", "title", "doc_number", "issued_on", "amended_on", "ended_on",
                  "end_kind", "note"]  # fmt: skip

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ended, kind, issued = data.get("ended_on"), data.get("end_kind"), data.get("issued_on")
        if bool(ended) != bool(kind):
            self.add_error("end_kind", "废止或失效日期与终止方式须同时填写")
        if ended and issued and ended < issued:
            self.add_error("ended_on", "废止或失效日期不能早于制发日期")
        return data


class FiguresForm(forms.Form):
    """Article 20(5)(6)(8) figures of one year, each with where it came from."""

    def __init__(self, *args: Any, initial_values: dict[str, tuple[Any, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for item in FigureItem:
            value, source = initial_values.get(item.value, (None, ""))
            self.fields[f"{item.value}_value"] = forms.DecimalField(
                label=item.label,
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=4,
                initial=value,
                error_messages={"invalid": "请输入数字（收费金额以万元为单位，最多4位小数）"},
            )
            self.fields[f"{item.value}_source"] = forms.CharField(
                label=f"{item.label} 的数据来源", required=False, max_length=200, initial=source
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for item in FigureItem:
            value = data.get(f"{item.value}_value")
            if value is not None and not data.get(f"{item.value}_source"):
                self.add_error(f"{item.value}_source", "请注明数据来源（如审批系统导出、执法台账）")
            if value is not None and item != FigureItem.FEES and value != value.to_integral():
                self.add_error(f"{item.value}_value", "处理决定数量应为整数")
        return data


# A year's items on one channel: even a daily-updated account stays far below this; a larger
# number is a typing error (and would not fit the column).
COUNT_MAX = 10_000_000
COUNT_TOO_MANY = "一年的发布条数不超过一千万，请核对"
YEARS = range(2008, 2101)  # 条例 in force since 2008; the calendar's last year


def _year(text: str) -> int:
    if not text.isdigit() or int(text) not in YEARS:
        raise ValueError(f"年度“{text}”应为2008至2100年之间的年份")
    return int(text)


def _cell(value: Any) -> str:
    """A cell as text: a spreadsheet's whole number (2025.0) as it was typed (2025)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class CsvImportForm(forms.Form):
    """A CSV (UTF-8 or GBK) or XLSX of COLUMNS columns, header optional (a first line whose
    YEAR_COLUMN is not a number); every bad line is reported, and nothing is imported unless every
    line is good."""

    file = forms.FileField(label="CSV 文件")
    MAX_ROWS = 10_000
    COLUMNS = 4
    YEAR_COLUMN = 0  # a header line has words where a data line has the year

    def clean_file(self) -> Any:
        return limited_upload(self.cleaned_data.get("file"))

    # Set by each kind of import: one line's COLUMNS cells to a row, or ValueError in Chinese.
    parse: Callable[[list[str]], tuple[Any, ...]]

    def store_all(self, store: Callable[..., object]) -> int | None:
        """Stores every row in one transaction and returns how many; None (with the reasons on
        the form) when any line is bad."""
        try:
            rows = self.rows()
        except forms.ValidationError as error:
            self.add_error("file", error)
            return None
        with transaction.atomic():
            for row in rows:
                store(*row)
        return len(rows)

    def rows(self) -> list[tuple[Any, ...]]:
        try:
            upload = self.cleaned_data["file"]
            lines = sheets.rows(upload.read(), upload.name or "", self.MAX_ROWS)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        if len(lines) > self.MAX_ROWS:
            raise forms.ValidationError(f"一次最多导入{self.MAX_ROWS}行")
        out, errors = [], []
        for number, raw in enumerate(lines, start=1):
            row = [*(_cell(cell) for cell in raw), *[""] * self.COLUMNS][: self.COLUMNS]
            if not any(row) or (number == 1 and not row[self.YEAR_COLUMN].isdigit()):
                continue
            try:
                out.append(self.parse(row))
            except (ValueError, InvalidOperation) as error:
                errors.append(f"第{number}行：{error if str(error) else '格式不正确'}")
        if errors:
            raise forms.ValidationError(errors[:20])
        if not out:
            raise forms.ValidationError("文件中没有数据行")
        return out


class FiguresImportForm(CsvImportForm):
    file = forms.FileField(
        label="CSV 文件",
        # The keys are what a file may hold, literally: set as code, not as words.
        help_text=mark_safe(
            "列：年度,事项,数值,数据来源；事项为中文名称（如 行政许可），或代码 "
            + "、".join(f'<code translate="no">{item.value}</code>' for item in FigureItem)
        ),
    )
    NAMES = {item.value: item.value for item in FigureItem} | {
        item.label.split("（")[0]: item.value for item in FigureItem
    }

    @staticmethod
    def parse(cells: list[str]) -> tuple[Any, ...]:
        year, item, value, source = cells
        if item not in FiguresImportForm.NAMES:
            raise ValueError(f"事项“{item}”不认识")
        amount = Decimal(value)
        if amount < 0:
            raise ValueError("数值不能为负数")
        if amount >= 10**10:  # the column: 14 digits, 4 of them decimals
            raise ValueError("数值过大（整数部分最多10位）")
        return _year(year), FiguresImportForm.NAMES[item], amount, source or "CSV 导入"


DATE_INPUT = DATE_WIDGET


class SettingsForm(forms.ModelForm[PublishingSettings]):
    class Meta:
        model = PublishingSettings
        fields = ["review_levels", "agency_code", "index_rule"]
        help_texts = {
            "index_rule": mark_safe(
                '可用 <code translate="no">{agency}</code>（机构代码）'
                '<code translate="no">{category}</code>（栏目类别代码）'
                '<code translate="no">{year}</code>（年份）'
                '<code translate="no">{seq:05d}</code>（五位序号，必填）'
            )
        }

    def clean_index_rule(self) -> str:
        try:
            return index_numbers.validate(self.cleaned_data["index_rule"])
        except index_numbers.RuleError as error:
            raise forms.ValidationError(str(error)) from error


class ColumnForm(forms.ModelForm[Column]):
    class Meta:
        model = Column
        fields = ["name", "slug", "parent", "column_class", "category", "update_days", "order"]
        help_texts = {
            "slug": mark_safe(
                "用于网址，由英文字母、数字或连字符组成，在本机关内唯一，如"
                ' <code translate="no">tzgg</code>（通知公告的拼音首字母）'
            )
        }

    # Days between updates that the agency sets itself (stricter than the inspectors'): at most a
    # year; the order of a column among its siblings.
    update_days = forms.IntegerField(
        label="更新周期（天）",
        required=False,
        min_value=1,
        max_value=366,
        help_text="本机关规定更严时填写",
        error_messages={"max_value": "更新周期最长366天", "min_value": "更新周期至少1天"},
    )
    order = forms.IntegerField(
        label="排序",
        initial=0,
        min_value=0,
        max_value=9999,
        error_messages={"max_value": "排序号最大为9999"},
    )

    def __init__(self, *args: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.instance.agency = agency
        self.fields["parent"].queryset = Column.objects.filter(agency=agency)  # type: ignore[attr-defined]
        self.fields["parent"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slug = data.get("slug")
        taken = Column.objects.filter(agency=self.agency, slug=slug).exclude(pk=self.instance.pk)
        if slug and taken.exists():
            self.add_error("slug", "本机关已有这个代码的栏目")
        parent = data.get("parent")
        self.instance.section = parent.section if parent else platform.OWN
        return data
