"""Benchmark: ``prozesskit site`` cold against ``validate`` cold, and a rebuild after one
changed Steckbrief.

Issue 19: ``site`` for 2,000 Steckbriefe + 500 models within 3x ``validate`` cold on the same
register; after one changed Steckbrief under 1 s. Every run is the real CLI in a subprocess
(Python start-up included, as a user sees it), wall time and CPU time (user + system of the
child and its workers), median of ``--repeat``:

- validate cold: ``prozesskit validate --no-cache`` (every file parsed and checked);
- site cold: ``prozesskit site -o <fresh folder>`` with the register's site cache removed
  (every Steckbrief parsed, every page rendered, every model drawn);
- site after one change: the description of one Steckbrief edited, ``site`` into the same
  folder (that Steckbrief parsed, the others' summaries from the cache; one page and the
  search index rewritten).

    python benchmarks/site.py                                   # small: 200 + 50 (default)
    python benchmarks/site.py --steckbriefe 2000 --modelle 500  # the issue's size

prozesskit's modules are byte-compiled first (``compileall``), as in an installed package:
with ``PYTHONDONTWRITEBYTECODE`` set and no ``__pycache__``, each run would compile them
again (about 0.3 s, more than the work after one change). The result (JSON) is printed and
written to ``benchmarks/results/site-<time>.json``.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Issue 19: site cold within 3x validate cold; after one changed Steckbrief under 1 s
TARGET_FACTOR = 3.0
TARGET_CHANGE_S = 1.0


def _run(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, cpu) of one CLI run; a failing run (other than validate's exit 1) stops."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "prozesskit", *args], cwd=cwd,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args}: exit {done.returncode}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _edited(text: str, round_: int) -> str:
    """The Steckbrief with another description (a change its page and the index show)."""
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith("beschreibung:"):
            lines[number] = f"beschreibung: Geändert in Runde {round_}.\n"
            while number + 1 < len(lines) and lines[number + 1].startswith(" "):
                del lines[number + 1]
            return "".join(lines)
    return text + f"beschreibung: Geändert in Runde {round_}.\n"


def _median(runs: list[tuple[float, float]]) -> dict[str, float]:
    return {"wand_s": round(statistics.median(r[0] for r in runs), 3),
            "cpu_s": round(statistics.median(r[1] for r in runs), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steckbriefe", type=int, default=200)
    parser.add_argument("--modelle", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "work" / "site")
    args = parser.parse_args(argv)

    root = args.work / f"register-{args.steckbriefe}-{args.modelle}"
    if not root.exists():
        from benchmarks.generate import main as generate

        generate(["--steckbriefe", str(args.steckbriefe), "--modelle", str(args.modelle),
                  "--out", str(root), "--no-git"])
    import prozesskit

    compileall.compile_dir(Path(prozesskit.__file__).parent, quiet=1)
    out = args.work / "public"
    site_cache = root / ".prozesskit" / "cache" / "site-v1.json"
    validate, cold, change = [], [], []
    steckbrief = sorted((root / "steckbriefe").glob("*.yaml"))[0]
    original = steckbrief.read_text(encoding="utf-8")
    try:
        for round_ in range(args.repeat):  # alternating, so that load changes hit all alike
            validate.append(_run(["validate", "--no-cache", str(root)], root))
            shutil.rmtree(out, ignore_errors=True)
            site_cache.unlink(missing_ok=True)
            cold.append(_run(["site", str(root), "-o", str(out)], root))
            steckbrief.write_text(_edited(original, round_), encoding="utf-8")
            os.utime(steckbrief)
            change.append(_run(["site", str(root), "-o", str(out)], root))
    finally:
        steckbrief.write_text(original, encoding="utf-8")
    report = {
        "steckbriefe": args.steckbriefe, "modelle": args.modelle, "runden": args.repeat,
        "seiten": len(list((out / "prozesse").glob("*.html"))) + 3,
        "validate_kalt": _median(validate),
        "site_kalt": _median(cold),
        "site_nach_einer_aenderung": _median(change),
    }
    report["faktor_site_zu_validate_wand"] = round(
        report["site_kalt"]["wand_s"] / report["validate_kalt"]["wand_s"], 2)
    report["faktor_site_zu_validate_cpu"] = round(
        report["site_kalt"]["cpu_s"] / report["validate_kalt"]["cpu_s"], 2)
    report["ziel_faktor_cpu_hoechstens"] = TARGET_FACTOR
    report["ziel_nach_einer_aenderung_s_unter"] = TARGET_CHANGE_S
    report["last"] = round(os.getloadavg()[0], 1)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    factor = report["faktor_site_zu_validate_cpu"]
    after = report["site_nach_einer_aenderung"]["cpu_s"]
    print(f"site kalt / validate kalt (CPU): {factor:.2f}× (Ziel ≤ {TARGET_FACTOR:.0f}×: "
          f"{'erreicht' if factor <= TARGET_FACTOR else 'VERFEHLT'}); nach einer Änderung "
          f"{after:.2f} s CPU (Ziel < {TARGET_CHANGE_S:.0f} s: "
          f"{'erreicht' if after < TARGET_CHANGE_S else 'VERFEHLT'})")
    results = HERE / "results" / f"site-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    results.parent.mkdir(exist_ok=True)
    results.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    raise SystemExit(main())
