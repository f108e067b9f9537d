"""The one registration (rules/index.py) covers every rule module, and loading by scope
imports only that scope."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import prozesskit.rules
from prozesskit.rules import all_rules, rules_of_scopes
from prozesskit.rules.base import Scope
from prozesskit.rules.index import PACKAGE_SCOPES, RULE_INDEX, RULE_MODULES

RULES_DIR = Path(prozesskit.rules.__file__).parent


def test_every_rule_module_is_registered() -> None:
    """A module in a rule package is a rule; forgetting its line would silently drop it."""
    on_disk = {f"{path.parent.name}.{path.stem}" for package in PACKAGE_SCOPES
               for path in (RULES_DIR / package).glob("*.py")
               if not path.name.startswith("_")}
    unregistered = sorted(on_disk - set(RULE_MODULES.values()))
    missing = "\n".join(f'    "<CODE>": "{m}",' for m in unregistered)
    assert on_disk == set(RULE_MODULES.values()), f"rules/index.py ergänzen:\n{missing}"


def test_index_matches_the_modules() -> None:
    """Code and scope in the table are what each module declares (checked on loading, too)."""
    declared = {code: (rule.check.__module__.removeprefix("prozesskit.rules."), rule.scope.value)
                for code, rule in all_rules().items() if rule.check is not None}
    assert declared == RULE_INDEX


def test_register_rules_live_in_register() -> None:
    assert {m for m, s in RULE_INDEX.values() if s == "register"} == {
        m for m in RULE_MODULES.values() if m.startswith("register.")}
    assert RULE_INDEX["PK-S030"] == ("register.steckbrief_modellname", "register")


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
        " 'prozesskit.rules.conventions', 'prozesskit.bpmn.model')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_one_bpmn_rule_imports_no_other() -> None:
    """The package's module list is a lazy view: importing one rule loads only that rule."""
    code = (
        "import sys\n"
        "import prozesskit.rules.bpmn.fake_join\n"
        "print(sorted(m for m in sys.modules if m.startswith('prozesskit.rules.bpmn.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == str(["prozesskit.rules.bpmn._helpers",
                                      "prozesskit.rules.bpmn.fake_join"])
