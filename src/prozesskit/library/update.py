"""Plan ``prozesskit update``: take what the sources changed since import, keep what the
member changed, as one all-or-nothing :class:`~prozesskit.writeplan.WritePlan`.

Per process in ``prozesskit.lock`` (optionally only those of one source, or some ids):

1. **Find it upstream by id**, never by path: the id the lock records; a file moved in the
   source is followed (the lock's ``pfad`` moves); if the id is gone but the locked path
   holds a Steckbrief with another id, the source renamed the id (the local id stays: it
   is the member's name, referenced elsewhere); neither: the source deleted it.
2. **Steckbrief**: unchanged upstream (same sha256 as the lock) is nothing to do. Unedited
   locally (sha256 = ``lokal_sha256``): the source's file as ``import`` would write it now
   (upstream's comments come along). Otherwise a field-level 3-way merge
   (:func:`~prozesskit.library.merge3.merge_documents`) on the **local** ruamel document.
   Base and upstream are first put in the form the import wrote (local id, ``herkunft`` of
   a library, renamed model paths), so that what prozesskit set is no member's edit and the
   merge moves ``herkunft`` to the new version field by field.
3. **Models** (processes imported with models): unchanged locally since import → upstream's
   file; edited locally → kept, upstream's written beside it as
   ``<id>.<art>.bibliothek.bpmn`` and reported as a conflict until resolved.
4. **Deleted upstream**: the local file goes too if the member did not change it; else a
   conflict (``--theirs`` deletes, ``--ours`` keeps it as a local process, out of the lock).
5. **Lock**: an entry moves to the new commit/version/hashes only when its process has no
   open conflict; a conflicted process keeps its base, so the next ``update`` finds the
   same conflicts (and nothing of the non-conflicting fields it already wrote).

Conflicts are resolved with ``ours``/``theirs`` for everything selected, or per process
(``ID``) or per field (``ID:feld.pfad`` as the report writes it, ``ID:modelle/x.bpmn`` for
a model). Never conflict markers: a conflicted field stays as the member has it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from prozesskit.diff.steckbrief import (
    ABSENT,
    FieldChange,
    diff_documents,
    read_document,
    same,
    to_json_value,
)
from prozesskit.errors import InputError, ProzesskitError, UsageError
from prozesskit.fsutil import shell_arg
from prozesskit.library.basis import AUSWAHL, KEPT, base_files, kept_path, nicht_geschickt
from prozesskit.library.importieren import herkunft_for, imported_bytes
from prozesskit.library.lock import LOCK_FORMAT, LOCK_NAME, Lock, Modell, Prozess, Quelle
from prozesskit.library.lokal import copy_notes, local_file
from prozesskit.library.merge3 import Side, merge_documents
from prozesskit.library.status import Stand, classify
from prozesskit.library.update_quellen import (
    Bibliothek,
    bibliotheken_of,
    check_ids,
    choose,
    manifest_refs,
)
from prozesskit.problem import Level
from prozesskit.register.modelpath import model_path, path_problem
from prozesskit.register.sources import Source, SourceKind
from prozesskit.register.view import ModelLink, Register, SteckbriefFile
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.writeplan import Outcome, WritePlan

KonfliktArt = Literal["feld", "modell", "entfallen"]
#: Suffix of a source's model written beside a locally edited one
BESIDE_SUFFIX = ".bibliothek.bpmn"


@dataclass(frozen=True, slots=True)
class Konflikt:
    """Something both sides changed: a field, a model, or a process the source deleted and
    the member edited. ``basis``/``lokal``/``quelle`` are plain values for a field, short
    descriptions otherwise (``ABSENT`` where a side lacks it)."""

    prozess: str
    art: KonfliktArt
    wo: str  # field path as format_path writes it, a model's local path, "" for the process
    basis: Any = ABSENT
    lokal: Any = ABSENT
    quelle: Any = ABSENT
    daneben: str | None = None  # a model: where the source's version was written

    @property
    def argument(self) -> str:
        """What to give ``update`` to resolve exactly this conflict."""
        return f"{self.prozess}:{self.wo}" if self.wo else self.prozess

    def to_json(self) -> dict[str, Any]:
        return {"prozess": self.prozess, "art": self.art, "wo": self.wo,
                "basis": to_json_value(self.basis), "lokal": to_json_value(self.lokal),
                "quelle": to_json_value(self.quelle), "daneben": self.daneben}


@dataclass(frozen=True, slots=True)
class ModellAktion:
    """What happened to one model of a process; ``aktion`` is German for the report."""

    pfad: str
    aktion: str


@dataclass
class Ergebnis:
    """One process: its state and what ``update`` does with it."""

    prozess: str
    quelle: str  # key in the lock
    datei: str
    stand: Stand
    uebernommen: tuple[FieldChange, ...] = ()
    konflikte: list[Konflikt] = field(default_factory=list)
    geloest: list[Konflikt] = field(default_factory=list)
    modelle: list[ModellAktion] = field(default_factory=list)
    hinweise: list[str] = field(default_factory=list)
    entfernt: bool = False  # the local Steckbrief is deleted (deleted upstream)
    geschrieben: bool = False  # the local Steckbrief is rewritten
    lock_bewegt: bool = False
    umgebunden: bool = False  # --statt: the lock entry now names the new source

    @property
    def nur_umgebunden(self) -> bool:
        """Only bound to the new source (``--statt``): nothing to report one by one."""
        return self.umgebunden and not (
            any(c.path[:1] != ("herkunft",) for c in self.uebernommen)
            or self.konflikte or self.geloest or self.modelle or self.hinweise or self.entfernt)

    @property
    def etwas_zu_tun(self) -> bool:
        return bool(self.uebernommen or self.konflikte or self.geloest or self.modelle
                    or self.hinweise or self.entfernt or self.geschrieben or self.lock_bewegt)


@dataclass(frozen=True, slots=True)
class QuellenStand:
    """One source as updated: how it was read and what it has that the register lacks."""

    key: str
    gelesen: str  # the source as shown (with ref)
    commit: str | None
    version: str | None
    nur_in_der_quelle: int
    vorher: str | None = None  # --statt: where the processes were bound before (lock's ort)
    stand: str | None = None  # as people tell states apart (Provenance.stand)


@dataclass
class UpdatePlan:
    """Everything ``update`` would write; :meth:`commit` writes it all or nothing."""

    files: WritePlan
    ergebnisse: list[Ergebnis]
    quellen: list[QuellenStand]
    hinweise: list[str] = field(default_factory=list)  # sources skipped, and why

    @property
    def konflikte(self) -> list[Konflikt]:
        return [konflikt for ergebnis in self.ergebnisse for konflikt in ergebnis.konflikte]

    def commit(self, *, progress: Callable[[int], None] | None = None) -> Outcome:
        # every file is decided against its current content (prozesskit's own, or merged
        # into the member's): nothing is refused for differing, hence force
        return self.files.commit(force=True, progress=progress)


@dataclass(frozen=True, slots=True)
class Aufloesung:
    """Which conflicts a side decides: all (no ids, no fields), whole processes, fields."""

    seite: Side | None = None
    prozesse: frozenset[str] = frozenset()
    felder: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def ganz(self, prozess: str) -> Side | None:
        """The side for every conflict of ``prozess`` (None: only named fields, if any)."""
        if self.seite is None:
            return None
        if not self.prozesse and not self.felder:
            return self.seite
        return self.seite if prozess in self.prozesse else None

    def fuer(self, prozess: str) -> dict[str, Side]:
        if self.seite is None:
            return {}
        return dict.fromkeys(self.felder.get(prozess, ()), self.seite)

    def seite_von(self, konflikt: Konflikt) -> Side | None:
        return self.fuer(konflikt.prozess).get(konflikt.wo, self.ganz(konflikt.prozess))


def parse_ziele(ziele: Sequence[str]) -> tuple[list[str], dict[str, set[str]]]:
    """``ID`` or ``ID:feld.pfad`` → (ids in order, fields per id)."""
    ids: list[str] = []
    felder: dict[str, set[str]] = {}
    for ziel in ziele:
        prozess, sep, wo = ziel.partition(":")
        if sep and not wo:
            raise UsageError(f"'{ziel}': nach ':' fehlt das Feld, z. B. "
                             f"{prozess}:organisationseinheit")
        if prozess not in ids:
            ids.append(prozess)
        if sep:
            felder.setdefault(prozess, set()).add(wo)
    return ids, felder


def plan_update(root: Path, quelle: str | None, ziele: Sequence[str], seite: Side | None,
                *, statt: str | None = None, probelauf: bool = False,
                force: bool = False) -> UpdatePlan:
    """The whole update planned in memory; German errors for every refusal, nothing written.

    ``quelle``: a source as ``import`` takes it (``bibliothek@v2``, a lock key or manifest
    library name with an optional ``@ref``, ``prozesskit:kreis``, a git URL, a folder), or
    None for every source in the lock at its tracked ref. A ``quelle`` that names no
    source in the lock but a locked process is taken as the first of ``ziele``.
    ``force``: replace a member's own file where the source's model goes beside.
    """
    local = Register.open(root)
    assert local.root is not None
    root = local.root
    from prozesskit.library.lock import read_lock_as_read

    lock, lock_sha = read_lock_as_read(root)
    if not lock.prozesse:
        raise UsageError(f"In {LOCK_NAME} steht kein übernommener Prozess: dieses Register hat "
                         "nichts importiert, also gibt es nichts zu aktualisieren (erst "
                         "'prozesskit import QUELLE …')")
    if statt is not None:
        planned = _plan_umzug(local, lock, quelle, ziele, seite, statt, probelauf, force)
    else:
        planned = _plan_sources(local, lock, quelle, ziele, seite, force)
    # two runs at once (update and import, two updates): the one that writes later is refused
    planned.files.expect(LOCK_NAME, lock_sha)
    planned.hinweise.extend(copy_notes(local, lock))
    return planned


def _plan_sources(local: Register, lock: Lock, quelle: str | None, ziele: Sequence[str],
                  seite: Side | None, force: bool) -> UpdatePlan:
    auswahl = choose(local, lock, quelle)
    if auswahl.war_ziel:
        assert quelle is not None
        ziele = [quelle, *ziele]
    ids, felder = parse_ziele(ziele)
    check_ids(ids, lock, None if quelle is None or auswahl.war_ziel else {
        key for key, _ in auswahl.quellen})
    aufloesung = Aufloesung(seite, frozenset(i for i in ids if i not in felder),
                            {i: frozenset(f) for i, f in felder.items()})
    builder = _Builder(local, lock, aufloesung, force=force)
    builder.hinweise.extend(auswahl.hinweise)
    for key, source in auswahl.quellen:
        wanted = [local_id for local_id, prozess in sorted(lock.prozesse.items())
                  if prozess.quelle == key and (not ids or local_id in ids)]
        if wanted:
            builder.source(key, source, wanted, whole=not ids)
    return builder.finish(bibliotheken_of(local))


def _plan_umzug(local: Register, lock: Lock, quelle: str | None, ziele: Sequence[str],
                seite: Side | None, statt: str, probelauf: bool, force: bool) -> UpdatePlan:
    """``update NEUE_QUELLE --statt ALTE``: every process of the old source, merged against
    the new one (the base stays the old import, recovered from the old source's entry), and
    the lock's source entry replaced, under the same key (kept bases, ``herkunft.name``).
    For a package of a newer version under a new file name, a library that moved, a folder
    that was renamed. Open conflicts would leave a process whose base the new entry cannot
    name, so they must be resolved in the same run (``--ours``/``--theirs``)."""
    from prozesskit.library.ziele import resolve_target

    assert local.root is not None
    if quelle is None:
        raise UsageError("--statt braucht die neue Quelle: prozesskit update NEUE_QUELLE "
                         f"--statt {statt}")
    if ziele:
        raise UsageError("--statt bindet alle Prozesse der alten Quelle um; Ids gehen dabei "
                         "nicht (danach: prozesskit update ID …)")
    key = _old_key(lock, statt)
    ziel = resolve_target(local, lock, quelle)
    if ziel.key == key:
        raise UsageError(f"'{quelle}' ist schon die Quelle '{key}' in {LOCK_NAME}; ohne "
                         f"--statt aktualisieren: prozesskit update {shell_arg(quelle)}")
    if ziel.key is not None:
        raise UsageError(f"'{quelle}' steht schon als Quelle '{ziel.key}' in {LOCK_NAME}; "
                         "--statt bindet an eine Quelle, aus der noch nichts übernommen ist")
    builder = _Builder(local, lock, Aufloesung(seite), umzug=True, force=force)
    wanted = sorted(local_id for local_id, p in lock.prozesse.items() if p.quelle == key)
    builder.source(key, ziel.source, wanted, whole=True)
    plan = builder.finish(bibliotheken_of(local))
    if plan.konflikte and not probelauf:
        shown = ", ".join(k.argument for k in plan.konflikte[:5])
        more = f" und {len(plan.konflikte) - 5} weitere" if len(plan.konflikte) > 5 else ""
        raise UsageError(
            f"Beim Umbinden von '{key}' auf '{quelle}' blieben {len(plan.konflikte)} "
            f"Konflikt(e) offen ({shown}{more}); umgebunden wird nur ohne offene Konflikte. "
            f"Nichts geschrieben. Ansehen: prozesskit update {shell_arg(quelle)} "
            f"--statt {shell_arg(statt)} "
            "--dry-run; lösen im selben Lauf mit --theirs (Quelle) oder --ours (lokal)")
    return plan


def _old_key(lock: Lock, statt: str) -> str:
    """``--statt``: a key of the lock, or the place it records (path, URL, package)."""
    if statt in lock.quellen:
        key = statt
    else:
        from prozesskit.credentials import without_credentials

        wanted = {without_credentials(statt), str(Path(statt).resolve())}
        found = [k for k, q in sorted(lock.quellen.items())
                 if without_credentials(q.ort) in wanted or (
            q.ort.startswith("prozesskit:") and q.ort == statt)]
        if not found:
            known = ", ".join(f"{k} ({q.ort})" for k, q in sorted(lock.quellen.items()))
            raise UsageError(f"--statt '{statt}': diese Quelle steht nicht in {LOCK_NAME}; "
                             f"bekannte Quellen: {known or 'keine'}")
        key = found[0]
    if not any(p.quelle == key for p in lock.prozesse.values()):
        raise UsageError(f"Aus der Quelle '{key}' ist kein Prozess übernommen ({LOCK_NAME}); "
                         "nichts umzubinden")
    return key


# -- one source, one process ------------------------------------------------------------------

def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _read_local(root: Path, rel: str, limit: int) -> bytes | None:
    from prozesskit.fsutil import NotRegularFile, contained, read_regular

    try:
        return read_regular(str(contained(root, rel)), limit)
    except FileNotFoundError:
        return None
    except NotRegularFile as exc:
        raise InputError(f"'{rel}' ist keine normale Datei ({exc}); update schreibt nicht "
                         "durch Links", file=rel) from exc


def _data(item: SteckbriefFile, shown: str) -> Any:
    """The Steckbrief's plain data, or the German error of an unreadable one."""
    assert item.raw is not None
    if isinstance(item.data, dict) and not any(p.level is Level.ERROR for p in item.problems):
        return item.data
    return read_document(item.raw, shown)


def _art_of(data: Any, rel: str) -> str | None:
    for entry in data.get("modelle") or [] if isinstance(data, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("datei"), str) and model_path(
                entry["datei"]) == rel and entry.get("art") is not None:
            return str(entry["art"])
    return None


def beside_path(local_model: str, prozess: str, art: str | None) -> str:
    """Where the source's version of a locally edited model is written."""
    path = PurePosixPath(local_model)
    return str(path.with_name(f"{prozess}.{art or 'modell'}{BESIDE_SUFFIX}"))


#: what a rename changes (besides the file name): the id, usually the name, and herkunft
_RENAMED_FIELDS = frozenset({"id", "name", "herkunft"})


def _without(data: dict[str, Any], fields: frozenset[str]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in fields}


def _as_imported(data: Any, *, local_id: Any, herkunft: Any, moved: Mapping[str, str],
                 set_herkunft: bool) -> Any:
    """A source document in the form the register keeps it (a shallow copy)."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    if local_id is not ABSENT:
        out["id"] = local_id
    if set_herkunft:
        if herkunft is ABSENT:
            out.pop("herkunft", None)
        else:
            out["herkunft"] = herkunft
    entries = out.get("modelle")
    if moved and isinstance(entries, list):
        renamed = []
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("datei"), str) and (
                    model_path(entry["datei"]) in moved):
                entry = {**entry, "datei": moved[model_path(entry["datei"]) or ""]}
            renamed.append(entry)
        out["modelle"] = renamed
    return out


class _Builder:
    def __init__(self, local: Register, lock: Lock, aufloesung: Aufloesung, *,
                 umzug: bool = False, force: bool = False) -> None:
        assert local.root is not None
        self.root = local.root
        self.local = local
        self.force = force  # a member's file where a source's model goes beside: replaced
        self.umzug = umzug  # --statt: bind the source's processes to a new source
        self.lock = lock
        self.aufloesung = aufloesung
        self.files = WritePlan(self.root)
        self.ergebnisse: list[Ergebnis] = []
        self.quellen: list[QuellenStand] = []
        self.moved: dict[str, Prozess] = {}
        self.dropped: set[str] = set()
        self.new_quellen: dict[str, Quelle] = {}
        self.hinweise: list[str] = []

    # one source
    def source(self, key: str, source: Source, wanted: list[str], *, whole: bool) -> None:
        from prozesskit.library.importieren import refuse_unread

        library = source.open()
        refuse_unread(library, str(source))
        provenance = library.provenance
        quelle = self.lock.quellen[key]
        vorher: str | None = None
        if self.umzug:
            from prozesskit.library.importieren import quelle_for

            vorher = quelle.ort
            quelle = quelle_for(Lock.empty(), source, library)[0]
            self.new_quellen[key] = quelle
            self._check_umzug(key, source, library, wanted)
        elif quelle.art == "git" and source.ref != quelle.ref:
            self.new_quellen[key] = Quelle(art="git", ort=quelle.ort, ref=source.ref,
                                           pfad=quelle.pfad)
        elif source.kind is SourceKind.KATALOG and source.ref != quelle.ref and not Path(
                source.location).is_absolute():  # a catalogue in git: its ref is tracked
            self.new_quellen[key] = quelle.model_copy(update={"ref": source.ref})
        locked_ids = {p.id for p in self.lock.prozesse.values() if p.quelle == key}
        fresh = sum(1 for item in library if item.id is not None and item.id not in locked_ids)
        self.quellen.append(QuellenStand(key, str(source), provenance.commit,
                                         provenance.version, fresh if whole else 0, vorher,
                                         provenance.stand()))
        for local_id in wanted:
            self.ergebnisse.append(_Prozess(self, key, quelle, source, library, local_id,
                                            locked_ids).run())

    def _check_umzug(self, key: str, source: Source, library: Register,
                     wanted: list[str]) -> None:
        """The new source must be the old one moved or renewed, not a stranger: at least
        one of the processes is found there (by id, else at its path)."""
        paths = {item.path for item in library}
        if not any(library.get(self.lock.prozesse[w].id) is not None
                   or self.lock.prozesse[w].pfad in paths for w in wanted):
            raise UsageError(f"In '{source}' gibt es keinen der {len(wanted)} Prozess(e) aus "
                             f"'{key}' (weder dieselbe id noch denselben Pfad): ist das die "
                             "richtige Quelle? Nichts geschrieben")

    def finish(self, bibliotheken: list[Bibliothek]) -> UpdatePlan:
        prozesse = {local: entry for local, entry in self.lock.prozesse.items()
                    if local not in self.dropped}
        prozesse.update(self.moved)
        lock = Lock(format=LOCK_FORMAT, quellen={**self.lock.quellen, **self.new_quellen},
                    prozesse=prozesse)
        if self.umzug:
            from prozesskit.library.update_quellen import manifest_umzug

            manifest = manifest_umzug(self.root, self.lock, self.new_quellen, bibliotheken)
        else:
            manifest = manifest_refs(self.root, self.new_quellen, bibliotheken)
        if manifest is not None:
            self.files.add(MANIFEST_NAME, manifest, ours=True)
        if lock != self.lock:
            self.files.add(LOCK_NAME, lock.to_text(), ours=True)  # last: the run's seal
        return UpdatePlan(self.files, self.ergebnisse, self.quellen, self.hinweise)


class _Prozess:
    """The update of one locked process (a class only to share its many inputs)."""

    def __init__(self, builder: _Builder, key: str, quelle: Quelle, source: Source,
                 library: Register, local_id: str, locked_ids: set[str]) -> None:
        self.b = builder
        self.key = key
        self.quelle = quelle
        self.source = source
        self.library = library
        self.local_id = local_id
        self.entry = builder.lock.prozesse[local_id]
        #: the Steckbrief's file now: the lock's, or where the member moved it
        self.datei = local_file(builder.local, local_id, self.entry)
        self.locked_ids = locked_ids
        self.ergebnis = Ergebnis(local_id, key, self.datei, Stand.UNVERAENDERT)
        if self.datei != self.entry.datei:
            self.ergebnis.hinweise.append(f"lokal verschoben: {self.entry.datei} → {self.datei}")
        self._base_data: Any = None
        #: kept bases to write if (and only if) the process's lock entry moves
        self.pending: list[tuple[str, bytes, str | None]] = []
        #: local model → checksum of the source's version written beside it in this run
        self.daneben: dict[str, str] = {}

    @property
    def files(self) -> WritePlan:
        return self.b.files

    def side(self, konflikt: Konflikt) -> Side | None:
        return self.b.aufloesung.seite_von(konflikt)

    def conflict(self, konflikt: Konflikt) -> Side | None:
        """Record a conflict as open or resolved; the side that decides it, if any."""
        chosen = self.side(konflikt)
        (self.ergebnis.geloest if chosen else self.ergebnis.konflikte).append(konflikt)
        return chosen

    def base_data(self) -> Any:
        if self._base_data is None:
            base = base_files(self.b.root, self.b.lock, self.local_id)
            self._base_data = read_document(base.steckbrief, f"Basis von {self.datei}")
        return self._base_data

    def run(self) -> Ergebnis:
        entry, ergebnis = self.entry, self.ergebnis
        local_raw = _read_local(self.b.root, self.datei, _yaml_limit())
        upstream = self._find_upstream()
        if local_raw is None and upstream is None:
            ergebnis.stand = Stand.BEIDSEITIG_GLEICH  # deleted on both sides: out of the lock
            ergebnis.hinweise.append("lokal und in der Quelle gelöscht")
            self.b.dropped.add(self.local_id)
            ergebnis.lock_bewegt = True
            self._remove_models_and_bases(self._local_models())
            return ergebnis
        if local_raw is None:
            ergebnis.stand = Stand.LOKAL_ENTFALLEN
            ergebnis.hinweise.append("lokal gelöscht: wird nicht wiederhergestellt (neu "
                                     f"übernehmen: prozesskit import {shell_arg(self.source)} "
                                     f"{entry.id} --force)")
            return ergebnis
        local_data = read_document(local_raw, self.datei)
        if upstream is None:
            self._deleted_upstream(local_raw, local_data)
            return ergebnis
        new_raw = self._steckbrief(upstream, local_raw, local_data)

        def merged() -> Any:
            return local_data if new_raw == local_raw else read_document(new_raw, self.datei)

        modelle = self._models(upstream, local_data, merged)
        new_raw = self._hold_herkunft(new_raw, local_raw, local_data)
        if new_raw != local_raw:
            self.files.add(self.datei, new_raw, ours=True)
            self.files.expect(self.datei, _sha(local_raw))
            ergebnis.geschrieben = True
        if ergebnis.konflikte:
            self._record_beside()
            return ergebnis
        assert upstream.raw is not None and upstream.sha256 is not None
        provenance = self.library.provenance
        moved = Prozess(
            quelle=self.key, id=upstream.id or entry.id, pfad=upstream.path, datei=self.datei,
            commit=provenance.commit, version=provenance.version,
            paket_sha256=provenance.sha256 if self.quelle.art in ("paket", "xprozess") else None,
            sha256=upstream.sha256, lokal_sha256=self._lokal_sha(upstream, new_raw, local_raw),
            modelle=modelle)
        if _same_base(moved, entry) and not self.b.umzug and self.datei == entry.datei:
            return ergebnis  # nothing of this process changed in the source
        self.b.moved[self.local_id] = moved
        ergebnis.lock_bewegt = True
        ergebnis.umgebunden = self.b.umzug
        old_art = self.b.lock.quellen[self.key].art
        if self.b.umzug and old_art in KEPT and self.quelle.art not in KEPT:
            for rel in (entry.pfad, *(m.pfad for m in entry.modelle.values())):
                self._unkeep(rel)  # the new source keeps its bases itself (git)
        if self.quelle.art in KEPT:
            self._keep(upstream.path, upstream.raw, entry.pfad)
            for rel, raw, old_rel in self.pending:
                self._keep(rel, raw, old_rel)
        return ergebnis

    # finding it upstream
    def _find_upstream(self) -> SteckbriefFile | None:
        entry = self.entry
        found = self.library.get(entry.id)
        if found is None:
            at_path = next((item for item in self.library if item.path == entry.pfad), None)
            if at_path is not None and at_path.id is not None and (
                    at_path.id not in self.locked_ids):
                self.ergebnis.hinweise.append(
                    f"in der Quelle umbenannt: id '{entry.id}' → '{at_path.id}' (lokal bleibt "
                    f"die id '{self.local_id}')")
                found = at_path
            else:
                found = self._renamed()
        elif found.path != entry.pfad:
            self.ergebnis.hinweise.append(
                f"in der Quelle verschoben: {entry.pfad} → {found.path}")
        if found is not None and (found.raw is None or found.sha256 is None):
            raise InputError(f"'{found.path}' in der Quelle {self.source} ist nicht lesbar; "
                             "bitte in der Quelle beheben", file=f"{self.source}: {found.path}")
        return found

    def _renamed(self) -> SteckbriefFile | None:
        """A library renames a process together with its file (validate holds file name =
        id, PK-S005), so neither id nor path finds it: a Steckbrief no lock entry names whose
        content is the base's but for id and name is the same process, renamed – not a
        deletion plus a new process."""
        try:
            base = self.base_data()
        except ProzesskitError:
            return None
        if not isinstance(base, dict):
            return None
        wanted = _without(base, _RENAMED_FIELDS)
        for item in self.library:
            if item.id is None or item.id in self.locked_ids or item.raw is None:
                continue
            data = item.data
            if isinstance(data, dict) and same(_without(data, _RENAMED_FIELDS), wanted):
                self.ergebnis.hinweise.append(
                    f"in der Quelle umbenannt: '{self.entry.id}' → '{item.id}' ({item.path}; "
                    f"lokal bleibt die id '{self.local_id}')")
                return item
        return None

    # the Steckbrief
    def _steckbrief(self, upstream: SteckbriefFile, local_raw: bytes, local_data: Any) -> bytes:
        entry, ergebnis = self.entry, self.ergebnis
        assert upstream.raw is not None and upstream.sha256 is not None
        shown = f"{self.source}: {upstream.path}"
        upstream_data = _data(upstream, shown)
        unedited = _sha(local_raw) == entry.lokal_sha256
        if upstream.sha256 == entry.sha256 and upstream.id == entry.id:
            ergebnis.stand = Stand.UNVERAENDERT if unedited else Stand.LOKAL_GEAENDERT
            if not self.b.umzug:
                return local_raw
            stand = ergebnis.stand  # bound anew: only herkunft names the new source
            new_raw = self._steckbrief_changed(upstream, upstream_data, local_raw,
                                               local_data, unedited)
            ergebnis.stand = stand
            return new_raw
        return self._steckbrief_changed(upstream, upstream_data, local_raw, local_data,
                                        unedited)

    def _steckbrief_changed(self, upstream: SteckbriefFile, upstream_data: Any,
                            local_raw: bytes, local_data: Any, unedited: bool) -> bytes:
        ergebnis = self.ergebnis
        assert upstream.raw is not None
        herkunft = self._herkunft(upstream)
        moved = self._moved_models(upstream)
        if unedited:
            new_raw = imported_bytes(upstream.raw, upstream.path, upstream.id, self.local_id,
                                     moved, herkunft)
            ergebnis.stand = Stand.IN_DER_QUELLE_GEAENDERT
            ergebnis.uebernommen = tuple(diff_documents(
                local_data, self._imported(upstream_data, local_data, herkunft, moved)))
            return new_raw
        base = self._imported(self.base_data(), local_data, ABSENT, self._moved_models(None),
                              base=True)
        theirs = self._imported(upstream_data, local_data, herkunft, moved)
        ergebnis.stand = classify(base, local_data, theirs)
        whole = self.b.aufloesung.ganz(self.local_id)
        fields = self.b.aufloesung.fuer(self.local_id)
        spliced = _splice_merge(base, local_raw, local_data, theirs, self.datei)
        if spliced is not None:
            ergebnis.uebernommen = spliced[1]
            return spliced[0]
        result = merge_documents(base, local_raw, theirs, file=self.datei, resolve=whole,
                                 resolutions=fields, local_data=local_data)
        ergebnis.uebernommen = result.applied
        for done in result.resolved:
            ergebnis.geloest.append(Konflikt(self.local_id, "feld", done.where, done.base,
                                             done.local, done.upstream))
        for open_ in result.conflicts:
            ergebnis.konflikte.append(Konflikt(self.local_id, "feld", open_.where, open_.base,
                                               open_.local, open_.upstream))
        return result.text

    def _hold_herkunft(self, new_raw: bytes, local_raw: bytes, local_data: Any) -> bytes:
        """With a conflict open (a field of a Blaupause's Steckbrief, or one of the models)
        the lock keeps the old base, so ``herkunft`` must not claim the new version yet: it
        stays as the local file has it (its own lines, comments and all), while the fields
        that merged cleanly are taken."""
        from prozesskit.yamlio.edit import edited, load_text
        from prozesskit.yamlio.read import decode

        if not self.ergebnis.konflikte or new_raw == local_raw:
            return new_raw
        before = local_data.get("herkunft", ABSENT) if isinstance(local_data, dict) else ABSENT
        merged = read_document(new_raw, self.datei)
        if not isinstance(merged, dict) or same(merged.get("herkunft", ABSENT), before):
            return new_raw
        text, _ = decode(local_raw, self.datei)
        if text is None:
            return new_raw
        own = load_text(text, self.datei).get("herkunft", ABSENT)

        def keep(data: Any) -> None:
            if own is ABSENT:
                data.pop("herkunft", None)
            else:
                data["herkunft"] = own

        held = edited(new_raw, self.datei, keep)
        if held is None:
            return new_raw
        self.ergebnis.uebernommen = tuple(c for c in self.ergebnis.uebernommen
                                          if c.path[:1] != ("herkunft",))
        return held

    def _imported(self, data: Any, local_data: Any, herkunft: Any,
                  moved: Mapping[str, str], *, base: bool = False) -> Any:
        library = self.quelle.art != "blaupause"
        own = local_data.get("herkunft", ABSENT) if isinstance(local_data, dict) else ABSENT
        return _as_imported(
            data, local_id=local_data.get("id", ABSENT) if isinstance(local_data, dict)
            else ABSENT, herkunft=own if base else herkunft, moved=moved,
            set_herkunft=library)

    def _herkunft(self, upstream: SteckbriefFile) -> dict[str, str] | None:
        assert upstream.id is not None and upstream.sha256 is not None
        return herkunft_for(self.library.provenance, self.source, self.quelle, self.key,
                            upstream.id, upstream.sha256)

    def _moved_models(self, upstream: SteckbriefFile | None) -> dict[str, str]:
        """Source model path → local path, where they differ: as the import mapped them
        (the lock), plus new models of ``upstream`` named for the local id."""
        moved = {model.pfad: local for local, model in self.entry.modelle.items()
                 if model.pfad != local}
        if upstream is not None and self.entry.modelle:
            for link in upstream.modelle:
                rel = model_path(link.datei)
                if rel is not None and rel not in moved and rel not in {
                        m.pfad for m in self.entry.modelle.values()}:
                    target = self._model_target(rel, upstream.id or self.entry.id)
                    if target != rel:
                        moved[rel] = target
        return moved

    def _model_target(self, rel: str, source_id: str) -> str:
        path = PurePosixPath(rel)
        if source_id != self.local_id and path.name.startswith(f"{source_id}."):
            return str(path.with_name(self.local_id + path.name[len(source_id):]))
        return rel

    def _lokal_sha(self, upstream: SteckbriefFile, new_raw: bytes, local_raw: bytes) -> str:
        """What ``lokal_sha256`` records: the hash of the source's file as import writes it,
        so a file still equal to it counts as unedited, and a merged file with the member's
        edits does not.

        Whether the member edited the file is a question of its bytes, not of its data: a
        file that differs from the import form only by comments or a BOM merges to the
        same fields as the source (``classify`` says *in der Quelle geändert*), but taking
        the merged bytes as the import form would make the next update take the source's
        text over the member's comments. Only a file written as the import form (unedited
        before) records the written bytes."""
        entry = self.entry
        if upstream.sha256 == entry.sha256 and upstream.id == entry.id and not self.b.umzug:
            return entry.lokal_sha256
        if _sha(local_raw) == entry.lokal_sha256:
            return _sha(new_raw)
        assert upstream.raw is not None
        return _sha(imported_bytes(upstream.raw, upstream.path, upstream.id, self.local_id,
                                   self._moved_models(upstream), self._herkunft(upstream)))

    # deleted upstream
    def _deleted_upstream(self, local_raw: bytes, local_data: Any) -> None:
        ergebnis, entry = self.ergebnis, self.entry
        if self.quelle.art in AUSWAHL:  # not sent is not deleted
            ergebnis.hinweise.append(nicht_geschickt(self.quelle.art))
            return
        base = self._imported(self.base_data(), local_data, ABSENT, self._moved_models(None),
                              base=True) if _sha(local_raw) != entry.lokal_sha256 else None
        # the member's modelling work counts like an edit of the Steckbrief: a locally
        # changed model makes the deletion a conflict, not an orphan left in modelle/
        models = self._local_models()
        edited = (base is not None and not same(local_data, base)) or any(
            _sha(raw) != self.entry.modelle[local].sha256 for local, raw in models.items())
        ergebnis.stand = Stand.KONFLIKT if edited else Stand.IN_DER_QUELLE_ENTFALLEN
        chosen: Side | None = "theirs"
        if edited:
            chosen = self.conflict(Konflikt(self.local_id, "entfallen", "", lokal="lokal geändert",
                                            quelle="entfallen"))
        if chosen is None:
            return
        self.b.dropped.add(self.local_id)
        ergebnis.lock_bewegt = True
        if chosen == "ours":
            self._own_process(local_raw)
            return
        ergebnis.entfernt = True
        self.files.remove(self.datei)
        self.files.expect(self.datei, _sha(local_raw))  # decided on what was read
        self._remove_models_and_bases(models, decided=edited)

    def _local_models(self) -> dict[str, bytes]:
        """The locked models the register still has (local path → bytes as read), read
        once for both questions: did the member change one, and which may go."""
        found = {}
        for local in self.entry.modelle:
            raw = _read_local(self.b.root, local, _bpmn_limit())
            if raw is not None:
                found[local] = raw
        return found

    def _own_process(self, local_raw: bytes) -> None:
        """``--ours`` on a process the source deleted: it stays as the register's own, so
        its ``herkunft`` no longer names the library (``netz`` and ``beitragen`` go by it)."""
        from prozesskit.yamlio.edit import edited

        self.ergebnis.hinweise.append(
            f"in der Quelle entfallen: bleibt als eigener Prozess, nicht mehr aus "
            f"'{self.key}' ({LOCK_NAME}; herkunft entfernt)")
        new_raw = edited(local_raw, self.datei, lambda data: data.pop("herkunft", None))
        if new_raw is not None and new_raw != local_raw:
            self.files.add(self.datei, new_raw, ours=True)
            self.files.expect(self.datei, _sha(local_raw))
            self.ergebnis.geschrieben = True

    def _remove_models_and_bases(self, models: dict[str, bytes], *,
                                 decided: bool = False) -> None:
        """A process gone from the source and the register: of its ``models`` (as
        :meth:`_local_models` read them) those the member did not change (and, ``decided``
        by ``--theirs`` on the conflict, those they did), and its kept bases."""
        entry, ergebnis = self.entry, self.ergebnis
        for local, raw in models.items():
            sha = _sha(raw)
            if decided or sha == entry.modelle[local].sha256:
                self.files.remove(local)
                self.files.expect(local, sha)
                ergebnis.modelle.append(ModellAktion(local, "entfernt"))
            else:
                ergebnis.modelle.append(ModellAktion(local, "lokal geändert: behalten"))
        if self.quelle.art in KEPT:
            for rel in (entry.pfad, *(m.pfad for m in entry.modelle.values())):
                self._unkeep(rel)

    # models
    def _models(self, upstream: SteckbriefFile, local_data: Any, merged: Callable[[], Any]
                ) -> dict[str, Modell]:
        """Each locked model taken, kept or written beside; new models of the source added
        (only for processes imported with models). Returns the lock's models if the process
        moves."""
        entry = self.entry
        if not entry.modelle:
            return {}
        links: dict[str, ModelLink] = {}
        for link in upstream.modelle:
            problem = path_problem(link.datei)
            if problem is not None:
                raise InputError(f"Steckbrief '{upstream.path}' in der Quelle {self.source} "
                                 f"verweist auf das Modell '{link.datei}', das {problem}; aus "
                                 "Sicherheitsgründen wird nichts aktualisiert",
                                 file=f"{self.source}: {upstream.path}", line=link.line)
            links[model_path(link.datei) or ""] = link
        result: dict[str, Modell] = {}
        seen: set[str] = set()
        for local, locked in entry.modelle.items():
            art = _art_of(local_data, local)
            found = links.get(locked.pfad) or next(
                (link for link in links.values() if art is not None and link.art == art), None)
            if found is None:
                self._model_gone(local, locked, merged)
                continue
            link = found
            rel = model_path(link.datei) or ""
            seen.add(rel)
            if link.file is None or link.file.raw is None or link.file.sha256 is None:
                raise InputError(f"Das Modell '{link.datei}' von '{upstream.path}' fehlt in der "
                                 f"Quelle {self.source} oder ist nicht lesbar",
                                 file=f"{self.source}: {upstream.path}", line=link.line)
            moved = self._model(local, locked, rel, link.file.raw, link.file.sha256,
                                art or link.art)
            result[local] = moved
            if moved.sha256 != locked.sha256 or rel != locked.pfad or self.b.umzug:
                self.pending.append((rel, link.file.raw, locked.pfad))
        for rel, link in links.items():
            if rel in seen or link.file is None or link.file.raw is None:
                continue
            target = self._model_target(rel, upstream.id or entry.id)
            result[target] = self._new_model(target, rel, link.file.raw, link.art)
            self.pending.append((rel, link.file.raw, None))
        return result

    def _model(self, local: str, locked: Modell, rel: str, raw: bytes, sha: str,
               art: str | None) -> Modell:
        taken = Modell(pfad=rel, sha256=sha)
        if sha == locked.sha256:
            return taken if rel != locked.pfad else locked
        current = _read_local(self.b.root, local, _bpmn_limit())
        beside = beside_path(local, self.local_id, art)
        if current is None:
            self.ergebnis.modelle.append(ModellAktion(local, "lokal gelöscht: nicht "
                                                             "wiederhergestellt"))
            return taken
        own_beside = {sha, locked.daneben_sha256}  # what update wrote (or would write) there
        if _sha(current) == sha:
            self._drop_beside(beside, own_beside)
            return taken
        if _sha(current) == locked.sha256:
            self.files.add(local, raw, ours=True)
            self.files.expect(local, locked.sha256)
            self.ergebnis.modelle.append(ModellAktion(local, "aus der Quelle übernommen"))
            self._drop_beside(beside, own_beside)
            return taken
        chosen = self.conflict(Konflikt(self.local_id, "modell", local, lokal="lokal geändert",
                                        quelle="in der Quelle geändert", daneben=beside))
        if chosen == "theirs":
            self.files.add(local, raw, ours=True)
            self.files.expect(local, _sha(current))
            self.ergebnis.modelle.append(ModellAktion(local, "Fassung der Quelle übernommen "
                                                             "(--theirs)"))
        elif chosen == "ours":
            self.ergebnis.modelle.append(ModellAktion(local, "lokale Fassung behalten (--ours)"))
        else:
            self._put_beside(beside, raw, locked.daneben_sha256)
            self.daneben[local] = sha
            self.ergebnis.modelle.append(ModellAktion(
                local, f"lokal geändert: Fassung der Quelle daneben als {beside}"))
            return locked
        self._drop_beside(beside, own_beside)
        return taken

    def _new_model(self, target: str, rel: str, raw: bytes, art: str | None) -> Modell:
        current = _read_local(self.b.root, target, _bpmn_limit())
        if current is None:
            self.files.add(target, raw)
            self.ergebnis.modelle.append(ModellAktion(target, "neu aus der Quelle"))
        elif current != raw:
            beside = beside_path(target, self.local_id, art)
            self._put_beside(beside, raw, None)
            self.ergebnis.modelle.append(ModellAktion(
                target, f"neu in der Quelle, lokal gibt es eine andere Datei: Fassung der "
                        f"Quelle daneben als {beside}"))
            return Modell(pfad=rel, sha256=_sha(raw), daneben_sha256=_sha(raw))
        return Modell(pfad=rel, sha256=_sha(raw))

    def _model_gone(self, local: str, locked: Modell, merged: Callable[[], Any]) -> None:
        current = _read_local(self.b.root, local, _bpmn_limit())
        if current is not None and _sha(current) == locked.sha256 and (
                _art_of(merged(), local) is None):
            self.files.remove(local)
            self.files.expect(local, locked.sha256)
            self.ergebnis.modelle.append(ModellAktion(local, "in der Quelle entfallen: entfernt"))
        elif current is not None:
            self.ergebnis.modelle.append(ModellAktion(local, "in der Quelle entfallen: lokal "
                                                             "behalten"))

    def _put_beside(self, beside: str, raw: bytes, known: str | None) -> None:
        """The source's model beside the local one. A file already there is replaced only
        if update wrote it (its checksum in the lock, ``known``) or with ``--force``: the
        name is an ordinary file name, and a member's note there is the member's."""
        current = _read_local(self.b.root, beside, _bpmn_limit())
        if current is not None and current != raw and _sha(current) != known \
                and not self.b.force:
            raise UsageError(
                "Die Datei gibt es schon, und update hat sie nicht geschrieben (oder sie "
                f"wurde seitdem geändert); dorthin legt update die Fassung der Quelle neben das "
                f"lokal geänderte Modell von '{self.local_id}'. Nichts geschrieben. Die Datei "
                "umbenennen oder entfernen, oder mit --force überschreiben", file=beside)
        self.files.add(beside, raw, ours=True)
        self.files.expect(beside, _sha(current) if current is not None else None)

    def _drop_beside(self, beside: str, own: set[str | None]) -> None:
        """The source's model beside the local one is no longer needed: removed if it is
        what update wrote there; a file the member wrote or edited stays (and is named)."""
        if beside in self.files or beside in self.files.removals():
            return
        current = _read_local(self.b.root, beside, _bpmn_limit())
        if current is None:
            return
        if _sha(current) in own:
            self.files.remove(beside)
            self.files.expect(beside, _sha(current))
        else:
            self.ergebnis.hinweise.append(f"{beside} bleibt: nicht die Datei, die update "
                                          "daneben geschrieben hat (bitte selbst entfernen)")

    def _record_beside(self) -> None:
        """A process with open conflicts keeps its base in the lock, but the lock learns
        what was written beside its models, so the next run may replace those files."""
        entry = self.entry
        if not self.daneben or self.local_id in self.b.moved:
            return
        modelle = {local: model.model_copy(update={"daneben_sha256": self.daneben[local]})
                   if local in self.daneben else model for local, model in entry.modelle.items()}
        self.b.moved[self.local_id] = entry.model_copy(update={"modelle": modelle})

    # kept bases (folders, packages, Blaupausen)
    def _keep(self, rel: str, raw: bytes, old_rel: str | None) -> None:
        path = kept_path(self.key, rel)
        if path not in self.files:
            self.files.add(path, raw, ours=True)
        if old_rel is not None and old_rel != rel:
            self._unkeep(old_rel)

    def _unkeep(self, rel: str) -> None:
        path = kept_path(self.key, rel)
        if path not in self.files and path not in self.files.removals() and (
                self.b.root / path).is_file():
            self.files.remove(path)


def _splice_merge(base: Any, local_raw: bytes, local_data: Any, theirs: Any, file: str
                  ) -> tuple[bytes, tuple[FieldChange, ...]] | None:
    """The merge without a ruamel round trip when it only changes one-line values (the
    usual update: a Zuständigkeit, a name, the new ``herkunft`` version): those values are
    replaced in the local text (:mod:`prozesskit.yamlio.splice`), everything else stays byte
    for byte. Verified by reading the result back; None (→ ruamel) for anything else."""
    from prozesskit.library.merge3 import plan
    from prozesskit.yamlio.read import BOM, parse_yaml
    from prozesskit.yamlio.splice import replace_scalars

    the_plan = plan(base, local_data, theirs)
    changes = the_plan.changes
    if the_plan.conflicts or not changes or any(
            change.kind != "changed" or not all(isinstance(step, str) for step in change.path)
            or isinstance(change.old, dict | list) or isinstance(change.new, dict | list)
            or change.old is None for change in changes):
        return None
    doc, problems = parse_yaml(local_raw, file)
    if doc is None or problems:
        return None
    text = replace_scalars(doc, [(tuple(str(step) for step in change.path), change.new)
                                 for change in changes])
    if text is None:
        return None
    out = (BOM if local_raw.startswith(BOM) else b"") + text.encode("utf-8")
    merged, problems = parse_yaml(out, file)
    if merged is None or problems or plan(base, merged.data, theirs).ops or {
            change.path for change in diff_documents(local_data, merged.data)} != {
            change.path for change in changes}:
        return None  # not what the plan meant: the ruamel path decides
    return out, changes


def _same_base(new: Prozess, old: Prozess) -> bool:
    """Nothing of the process changed in the source (commit/version aside)."""
    return (new.id, new.pfad, new.sha256, new.modelle) == (old.id, old.pfad, old.sha256,
                                                           old.modelle)


def _yaml_limit() -> int:
    from prozesskit.limits import MAX_YAML_BYTES

    return MAX_YAML_BYTES


def _bpmn_limit() -> int:
    from prozesskit.limits import MAX_BPMN_BYTES

    return MAX_BPMN_BYTES
