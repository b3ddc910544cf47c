"""How text becomes index terms and how a reader's query becomes a search, for both engines.

Recall is the point. A dictionary segmenter splits words it does not know differently in the
text and in the query (制发 matched nothing by words and 1,316 items by substring), so matching
is done on overlapping character bigrams: a query word matches an item exactly when the item
contains the word as a substring, which is what a reader expects. rjieba (with the domain
dictionary) is used only on the query side, to split a long run-on query into words.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# Full-width ASCII (！ to ～) and the ideographic space, folded to half-width one for one, so
# offsets in the normalised text are offsets in the original (snippets rely on it).
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_RUN = re.compile(r"\w+")
# Separates runs (sentences, words split by punctuation) so a phrase never spans a gap.
BREAK = "§"
MAX_QUERY_CHARS = 100
MAX_TERMS = 8
LONG_TERM = 10  # a longer run-on query is split into words; a company name is not

# Function words a reader may type that carry no meaning alone.
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "为",
        "对",
        "把",
        "被",
        "从",
        "等",
        "之",
        "其",
        "也",
        "就",
        "都",
        "而",
        "并",
        "以",
        "于",
        "中",
        "上",
        "下",
        "这",
        "那",
        "有",
        "个",
        "and",
        "or",
        "not",
        "the",
        "of",
    ]
)

# Words rjieba must keep whole when it splits a long query, and that are indexed whole.
DOMAIN_WORDS = tuple(
    word
    for line in (Path(__file__).parent / "dictionary.txt").read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for word in line.split()
)
# Stored beside an index: a query uses the whole-word terms only if the index was built with the
# same dictionary (otherwise it matches by bigrams: same results, slower).
DICTIONARY_VERSION = hashlib.sha256(" ".join(DOMAIN_WORDS).encode()).hexdigest()[:16]
MIN_DICTIONARY_WORD = 3


def fold(text: str) -> str:
    """Full-width to half-width and lower case, without changing any offset."""
    return text.translate(_FOLD).lower()


def runs(text: str) -> list[str]:
    """The runs of letters, digits and CJK characters in folded text."""
    return _RUN.findall(fold(text))


def grams(text: str) -> list[str]:
    """Index terms: each run's overlapping bigrams and its last character alone (so a one-character
    query can match by prefix), with BREAK between runs."""
    out: list[str] = []
    for run in runs(text):
        if out:
            out.append(BREAK)
        out.extend([run[i : i + 2] for i in range(len(run) - 1)])
        out.append(run[-1])
    return out


def word_grams(word: str) -> list[tuple[str, int]]:
    """The fewest bigrams, with their offsets, that cover a query word: matching them as a phrase
    is a substring match (abcde → ab@0 cd@2 de@3)."""
    if len(word) == 1:
        return [(word, 0)]
    starts = [*range(0, len(word) - 1, 2)]
    if starts[-1] != len(word) - 2:
        starts.append(len(word) - 2)
    return [(word[i : i + 2], i) for i in starts]


def dictionary_words(text: str) -> list[str]:
    """Every dictionary word of three or more characters occurring in the text, found by
    substring (rjieba's full mode), so a query that is such a word matches one posting list
    instead of a long phrase of common bigrams, with the same result."""
    found = _segmenter().cut_all(fold(text))  # type: ignore[attr-defined]
    return list(dict.fromkeys(w for w in found if len(w) >= MIN_DICTIONARY_WORD and w.isalnum()))


def in_dictionary(word: str) -> bool:
    return len(word) >= MIN_DICTIONARY_WORD and bool(_segmenter().has_word(word))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Query:
    """A reader's query, parsed: every word must occur in an item (as a substring)."""

    text: str
    words: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.words


@cache
def _segmenter() -> object:
    import rjieba  # imported here: loading the dictionary costs 0.1 s, only queries need it

    for word in DOMAIN_WORDS:
        rjieba.add_word(word, None, None)
    return rjieba


def _split_long(term: str) -> list[str]:
    """A long run-on query split into words; a one-character piece joins its neighbour, so every
    word still matches as a substring of what the reader typed."""
    pieces = [p for p in _segmenter().cut(term) if p not in STOP_WORDS]  # type: ignore[attr-defined]
    words: list[str] = []
    for piece in pieces:
        if (len(piece) == 1 and words) or (words and len(words[-1]) == 1):
            words[-1] += piece
        else:
            words.append(piece)
    return words or [term]


_QUOTED = re.compile(r"[\"“”「」『』](.+?)[\"“”「」『』]")


def parse(query: str) -> Query:
    """Any input to a Query, never an error: quotes keep a phrase whole, punctuation and search
    syntax are separators, stop words are dropped, long input is cut with a note."""
    notes: list[str] = []
    text = " ".join((query or "").split())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"检索词过长，只按前{MAX_QUERY_CHARS}个字检索")
    folded = fold(text)
    words: list[str] = []
    for phrase in _QUOTED.findall(folded):
        words.append("".join(runs(phrase)))
    rest = _QUOTED.sub(" ", folded)
    typed = runs(rest)
    meaningful = [t for t in typed if t not in STOP_WORDS]
    if typed and not meaningful and not words:
        notes.append("检索词都是常用虚词（如“的”“和”），请输入更具体的词语")
    for term in meaningful:
        words.extend(_split_long(term) if len(term) > LONG_TERM else [term])
    unique = list(dict.fromkeys(w for w in words if w))
    if len(unique) > MAX_TERMS:
        unique = unique[:MAX_TERMS]
        notes.append(f"检索词过多，只按前{MAX_TERMS}个词检索")
    return Query(text=text, words=tuple(unique), notes=tuple(notes))


def snippet(text: str, words: Iterable[str], width: int = 120) -> str:
    """An HTML-escaped excerpt around the first matches, each word marked with <mark>."""
    words = [w for w in words if w]
    folded = fold(text)
    positions = sorted(p for w in words if (p := folded.find(w)) >= 0)
    start = max(0, positions[0] - width // 4) if positions else 0
    end = min(len(text), start + width)
    piece, low = text[start:end], folded[start:end]
    marks = _spans(low, words)
    out: list[str] = ["…" if start else ""]
    cursor = 0
    for begin, finish in marks:
        out.append(html.escape(piece[cursor:begin]))
        out.append(f"<mark>{html.escape(piece[begin:finish])}</mark>")
        cursor = finish
    out.append(html.escape(piece[cursor:]))
    out.append("…" if end < len(text) else "")
    return "".join(out)


def mark(text: str, words: Iterable[str]) -> str:
    """The whole (short) text, escaped, with the words marked (titles in a result list)."""
    return snippet(text, words, width=max(len(text), 1))


def _spans(low: str, words: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in sorted(words, key=len, reverse=True):
        for found in re.finditer(re.escape(word), low):
            span = found.span()
            if all(span[1] <= s or span[0] >= e for s, e in spans):
                spans.append(span)
    return sorted(spans)
