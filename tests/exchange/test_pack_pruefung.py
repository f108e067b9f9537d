"""The validation result a package carries: every finding counted by rule, the first
findings of each rule listed, the rest counted as left out (a register's thousands of
findings made the manifest megabytes large; the receiver's own ``validate`` lists them all
under her conventions)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from helpers import REPO
from prozesskit.errors import InputError, PaketError
from prozesskit.exchange import paket
from prozesskit.exchange.kennung import BEFUNDE_JE_REGEL
from prozesskit.exchange.manifest import parse_manifest
from prozesskit.problem import Level, Problem

A = "steckbriefe/a.yaml"
B = "steckbriefe/b.yaml"


def _plan(problems: list[Problem], *, force: bool = True) -> paket.PackPlan:
    chosen = [paket._Steckbrief(A, "a", "A", {}), paket._Steckbrief(B, "b", "B", {})]
    files = {A: (6, "0" * 64, b"id: a\n"), B: (6, "1" * 64, b"id: b\n")}
    return paket.plan(problems, chosen, files, {}, force=force)


def _problems() -> list[Problem]:
    many = [Problem(A if n < 15 else B, n + 1, None, "PK-S010", Level.WARN, f"Warnung {n}")
            for n in range(BEFUNDE_JE_REGEL + 5)]
    errors = [Problem(B, 3, None, "PK-S001", Level.ERROR, "Pflichtfeld fehlt")]
    elsewhere = [Problem("steckbriefe/nicht-gepackt.yaml", 1, None, "PK-S010", Level.WARN, "x")]
    return sorted([*many, *errors, *elsewhere], key=Problem.sort_key)


def test_findings_are_counted_by_rule_and_listed_up_to_the_cap() -> None:
    pruefung = _plan(_problems()).pruefung
    assert pruefung["fehler"] == 1 and pruefung["warnungen"] == BEFUNDE_JE_REGEL + 5
    assert pruefung["erzwungen"] is True
    assert pruefung["regeln"] == [
        {"regel": "PK-S001", "stufe": "error", "anzahl": 1},
        {"regel": "PK-S010", "stufe": "warn", "anzahl": BEFUNDE_JE_REGEL + 5}]
    listed = pruefung["befunde"]
    assert len(listed) == BEFUNDE_JE_REGEL + 1 and pruefung["ausgelassen"] == 5
    warnings = [b for b in listed if b["regel"] == "PK-S010"]
    assert [b["meldung"] for b in warnings] == [f"Warnung {n}" for n in range(BEFUNDE_JE_REGEL)]
    assert {"datei": B, "zeile": 3, "regel": "PK-S001", "stufe": "error",
            "meldung": "Pflichtfeld fehlt"} in listed
    assert all(b["datei"] in (A, B) for b in listed)  # only the packed files' findings


def test_manifest_with_capped_findings_matches_schema_and_reads_back() -> None:
    plan = _plan(_problems())
    raw = next(plan.entries())[1]
    schema = json.loads((REPO / "schemas" / "prozesskit-paket.schema.json").read_text())
    jsonschema.validate(json.loads(raw), schema)
    manifest = parse_manifest(raw)
    assert manifest.pruefung.ausgelassen == 5
    assert [(r.regel, r.anzahl) for r in manifest.pruefung.regeln] == [
        ("PK-S001", 1), ("PK-S010", BEFUNDE_JE_REGEL + 5)]
    assert raw == next(_plan(_problems()).entries())[1]  # deterministic


def test_errors_refuse_without_force() -> None:
    with pytest.raises(InputError, match="Nicht gepackt: 1 Fehler"):
        _plan(_problems(), force=False)


def test_version_1_manifests_are_still_read_and_unknown_versions_refused() -> None:
    old = {"format": "prozesskit-paket", "formatversion": 1, "prozesskit": "0.1.0",
           "quelle": {}, "prozesse": [], "dateien": [],
           "pruefung": {"fehler": 0, "warnungen": 1, "erzwungen": False,
                        "befunde": [{"datei": A, "regel": "PK-S010", "stufe": "warn",
                                     "meldung": "x"}]}}
    manifest = parse_manifest(json.dumps(old).encode())
    assert manifest.formatversion == 1 and manifest.pruefung.regeln == []
    with pytest.raises(PaketError, match="Formatversion 3; diese prozesskit-Version liest "
                                         "die Versionen 1, 2"):
        parse_manifest(json.dumps({**old, "formatversion": 3}).encode())
