"""LeiKa search: German-aware matching and ranking (the must-hold cases of the brief)."""

from __future__ import annotations

import pytest

from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.search import search
from prozesskit.leika.text import fold, stem, stems


def keys(catalog: LeikaCatalog, query: str, limit: int = 10) -> list[str]:
    return [hit.leistung.key for hit in search(catalog, query, limit=limit)]


def test_gewerbe_anmelden_first(catalog: LeikaCatalog) -> None:
    assert keys(catalog, "Gewerbe anmelden")[0] == "99050012104000"


def test_compound_query_gewerbeanmeldung(catalog: LeikaCatalog) -> None:
    assert keys(catalog, "Gewerbeanmeldung")[0] == "99050012104000"


@pytest.mark.parametrize("query", ["Kfz", "Fahrzeug"])
def test_kfz_and_fahrzeug_find_zulassung(catalog: LeikaCatalog, query: str) -> None:
    hits = search(catalog, query, limit=10)
    assert any("Zulassung" in hit.leistung.bezeichnung for hit in hits), [
        hit.leistung.bezeichnung for hit in hits]


def test_kfz_zulassen_first(catalog: LeikaCatalog) -> None:
    assert keys(catalog, "Kfz zulassen")[0] == "99036008007000"  # Kraftfahrzeug Zulassung


def test_full_key_first(catalog: LeikaCatalog) -> None:
    hits = search(catalog, "99050012104000")
    assert hits[0].leistung.key == "99050012104000"
    assert hits[0].score == 1.0


def test_key_prefix(catalog: LeikaCatalog) -> None:
    found = keys(catalog, "99050012", limit=50)
    assert found and all(key.startswith("99050012") for key in found)
    assert found == sorted(found)
    assert keys(catalog, "9905") == []  # fewer than 5 digits: not a key, no words either


def test_unknown_key_gives_nothing(catalog: LeikaCatalog) -> None:
    assert keys(catalog, "99107023037000") == []  # newer than Stand 2019


def test_wohngeld(catalog: LeikaCatalog) -> None:
    hits = search(catalog, "Wohngeld")
    assert hits[0].leistung.key == "99107023000000"
    assert all("ohngeld" in hit.leistung.bezeichnung for hit in hits[:5])


@pytest.mark.parametrize("query", ["Führerschein", "Fuehrerschein", "Fuhrerschein",
                                   "FÜHRERSCHEIN"])
def test_umlaut_spellings(catalog: LeikaCatalog, query: str) -> None:
    hits = search(catalog, query)
    assert hits[0].leistung.bezeichnung == "Führerschein"


def test_ausweis_finds_personalausweis(catalog: LeikaCatalog) -> None:
    assert search(catalog, "Ausweis")[0].leistung.key == "99008001000000"


def test_generic_verb_does_not_dominate(catalog: LeikaCatalog) -> None:
    assert keys(catalog, "Personalausweis beantragen")[0].startswith("99008001")


def test_limit_and_empty(catalog: LeikaCatalog) -> None:
    assert len(search(catalog, "Steuer", limit=3)) == 3
    assert search(catalog, "") == []
    assert search(catalog, "der die das") == []
    assert search(catalog, "Gewerbe", limit=0) == []


def test_scores_descend(catalog: LeikaCatalog) -> None:
    scores = [hit.score for hit in search(catalog, "Hund anmelden", limit=20)]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(("verb", "noun"), [
    ("anmelden", "Anmeldung"), ("zulassen", "Zulassung"), ("erteilen", "Erteilung"),
    ("beantragen", "Antrag"), ("ändern", "Änderung"), ("übermitteln", "Übermittlung"),
    ("verlängern", "Verlängerung"), ("erlauben", "Erlaubnis"), ("abgeben", "Abgabe"),
])
def test_verb_meets_nominalisation(verb: str, noun: str) -> None:
    assert stems(verb) == stems(noun)


def test_fold() -> None:
    assert fold("Führerschein") == fold("Fuehrerschein") == fold("fuhrerschein")
    assert fold("Straße") == "strasse"
    assert fold("bauen") == "bauen"  # a diphthong plus e is not an umlaut
    assert stem(fold("Ausweise")) == stem(fold("Ausweis"))
