"""Where a locked process lives in the register now.

The lock records the file ``import`` wrote (``datei``), but the member owns the register's
layout: a Steckbrief moved into a subfolder (``git mv``, ``neu --ordner`` does the same for
new ones) is still the same process, because its id is. ``diff``, ``update`` and ``import``
therefore follow the local id when the recorded file is gone, instead of calling the process
"lokal entfallen" (and ``import --force`` writing a second file with the same id). Only when
no Steckbrief holds the id any more was it deleted.
"""

from __future__ import annotations

from prozesskit.library.lock import Prozess
from prozesskit.register.view import Register


def local_file(local: Register, local_id: str, entry: Prozess) -> str:
    """The register path of the locked process ``local_id``: the lock's ``datei`` while a
    file is there, else the Steckbrief with the local id (moved), else ``datei`` (deleted).
    Looking by id parses the register's Steckbriefe, so it happens only for a moved file."""
    if entry.datei in local.files:
        return entry.datei
    found = local.get(local_id)
    return found.path if found is not None else entry.datei
