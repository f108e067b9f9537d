"""The facts register rules reason over (:mod:`prozesskit.rules.context`), from a loaded
:class:`~prozesskit.register.view.Register`.

``validate`` extracts the same facts per file in its workers (and caches them); this module
holds the Steckbrief extraction both use, so a register read through the Register API and
one checked by ``validate`` give register rules the same input (a test compares them on
real registers).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from prozesskit.leika.felder import valid_keys
from prozesskit.rules.context import (
    BpmnFacts,
    LeikaRef,
    ModelRef,
    RegisterFacts,
    SteckbriefFacts,
)
from prozesskit.rules.register._aehnlichkeit import name_stems
from prozesskit.validation import suppress
from prozesskit.yamlio.fieldpath import field_path
from prozesskit.yamlio.read import YamlDoc

if TYPE_CHECKING:  # validate's workers use this module without the Register API
    from prozesskit.register.view import Register


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def paket_angaben(data: Any) -> dict[str, Any]:
    """What ``pack`` writes into a package's manifest about one process, from the
    Steckbrief's plain data, defensively (a Steckbrief packed with ``--force`` may hold
    anything): ``bereich`` (produkt.bereich), ``stand`` (as text), ``herkunft`` (if plain
    JSON), ``modelle`` as ``[art, datei, version]`` for every entry with a ``datei`` text."""
    data = data if isinstance(data, dict) else {}
    produkt = data.get("produkt")
    stand = data.get("stand")
    herkunft = data.get("herkunft")
    modelle = []
    entries = data.get("modelle")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("datei"), str):
            version = entry.get("version")
            modelle.append([_str(entry.get("art")), entry["datei"],
                            str(version) if version is not None else None])
    return {
        "bereich": _str(produkt.get("bereich")) if isinstance(produkt, dict) else None,
        "stand": str(stand) if stand is not None else None,
        "herkunft": _plain(herkunft) if isinstance(herkunft, dict) else None,
        "modelle": modelle,
    }


def _plain(value: dict[str, Any]) -> dict[str, Any] | None:
    """The mapping if it is plain JSON (dates, for one, are not)."""
    try:
        text = json.dumps(value, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError):
        return None
    result: dict[str, Any] = json.loads(text)
    return result


def steckbrief_facts(
    rel: str, doc: YamlDoc, table: Mapping[int, frozenset[str]]
) -> SteckbriefFacts:
    """Facts from raw data, defensively: register rules still work on a file with errors."""
    data = doc.data if isinstance(doc.data, dict) else {}
    modellierung = data.get("modellierung") if isinstance(data.get("modellierung"), dict) else {}
    refs = []
    modelle = data.get("modelle")
    for index, entry in enumerate(modelle if isinstance(modelle, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("datei"), str):
            line, column = doc.locate(("modelle", index, "datei"))
            refs.append(ModelRef(str(entry.get("art")), entry["datei"], line, column))
    positions = {key: doc.locate((key,)) for key in ("id", "name", "status") if key in data}
    herkunft = data.get("herkunft")
    if isinstance(herkunft, dict) and "id" in herkunft:  # the line naming the source's process
        positions["herkunft"] = doc.locate(("herkunft", "id"))
    if isinstance(modellierung, dict) and "status" in modellierung:
        positions["modellierung.status"] = doc.locate(("modellierung", "status"))
    name = _str(data.get("name"))
    return SteckbriefFacts(
        file=rel,
        id=_str(data.get("id")),
        name=name,
        status=_str(data.get("status")) or "aktiv",
        modellierungsstatus=_str(modellierung.get("status"))
        if isinstance(modellierung, dict)
        else None,
        modelle=tuple(refs),
        positions=positions,
        suppress=dict(table),
        paket=paket_angaben(data),
        leika=_leika_refs(doc, data),
        organisationseinheit=_str(data.get("organisationseinheit")),
        stems=name_stems(name) if name else frozenset(),
    )


def _leika_refs(doc: YamlDoc, data: dict[str, Any]) -> tuple[LeikaRef, ...]:
    refs = []
    for path, key in valid_keys(data):
        if path != ("quelle", "leika"):
            line, column = doc.locate(path)
            refs.append(LeikaRef(key, field_path(path), line, column))
    return tuple(refs)


def register_facts(register: Register) -> RegisterFacts:
    """Facts of every Steckbrief that parses and every model that can be read.

    As in ``validate``: a Steckbrief that is no YAML has no facts, a model that is no
    BPMN has facts saying so (``parsed=False``), an unreadable file has none. Parses every
    model (its process and participant names are facts), so it costs lxml's parse.
    """
    from prozesskit.bpmn.facts import extract_bpmn_facts

    steckbriefe = tuple(
        steckbrief_facts(item.path, item.doc, suppress.scan(item.doc.text))
        for item in register.steckbriefe if item.doc is not None
    )
    modelle: dict[str, BpmnFacts] = {}
    for path, model in register.modelle.items():
        if model.raw is None:
            continue
        parsed = model.bpmn
        modelle[path] = extract_bpmn_facts(parsed) if parsed is not None else BpmnFacts(
            path, parsed=False)
    return RegisterFacts(files=register.files, steckbriefe=steckbriefe, modelle=modelle)
