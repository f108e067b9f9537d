"""Order the candidates of ``vorschlagen`` with weights learned from the tuning half of
the catalogue cases instead of set by hand.

Why learned: the hand-weighted score of :mod:`prozesskit.leika.suggest` combines a dozen
pieces of evidence (coverage of Bezeichnung and name, the Leistungsobjekt named or not,
Verrichtung and detail, OZG and law) with weights tuned one rule at a time; each new rule
helped the cases it was written for and barely the others. A logistic regression over the
same pieces (:data:`RANG_MERKMALE`) weighs them all at once against every tuning case: the
probability that a candidate is the Steckbrief's Leistung orders the candidates. Whether
anything is proposed at all stays with the hand-weighted score (see
:func:`prozesskit.leika.suggest.suggest`): a learned "propose or not" fitted the tuning
half and did not carry over to the held-out half.

The weights live in ``prozesskit/data/leika-vorschlag-modell.json``, written by
``tools/leika_vorschlag_lernen.py`` from the tuning half of
``tests/data/leika-vorschlag-faelle.yaml`` only (a test checks that the file is what the
tool learns). :func:`fit` is plain Python (Newton's method), no numeric package needed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

DATA_PACKAGE = "prozesskit.data"
MODEL_FILE = "leika-vorschlag-modell.json"
#: Ridge penalty of the fit: keeps weights of rarely varying features small.
L2 = 1.0
NEWTON_STEPS = 12
_CLIP = 30.0


@dataclass(frozen=True, slots=True)
class Merkmale:
    """The evidence :mod:`prozesskit.leika.suggest` gathers for one candidate."""

    leistung: float  # share of the Bezeichnung the Steckbrief's texts mention
    name: float  # share of the name the Bezeichnung covers
    bonus: float  # OZG and cited law agree
    verrichtung: float  # the named Verrichtung (bonus) or a bare object that has it
    detail: float  # a Verrichtungsdetail said (+) or not said (−)
    parent_has_child: bool  # a bare object one of whose Verrichtungen is a candidate too
    objekt: float  # share of the Leistungsobjekt the Steckbrief names
    unnamed: int  # nouns of the Leistungsobjekt the Steckbrief names in no form
    hand: float  # the hand-weighted score of these (before the learned models)
    position: int  # order in which the search found the candidate
    is_parent: bool  # a bare Leistungsobjekt (key ends in 000000)
    is_detail: bool  # a Verrichtungsdetail (key does not end in 000)
    codes: bool  # the name names some Verrichtung
    only_detailed: bool  # a Verrichtung the object has only with details

    @property
    def names_verrichtung(self) -> bool:
        """The Steckbrief names this candidate's Verrichtung (by its verb or a Verrichtung
        noun): :func:`prozesskit.leika.suggest.verrichtung_score` gives a bonus only then."""
        return self.verrichtung > 0


RANG_MERKMALE = ("konstante", "leistung", "name", "bonus", "verrichtung", "detail",
                 "parent_has_child", "objekt", "unnamed", "unnamed_faktor", "hand",
                 "hand_0_1", "is_parent", "is_detail", "codes", "only_detailed",
                 "log_position", "objekt_x_leistung", "objekt_x_name", "leistung_x_name")


def rang_vector(m: Merkmale) -> list[float]:
    """The features of :data:`RANG_MERKMALE`, in that order."""
    return [1.0, m.leistung, m.name, m.bonus, m.verrichtung, m.detail,
            float(m.parent_has_child), m.objekt, float(min(m.unnamed, 3)), 0.4 ** m.unnamed,
            m.hand, _unit(m.hand), float(m.is_parent), float(m.is_detail), float(m.codes),
            float(m.only_detailed), math.log1p(m.position), m.objekt * m.leistung,
            m.objekt * m.name, m.leistung * m.name]


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))


@dataclass(frozen=True, slots=True)
class Logistic:
    """A fitted logistic regression over standardised features."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]

    def probability(self, x: Sequence[float]) -> float:
        z = sum(w * (v - m) / s
                for w, v, m, s in zip(self.weights, x, self.mean, self.scale, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-_CLIP, min(_CLIP, z))))

    def close_to(self, other: Logistic, tolerance: float = 1e-6) -> bool:
        """Equal up to rounding: sums over sets of words run in hash order, so two runs
        of the fit differ in the last digits."""
        mine = (*self.mean, *self.scale, *self.weights)
        theirs = (*other.mean, *other.scale, *other.weights)
        return self.names == other.names and len(mine) == len(theirs) and all(
            math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)
            for a, b in zip(mine, theirs, strict=True))

    def to_json(self) -> dict[str, Any]:
        return {"merkmale": list(self.names), "mittel": list(self.mean),
                "streuung": list(self.scale), "gewichte": list(self.weights)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], names: Sequence[str]) -> Logistic:
        if list(data["merkmale"]) != list(names):
            raise ValueError(f"{MODEL_FILE}: Merkmale passen nicht zum Code "
                             f"(neu lernen: python tools/leika_vorschlag_lernen.py)")
        return cls(tuple(names), tuple(map(float, data["mittel"])),
                   tuple(map(float, data["streuung"])), tuple(map(float, data["gewichte"])))


Rang = Logistic


@lru_cache(maxsize=1)
def load_model() -> Rang:
    """The packaged rank model (read once per process)."""
    text = resources.files(DATA_PACKAGE).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return model_from_json(json.loads(text))


def model_from_json(data: Mapping[str, Any]) -> Rang:
    return Logistic.from_json(data["rang"], RANG_MERKMALE)


def model_to_json(model: Rang) -> dict[str, Any]:
    return {"rang": model.to_json()}


def fit(names: Sequence[str], rows: Sequence[Sequence[float]], labels: Sequence[bool],
        l2: float = L2, steps: int = NEWTON_STEPS) -> Logistic:
    """Logistic regression by Newton's method with a ridge penalty (not on the constant,
    the first feature); features are standardised first so that one penalty fits all."""
    width = len(names)
    count = max(1, len(rows))
    mean = [sum(row[i] for row in rows) / count for i in range(width)]
    scale = [math.sqrt(sum((row[i] - mean[i]) ** 2 for row in rows) / count) or 1.0
             for i in range(width)]
    mean[0], scale[0] = 0.0, 1.0
    data = [[(row[i] - mean[i]) / scale[i] for i in range(width)] for row in rows]
    weights = [0.0] * width
    for _step in range(steps):
        gradient = [0.0] + [l2 * w for w in weights[1:]]
        hessian = [[0.0] * width for _ in range(width)]
        for i in range(width):
            hessian[i][i] = l2 if i else 1e-6
        for x, label in zip(data, labels, strict=True):
            z = max(-_CLIP, min(_CLIP, sum(w * v for w, v in zip(weights, x, strict=True))))
            p = 1.0 / (1.0 + math.exp(-z))
            error, curvature = p - float(label), p * (1.0 - p)
            for i, xi in enumerate(x):
                if xi == 0.0:
                    continue
                gradient[i] += error * xi
                row = hessian[i]
                ci = curvature * xi
                for j in range(i, width):
                    row[j] += ci * x[j]
        for i in range(width):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step, strict=True)]
    return Logistic(tuple(names), tuple(mean), tuple(scale), tuple(weights))


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gauss-Jordan with partial pivoting (the matrix is small and positive definite)."""
    size = len(vector)
    rows = [[*matrix[i], vector[i]] for i in range(size)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col][col]
        for r in range(size):
            if r != col and rows[r][col]:
                factor = rows[r][col] / head
                for k in range(col, size + 1):
                    rows[r][k] -= factor * rows[col][k]
    return [rows[i][size] / rows[i][i] for i in range(size)]
