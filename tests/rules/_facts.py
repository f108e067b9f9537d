"""Build :class:`RegisterFacts` from a register folder, for the register-rule tests.

Uses the engine's own discovery and fact extraction, so the register rules are tested on
exactly the facts ``validate`` gives them.
"""

from __future__ import annotations

from pathlib import Path

from prozesskit.register.discover import discover
from prozesskit.rules.context import BpmnFacts, RegisterFacts, SteckbriefFacts
from prozesskit.validation import suppress
from prozesskit.validation.checks.steckbrief import steckbrief_facts as extract
from prozesskit.yamlio.read import parse_yaml


def build_facts(root: Path) -> RegisterFacts:
    found = discover(root)
    steckbriefe = tuple(steckbrief_facts(root, f) for f in found.steckbriefe)
    modelle = {f: BpmnFacts(f, parsed=True) for f in found.modelle}
    return RegisterFacts(files=found.files, steckbriefe=steckbriefe, modelle=modelle)


def steckbrief_facts(root: Path, file: str) -> SteckbriefFacts:
    doc, _ = parse_yaml((root / file).read_bytes(), file)
    assert doc is not None, file
    return extract(file, doc, suppress.scan(doc.text))
