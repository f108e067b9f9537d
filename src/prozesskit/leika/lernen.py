"""Learn :mod:`prozesskit.leika.rangfolge`'s models from the tuning half of the cases.

In the library (not only in ``tools/``) so that the test that checks the packaged model
and the tool that writes it learn the same way (as :mod:`prozesskit.leika.suggest_eval`
is shared by the figures test and their tool). Only the tuning half is read: the
held-out half is for checking the figures, never for learning.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from prozesskit.leika.catalog import LeikaCatalog, load_catalog
from prozesskit.leika.rangfolge import RANG_MERKMALE, Rang, fit, rang_vector
from prozesskit.leika.suggest import candidates
from prozesskit.leika.suggest_eval import TUNING, Case, read_cases

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "leika-vorschlag-modell.json"
#: Each tuning case is learned twice: as frozen, and without these fields. In the
#: Blaupausen, OZG and Rechtsgrundlagen of a process with key are copied from the LeiKa
#: row of that very key (tools/build_catalogue.py) and processes from product plans have
#: none; learned only with them, the models took "OZG and law agree" for proof and
#: proposed almost nothing for a Steckbrief that has only a name (tuning half, name only:
#: 43 % first instead of 67 % before). Real Steckbriefe come in both forms.
NAME_ONLY_WITHOUT = ("ozg", "rechtsgrundlagen")


def learn(catalog: LeikaCatalog, cases: Sequence[Case],
          parts: Collection[str] = (TUNING,)) -> Rang:
    """The rank model from the cases of ``parts`` (by default the tuning half; the other
    half is ignored): one row per candidate; right = one of the process's keys (with key)
    or a proposal a person judged right (without key)."""
    rows: list[list[float]] = []
    labels: list[bool] = []
    for case in cases:
        if case.part in parts:
            case_rows, case_labels = training_rows(catalog, case)
            rows.extend(case_rows)
            labels.extend(case_labels)
    return fit(RANG_MERKMALE, rows, labels)


def training_rows(catalog: LeikaCatalog, case: Case) -> tuple[list[list[float]], list[bool]]:
    """One case's rows: its candidates as frozen and once more without
    :data:`NAME_ONLY_WITHOUT`."""
    right = case.keys or case.richtig
    rows: list[list[float]] = []
    labels: list[bool] = []
    for fields in (case.fields, name_only(case.fields)):
        for leistung, evidence in candidates(catalog, fields):
            rows.append(rang_vector(evidence))
            labels.append(leistung.key in right)
    return rows, labels


def name_only(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A case's fields without those the Blaupausen copy from the answer's LeiKa row."""
    return {name: value for name, value in fields.items() if name not in NAME_ONLY_WITHOUT}


def learn_from_cases(path: Path) -> Rang:
    return learn(load_catalog(), read_cases(path))
