"""Every registered rule against its fixtures, with one harness for all scopes.

See :mod:`harness` for the fixture layout; a new rule needs a ``valid-*`` and an
``invalid-*`` fixture (with ``.expect.yaml``) in ``tests/fixtures/rules/<CODE>/`` and a
German docstring with "Richtig:"/"Falsch:" examples, nothing in this file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from harness import FIXTURES, every_fixture, expectation, fixtures, run_fixture, unmatched

from prozesskit.rules import all_rules
from prozesskit.rules.base import Rule, Scope

RULES = {code: rule for code, rule in all_rules().items() if not rule.core}
CASES = list(every_fixture(sorted(RULES)))


@pytest.mark.parametrize(("code", "path"), CASES, ids=[f"{c}/{p.name}" for c, p in CASES])
def test_fixture(code: str, path: Path) -> None:
    rule = RULES[code]
    outcome = run_fixture(rule, path)
    if path.name.startswith("valid-"):
        assert outcome.records == [], outcome.records
        return
    missing, unexpected = unmatched(rule.scope, outcome.records, expectation(path))
    assert (missing, unexpected) == ([], []), "erwartet, nicht gefunden / gefunden, nicht erwartet"
    for finding in outcome.findings:
        assert finding.message
        if rule.scope is Scope.STECKBRIEF:
            assert finding.hint and finding.file is None  # the engine knows the file
        elif rule.scope is Scope.REGISTER:
            assert finding.hint and finding.file is not None and (path / finding.file).is_file()
        elif rule.scope is Scope.XPROZESS:  # a message's findings point at a line
            assert finding.line and finding.hint
        elif rule.bpmnlint is None:  # our own BPMN conventions point at a line
            assert finding.line and finding.element


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.code)
def test_rule_has_valid_and_invalid_fixture(rule: Rule) -> None:
    assert fixtures(rule.code, "valid"), f"{rule.code}: valid-* fehlt in {FIXTURES}"
    assert fixtures(rule.code, "invalid"), f"{rule.code}: invalid-* fehlt in {FIXTURES}"


#: Words that show a docstring was written for users in German, not as a developer note.
_GERMAN = re.compile(
    r"\b(der|die|das|den|und|oder|ist|ein|eine|nicht|kein|keine|wird|mit|ohne|im|je)\b")


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.code)
def test_rule_is_documented_in_german_with_examples(rule: Rule) -> None:
    """``prozesskit erklaere`` shows this text: German, with a correct and a wrong example."""
    assert rule.title and rule.doc
    assert re.search(r"^Richtig\b.*:", rule.doc, re.M), rule.code
    assert re.search(r"^Falsch\b.*:", rule.doc, re.M), rule.code
    assert len(_GERMAN.findall(rule.doc)) >= 3, rule.code
    assert rule.profiles <= {"empfohlen", "streng", "fim"} and rule.profiles


def test_fixture_folders_belong_to_registered_rules() -> None:
    """A fixture folder for a code nobody registered is a rule that was forgotten."""
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders <= set(RULES)


def test_codes_and_names_are_unique() -> None:
    rules = list(all_rules().values())
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
