"""k-fold cross-validation of `leika vorschlagen`'s learned rank model.

Why: the held-out half of the cases has been looked at as a whole figure again and again
while the rules were tuned, so it no longer measures unseen data exactly. For the learned
part (:mod:`prozesskit.leika.rangfolge`) a cross-validation is the honest figure: the model
is learned on k−1 folds of *all* cases (tuning and held-out) exactly as
:func:`prozesskit.leika.lernen.learn` learns it, and measured on the fold it never saw;
every case is measured once. The hand-weighted rules are the same in every fold, so
this says how well the *learning* carries over, not how well the rules were chosen.

Folds are fixed by a hash of the process id (another hash than the halves), so that the
split needs no seed and does not depend on order or count.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.lernen import training_rows
from prozesskit.leika.rangfolge import RANG_MERKMALE, fit
from prozesskit.leika.suggest import THRESHOLD
from prozesskit.leika.suggest_eval import Case, Figures, measure


def fold_of(ident: str, folds: int) -> int:
    """The fold of a process: fixed by its id."""
    digest = hashlib.sha256(f"kreuz:{ident}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % folds


def cross_validate(catalog: LeikaCatalog, cases: Sequence[Case], folds: int = 5,
                   min_score: float = THRESHOLD) -> list[Figures]:
    """The figures of each fold, measured with the model learned on the other folds."""
    if folds < 2:
        raise ValueError("Eine Kreuzvalidierung braucht mindestens 2 Teile")
    # every case's rows once: the folds only choose which of them a fit sees
    rows = {case.id: training_rows(catalog, case) for case in cases}
    result: list[Figures] = []
    for fold in range(folds):
        train_rows: list[list[float]] = []
        labels: list[bool] = []
        for case in cases:
            if fold_of(case.id, folds) != fold:
                case_rows, case_labels = rows[case.id]
                train_rows.extend(case_rows)
                labels.extend(case_labels)
        model = fit(RANG_MERKMALE, train_rows, labels)
        tested = [case for case in cases if fold_of(case.id, folds) == fold]
        result.append(measure(catalog, tested, None, min_score, model,
                              label=f"Teil {fold + 1}/{folds}"))
    return result
