"""How text becomes index terms and how a reader's query becomes a search, for both engines.

Recall is the point. A dictionary segmenter splits words it does not know differently in the
text and in the query (制发 matched nothing by words and 1,316 items by substring), so matching
is done on overlapping character bigrams: a query word matches an item exactly when the item
contains the word as a substring, which is what a reader expects. rjieba (with the domain
dictionary) is used only on the query side, to split a long run-on query into words.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import re
from collections.abc import Iterable, Sequence
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
# How text becomes terms (normalise, grams, which fields an entry's parts go to); a change here
# makes every index built before it stale (search.health: the daily task rebuilds it).
ANALYSIS = "2: 文号 normalised; 文号 and 发布机构 searchable"
# Stored beside an index: a query uses the whole-word terms only if the index was built with the
# same dictionary and analysis (otherwise it matches by bigrams: same results, slower).
DICTIONARY_VERSION = hashlib.sha256(" ".join([ANALYSIS, *DOMAIN_WORDS]).encode()).hexdigest()[:16]
MIN_DICTIONARY_WORD = 3


def fold(text: str) -> str:
    """Full-width to half-width and lower case, without changing any offset."""
    return text.translate(_FOLD).lower()


# A 文号 (document number) is written 洛开管〔2026〕99号, but readers and editors type its year in
# any brackets (〔〕 [] () 【】 ［］ （）), in full- or half-width digits, with spaces, or with 年
# and no brackets. `normalise` writes every such shape as one run, 洛开管2026年99号, in the index
# and in queries alike, so the whole 文号 or any part of it (洛开管, 2026年, 99号, 〔2026〕99号)
# matches as a substring. The year keeps its 年, so 2021 never matches 〔2020〕21号. A 第 before
# the number is dropped (国发〔2017〕第3号 = 国发〔2017〕3号); so is the space a reader puts between
# the issuer's code and the year (洛开管 2026 99号).
_OPEN, _CLOSE, _YEAR = r"[\[(〔【〖﹝]", r"[\])〕】〗﹞]", r"(?:19|20)\d\d"
_NUMBER = r"\s*(?:第\s*)?(?P<n{0}>\d{{1,6}})"
_DOC_NUMBER = re.compile(
    # The lookahead first: most positions fail on one character class (three times faster).
    r"(?=[\s\[(〔【〖﹝12])(?P<space>(?<=[^\W\d_])\s+)?(?:"
    # 〔2026〕, 〔2026〕99, 〔2026〕99号
    rf"{_OPEN}\s*(?P<y1>{_YEAR})\s*(?P<e1>{_CLOSE})(?:{_NUMBER.format(1)}(?:\s*(?P<h1>号))?)?"
    # 2026〕99号 (the opening bracket left out)
    rf"|(?<!\d)(?P<y2>{_YEAR})\s*(?P<e2>{_CLOSE}){_NUMBER.format(2)}\s*(?P<h2>号)"
    # 2026年99号, 2026 99号
    rf"|(?<!\d)(?P<y3>{_YEAR})(?P<e3>\s*年\s*|\s+){_NUMBER.format(3)}\s*(?P<h3>号))"
)
# A query run that is a whole or partial 文号 in normal form: kept whole, never split into words.
_DOC_RUN = re.compile(r"[^\W\d_]*\d{4}年\d{0,6}号?")
# A 文号's number between 年 and 号 (年57号), indexed whole: a word holding it can only occur where
# the text holds it (年 and 号 bound the digits), so this one rare term finds the candidates that
# the bigrams 年5, 57, 7号 — each in thousands of dates and counts — would.
_ANCHOR = re.compile(r"年\d{1,6}号")


def normalise(text: str) -> str:
    """The text as the index holds it and queries are matched: folded, every 文号 in one form
    (国办发〔2017〕47号, 国办发[2017]47号, 国办发（２０１７）47号 → 国办发2017年47号)."""
    return normalised(text)[0]


def normalised(text: str) -> tuple[str, Sequence[int]]:
    """`normalise(text)`, and for each of its characters the offset in `text` it comes from (so
    a match in the normal form can be marked in the text as written)."""
    folded = fold(text)
    if _DOC_NUMBER.search(folded) is None:  # most text: the offsets are the folded text's
        return folded, range(len(folded))
    out: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for found in _DOC_NUMBER.finditer(folded):
        out.append(folded[cursor : found.start()])
        offsets.extend(range(cursor, found.start()))
        case = next(c for c in "123" if found.group(f"y{c}"))
        parts = [(f"y{case}", None), (f"e{case}", "年"), (f"n{case}", None), (f"h{case}", None)]
        for group, replacement in parts:
            if found.group(group) is None:
                continue
            start = found.start(group)
            value = replacement or found.group(group)
            out.append(value)
            offsets.extend([start] * len(value) if replacement else range(start, found.end(group)))
        cursor = found.end()
    out.append(folded[cursor:])
    offsets.extend(range(cursor, len(folded)))
    return "".join(out), offsets


def runs(text: str) -> list[str]:
    """The runs of letters, digits and CJK characters in normalised text."""
    return _RUN.findall(normalise(text))


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
    found = _segmenter().cut_all(normalise(text))  # type: ignore[attr-defined]
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
    folded = normalise(text)
    words: list[str] = []
    for phrase in _QUOTED.findall(folded):
        words.append("".join(runs(phrase)))
    rest = _QUOTED.sub(" ", folded)
    typed = runs(rest)
    meaningful = [t for t in typed if t not in STOP_WORDS]
    if typed and not meaningful and not words:
        notes.append("检索词都是常用虚词（如“的”“和”），请输入更具体的词语")
    for term in meaningful:
        whole = len(term) <= LONG_TERM or _DOC_RUN.fullmatch(term)
        words.extend([term] if whole else _split_long(term))
    unique = list(dict.fromkeys(w for w in words if w))
    if len(unique) > MAX_TERMS:
        unique = unique[:MAX_TERMS]
        notes.append(f"检索词过多，只按前{MAX_TERMS}个词检索")
    return Query(text=text, words=tuple(unique), notes=tuple(notes))


def snippet(text: str, words: Iterable[str], width: int = 120) -> str:
    """An HTML-escaped excerpt around the first matches, each word marked with <mark>."""
    words = [w for w in words if w]
    low, offsets = normalised(text)
    firsts = [offsets[p] for w in words if (p := low.find(w)) >= 0]
    start = max(0, min(firsts) - width // 4) if firsts else 0
    end = min(len(text), start + width)
    # Only the excerpt's matches are looked for: an attachment may hold a word thousands of times.
    window = (bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end))
    inside = [(b, min(e, end)) for b, e in _spans(low, offsets, words, window)]
    return (
        ("…" if start else "")
        + _marked(text, start, end, inside)
        + ("…" if end < len(text) else "")
    )


def mark(text: str, words: Iterable[str]) -> str:
    """The whole text, escaped, with the words marked (titles in a result list: never cut)."""
    low, offsets = normalised(text)
    return _marked(text, 0, len(text), _spans(low, offsets, [w for w in words if w]))


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    out: list[str] = []
    cursor = start
    for begin, finish in spans:
        out.append(html.escape(text[cursor:begin]))
        out.append(f"<mark>{html.escape(text[begin:finish])}</mark>")
        cursor = finish
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def _spans(
    low: str, offsets: Sequence[int], words: list[str], window: tuple[int, int] | None = None
) -> list[tuple[int, int]]:
    """Where the (normalised) words occur in `low` (within `window`), as offsets in the text as
    written, longest words first, without overlaps: 洛开管2026年99号 marks 洛开管〔2026〕99号."""
    begin, finish = window or (0, len(low))
    spans: list[tuple[int, int]] = []
    for word in sorted(words, key=len, reverse=True):
        for found in re.compile(re.escape(word)).finditer(low, begin, finish):
            span = (offsets[found.start()], offsets[found.end() - 1] + 1)
            if all(span[1] <= s or span[0] >= e for s, e in spans):
                spans.append(span)
    return sorted(spans)


_DOC_PARTS = re.compile(r"(?P<code>[^\W\d_]*?)(?P<year>\d{4})年(?P<number>\d{0,6})号?")


def doc_number_parts(typed: str) -> tuple[str, int | None, int | None]:
    """A 文号 in any shape as (issuer's code, year, number), each part that was typed:
    洛开管〔2026〕99号 → (洛开管, 2026, 99); 洛开管 → (洛开管, None, None)."""
    joined = "".join(runs(typed))
    found = _DOC_PARTS.search(joined)
    if found is None:
        return joined.rstrip("号").rstrip("0123456789"), None, None
    number = found.group("number")
    return found.group("code"), int(found.group("year")), int(number) if number else None


def nearest_doc_numbers(typed: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates closest to a typed 文号: sharing most of the issuer's code, then of the same
    year (or the nearest), then with the nearest number (for 您是不是要找)."""
    code, year, number = doc_number_parts(typed)

    def distance(candidate: str) -> tuple[int, int, int, str]:
        other_code, other_year, other_number = doc_number_parts(candidate)
        shared = sum(1 for char in dict.fromkeys(code) if char in other_code)
        years = abs((other_year or 0) - year) if year is not None else 0
        numbers = abs((other_number or 0) - number) if number is not None else 0
        return (-shared, years, numbers, candidate)

    unique = {c for c in candidates if c.strip()}
    return sorted(unique, key=distance)[:limit]


def looks_like_doc_number(word: str) -> bool:
    """A query word that is a whole or partial 文号 in normal form (2026年99号, 洛开管2026年)."""
    return bool(_DOC_RUN.fullmatch(word))


def anchors(text: str) -> list[str]:
    """Every 文号 number (年57号) in the text, once each: indexed as whole terms."""
    return list(dict.fromkeys(_ANCHOR.findall(normalise(text))))


def anchor(word: str) -> str | None:
    """The 文号 number inside a (normalised) query word, if it holds a whole one: every item
    containing the word has this term."""
    found = _ANCHOR.search(word)
    return found.group() if found else None
