"""How good are `prozesskit leika vorschlagen`'s proposals on the Blaupausen catalogue?

Usage: python tools/leika_vorschlag_eval.py [--liste]

* Wiederfinden: every catalogue process with a LeiKa key, the key removed: is it proposed
  first / among the first three? (issue 16: ≥ 75 % / ≥ 90 %)
* Ohne Schlüssel: every catalogue process without a key (mostly from the product plans):
  how many get a proposal above the default threshold? Each such proposal must be judged
  by a person (issue 16: at most 5 % wrong); `--liste` prints them for that.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from prozesskit.leika.catalog import load_catalog
from prozesskit.leika.suggest import suggest

ROOT = Path(__file__).resolve().parent.parent


def processes() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted((ROOT / "blueprints" / "prozesse").glob("*.yaml")):
        out.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return out


def main(argv: list[str]) -> int:
    catalog = load_catalog()
    first = top3 = with_key = 0
    above: list[tuple[str, str, str, float]] = []
    missed: list[tuple[str, str, list[str]]] = []
    without = 0
    for process in processes():
        fields = {k: v for k, v in process.items() if k not in ("leika", "quelle")}
        key = process.get("leika")
        hits = suggest(catalog, fields, limit=3)  # the default threshold, as vorschlagen
        if key:
            with_key += 1
            keys = [hit.leistung.key for hit in hits]
            first += bool(keys) and keys[0] == key
            top3 += key in keys
            if not keys or keys[0] != key:
                missed.append((process["name"], key, keys))
        else:
            without += 1
            if hits:
                above.append((process["name"], hits[0].leistung.key,
                              hits[0].leistung.bezeichnung, hits[0].score))
    print(f"Wiederfinden  n={with_key}  erster {first / with_key:6.1%}  "
          f"unter den ersten drei {top3 / with_key:6.1%}")
    print(f"Ohne Schlüssel n={without}  mit Vorschlag ab 0.5: {len(above)}")
    if "--liste" in argv:
        for name, key, bezeichnung, score in above:
            print(f"  {score:.2f}  {name}  →  {key} {bezeichnung}")
    if "--fehler" in argv:
        for name, key, keys in missed:
            shown = [f"{k} {catalog.get(k).bezeichnung[:40]}" for k in keys
                     if catalog.get(k) is not None]
            own = catalog.get(key)
            print(f"  ✗ {name} ({key} {own.bezeichnung[:40] if own else '?'}): {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
