"""``prozesskit diff [QUELLE[@REF]] [IDS…]``: where a register stands against its sources.

For every source compared (by default every library of the manifest and the Blaupause, at
the refs they are tracked at) each process gets one :class:`~prozesskit.library.status.Stand`
from three sides: the **base** the lock records (what was imported, recovered offline by
:mod:`.basis`), the **local** file and the **upstream** file. Changed processes carry the
field-level Steckbrief diff (:mod:`prozesskit.diff.steckbrief`) and, for their models, the
semantic BPMN diff (:mod:`prozesskit.diff.bpmn`). Everything is compared on the read path
(the views' C-composer data); nothing is written.

What counts as a change, beyond ``status.classify``:

- ``herkunft`` belongs to prozesskit (import writes it): the local file's is never a local
  change; a source that changes its own (a newer catalogue version) shows as a change of
  the source. A process imported under another id (``<id>-2``) is compared under the
  source's id and model paths.
- A process is the sum of its Steckbrief and its models: a model changed upstream makes the
  process *in der Quelle geändert*; both sides changing a model differently is a conflict
  (models are taken whole, never merged). A model that was never imported and is not in
  the register does not count.
- A process the member struck (``status: entfaellt``, the way registers drop processes) is
  *lokal entfallen*, like a deleted file, as long as the source did not change it too.
- Processes without a lock entry for the source are matched by id and compared without a
  base (equal: *unverändert*, else every differing field is a conflict); the member's own
  processes (in no compared source and in no lock) are listed once as *nur lokal* and are
  no difference (the source cannot know them).

Hostile sources are refused before anything is compared: links and FIFOs among the
source's files, model references leaving the register (``..``, absolute paths).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prozesskit.diff.steckbrief import ABSENT, FieldChange, diff_documents, same
from prozesskit.errors import InputError, ProzesskitError, UsageError
from prozesskit.library.basis import AUSWAHL, Base, base_files, nicht_geschickt
from prozesskit.library.importieren import refuse_unread
from prozesskit.library.lock import Lock, Prozess, read_lock
from prozesskit.library.lokal import copy_notes, local_file
from prozesskit.library.merge3 import Conflict, plan
from prozesskit.library.status import Stand, classify
from prozesskit.library.vergleich_ergebnis import (
    ModellVergleich,
    ProzessVergleich,
    QuellenVergleich,
    RegisterVergleich,
)
from prozesskit.library.ziele import Ziel, default_targets, is_source_spec, resolve_target
from prozesskit.register.modelpath import model_path, path_problem
from prozesskit.register.view import Known, ModelFile, Register, SteckbriefFile

if TYPE_CHECKING:  # keeps lxml out of the import
    from prozesskit.diff.result import BpmnDiff
    from prozesskit.gitio import Progress



def compare_arguments(root: Path, arguments: Sequence[str], *, extensions: bool = False,
                      progress: Progress | None = None) -> RegisterVergleich:
    """``prozesskit diff [QUELLE[@REF]] [IDS…]``: the first argument is a source when it
    names one (:func:`~prozesskit.library.ziele.is_source_spec`), else every argument is
    an id and the register is compared with all its sources."""
    local, lock = _open_local(root)
    specs: tuple[str, ...] = ()
    ids = tuple(arguments)
    if ids and is_source_spec(local, lock, ids[0]):
        specs, ids = ids[:1], ids[1:]
    return compare_register(root, specs, ids, extensions=extensions, progress=progress,
                            opened=(local, lock))


def compare_register(root: Path, specs: Sequence[str] = (), ids: Sequence[str] = (), *,
                     extensions: bool = False, progress: Progress | None = None,
                     opened: tuple[Register, Lock] | None = None) -> RegisterVergleich:
    """The register at ``root`` against ``specs`` (default: every tracked source); German
    errors (:class:`ProzesskitError`) for unusable input, nothing written."""
    local, lock = opened if opened is not None else _open_local(root)
    notes: list[str] = []
    if specs:
        targets = [resolve_target(local, lock, spec) for spec in specs]
    else:
        targets, notes = default_targets(local, lock)
        if not targets:
            raise UsageError("Dieses Register hat keine Quelle zum Vergleichen: keine "
                             "Bibliothek in prozesskit.yaml (bibliotheken), keine Blaupause "
                             "und nichts importiert. Eine Quelle angeben: prozesskit diff "
                             "QUELLE[@REF] (Register-Ordner, git-URL, prozesskit:kreis …)")
    compared: list[QuellenVergleich] = []
    upstreams: list[Register] = []
    for number, target in enumerate(targets):
        if progress is not None:
            progress(f"Quelle lesen: {target.shown}", number, len(targets))
        known = upstream_known(lock, target.key)
        upstream = target.source.open(progress, known=known)
        refuse_unread(upstream, target.shown)
        _refuse_bad_references(upstream, target.shown, known)
        upstreams.append(upstream)
        compared.append(_Comparison(local, lock, target, upstream, extensions).run())
    wanted = set(ids)
    if wanted:
        _check_ids(wanted, local, lock, compared, targets, upstreams)
        compared = [_only(source, wanted) for source in compared]
    own = _own(local, lock, upstreams, wanted)
    notes = [*notes, *copy_notes(local, lock, wanted)]
    return RegisterVergleich(str(root), tuple(compared), own, extensions, tuple(notes))


def _open_local(root: Path) -> tuple[Register, Lock]:
    """The register and its lock; Steckbriefe still as imported are recognised by the
    lock's checksums and stay unparsed (:class:`~prozesskit.register.view.Known`)."""
    lock = read_lock(Register.check_root(root))
    return Register.open(root, known=local_known(lock)), lock


def local_known(lock: Lock) -> dict[str, Known]:
    """The register's files as import (or update) wrote them: path → checksum and id."""
    return {entry.datei: Known(entry.lokal_sha256, local_id)
            for local_id, entry in lock.prozesse.items()}


def upstream_known(lock: Lock, key: str | None) -> dict[str, Known]:
    """The source's files as they were imported: path in the source → checksum and id."""
    return {entry.pfad: Known(entry.sha256, entry.id)
            for entry in lock.prozesse.values() if key is not None and entry.quelle == key}


def _only(source: QuellenVergleich, wanted: set[str]) -> QuellenVergleich:
    kept = tuple(item for item in source.prozesse if item.id in wanted or item.quelle_id in wanted)
    return QuellenVergleich(source.quelle, source.key, source.provenance, kept, source.hinweise)


def _check_ids(wanted: set[str], local: Register, lock: Lock,
               compared: Sequence[QuellenVergleich], targets: Sequence[Ziel],
               upstreams: Sequence[Register]) -> None:
    known = set(local.ids) | set(lock.prozesse)
    for source in compared:
        known.update(item.id for item in source.prozesse)
        known.update(item.quelle_id for item in source.prozesse if item.quelle_id)
    for upstream in upstreams:
        known.update(upstream.ids)
    missing = sorted(wanted - known)
    if missing:
        import difflib

        close = difflib.get_close_matches(missing[0], sorted(known), n=3)
        hint = f"; meinten Sie {', '.join(close)}?" if close else ""
        where = ", ".join(target.shown for target in targets)
        raise UsageError(f"Den Prozess '{missing[0]}' gibt es weder im Register noch in "
                         f"{where}{hint}")


def _own(local: Register, lock: Lock, upstreams: Sequence[Register], wanted: set[str]
         ) -> tuple[str, ...]:
    """The member's own processes: in no lock entry and in no compared source."""
    elsewhere = set(lock.prozesse)
    for upstream in upstreams:
        elsewhere.update(upstream.ids)
    return tuple(item for item in local.ids
                 if item not in elsewhere and (not wanted or item in wanted))


def _refuse_bad_references(upstream: Register, shown: str,
                           known: Mapping[str, Known]) -> None:
    """A model reference out of the source (``..``, absolute): refused as ``import`` does,
    before any model is read. Files still as imported were checked by the import (it
    refuses such references, also without ``--mit-modellen``) and stay unparsed."""
    for item in upstream:
        seen = known.get(item.path)
        if seen is not None and seen.sha256 == item.sha256:
            continue
        for link in item.modelle:
            problem = path_problem(link.datei)
            if problem is not None:
                raise InputError(f"Steckbrief '{item.path}' in der Quelle {shown} verweist auf "
                                 f"das Modell '{link.datei}', das {problem}; aus "
                                 "Sicherheitsgründen wird diese Quelle nicht verglichen. In "
                                 "der Quelle einen Pfad im Register angeben (modelle/…)",
                                 file=f"{shown}: {item.path}", line=link.line)


def _without_herkunft(data: Any, like: Any) -> Any:
    """``data`` with the ``herkunft`` of ``like`` (absent if ``like`` has none)."""
    if not isinstance(data, dict):
        return data
    out = {key: value for key, value in data.items() if key != "herkunft"}
    if isinstance(like, dict) and "herkunft" in like:
        out["herkunft"] = like["herkunft"]
    return out


def _struck(data: Any) -> bool:
    return isinstance(data, dict) and data.get("status") == "entfaellt"


@dataclass(frozen=True, slots=True)
class _Part:
    """Which sides changed one part (the Steckbrief or one model) of a process."""

    local: bool
    upstream: bool
    same: bool = False  # both changed it alike
    conflict: bool = False


def _part_of(stand: Stand) -> _Part:
    return {
        Stand.UNVERAENDERT: _Part(False, False),
        Stand.LOKAL_GEAENDERT: _Part(True, False),
        Stand.IN_DER_QUELLE_GEAENDERT: _Part(False, True),
        Stand.BEIDSEITIG_GEAENDERT: _Part(True, True),
        Stand.KONFLIKT: _Part(True, True, conflict=True),
        Stand.BEIDSEITIG_GLEICH: _Part(True, True, same=True),
        Stand.NUR_LOKAL: _Part(True, False),
        Stand.NUR_IN_DER_QUELLE: _Part(False, True),
        Stand.LOKAL_ENTFALLEN: _Part(True, False),
        Stand.IN_DER_QUELLE_ENTFALLEN: _Part(False, True),
    }[stand]


def _combine(parts: Iterable[_Part]) -> Stand:
    parts = list(parts)
    if any(part.conflict for part in parts):
        return Stand.KONFLIKT
    local = any(part.local and not part.same for part in parts)
    upstream = any(part.upstream and not part.same for part in parts)
    if local and upstream:
        return Stand.BEIDSEITIG_GEAENDERT
    if local:
        return Stand.LOKAL_GEAENDERT
    if upstream:
        return Stand.IN_DER_QUELLE_GEAENDERT
    if any(part.same for part in parts):
        return Stand.BEIDSEITIG_GLEICH
    return Stand.UNVERAENDERT


class _Comparison:
    """The register against one opened source."""

    def __init__(self, local: Register, lock: Lock, target: Ziel, upstream: Register,
                 extensions: bool) -> None:
        assert local.root is not None
        self.root = local.root
        self.local = local
        self.lock = lock
        self.target = target
        self.upstream = upstream
        self.extensions = extensions
        self.by_path = {item.path: item for item in local}
        self.notes: list[str] = []

    def run(self) -> QuellenVergleich:
        key = self.target.key
        locked = {local_id: entry for local_id, entry in sorted(self.lock.prozesse.items())
                  if key is not None and entry.quelle == key}
        results: list[ProzessVergleich] = []
        taken: set[str] = set()
        for local_id, entry in locked.items():
            taken.add(entry.id)
            results.append(self._locked(local_id, entry))
        for item in self.upstream:
            if item.id is None or item.id in taken:
                continue
            taken.add(item.id)
            own = self.local.get(item.id)
            if own is not None and item.id not in self.lock.prozesse:
                results.append(self._unlocked(own, item))
            else:
                results.append(ProzessVergleich(item.id, item.id, None, item.path, item.name,
                                                Stand.NUR_IN_DER_QUELLE, False))
        unreadable = [item.path for item in self.upstream if item.id is None]
        if unreadable:
            self.notes.append(f"{len(unreadable)} Steckbrief(e) der Quelle ohne lesbare id "
                              f"übergangen, z. B. '{unreadable[0]}' (prozesskit validate in der "
                              "Quelle zeigt, warum)")
        results.sort(key=lambda result: (result.is_difference is False, result.id))
        return QuellenVergleich(self.target.shown, key, self.upstream.provenance.to_json(),
                                tuple(results), tuple(self.notes))

    # -- processes with a lock entry for this source --------------------------------------

    def _locked(self, local_id: str, entry: Prozess) -> ProzessVergleich:
        datei = local_file(self.local, local_id, entry)
        own = self.by_path.get(datei)
        theirs = self.upstream.get(entry.id)
        if theirs is None:
            self._refuse_unreadable(entry.pfad)
        name = (own.name if own is not None else None) or (theirs.name if theirs else None)
        shown = ProzessVergleich(local_id, entry.id, datei, entry.pfad, name,
                                 Stand.UNVERAENDERT, True)
        if datei != entry.datei:
            shown = _replace(shown, hinweise=(f"lokal verschoben: {entry.datei} → {datei}",))
        if own is not None and theirs is not None and self._untouched(own, theirs, entry):
            return shown
        if own is not None and theirs is None and self.upstream.provenance.kind in AUSWAHL:
            return _with_hint(shown, nicht_geschickt(self.upstream.provenance.kind))
        base: Base | None = None
        hint: str | None = None
        try:
            base = base_files(self.root, self.lock, local_id)
        except ProzesskitError as exc:
            hint = (f"Basis von '{local_id}' nicht wiederherstellbar ({exc.message}); "
                    "ohne Basis verglichen")
        base_data = ABSENT
        if base is not None:
            from prozesskit.diff.steckbrief import read_document

            base_data = read_document(base.steckbrief, f"Basis von {datei}")
        local_data = self._local_data(own, entry, base_data)
        upstream_data = theirs.data if theirs is not None else ABSENT
        if own is not None and own.sha256 == entry.lokal_sha256 and base is not None:
            local_data = base_data  # unedited since import: what import wrote is the base
        result = self._three(shown, base_data, local_data, upstream_data, own, theirs,
                             base, entry)
        if hint is not None:
            return _with_hint(result, hint)
        return result

    def _refuse_unreadable(self, rel: str) -> None:
        """A Steckbrief the source still has but that cannot be read is not "entfallen":
        refused with its own problem (as ``import`` refuses it)."""
        for item in self.upstream:
            if item.path == rel and item.id is None:
                first = item.problems[:1]
                why = f" ({first[0].message})" if first else ""
                raise InputError(f"Steckbrief '{rel}' in der Quelle {self.target.shown} ist nicht "
                                 f"lesbar oder hat keine id{why}; bitte in der Quelle beheben "
                                 "(prozesskit validate)", file=f"{self.target.shown}: {rel}",
                                 line=first[0].line if first else None)

    def _untouched(self, own: SteckbriefFile, theirs: SteckbriefFile, entry: Prozess) -> bool:
        """Neither side changed anything since import (hashes only, nothing parsed): both
        Steckbriefe are the locked bytes, so they link the models the lock lists (import
        records exactly the linked ones), and those are the locked bytes on both sides."""
        if own.sha256 != entry.lokal_sha256 or theirs.sha256 != entry.sha256:
            return False
        for rel, model in entry.modelle.items():
            mine = self.local.modelle.get(rel)
            upstream = self.upstream.modelle.get(model.pfad)
            if mine is None or upstream is None:
                return False
            if mine.sha256 != model.sha256 or upstream.sha256 != model.sha256:
                return False
        return True

    def _local_data(self, own: SteckbriefFile | None, entry: Prozess, base_data: Any) -> Any:
        """The local document as the source would have it: ``herkunft`` as the base's,
        the source's id and model paths where import mapped them."""
        if own is None:
            return ABSENT
        data = own.data
        if not isinstance(data, dict):
            raise InputError(f"'{own.path}' ist kein lesbarer Steckbrief; bitte beheben "
                             "(prozesskit validate)", file=own.path)
        data = _without_herkunft(data, base_data)
        if isinstance(data.get("id"), str) and data["id"] != entry.id:
            data["id"] = entry.id
        back = {rel: model.pfad for rel, model in entry.modelle.items() if rel != model.pfad}
        models = data.get("modelle")
        if back and isinstance(models, list):
            data["modelle"] = [
                {**item, "datei": back[model_path(item["datei"]) or ""]}
                if isinstance(item, dict) and isinstance(item.get("datei"), str)
                and model_path(item["datei"]) in back else item
                for item in models]
        return data

    # -- processes without one: matched by id, no base ------------------------------------

    def _unlocked(self, own: SteckbriefFile, theirs: SteckbriefFile) -> ProzessVergleich:
        shown = ProzessVergleich(own.id or theirs.path, theirs.id, own.path, theirs.path,
                                 own.name or theirs.name, Stand.UNVERAENDERT, False)
        upstream_data = theirs.data
        local_data = _without_herkunft(own.data, upstream_data)
        return self._three(shown, ABSENT, local_data, upstream_data, own, theirs, None, None)

    # -- the three sides ------------------------------------------------------------------

    def _three(self, shown: ProzessVergleich, base: Any, local: Any, upstream: Any,
               own: SteckbriefFile | None, theirs: SteckbriefFile | None,
               base_files_: Base | None, entry: Prozess | None) -> ProzessVergleich:
        if local is ABSENT or upstream is ABSENT:
            stand = classify(base, local, upstream) if (
                base is not ABSENT or local is not ABSENT or upstream is not ABSENT) \
                else Stand.UNVERAENDERT
            changes = tuple(diff_documents(base, local)) if (
                upstream is ABSENT and local is not ABSENT and base is not ABSENT) else ()
            return _replace(shown, stand=stand, lokal=changes)
        stand = classify(base, local, upstream)
        has_base = base is not ABSENT
        local_changes: tuple[FieldChange, ...] = ()
        upstream_changes: tuple[FieldChange, ...] = ()
        conflicts: tuple[Conflict, ...] = ()
        if has_base:
            if not same(base, local):
                local_changes = tuple(diff_documents(base, local))
            if not same(base, upstream):
                upstream_changes = tuple(diff_documents(base, upstream))
            if stand is Stand.KONFLIKT:
                conflicts = plan(base, local, upstream).conflicts
        elif not same(local, upstream):
            upstream_changes = tuple(diff_documents(local, upstream))
            conflicts = plan(base, local, upstream).conflicts
        models = self._models(own, theirs, base, base_files_, entry)
        parts = [_part_of(stand), *(_part_of(model.stand) for model in models)]
        combined = _combine(parts)
        if combined is Stand.LOKAL_GEAENDERT and _struck(local) and not _struck(base) \
                and has_base:
            combined = Stand.LOKAL_ENTFALLEN
        return _replace(shown, stand=combined, lokal=local_changes, quelle=upstream_changes,
                        konflikte=conflicts, modelle=tuple(models))

    def _models(self, own: SteckbriefFile | None, theirs: SteckbriefFile | None, base: Any,
                base_files_: Base | None, entry: Prozess | None) -> list[ModellVergleich]:
        local_links = _by_art((link.art, model_path(link.datei), link.file)
                              for link in (own.modelle if own is not None else ()))
        upstream_links = _by_art((link.art, model_path(link.datei), link.file)
                                 for link in (theirs.modelle if theirs is not None else ()))
        base_by_art: dict[str | None, tuple[str, bytes]] = {}
        if entry is not None and base_files_ is not None and isinstance(base, dict):
            by_source = {model.pfad: rel for rel, model in entry.modelle.items()}
            for item in base.get("modelle") or []:
                if not isinstance(item, dict) or not isinstance(item.get("datei"), str):
                    continue
                source_rel = model_path(item["datei"])
                rel = by_source.get(source_rel or "")
                if rel is not None and rel in base_files_.modelle:
                    art = item.get("art") if isinstance(item.get("art"), str) else None
                    base_by_art[art] = (source_rel or rel, base_files_.modelle[rel])
        out: list[ModellVergleich] = []
        for art in _union(base_by_art, local_links, upstream_links):
            mine = local_links.get(art)
            upstream = upstream_links.get(art)
            kept = base_by_art.get(art)
            local_raw = _raw(mine)
            upstream_raw = _raw(upstream)
            if local_raw is None and kept is None:
                continue  # never imported and not in the register: nothing to compare
            out.append(self._model(art, mine, upstream, kept, local_raw, upstream_raw))
        return out

    def _model(self, art: str | None, mine: tuple[str | None, ModelFile | None] | None,
               upstream: tuple[str | None, ModelFile | None] | None,
               kept: tuple[str, bytes] | None, local_raw: bytes | None,
               upstream_raw: bytes | None) -> ModellVergleich:
        local_rel = mine[0] if mine else None
        upstream_rel = upstream[0] if upstream else None
        shown_up = f"{self.target.shown}: {upstream_rel}"
        if kept is None:  # no base: local against upstream
            return self._model_without_base(art, local_rel, upstream_rel, local_raw,
                                            upstream_raw, shown_up)
        base_rel, base_raw = kept
        local = self._side(base_raw, local_raw, f"Basis: {base_rel}", f"lokal: {local_rel}")
        theirs = self._side(base_raw, upstream_raw, f"Basis: {base_rel}", shown_up)
        stand = self._model_stand(local_raw, upstream_raw, local.changed, theirs.changed)
        hints = "; ".join(hint for hint in (local.hint, theirs.hint) if hint)
        return ModellVergleich(art, local_rel, upstream_rel, stand,
                               local.diff if local.changed else None,
                               theirs.diff if theirs.changed else None, hints or None)

    def _model_without_base(self, art: str | None, local_rel: str | None,
                            upstream_rel: str | None, local_raw: bytes | None,
                            upstream_raw: bytes | None, shown_up: str) -> ModellVergleich:
        if upstream_raw is None or local_raw is None:
            return ModellVergleich(art, local_rel, upstream_rel, Stand.NUR_LOKAL)
        if local_raw == upstream_raw:
            return ModellVergleich(art, local_rel, upstream_rel, Stand.UNVERAENDERT)
        result, hint = self._bpmn(local_raw, upstream_raw, f"lokal: {local_rel}", shown_up)
        if result is not None and not result.has_differences:
            return ModellVergleich(art, local_rel, upstream_rel, Stand.UNVERAENDERT,
                                   hinweis=hint)
        return ModellVergleich(art, local_rel, upstream_rel, Stand.KONFLIKT,
                               quelle_diff=result, hinweis=hint)

    def _side(self, base_raw: bytes, raw: bytes | None, old_file: str, new_file: str
              ) -> _Side:
        """Whether one side changed a model since the base, and the semantic diff: bytes
        that differ but mean the same (a re-saved file) are no change."""
        if raw is None:
            return _Side(True)
        if raw == base_raw:
            return _Side(False)
        result, hint = self._bpmn(base_raw, raw, old_file, new_file)
        return _Side(result is None or result.has_differences, result, hint)

    def _model_stand(self, local_raw: bytes | None, upstream_raw: bytes | None,
                     local_changed: bool, upstream_changed: bool) -> Stand:
        if local_raw is None and upstream_raw is None:
            return Stand.BEIDSEITIG_GLEICH
        if local_raw is None:
            return Stand.KONFLIKT if upstream_changed else Stand.LOKAL_ENTFALLEN
        if upstream_raw is None:
            return Stand.KONFLIKT if local_changed else Stand.IN_DER_QUELLE_ENTFALLEN
        if local_changed and upstream_changed:
            alike = local_raw == upstream_raw
            if not alike:
                between, _ = self._bpmn(local_raw, upstream_raw, "lokal", "Quelle")
                alike = between is not None and not between.has_differences
            return Stand.BEIDSEITIG_GLEICH if alike else Stand.KONFLIKT
        if local_changed:
            return Stand.LOKAL_GEAENDERT
        return Stand.IN_DER_QUELLE_GEAENDERT if upstream_changed else Stand.UNVERAENDERT

    def _bpmn(self, old: bytes, new: bytes, old_file: str, new_file: str
              ) -> tuple[BpmnDiff | None, str | None]:
        """The semantic diff, or None and a German note when a model cannot be read (the
        comparison goes on: the bytes differ, that much is known)."""
        from prozesskit.diff.bpmn import diff_models

        try:
            return diff_models(old, new, old_file=old_file, new_file=new_file,
                               extensions=self.extensions), None
        except ProzesskitError as exc:
            return None, f"Modell nicht fachlich vergleichbar: {exc}"


@dataclass(frozen=True, slots=True)
class _Side:
    """One side of a model against its base."""

    changed: bool
    diff: BpmnDiff | None = None
    hint: str | None = None


def _by_art(links: Iterable[tuple[str | None, str | None, ModelFile | None]]
            ) -> dict[str | None, tuple[str | None, ModelFile | None]]:
    out: dict[str | None, tuple[str | None, ModelFile | None]] = {}
    for art, rel, file in links:
        out.setdefault(art, (rel, file))
    return out


def _raw(link: tuple[str | None, ModelFile | None] | None) -> bytes | None:
    if link is None or link[1] is None:
        return None
    return link[1].raw


def _union(*orders: Iterable[str | None]) -> list[str | None]:
    seen: dict[str | None, None] = {}
    for order in orders:
        for key in order:
            seen.setdefault(key, None)
    return list(seen)


def _replace(result: ProzessVergleich, **changes: Any) -> ProzessVergleich:
    return replace(result, **changes)


def _with_hint(result: ProzessVergleich, hint: str) -> ProzessVergleich:
    return _replace(result, hinweise=(*result.hinweise, hint), mit_basis=False)
