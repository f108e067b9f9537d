"""The Bürgersprache lexicon and the search figures on the query set in tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.evaluate import measure, read_queries
from prozesskit.leika.lexicon import load_lexicon, parse_lexicon
from prozesskit.leika.search import index_for, search, synonyms
from prozesskit.leika.text import stem, words

QUERIES = Path(__file__).resolve().parent.parent / "data" / "leika-queries.yaml"

#: Reached when the search was built (tools/leika_eval.py); the held-out half was not
#: used for tuning. A change that lowers them must say why.
HELDOUT_TOP1 = 0.81  # 35 of 43
HELDOUT_TOP5 = 0.97  # 42 of 43
TUNING_TOP1 = 0.87  # 36 of 41
TUNING_TOP5 = 1.0  # 41 of 41


def top(catalog: LeikaCatalog, query: str, limit: int = 1) -> list[str]:
    return [hit.leistung.key for hit in search(catalog, query, limit=limit)]


def test_lexicon_is_large_and_every_entry_has_a_source() -> None:
    entries = load_lexicon()
    assert len(entries) >= 300
    assert all(entry.source for entry in entries)
    assert len({entry.source for entry in entries}) >= 5


def test_every_lexicon_entry_reaches_the_catalogue(catalog: LeikaCatalog) -> None:
    """An entry none of whose words the catalogue uses would silently find nothing."""
    vocabulary = index_for(catalog).postings
    dead = [(entry.line, entry.word) for entry in load_lexicon()
            if not any(any(stem(w) in term for term in vocabulary)
                       for target in entry.targets for w in words(target))]
    assert dead == []


def test_lexicon_line_without_source_is_rejected() -> None:
    with pytest.raises(ValueError, match="Zeile 1"):
        parse_lexicon("auto\tKraftfahrzeug\n")
    with pytest.raises(ValueError, match="Zeile 2"):
        parse_lexicon("## Quelle: x\nauto Kraftfahrzeug\n")


@pytest.mark.parametrize(("query", "key"), [
    ("Mietzuschuss", "99107023000000"),  # Wohngeld: no shared letters
    ("Angelschein", "99042001000000"),  # Fischereischein
    ("Sperrmülltermin", "99001009004002"),  # compound with a lexicon word: Abholung
    ("Grundsteuerbescheid", "99102012002000"),  # three-part compound → Festsetzung
])
def test_citizen_words_find_the_catalogue_leistung(catalog: LeikaCatalog, query: str,
                                                   key: str) -> None:
    assert key in top(catalog, query, 2)


def test_staatsbuergerschaft_finds_einbuergerung(catalog: LeikaCatalog) -> None:
    assert any(k.startswith("99099002") for k in top(catalog, "Staatsbürgerschaft", 5))


def test_inflection_verloren_finds_verlust(catalog: LeikaCatalog) -> None:
    assert top(catalog, "Personalausweis verloren", 2)[0] in {"99008001014002",
                                                               "99008001012003"}


def test_verrichtung_prefers_specific_over_parent(catalog: LeikaCatalog) -> None:
    assert top(catalog, "Wohngeld beantragen")[0] == "99107023017000"  # Bewilligung


def test_generic_verb_stands_for_verrichtungen_not_for_antrag() -> None:
    assert "antrag" not in synonyms().get(stem("beantragen"), frozenset())
    assert stem("ausstellung") in synonyms()[stem("beantragen")]


def test_figures_on_own_query_set(catalog: LeikaCatalog) -> None:
    queries = read_queries(QUERIES)
    assert len(queries) >= 60
    held = measure(catalog, queries, "heldout")
    tuned = measure(catalog, queries, "tuning")
    assert held.count >= 30 and tuned.count >= 30
    assert held.top1 >= HELDOUT_TOP1 and held.top5 >= HELDOUT_TOP5, held.misses
    assert tuned.top1 >= TUNING_TOP1 and tuned.top5 >= TUNING_TOP5, tuned.misses


SMALL = """# stand: test
leika\tbezeichnung\ttypisierung\tozg_id\tozg_leistung\tlebenslage\tthemenfeld\trechtsgrundlage
99012008000000\tBaugenehmigung\t4\t1\tBaugenehmigung\tBauen\tBauen\t
99012008001000\tBaugenehmigung Erteilung\t4\t1\tBaugenehmigung\tBauen\tBauen\t
99012008010000\tBaugenehmigung Befreiung\t4\t1\tBaugenehmigung\tBauen\tBauen\t
99012008015000\tBaugenehmigung Statusabfrage vereinfacht\t4\t1\tBaugenehmigung\tBauen\tBauen\t
99001009000000\tSperrmüll\t5\t2\tAbfall\tWohnen\tUmwelt\t
99001009004000\tSperrmüll Entsorgung\t5\t2\tAbfall\tWohnen\tUmwelt\t
"""


def test_named_verrichtung_puts_the_child_before_the_bare_parent() -> None:
    from prozesskit.leika.catalog import parse_catalog

    small = parse_catalog(SMALL)
    assert top(small, "Baugenehmigung beantragen")[0] == "99012008001000"  # Erteilung
    assert top(small, "Baugenehmigung")[0] == "99012008000000"  # no Verrichtung named
    assert top(small, "Sperrmüll entsorgen")[0] == "99001009004000"
