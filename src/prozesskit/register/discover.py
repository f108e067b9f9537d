"""Which files make up a register, found without following links out of it.

A register is a folder with ``prozesskit.yaml``; Steckbriefe live under ``steckbriefe/``,
models anywhere (usually ``modelle/``). Hidden folders (``.git``, ``.prozesskit``) and the
output folder of ``prozesskit site`` (its marker file) are skipped, and symlinks are never
followed: a shared repo must not make us read files outside it. Symlinks and other
non-regular entries (FIFOs, devices) where a Steckbrief or a model could be, and symlinks
to folders, are listed as ``unread``: the run reports each
(:mod:`prozesskit.register.unread`) instead of passing over it in silence.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from prozesskit.validation.layout import (
    MANIFEST_NAME,
    SITE_MANIFEST,
    STECKBRIEF_DIR,
    YAML_SUFFIXES,
)


@dataclass(frozen=True, slots=True)
class RegisterFiles:
    root: Path
    manifest: str | None  # relative paths everywhere
    steckbriefe: tuple[str, ...]
    modelle: tuple[str, ...]
    files: frozenset[str]
    #: (rel, "link" | "linkdir" | "special"): never read, reported; also in ``files``
    unread: tuple[tuple[str, str], ...] = ()

    def without(self, left_out: frozenset[str]) -> RegisterFiles:
        """The register as if ``left_out`` were absent (the pre-commit hook's untracked files:
        they are not part of the commit being checked)."""
        if not left_out:
            return self
        manifest = self.manifest if self.manifest not in left_out else None
        return RegisterFiles(
            self.root,
            manifest,
            tuple(f for f in self.steckbriefe if f not in left_out),
            tuple(f for f in self.modelle if f not in left_out),
            self.files - left_out,
            tuple(entry for entry in self.unread if entry[0] not in left_out),
        )


def find_root(start: Path) -> Path | None:
    """Nearest folder at or above ``start`` that holds prozesskit.yaml."""
    current = Path(os.path.abspath(start))
    # a file's folder, not its target's: a symlinked Steckbrief must not make the register
    # whose conventions apply the one its target happens to lie in
    current = current.resolve() if current.is_dir() else current.parent.resolve()
    for folder in (current, *current.parents):
        if (folder / MANIFEST_NAME).is_file():
            return folder
    return None


def register_root(start: Path, angabe: str = "-r ORDNER") -> Path:
    """The register a command works on: ``start`` if it holds prozesskit.yaml, else the
    nearest folder above it that does (:func:`find_root`, the way ``validate`` and git
    look upwards), so that every command works from ``steckbriefe/`` too. ``start`` is the
    folder the user named (``-r``) or the current one; it must exist and be a folder: a
    mistyped ``-r`` must not quietly become the register the current folder lies in.
    ``angabe``: how the command takes a register folder, for the message."""
    from prozesskit.errors import InputError

    if os.path.lexists(start / MANIFEST_NAME):  # a link to one is PK-R001's, not "none"
        return start
    if not start.is_dir():
        what = "gibt es nicht" if not os.path.lexists(start) else "ist kein Ordner"
        raise InputError(f"'{start}' {what}; erwartet ist der Ordner eines Registers "
                         f"(oder ein Ordner darin), angegeben mit {angabe}")
    root = find_root(start)
    if root is None:
        raise InputError(f"Kein Register gefunden: weder '{start}' noch ein Ordner darüber "
                         f"enthält {MANIFEST_NAME}. Im Register-Ordner (oder einem Ordner "
                         f"darin) aufrufen oder ihn mit {angabe} angeben")
    return root


def checked_path(rel: str, loose: bool) -> bool:
    """Whether a regular file at ``rel`` would be checked (Steckbrief or model); ``loose``:
    in a folder that is no register, where every YAML file is checked as a Steckbrief."""
    lower = rel.lower()
    return lower.endswith(".bpmn") or (
        (loose or rel.startswith(STECKBRIEF_DIR + "/")) and lower.endswith(YAML_SUFFIXES))


def _walk(folder: str, prefix: str, into: list[str], unread: list[tuple[str, str]],
          loose: bool) -> None:
    """Regular files below ``folder``, in the order the folder lists them (classify sorts
    them all once); scandir's d_type spares one lstat per file, and a regular file, the
    common case, is known after one question."""
    for entry in _listed(folder, inner=bool(prefix)):
        name = entry.name
        if name.startswith("."):
            continue
        rel = prefix + name
        if entry.is_file(follow_symlinks=False):
            into.append(rel)
        elif entry.is_symlink():
            if rel == MANIFEST_NAME:
                into.append(rel)  # the manifest reader refuses and reports it (PK-R001)
            elif _is_dir(entry):  # the target's type only; nothing of it is read
                unread.append((rel, "linkdir"))
            elif checked_path(rel, loose):
                unread.append((rel, "link"))
        elif entry.is_dir(follow_symlinks=False):
            if name != "node_modules":
                _walk(entry.path, f"{rel}/", into, unread, loose)
        elif checked_path(rel, loose):
            unread.append((rel, "special"))


def _listed(folder: str, *, inner: bool) -> list[os.DirEntry[str]]:
    """A folder's entries; none for an unreadable one (skipped, as os.walk does) and for
    the output of ``prozesskit site`` below the root (copies, not the register's files)."""
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError:
        return []
    if inner and any(entry.name == SITE_MANIFEST for entry in listed):
        return []
    return listed


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def discover(root: Path, *, loose: bool = False) -> RegisterFiles:
    """``loose``: ``root`` is a folder of loose files (or holds registers), no register."""
    files: list[str] = []
    unread: list[tuple[str, str]] = []
    _walk(str(root), "", files, unread, loose)
    return classify(root, files, unread)


def classify(root: Path, names: Iterable[str], unread: Iterable[tuple[str, str]] = ()
             ) -> RegisterFiles:
    """Which of a register's files are manifest, Steckbriefe and models; also for registers
    that are no folder (a Blaupause rendered in memory, later a package)."""
    files = sorted(names)
    steckbriefe = tuple(
        f for f in files if f.startswith(STECKBRIEF_DIR + "/") and f.lower().endswith(YAML_SUFFIXES)
    )
    modelle = tuple(f for f in files if f.lower().endswith(".bpmn"))
    manifest = MANIFEST_NAME if MANIFEST_NAME in files else None
    # unread entries count as present: a Steckbrief naming a symlinked model gets the
    # link's problem, not a second one saying the model is missing
    unread = tuple(sorted(unread))
    every = frozenset(files).union(rel for rel, _ in unread)
    return RegisterFiles(root, manifest, steckbriefe, modelle, every, unread)
