"""Build :class:`RegisterFacts` from a register folder, for the register-rule tests.

A stand-in for the engine's fact extractor (the core team replaces it): it reads every
Steckbrief under ``steckbriefe/`` with the real read path (``parse_yaml``) and records
the same positions the engine promises (``id``, ``name``, ``modellierung.status``,
``modelle`` and each reference's ``datei``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prozesskit.rules.context import BpmnFacts, ModelRef, RegisterFacts, SteckbriefFacts
from prozesskit.yamlio.read import YamlDoc, parse_yaml

_POSITION_KEYS = ("id", "name", "modellierung.status", "modelle")


def build_facts(root: Path) -> RegisterFacts:
    files = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    steckbriefe = tuple(
        steckbrief_facts(root, f) for f in sorted(files)
        if f.startswith("steckbriefe/") and f.endswith(".yaml"))
    modelle = {f: BpmnFacts(f, parsed=True) for f in files if f.endswith(".bpmn")}
    return RegisterFacts(files=files, steckbriefe=steckbriefe, modelle=modelle)


def steckbrief_facts(root: Path, file: str) -> SteckbriefFacts:
    doc, _ = parse_yaml((root / file).read_bytes(), file)
    assert doc is not None, file
    data: Any = doc.data if isinstance(doc.data, Mapping) else {}
    modellierung = data.get("modellierung")
    return SteckbriefFacts(
        file=file,
        id=_str(data.get("id")),
        name=_str(data.get("name")),
        status=_str(data.get("status")) or "aktiv",
        modellierungsstatus=_str(modellierung.get("status"))
        if isinstance(modellierung, Mapping) else None,
        modelle=_refs(doc, data.get("modelle")),
        positions={key: doc.locate(tuple(key.split(".")), key=True)
                   for key in _POSITION_KEYS if _has(data, key)},
        suppress={},
    )


def _refs(doc: YamlDoc, modelle: Any) -> tuple[ModelRef, ...]:
    if not isinstance(modelle, list):
        return ()
    refs = []
    for index, item in enumerate(modelle):
        if isinstance(item, Mapping) and isinstance(item.get("datei"), str):
            line, column = doc.locate(("modelle", index, "datei"))
            refs.append(ModelRef(str(item.get("art")), item["datei"], line, column))
    return tuple(refs)


def _has(data: Mapping[str, Any], dotted: str) -> bool:
    current: Any = data
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return False
        current = current[part]
    return True


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
