"""The applicant's part of an application, the same for the public form and the staff's
registration of a letter or a walk-in. Its limits (phone, e-mail, postcode, lengths) are
core.contact's, which the register import asks too."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Applicant
from gongkai.core import contact

F = TypeVar("F", bound=forms.Field)


def limit(field: F, found: contact.Limit) -> F:
    """The text field taking at most `found.most` characters, refused with its reason (the
    browser is told too); for a form's own fields and a model form's alike."""
    assert isinstance(field, forms.CharField)
    field.max_length = found.most
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(found.most))
    field.error_messages["max_length"] = found.template
    field.widget.attrs["maxlength"] = str(found.most)
    return field


class ApplicantForm(forms.ModelForm[Applicant]):
    LIMITS = {
        "name": contact.NAME,
        "contact_person": contact.CONTACT_PERSON,
        "address": contact.ADDRESS,
    }

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
        error_messages = {
            "phone": {"max_length": contact.PHONE_TOO_LONG},
            "email": {"invalid": contact.EMAIL_INVALID, "max_length": contact.EMAIL_TOO_LONG},
            # Longer than 6 is refused by the column's width before the digits are looked at.
            "postcode": {"max_length": contact.POSTCODE_INVALID},
            "id_number": {"max_length": "证件号码最多40个字符，请核对后填写"},
        }
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
        }
        help_texts = {"phone": "手机号或固定电话（区号-号码），如 0379-12345678"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, found in self.LIMITS.items():
            limit(self.fields[name], found)

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"]
        if problem := contact.phone_problem(phone):
            raise forms.ValidationError(problem)
        return contact.normalise_phone(phone)

    def clean_email(self) -> str:
        email: str = self.cleaned_data.get("email") or ""
        if email and (problem := contact.email_problem(email)):
            raise forms.ValidationError(problem)
        return email

    def clean_postcode(self) -> str:
        postcode: str = self.cleaned_data.get("postcode") or ""
        if postcode and (problem := contact.postcode_problem(postcode)):
            raise forms.ValidationError(problem)
        return contact.normalise_postcode(postcode)

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
