"""Findings of one rule in one file beyond the limit are one problem with their count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prozesskit.problem import Result
from prozesskit.validation import runner
from prozesskit.validation.engine import ValidateOptions, validate

MODEL = "modelle/viele-aufgaben.bpmn"
MORE = re.compile(r"^… und ([\d.]+) weitere Befunde dieser Regel in dieser Datei$")


def _model(tasks: int) -> str:
    body = "".join(f'<bpmn:task id="Activity_{i:05d}" />' for i in range(tasks))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'id="Defs" targetNamespace="http://example.org/bpmn">\n'
        f'<bpmn:process id="Process_1" name="Antrag bearbeiten">{body}</bpmn:process>\n'
        "</bpmn:definitions>\n")


def _run(example: Path, monkeypatch: pytest.MonkeyPatch, limit: int) -> Result:
    monkeypatch.setattr(runner, "FINDING_LIMIT", limit)
    return validate([example], ValidateOptions(use_cache=False, jobs=1))


def _by_rule(result: Result, file: str, rule: str) -> list[str]:
    return [p.message for p in result.problems if p.file == file and p.rule == rule]


def test_model_findings_beyond_the_limit_are_counted(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example / MODEL).write_text(_model(1_240), "utf-8")
    full = _run(example, monkeypatch, 10_000)
    unnamed = _by_rule(full, MODEL, "PK-B010")  # every task lacks a label
    assert len(unnamed) == 1_240
    capped = _run(example, monkeypatch, 5)
    messages = _by_rule(capped, MODEL, "PK-B010")
    counted = [m for m in messages if MORE.match(m)]
    assert len(messages) == 6 and counted == ["… und 1.235 weitere Befunde dieser Regel in "
                                              "dieser Datei"]
    assert set(messages) - set(counted) <= set(unnamed)
    # every rule with many findings is capped the same way, each on its own
    for rule in {p.rule for p in full.problems if p.file == MODEL}:
        many = len(_by_rule(full, MODEL, rule))
        kept = _by_rule(capped, MODEL, rule)
        assert len(kept) == (many if many <= 5 else 6), rule
        if many > 5:
            match = MORE.match(kept[0] if MORE.match(kept[0]) else kept[-1])
            assert match and int(match[1].replace(".", "")) == many - 5


def test_register_rule_is_capped_per_file(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PK-S008 (a register rule) counts per Steckbrief, not over the whole register."""
    steckbrief = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    text = steckbrief.read_text("utf-8")
    refs = "".join(f"  - art: ist\n    datei: modelle/fehlt-{i}.bpmn\n" for i in range(4))
    assert "\nmodelle:" not in text
    steckbrief.write_text(text + "modelle:\n" + refs, "utf-8")
    capped = _run(example, monkeypatch, 2)
    messages = _by_rule(capped, "steckbriefe/fahrzeug-zulassen.yaml", "PK-S008")
    assert len(messages) == 3
    assert "… und 2 weitere Befunde dieser Regel in dieser Datei" in messages
