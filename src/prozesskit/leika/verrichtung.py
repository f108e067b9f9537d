"""Which Verrichtung a Steckbrief names, and which Verrichtungen a Leistungsobjekt has.

A LeiKa key is Leistungsobjekt (digits 1–8) + Verrichtung (9–11) + Verrichtungsdetail
(12–14). The Verrichtung codes are the same across the catalogue (058 is always
"Durchführung", 152 "Herausgabe"), and their names can be read off the catalogue itself: a
Leistung with detail 000 is named "<Objekt> <Verrichtung>". Process names say the same with
a verb ("Einwohnerversammlung *einberufen*", "Fundsache *herausgeben*") that often shares
no letters with the Verrichtung; the verb table ``prozesskit/data/leika-verben.tsv`` maps
the verbs of Steckbrief names onto Verrichtung names, so that ``vorschlagen`` can tell the
object's Verrichtungen apart instead of falling back to the bare object.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.lexicon import parse_lexicon
from prozesskit.leika.text import fold, stem, stems

DATA_PACKAGE = "prozesskit.data"
VERB_FILE = "leika-verben.tsv"
OBJECT_DIGITS = 8
PARENT_TAIL = "000000"
_DETAIL_NONE = "000"


@dataclass(frozen=True, slots=True)
class Verrichtungen:
    """The catalogue's Verrichtung codes with their names, and each object's children."""

    names: Mapping[str, str]  # code → name ("058" → "Durchführung")
    codes_by_stems: Mapping[tuple[str, ...], frozenset[str]]  # stems of a name → codes
    children: Mapping[str, tuple[str, ...]]  # object prefix → keys with detail 000
    #: object prefix → every key with a Verrichtung, details too: "Blaue Karte EU" has
    #: only "… Erteilung zur Ausübung einer Beschäftigung", no plain "… Erteilung"
    detailed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: stems of the bare objects' Bezeichnungen: the words a Leistungsobjekt is called by
    object_words: frozenset[str] = frozenset()

    def object_codes(self, prefix: str) -> frozenset[str]:
        """The Verrichtungen an object has, with or without detail."""
        return frozenset(key[OBJECT_DIGITS:OBJECT_DIGITS + 3]
                         for key in self.detailed.get(prefix, ()))

    def codes_for_name(self, name: str) -> frozenset[str]:
        return self.codes_by_stems.get(tuple(stems(name)), frozenset())


def code_of(key: str) -> str | None:
    """The Verrichtung code of a key, None for a bare Leistungsobjekt."""
    if key.endswith(PARENT_TAIL):
        return None
    return key[OBJECT_DIGITS:OBJECT_DIGITS + 3]


@lru_cache(maxsize=4)
def verrichtungen(catalog: LeikaCatalog) -> Verrichtungen:
    """Read the Verrichtung names off the catalogue (the words a child adds to its object)."""
    tails: dict[str, Counter[str]] = {}
    children: dict[str, list[str]] = {}
    detailed: dict[str, list[str]] = {}
    object_words: set[str] = set()
    for leistung in catalog:
        key = leistung.key
        code = code_of(key)
        if code is None:
            object_words.update(stems(leistung.bezeichnung))
        if code is not None:
            detailed.setdefault(key[:OBJECT_DIGITS], []).append(key)
        if code is None or not key.endswith(_DETAIL_NONE):
            continue
        prefix = key[:OBJECT_DIGITS]
        children.setdefault(prefix, []).append(key)
        parent = catalog.get(prefix + PARENT_TAIL)
        if parent is None or not leistung.bezeichnung.startswith(parent.bezeichnung):
            continue
        tail = leistung.bezeichnung[len(parent.bezeichnung):].strip()
        if tail:
            tails.setdefault(code, Counter())[tail] += 1
    names = {code: counter.most_common(1)[0][0] for code, counter in tails.items()}
    by_stems: dict[tuple[str, ...], set[str]] = {}
    for code, name in names.items():
        by_stems.setdefault(tuple(stems(name)), set()).add(code)
    return Verrichtungen(names, {k: frozenset(v) for k, v in by_stems.items()},
                         {k: tuple(v) for k, v in children.items()},
                         {k: tuple(v) for k, v in detailed.items()}, frozenset(object_words))


@lru_cache(maxsize=1)
def verb_table() -> dict[str, tuple[str, ...]]:
    """Stem of a verb (or noun) of Steckbrief names → the Verrichtung names it stands for."""
    text = resources.files(DATA_PACKAGE).joinpath(VERB_FILE).read_text(encoding="utf-8")
    table: dict[str, tuple[str, ...]] = {}
    for entry in parse_lexicon(text, VERB_FILE):
        table[stem(fold(entry.word))] = entry.targets
    return table


def named_codes(words: Iterable[str], table: Verrichtungen) -> frozenset[str]:
    """Verrichtung codes the given stems name: a stem that is a Verrichtung itself
    ("zulass" in "Zulassung"), or a verb of the table ("einberuf" → Durchführung)."""
    verbs = verb_table()
    codes: set[str] = set()
    for word in words:
        codes.update(table.codes_by_stems.get((word,), frozenset()))
        for name in verbs.get(word, ()):
            codes.update(table.codes_for_name(name))
    return frozenset(codes)
