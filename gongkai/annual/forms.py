from __future__ import annotations

from typing import Any

from django import forms

from gongkai.core.findings import Finding
from gongkai.core.uploads import limited_upload
from gongkai.reports.parse import UnreadableDocument
from gongkai.reports.render import FORMATS
from gongkai.reports.safe import check_file, parse_file
from gongkai.reports.tables import ReportData


class CheckForm(forms.Form):
    file = forms.FileField(
        label="报告文件",
        required=False,
        help_text="支持 PDF、Word（DOCX）、网页（HTML）、纯文本、Markdown 和 JSON",
    )
    text = forms.CharField(
        label="或粘贴报告全文", required=False, widget=forms.Textarea, max_length=2_000_000
    )
    previous = forms.FileField(
        label="上一年度报告（可选）",
        required=False,
        help_text="同一机关上一年度的报告，用于核对结转数、现行有效件数等跨年度关系",
    )

    def clean_file(self) -> Any:
        return limited_upload(self.cleaned_data.get("file"))

    def clean_previous(self) -> Any:
        return limited_upload(self.cleaned_data.get("previous"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "file" in self.errors:  # a file came, and was refused: that is the one message
            return data
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请选择一个报告文件，或粘贴报告全文。", code="empty")
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError("请只选择一种方式：上传文件或粘贴全文。", code="both")
        return data

    def document(self) -> tuple[bytes, str]:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"].encode("utf-8"), "粘贴的文本.txt"

    def checked(self) -> tuple[ReportData, list[Finding], str]:
        """The report as read and its findings (against last year's, when given), and the
        document's name; in bounded workers. Raises Unreadable naming the field at fault."""
        previous = None
        if upload := self.cleaned_data.get("previous"):
            try:
                previous, _ = parse_file(upload.read(), upload.name)
            except UnreadableDocument as exc:
                raise Unreadable("previous", f"无法读取上一年度报告：{exc.reason}") from None
        data, name = self.document()
        try:
            report, findings = check_file(data, name, previous)
        except UnreadableDocument as exc:
            field = "file" if self.cleaned_data.get("file") else "text"
            raise Unreadable(field, f"无法读取：{exc.reason}") from None
        return report, findings, name


class Unreadable(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class ExportForm(forms.Form):
    report = forms.CharField(widget=forms.HiddenInput, max_length=4_000_000)
    fmt = forms.ChoiceField(choices=[(f, f) for f in FORMATS])
