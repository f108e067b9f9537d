"""The diff benchmark's edits: each one is a real change that prozesskit's diff reports
(the vendor-extension edit only with --mit-erweiterungen), so the benchmark compares
tools on pairs that differ."""

from __future__ import annotations

import random

import pytest
from benchmarks.bpmn_edits import EDITS, edit_model
from lxml import etree

from helpers import CORPUS
from prozesskit.diff.bpmn import diff_models

MIWG = CORPUS / "bpmn" / "miwg-reference"
#: a model each edit applies to
MODELS = {"rename": "A.1.0", "move_shape": "A.1.0", "move_to_lane": "A.4.0",
          "condition": "A.2.1", "default_flow": "A.2.1", "timer": "C.9.1",
          "documentation": "A.2.0", "add_step": "A.3.0", "remove_flow": "A.1.0",
          "extension": "A.2.1"}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_every_edit_is_a_difference(name: str) -> None:
    raw = (MIWG / f"{MODELS[name]}.bpmn").read_bytes()
    root = etree.fromstring(raw)
    assert EDITS[name](root, random.Random(1))
    new = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    plain = diff_models(raw, new, old_file="a", new_file="b")
    assert plain.has_differences is (name != "extension")
    assert diff_models(raw, new, old_file="a", new_file="b", extensions=True).has_differences
    if name == "move_shape":
        assert plain.layout_changed and not plain.changed
    if name == "move_to_lane":
        assert [c.property for ch in plain.changed for c in ch.changes] == ["lane"]


def test_edit_model_applies_at_least_one_edit() -> None:
    root = etree.fromstring((MIWG / "A.1.0.bpmn").read_bytes())
    done = edit_model(root, random.Random(3), 3)
    assert 1 <= len(done) <= 3 and len(set(done)) == len(done)
