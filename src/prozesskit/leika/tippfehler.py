"""Nearest known word for a query word with a typo ("Persnalausweis" → "Personalausweis").

Why a trigram index and not a scan: the vocabulary of catalogue and lexicon has some
15,000 words, and a distance to each of them for every unknown query word would cost
the interactive search about a second; the words that share enough letter triples with
the query word are a few dozen, and only those get a real edit distance. The index is
built on the first unknown word only (a search without typos never pays for it).

The allowed distance grows with the length, because a short word is one letter away
from many others ("Pass", "Gast", "Last"), and a real word of 8 or 9 letters two
edits from a catalogue word ("bezahlen" – "befahren"): none below 5 letters, 1 up to
9, 2 from 10.
Among equally near words the one more Leistungen use wins ("Kindergeld", not
"Kindergelder"), so the correction points where the catalogue has most to offer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

_MIN_LENGTH = 5
_LONG = 10


def max_distance(word: str) -> int:
    """Edits allowed for a word of this length (0: not corrected)."""
    if len(word) < _MIN_LENGTH:
        return 0
    return 1 if len(word) < _LONG else 2


def _grams(word: str) -> set[str]:
    padded = f"^{word}$"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbours is one edit), or
    ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]):
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


@dataclass(frozen=True, slots=True)
class Woerter:
    """Known (folded) words with how many Leistungen use them, indexed by trigrams."""

    counts: Mapping[str, int]
    grams: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> Woerter:
        grams: dict[str, list[str]] = {}
        for word in counts:
            for gram in _grams(word):
                grams.setdefault(gram, []).append(word)
        return cls(dict(counts), {gram: tuple(words) for gram, words in grams.items()})

    def nearest(self, word: str) -> str | None:
        """The nearest known word within :func:`max_distance` (None if there is none or
        the word is known itself)."""
        limit = max_distance(word)
        if not limit or word in self.counts:
            return None
        own = _grams(word)
        # one edit changes at most three trigrams of the padded word
        need = max(1, len(own) - 3 * limit)
        shared: Counter[str] = Counter()
        for gram in own:
            shared.update(self.grams.get(gram, ()))
        best: tuple[int, int, str] | None = None
        for candidate, count in shared.items():
            if count < need:
                continue
            found = distance(word, candidate, limit)
            if found > limit:
                continue
            rank = (found, -self.counts[candidate], candidate)
            if best is None or rank < best:
                best = rank
        return best[2] if best else None
