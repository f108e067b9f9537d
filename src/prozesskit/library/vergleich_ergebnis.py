"""The result of ``prozesskit diff`` over registers: plain data, versioned in its JSON form.

The JSON form (:meth:`RegisterVergleich.to_json`) is a public contract, documented in
``docs/diff-json.md`` and ``schemas/register-diff.schema.json``; it is built field by field
so that an internal change cannot silently change it. Model diffs inside it have the form
of ``prozesskit diff A.bpmn B.bpmn --format json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from prozesskit.diff.steckbrief import FieldChange
from prozesskit.library.merge3 import Conflict
from prozesskit.library.status import Stand

if TYPE_CHECKING:  # keeps lxml out of the import
    from prozesskit.diff.result import BpmnDiff

#: Version of the JSON form (``schemas/register-diff.schema.json``, docs/diff-json.md)
FORMAT_VERSION = 1

_NO_DIFFERENCE = frozenset({Stand.UNVERAENDERT, Stand.NUR_IN_DER_QUELLE, Stand.NUR_LOKAL})


@dataclass(frozen=True, slots=True)
class ModellVergleich:
    """One model (by ``art``) of a compared process."""

    art: str | None
    lokal: str | None  # path in the register
    quelle: str | None  # path in the source
    stand: Stand
    #: base → local, base → upstream (without a base: local → upstream in ``quelle_diff``)
    lokal_diff: BpmnDiff | None = None
    quelle_diff: BpmnDiff | None = None
    hinweis: str | None = None

    def to_json(self, tool_version: str) -> dict[str, Any]:
        return {"art": self.art, "lokal": self.lokal, "quelle": self.quelle,
                "stand": self.stand.name.lower(), "stand_text": self.stand.value,
                "lokal_diff": _bpmn_json(self.lokal_diff, tool_version),
                "quelle_diff": _bpmn_json(self.quelle_diff, tool_version),
                "hinweis": self.hinweis}


def _bpmn_json(result: BpmnDiff | None, tool_version: str) -> dict[str, Any] | None:
    return None if result is None else result.to_json(tool_version)


@dataclass(frozen=True, slots=True)
class ProzessVergleich:
    """Where one process stands against one source, with what changed on which side."""

    id: str  # local id; the source's id for a process only in the source
    quelle_id: str | None
    datei: str | None  # local Steckbrief
    pfad: str | None  # Steckbrief in the source
    name: str | None
    stand: Stand
    mit_basis: bool
    lokal: tuple[FieldChange, ...] = ()  # base → local
    quelle: tuple[FieldChange, ...] = ()  # base → upstream; without a base local → upstream
    konflikte: tuple[Conflict, ...] = ()
    modelle: tuple[ModellVergleich, ...] = ()
    hinweise: tuple[str, ...] = ()

    @property
    def is_difference(self) -> bool:
        """Whether the process makes ``diff`` exit 1: a process register and source share
        that differs, or that one side dropped. A process only in the source (not chosen
        at import, or new there) or only here is listed, but no difference."""
        return self.stand not in _NO_DIFFERENCE

    def to_json(self, tool_version: str) -> dict[str, Any]:
        return {"id": self.id, "quelle_id": self.quelle_id, "datei": self.datei,
                "pfad": self.pfad, "name": self.name, "stand": self.stand.name.lower(),
                "stand_text": self.stand.value, "mit_basis": self.mit_basis,
                "lokal": [change.to_json() for change in self.lokal],
                "quelle": [change.to_json() for change in self.quelle],
                "konflikte": [conflict.to_json() for conflict in self.konflikte],
                "modelle": [model.to_json(tool_version) for model in self.modelle],
                "hinweise": list(self.hinweise)}


@dataclass(frozen=True, slots=True)
class QuellenVergleich:
    """A register against one source."""

    quelle: str  # as shown (spec)
    key: str | None  # key in prozesskit.lock
    provenance: dict[str, str]
    prozesse: tuple[ProzessVergleich, ...]
    hinweise: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        out = {stand.name.lower(): 0 for stand in Stand}
        for item in self.prozesse:
            out[item.stand.name.lower()] += 1
        return out

    @property
    def has_differences(self) -> bool:
        return any(item.is_difference for item in self.prozesse)

    def to_json(self, tool_version: str) -> dict[str, Any]:
        return {"quelle": self.quelle, "schluessel": self.key, "herkunft": self.provenance,
                "differences": self.has_differences, "summary": self.counts(),
                "prozesse": [item.to_json(tool_version) for item in self.prozesse],
                "hinweise": list(self.hinweise)}


@dataclass(frozen=True)
class RegisterVergleich:
    """The register against every compared source; ``nur_lokal``: the member's own."""

    register: str
    quellen: tuple[QuellenVergleich, ...]
    nur_lokal: tuple[str, ...] = ()
    extensions: bool = False
    hinweise: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_differences(self) -> bool:
        return any(source.has_differences for source in self.quellen)

    def to_json(self, tool_version: str) -> dict[str, Any]:
        """The documented JSON form (``schemas/register-diff.schema.json``)."""
        return {
            "version": FORMAT_VERSION,
            "tool": {"name": "prozesskit", "version": tool_version},
            "kind": "register",
            "register": self.register,
            "options": {"extensions": self.extensions},
            "differences": self.has_differences,
            "quellen": [source.to_json(tool_version) for source in self.quellen],
            "nur_lokal": list(self.nur_lokal),
            "hinweise": list(self.hinweise),
        }
