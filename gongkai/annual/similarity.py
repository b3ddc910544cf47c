"""内容雷同: how much of a section repeats last year's, numbers aside (a copied text with this
year's figures put in is still a copy)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

THRESHOLD = 0.8
_NOISE = re.compile(r"[\d\s，,。；;：:、（）()“”\"'％%.]+")


def similarity(this_year: str, last_year: str) -> float | None:
    """0..1, or None when either text is empty."""
    a, b = _NOISE.sub("", this_year), _NOISE.sub("", last_year)
    if not a or not b:
        return None
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
