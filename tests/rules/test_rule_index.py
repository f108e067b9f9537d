"""The static rule index agrees with the registry, and loading by scope imports only that."""

from __future__ import annotations

import subprocess
import sys

import pytest

from prozesskit.rules import all_rules, rules_of_scopes
from prozesskit.rules.base import Scope
from prozesskit.rules.index import RULE_INDEX


def test_index_matches_registry() -> None:
    expected = {
        code: (rule.check.__module__.removeprefix("prozesskit.rules."), rule.scope.value)
        for code, rule in all_rules().items()
        if rule.check is not None
    }
    missing = "\n".join(f'    "{c}": ("{m}", "{s}"),' for c, (m, s) in expected.items()
                        if RULE_INDEX.get(c) != (m, s))
    assert expected == RULE_INDEX, f"rules/index.py anpassen, fehlend/falsch:\n{missing}"


@pytest.mark.parametrize("scopes", [{"steckbrief"}, {"bpmn", "register"}, {"register"}])
def test_scopes_give_the_registry_rules(scopes: set[str]) -> None:
    loaded = rules_of_scopes(scopes)
    assert loaded == {c: r for c, r in all_rules().items() if r.scope.value in scopes}
    assert {r.scope for r in loaded.values()} == {Scope(s) for s in scopes}


def test_steckbrief_and_register_rules_need_no_lxml() -> None:
    """What a run after a Steckbrief edit imports: no BPMN rule, no lxml."""
    code = (
        "import sys\n"
        "from prozesskit.rules import rules_of_scopes\n"
        "rules_of_scopes({'steckbrief', 'register'})\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('lxml', 'prozesskit.rules.bpmn',"
        " 'prozesskit.rules.conventions.xsd')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
