"""The two steps of an extension on the case page: the handler's proposal (the days and the
reason, as the head's consent takes them) and the head's refusal with its reason."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.applications.workflow import Action
from gongkai.office.forms import ACTION_FORMS, ExtendForm, _ActionForm


class ProposeExtensionForm(ExtendForm):
    """The handler asks; the same fields as the head's consent."""


class RefuseExtensionForm(_ActionForm):
    reason = forms.CharField(
        label="不同意的理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


FORMS: dict[Action, type[Any]] = {
    **ACTION_FORMS,
    Action.PROPOSE_EXTENSION: ProposeExtensionForm,
    Action.REFUSE_EXTENSION: RefuseExtensionForm,
}
