"""How a Steckbrief names a Leistungsobjekt in words LeiKa spells otherwise (round 6).

Each case is a process name as Prozessmanager:innen write it; the key is the LeiKa
Leistung it means (LeiKa 2019), and it must come first, above the default threshold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.search import index_for, split_compound
from prozesskit.leika.suggest import (
    SteckbriefText,
    read_steckbrief,
    suggest,
    unnamed_objekt_words,
)
from prozesskit.leika.suggest_eval import Case, read_cases
from prozesskit.leika.verrichtung import verrichtungen


def _first(catalog: LeikaCatalog, name: str, **fields: object) -> str | None:
    hits = suggest(catalog, {"name": name, **fields})
    return hits[0].leistung.key if hits else None


@pytest.mark.parametrize(("name", "law", "key"), [
    # "Betrieb" frames the thing: a Genehmigung for Krankentransporte is one for their Betrieb
    ("Genehmigung für Krankentransporte erteilen", "§ 18 RettG NRW", "99084008001000"),
    # "Errichtung und Betrieb von Anlagen nach BImSchG" (with the law's abbreviation)
    ("Anlage nach dem Bundes-Immissionsschutzgesetz genehmigen", "§ 4 BImSchG",
     "99063009006000"),
])
def test_frame_nouns_make_no_other_leistung(catalog: LeikaCatalog, name: str, law: str,
                                            key: str) -> None:
    assert _first(catalog, name, rechtsgrundlagen=[{"name": law}]) == key


def test_a_part_of_a_document_is_no_other_leistung(catalog: LeikaCatalog) -> None:
    # "Zulassungsbescheinigung Teil I / Teil II": the name need not say which part
    assert _first(catalog, "Zulassungsbescheinigung nach Verlust ersetzen") in {
        "99036011036002", "99036012036002"}


def test_a_compound_names_its_head(catalog: LeikaCatalog) -> None:
    # "Jugendsprechstunde" is a Sprechstunde, though the search cannot split it ("Jugend"
    # is no catalogue word): before, no Sprechstunde was even a candidate
    fields = {"rechtsgrundlagen": [{"name": "§ 2 SGB VIII"}]}
    assert _first(catalog, "Kinder- und Jugendsprechstunde anbieten", **fields) == (
        "99003028078000")


def test_adjectives_of_the_same_noun_name_each_other(catalog: LeikaCatalog) -> None:
    # "gewerbsmäßig" / "Gewerbliche Tierhaltung"
    assert _first(catalog, "Erlaubnis für gewerbsmäßige Tierhaltung erteilen") == (
        "99110006005000")


@pytest.mark.parametrize(("name", "key"), [
    # law names and their abbreviations name the Leistungsobjekt they regulate
    ("Anmeldebescheinigung nach dem ProstSchG verlängern", "99050122104002"),
    # the Antragsart names the Verrichtungsdetail
    ("Wohngeld auf Erstantrag bewilligen", "99107023017001"),
    ("Wohngeld auf Weiterleistungsantrag bewilligen", "99107023017002"),
])
def test_lexicon_names_the_leistung(catalog: LeikaCatalog, name: str, key: str) -> None:
    assert _first(catalog, name) == key


def test_a_law_name_names_its_leistungsobjekt(catalog: LeikaCatalog) -> None:
    fields = {"rechtsgrundlagen": [{"name": "§ 10 Prostituiertenschutzgesetz (ProstSchG)"}]}
    assert _first(catalog, "Gesundheitliche Beratung nach dem Prostituiertenschutzgesetz "
                  "anbieten", **fields) == "99050122018000"


# --- catalogue processes (tests/data/leika-vorschlag-faelle.yaml, half `tuning`) ---------

CASES = Path(__file__).resolve().parent.parent / "data" / "leika-vorschlag-faelle.yaml"


@pytest.fixture(scope="module")
def cases() -> dict[str, Case]:
    return {case.id: case for case in read_cases(CASES)}


def _ranked(catalog: LeikaCatalog, case: Case) -> list[str]:
    return [hit.leistung.key for hit in suggest(catalog, case.fields)]


@pytest.mark.parametrize(("ident", "rank"), [
    # "Zucht, Haltung und zum Handel mit Tieren": one group, "Handel" names it
    ("erlaubnis-zum-handel-mit-tieren-erteilen", 0),
    # "Pfleger und Vormünder Beratung und Unterstützung": "Vormünder" names the group
    ("ehrenamtliche-vormuender-beraten", 2),
    # "X sicherstellen": see that X is done (Durchführung)
    ("befoerderung-von-schuelerinnen-und-schuelern-mit-behinderung-sicherstellen", 0),
    # lexicon: a Sportstätte is a Sporthalle or a Sportplatz
    ("sportstaette-an-vereine-vergeben", 0),
    # "Betriebs|erlaubnis", not "Betriebser|laubnis" (Laub → Gartenabfall)
    ("kita-traeger-zur-betriebserlaubnis-beraten", 2),
    # "Tonne" names no Leistungsobjekt of the catalogue: "Altpapier" is the object
    ("altpapiertonne-bereitstellen", 0),
])
def test_catalogue_process_gets_its_key_back(catalog: LeikaCatalog, cases: dict[str, Case],
                                             ident: str, rank: int) -> None:
    case = cases[ident]
    assert case.keys & set(_ranked(catalog, case)[:rank + 1]), _ranked(catalog, case)


def test_a_cut_off_compound_part_names_no_group(catalog: LeikaCatalog,
                                                cases: dict[str, Case]) -> None:
    # "Pfändungs- und Überweisungsbeschluss" (court, ZPO) is not the authority's
    # "Pfändungs- und Einziehungsverfügung": "Pfändungs-" alone names no Beschluss
    case = cases["pfaendungs-und-einziehungsverfuegung-erlassen"]
    assert "99046050171000" not in _ranked(catalog, case)


def test_a_split_into_catalogue_words_goes_first(catalog: LeikaCatalog) -> None:
    index = index_for(catalog)
    assert split_compound("betriebserlaub", index.postings) == ["betriebs", "erlaub"]
    assert split_compound("sperrmulltermin", index.postings) == ["sperrmull", "termin"]
    # the index keeps each split once; callers get their own list
    parts = index.split("sperrmulltermin")
    parts.append("x")
    assert index.split("sperrmulltermin") == ["sperrmull", "termin"]


def test_each_word_of_a_hyphenated_noun_must_be_named(catalog: LeikaCatalog) -> None:
    # "EMAS-Register" is no register in general: "EMAS" joins no group with "Register"
    index, table = index_for(catalog), verrichtungen(catalog)
    reading = read_steckbrief(SteckbriefText("Eintragung ins Register vornehmen"), index, table)
    emas = catalog.get("99090006060000")
    assert emas is not None and emas.bezeichnung == "EMAS-Register Eintragung"
    assert unnamed_objekt_words(emas, catalog, reading.cited, reading.naming) == 1


def test_a_negation_picks_its_verrichtungsdetail(catalog: LeikaCatalog) -> None:
    # "in nicht offenen Verfahren" / "in offenen Verfahren": "nicht" is a search stopword
    assert _first(catalog, "Auftrag im nicht offenen Verfahren vergeben") == "99120001107002"
    assert _first(catalog, "Auftrag im offenen Verfahren vergeben") == "99120001107001"
