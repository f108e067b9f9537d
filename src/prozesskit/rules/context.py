"""What rules get besides their subject: register settings, catalogues, and the facts
that register-wide rules reason over.

Facts are small, JSON-serialisable records extracted from each file by the worker that
parsed it, so that register rules run in the main process without re-reading anything and
the cache can store them next to the file's problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prozesskit.leika.catalog import LeikaCatalog
    from prozesskit.model.steckbrief import Steckbrief
    from prozesskit.yamlio.read import YamlDoc


@dataclass(frozen=True, slots=True)
class ModelRef:
    art: str
    datei: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class LeikaRef:
    """A LeiKa key that names the process (``leika`` or ``varianten[i].leika``) and where."""

    key: str
    feld: str  # "leika" | "varianten[0].leika"
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class SteckbriefFacts:
    """What register rules need to know of one Steckbrief."""

    file: str
    id: str | None
    name: str | None
    status: str | None
    modellierungsstatus: str | None
    modelle: tuple[ModelRef, ...]
    #: "id", "name", "status", "herkunft" (its id), "modellierung.status"
    positions: Mapping[str, tuple[int, int]]
    suppress: Mapping[int, frozenset[str]]  # line -> rule codes; line 0 = whole file
    #: what a package's manifest records of the process (``register.facts.paket_angaben``:
    #: bereich, stand, herkunft, modelle with art and version): ``pack`` takes it from
    #: validate's run instead of parsing every Steckbrief again
    paket: Mapping[str, Any] = field(default_factory=dict)
    #: the well-formed keys of the process and its variants (not ``quelle.leika``), so that
    #: a register rule sees a key used twice
    leika: tuple[LeikaRef, ...] = ()
    organisationseinheit: str | None = None
    #: the word stems of ``name`` (PK-S031), stemmed once by the worker that read the file
    #: and kept with its facts, so that a patch run stems only the changed files; None
    #: where the facts were made by hand (the rule then stems the name itself)
    stems: frozenset[str] | None = None

    def at(self, key: str) -> tuple[int | None, int | None]:
        line, column = self.positions.get(key, (None, None))
        return line, column

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "modellierungsstatus": self.modellierungsstatus,
            "modelle": [[m.art, m.datei, m.line, m.column] for m in self.modelle],
            "positions": {k: list(v) for k, v in self.positions.items()},
            "suppress": {str(k): sorted(v) for k, v in self.suppress.items()},
            "paket": dict(self.paket),
            "leika": [[r.key, r.feld, r.line, r.column] for r in self.leika],
            "organisationseinheit": self.organisationseinheit,
            "stems": sorted(self.stems) if self.stems is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SteckbriefFacts:
        """Positional, and empty parts not rebuilt: a patch run makes 2,000 of these from
        the memo (twice as fast as keywords and comprehensions over empty lists)."""
        modelle, suppress = data["modelle"], data["suppress"]
        leika, stems = data.get("leika"), data.get("stems")
        return cls(
            data["file"],
            data["id"],
            data["name"],
            data["status"],
            data["modellierungsstatus"],
            tuple([ModelRef(*m) for m in modelle]) if modelle else (),
            {k: (v[0], v[1]) for k, v in data["positions"].items()},
            {int(k): frozenset(v) for k, v in suppress.items()} if suppress else {},
            data.get("paket") or {},
            tuple([LeikaRef(*r) for r in leika]) if leika else (),
            data.get("organisationseinheit"),
            frozenset(stems) if stems is not None else None,
        )


@dataclass(frozen=True, slots=True)
class BpmnName:
    kind: str  # "process" | "participant"
    id: str
    name: str | None
    line: int | None
    process_ref: str | None = None


@dataclass(frozen=True, slots=True)
class BpmnFacts:
    """What register rules need to know of one BPMN model."""

    file: str
    parsed: bool
    names: tuple[BpmnName, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "parsed": self.parsed,
            "names": [[n.kind, n.id, n.name, n.line, n.process_ref] for n in self.names],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BpmnFacts:
        return cls(data["file"], data["parsed"], tuple(BpmnName(*n) for n in data["names"]))


@dataclass(frozen=True, slots=True)
class RegisterFacts:
    """Subject of register rules: everything the workers learned, plus the file list."""

    files: frozenset[str]  # every file of the register, relative POSIX paths
    steckbriefe: tuple[SteckbriefFacts, ...]
    modelle: Mapping[str, BpmnFacts]  # by relative path
    model_dirs: tuple[str, ...] = ("modelle",)


@dataclass(frozen=True)
class RuleContext:
    """Register settings every rule may read; built once per run, inherited by workers."""

    produktrahmen: str = "NKF-NRW"
    kommune_typ: str | None = None
    pflichtfelder: tuple[str, ...] = ()
    #: Pflichtfeld → who asks for it (profile or conventions file), for PK-S010's hint
    pflichtfeld_quellen: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)  # rule code -> validated options
    #: what register rules leave for the next run, by rule code (plain data: the run memo
    #: keeps it, a patch run hands it back): a rule may continue from it instead of starting
    #: over, and must find the same without it (a full run, the Register API start empty)
    carry: dict[str, Any] = field(default_factory=dict, compare=False)

    @cached_property
    def leika(self) -> LeikaCatalog:
        from prozesskit.leika.catalog import load_catalog

        return load_catalog()

    def options_for(self, code: str) -> Any:
        return self.options.get(code)


@dataclass(slots=True)
class SteckbriefDoc:
    """Subject of Steckbrief rules: the file's data with positions, and the schema result."""

    file: str
    doc: YamlDoc
    model: Steckbrief | None  # None when the schema check failed

    @property
    def data(self) -> Any:
        return self.doc.data
