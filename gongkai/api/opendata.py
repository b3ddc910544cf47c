"""Open data: one row per published annual report with every cell of its tables, for
`/api/v1/reports.json` and `/reports.csv` (v1)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from pydantic import BaseModel

from gongkai.annual import access as annual_access
from gongkai.annual import services as annual
from gongkai.orgs.models import Agency

COLUMNS = ("agency_id", "agency_slug", "agency", "year", "published_on", "url")


def rows(
    request: HttpRequest, year: int | None, agency_slug: str | None
) -> list[dict[str, Any]] | None:
    """One row per published report: who, which year, when, where, and every cell of the
    template's tables (None: left blank). None when the agency asked for is not public."""
    under = None
    if agency_slug is not None:
        under = Agency.objects.active().filter(slug=agency_slug).first()
        if under is None:
            return None
    rows = []
    for found in annual_access.published_reports(year, under):
        agency = found.agency
        assert found.published_at is not None
        link = reverse("api:report", args=[agency.slug or "-", found.year])
        rows.append(
            {
                "agency_id": agency.pk,
                "agency_slug": agency.slug,
                "agency": agency.name,
                "year": found.year,
                "published_on": timezone.localdate(found.published_at),
                "url": request.build_absolute_uri(link) if agency.slug else None,
                "cells": annual.published_cells(found),
            }
        )
    return rows


class ReportRow(BaseModel):
    agency_id: int
    agency_slug: str | None
    agency: str
    year: int
    published_on: date
    url: str | None  # the report as gongkai.report/1 JSON (none for an agency without a slug)
    cells: dict[str, int | str | None]


class OpenData(BaseModel):
    keys: list[str]  # every cell of the 2021 template, in its order
    reports: list[ReportRow]
