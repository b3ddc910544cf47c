"""A document that cannot be read at all, with the reason in words an agency clerk understands."""

from __future__ import annotations


class UnreadableDocument(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Bounds that keep a hostile or broken file from taking the machine with it.
MAX_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 300
MAX_TABLE_ROWS = 20_000
MAX_HTML_CELLS = 200_000  # a report page has a few hundred; a whole portal page a few thousand
MAX_SPAN = 200
