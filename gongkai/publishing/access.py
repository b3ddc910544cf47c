"""The only door to publishing for staff: an agency's 信息员, 审核员 and 公开办负责人 (and the
heads of the agencies above it) see its items and registers; a record outside that scope is a
404. Who may take which step is the workflow's table (publishing.workflow); settings and
columns are the managers'."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency, AgencyQuerySet
from gongkai.publishing import workflow
from gongkai.publishing.models import Attachment, Column, NormativeDocument, Publication

PUBLISHING_ROLES = tuple(workflow.EDITORS | workflow.REVIEWERS)
may_manage = org_access.may_manage


def publishing_agencies(user: Any) -> AgencyQuerySet:
    return org_access.agencies_for(user, PUBLISHING_ROLES)


def may_use(user: Any) -> bool:
    return org_access.holds_any(user, PUBLISHING_ROLES)


def may_edit(user: Any, agency: Agency) -> bool:
    """Write and edit items (信息员, 公开办负责人)."""
    return bool(org_access.roles_in(user, agency) & workflow.EDITORS)


def publications_for_staff(user: Any) -> QuerySet[Publication]:
    return Publication.objects.filter(agency__in=publishing_agencies(user))


def get_publication_for_staff(user: Any, pk: int) -> Publication:
    """Another agency's item is a 404, not a 403: its existence is not disclosed."""
    return get_object_or_404(publications_for_staff(user).select_related("column", "agency"), pk=pk)


def get_attachment_for_staff(user: Any, pk: int) -> Attachment:
    rows = Attachment.objects.filter(publication__agency__in=publishing_agencies(user))
    return get_object_or_404(rows.select_related("publication"), pk=pk)


def get_normative_for_staff(user: Any, pk: int) -> NormativeDocument:
    return get_object_or_404(NormativeDocument, pk=pk, agency__in=publishing_agencies(user))


def get_column_for_manager(user: Any, pk: int) -> Column:
    return get_object_or_404(Column, pk=pk, agency__in=org_access.managed_agencies(user))
