"""The applicant's part of an application, the same for the public form and the staff's
registration of a letter or a walk-in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Applicant


class ApplicantForm(forms.ModelForm[Applicant]):
    class Meta:
        model = Applicant
        fields = [
            "kind",
            "name",
            "id_type",
            "id_number",
            "contact_person",
            "phone",
            "email",
            "address",
            "postcode",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("id_type") and data.get("id_number"):
            problem = services.id_number_error(
                data["id_type"], data["id_number"], timezone.localdate()
            )
            if problem:
                self.add_error("id_number", problem)
        if data.get("kind") == "natural_person" and data.get("id_type") == "credit_code":
            self.add_error("id_type", "自然人申请人请填写个人身份证件")
        return data
