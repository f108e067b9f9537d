"""The learned rank model of `leika vorschlagen`: its fit, and that the packaged weights
are what the tuning half teaches (never the held-out half)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from prozesskit.leika import lernen
from prozesskit.leika.catalog import load_catalog
from prozesskit.leika.rangfolge import (
    RANG_MERKMALE,
    fit,
    load_model,
    model_from_json,
    model_to_json,
)
from prozesskit.leika.suggest_eval import HELDOUT, TUNING, read_cases

CASES = Path(__file__).resolve().parent.parent / "data" / "leika-vorschlag-faelle.yaml"


def test_fit_learns_which_feature_speaks_for_a_candidate() -> None:
    # the second feature separates the labels, the third is noise
    rows = [[1.0, x / 10, (x * 7) % 5] for x in range(20)]
    labels = [x >= 12 for x in range(20)]
    model = fit(("konstante", "a", "b"), rows, labels)
    assert model.weights[1] > 1.0 > abs(model.weights[2])
    assert model.probability([1.0, 1.9, 2.0]) > 0.8 > 0.2 > model.probability(
        [1.0, 0.1, 2.0])


def test_model_file_round_trips_and_names_its_features() -> None:
    model = load_model()
    assert model.names == RANG_MERKMALE
    assert model_from_json(json.loads(json.dumps(model_to_json(model)))) == model
    broken = model_to_json(model)
    broken["rang"]["merkmale"] = list(RANG_MERKMALE[:-1])
    with pytest.raises(ValueError, match="neu lernen"):
        model_from_json(broken)


def test_learning_reads_only_the_tuning_half(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = read_cases(CASES)
    seen: list[Any] = []

    def record(_catalog: Any, fields: Any) -> list[Any]:
        seen.append(fields["id"])
        return []

    monkeypatch.setattr(lernen, "candidates", record)
    monkeypatch.setattr(lernen, "fit", lambda *args: None)
    lernen.learn(load_catalog(), cases)
    parts = {case.id: case.part for case in cases}
    assert seen and {parts[ident] for ident in seen} == {TUNING}
    assert any(case.part == HELDOUT for case in cases)
    # each case twice: as frozen, and without the fields copied from the answer's row
    assert len(seen) == 2 * sum(case.part == TUNING for case in cases)


def test_packaged_model_is_what_the_tuning_half_teaches() -> None:
    # `python tools/leika_vorschlag_lernen.py` after a change of features or cases
    assert lernen.learn_from_cases(CASES).close_to(load_model())
