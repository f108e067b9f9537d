"""Which candidate `leika vorschlagen` proposes: the learned order, within the limits of
suggest._may_lead (whether anything is proposed stays with the hand-weighted evidence)."""

from __future__ import annotations

from pathlib import Path

from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.suggest import THRESHOLD, candidates, proposals, suggest
from prozesskit.leika.suggest_eval import TUNING, read_cases

CASES = Path(__file__).resolve().parent.parent / "data" / "leika-vorschlag-faelle.yaml"


def test_learned_order_proposes_the_named_verrichtung_of_another_object(
        catalog: LeikaCatalog) -> None:
    # before: "Gewerbe Wiedergestattung" (best evidence, 0.57) was proposed
    case = next(c for c in read_cases(CASES)
                if c.id == "fortfuehrung-eines-gewerbes-durch-stellvertreter-gestatten")
    assert case.part == TUNING
    hits = suggest(catalog, case.fields)
    assert hits[0].leistung.key == "99050079056000"  # Fortführung … Gestattung
    # proposed although its own evidence is below the threshold: another candidate's
    # evidence reached it, so the Steckbrief names a Leistung; the order says which
    assert hits[0].score < THRESHOLD <= max(hit.score for hit in hits)


def test_a_named_verrichtung_alone_names_no_leistung(catalog: LeikaCatalog) -> None:
    # the learned order puts "Strafantrag Aufnahme" (0.16) before "Rente" (0.40): only the
    # verb "aufnehmen" speaks for it
    found = candidates(catalog, {"name": "Rentenantrag aufnehmen"})
    hits = proposals(found, min_score=0.3)
    assert hits[0].leistung.key == "99114012000000"  # Rente
    assert "99089075034000" in [hit.leistung.key for hit in hits]


def test_a_fully_named_object_keeps_its_place_before_another_object(
        catalog: LeikaCatalog) -> None:
    # "Hundehaltung Anmeldung" (TierSchG) names the verb, but the Steckbrief says Hundesteuer
    fields = {"name": "Hund zur Hundesteuer anmelden",
              "rechtsgrundlagen": [{"name": "Hundesteuersatzung der Stadt"}]}
    keys = [hit.leistung.key for hit in suggest(catalog, fields, limit=5)]
    assert keys[0] == "99102013000000" and "99110009104000" in keys


def test_a_detail_of_the_same_verrichtung_stays_with_the_evidence(
        catalog: LeikaCatalog) -> None:
    # the learned order prefers the plain "Wohngeld Bewilligung"; the Antragsart names the
    # detail "erneut"
    hits = suggest(catalog, {"name": "Wohngeld auf Weiterleistungsantrag bewilligen"})
    assert hits[0].leistung.key == "99107023017002"
    assert "99107023017000" in [hit.leistung.key for hit in hits]


def test_nothing_is_proposed_below_the_threshold_whatever_the_order(
        catalog: LeikaCatalog) -> None:
    found = candidates(catalog, {"name": "Rentenantrag aufnehmen"})
    assert proposals(found) == []
