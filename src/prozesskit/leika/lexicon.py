"""The curated Bürgersprache → Verwaltungssprache lexicon of the LeiKa search.

People ask with their words ("Mietzuschuss", "Angelschein", "Ausweis verloren"), the
catalogue names Leistungen with the administration's ("Wohngeld", "Fischereischein",
"Personalausweis … Verlust"). No stemmer bridges words that share no letters, so the
mapping is data: ``prozesskit/data/leika-lexikon.tsv``, one citizen word per line with
its catalogue words, grouped in sections that name their source. It is one-way (a
colloquial word finds the catalogue's word, not the other way round), and is read on
the first search only, so that CLI start-up stays lean.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DATA_PACKAGE = "prozesskit.data"
LEXICON_FILE = "leika-lexikon.tsv"
_SOURCE_MARK = "## Quelle:"


@dataclass(frozen=True, slots=True)
class Entry:
    """One line: the citizen's word, the catalogue's words, the section's source note."""

    word: str
    targets: tuple[str, ...]
    source: str
    line: int


def parse_lexicon(text: str, file: str = LEXICON_FILE) -> list[Entry]:
    """Entries of the TSV text; a line outside a ``## Quelle:`` section is an error
    (every mapping must say where it comes from). ``file`` names it in errors (the verb
    table of ``vorschlagen`` has the same format)."""
    entries: list[Entry] = []
    source = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith(_SOURCE_MARK):
            source = line[len(_SOURCE_MARK):].strip()
            continue
        if not line or line.startswith("#"):
            continue
        word, sep, rest = raw.partition("\t")
        targets = tuple(t.strip() for t in rest.split(",") if t.strip())
        if not sep or not targets or not word.strip():
            raise ValueError(f"{file}, Zeile {number}: erwartet "
                             "'Wort<TAB>Katalogwort, …'")
        if not source:
            raise ValueError(f"{file}, Zeile {number}: Eintrag vor der ersten "
                             f"'{_SOURCE_MARK}'-Zeile")
        entries.append(Entry(word.strip(), targets, source, number))
    return entries


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[Entry, ...]:
    """The packaged lexicon, read once per process."""
    text = resources.files(DATA_PACKAGE).joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    return tuple(parse_lexicon(text))
