"""The lock (and kept bases) of a register made by ``init --blueprint``.

Such a register is an import of a whole Blaupause: the same lock entries as
``import prozesskit:kreis --alle`` would write, so that ``diff prozesskit:kreis`` and ``update``
later find the base of every Steckbrief, also after a newer prozesskit ships a newer
catalogue (the old one is then no longer in the package: hence the kept base).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from prozesskit.library.basis import kept_path
from prozesskit.library.lock import LOCK_NAME, Lock, Prozess, Quelle
from prozesskit.validation.layout import STECKBRIEF_DIR


def blaupause_key(catalogue: str, name: str, builtin: bool) -> str:
    """``prozesskit-kreis`` for a built-in Blaupause (as ``import prozesskit:kreis`` names
    it), else the catalogue's name and the Blaupause's, as a slug."""
    text = f"prozesskit-{name}" if builtin else f"{catalogue}-{name}"
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "blaupause"


def init_files(steckbriefe: Mapping[str, str], *, catalogue: str, name: str, version: str,
               quelle: str, commit: str | None, builtin: bool) -> dict[str, str]:
    """``prozesskit.lock`` and the kept bases for the Steckbriefe ``init`` writes."""
    key = blaupause_key(catalogue, name, builtin)
    ort = f"prozesskit:{name}" if builtin else quelle
    source = Quelle(art="blaupause", ort=ort, name=name)
    prozesse: dict[str, Prozess] = {}
    files: dict[str, str] = {}
    for rel, text in steckbriefe.items():
        if not rel.startswith(f"{STECKBRIEF_DIR}/"):
            continue
        local_id = rel.removeprefix(f"{STECKBRIEF_DIR}/").removesuffix(".yaml")
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        prozesse[local_id] = Prozess(quelle=key, id=local_id, pfad=rel, datei=rel,
                                     commit=commit, version=version, sha256=sha,
                                     lokal_sha256=sha)
        files[kept_path(key, rel)] = text
    files[LOCK_NAME] = Lock.empty().with_entries({key: source}, prozesse).to_text()
    return files
