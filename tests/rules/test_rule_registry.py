"""Every registered rule is documented, uniquely named and has correct/incorrect fixtures."""

from __future__ import annotations

import pytest

from helpers import REPO
from prozesskit.rules import all_rules
from prozesskit.rules.base import Rule

FIXTURES = REPO / "tests" / "fixtures" / "rules"
RULES = [r for r in all_rules().values() if not r.core]


def test_codes_and_names_are_unique() -> None:
    rules = list(all_rules().values())
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented_with_examples(rule: Rule) -> None:
    assert rule.title and rule.doc
    assert "Richtig" in rule.doc and "Falsch" in rule.doc, rule.code
    assert rule.profiles <= {"empfohlen", "streng", "fim"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_valid_and_invalid_fixture(rule: Rule) -> None:
    names = [p.name for p in (FIXTURES / rule.code).iterdir()]
    assert any(n.startswith("valid") for n in names), rule.code
    assert any(n.startswith("invalid") for n in names), rule.code


def test_bpmnlint_recommended_rules_are_all_present() -> None:
    recommended = {
        "label-required", "start-event-required", "end-event-required", "no-disconnected",
        "no-implicit-split", "fake-join", "no-gateway-join-fork", "no-duplicate-sequence-flows",
        "no-complex-gateway", "single-blank-start-event", "single-event-definition",
        "superfluous-gateway", "conditional-flows", "no-bpmndi", "no-overlapping-elements",
        "link-event", "event-sub-process-typed-start-event", "sub-process-blank-start-event",
        "superfluous-termination", "no-implicit-start", "no-implicit-end", "ad-hoc-sub-process",
        "event-based-gateway",
    }
    assert recommended <= {r.bpmnlint for r in RULES if r.bpmnlint}
