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

from prozesskit.model.register import MANIFEST_NAME

STECKBRIEF_DIR = "steckbriefe"
MODELL_DIR = "modelle"
YAML_SUFFIXES = (".yaml", ".yml")


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


def discover(root: Path) -> RegisterFiles:
    files: list[str] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d != "node_modules"
            and not os.path.islink(os.path.join(folder, d))
        )
        rel_folder = os.path.relpath(folder, root)
        for name in names:
            if name.startswith(".") or os.path.islink(os.path.join(folder, name)):
                continue
            rel = name if rel_folder == "." else f"{rel_folder}/{name}".replace(os.sep, "/")
            files.append(rel)
    files.sort()
    steckbriefe = tuple(
        f for f in files if f.startswith(STECKBRIEF_DIR + "/") and f.lower().endswith(YAML_SUFFIXES)
    )
    modelle = tuple(f for f in files if f.lower().endswith(".bpmn"))
    manifest = MANIFEST_NAME if MANIFEST_NAME in files else None
    return RegisterFiles(root, manifest, steckbriefe, modelle, frozenset(files))
