"""The only door to the 行政复议 / 行政诉讼 register for staff: the case staff of an agency
(承办人, 公开办负责人, and the heads above) see its records; a record outside that scope is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.applications.access import CASE_ROLES, case_agencies
from gongkai.disputes.models import Dispute, DisputeDocument
from gongkai.orgs.access import holds_any, roles_in
from gongkai.orgs.models import Agency, AgencyQuerySet


def dispute_agencies(user: Any) -> AgencyQuerySet:
    return case_agencies(user)


def may_use(user: Any) -> bool:
    return holds_any(user, CASE_ROLES)


def may_record(user: Any, agency: Agency) -> bool:
    return bool(roles_in(user, agency) & set(CASE_ROLES))


def disputes_for_staff(user: Any) -> QuerySet[Dispute]:
    return Dispute.objects.filter(agency__in=dispute_agencies(user))


def get_dispute_for_staff(user: Any, pk: int) -> Dispute:
    return get_object_or_404(disputes_for_staff(user), pk=pk)


def get_document_for_staff(user: Any, pk: int) -> DisputeDocument:
    rows = DisputeDocument.objects.filter(dispute__agency__in=dispute_agencies(user))
    return get_object_or_404(rows, pk=pk)
