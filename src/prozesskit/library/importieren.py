"""Plan ``prozesskit import``: which Steckbriefe and models, under which local ids, with
which provenance, as one all-or-nothing :class:`~prozesskit.writeplan.WritePlan`.

Data flow: the source (folder, git URL@ref, ``prozesskit:<blaupause>``) is opened through
:mod:`prozesskit.register.sources` as a read-only :class:`Register` with its provenance; the
selection (ids, ``--alle``, ``--bereich``) is checked against it; every chosen Steckbrief is
copied byte for byte except for ``id`` (when it clashes) and ``herkunft`` (set through the
ruamel edit path, so comments and order survive); models are copied unchanged. The plan
holds the Steckbriefe, the models, the kept bases (folders and Blaupausen, see
:mod:`.basis`), the new lock and, for a library, its entry in the manifest's
``bibliotheken``. Nothing is written until :meth:`ImportPlan.commit`, and that writes all
files or none.

Clashing ids are mapped to ``<id>-2``, ``<id>-3``, … (the first free one): a suffix keeps the
file next to the local process of the same name in every listing. A process imported before
from the same source (same source id in the lock) is imported again into its own file; a
local edit to it is overwritten only with ``--force``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from prozesskit.credentials import url_key, without_credentials
from prozesskit.errors import InputError, UsageError
from prozesskit.fsutil import shell_arg
from prozesskit.library.basis import AUSWAHL, KEPT, kept_path
from prozesskit.library.lock import (
    LOCK_NAME,
    Lock,
    Modell,
    Prozess,
    Quelle,
    read_lock_as_read,
)
from prozesskit.library.lokal import local_file
from prozesskit.model.codes import ID_MAX_LENGTH, is_valid_id
from prozesskit.model.produktrahmen import two_digits
from prozesskit.register.modelpath import model_path, path_problem
from prozesskit.register.sources import Source, SourceKind
from prozesskit.register.unread import unread_problem
from prozesskit.register.view import Provenance, Register, SteckbriefFile
from prozesskit.validation.layout import MANIFEST_NAME, STECKBRIEF_DIR
from prozesskit.writeplan import Outcome, WritePlan

_UNREAD_MESSAGES = frozenset(unread_problem("x", kind).message
                             for kind in ("link", "linkdir", "special"))


@dataclass(frozen=True, slots=True)
class Auswahl:
    """What to import: ids, or every process (``alle``), or those of some Produktbereiche."""

    ids: tuple[str, ...] = ()
    alle: bool = False
    bereiche: tuple[str, ...] = ()
    mit_modellen: bool = False
    #: take a process another package already brought as a second one (``<id>-2``)
    als_neu: bool = False


@dataclass(frozen=True, slots=True)
class Uebernahme:
    """One imported process: its id in the source and locally, files written."""

    quelle_id: str
    lokal_id: str
    datei: str
    modelle: tuple[str, ...]

    @property
    def umbenannt(self) -> bool:
        return self.quelle_id != self.lokal_id


@dataclass
class ImportPlan:
    """Everything ``import`` would write; :meth:`commit` writes it all or nothing."""

    quelle: str  # as shown to the user
    quelle_key: str
    files: WritePlan
    uebernahmen: list[Uebernahme] = field(default_factory=list)
    #: what the user should know about processes taken from an XProzess file
    hinweise: list[str] = field(default_factory=list)

    def commit(self, *, force: bool = False,
               progress: Callable[[int], None] | None = None) -> Outcome:
        """Write every planned file or none; ``progress`` as :meth:`WritePlan.commit`."""
        return self.files.commit(force=force, progress=progress)


def plan_import(root: Path, spec: str, auswahl: Auswahl,
                progress: Callable[[str, int, int | None], None] | None = None) -> ImportPlan:
    """The whole import planned in memory; German errors for every refusal, nothing written.
    ``progress`` hears of a git clone or fetch of the source."""
    local = Register.open(root)
    if local.root is None:  # pragma: no cover - Register.open always has a root
        raise InputError(f"'{root}' ist kein Register-Ordner")
    lock, lock_sha = read_lock_as_read(local.root)
    source = Source.parse(spec)
    if source.kind in (SourceKind.ORDNER,) and Path(source.location).resolve() == local.root:
        raise UsageError("Quelle und Ziel sind dasselbe Register")
    if source.kind is SourceKind.XPROZESS:  # a message is taken whole, models included
        auswahl = Auswahl(auswahl.ids, auswahl.alle or not (auswahl.ids or auswahl.bereiche),
                          auswahl.bereiche, mit_modellen=True, als_neu=auswahl.als_neu)
    library = source.open(progress)
    refuse_unread(library, str(source))
    quelle, key = quelle_for(lock, source, library)
    chosen = _select(library, auswahl, str(source))
    builder = _Builder(local, lock, library, source, quelle, key, auswahl.mit_modellen,
                       auswahl.als_neu)
    for item in chosen:
        builder.add(item)
    planned = builder.finish()
    planned.files.expect(LOCK_NAME, lock_sha)  # two imports at once: the later is refused
    if source.kind is SourceKind.XPROZESS:
        from prozesskit.exchange.xprozess.quelle import hinweise

        where = {u.quelle_id: u.datei for u in planned.uebernahmen}
        planned.hinweise.extend(hinweise(chosen, where))
    from prozesskit.exchange.rahmen import hinweis, ziel_rahmen

    # XProzess names no Produktrahmen (None): the Bereiche the register lacks are counted
    rahmen = hinweis(library.angaben.produktrahmen, ziel_rahmen(local.root), chosen,
                     f"Die Quelle '{source}'")
    if rahmen is not None:
        planned.hinweise.append(rahmen)
    return planned


def refuse_unread(library: Register, shown: str) -> None:
    """A link or FIFO among the source's files: refused as a whole, before anything is read
    from it (a library that links to /etc is not one to take files from)."""
    bad = [p for p in library.read_problems if p.line is None and p.message in _UNREAD_MESSAGES]
    if bad:
        first = bad[0]
        more = f" (und {len(bad) - 1} weitere)" if len(bad) > 1 else ""
        raise InputError(f"Die Quelle {shown} enthält '{first.file}'{more}: {first.message}. "
                         "Aus Sicherheitsgründen wird nichts importiert; "
                         f"{first.hint or 'den Eintrag in der Quelle entfernen'}")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-") or "quelle"


def quelle_for(lock: Lock, source: Source, library: Register) -> tuple[Quelle, str]:
    """The lock's entry for this source (the existing one if it was used before) and its key."""
    provenance = library.provenance
    if source.kind is SourceKind.GIT:
        from prozesskit.gitio import check_url

        ort = without_credentials(check_url(source.location))  # the lock is committed
        quelle = Quelle(art="git", ort=ort, ref=source.ref, pfad=source.path)
        base = PurePosixPath(ort.rstrip("/").replace(":", "/")).name.removesuffix(".git")
    elif source.kind in (SourceKind.PAKET, SourceKind.XPROZESS):
        ort = str(Path(source.location).resolve())
        quelle = Quelle(art="paket" if source.kind is SourceKind.PAKET else "xprozess", ort=ort)
        base = PurePosixPath(ort).stem
    elif source.kind is SourceKind.BLAUPAUSE:
        quelle = Quelle(art="blaupause", ort=str(source), name=source.location)
        base = f"prozesskit-{source.location}"
    elif source.kind is SourceKind.KATALOG:  # a catalogue of one's own, as init records it
        name = source.path or provenance.path or "blaupause"
        quelle = Quelle(art="blaupause", ort=source.location, ref=source.ref, name=name)
        base = f"{PurePosixPath(source.location.rstrip('/')).name.removesuffix('.git')}-{name}"
    else:
        ort = provenance.location
        quelle = Quelle(art="ordner", ort=ort)
        base = PurePosixPath(ort).name
    same = [key for key, known in lock.quellen.items()
            if (known.art, without_credentials(known.ort), known.pfad, known.name) ==
            (quelle.art, quelle.ort, quelle.pfad, quelle.name)]
    if same:
        return quelle, same[0]
    key, number = _slug(base), 2
    while key in lock.quellen:
        key, number = f"{_slug(base)}-{number}", number + 1
    return quelle, key


def _select(library: Register, auswahl: Auswahl, shown: str) -> list[SteckbriefFile]:
    if not (auswahl.ids or auswahl.alle or auswahl.bereiche):
        raise UsageError("Was soll importiert werden? Ids angeben, --alle oder --bereich NN")
    if auswahl.alle and (auswahl.ids or auswahl.bereiche):
        raise UsageError("--alle gilt ohne Ids und ohne --bereich")
    for item in library:
        if item.id is None and (auswahl.alle or auswahl.bereiche):
            raise InputError(f"'{item.path}' in der Quelle {shown} ist kein lesbarer Steckbrief "
                             "mit id; bitte in der Quelle beheben (prozesskit validate)")
    chosen: dict[str, SteckbriefFile] = {}
    for wanted in auswahl.ids:
        found = library.get(wanted)
        if found is None:
            import difflib

            close = difflib.get_close_matches(wanted, library.ids, n=3)
            hint = f"; meinten Sie {', '.join(close)}?" if close else ""
            raise UsageError(f"Den Prozess '{wanted}' gibt es in der Quelle {shown} nicht{hint}")
        chosen[wanted] = found
    bereiche = {two_digits(b) or b for b in auswahl.bereiche}  # `--bereich 2` means 02
    for item in library:
        if item.id is not None and (auswahl.alle or item.bereich in bereiche):
            chosen.setdefault(item.id, item)
    if not chosen:
        raise UsageError(f"In der Quelle {shown} gibt es keine Prozesse der Produktbereiche "
                         + ", ".join(auswahl.bereiche))
    return list(chosen.values())


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _source_sha(item: SteckbriefFile) -> str:
    """The source's hash of ``item``: the register view hashed the bytes it read, so they
    are not hashed again here."""
    assert item.sha256 is not None  # the view hashes every file it could read
    return item.sha256


class _Builder:
    """Collects the files of one import; ids and paths decided against the local register,
    the lock and what is already planned."""

    def __init__(self, local: Register, lock: Lock, library: Register, source: Source,
                 quelle: Quelle, key: str, mit_modellen: bool, als_neu: bool = False) -> None:
        assert local.root is not None
        self.root = local.root
        self.local = local
        self.lock = lock
        self.library = library
        self.source = source
        self.quelle = quelle
        self.key = key
        self.mit_modellen = mit_modellen
        self.als_neu = als_neu
        self.files = WritePlan(local.root)
        self.prozesse: dict[str, Prozess] = {}
        self.uebernahmen: list[Uebernahme] = []
        self.taken_ids = set(local.ids) | set(lock.prozesse)
        self.taken_files = set(local.files)
        #: models the imported Steckbriefe name that neither come along nor are there
        self.ohne_modelle: list[str] = []

    def add(self, item: SteckbriefFile) -> None:
        shown = f"{self.source}: {item.path}"
        if item.raw is None or not isinstance(item.data, dict):
            raise InputError(f"'{item.path}' in der Quelle {self.source} ist nicht lesbar oder "
                             "kein YAML-Steckbrief; bitte in der Quelle beheben", file=shown)
        source_id = item.id
        if source_id is None or not is_valid_id(source_id):
            raise InputError(f"Steckbrief '{item.path}' in der Quelle {self.source} hat keine "
                             f"gültige id ({source_id!r}); erlaubt sind Kleinbuchstaben, Ziffern "
                             "und Bindestriche", file=shown)
        earlier = self._earlier(source_id)
        if earlier is None and not self.als_neu:
            self._refuse_newer_selection(source_id)
        local_id = earlier[0] if earlier else self._free_id(source_id)
        datei = local_file(self.local, *earlier) if earlier else f"{STECKBRIEF_DIR}/{local_id}.yaml"
        self.taken_ids.add(local_id)
        models = self._models(item, source_id, local_id, shown)
        if not self.mit_modellen:
            self.ohne_modelle.extend(
                rel for link in item.modelle if (rel := model_path(link.datei)) is not None
                and rel not in self.local.modelle)
        text = self._steckbrief_bytes(item, local_id, models)
        current = self._current_sha(datei)
        unedited = earlier is not None and current == earlier[1].lokal_sha256
        self.files.add(datei, text, ours=unedited)
        self.files.expect(datei, current)  # an edit while this import runs: nothing written
        if earlier is not None:  # edited here since: `update` merges, --force drops the edits
            self.files.merge_instead(datei, str(self.source), local_id)
        locked_models: dict[str, Modell] = {}
        for source_rel, (target, raw) in models.items():
            if target not in self.files:
                now = self._current_sha(target)
                self.files.add(target, raw, ours=unedited and self._model_unedited(
                    earlier[1] if earlier else None, target, now))
                self.files.expect(target, now)
                if earlier is not None:
                    self.files.merge_instead(target, str(self.source), local_id)
            locked_models[target] = Modell(pfad=source_rel, sha256=_sha(raw))
            if self.quelle.art in KEPT:
                self._keep(source_rel, raw)
        if self.quelle.art in KEPT:
            self._keep(item.path, item.raw)
        provenance = self.library.provenance
        self.prozesse[local_id] = Prozess(
            quelle=self.key, id=source_id, pfad=item.path, datei=datei,
            commit=provenance.commit, version=provenance.version, sha256=_source_sha(item),
            paket_sha256=provenance.sha256 if self.quelle.art in ("paket", "xprozess") else None,
            lokal_sha256=_sha(text), modelle=locked_models)
        self.uebernahmen.append(Uebernahme(source_id, local_id, datei,
                                           tuple(target for target, _ in models.values())))

    def _earlier(self, source_id: str) -> tuple[str, Prozess] | None:
        for local_id, prozess in self.lock.prozesse.items():
            if prozess.quelle == self.key and prozess.id == source_id:
                return local_id, prozess
        return None

    def _current_sha(self, rel: str) -> str | None:
        from prozesskit.fsutil import read_regular

        try:
            return _sha(read_regular(str(self.root / rel)))
        except OSError:
            return None

    @staticmethod
    def _model_unedited(earlier: Prozess | None, target: str, now: str | None) -> bool:
        """``now``: the sha256 of the file as it is (read once, also for the plan's expect)."""
        if earlier is None or target not in earlier.modelle:
            return False
        return now == earlier.modelle[target].sha256

    def _refuse_newer_selection(self, source_id: str) -> None:
        """A package comes by mail with a new file name each time (``nachbar-maerz.zip``),
        so it is a new source: the process an earlier package brought would become a silent
        second copy ``<id>-2``. Most likely it is the newer version of it: say how to take
        that (``update --statt``), or how to take it as a second process."""
        if self.quelle.art not in AUSWAHL:
            return
        for local_id, prozess in self.lock.prozesse.items():
            earlier = self.lock.quellen.get(prozess.quelle)
            if prozess.id == source_id and prozess.quelle != self.key and (
                    earlier is not None and earlier.art in AUSWAHL):
                raise UsageError(
                    f"'{source_id}' kam schon mit '{prozess.quelle}' ({earlier.ort}) ins "
                    f"Register (hier '{local_id}'). Ist dies die neuere Fassung: prozesskit "
                    f"update {shell_arg(self.source)} --statt {shell_arg(prozess.quelle)}; "
                    "als zweiten, eigenen Prozess übernehmen: import … --als-neu. Es wurde "
                    "nichts geschrieben.")

    def _free_id(self, source_id: str) -> str:
        if source_id not in self.taken_ids and \
                f"{STECKBRIEF_DIR}/{source_id}.yaml" not in self.taken_files:
            return source_id
        number = 2
        while True:
            suffix = f"-{number}"
            candidate = source_id[:ID_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
            if candidate not in self.taken_ids and \
                    f"{STECKBRIEF_DIR}/{candidate}.yaml" not in self.taken_files:
                return candidate
            number += 1

    def _models(self, item: SteckbriefFile, source_id: str, local_id: str, shown: str
                ) -> dict[str, tuple[str, bytes]]:
        """Source model path → (local path, bytes) of the models to copy; every reference
        is checked even without ``--mit-modellen`` (the Steckbrief is copied with it)."""
        models: dict[str, tuple[str, bytes]] = {}
        for link in item.modelle:
            problem = path_problem(link.datei)
            if problem is not None:
                raise InputError(f"Steckbrief '{item.path}' in der Quelle {self.source} verweist "
                                 f"auf das Modell '{link.datei}', das {problem}; aus "
                                 "Sicherheitsgründen wird nichts importiert. In der Quelle "
                                 "einen Pfad im Register angeben (modelle/…)",
                                 file=shown, line=link.line)
            if not self.mit_modellen:
                continue
            rel = model_path(link.datei)
            assert rel is not None
            if link.file is None or link.file.raw is None:
                raise InputError(f"Das Modell '{link.datei}' von '{item.path}' fehlt in der "
                                 f"Quelle {self.source} oder ist nicht lesbar; ohne "
                                 "--mit-modellen importieren oder die Quelle beheben",
                                 file=shown, line=link.line)
            models[rel] = (self._model_target(rel, source_id, local_id), link.file.raw)
        return models

    def _model_target(self, rel: str, source_id: str, local_id: str) -> str:
        """The model's path in the register: the source's, renamed with a mapped id."""
        path = PurePosixPath(rel)
        if source_id != local_id and path.name.startswith(f"{source_id}."):
            return str(path.with_name(local_id + path.name[len(source_id):]))
        return rel

    def _steckbrief_bytes(self, item: SteckbriefFile, local_id: str,
                          models: dict[str, tuple[str, bytes]]) -> bytes:
        """The source file with the local id, the provenance and renamed model paths; a
        Blaupause's file keeps its own ``herkunft`` (it is already the Blaupause's)."""
        assert item.raw is not None and item.id is not None
        moved = {rel: target for rel, (target, _) in models.items() if rel != target}
        herkunft = herkunft_for(self.library.provenance, self.source, self.quelle, self.key,
                                item.id, _source_sha(item))
        return imported_bytes(item.raw, item.path, item.id, local_id, moved, herkunft)

    def _keep(self, source_rel: str, raw: bytes) -> None:
        rel = kept_path(self.key, source_rel)
        if rel not in self.files:
            self.files.add(rel, raw, ours=True)

    def finish(self) -> ImportPlan:
        quellen = {self.key: self.quelle}
        lock = self.lock.with_entries(quellen, self.prozesse)
        self.files.add(LOCK_NAME, lock.to_text(), ours=True)
        if self.quelle.art == "git":
            manifest = _with_library(self.local, self.key, self.quelle)
            if manifest is not None:
                self.files.add(MANIFEST_NAME, manifest, ours=True)
        hinweise = []
        if self.ohne_modelle:
            count = len(self.ohne_modelle)
            hinweise.append(
                f"{count} Modell(e), die die Steckbriefe nennen, nicht übernommen ("
                f"{', '.join(self.ohne_modelle[:3])}{' …' if count > 3 else ''}); validate "
                "meldet sie als fehlend (PK-S008). Mit --mit-modellen übernehmen, oder den "
                "Eintrag unter 'modelle' entfernen.")
        return ImportPlan(str(self.source), self.key, self.files, self.uebernahmen, hinweise)


def herkunft_for(provenance: Provenance, source: Source, quelle: Quelle, key: str,
                 source_id: str, sha256: str) -> dict[str, str] | None:
    """The ``herkunft`` an imported Steckbrief gets (``update`` sets the same after a merge);
    None for a Blaupause, whose files carry the Blaupause's own."""
    if quelle.art == "blaupause":
        return None
    if provenance.commit:
        version = source.ref or provenance.commit[:12]
    elif quelle.art in ("paket", "xprozess"):
        version = f"{quelle.art}-{(provenance.sha256 or sha256)[:12]}"
    else:
        version = f"ordner-{(provenance.sha256 or sha256)[:12]}"
    herkunft = {"art": "bibliothek", "name": key, "id": source_id, "version": version,
                "sha256": sha256}
    if quelle.art == "git":
        herkunft["url"] = quelle.ort
        herkunft["commit"] = provenance.commit or ""
    return herkunft


def imported_bytes(raw: bytes, path: str, source_id: str | None, local_id: str,
                   moved: Mapping[str, str], herkunft: Mapping[str, str] | None) -> bytes:
    """A source Steckbrief as the register keeps it: byte for byte, except ``id`` (mapped),
    ``herkunft`` and renamed model paths, set through ruamel (comments and order survive)."""
    if local_id == source_id and not moved and herkunft is None:
        return raw
    from prozesskit.yamlio.edit import edited, to_commented

    def change(data: Any) -> None:
        data["id"] = local_id
        for entry in data.get("modelle") or []:
            if isinstance(entry, dict) and isinstance(entry.get("datei"), str):
                rel = model_path(entry["datei"])
                if rel is not None and rel in moved:
                    entry["datei"] = moved[rel]
        if herkunft is not None:
            data["herkunft"] = to_commented(dict(herkunft))

    out = edited(raw, path, change)
    assert out is not None  # the caller parsed it
    return out


def _with_library(local: Register, key: str, quelle: Quelle) -> bytes | None:
    """The manifest with the library added to ``bibliotheken`` (round-trip: comments and
    order kept), or None if it is listed already (by URL) or the manifest is unreadable."""
    if local.manifest is None or local.manifest.raw is None:
        return None
    data = local.manifest.data
    listed: Sequence[Any] = data.get("bibliotheken") or [] if isinstance(data, dict) else []
    if any(isinstance(entry, dict) and url_key(entry.get("url")) == quelle.ort
           for entry in listed):
        return None
    from prozesskit.library.update_quellen import list_library
    from prozesskit.yamlio.edit import edited

    return edited(local.manifest.raw, MANIFEST_NAME,
                  lambda doc: list_library(doc, key, quelle))
