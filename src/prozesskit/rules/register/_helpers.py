"""Helpers the register rules share: model paths and duplicates.

One normaliser for model references, because rules that disagree on a path disagree on
the register: PK-S008 once kept ``..`` (``modelle/../x.bpmn`` missing) while PK-S030
collapsed it (the same reference present). Now a reference is either a plain path below
the register root or a problem of its own (PK-S008 says which), never both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from prozesskit.rules.context import SteckbriefFacts

#: ``C:`` or ``C:/`` at the start: a Windows drive, absolute even without a leading slash
_DRIVE: Final = re.compile(r"^[A-Za-z]:")


def model_path(datei: str) -> str | None:
    """A model reference as a register-relative POSIX path, or ``None`` if it is not one.

    Register files are listed as relative POSIX paths; Windows users write
    ``modelle\\x.bpmn`` or ``./modelle/x.bpmn``, which mean the same file. A path with a
    ``..`` step or an absolute path (``/…``, ``C:…``) is not resolved: whether it ends up
    inside the register depends on where the register is checked out, so such a reference
    names no register file (:func:`path_problem` says why).
    """
    if path_problem(datei) is not None:
        return None
    return "/".join(part for part in datei.replace("\\", "/").split("/") if part not in ("", "."))


def path_problem(datei: str) -> str | None:
    """Why a model reference is not a register-relative path, in German, or ``None``."""
    text = datei.replace("\\", "/")
    if text.startswith("/") or _DRIVE.match(text):
        return "ist ein absoluter Pfad"
    parts = [part for part in text.split("/") if part not in ("", ".")]
    if ".." in parts:
        return "enthält '..'"
    if not parts:
        return "ist leer"
    return None


def fold_name(name: str) -> str:
    """Comparison key for names: case and runs of whitespace do not make a new name."""
    return " ".join(name.split()).casefold()


def later_duplicates(
    items: Iterable[SteckbriefFacts], key: Callable[[SteckbriefFacts], str | None]
) -> Iterator[tuple[SteckbriefFacts, str]]:
    """(Steckbrief, file of the first one) for every later Steckbrief with the same key.

    Sorted by file so that 'the first' is the same on every machine and run; the finding
    names that first file as related, so that ``--changed-since`` keeps it when only the
    first file changed.
    """
    first: dict[str, str] = {}
    for sb in sorted(items, key=lambda s: s.file):
        value = key(sb)
        if not value:
            continue
        if value in first:
            yield sb, first[value]
        else:
            first[value] = sb.file
