"""Which files make up a register, found without following links out of it.

A register is a folder with ``prozesskit.yaml``; Steckbriefe live under ``steckbriefe/``,
models anywhere (usually ``modelle/``). Hidden folders (``.git``, ``.prozesskit``) are
skipped, and symlinks are never followed: a shared repo must not make us read files
outside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from prozesskit.validation.layout import MANIFEST_NAME, STECKBRIEF_DIR, YAML_SUFFIXES


@dataclass(frozen=True, slots=True)
class RegisterFiles:
    root: Path
    manifest: str | None  # relative paths everywhere
    steckbriefe: tuple[str, ...]
    modelle: tuple[str, ...]
    files: frozenset[str]


def find_root(start: Path) -> Path | None:
    """Nearest folder at or above ``start`` that holds prozesskit.yaml."""
    current = start.resolve()
    if current.is_file():
        current = current.parent
    for folder in (current, *current.parents):
        if (folder / MANIFEST_NAME).is_file():
            return folder
    return None


def _walk(folder: str, prefix: str, into: list[str]) -> None:
    """Regular files below ``folder``; scandir's d_type spares one lstat per file."""
    try:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda entry: entry.name)
    except OSError:  # unreadable folder: skipped, as os.walk does
        return
    for entry in listed:
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "node_modules":
                _walk(entry.path, f"{prefix}{entry.name}/", into)
        else:
            into.append(prefix + entry.name)


def discover(root: Path) -> RegisterFiles:
    files: list[str] = []
    _walk(str(root), "", files)
    files.sort()
    steckbriefe = tuple(
        f for f in files if f.startswith(STECKBRIEF_DIR + "/") and f.lower().endswith(YAML_SUFFIXES)
    )
    modelle = tuple(f for f in files if f.lower().endswith(".bpmn"))
    manifest = MANIFEST_NAME if MANIFEST_NAME in files else None
    return RegisterFiles(root, manifest, steckbriefe, modelle, frozenset(files))
