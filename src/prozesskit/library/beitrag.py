"""``prozesskit beitragen IDS… --an BIBLIOTHEK``: a member's Steckbriefe and models as a new
branch of a local clone of the shared library, committed, ready for a merge request.

prozesskit never pushes: the network's library is reviewed through merge requests, and a
member pushes with their own credentials. So the contribution is prepared where the member
can look at it first: a working clone (from the cache's mirror of the library, at the ref
the register tracks) on a new branch ``beitrag/<kommune>/<id>``, one commit with the files.

What goes in: each chosen Steckbrief (it must pass the schema) with the models it names,
under the library's id and paths where the process came from the library (lock) or the
library has the same id, else under its own; ``herkunft`` names the contributing Kommune
(``art: kommune``). Files are written through a :class:`~prozesskit.writeplan.WritePlan`
(no path out of the clone, links in the library checked out as plain files), git runs
with prozesskit's hardening (no hooks). A failure removes the half-made clone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from prozesskit.errors import InputError, UsageError
from prozesskit.library.lock import Lock, Prozess, read_lock
from prozesskit.library.ziele import Ziel, resolve_target
from prozesskit.register.modelpath import model_path, path_problem
from prozesskit.register.sources import Source, SourceKind
from prozesskit.register.view import Register, SteckbriefFile
from prozesskit.validation.layout import STECKBRIEF_DIR

if TYPE_CHECKING:
    from prozesskit.gitio import Progress



@dataclass(frozen=True, slots=True)
class BeitragDatei:
    """One file of the contribution: its path in the clone and whether the library had it."""

    pfad: str
    neu: bool
    geaendert: bool


@dataclass(frozen=True, slots=True)
class Beitrag:
    """A prepared contribution: where it is and how to hand it in."""

    klon: Path
    branch: str
    url: str
    basis: str  # the ref (or commit) the branch starts from
    commit: str | None  # None: nothing differed from the library, nothing committed
    prozesse: tuple[tuple[str, str], ...]  # (local id, id in the library)
    dateien: tuple[BeitragDatei, ...]


def beitragen(root: Path, ids: Sequence[str], an: str, *, branch: str | None = None,
              klon: Path | None = None, progress: Progress | None = None) -> Beitrag:
    """Prepare the contribution; German errors for every refusal (nothing left behind)."""
    if not ids:
        raise UsageError("Welche Prozesse? Ids angeben: prozesskit beitragen ID… --an BIBLIOTHEK")
    local = Register.open(root)
    assert local.root is not None
    if klon is not None:
        _refuse_inside(klon, local.root)
    lock = read_lock(local.root)
    kommune = _kommune(local)
    target = _target(local, lock, an)
    chosen = [_chosen(local, wanted) for wanted in dict.fromkeys(ids)]
    from prozesskit.gitio import branch_exists, commit_paths, materialize, work_clone

    tree, commit = materialize(target.source.location, target.source.ref, progress)
    library_root = _inside(tree, target.source.path)
    library = Register.open(library_root)
    name = branch or _free_branch(target.source.location, _branch_name(kommune, chosen),
                                  branch_exists)
    dest = klon if klon is not None else _default_clone(name)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UsageError(f"Der Ordner '{dest}' für den Klon der Bibliothek ist nicht leer (ein "
                         "früherer Beitrag?); mit --klon ORDNER einen anderen wählen oder ihn "
                         "löschen")
    builder = _Files(local, lock, target.key, library, kommune)
    for item in chosen:
        builder.add(item)
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        work_clone(target.source.location, commit, dest, name)
        files = _write(dest, target.source.path, builder.files)
        prefix = f"{target.source.path}/" if target.source.path else ""
        changed = [f"{prefix}{item.pfad}" for item in files if item.geaendert]
        made = None
        if changed:
            message = (f"Beitrag von {kommune}: {', '.join(lib for _, lib in builder.ids)}\n\n"
                       + "\n".join(f"- {path}" for path in changed) + "\n\nVorbereitet mit "
                       "prozesskit beitragen.")
            made = commit_paths(dest, changed, message, kommune)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    if made is None:
        shutil.rmtree(dest, ignore_errors=True)
    from prozesskit.credentials import without_credentials

    return Beitrag(dest, name, without_credentials(target.source.location),
                   target.source.ref or commit[:12], made,
                   tuple(builder.ids), tuple(files))


def _kommune(local: Register) -> str:
    data = local.manifest.data if local.manifest is not None else None
    kommune = data.get("kommune") if isinstance(data, dict) else None
    name = kommune.get("name") if isinstance(kommune, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise InputError("prozesskit.yaml nennt keine Kommune (kommune.name); ein Beitrag "
                         "sagt, von wem er stammt", file="prozesskit.yaml")
    return name.strip()


def _target(local: Register, lock: Lock, an: str) -> Ziel:
    """The library: a name from prozesskit.yaml/prozesskit.lock, a git URL or a local git
    repository; never a Blaupause, a package or a folder without git."""
    path = Path(an.partition("@")[0])
    if path.is_dir() and (path / ".git").exists():
        from prozesskit.gitio import check_url

        ref = an.partition("@")[2] or None
        location = check_url(str(path))
        return Ziel(Source(SourceKind.GIT, location, ref), None, an)
    target = resolve_target(local, lock, an)
    if target.source.kind is not SourceKind.GIT:
        raise UsageError(f"'{an}' ist keine git-Bibliothek: beitragen schreibt in einen Branch "
                         "eines git-Klons der Bibliothek (git-URL, lokales git-Repository oder "
                         "der Name einer Bibliothek aus prozesskit.yaml)")
    return target


def _chosen(local: Register, wanted: str) -> SteckbriefFile:
    item = local.get(wanted)
    if item is None:
        import difflib

        close = difflib.get_close_matches(wanted, local.ids, n=3)
        hint = f"; meinten Sie {', '.join(close)}?" if close else ""
        raise UsageError(f"Den Prozess '{wanted}' gibt es im Register nicht{hint}")
    if item.steckbrief is None:
        first = (item.schema_problems or item.problems or (None,))[0]
        where = f" (Zeile {first.line}: {first.message})" if first is not None else ""
        raise InputError(f"'{item.path}' ist kein gültiger Steckbrief{where}; erst beheben "
                         "(prozesskit validate), dann beitragen", file=item.path,
                         line=first.line if first is not None else None)
    for link in item.modelle:
        problem = path_problem(link.datei)
        if problem is not None:
            raise InputError(f"'{item.path}' verweist auf das Modell '{link.datei}', das "
                             f"{problem}; bitte einen Pfad im Register angeben (modelle/…)",
                             file=item.path, line=link.line)
        if link.file is None or link.file.raw is None:
            raise InputError(f"Das Modell '{link.datei}' von '{item.path}' fehlt im Register "
                             "oder ist nicht lesbar", file=item.path, line=link.line)
    return item


def _slug(text: str, limit: int = 40) -> str:
    """The Kommune in a branch name, transliterated as ids are ('Écouché' → 'ecouche')."""
    from prozesskit.model.kennung import id_from_name

    return id_from_name(text)[:limit].strip("-") or "kommune"


def _branch_name(kommune: str, chosen: Sequence[SteckbriefFile]) -> str:
    first = chosen[0].id or "prozess"
    more = f"-und-{len(chosen) - 1}-weitere" if len(chosen) > 1 else ""
    return f"beitrag/{_slug(kommune)}/{first[:60]}{more}"


def _free_branch(url: str, wanted: str, exists: Callable[[str, str], bool]) -> str:
    name, number = wanted, 2
    while exists(url, name):
        name, number = f"{wanted}-{number}", number + 1
    return name


def _refuse_inside(klon: Path, root: Path) -> None:
    """The clone is a whole library register: inside the own register its Steckbriefe
    and models would become the member's (duplicate ids, a second manifest), and
    ``beitragen`` promises to leave the register alone. Resolved, so a link or ``..``
    into the register counts too."""
    where, register = klon.resolve(), root.resolve()
    if where == register or where.is_relative_to(register):
        raise UsageError(f"Der Ordner '{klon}' für den Klon der Bibliothek liegt im Register "
                         f"'{root}'; beitragen ändert das eigene Register nicht. Einen Ordner "
                         "außerhalb wählen (z. B. --klon ../beitrag) oder --klon weglassen "
                         "(Vorgabe: im Cache von prozesskit)")


def _default_clone(branch: str) -> Path:
    from prozesskit.settings import cache_root

    return cache_root() / "beitraege" / branch.replace("/", "--")


def _inside(tree: Path, sub: str | None) -> Path:
    from prozesskit.fsutil import contained

    return contained(tree, sub) if sub else tree


class _Files:
    """The contribution's files (path in the library's register → bytes)."""

    def __init__(self, local: Register, lock: Lock, key: str | None, library: Register,
                 kommune: str) -> None:
        self.local = local
        self.lock = lock
        self.key = key
        self.library = library
        self.kommune = kommune
        self.files: dict[str, bytes] = {}
        self.ids: list[tuple[str, str]] = []
        self.today = dt.date.today().isoformat()

    def add(self, item: SteckbriefFile) -> None:
        assert item.id is not None and item.raw is not None
        entry = self._entry(item.id)
        library_id = entry.id if entry is not None else item.id
        known = self.library.get(library_id)
        target = entry.pfad if entry is not None else (
            known.path if known is not None else f"{STECKBRIEF_DIR}/{library_id}.yaml")
        moved: dict[str, str] = {}
        for link in item.modelle:
            rel = model_path(link.datei)
            assert rel is not None and link.file is not None and link.file.raw is not None
            there = self._model_target(rel, item.id, library_id, entry)
            moved[rel] = there
            self._put(there, link.file.raw)
        self._put(target, self._steckbrief(item, library_id, moved))
        self.ids.append((item.id, library_id))

    def _entry(self, local_id: str) -> Prozess | None:
        entry = self.lock.prozesse.get(local_id)
        return entry if entry is not None and entry.quelle == self.key else None

    def _model_target(self, rel: str, local_id: str, library_id: str,
                      entry: Prozess | None) -> str:
        if entry is not None and rel in entry.modelle:
            return entry.modelle[rel].pfad
        path = PurePosixPath(rel)
        if local_id != library_id and path.name.startswith(f"{local_id}."):
            return str(path.with_name(library_id + path.name[len(local_id):]))
        return rel

    def _put(self, rel: str, raw: bytes) -> None:
        if rel in self.files and self.files[rel] != raw:
            raise InputError(f"Zwei Beiträge schreiben '{rel}' mit verschiedenem Inhalt; bitte "
                             "einzeln beitragen")
        self.files[rel] = raw

    def _steckbrief(self, item: SteckbriefFile, library_id: str, moved: dict[str, str]
                    ) -> bytes:
        """The member's file through the edit path: the library's id and model paths, and
        ``herkunft`` naming the Kommune (comments, order and quoting kept)."""
        from prozesskit.yamlio.edit import edited, to_commented

        assert item.raw is not None and item.id is not None
        herkunft = {"art": "kommune", "name": self.kommune, "id": item.id,
                    "version": self.today, "sha256": hashlib.sha256(item.raw).hexdigest()}

        def change(data: Any) -> None:
            data["id"] = library_id
            for entry in data.get("modelle") or []:
                if isinstance(entry, dict) and isinstance(entry.get("datei"), str):
                    rel = model_path(entry["datei"])
                    if rel in moved and moved[rel] != rel:
                        entry["datei"] = moved[rel]
            data["herkunft"] = to_commented(herkunft)

        out = edited(item.raw, item.path, change)
        assert out is not None  # the view parsed it
        return out


def _write(clone: Path, sub: str | None, files: dict[str, bytes]) -> list[BeitragDatei]:
    """All files into the clone's register folder at once (WritePlan: nothing out of it)."""
    from prozesskit.fsutil import contained
    from prozesskit.writeplan import WritePlan

    root = contained(clone, sub) if sub else clone
    for rel in files:
        parts = PurePosixPath(rel).parts
        for depth in range(1, len(parts)):
            folder = root.joinpath(*parts[:depth])
            if folder.exists() and (folder.is_symlink() or not folder.is_dir()):
                raise InputError(
                    f"Die Bibliothek hat bei '{'/'.join(parts[:depth])}' einen Link oder eine "
                    f"Datei, wo ein Ordner sein müsste ('{rel}' soll dort hinein); aus "
                    "Sicherheitsgründen wird nichts geschrieben. In der Bibliothek einen "
                    "Ordner daraus machen")
    existing = {rel: (root / rel).is_file() for rel in files}
    plan = WritePlan(root)
    for rel, raw in files.items():
        plan.add(rel, raw)
    outcome = plan.commit(force=True)
    written = set(outcome.written)
    return [BeitragDatei(rel, not existing[rel], rel in written) for rel in files]
