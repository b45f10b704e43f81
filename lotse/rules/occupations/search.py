"""Fuzzy occupation search: case-, accent- and spelling-tolerant matching of typed text against names.

Names and queries are folded the same way (case, accents, ß/ss, ä/ae, punctuation), and a name matches when the
text equals it, starts it, names every word's beginning, sits inside a compound (Pflege*fachkraft*) or differs by
one wrong, missing, extra or swapped letter. Pure Python, no index server: ~4,000 names are scanned per query in
a few milliseconds, and answers are memoised.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_LENGTH = 100
_SEPARATORS = re.compile(r"[\s/\-–—_,.;:()\[\]{}'\"“”„‚‘’+&*]+")
_UMLAUT_SPELLINGS = (("ae", "a"), ("oe", "o"), ("ue", "u"))

# Scores: higher is better. Kept apart so that a typo never outranks an exact or prefix match.
EXACT, PREFIX, WORD_PREFIXES, TYPO_WHOLE, TYPO_PREFIX, INSIDE, TYPO_WORDS = 100, 90, 80, 75, 65, 60, 55


def fold(text: str) -> str:
    """'Köchin / Koch' → 'kochin koch': casefold (ß → ss), accents off, ä/ae alike, punctuation to spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for spelled, plain in _UMLAUT_SPELLINGS:
        text = text.replace(spelled, plain)
    return " ".join(_SEPARATORS.split(text)).strip()


def within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by at most one substituted, inserted, deleted or swapped (adjacent) letter."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True  # one substitution
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i:] == b[i + 1 :]  # one letter more in b


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One searchable name of an entry, folded once at load time."""

    text: str  # as written in the data, returned as "matched"
    lang: str  # "de" or "en"
    folded: str
    joined: str  # folded without spaces: "software entwickler" and "softwareentwickler" meet here
    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str, lang: str) -> IndexedName:
        folded = fold(text)
        return cls(text, lang, folded, folded.replace(" ", ""), tuple(folded.split()))


@dataclass(frozen=True, slots=True)
class Query:
    folded: str
    joined: str
    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Query:
        folded = fold(text)
        return cls(folded, folded.replace(" ", ""), tuple(folded.split()))


def _word_close(query_word: str, word: str) -> bool:
    if len(query_word) < 4:
        return word.startswith(query_word)
    if within_one_edit(query_word, word):
        return True
    # a typo while still typing: "pflegefahc" against the start of "pflegefachfrau"
    return len(word) > len(query_word) and within_one_edit(query_word, word[: len(query_word)])


def score(query: Query, name: IndexedName) -> int:
    """How well `name` matches `query` (0 = not at all)."""
    q, n = query.joined, name.joined
    if not q:
        return 0
    if q == n:
        return EXACT
    if n.startswith(q):
        return PREFIX
    if all(any(word.startswith(qw) for word in name.words) for qw in query.words):
        return WORD_PREFIXES
    if len(q) >= 4 and within_one_edit(q, n):
        return TYPO_WHOLE
    if len(q) >= 5 and len(n) > len(q) and within_one_edit(q, n[: len(q)]):
        return TYPO_PREFIX
    if len(q) >= 4 and q in n:
        return INSIDE
    if len(q) >= 4 and all(any(_word_close(qw, word) for word in name.words) for qw in query.words):
        return TYPO_WORDS
    return 0
