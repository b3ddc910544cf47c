"""What a page calls the report engine's keys: a finding's code by its Chinese name, an export
format by the name users know. The keys themselves stay in JSON and exports."""

from __future__ import annotations

from django import template

from gongkai.reports.checks import code_name

register = template.Library()

FORMAT_NAMES = {"md": "Markdown"}


@register.filter
def finding_name(code: str) -> str:
    """{{ finding.code|finding_name }}: 正文与表格不一致, not TEXT_TABLE_MISMATCH."""
    return code_name(str(code))


@register.filter
def format_name(fmt: str) -> str:
    """{{ fmt|format_name }}: PDF, DOCX, Markdown (not MD)."""
    return FORMAT_NAMES.get(str(fmt), str(fmt).upper())
