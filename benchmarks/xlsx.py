"""Benchmark: ``export --format xlsx`` and ``import-xlsx`` of a register (issue 20: 2,000
Steckbriefe under 3 s each, also when every row is edited).

    PYTHONPATH=src python benchmarks/xlsx.py        # the issue's size: 2,000 Steckbriefe

Runs the real CLI in a fresh process each time (cold: interpreter, imports, reading,
writing), ``--repeat`` times (median), and prints JSON with the wall time and the CPU time
of the process (user+sys), the load average before and after, and the target next to the
figures; the result is also written to ``benchmarks/results/xlsx-<time>.json``. The
machine of the developers is shared and loaded: the CPU time is the figure to compare.

- ``export``: ``prozesskit export --format xlsx -o … REGISTER`` (read, hash, the workbook,
  the atomic write);
- ``import-xlsx``: the workbook edited beforehand with openpyxl, in 10 % of the rows and in
  every row (``--geaendert``): Priorität in each edited row, and the Fallzahl in every
  second one (a new field, and a new ``kennzahlen`` section, where the Steckbrief has none);
  then ``prozesskit import-xlsx BOOK REGISTER`` on a fresh copy of the register (copied
  untimed): read and check the workbook, read the register, compare every row, write the
  changed fields into the YAML, schema check, read-back, the write plan's commit.

The register is made by ``benchmarks/generate.py`` (Blaupausen entries, realistic mix of
optional fields) into ``--work`` and kept between runs.

    python benchmarks/xlsx.py --steckbriefe 200 --repeat 1    # small, while developing

Not a test: timings depend on the machine; run it by hand and put the figure in the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_S = 3.0


def _cli(args: list[str], repeat: int, before: Callable[[], None] | None = None
         ) -> tuple[dict[str, float], str]:
    """Median wall and CPU time (user+sys of the child) of ``repeat`` fresh CLI runs."""
    walls, cpus, out = [], [], ""
    for _ in range(repeat):
        if before is not None:
            before()
        start_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "prozesskit", *args], check=True,
                              capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        end_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(end_usage.ru_utime - start_usage.ru_utime
                    + end_usage.ru_stime - start_usage.ru_stime)
        out = done.stdout
    return {"wand_s": round(statistics.median(walls), 3),
            "cpu_s": round(statistics.median(cpus), 3)}, out


def _edit(book: Path, edited: Path, rows: int) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Steckbriefe"]
    headers = [cell.value for cell in sheet[1]]
    prio = headers.index("prioritaet") + 1
    fall = headers.index("kennzahlen.fallzahl_pro_jahr") + 1
    count = min(rows, sheet.max_row - 1)
    for row in range(2, count + 2):
        current = sheet.cell(row, prio).value
        sheet.cell(row, prio).value = "niedrig" if current != "niedrig" else "hoch"
        if row % 2:
            sheet.cell(row, fall).value = 4711
    workbook.save(edited)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steckbriefe", type=int, default=2000)
    parser.add_argument("--geaendert", type=int, nargs="+", default=None,
                        help="rows edited before an import (default: 10 %% and all)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / "work" / "xlsx")
    parser.add_argument("--no-save", action="store_true",
                        help="do not write benchmarks/results/xlsx-<time>.json")
    args = parser.parse_args(argv)
    edited_rows = args.geaendert or [args.steckbriefe // 10, args.steckbriefe]

    root = args.work / f"register-{args.steckbriefe}"
    if not root.exists():
        from benchmarks.generate import main as generate

        generate(["--steckbriefe", str(args.steckbriefe), "--modelle", "0",
                  "--out", str(root), "--no-git"])
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE,
                            capture_output=True, text=True).stdout.strip()
    result: dict[str, object] = {
        "datum": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "commit": commit,
        "cpus": os.cpu_count(), "last_vorher": os.getloadavg()[0],
        "ziel": f"2.000 Steckbriefe: export und import-xlsx je unter {TARGET_S} s"}
    book = args.work / "werkstatt.xlsx"
    export, _ = _cli(["export", "--format", "xlsx", "-o", str(book), "--force", str(root)],
                     args.repeat)
    result.update({"steckbriefe": args.steckbriefe, "mappe_bytes": book.stat().st_size,
                   "export": export})
    imports = []
    copy = args.work / "kopie"

    def fresh_copy() -> None:
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(root, copy)

    for rows in edited_rows:
        edited = args.work / f"werkstatt-{rows}.xlsx"
        count = _edit(book, edited, rows)
        timing, out = _cli(["import-xlsx", str(edited), str(copy)], args.repeat, fresh_copy)
        found = re.search(r"(\d+) Feld\(er\) in (\d+) Steckbrief", out)
        imports.append({"zeilen_bearbeitet": count, **timing,
                        "felder": int(found.group(1)) if found else None,
                        "dateien": int(found.group(2)) if found else None})
    result["import"] = imports
    result["last_nachher"] = os.getloadavg()[0]
    text = json.dumps(result, indent=2)
    print(text)
    print(f"export {args.steckbriefe} Steckbriefe: {export['cpu_s']} s CPU, "
          f"{export['wand_s']} s Wand (Ziel: unter {TARGET_S} s)")
    for item in imports:
        print(f"import-xlsx, {item['zeilen_bearbeitet']} Zeilen bearbeitet: {item['cpu_s']} s "
              f"CPU, {item['wand_s']} s Wand (Ziel: unter {TARGET_S} s)")
    if not args.no_save:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        (HERE / "results" / f"xlsx-{stamp}.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main())
