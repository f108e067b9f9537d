"""Model references (``modelle[].datei``) as register paths: the one normaliser.

Everything that follows a Steckbrief to its model uses it: the register rules (PK-S008,
PK-S017, PK-S030), the Register API's model links and ``--changed-since``'s choice of
models to read. Once they disagreed: PK-S008 kept ``..`` (``modelle/../x.bpmn`` missing)
while PK-S030 collapsed it (the same reference present). Now a reference is either a plain
path below the register root or a problem of its own (PK-S008 says which), never both.
No imports: the validate fast path and the Register API both use it.
"""

from __future__ import annotations

import re
from typing import Final

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
