"""The disputes register's forms: the rules (disputes.rules) give the Chinese errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from gongkai.applications.forms import limit
from gongkai.applications.models import Application
from gongkai.core import contact
from gongkai.disputes import rules
from gongkai.disputes.models import Dispute, Kind
from gongkai.office.forms import NAMES, _date_field, _version


class DisputeForm(forms.ModelForm[Dispute]):
    filed_on = _date_field("申请复议或起诉日期")
    decided_on = _date_field("审结日期", required=False)
    version = _version(required=False)

    class Meta:
        model = Dispute
        fields = ["agency", "kind", "body", "case_number", "applicant", "application", "follows",
                  "filed_on", "decided_on", "stage", "result", "summary"]  # fmt: skip

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["application"].queryset = Application.objects.filter(  # type: ignore[attr-defined]
            agency__in=agencies
        ).order_by("-received_on")
        self.fields["application"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: f"{a.tracking_code} {a.received_on:%Y-%m-%d}"
        )
        self.fields["application"].widget.attrs.update(NAMES)  # tracking codes
        self.fields["follows"].queryset = Dispute.objects.filter(  # type: ignore[attr-defined]
            agency__in=agencies, kind=Kind.RECONSIDERATION
        ).exclude(pk=self.instance.pk)
        self.fields["version"].initial = self.instance.version
        limit(self.fields["summary"], contact.NOTE.named("案情和结果摘要"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk and data.get("version") not in (None, self.instance.version):
            raise forms.ValidationError("这条记录已被他人修改，请刷新页面后重新填写")
        if not all(data.get(k) for k in ("kind", "filed_on", "result")):
            return data
        follows = data.get("follows")
        record = rules.Record(
            data["kind"], data["filed_on"], data.get("decided_on"), data["result"]
        )
        for problem in rules.problems(
            record, follows.record() if follows else None, timezone.localdate()
        ):
            self.add_error(None, problem)
        application = data.get("application")
        if application and data.get("agency") and application.agency_id != data["agency"].pk:
            self.add_error("application", "涉及的公开申请须是本机关的申请")
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label="文书名称", max_length=100)
    file = forms.FileField(label="文件（PDF、DOCX、JPG、PNG）")
