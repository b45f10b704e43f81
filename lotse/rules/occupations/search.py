"""Fuzzy occupation search: case-, accent- and spelling-tolerant matching of typed text against names.

Names and queries are folded the same way (case, accents, ß/ss, ä/ae, punctuation), and a name matches when the
text equals it, starts it, names every word's beginning, sits inside a compound (Pflege*fachkraft*) or differs by
one wrong, missing, extra or swapped letter. Pure Python, no index server: ~4,000 names are scanned per query in
a few milliseconds, and answers are memoised.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

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


class Scorer:
    """`score` for one query against many names. Whether a query word starts, or nearly matches, a word of a name is
    worked out once per distinct word (`vocabulary`: every word of the names to be scored), not again for each name
    that has it, and cheap tests go first: a search over the whole catalogue takes 8 ms instead of 20."""

    def __init__(self, query: Query, vocabulary: Iterable[str]):
        self.query = query
        self.vocabulary = vocabulary
        self._starting: dict[str, frozenset[str]] = {}
        self._close: dict[str, frozenset[str]] = {}

    @cached_property
    def _first_words_close(self) -> frozenset[str]:
        return self._words_close(self.query.words[0])

    def _words_starting(self, query_word: str) -> frozenset[str]:
        found = self._starting.get(query_word)
        if found is None:
            found = self._starting[query_word] = frozenset(w for w in self.vocabulary if w.startswith(query_word))
        return found

    def _words_close(self, query_word: str) -> frozenset[str]:
        found = self._close.get(query_word)
        if found is None:
            if len(query_word) < 4:
                found = self._words_starting(query_word)
            else:
                # One letter off keeps the first or the last letter of the word, or of its start as long as the
                # query word (three letters at least on either side).
                first, last, length = query_word[0], query_word[-1], len(query_word)
                found = frozenset(
                    w
                    for w in self.vocabulary
                    if (w[0] == first or w[-1] == last or (len(w) > length and w[length - 1] == last))
                    and _word_close(query_word, w)
                )
            self._close[query_word] = found
        return found

    def __call__(self, name: IndexedName) -> int:
        """How well `name` matches the query (0 = not at all). The tests go in the order of their scores; a cheap
        test that a match needs (a substring, the first or the last letter) comes before each costly one."""
        query = self.query
        q, n = query.joined, name.joined
        if not q:
            return 0
        if q == n:
            return EXACT
        if n.startswith(q):
            return PREFIX
        # A name word that starts with the first query word holds it, and so does the joined name.
        if query.words[0] in n and all(not self._words_starting(qw).isdisjoint(name.words) for qw in query.words):
            return WORD_PREFIXES
        length = len(q)
        if length < 4:
            return 0
        # One wrong, missing, extra or swapped letter leaves the first or the last letter as it is (at least 3).
        if abs(len(n) - length) <= 1 and (n[0] == q[0] or n[-1] == q[-1]) and within_one_edit(q, n):
            return TYPO_WHOLE
        if (
            length >= 5
            and len(n) > length
            and (n[0] == q[0] or n[length - 1] == q[-1])
            and within_one_edit(q, n[:length])
        ):
            return TYPO_PREFIX
        if q in n:
            return INSIDE
        words = name.words
        if self._first_words_close.isdisjoint(words):
            return 0
        if all(not self._words_close(qw).isdisjoint(words) for qw in query.words[1:]):
            return TYPO_WORDS
        return 0


def score(query: Query, name: IndexedName) -> int:
    """How well `name` matches `query` (0 = not at all)."""
    return Scorer(query, name.words)(name)
