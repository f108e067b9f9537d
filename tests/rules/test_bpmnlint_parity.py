"""Parity of PK-B010–PK-B036 with bpmnlint on bpmnlint's own fixtures (243 manifest entries).

For each entry: parse with our safe parser, index, run only the entry's rule with the entry's
options, and compare the multiset of reported element ids with the manifest's expectation and
with what bpmnlint 11.13 itself reports.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from helpers import SHARED
from prozesskit.rules.bpmn import BPMN_RULE_MODULES, BY_BPMNLINT
from prozesskit.rules.bpmn._parity import (
    load_manifest,
    options_for,
    run_all,
    run_entry,
    summary,
)

CORPUS = Path(os.environ.get("PROZESSKIT_BPMNLINT_CORPUS",
                             str(SHARED / "corpus" / "bpmn" / "bpmnlint")))



def _entries() -> list[dict[str, Any]]:
    assert (CORPUS / "manifest.json").is_file(), f"bpmnlint-Korpus fehlt: {CORPUS}"
    return [e for e in load_manifest(CORPUS) if e["rule"] in BY_BPMNLINT]


def _id(entry: dict[str, Any]) -> str:
    return f"{entry['rule']}:{entry['fixture']}:{entry['expect']}:{entry.get('name', '')}"


def test_every_manifest_rule_is_ported() -> None:
    rules = {e["rule"] for e in load_manifest(CORPUS)}
    assert rules <= set(BY_BPMNLINT)
    assert len(BY_BPMNLINT) == len(BPMN_RULE_MODULES)


@pytest.mark.parametrize("entry", _entries(), ids=_id)
def test_parity(entry: dict[str, Any]) -> None:
    result = run_entry(entry, CORPUS)
    if not entry["lxml_well_formed"]:
        # bpmnlint's (lenient saxen) reader accepts this fixture; ours must not guess: the
        # file is rejected by the safe parser with a PK-B001 problem and no rule runs.
        assert result.rejected, "nicht wohlgeformte Fixture muss mit PK-B001 abgelehnt werden"
        assert result.actual is None
        return
    assert result.actual is not None, "wohlgeformte Fixture wurde vom Parser abgelehnt"
    if entry.get("upstream_skipped"):
        # bpmnlint marks these cases it.skip: the expected report is an aspiration the rule
        # does not implement. We port the rule as it is, so we report what bpmnlint 11.13
        # reports (nothing), not the aspiration.
        assert result.actual == result.bpmnlint == Counter()
        assert result.expected != result.actual
        return
    if entry.get("disputed"):
        # link-event: bpmnlint's own "correct" docs example has link events whose
        # linkEventDefinition carries no name (only the events are named). bpmnlint 11.13
        # reports them; so do we, because the rule reads the definition's name.
        assert result.actual == result.bpmnlint
        assert result.actual
        return
    if entry["expect"] == "valid":
        assert result.actual == Counter()
    else:
        assert result.actual == result.expected
    if result.bpmnlint is not None:
        assert result.actual == result.bpmnlint


def test_options_translation() -> None:
    module = BY_BPMNLINT["standard-size"]
    options = options_for(module, "{ 'bpmn:Task': { width: 120, height: 80 } }")
    assert options.groessen["bpmn:Task"].breite == 120
    assert options_for(module, "{ 'bpmn:Task': null }").groessen["bpmn:Task"] is None


def test_summary_counts_everything() -> None:
    results = run_all(CORPUS)
    lines = summary(results)
    assert lines[-1] == f"Gesamt: {len(results)} von {len(results)} Fixtures in Übereinstimmung"
    assert len(lines) == len({r.rule for r in results}) + 1
