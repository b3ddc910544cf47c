"""Why the self-check's Finding is not core.findings.Finding (see both modules' docstrings), held
true: if these stop holding, the two types can become one. And the stored row is the pure
result field for field."""

from __future__ import annotations

import dataclasses

from gongkai.core.findings import Finding as ReportFinding
from gongkai.core.findings import Severity
from gongkai.sitecheck import services, state
from gongkai.sitecheck.models import Finding as StoredFinding
from gongkai.sitecheck.models import Task


def _names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def test_the_two_severity_scales_cannot_be_mapped_onto_each_other_unchanged() -> None:
    assert state.VETO not in {s.value for s in Severity}
    assert state.SEVERITY_LABELS[state.WARNING] != Severity(state.WARNING).label


def test_the_two_types_share_only_their_code_severity_and_message() -> None:
    assert _names(ReportFinding) & _names(state.Finding) == {"code", "severity", "message"}


def test_a_stored_finding_and_a_task_hold_the_pure_result_field_for_field() -> None:
    assert tuple(f.name for f in dataclasses.fields(state.Finding)) == services.FINDING_FIELDS
    for model in (StoredFinding, Task):
        assert set(services.FINDING_FIELDS) <= {f.name for f in model._meta.get_fields()}
