"""Register-scope rules: details beyond their register-folder fixtures (test_rule_fixtures.py)."""

from __future__ import annotations

from types import ModuleType

from harness import FIXTURES
from harness import register_facts as build_facts

from prozesskit.rules.base import Finding
from prozesskit.rules.context import ModelRef, RegisterFacts, RuleContext, SteckbriefFacts
from prozesskit.rules.register import (
    eindeutige_id,
    eindeutiger_name,
    modelldatei_fehlt,
    verwaiste_modelldatei,
)


def run(module: ModuleType, facts: RegisterFacts) -> list[Finding]:
    return list(module.check(facts, None, RuleContext()))


# --- details -----------------------------------------------------------------------------


def _sb(file: str, ident: str | None = None, name: str | None = None,
        status: str | None = "aktiv", refs: tuple[str, ...] = ()) -> SteckbriefFacts:
    return SteckbriefFacts(
        file=file, id=ident, name=name, status=status, modellierungsstatus=None,
        modelle=tuple(ModelRef("ist", r, 9, 11) for r in refs),
        positions={"id": (1, 1), "name": (2, 1)}, suppress={})


def _facts(*steckbriefe: SteckbriefFacts, files: tuple[str, ...] = (),
           model_dirs: tuple[str, ...] = ("modelle",)) -> RegisterFacts:
    all_files = frozenset(files) | {s.file for s in steckbriefe}
    return RegisterFacts(all_files, steckbriefe, {}, model_dirs)


def test_duplicate_id_names_first_file_independent_of_order() -> None:
    a = _sb("steckbriefe/b/x.yaml", "gewerbe-anmelden")
    b = _sb("steckbriefe/a/x.yaml", "gewerbe-anmelden")
    (finding,) = run(eindeutige_id, _facts(a, b))
    assert finding.file == "steckbriefe/b/x.yaml"
    assert "steckbriefe/a/x.yaml" in finding.message
    assert (finding.line, finding.column) == (1, 1)


def test_missing_id_and_name_are_ignored() -> None:
    facts = _facts(_sb("steckbriefe/a.yaml"), _sb("steckbriefe/b.yaml"))
    assert run(eindeutige_id, facts) == []
    assert run(eindeutiger_name, facts) == []


def test_unknown_status_counts_as_active_for_names() -> None:
    facts = _facts(_sb("steckbriefe/a.yaml", name="Wohngeld bewilligen", status=None),
                   _sb("steckbriefe/b.yaml", name="Wohngeld  bewilligen"))
    assert len(run(eindeutiger_name, facts)) == 1


def test_model_reference_with_backslashes_is_found() -> None:
    facts = _facts(_sb("steckbriefe/a.yaml", refs=("modelle\\a.ist.bpmn",)),
                   files=("modelle/a.ist.bpmn",))
    assert run(modelldatei_fehlt, facts) == []
    assert run(verwaiste_modelldatei, facts) == []


def test_model_reference_leaving_register_is_missing() -> None:
    facts = _facts(_sb("steckbriefe/a.yaml", refs=("../anderes/a.ist.bpmn",)),
                   files=("anderes/a.ist.bpmn",))
    (finding,) = run(modelldatei_fehlt, facts)
    assert "liegt unter 'anderes/a.ist.bpmn'" in (finding.hint or "")


def test_missing_model_hint_names_case_variant() -> None:
    facts = build_facts(FIXTURES / "PK-S008" / "invalid-register")
    hints = {f.line: f.hint or "" for f in run(modelldatei_fehlt, facts)}
    assert "modelle/Wohngeld-Bewilligen.ist.bpmn" in hints[10]


def test_orphans_respect_configured_model_dirs() -> None:
    files = ("prozesse/bpmn/a.bpmn", "modelle/b.bpmn", "prozesse/bpmn/c.BPMN")
    facts = _facts(_sb("steckbriefe/a.yaml", refs=("prozesse/bpmn/a.bpmn",)),
                   files=files, model_dirs=("prozesse/bpmn/",))
    assert [f.file for f in run(verwaiste_modelldatei, facts)] == ["prozesse/bpmn/c.BPMN"]
    assert all(f.line is None for f in run(verwaiste_modelldatei, facts))
