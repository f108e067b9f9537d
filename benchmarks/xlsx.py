"""Benchmark: ``export --format xlsx`` and ``import-xlsx`` of a register (issue 20: 2,000
Steckbriefe under 3 s each).

In one process through the library (what the CLI calls), median of ``--repeat`` runs, wall
and CPU time:

- export: ``Register.open`` (read, hash, YAML through the C composer), the workbook
  (``export_xlsx``), the atomic write;
- import: the workbook edited beforehand with openpyxl (``--geaendert`` rows, one or two
  cells each: Priorität and Fallzahl), then ``plan_einlesen`` (read and check the workbook,
  open the register, compare every row, edit the changed files through ruamel, schema check)
  and the write plan's commit, each run on a fresh copy of the register (untimed).

    python benchmarks/xlsx.py                                   # small: 200 Steckbriefe
    python benchmarks/xlsx.py --steckbriefe 2000 --geaendert 100 # the issue's size

Not a test: timings depend on the machine; run it by hand and put the figure in the README.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _median(samples: list[tuple[float, float]]) -> dict[str, float]:
    return {"wand_s": round(statistics.median(s[0] for s in samples), 3),
            "cpu_s": round(statistics.median(s[1] for s in samples), 3)}


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steckbriefe", type=int, default=200)
    parser.add_argument("--geaendert", type=int, default=20,
                        help="rows edited in the workbook before the import")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "work" / "xlsx")
    args = parser.parse_args(argv)

    import openpyxl

    from prozesskit.fsutil import atomic_write_bytes
    from prozesskit.register.view import Register
    from prozesskit.tabelle.einlesen import plan_einlesen
    from prozesskit.tabelle.export import export_xlsx

    root = args.work / f"register-{args.steckbriefe}"
    if not root.exists():
        from benchmarks.generate import main as generate

        generate(["--steckbriefe", str(args.steckbriefe), "--modelle", "0",
                  "--out", str(root), "--no-git"])
    book = args.work / "werkstatt.xlsx"
    exports = []
    for _ in range(args.repeat):
        wall, cpu = _clock()
        result = export_xlsx(Register.open(root))
        atomic_write_bytes(book, result.data)
        end_wall, end_cpu = _clock()
        exports.append((end_wall - wall, end_cpu - cpu))

    edited = openpyxl.load_workbook(book)
    sheet = edited["Steckbriefe"]
    headers = [cell.value for cell in sheet[1]]
    prio = headers.index("prioritaet") + 1
    fall = headers.index("kennzahlen.fallzahl_pro_jahr") + 1
    for row in range(2, min(args.geaendert, result.zeilen) + 2):
        current = sheet.cell(row, prio).value
        sheet.cell(row, prio).value = "niedrig" if current != "niedrig" else "hoch"
        if row % 2:
            sheet.cell(row, fall).value = 4711
    edited.save(book)

    imports = []
    changed = 0
    for _ in range(args.repeat):
        copy = args.work / "kopie"
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(root, copy)
        wall, cpu = _clock()
        planned = plan_einlesen(copy, book)
        planned.write_plan().commit()
        end_wall, end_cpu = _clock()
        imports.append((end_wall - wall, end_cpu - cpu))
        changed = len(planned.dateien)
        assert not planned.konflikte
    print(json.dumps({
        "steckbriefe": result.zeilen, "mappe_bytes": book.stat().st_size,
        "export": _median(exports),
        "import": {**_median(imports), "geaenderte_dateien": changed},
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main())
