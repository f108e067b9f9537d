"""Every third-party model in tests/data gets an answer through the whole engine."""

from __future__ import annotations

from pathlib import Path

from helpers import DATA
from prozesskit.validation.engine import ValidateOptions, validate

CORPUS = DATA / "corpus" / "bpmn"
#: MIWG, bpmn-moddle and Camunda models, and bpmnlint's rule fixtures: 416 third-party files
FOLDERS = (CORPUS, DATA / "bpmnlint")


def _models() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in folder.rglob("*")
                  if p.suffix in (".bpmn", ".xml") and p.is_file())


def test_whole_corpus_with_every_rule_has_no_crash() -> None:
    models = _models()
    assert len(models) > 400
    result = validate(models, ValidateOptions(profile="alle", use_cache=False, jobs=1))
    assert len(result.files) == len(models)
    crashes = [p for p in result.problems if p.rule == "PK-X001"]
    assert crashes == []


def test_miwg_reference_models_pass_xsd_and_parse() -> None:
    models = sorted((CORPUS / "miwg-reference").glob("*.bpmn"))
    assert len(models) == 21
    result = validate(models, ValidateOptions(profile="alle", use_cache=False, jobs=1))
    assert not [p for p in result.problems if p.rule in ("PK-B001", "PK-B002")]
