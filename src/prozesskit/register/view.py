"""A loaded register as a read-only view: manifest, Steckbriefe with their data and models,
content hashes, and the problems met while loading.

Import, diff, pack, site and netz all start from "a register from somewhere" and must see
it the same way ``validate`` does. Loading is the cheap part of validation only: every
file is read once (safely: :mod:`.files`) and hashed; nothing else. What costs more is
done on demand and remembered: a Steckbrief's YAML through the fast read path with
positions (most of the cost of opening; a comparison needs it only where hashes differ,
see :class:`Known`), the pydantic Steckbrief and manifest (pydantic is imported then), the
parsed BPMN model (lxml, through the same safe parser as ``validate``). Neither
ruamel.yaml nor a rule is imported. Broken files are
:class:`~prozesskit.problem.Problem`\\ s, not exceptions, so a diff or a site still works
on a register with one bad file.

The view is a snapshot: the bytes whose sha256 it reports are the bytes it parses, so a
package packed from it carries exactly what was hashed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from prozesskit import limits
from prozesskit.errors import InputError
from prozesskit.problem import Level, Problem
from prozesskit.register.discover import RegisterFiles, discover
from prozesskit.register.files import FolderStore, Store, Unreadable
from prozesskit.register.manifest import RULE_MANIFEST, parse_manifest
from prozesskit.register.modelpath import model_path
from prozesskit.register.unread import unread_problem, unread_problems
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.yamlio.read import YamlDoc, head_strings, parse_yaml

if TYPE_CHECKING:
    from prozesskit.bpmn.model import BpmnModel
    from prozesskit.model.register import Manifest
    from prozesskit.model.steckbrief import Steckbrief

#: Codes of files that cannot be read: the same as validate's for the same kind of file
RULE_STECKBRIEF = "PK-S001"
RULE_MODEL = "PK-B001"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a register view came from, exactly enough to find the same content again.

    ``kind``: ``ordner``, ``git``, ``blaupause`` or ``paket``
    (:class:`~prozesskit.register.sources.Source`);
    ``location``: the folder, the git URL or ``prozesskit:<name>``; ``ref`` as asked for
    (tag, branch, commit), ``commit`` as resolved; ``version`` of a Blaupause's catalogue;
    ``sha256``: :attr:`Register.sha256` of what was read; for a package the sha256 of
    the package file (which names its content).
    """

    kind: str
    location: str
    ref: str | None = None
    commit: str | None = None
    sha256: str | None = None
    version: str | None = None
    path: str | None = None  # subfolder of a git repository holding the register

    def to_json(self) -> dict[str, str]:
        """Set fields only, for a lock file or a report."""
        names = ("kind", "location", "ref", "commit", "sha256", "version", "path")
        return {name: value for name in names if (value := getattr(self, name)) is not None}

    def stand(self) -> str | None:
        """What a person can tell two states of the source apart by (report headings): the
        catalogue's version, the commit, or the SHA-256 of a package or XProzess file."""
        return stand_label(self.kind, self.commit, self.version, self.sha256)


def stand_label(kind: str | None, commit: str | None, version: str | None,
                sha256: str | None) -> str | None:
    """:meth:`Provenance.stand` from its parts (a lock entry or a report's JSON has them)."""
    parts = [f"Katalog {version}"] if version else []
    if commit:
        parts.append(f"Commit {commit[:12]}")
    elif kind in _FILE_KINDS and sha256:
        parts.append(f"{_FILE_KINDS[kind]}, SHA-256 {sha256[:12]}")
    return ", ".join(parts) or None


_FILE_KINDS = {"paket": "Paket", "xprozess": "XProzess-Datei"}


@dataclass(frozen=True, slots=True)
class Angaben:
    """What a register says about whose it is: the Kommune's name and type and the
    Produktrahmen its Produktbereiche follow. A folder says it in ``prozesskit.yaml``; a
    package or an XProzess file carries no ``prozesskit.yaml`` but records some of it
    (the package manifest's ``quelle``, XProzess's ``herausgeber``), and a member of a
    network or a report's title should still be named by it. None: not said."""

    name: str | None = None
    typ: str | None = None
    produktrahmen: str | None = None

    @classmethod
    def of_manifest(cls, data: object) -> Angaben:
        """From ``prozesskit.yaml``'s data, read leniently (validate judges it); its
        Produktrahmen is the schema's default when it names none."""
        from prozesskit.model.produktrahmen import of_manifest

        kommune = data.get("kommune") if isinstance(data, dict) else None
        kommune = kommune if isinstance(kommune, dict) else {}
        name, typ = kommune.get("name"), kommune.get("typ")
        return cls(name.strip() if isinstance(name, str) and name.strip() else None,
                   typ if isinstance(typ, str) and typ else None, of_manifest(data))


@dataclass(frozen=True, slots=True)
class ModelLink:
    """One entry of a Steckbrief's ``modelle``: what it says, where, and the model file it
    names if the register has it (``None`` otherwise: PK-S012's business, not a load error)."""

    art: str | None
    datei: str
    line: int
    column: int
    file: ModelFile | None


@dataclass(frozen=True, slots=True, eq=False)
class ModelFile:
    """A BPMN model of the register: its bytes and hash now, the parsed model on demand."""

    path: str
    raw: bytes | None  # None: not readable (see ``problems``)
    sha256: str | None
    problems: tuple[Problem, ...] = ()
    _parsed: list[tuple[BpmnModel | None, tuple[Problem, ...]]] = field(
        default_factory=list, repr=False)

    @property
    def bpmn(self) -> BpmnModel | None:
        """The model indexed as validate's rules see it; None if it cannot be parsed."""
        return self._parse()[0]

    @property
    def parse_problems(self) -> tuple[Problem, ...]:
        """Why :attr:`bpmn` is None (PK-B001: not XML, DOCTYPE, too big, not BPMN)."""
        return self._parse()[1]

    def _parse(self) -> tuple[BpmnModel | None, tuple[Problem, ...]]:
        if not self._parsed:
            self._parsed.append(_parse_bpmn(self.path, self.raw))
        return self._parsed[0]


def _parse_bpmn(path: str, raw: bytes | None) -> tuple[BpmnModel | None, tuple[Problem, ...]]:
    if raw is None:
        return None, ()
    from prozesskit.bpmn.model import index_model  # lxml: only for whoever needs a model
    from prozesskit.bpmn.parse import parse_bpmn

    parsed, problems = parse_bpmn(raw, path)
    if parsed is None:
        return None, tuple(problems)
    return index_model(parsed.root, path), tuple(problems)


@dataclass(frozen=True, slots=True)
class Known:
    """What a checksum already says about a Steckbrief: bytes with ``sha256`` were read
    before (by ``import``, which records them in ``prozesskit.lock``) and had the id ``id``.

    A comparison with the lock's hashes decides "unverändert" without reading a field, so
    it opens a register with what it knows (``Register.open(…, known=…)``): a file whose
    bytes match answers :attr:`SteckbriefFile.id` from here and :attr:`~SteckbriefFile.name`
    from the first lines, and is parsed only if someone asks for more.
    """

    sha256: str
    id: str


#: A parsed Steckbrief: document, problems (PK-S001…S003), model links
_Parsed = tuple[YamlDoc | None, tuple[Problem, ...], tuple[ModelLink, ...]]
_HEAD_KEYS = frozenset({"name"})


@dataclass(frozen=True, slots=True, eq=False)
class SteckbriefFile:
    """One Steckbrief: bytes and hash now; data with positions when first asked for (then
    kept), pydantic on demand.

    Parsing is deferred because it is nearly all of the cost of opening a register and a
    comparison needs it only for the files whose hashes differ; whoever reads ``data``,
    ``doc``, ``problems`` or ``modelle`` gets exactly what an eager parse gave.
    """

    path: str
    raw: bytes | None  # None: not readable (see ``problems``)
    sha256: str | None
    #: why ``raw`` is None (PK-S001: link, FIFO, too large, unreadable); known unparsed
    read_problems: tuple[Problem, ...] = ()
    _models: Mapping[str, ModelFile] = field(default_factory=dict, repr=False)
    _known: str | None = field(default=None, repr=False)  # id known from the checksum
    _parsed: list[_Parsed] = field(default_factory=list, repr=False)
    _validated: list[tuple[Steckbrief | None, tuple[Problem, ...]]] = field(
        default_factory=list, repr=False)

    @property
    def doc(self) -> YamlDoc | None:
        """The document with positions; None if not readable or not parsable YAML."""
        return self._parse()[0]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Reading and parsing: PK-S001, PK-S002, PK-S003."""
        return self._parse()[1]

    @property
    def modelle(self) -> tuple[ModelLink, ...]:
        return self._parse()[2]

    @property
    def parsed(self) -> bool:
        """Whether the YAML has been parsed yet (a comparison of unchanged files never does)."""
        return bool(self._parsed) or self.raw is None

    def _parse(self) -> _Parsed:
        if not self._parsed:
            if self.raw is None:
                self._parsed.append((None, self.read_problems, ()))
            else:
                doc, problems = parse_yaml(self.raw, self.path)
                links = _links(doc, self._models) if doc is not None else ()
                self._parsed.append((doc, tuple(problems), links))
        return self._parsed[0]

    @property
    def data(self) -> Any:
        """The document as plain data (YAML 1.2 scalars, as validate reads it), or None."""
        doc = self.doc
        return doc.data if doc is not None else None

    @property
    def id(self) -> str | None:
        if self._known is not None:
            return self._known
        data = self.data
        value = data.get("id") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def bereich(self) -> str | None:
        """``produkt.bereich`` (the Produktbereich an export or import chooses by)."""
        data = self.data
        produkt = data.get("produkt") if isinstance(data, dict) else None
        value = produkt.get("bereich") if isinstance(produkt, dict) else None
        return value if isinstance(value, str) else None

    @property
    def name(self) -> str | None:
        if self._known is not None and not self._parsed and self.raw is not None:
            head = head_strings(self.raw, _HEAD_KEYS)  # known bytes parse: the head suffices
            if head is not None:
                return head["name"]
        data = self.data
        value = data.get("name") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None

    def locate(self, path: tuple[str | int, ...]) -> tuple[int, int] | None:
        """1-based (line, column) of a field (``("kennzahlen", "stand")``), or None."""
        doc = self.doc
        return doc.locate(path) if doc is not None else None

    @property
    def steckbrief(self) -> Steckbrief | None:
        """The schema-validated Steckbrief; None if the file does not pass the schema."""
        return self._validate()[0]

    @property
    def schema_problems(self) -> tuple[Problem, ...]:
        """Why :attr:`steckbrief` is None, as validate words it (PK-S004, located)."""
        return self._validate()[1]

    def _validate(self) -> tuple[Steckbrief | None, tuple[Problem, ...]]:
        if not self._validated:
            self._validated.append(_validate_steckbrief(self.doc))
        return self._validated[0]


def _validate_steckbrief(doc: YamlDoc | None) -> tuple[Steckbrief | None, tuple[Problem, ...]]:
    if doc is None:
        return None, ()
    from pydantic import ValidationError

    from prozesskit.model.errors import root_not_mapping, schema_problems
    from prozesskit.model.steckbrief import Steckbrief

    if not isinstance(doc.data, dict):
        return None, (root_not_mapping(doc, "Ein Steckbrief"),)
    try:
        return Steckbrief.model_validate(doc.data), ()
    except ValidationError as exc:
        return None, tuple(schema_problems(exc, doc, Steckbrief))


@dataclass(frozen=True, slots=True, eq=False)
class ManifestFile:
    """``prozesskit.yaml``: raw document now, the pydantic manifest on demand."""

    raw: bytes | None
    sha256: str | None
    doc: YamlDoc | None
    problems: tuple[Problem, ...]
    _validated: list[tuple[Manifest | None, tuple[Problem, ...]]] = field(
        default_factory=list, repr=False)

    path = MANIFEST_NAME

    @property
    def data(self) -> Any:
        return self.doc.data if self.doc is not None else None

    @property
    def manifest(self) -> Manifest | None:
        """The validated manifest; None if it does not pass the schema (PK-R001)."""
        return self._validate()[0]

    @property
    def schema_problems(self) -> tuple[Problem, ...]:
        return self._validate()[1]

    def _validate(self) -> tuple[Manifest | None, tuple[Problem, ...]]:
        if not self._validated:
            if self.doc is None:
                self._validated.append((None, ()))
            else:
                from prozesskit.register.manifest import validate_manifest

                manifest, problems = validate_manifest(self.doc)
                self._validated.append((manifest, tuple(problems)))
        return self._validated[0]


class Register:
    """A register, read: iterate its Steckbriefe in path order, look them up by id.

    Built by :meth:`open` (a folder) or :func:`prozesskit.register.sources.open_source`
    (folder, git URL@ref, built-in Blaupause). ``problems`` are those met while loading
    (unreadable files, links, YAML syntax, duplicate keys); the schema and the rules are
    ``validate``'s business, and on-demand results carry their own problems.

    Opening reads and hashes every file; Steckbriefe are parsed when first asked for
    (``ids``, ``problems``, a file's ``data``), so a comparison that decides by checksums
    (``known``) parses only what changed. Everything else sees what an eager load gave.
    """

    __slots__ = ("_angaben", "_by_id", "_problems", "_read_problems", "files", "manifest",
                 "modelle", "provenance", "root", "steckbriefe")

    def __init__(
        self,
        *,
        root: Path | None,
        provenance: Provenance,
        manifest: ManifestFile | None,
        steckbriefe: tuple[SteckbriefFile, ...],
        modelle: Mapping[str, ModelFile],
        files: frozenset[str],
        load_problems: tuple[Problem, ...],
        angaben: Angaben | None = None,
    ) -> None:
        self.root = root  # the folder read, None for a register held in memory
        self.provenance = provenance
        self.manifest = manifest  # None: a Blaupause (no Kommune, no manifest)
        self.steckbriefe = steckbriefe  # every Steckbrief file, by path
        self.modelle: Mapping[str, ModelFile] = MappingProxyType(dict(modelle))  # by path
        self.files = files  # every file of the register (relative POSIX paths)
        self._read_problems = load_problems  # unread entries, manifest, models
        self._problems: tuple[Problem, ...] | None = None
        self._by_id: dict[str, SteckbriefFile] | None = None
        self._angaben = angaben  # of a register without prozesskit.yaml (package, XProzess)

    @property
    def angaben(self) -> Angaben:
        """Whose register it is (:class:`Angaben`): ``prozesskit.yaml``'s, else what the
        package or XProzess file records, else nothing (a Blaupause)."""
        if self.manifest is not None:
            return Angaben.of_manifest(self.manifest.data)
        return self._angaben or Angaben()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Met while loading: the read problems, then each Steckbrief's (parses them all)."""
        if self._problems is None:
            self._problems = self._read_problems + tuple(
                problem for item in self.steckbriefe for problem in item.problems)
        return self._problems

    @property
    def read_problems(self) -> tuple[Problem, ...]:
        """What reading found (links, FIFOs, unreadable or too large files, the manifest's
        problems), without parsing a Steckbrief: enough to refuse a hostile source."""
        return self._read_problems + tuple(
            problem for item in self.steckbriefe for problem in item.read_problems)

    def _ids(self) -> dict[str, SteckbriefFile]:
        if self._by_id is None:
            by_id: dict[str, SteckbriefFile] = {}
            for item in self.steckbriefe:  # a duplicate id (PK-S006) keeps its first file
                if (steckbrief_id := item.id) is not None:
                    by_id.setdefault(steckbrief_id, item)
            self._by_id = by_id
        return self._by_id

    @classmethod
    def open(cls, path: Path | str, *, known: Mapping[str, Known] | None = None) -> Register:
        """The register in a folder (the folder holding ``prozesskit.yaml``); ``known``: what
        checksums already say about Steckbriefe, by path (see :class:`Known`)."""
        root = cls.check_root(path)
        register = load(FolderStore(root), discover(root), Provenance("ordner", str(root)),
                        root=root, known=known)
        return register.with_provenance(replace(register.provenance, sha256=register.sha256))

    @staticmethod
    def check_root(path: Path | str) -> Path:
        """The folder of a register, resolved; a German InputError if it is none."""
        root = Path(path)
        if not root.is_dir():
            what = "gibt es nicht" if not root.exists() else "ist kein Ordner"
            raise InputError(f"'{root}' {what}; erwartet ist der Ordner eines Registers")
        if not os.path.lexists(root / MANIFEST_NAME):  # a link to one: a problem (PK-R001)
            raise InputError(f"'{root}' ist kein Register: {MANIFEST_NAME} fehlt")
        return root.resolve()

    def with_provenance(self, provenance: Provenance) -> Register:
        """The same content, attributed to where it really came from (a git checkout)."""
        return Register(root=self.root, provenance=provenance, manifest=self.manifest,
                        steckbriefe=self.steckbriefe, modelle=self.modelle, files=self.files,
                        load_problems=self._read_problems, angaben=self._angaben)

    def __iter__(self) -> Iterator[SteckbriefFile]:
        return iter(self.steckbriefe)

    def __len__(self) -> int:
        return len(self.steckbriefe)

    def __contains__(self, steckbrief_id: object) -> bool:
        return steckbrief_id in self._ids()

    def __getitem__(self, steckbrief_id: str) -> SteckbriefFile:
        try:
            return self._ids()[steckbrief_id]
        except KeyError:
            raise KeyError(f"Steckbrief '{steckbrief_id}' gibt es im Register nicht") from None

    def get(self, steckbrief_id: str) -> SteckbriefFile | None:
        return self._ids().get(steckbrief_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """Ids in path order, each once."""
        return tuple(self._ids())

    @property
    def sha256(self) -> str:
        """One hash of everything read: ``sha256  path`` lines (as sha256sum writes them) of
        the manifest, the Steckbriefe and the models, sorted by path. Equal content, equal
        hash, wherever the register came from."""
        lines = [f"{item.sha256}  {item.path}\n" for item in self._hashed()]
        return hashlib.sha256("".join(sorted(lines, key=_path_of)).encode()).hexdigest()

    def _hashed(self) -> Iterator[ManifestFile | SteckbriefFile | ModelFile]:
        if self.manifest is not None and self.manifest.sha256 is not None:
            yield self.manifest
        yield from (s for s in self.steckbriefe if s.sha256 is not None)
        yield from (m for m in self.modelle.values() if m.sha256 is not None)

    def __repr__(self) -> str:
        return (f"<Register {self.provenance.kind}:{self.provenance.location} "
                f"{len(self.steckbriefe)} Steckbriefe, {len(self.modelle)} Modelle>")


def _path_of(line: str) -> str:
    return line.split("  ", 1)[1]


def load(store: Store, found: RegisterFiles, provenance: Provenance, *,
         root: Path | None = None, known: Mapping[str, Known] | None = None,
         hashes: Mapping[str, str] | None = None, angaben: Angaben | None = None
         ) -> Register:
    """Read and hash every file ``found`` lists from ``store`` into a register view;
    Steckbriefe are parsed on demand (see :class:`SteckbriefFile`). ``hashes``: the sha256
    of files whose bytes in ``store`` the caller has checked against it (a package's,
    against its manifest), not taken again; ``angaben``: what a source without
    ``prozesskit.yaml`` records about its register."""
    hashes = hashes or {}
    problems: list[Problem] = unread_problems(found.unread)
    manifest = _load_manifest(store) if found.manifest is not None else None
    if manifest is not None:
        problems.extend(manifest.problems)
    modelle: dict[str, ModelFile] = {}
    for rel in found.modelle:
        raw, unreadable = _read(store, rel, limits.MAX_BPMN_BYTES, RULE_MODEL)
        modelle[rel] = ModelFile(rel, raw, hashes.get(rel) or _sha(raw), unreadable)
        problems.extend(unreadable)
    steckbriefe = []
    known = known or {}
    for rel in found.steckbriefe:
        item = _load_steckbrief(store, rel, modelle, known.get(rel), hashes.get(rel))
        steckbriefe.append(item)
    return Register(root=root, provenance=provenance, manifest=manifest,
                    steckbriefe=tuple(steckbriefe), modelle=modelle, files=found.files,
                    load_problems=tuple(problems), angaben=angaben)


def _sha(raw: bytes | None) -> str | None:
    return hashlib.sha256(raw).hexdigest() if raw is not None else None


def _read(store: Store, rel: str, max_bytes: int, rule: str
          ) -> tuple[bytes | None, tuple[Problem, ...]]:
    try:
        return store.read(rel, max_bytes), ()
    except Unreadable as exc:
        if exc.kind is not None:  # became a link or FIFO after discovery: same report
            return None, (unread_problem(rel, exc.kind)._replace(rule=rule),)
        hint = ("Ist dies die richtige Datei? Sehr große Dateien aufteilen." if "Grenze" in
                str(exc) else "Dateirechte prüfen; gehört die Datei ins Register?")
        return None, (Problem(rel, None, None, rule, Level.ERROR, f"'{rel}' {exc}",
                              hint=hint),)


def _load_manifest(store: Store) -> ManifestFile:
    raw, unreadable = _read(store, MANIFEST_NAME, limits.MAX_YAML_BYTES, RULE_MANIFEST)
    if raw is None:
        return ManifestFile(None, None, None, unreadable)
    doc, problems = parse_manifest(raw)
    return ManifestFile(raw, _sha(raw), doc, tuple(problems))


def _load_steckbrief(store: Store, rel: str, modelle: Mapping[str, ModelFile],
                     known: Known | None, sha: str | None = None) -> SteckbriefFile:
    raw, unreadable = _read(store, rel, limits.MAX_YAML_BYTES, RULE_STECKBRIEF)
    if raw is None:
        return SteckbriefFile(rel, None, None, unreadable)
    sha = sha or _sha(raw)
    return SteckbriefFile(rel, raw, sha, (), modelle,
                          known.id if known is not None and known.sha256 == sha else None)


def _links(doc: YamlDoc, modelle: Mapping[str, ModelFile]) -> tuple[ModelLink, ...]:
    """``modelle`` entries with a ``datei`` text, as the register rules' facts take them."""
    data = doc.data if isinstance(doc.data, dict) else {}
    entries = data.get("modelle")
    links = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("datei"), str):
            line, column = doc.locate(("modelle", index, "datei"))
            art = entry.get("art")
            datei: str = entry["datei"]
            links.append(ModelLink(art if isinstance(art, str) else None, datei, line, column,
                                   modelle.get(model_path(datei) or "")))
    return tuple(links)
