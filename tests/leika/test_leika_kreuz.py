"""k-fold cross-validation of the learned rank model (`leika_vorschlag_eval.py --kreuz`):
every case is measured once, by a model that never learned from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from prozesskit.leika import kreuz
from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.rangfolge import Logistic
from prozesskit.leika.suggest_eval import RECALL_AT, Case, measure

CASES = Path(__file__).resolve().parent.parent / "data" / "leika-vorschlag-faelle.yaml"


def test_fold_is_fixed_by_the_id_and_spreads_the_cases(cases: list[Case]) -> None:
    assert kreuz.fold_of("geburt-beurkunden", 5) == kreuz.fold_of("geburt-beurkunden", 5)
    sizes = [sum(kreuz.fold_of(case.id, 5) == fold for case in cases) for fold in range(5)]
    assert sum(sizes) == len(cases) and min(sizes) >= 0.15 * len(cases), sizes


def test_each_fold_is_measured_by_a_model_that_never_saw_it(
        catalog: LeikaCatalog, cases: list[Case], monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = cases[::20]
    learned_from: list[set[str]] = []
    measured: list[tuple[set[str], Any]] = []

    def rows(_catalog: Any, case: Case) -> tuple[list[list[float]], list[bool]]:
        return [[float(chosen.index(case))]], [bool(case.keys)]

    def fit(_names: Any, train: list[list[float]], _labels: Any) -> Any:
        learned_from.append({chosen[int(row[0])].id for row in train})
        return object()

    def record(_catalog: Any, tested: list[Case], _part: Any, _min: Any, model: Any,
               label: str) -> Any:
        measured.append(({case.id for case in tested}, model))
        return label

    monkeypatch.setattr(kreuz, "training_rows", rows)
    monkeypatch.setattr(kreuz, "fit", fit)
    monkeypatch.setattr(kreuz, "measure", record)
    labels = kreuz.cross_validate(catalog, chosen, 4)
    assert labels == [f"Teil {n}/4" for n in range(1, 5)]
    everything = {case.id for case in chosen}
    tested = [ids for ids, _model in measured]
    assert set().union(*tested) == everything and sum(map(len, tested)) == len(everything)
    for train, test in zip(learned_from, tested, strict=True):
        assert not train & test and train | test == everything


def test_cross_validation_learns_and_measures_for_real(catalog: LeikaCatalog,
                                                       cases: list[Case]) -> None:
    chosen = [case for case in cases if case.keys][:24] + [
        case for case in cases if case.richtig][:6]
    figures = kreuz.cross_validate(catalog, chosen, 2)
    assert len(figures) == 2
    assert sum(fig.with_key for fig in figures) == 24
    assert sum(fig.without_key for fig in figures) == 6
    # a learned ranker finds most catalogue keys of these simple cases
    assert sum(fig.top3 for fig in figures) >= 18
    with pytest.raises(ValueError, match="mindestens 2"):
        kreuz.cross_validate(catalog, chosen, 1)


def test_measure_ranks_with_the_model_it_is_given(catalog: LeikaCatalog,
                                                          cases: list[Case]) -> None:
    chosen = [case for case in cases if case.keys][:40]
    packaged = measure(catalog, chosen)
    # a model that prefers the candidates the search found last
    width = len(packaged_model().names)
    backwards = Logistic(packaged_model().names, (0.0,) * width, (1.0,) * width,
                         tuple(1.0 if name == "log_position" else 0.0
                               for name in packaged_model().names))
    other = measure(catalog, chosen, model=backwards)
    assert other.top3 < packaged.top3 and other.first <= packaged.first
    # whether anything is proposed stays with the hand-weighted evidence
    def unproposed(fig: Any) -> int:
        return sum(1 for _case, keys in fig.misses if not keys)

    assert unproposed(other) == unproposed(packaged)


def packaged_model() -> Logistic:
    from prozesskit.leika.rangfolge import load_model

    return load_model()


def test_candidate_recall_bounds_every_ranking(catalog: LeikaCatalog,
                                               cases: list[Case]) -> None:
    chosen = [case for case in cases if case.keys][:60]
    fig = measure(catalog, chosen)
    assert len(fig.recall) == len(RECALL_AT) + 1
    at20, at50, anywhere = fig.recall
    assert fig.top3 <= anywhere and at20 <= at50 <= anywhere <= fig.with_key == 60
    assert at20 >= 0.9 * fig.with_key  # the search's first 20 hold almost every key
