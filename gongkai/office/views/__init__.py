"""The staff back office. Views parse and authorise; services decide and write. Cases come only
from applications.access, so another agency's case is a 404 on every URL.

    common    who may open a page (case_staff, managers), downloads
    cases     workbench, registration, the case page and its actions, documents
    records   monthly statistics, register export and import
    setup     notice templates
    calendar  the working-day calendar: sources per year, loading a holiday notice
"""

from gongkai.office.views.calendar import calendar, calendar_year
from gongkai.office.views.cases import (
    case_act,
    case_assign,
    case_correction_file,
    case_detail,
    case_document,
    case_new,
    workbench,
)
from gongkai.office.views.records import (
    register_confirm,
    register_export,
    register_import,
    statistics,
)
from gongkai.office.views.setup import template_edit, templates

__all__ = [
    "calendar",
    "calendar_year",
    "case_act",
    "case_assign",
    "case_correction_file",
    "case_detail",
    "case_document",
    "case_new",
    "register_confirm",
    "register_export",
    "register_import",
    "statistics",
    "template_edit",
    "templates",
    "workbench",
]
