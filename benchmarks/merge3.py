"""Benchmark: field-level 3-way merge (``update``'s core) over many Steckbriefe.

The issue's target: merging 200 changed fields in 100 files well under 2 s. This runs the
library function ``prozesskit.library.merge3.merge3`` in one process over ``--files``
generated triples (base, local, upstream) built from the example register's real
Steckbriefe and the commented test Steckbrief: upstream changes two fields per file
(``name`` changed, ``organisationseinheit`` changed or added), the member changes one
other field (``status``) and adds a comment, so every file is really merged on the ruamel
document. It times the whole merge (three read-path parses, plan, ruamel load, apply, dump)
and, separately, only the plan part, and prints JSON.

    PYTHONPATH=src python benchmarks/merge3.py [--files 100] [--repeat 3]

Not a test: timings depend on the machine; run it by hand and put the figure in the README.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def triples(count: int) -> list[tuple[bytes, bytes, bytes]]:
    templates = sorted((ROOT / "examples" / "kreis-musterland" / "steckbriefe").glob("*.yaml"))
    templates.append(ROOT / "tests" / "data" / "library" / "baugenehmigung-kommentiert.yaml")
    texts = [path.read_text("utf-8") for path in templates]
    result = []
    for number in range(count):
        base = texts[number % len(texts)]
        lines = base.splitlines(keepends=True)
        old_id = next(line for line in lines if line.startswith("id: "))
        base = base.replace(old_id, f"id: prozess-{number:04d}\n")
        name = next(line for line in base.splitlines(keepends=True) if line.startswith("name: "))
        status = next(line for line in base.splitlines(keepends=True)
                      if line.startswith("status: "))
        local = base.replace(status, "# vom Mitglied geprüft\nstatus: in_pruefung\n")
        upstream = base.replace(name, name.rstrip("\n") + " (Bibliothek)\n")
        oe = [line for line in upstream.splitlines(keepends=True)
              if line.startswith("organisationseinheit: ")]
        upstream = (upstream.replace(oe[0], "organisationseinheit: Fachbereich Neu\n") if oe
                    else upstream.replace(name, name + "organisationseinheit: Fachbereich Neu\n"))
        result.append((base.encode(), local.encode(), upstream.encode()))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from prozesskit.diff.steckbrief import read_document
    from prozesskit.library.merge3 import merge3, plan

    data = triples(args.files)
    walls, cpus, plans = [], [], []
    applied = conflicts = 0
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        applied = conflicts = 0
        for index, (base, local, upstream) in enumerate(data):
            merged = merge3(base, local, upstream, file=f"steckbriefe/p{index}.yaml")
            applied += len(merged.applied)
            conflicts += len(merged.conflicts)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        start = time.process_time()
        for base, local, upstream in data:
            plan(read_document(base, "b"), read_document(local, "l"), read_document(upstream, "u"))
        plans.append(time.process_time() - start)
    print(json.dumps({
        "files": args.files, "changed_fields_applied": applied, "conflicts": conflicts,
        "wall_s_median": round(statistics.median(walls), 3),
        "cpu_s_median": round(statistics.median(cpus), 3),
        "plan_only_cpu_s_median": round(statistics.median(plans), 3),
        "target_s": 2.0,
    }, indent=2))
    return 0 if conflicts == 0 and applied == 2 * args.files else 1


if __name__ == "__main__":
    sys.exit(main())
