from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from gongkai.applications.forms import ApplicantForm, limit
from gongkai.applications.models import Application
from gongkai.applications.services.online import CORRECTION_FILES_MAX, CORRECTION_TEXT_MAX
from gongkai.core import contact
from gongkai.core.uploads import limited_upload
from gongkai.orgs.models import Agency

__all__ = ["ApplicantForm", "ApplyForm", "CorrectionForm", "TrackForm"]

# What an applicant may write about the information wanted, and why no more: core.contact.
DESCRIPTION_MAX = contact.DESCRIPTION.most


class ApplyForm(forms.ModelForm[Application]):
    agency = forms.ModelChoiceField(
        label="向哪个机关申请", queryset=Agency.objects.active(), empty_label="请选择"
    )
    confirm = forms.BooleanField(
        label="我确认所填信息真实，知悉申请人信息仅用于办理本申请",
        required=True,
        error_messages={"required": "请确认后提交"},
    )

    class Meta:
        model = Application
        fields = ["agency", "description", "form_requested", "delivery_requested"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX})}
        help_texts = {
            "description": "请写明所需信息的名称、文号或便于查询的其他特征，一件申请尽量只涉及一项信息"
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self.fields["description"], contact.DESCRIPTION)
        self.fields["form_requested"].widget = forms.Select(
            choices=[("", "请选择"), ("纸质", "纸质"), ("电子", "电子文档"), ("其他", "其他")]
        )
        self.fields["delivery_requested"].widget = forms.Select(
            choices=[
                ("", "请选择"),
                ("邮寄", "邮寄"),
                ("电子邮件", "电子邮件"),
                ("自行领取", "自行领取"),
                ("网上获取", "网上获取"),
            ]
        )


class TrackForm(forms.Form):
    tracking_code = forms.CharField(label="跟踪码", max_length=20)
    check_code = forms.CharField(
        label="查询码",
        max_length=40,
        widget=forms.PasswordInput(render_value=True),
        help_text="不区分大小写，可不输入连字符；此前取得的6位数字查询码继续有效",
    )


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    widget = _MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(_MultipleFileField, self).clean(f, initial) for f in files]


class CorrectionForm(forms.Form):
    """Answering a 补正 notice online: what was unclear, in words, and files. Each file's size is
    refused from its size alone here; its type and content are checked by the service
    (applications.services.online, core.uploads.read_upload) before anything is kept."""

    text = forms.CharField(
        label="补正内容",
        required=False,
        max_length=CORRECTION_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": CORRECTION_TEXT_MAX}),
        help_text=f"请按补正告知书的要求说明，不超过{CORRECTION_TEXT_MAX}字",
    )
    attachments = _MultipleFileField(
        label="补正材料（附件）",
        required=False,
        help_text=(
            f"可选，最多{CORRECTION_FILES_MAX}个，PDF、DOCX、XLSX、JPG、PNG 格式，"
            f"每个不超过 {settings.ATTACHMENT_MAX_BYTES // 1048576} MB"
        ),
    )

    def clean_attachments(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("attachments") or []
        if len(files) > CORRECTION_FILES_MAX:
            raise forms.ValidationError(f"附件最多{CORRECTION_FILES_MAX}个")
        return [limited_upload(f, settings.ATTACHMENT_MAX_BYTES) for f in files]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("text") or "").strip() and not data.get("attachments"):
            raise forms.ValidationError("请填写补正内容或上传补正材料")
        return data
