"""条例第二十六条: an item is published within 20 working days of being written (or changed).

The rule, stated once. Pure (no Django), so that the self-check's rules can call it too; the
other forms of it are built here from the same constant: the database's (`sql`, which the
annual report's tallies run in their triggers) and the query's (`timeliness.late_items`, the
back office's list and the self-check's). An item whose working days could not be counted (a
year the calendar does not hold: `publish_workdays` is NULL) is not counted late.
"""

from __future__ import annotations

from typing import Final

LATE_AFTER_WORKDAYS: Final = 20


def is_late(workdays: int | None) -> bool:
    """Published more than 20 working days after being written."""
    return workdays is not None and workdays > LATE_AFTER_WORKDAYS


def sql(workdays: str) -> str:
    """`is_late` as an SQL boolean over the column (or expression) `workdays`: never NULL."""
    return f"COALESCE({workdays} > {LATE_AFTER_WORKDAYS}, FALSE)"
