"""Print top-1 / top-5 of `prozesskit leika SUCHE` on the query set in tests/data.

Usage: python tools/leika_eval.py [--fehler] [QUERY_FILE]
Tune only on the `tuning` half; the `heldout` half says how the search does on
wording nobody tuned for.
"""

from __future__ import annotations

import sys
from pathlib import Path

from prozesskit.leika.catalog import load_catalog
from prozesskit.leika.evaluate import measure, read_queries

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "leika-queries.yaml"


def main(argv: list[str]) -> int:
    show_misses = "--fehler" in argv
    files = [a for a in argv if not a.startswith("--")]
    queries = read_queries(Path(files[0]) if files else DEFAULT)
    catalog = load_catalog()
    for part in ("tuning", "heldout"):
        fig = measure(catalog, queries, part)
        print(f"{part:8} n={fig.count:3}  top-1 {fig.top1:6.1%}  top-5 {fig.top5:6.1%}")
        if show_misses:
            for text, found in fig.misses:
                names = [f"{k} {catalog.get(k).bezeichnung[:40]}" for k in found[:3]
                         if catalog.get(k) is not None]
                print(f"    ✗ {text!r}: {names}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
