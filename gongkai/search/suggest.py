"""您是不是要找: what a search that found nothing offers instead, from the index, cheaply (a few
searches of a page each, only when a search found nothing).

- the nearest 文号: when the reader typed one (in the keywords or the 文号 filter), the newest
  items whose 文号 shares its issuer's code and year (else the code, else a part of the code),
  the closest of those by year and number (text.nearest_doc_numbers);
- the nearest titles: items found by each bigram of the words (title hits rank first), the
  titles sharing most of the words' bigrams.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.publishing.models import Publication
from gongkai.search import services, text
from gongkai.search.engine import Filters

CANDIDATES = 200  # newest items with a similar 文号 among which the nearest is chosen
MAX_GRAMS = 8  # bigrams of the words looked up for similar titles
PER_GRAM = 10
SHOWN = 3


@dataclass
class Suggestions:
    doc_numbers: list[str] = field(default_factory=list)
    titles: list[Publication] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.doc_numbers or self.titles)


def suggest(query: text.Query, filters: Filters) -> Suggestions:
    typed = [w for w in query.words if text.looks_like_doc_number(w)]
    if filters.doc_runs:
        typed.append(filters.doc_number)
    return Suggestions(
        doc_numbers=nearest_doc_numbers(typed[0]) if typed else [],
        titles=similar_titles([w for w in query.words if w not in typed]),
    )


def nearest_doc_numbers(typed: str) -> list[str]:
    code, year, _ = text.doc_number_parts(typed)
    tries = [f"{code}{year}年" if year else "", code, code[:2], f"{year}年" if year else ""]
    for narrowed in dict.fromkeys(t for t in tries if t):
        ids = _newest_with(narrowed)
        if ids:
            numbers = (
                Publication.objects.visible()
                .filter(pk__in=ids)
                .values_list("doc_number", flat=True)
            )
            return text.nearest_doc_numbers(typed, numbers, SHOWN)
    return []


def similar_titles(words: list[str]) -> list[Publication]:
    grams = list(dict.fromkeys(g for w in words for g, _ in _bigrams(w)))[:MAX_GRAMS]
    if not grams:
        return []
    now = timezone.now()
    found: set[int] = set()
    for gram in grams:
        found.update(services.engine().search((gram,), Filters(visible_at=now), PER_GRAM).ids)
    if not found:
        return []
    rows = Publication.objects.visible().filter(pk__in=found).only("pk", "title", "published_at")

    def shared(publication: Publication) -> int:
        title = text.normalise(publication.title)
        return sum(1 for g in grams if g in title)

    scored = sorted(rows, key=lambda p: (-shared(p), -p.published_at.timestamp(), -p.pk))  # type: ignore[union-attr]
    least = max(1, (len(grams) + 1) // 2)  # at least half of the words' bigrams
    return [p for p in scored if shared(p) >= least][:SHOWN]


def _bigrams(word: str) -> list[tuple[str, int]]:
    if len(word) <= 2:
        return [(word, 0)]
    return [(word[i : i + 2], i) for i in range(len(word) - 1)]


def _newest_with(doc_number: str) -> list[int]:
    """The newest items whose 文号 holds `doc_number` (normalised)."""
    at = Filters(doc_number=doc_number, visible_at=timezone.now())
    return services.engine().search((), at, limit=CANDIDATES).ids
