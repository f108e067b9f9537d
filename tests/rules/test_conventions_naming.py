"""Unit tests of the naming heuristics behind PK-S011/S012 and PK-B050 … PK-B056."""

from __future__ import annotations

import pytest

from prozesskit.bpmn.query import comparable_name, normalise_label
from prozesskit.model.naming import generic_verbs
from prozesskit.model.naming import name_words as words
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.conventions import aktivitaet_objekt_verb, ereignis_zustand
from prozesskit.rules.steckbrief import generisches_verb, name_objekt_verrichtung
from prozesskit.yamlio.read import parse_yaml


@pytest.mark.parametrize(("raw", "expected"), [
    ("Antrag\nformell  prüfen", "Antrag formell prüfen"),
    ("Gewerbe-\nanmeldung prüfen", "Gewerbeanmeldung prüfen"),
    ("Bau- und\nAbrissantrag prüfen", "Bau- und Abrissantrag prüfen"),
    ("Kfz-Zulassung prüfen", "Kfz-Zulassung prüfen"),
    ("   ", None),
    (None, None),
])
def test_normalise_label(raw: str | None, expected: str | None) -> None:
    assert normalise_label(raw) == expected


def test_words_drop_trailing_parenthesis_and_punctuation() -> None:
    assert words("Antrag erfassen (GEWAN).") == ["Antrag", "erfassen"]


def _steckbrief(name: str) -> SteckbriefDoc:
    doc, _ = parse_yaml(f"id: x\nname: {name}\n".encode(), "steckbriefe/x.yaml")
    assert doc is not None
    return SteckbriefDoc("steckbriefe/x.yaml", doc, None)


@pytest.mark.parametrize(("name", "fits"), [
    ("Antrag prüfen.", True), ("„Antrag“ prüfen", True), ("Antrag prüfen!", True),
    ("Fahrzeug zulassen (Neuzulassung).", True), ("Antrag Prüfung.", False), ("Prüfen.", False),
])
def test_steckbrief_and_activity_names_agree(name: str, fits: bool) -> None:
    """One word splitter: "Antrag prüfen." failed PK-S011 but passed PK-B050."""
    steckbrief = list(name_objekt_verrichtung.check(_steckbrief(name), None, RuleContext()))
    assert (steckbrief == []) is fits
    assert (aktivitaet_objekt_verb.problem(name) is None) is fits


@pytest.mark.parametrize("name", ["Antrag bearbeiten.", "Prüfung durchführen (intern)."])
def test_generic_verbs_agree(name: str) -> None:
    """PK-S012 and PK-B051 both see the verb behind the full stop (PK-S012 saw "bearbeiten.")."""
    assert len(list(generisches_verb.check(_steckbrief(name), None, RuleContext()))) == 1
    assert words(name)[-1].casefold() in generic_verbs()


@pytest.mark.parametrize("name", [
    "Antrag formell prüfen", "Gebühr festsetzen", "Daten an Finanzamt übermitteln",
    "Gewerbeanmeldung ändern", "Bescheid erstellen und versenden",
    "Unterlagen nachfordern (optional)",
])
def test_activity_names_ok(name: str) -> None:
    assert aktivitaet_objekt_verb.problem(name) is None


@pytest.mark.parametrize("name", [
    "Prüfen", "Prüfung des Antrags", "Antrag wird geprüft", "Antrag Prüfen",
    "Antrag geprüft", "Bescheid",
])
def test_activity_names_flagged(name: str) -> None:
    assert aktivitaet_objekt_verb.problem(name) is not None


@pytest.mark.parametrize("name", [
    "Antrag eingegangen", "Bescheid versandt", "Genehmigung erteilt", "Antrag abgelehnt",
    "Verfahren abgeschlossen", "Antrag zurückgezogen", "Frist abgelaufen",
    "Stellungnahme erhalten", "Unterlagen vollständig", "Zahlung ausstehend",
    "Antrag angenommen", "Widerspruch entschieden",
])
def test_event_states_ok(name: str) -> None:
    assert ereignis_zustand.problem(name) is None


@pytest.mark.parametrize("name", [
    "Antrag prüfen", "Ende", "Start", "Antrag genehmigen", "Formular abgeben",
    "Bescheid versenden", "Daten ändern", "Prozessende", "Antrag Eingang",
])
def test_event_states_flagged(name: str) -> None:
    assert ereignis_zustand.problem(name) is not None


@pytest.mark.parametrize(("a", "b"), [
    ("Gewerbeanmeldung entgegennehmen", "gewerbeanmeldung  entgegennehmen (IST)"),
    ("Baugenehmigung erteilen", "Baugenehmigung\nerteilen (Soll)"),
])
def test_comparable_names(a: str, b: str) -> None:
    assert comparable_name(a) == comparable_name(b)
