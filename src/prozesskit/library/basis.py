"""The merge base of an imported process, recovered offline.

``update`` needs, for every imported process, the content as it was imported (the base of
the 3-way merge), also on a train and years later. Where it comes from depends on the
source's kind:

- **git**: from the user's cache at the locked commit (:func:`prozesskit.gitio.tree_at`: the
  exported checkout, else the mirror's objects; the network only when neither is there).
  Nothing is stored in the register: the commit names the content for good.
- **ordner**, **blaupause** (later **paket**): a folder can change or vanish, and a newer
  prozesskit ships a newer catalogue (which is the point of an update), so the base is kept
  in the register under ``.prozesskit/basis/<quelle>/<pfad in der Quelle>``, committed with
  it. For an unedited Steckbrief the kept file is byte-identical to the register's own,
  so git stores the blob once: the history grows by tree entries only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prozesskit.errors import InputError, ProzesskitError
from prozesskit.fsutil import contained, read_regular
from prozesskit.library.lock import Lock, Prozess, Quelle
from prozesskit.limits import MAX_BPMN_BYTES, MAX_YAML_BYTES

BASIS_DIR = ".prozesskit/basis"
#: Source kinds whose bases live in the register (git's live in the cache)
KEPT = frozenset({"ordner", "blaupause", "paket", "xprozess"})
#: Source kinds that are a sender's selection (``pack IDS…``, an export of some processes),
#: not a whole library: a process missing from one is not deleted there, it was not sent
AUSWAHL = frozenset({"paket", "xprozess"})


def nicht_geschickt(art: str) -> str:
    """The hint for a process a selection (:data:`AUSWAHL`) does not carry."""
    what = "diesem Paket" if art == "paket" else "dieser XProzess-Datei"
    return (f"nicht in {what}: bleibt, wie es ist (der Absender schickt eine Auswahl; "
            "einen entfallenen Prozess schickt er mit 'status: entfaellt')")


@dataclass(frozen=True, slots=True)
class Base:
    """The imported bytes of one process: Steckbrief and models (by local model path)."""

    steckbrief: bytes
    modelle: dict[str, bytes]


def kept_path(quelle_key: str, source_rel: str) -> str:
    """Where the base of a source file is kept in the register (relative POSIX path)."""
    return f"{BASIS_DIR}/{quelle_key}/{source_rel}"


def base_files(root: Path, lock: Lock, local_id: str) -> Base:
    """The base of ``local_id`` as the lock records it; a German :class:`InputError` when it
    cannot be recovered (names what is missing and how to get it back)."""
    prozess = lock.prozesse.get(local_id)
    if prozess is None:
        raise InputError(f"'{local_id}' steht nicht in prozesskit.lock (nicht importiert)")
    quelle = lock.quellen.get(prozess.quelle)
    if quelle is None:
        raise InputError(f"prozesskit.lock nennt für '{local_id}' die Quelle "
                         f"'{prozess.quelle}', die in 'quellen' fehlt")
    if quelle.art == "git":
        tree = _git_tree(quelle, prozess, local_id)
        return _read_base(tree, prozess, f"{quelle.ort} bei Commit {prozess.commit}")
    tree = contained(root, f"{BASIS_DIR}/{prozess.quelle}")
    return _read_base(tree, prozess, f"{BASIS_DIR}/{prozess.quelle}")


def _git_tree(quelle: Quelle, prozess: Prozess, local_id: str) -> Path:
    from prozesskit.gitio import tree_at

    if prozess.commit is None:
        raise InputError(f"prozesskit.lock nennt für '{local_id}' keinen Commit")
    try:
        tree = tree_at(quelle.ort, prozess.commit)
    except ProzesskitError as exc:
        raise InputError(f"Die Basis von '{local_id}' ({quelle.ort} bei Commit "
                         f"{prozess.commit[:10]}) ist weder im Cache noch erreichbar: {exc}"
                         ) from exc
    return contained(tree, quelle.pfad) if quelle.pfad else tree


def _read_base(tree: Path, prozess: Prozess, where: str) -> Base:
    steckbrief = _read(tree, prozess.pfad, MAX_YAML_BYTES, where)
    modelle = {local: _read(tree, model.pfad, MAX_BPMN_BYTES, where)
               for local, model in prozess.modelle.items()}
    return Base(steckbrief, modelle)


def _read(tree: Path, rel: str, limit: int, where: str) -> bytes:
    try:
        return read_regular(str(contained(tree, rel)), limit)
    except (OSError, ProzesskitError) as exc:
        raise InputError(f"Basis '{rel}' fehlt in {where} oder ist nicht lesbar ({exc}); "
                         "ohne sie ist kein 3-Wege-Abgleich möglich. Die Datei aus der "
                         "git-Historie des Registers wiederherstellen") from exc
