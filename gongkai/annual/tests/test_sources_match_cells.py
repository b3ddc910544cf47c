"""The records behind a cell (`collect.sources`) are the records the cell counts: one rule says
which cells a record counts in (publishing.normative.columns for Table 二's documents), so the
list under a cell is always as long as the number in it."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.annual import collect
from gongkai.applications.tests import factories
from gongkai.publishing.models import NormativeDocument

pytestmark = pytest.mark.django_db


def test_the_documents_behind_each_table_two_cell_are_as_many_as_it_counts() -> None:
    agency = factories.agency()
    spans = [
        (date(2018, 3, 1), None),
        (date(2019, 5, 1), date(2021, 12, 31)),  # left force on the last day: not in force
        (date(2021, 2, 1), None),
        (date(2020, 1, 1), date(2021, 6, 30)),
        (date(2021, 1, 5), date(2021, 1, 6)),
        (date(2021, 12, 31), None),
        (date(2022, 1, 1), None),  # after the year: nowhere
        (date(2020, 12, 31), date(2022, 1, 1)),
    ]
    for n, (issued, ended) in enumerate(spans):
        NormativeDocument.objects.create(
            agency=agency,
            kind="regulations" if n % 3 == 0 else "normative_documents",
            title=f"文件{n}",
            doc_number=f"第{n}号",
            issued_on=issued,
            ended_on=ended,
            end_kind="repealed" if ended else "",
        )
    for year in (2020, 2021, 2022):
        cells = collect.table_two(agency, year)
        for kind in ("regulations", "normative_documents"):
            for column in ("issued", "repealed", "in_force"):
                key = f"proactive.{kind}.{column}"
                assert len(collect.sources(agency, year, key)) == cells[key], (year, key)
    assert collect.table_two(agency, 2021)["proactive.normative_documents.in_force"] == 3
