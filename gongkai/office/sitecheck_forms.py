"""Forms of the website self-check: a rectification task from a finding, a waiver, a term."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.office.forms import NAMES, _note, _version
from gongkai.orgs.models import Agency, Membership
from gongkai.sitecheck.models import SensitiveTerm

DEFAULT_DAYS = 10


class TaskForm(forms.Form):
    owner = forms.ModelChoiceField(
        label="责任人",
        queryset=User.objects.none(),
        error_messages={"required": "请选择责任人"},
        widget=forms.Select(attrs=NAMES),
    )
    due_on = forms.DateField(
        label="整改期限",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写整改期限", "invalid": "请填写有效的日期"},
    )
    note = _note("整改要求", required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = Membership.objects.filter(agency=agency).values("user_id")
        self.fields["owner"].queryset = User.objects.filter(pk__in=staff).order_by("username")  # type: ignore[attr-defined]
        self.fields["due_on"].initial = timezone.localdate() + timedelta(days=DEFAULT_DAYS)

    def clean_due_on(self) -> Any:
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise forms.ValidationError("整改期限不能早于今天")
        return due


class WaiveForm(forms.Form):
    reason = _note("豁免理由")
    version = _version()


class TermForm(forms.ModelForm[SensitiveTerm]):
    class Meta:
        model = SensitiveTerm
        fields = ["term", "note", "source"]
        error_messages = {
            "term": {"required": "请填写词语"},
            "source": {"required": "请注明词表来源"},
        }
