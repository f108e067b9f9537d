"""Fixtures the LeiKa tests share: the packaged catalogue and the
frozen suggestion cases (tests/data/leika-vorschlag-faelle.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prozesskit.leika.catalog import LeikaCatalog, load_catalog
from prozesskit.leika.suggest_eval import Case, read_cases

CASES = Path(__file__).resolve().parent.parent / "data" / "leika-vorschlag-faelle.yaml"


@pytest.fixture(scope="module")
def catalog() -> LeikaCatalog:
    return load_catalog()


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return read_cases(CASES)
