"""``blueprints/namensindex.json``: the catalogue's processes per Blaupause in a form that
costs a millisecond to read.

The near-duplicate rule (PK-S031) compares a register's own Steckbriefe with the processes
of its Blaupause on every ``validate`` that runs the register rules. Loading and deriving
the catalogue takes ~0.15 s of CPU; this index, written by ``tools/build_catalogue.py`` from
the derived Blaupausen (so ``je_ebene`` names and ``nur_in``/``nicht_in`` are already
applied), is one small JSON file. Format (``format: 2``)::

    {"format": 2, "katalog": "nrw-kommunal", "version": "2026.1",
     "prozesse": [[id, name, bereich, [leika, …], [stamm, …]], …],
     "blaupausen": {"kreis": [0, 1, …], …}}

The LeiKa keys of a process are ``leika`` and those of its ``varianten``. The stems are
:func:`~prozesskit.rules.register._aehnlichkeit.name_stems` of the name, stemmed when the
file is built rather than on every run (5 % of a patch run's instructions); the test
that rebuilds the catalogue (``test_generator_reproduces_committed_files``) fails when
the stemmer changed and the file was not rebuilt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prozesskit.leika.felder import valid_keys
from prozesskit.rules.register._aehnlichkeit import name_stems

FILE_NAME = "namensindex.json"
FORMAT = 2


@dataclass(frozen=True, slots=True)
class KatalogProzess:
    """One process of a Blaupause as the near-duplicate rule sees it."""

    id: str
    name: str
    bereich: str | None
    leika: tuple[str, ...]
    stems: frozenset[str]  # name_stems(name)


@dataclass(frozen=True, slots=True)
class NameIndex:
    katalog: str
    version: str
    blaupausen: dict[str, tuple[KatalogProzess, ...]]


def leika_schluessel(data: Any) -> tuple[str, ...]:
    """The LeiKa keys of a catalogue process: ``leika``, then ``varianten[].leika``
    (``quelle.leika`` only says where the process came from)."""
    keys = (key for path, key in valid_keys(data) if path != ("quelle", "leika"))
    return tuple(dict.fromkeys(keys))


def index_text(katalog: str, version: str, derived: dict[str, list[dict[str, Any]]]) -> str:
    """The index file for Blaupause → derived Steckbriefe; deterministic, one process a line."""
    rows: list[tuple[str, str, str | None, tuple[str, ...]]] = []
    numbers: dict[tuple[str, str, str | None, tuple[str, ...]], int] = {}
    members: dict[str, list[int]] = {}
    for blaupause in sorted(derived):
        for sb in derived[blaupause]:
            produkt = sb.get("produkt")
            bereich = produkt.get("bereich") if isinstance(produkt, dict) else None
            row = (str(sb["id"]), str(sb["name"]), bereich, leika_schluessel(sb))
            if row not in numbers:
                numbers[row] = len(rows)
                rows.append(row)
            members.setdefault(blaupause, []).append(numbers[row])

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = [
        "{" + f'"format":{FORMAT},"katalog":{dump(katalog)},"version":{dump(version)},',
        '"prozesse":[',
        ",\n".join(dump([i, n, b, list(k), sorted(name_stems(n))]) for i, n, b, k in rows),
        "],",
        '"blaupausen":{',
        ",\n".join(f"{dump(bp)}:{dump(nums)}" for bp, nums in members.items()),
        "}}",
        "",
    ]
    return "\n".join(lines)


def load_index(root: Path) -> NameIndex | None:
    """The index of the catalogue in ``root``, or None where there is none or it is not
    readable in this format (a catalogue from elsewhere: the rule then skips the comparison)."""
    try:
        data = json.loads((root / FILE_NAME).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        rows = [
            KatalogProzess(str(i), str(n), b if isinstance(b, str) else None,
                           tuple(str(k) for k in keys), frozenset(str(s) for s in stems))
            for i, n, b, keys, stems in data["prozesse"]
        ]
        blaupausen = {
            str(bp): tuple(rows[n] for n in nums) for bp, nums in data["blaupausen"].items()
        }
        return NameIndex(str(data["katalog"]), str(data["version"]), blaupausen)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
