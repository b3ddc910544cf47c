"""An agency's own wording of its notices: every edit keeps the old text in the register audit
log (`audit.registers`), beside who changed it and when."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.accounts.actors import actor_or_none
from gongkai.applications import documents
from gongkai.applications.models import NoticeTemplate
from gongkai.audit import registers
from gongkai.audit.models import RegisterEvent
from gongkai.orgs.models import Agency

FIELDS = ["kind", "title", "body"]  # the kind, so that a template's history can be found
WHAT = "文书模板"  # the audit row's subject (RegisterEvent.what)


@transaction.atomic
def save_template(
    actor: Any, agency: Agency, kind: str, *, title: str, body: str
) -> NoticeTemplate:
    """Sets the agency's template of `kind`; the audit row holds the title and body before
    (nothing while the built-in wording was in use) and after."""
    if kind not in documents.KIND_BY_KEY:
        raise ValueError(f"没有这种文书：{kind}")
    # get_or_create survives two first edits at once (the loser reads the winner's row).
    row, created = NoticeTemplate.objects.get_or_create(agency=agency, kind=kind)
    template = NoticeTemplate.objects.select_for_update().get(pk=row.pk)
    before = {} if created else registers.snapshot(template, FIELDS)
    template.title, template.body = title, body
    template.updated_by = actor_or_none(actor)
    registers.record(actor, template, FIELDS, before, WHAT)
    return template


def history(agency: Agency, kind: str) -> Any:
    """The template's edits, newest first."""
    return RegisterEvent.objects.filter(agency=agency, what=WHAT, after__kind=kind)
