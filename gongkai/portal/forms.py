from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from gongkai.applications.forms import ApplicantForm
from gongkai.applications.models import Application
from gongkai.orgs.models import Agency

__all__ = ["ApplicantForm", "ApplyForm", "TrackForm"]

# What an applicant may write about the information wanted: a real request names a document or
# a few (a few hundred characters); a long list of documents still fits.
DESCRIPTION_MAX = 10_000


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
        self.fields["description"].validators.append(MaxLengthValidator(DESCRIPTION_MAX))
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
