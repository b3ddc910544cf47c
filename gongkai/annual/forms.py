from __future__ import annotations

from typing import Any

from django import forms

from gongkai.core.uploads import limited_upload
from gongkai.reports.render import FORMATS


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


class ExportForm(forms.Form):
    report = forms.CharField(widget=forms.HiddenInput, max_length=4_000_000)
    fmt = forms.ChoiceField(choices=[(f, f) for f in FORMATS])
