"""The *Stand* view: how far each member's modelling got, quarter by quarter, from the git
history of its register.

A quarter shows the register as it was committed at the end of that quarter: the last
commit on the first-parent line (the main line, merges with what they brought) whose
committer date falls in it or before; a quarter without a commit carries the one before.
Counted are the Steckbriefe under ``steckbriefe/`` then: active ones, and of those the
modelled ones (IST or further, as the matrix counts them) and those in progress.

Cheap enough for a network: one ``git log`` per member lists every commit touching
``steckbriefe/`` with the blob ids it changed (:func:`prozesskit.gitio.first_parent_changes`),
replayed in memory to the file list at each quarter's end, so nothing is checked out.
Only the blobs of the quarters shown are read, and only those not in the work tree (a blob
whose id equals a current file's is that file, already parsed); each through the read
path, once per run even when several quarters or members share it. The counts per commit
are immutable (a commit names its tree), so they are kept in the user's cache
(``netz-stand-v1.json``) and a second run reads no blob at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from prozesskit import limits
from prozesskit.errors import GitError
from prozesskit.gitindex import blob_id
from prozesskit.netz.load import Member
from prozesskit.netz.matrix import MODELLIERT, modellierung_of, status_of
from prozesskit.validation.layout import STECKBRIEF_DIR, YAML_SUFFIXES

#: Quarters shown by default: two years
QUARTALE = 8
#: Cache entries kept (one per member and quarter-end commit)
_CACHE_MAX = 20_000
_CACHE_NAME = "netz-stand-v1.json"

#: (aktiv, modellierung) of one Steckbrief; None: not readable
Summary = tuple[bool, str] | None


@dataclass(frozen=True, slots=True)
class Zaehlung:
    """A member's register at one commit."""

    commit: str
    datum: str  # committer date, JJJJ-MM-TT
    steckbriefe: int  # readable Steckbriefe
    aktiv: int
    modelliert: int  # active, IST or further
    in_arbeit: int  # active, in_modellierung
    unlesbar: int

    @property
    def anteil(self) -> float | None:
        """Modelled share of the active processes, 0–1."""
        return self.modelliert / self.aktiv if self.aktiv else None

    def to_json(self) -> dict[str, object]:
        return {"commit": self.commit, "datum": self.datum, "steckbriefe": self.steckbriefe,
                "aktiv": self.aktiv, "modelliert": self.modelliert, "in_arbeit": self.in_arbeit,
                "nicht_lesbar": self.unlesbar}


@dataclass(frozen=True, slots=True)
class Verlauf:
    """One member over the quarters shown (absent: no commit yet by then)."""

    mitglied: str
    quartale: dict[str, Zaehlung]
    hinweis: str | None = None  # why there is no history


@dataclass(frozen=True, slots=True)
class Stand:
    quartale: tuple[str, ...]  # oldest first
    verlaeufe: tuple[Verlauf, ...]


def quartal(datum: str) -> str:
    """``2025-05-03…`` → ``2025-Q2`` (the date as the committer's clock showed it)."""
    return f"{datum[:4]}-Q{(int(datum[5:7]) - 1) // 3 + 1}"


def _previous(q: str) -> str:
    year, number = int(q[:4]), int(q[6:])
    return f"{year - 1}-Q4" if number == 1 else f"{year}-Q{number - 1}"


def _is_steckbrief(rel: str) -> bool:
    return rel.lower().endswith(YAML_SUFFIXES)


@dataclass(slots=True)
class _History:
    member: str
    repo: Path | None
    prefix: str  # the register's steckbriefe/ folder inside the repository
    snapshots: dict[str, tuple[str, str, dict[str, str]]]  # quarter → (commit, date, files)
    hinweis: str | None = None


def stand(members: Sequence[Member], quartale: int = QUARTALE) -> Stand:
    """The last ``quartale`` quarters up to the newest commit of any member."""
    summaries: dict[str, Summary] = {}
    for member in members:  # the work tree's files are the newest blobs: already parsed
        for item in member.register:
            if item.raw is not None:
                summaries[blob_id(item.raw)] = _summary(item.data)
    histories = [_history(member) for member in members]
    last = max((q for h in histories for q in h.snapshots), default=None)
    if last is None:
        return Stand((), tuple(Verlauf(h.member, {}, h.hinweis) for h in histories))
    shown = [last]
    while len(shown) < max(1, quartale):
        shown.append(_previous(shown[-1]))
    shown.reverse()
    cache = _Cache.load()
    picked = [(h, {q: snap for q in shown if (snap := _at(h, q)) is not None})
              for h in histories]
    verlaeufe = []
    for history, per_quarter in picked:
        counts: dict[str, Zaehlung] = {}
        missing = {blob for commit, _, files in per_quarter.values()
                   if cache.get(commit, history.prefix) is None
                   for blob in files.values() if blob not in summaries}
        if missing and history.repo is not None:
            try:
                for blob, raw in _read_blobs(history.repo, sorted(missing)).items():
                    summaries[blob] = _parse(raw)
            except GitError as exc:
                verlaeufe.append(Verlauf(history.member, {}, f"git-Geschichte nicht lesbar: "
                                                              f"{exc}"))
                continue
        for q, (commit, datum, files) in per_quarter.items():
            known = cache.get(commit, history.prefix)
            if known is None:
                known = _count(commit, datum, files, summaries)
                cache.put(commit, history.prefix, known)
            counts[q] = known
        verlaeufe.append(Verlauf(history.member, counts, history.hinweis))
    cache.save()
    return Stand(tuple(shown), tuple(verlaeufe))


def _at(history: _History, q: str) -> tuple[str, str, dict[str, str]] | None:
    """The snapshot at the end of quarter ``q``: its own, else the newest before it."""
    best = None
    for quarter in history.snapshots:  # oldest first
        if quarter > q:
            break
        best = quarter
    return history.snapshots[best] if best is not None else None


def _history(member: Member) -> _History:
    from prozesskit import gitio

    provenance = member.register.provenance
    repo: Path | None = None
    commit: str | None = None
    prefix = ""
    try:
        if provenance.kind == "git":
            repo = gitio.mirror_of(provenance.location)
            commit = provenance.commit
            prefix = f"{provenance.path.strip('/')}/" if provenance.path else ""
        elif provenance.kind == "ordner":
            found = gitio.repository_of(Path(provenance.location))
            if found is None:
                return _History(member.name, None, "", {}, "kein git-Repository")
            repo, prefix, commit = found
            if commit is None:
                return _History(member.name, None, "", {}, "noch kein Commit")
        else:
            return _History(member.name, None, "", {},
                            f"keine git-Geschichte ({provenance.kind})")
        if repo is None or commit is None:
            return _History(member.name, None, "", {}, "git-Geschichte nicht im Cache")
        folder = f"{prefix}{STECKBRIEF_DIR}/"
        changes = gitio.first_parent_changes(repo, commit, folder)
    except GitError as exc:
        return _History(member.name, None, "", {}, f"git-Geschichte nicht lesbar: {exc}")
    snapshots: dict[str, tuple[str, str, dict[str, str]]] = {}
    files: dict[str, str] = {}
    current = ""
    for sha, date, changed in changes:
        q = max(quartal(date), current)  # a commit dated back does not reopen a quarter
        if current and q != current:
            last_sha, last_date, _ = snapshots[current]
            snapshots[current] = (last_sha, last_date, dict(files))
        for rel, blob in changed.items():
            if blob is None or not _is_steckbrief(rel):
                files.pop(rel, None)
            else:
                files[rel] = blob
        snapshots[q] = (sha, date[:10], files)
        current = q
    return _History(member.name, repo, folder, snapshots,
                    None if snapshots else "keine Commits unter steckbriefe/")


def _read_blobs(repo: Path, blobs: list[str]) -> dict[str, bytes | None]:
    from prozesskit.gitio import read_blobs

    return read_blobs(repo, blobs, limits.MAX_YAML_BYTES)


def _summary(data: object) -> Summary:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None  # as the matrix: a Steckbrief without an id is not counted
    return status_of(data) == "aktiv", modellierung_of(data)


def _parse(raw: bytes | None) -> Summary:
    if raw is None:
        return None
    from prozesskit.yamlio.read import parse_yaml

    doc, _problems = parse_yaml(raw, "steckbrief.yaml")  # read as the matrix reads a file
    return _summary(doc.data) if doc is not None else None


def _count(commit: str, datum: str, files: dict[str, str],
           summaries: dict[str, Summary]) -> Zaehlung:
    readable = aktiv = modelliert = in_arbeit = unlesbar = 0
    for blob in files.values():
        summary = summaries.get(blob)
        if summary is None:
            unlesbar += 1
            continue
        readable += 1
        active, state = summary
        if active:
            aktiv += 1
            modelliert += state in MODELLIERT
            in_arbeit += state == "in_modellierung"
    return Zaehlung(commit, datum, readable, aktiv, modelliert, in_arbeit, unlesbar)


class _Cache:
    """Counts per (commit, folder): immutable, so never invalidated, only trimmed. JSON in
    the user's cache (not in a register: nobody shares it), rewritten atomically."""

    def __init__(self, path: Path | None, entries: dict[str, list[object]]) -> None:
        self.path = path
        self.entries = entries
        self.changed = False

    @classmethod
    def load(cls) -> _Cache:
        from prozesskit.settings import cache_root

        path = cache_root() / _CACHE_NAME
        try:
            with open(path, "rb") as handle:
                data = json.loads(handle.read(64 * 1024 * 1024))
        except (OSError, ValueError):
            return cls(path, {})
        return cls(path, data if isinstance(data, dict) else {})

    @staticmethod
    def _key(commit: str, folder: str) -> str:
        return hashlib.sha256(f"{commit}\0{folder}".encode()).hexdigest()[:32]

    def get(self, commit: str, folder: str) -> Zaehlung | None:
        value = self.entries.get(self._key(commit, folder))
        if not isinstance(value, list) or len(value) != 6 or not isinstance(value[0], str):
            return None
        numbers = [v for v in value[1:] if isinstance(v, int) and not isinstance(v, bool)]
        if len(numbers) != 5:
            return None
        steckbriefe, aktiv, modelliert, in_arbeit, unlesbar = numbers
        return Zaehlung(commit, value[0], steckbriefe, aktiv, modelliert, in_arbeit, unlesbar)

    def put(self, commit: str, folder: str, zaehlung: Zaehlung) -> None:
        self.entries[self._key(commit, folder)] = [
            zaehlung.datum, zaehlung.steckbriefe, zaehlung.aktiv, zaehlung.modelliert,
            zaehlung.in_arbeit, zaehlung.unlesbar]
        self.changed = True

    def save(self) -> None:
        if not self.changed or self.path is None:
            return
        entries = dict(list(self.entries.items())[-_CACHE_MAX:])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".stand-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entries, handle, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:  # a cache that cannot be written costs time, not correctness
            pass
