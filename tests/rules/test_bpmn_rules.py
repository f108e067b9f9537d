"""Contract of the bpmnlint port (PK-B010–PK-B049); fixtures run in test_rule_fixtures.py."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from prozesskit.bpmn.model import BpmnModel, index_model
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.rules.base import Scope, rule_from_module
from prozesskit.rules.bpmn import BPMN_RULE_MODULES
from prozesskit.rules.bpmn._helpers import GERMAN_TYPES
from prozesskit.rules.bpmn._parity import load_manifest
from prozesskit.rules.context import RuleContext

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"


def _model(path: Path) -> BpmnModel:
    parsed, problems = parse_bpmn(path.read_bytes(), path.name)
    assert parsed is not None, problems
    return index_model(parsed.root, path.name)


def _run(module: ModuleType, model: BpmnModel) -> Counter[str]:
    options_cls = getattr(module, "Options", None)
    options = options_cls() if options_cls else None
    return Counter(str(f.element) for f in module.check(model, options, RuleContext()))


def _codes() -> list[str]:
    return [m.CODE for m in BPMN_RULE_MODULES]


def test_codes_stable_and_in_range() -> None:
    codes = _codes()
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"PK-B0[1-4]\d", c) and c >= "PK-B010" for c in codes)


@pytest.mark.parametrize("module", BPMN_RULE_MODULES, ids=_codes())
def test_contract(module: ModuleType) -> None:
    rule = rule_from_module(module)
    assert rule.scope is Scope.BPMN
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert "Richtig:" in rule.doc and "Falsch:" in rule.doc
    assert rule.profiles in ({"empfohlen", "streng", "fim"}, {"streng"})
    assert module.__name__.rsplit(".", 1)[1].rstrip("_") == rule.bpmnlint.replace("-", "_")


def test_messages_are_german_and_name_the_element() -> None:
    model = _model(next((FIXTURES / "PK-B011").glob("invalid-*.bpmn")))
    module = next(m for m in BPMN_RULE_MODULES if m.CODE == "PK-B011")
    finding = next(iter(module.check(model, None, RuleContext())))
    assert finding.message.startswith("Startereignis fehlt in ")
    assert finding.element


def _invalid_fixture_cases() -> list[tuple[ModuleType, Path]]:
    return [(m, p) for m in BPMN_RULE_MODULES
            for p in sorted((FIXTURES / m.CODE).glob("invalid-*.bpmn"))]


@pytest.mark.parametrize(("module", "path"), _invalid_fixture_cases(),
                         ids=[f"{m.CODE}/{p.name}" for m, p in _invalid_fixture_cases()])
def test_message_does_not_repeat_the_element_id(module: ModuleType, path: Path) -> None:
    """Every output format shows a finding's element id (text: ``… (Task_1)``); a message
    that names it too printed it twice (PK-B015: "an Aufgabe Task_1 … (Task_1)")."""
    options_cls = getattr(module, "Options", None)
    findings = list(module.check(_model(path), options_cls() if options_cls else None,
                                 RuleContext()))
    assert findings
    for finding in findings:
        assert finding.element
        assert f"({finding.element})" not in finding.message
        # the id as a word, outside quoted names and the German type words ("Gateway")
        text = re.sub(r"'[^']*'", "", finding.message)
        for word in GERMAN_TYPES.values():
            text = text.replace(word, "")
        assert not re.search(rf"(?<![\w-]){re.escape(finding.element)}(?![\w-])", text), \
            finding.message


def test_fake_join_names_the_element_once_in_text_output() -> None:
    from prozesskit.problem import Problem, Result
    from prozesskit.reporters.base import ReportContext
    from prozesskit.reporters.text import TextReporter
    from prozesskit.validation.runner import finding_to_problem

    path = FIXTURES / "PK-B015" / "invalid-callActivity.bpmn"
    model = _model(path)
    module = next(m for m in BPMN_RULE_MODULES if m.CODE == "PK-B015")
    rule = rule_from_module(module)
    problems: list[Problem] = [finding_to_problem(f, rule, rule.level, path.name, model=model)
                               for f in module.check(model, None, RuleContext())]
    text = TextReporter().render(Result.build(problems, [path.name]),
                                 ReportContext(color=False, width=200))
    line = next(row for row in text.splitlines() if "[PK-B015]" in row)
    assert "Die 2 eingehenden Sequenzflüsse an Aufrufaktivität werden nicht zusammengeführt" in line
    assert line.count("Element") == 1, line


# the newest bpmnlint 11.x's config/recommended.js (rule -> level), recorded with its fixtures
_RECOMMENDED = load_manifest().recommended


@pytest.mark.parametrize("module", BPMN_RULE_MODULES, ids=_codes())
def test_profiles_mirror_bpmnlint_recommended(module: ModuleType) -> None:
    level = _RECOMMENDED.get(module.BPMNLINT)
    if level is None:
        assert module.PROFILES == ("streng",)
    else:
        assert module.PROFILES == ("empfohlen", "streng", "fim")
        assert module.LEVEL.value == level


def test_a_second_plane_replaces_the_first_as_in_bpmnlint() -> None:
    """bpmnlint's fixture has two <BPMNPlane> in one diagram; moddle keeps the last one, so
    bpmnlint 11.15.0 reports the shapes of the first as missing (no-bpmndi), and so do we."""
    path = (Path(__file__).resolve().parents[1] / "data" / "bpmnlint" / "test" / "rules"
            / "no-overlapping-elements" / "ignore-missing-di.bpmn")
    module = next(m for m in BPMN_RULE_MODULES if m.BPMNLINT == "no-bpmndi")
    assert _run(module, _model(path)) == Counter(
        ["TASK", "SUB_PROCESS", "DATA_STORE_REFERENCE", "TASK_NO_DI", "SUB_PROCESS_NO_DI",
         "SUB_PROCESS_NO_DI_CHILDREN", "SUB_PROCESS_PLANE", "TASK_PLANE_NO_DI"])


def test_bpmnlint_recommended_rules_are_all_present() -> None:
    assert set(_RECOMMENDED) <= {m.BPMNLINT for m in BPMN_RULE_MODULES}


def test_choreography_is_walked_like_a_collaboration_as_in_bpmnlint() -> None:
    """bpmn-moddle's choreography fixture: bpmnlint 11.15.0 (recommended) reports every
    shape-less element of the choreography (no-bpmndi) and counts the message its message
    flow references as used (global)."""
    path = (Path(__file__).resolve().parents[1] / "data" / "corpus" / "bpmn" / "bpmn-moddle"
            / "test" / "fixtures" / "bpmn" / "choreography-task.bpmn")
    model = _model(path)
    by_bpmnlint = {m.BPMNLINT: m for m in BPMN_RULE_MODULES}
    assert _run(by_bpmnlint["no-bpmndi"], model) == Counter(
        ["ChoreographyTask_1", "EndEvent_1", "MessageFlow", "Participant_1", "Participant_2",
         "SequenceFlow_1", "SequenceFlow_2", "StartEvent_1"])
    assert _run(by_bpmnlint["global"], model) == Counter()


def test_a_name_broken_over_lines_stays_on_one_line_in_findings(tmp_path: Path) -> None:
    """Modellers break long names (``&#10;``, Camunda and Signavio do it for them): the
    finding that names the element must still be one line, or text output and GitHub
    annotations lose its rule code."""
    from prozesskit.problem import Result
    from prozesskit.reporters.base import ReportContext
    from prozesskit.reporters.text import TextReporter
    from prozesskit.validation.runner import finding_to_problem

    source = (FIXTURES / "PK-B015" / "invalid-callActivity.bpmn").read_text(encoding="utf-8")
    path = tmp_path / "umbruch.bpmn"
    path.write_text(source.replace('<bpmn:callActivity id="Element">',
                                   '<bpmn:callActivity id="Element" name="Send &#10;candidate'
                                   '&#10;  Contract">'), encoding="utf-8")
    model = _model(path)
    module = next(m for m in BPMN_RULE_MODULES if m.CODE == "PK-B015")
    rule = rule_from_module(module)
    problems = [finding_to_problem(f, rule, rule.level, path.name, model=model)
                for f in module.check(model, None, RuleContext())]
    assert [p.message for p in problems] == [
        "Die 2 eingehenden Sequenzflüsse an Aufrufaktivität 'Send candidate Contract' werden "
        "nicht zusammengeführt"]
    text = TextReporter().render(Result.build(problems, [path.name]),
                                 ReportContext(color=False, width=200))
    assert next(row for row in text.splitlines() if "Contract" in row).rstrip().endswith(
        "[PK-B015]")


def test_no_finding_of_any_bpmn_rule_breaks_a_line_on_a_broken_name(tmp_path: Path) -> None:
    """Every BPMN fixture with each name broken over two lines (``&#10;``, as Camunda and
    Signavio write long names): no finding of any BPMN or convention rule may carry the
    line break into its message (text output and GitHub annotations lose the rule code)."""
    from prozesskit.rules import all_rules

    rules = [rule for rule in all_rules().values()
             if rule.scope is Scope.BPMN and not rule.core]
    checked = 0
    for path in sorted(FIXTURES.glob("PK-*/*.bpmn")):
        source = path.read_text(encoding="utf-8")
        broken = re.sub(r'name="([^"&<])([^"&<]+)"', r'name="\1&#10;\2"', source)
        if broken == source:
            continue
        target = tmp_path / path.name
        target.write_text(broken, encoding="utf-8")
        parsed, _ = parse_bpmn(target.read_bytes(), target.name)
        if parsed is None:
            continue
        model = index_model(parsed.root, target.name)
        for rule in rules:
            options = rule.options() if rule.options is not None else None
            for finding in rule.check(model, options, RuleContext()):
                checked += 1
                assert "\n" not in finding.message, (path.name, rule.code, finding.message)
    assert checked > 100  # the fixtures do produce findings to look at
