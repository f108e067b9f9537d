"""Where a locked process lives in the register now.

The lock records the file ``import`` wrote (``datei``), but the member owns the register's
layout: a Steckbrief moved into a subfolder (``git mv``, ``neu --ordner`` does the same for
new ones) is still the same process, because its id is. ``diff``, ``update`` and ``import``
therefore follow the local id when the recorded file is gone, instead of calling the process
"lokal entfallen" (and ``import --force`` writing a second file with the same id). Only when
no Steckbrief holds the id any more was it deleted.
"""

from __future__ import annotations

from collections.abc import Collection

from prozesskit.library.lock import LOCK_NAME, Lock, Prozess
from prozesskit.register.view import Register


def local_file(local: Register, local_id: str, entry: Prozess) -> str:
    """The register path of the locked process ``local_id``: the lock's ``datei`` while a
    file is there, else the Steckbrief with the local id (moved), else ``datei`` (deleted).
    Looking by id parses the register's Steckbriefe, so it happens only for a moved file."""
    if entry.datei in local.files:
        return entry.datei
    found = local.get(local_id)
    return found.path if found is not None else entry.datei


def copy_notes(local: Register, lock: Lock, ids: Collection[str] = ()) -> list[str]:
    """Steckbriefe in no lock entry whose ``herkunft`` names a locked process of a source:
    copied as a template with the original's ``herkunft`` left in (PK-S024). ``diff`` and
    ``update`` pass over them (they compare what the lock names), so they say so instead of
    staying silent. Only files mentioning ``herkunft`` at all are parsed (a register's own
    processes are most of a large one). ``ids``: only copies with that id or of that
    process."""
    from prozesskit.register.kopien import herkunft_key

    locked = {entry.datei for entry in lock.prozesse.values()}
    by_source_id: dict[str, str] = {}
    for local_id, entry in sorted(lock.prozesse.items()):
        by_source_id.setdefault(entry.id, local_id)
    notes = []
    for item in local.steckbriefe:
        if item.path in locked or item.raw is None or b"herkunft" not in item.raw:
            continue
        data = item.data
        sid = data.get("id") if isinstance(data, dict) else None
        key = herkunft_key(data.get("herkunft")) if isinstance(data, dict) else None
        if key is None or not isinstance(sid, str) or sid in lock.prozesse:
            continue  # a locked process moved to another file is no copy
        original = by_source_id.get(key[2])
        if original is None or (ids and sid not in ids and original not in ids):
            continue
        vorlage = local_file(local, original, lock.prozesse[original])
        notes.append(f"{item.path}: 'herkunft' nennt '{key[2]}' wie {vorlage}, die Datei steht "
                     f"aber nicht in {LOCK_NAME} – diff und update übergehen sie. Als Vorlage "
                     "kopiert? Dann den Abschnitt 'herkunft' entfernen (PK-S024).")
    return notes
