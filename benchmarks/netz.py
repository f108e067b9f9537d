"""Benchmark: ``prozesskit netz`` over many local member registers (issue 20: 14 members of
about 600 Steckbriefe each, under 3 s cold, linear in members × Steckbriefe).

Builds ``--members`` registers from the built-in Blaupausen (kreis, stadt, gemeinde in
turn; the files ``init`` writes, rendered once), edited as members would: every seventh
process struck, every fifth with Kennzahlen, every eleventh modelled with a responsible
member. Then it runs the real CLI in a fresh process (cold: imports, reading, matching,
rendering) for the matrix and the priority list, ``--repeat`` times, and prints JSON with
the median and the per-Steckbrief cost, so that runs at two sizes show linearity.

    PYTHONPATH=src python benchmarks/netz.py [--members 14] [--repeat 3] [--work DIR] [--stand]

``--stand`` also makes every member a git repository with four commits in four quarters
(the register, then each time 20 more processes modelled) and times ``--ansicht stand``
cold (an empty cache: every blob of the quarters shown that is not a work-tree file is
read and parsed) and warm (the counts per commit cached).

Not a test: timings depend on the machine; run it by hand. The machine of the developers
is shared: run it small (``--members 3``) unless measuring for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BLUEPRINTS = ("kreis", "stadt", "gemeinde")


def build(work: Path, members: int) -> tuple[Path, int]:
    from prozesskit.register.sources import open_source

    rendered = {name: open_source(f"prozesskit:{name}") for name in BLUEPRINTS}
    total = 0
    lines = ["format: 1", "name: Benchmark", "mitglieder:"]
    for number in range(members):
        blueprint = BLUEPRINTS[number % len(BLUEPRINTS)]
        folder = work / f"mitglied-{number:02d}"
        (folder / "steckbriefe").mkdir(parents=True, exist_ok=True)
        (folder / "prozesskit.yaml").write_text(
            f"format: 1\nkommune:\n  name: Mitglied {number}\n  typ: gemeinde\n",
            encoding="utf-8")
        for index, item in enumerate(rendered[blueprint]):
            assert item.raw is not None
            text = item.raw.decode("utf-8")
            if (index + number) % 7 == 0:
                text = text.replace("status: aktiv", "status: entfaellt\nstatus_grund: nicht hier")
            if (index + number) % 5 == 0:
                text += f"kennzahlen:\n  fallzahl_pro_jahr: {100 + index}\n" \
                        f"  bearbeitungszeit_min: {10 + number}\n"
            if (index + number) % 11 == 0:
                text = text.replace("  status: nicht_modelliert",
                                    f"  status: in_modellierung\n  verantwortlich: M{number}")
            (folder / item.path).write_text(text, encoding="utf-8")
            total += 1
        lines.append(f"  - {{name: Mitglied {number}, register: {folder.name}}}")
    netz = work / "netz.yaml"
    netz.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return netz, total


def timed(args: list[str], repeat: int, env: dict[str, str] | None = None,
          fresh_cache: Path | None = None) -> float:
    times = []
    for number in range(repeat):
        run_env = {**os.environ, **(env or {})}
        if fresh_cache is not None:  # a cache nobody has filled: cold
            run_env["PROZESSKIT_CACHE_DIR"] = str(fresh_cache / f"leer-{number}")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "prozesskit", *args], check=True,
                       stdout=subprocess.DEVNULL, env=run_env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def with_history(work: Path, members: int) -> None:
    """Four commits per member in four quarters of 2025: the register as built, then three
    times 20 more processes marked as modelled (IST)."""
    def git(folder: Path, when: str, *args: str) -> None:
        subprocess.run(["git", "-c", "user.name=B", "-c", "user.email=b@example.invalid",
                        "-c", "commit.gpgsign=false", *args], cwd=folder, check=True,
                       capture_output=True, env={**os.environ, "GIT_AUTHOR_DATE": when,
                                                 "GIT_COMMITTER_DATE": when})

    for number in range(members):
        folder = work / f"mitglied-{number:02d}"
        git(folder, "2025-01-15T10:00:00+01:00", "init", "-q", "-b", "main")
        git(folder, "2025-01-15T10:00:00+01:00", "add", "-A")
        git(folder, "2025-01-15T10:00:00+01:00", "commit", "-q", "-m", "Register")
        files = sorted((folder / "steckbriefe").glob("*.yaml"))
        for step, when in enumerate(("2025-04-15", "2025-07-15", "2025-10-15")):
            for path in files[step * 20:(step + 1) * 20]:
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace("status: nicht_modelliert",
                                             "status: ist_modelliert"), encoding="utf-8")
            git(folder, f"{when}T10:00:00+02:00", "commit", "-q", "-a", "-m", f"Schritt {step}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=14)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--stand", action="store_true")
    args = parser.parse_args()
    result: dict[str, object] = {"mitglieder": args.members}
    with tempfile.TemporaryDirectory(prefix="netz-bench-") as tmp:
        work = args.work or Path(tmp)
        netz, total = build(work, args.members)
        matrix = timed(["netz", str(netz), "--format", "json"], args.repeat)
        prio = timed(["netz", str(netz), "--ansicht", "priorisierung"], args.repeat)
        result.update({"steckbriefe": total, "matrix_s": round(matrix, 3),
                       "priorisierung_s": round(prio, 3),
                       "matrix_us_je_steckbrief": round(matrix / total * 1e6, 1)})
        if args.stand:
            with_history(work, args.members)
            stand = ["netz", str(netz), "--ansicht", "stand", "--format", "json"]
            cold = timed(stand, args.repeat, fresh_cache=Path(tmp))
            warm_cache = {"PROZESSKIT_CACHE_DIR": str(Path(tmp) / "warm")}
            timed(stand, 1, env=warm_cache)
            warm = timed(stand, args.repeat, env=warm_cache)
            result.update({"stand_kalt_s": round(cold, 3), "stand_warm_s": round(warm, 3)})
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
