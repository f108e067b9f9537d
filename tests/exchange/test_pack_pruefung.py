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
    with pytest.raises(PaketError, match="Formatversion 4; diese prozesskit-Version liest "
                                         "die Versionen 1, 2, 3"):
        parse_manifest(json.dumps({**old, "formatversion": 4}).encode())
    # a version 2 manifest (no quelle.produktrahmen) is read as before
    assert parse_manifest(json.dumps({**old, "formatversion": 2}).encode()).quelle \
        .produktrahmen is None


def _register_problems(seed: int) -> list[Problem]:
    """A register's worth of findings: files in several folders, rules at every level,
    some rules with many findings, some with one, several in one file at one place."""
    import random

    pick = random.Random(seed)
    rules = [("PK-S001", Level.ERROR), ("PK-S010", Level.WARN), ("PK-B050", Level.WARN),
             ("PK-B010", Level.ERROR), ("PK-S031", Level.WARN), ("PK-S999", Level.WARN)]
    problems = []
    for n in range(60):
        file = f"{pick.choice(['steckbriefe/01', 'steckbriefe/02', 'modelle'])}/d{n:02d}.yaml"
        for _ in range(pick.choice([0, 0, 1, 2, 5, 9, 30])):
            rule, level = pick.choice(rules[:5] if pick.random() < 0.95 else rules)
            line = pick.choice([None, 1, 2, 7])
            problems.append(Problem(file, line, None, rule, level, f"Befund {pick.random()}"))
    return sorted(set(problems), key=Problem.sort_key)


def test_the_tally_counts_and_lists_as_the_rows_do() -> None:
    """``pack`` counts from the memo's tally (``types.tally``) instead of every row where
    the tally can say: for every choice of files, the same ``pruefung`` as counting the
    rows, or None (then the rows are counted); with every file chosen it can always say."""
    import random

    from prozesskit.validation.types import tally

    said = 0
    for seed in range(40):
        problems = _register_problems(seed)
        rows = [(*p[:4], p.level.value, *p[5:]) for p in problems]
        counted = tally(rows)
        files = sorted({row[0] for row in rows})
        every = set(files)
        assert paket._tallied(counted, every, True) == paket._pruefung(rows, every, True)
        pick = random.Random(seed)
        for _ in range(10):
            chosen = {f for f in files if pick.random() < pick.choice([0.2, 0.6, 0.95])}
            from_tally = paket._tallied(counted, chosen, True)
            if from_tally is not None:
                said += 1
                assert from_tally == paket._pruefung(rows, chosen, True)
        if any(row[4] == "error" for row in rows):  # a refusal names the first errors
            assert paket._tallied(counted, every, False) is None
    assert said > 20  # a choice of most files (some left out) is counted from the tally too


def test_the_tally_keeps_more_than_a_package_lists() -> None:
    from prozesskit.validation.types import TALLY_FIRST

    assert TALLY_FIRST > BEFUNDE_JE_REGEL
