"""Benchmark: ``prozesskit netz`` over many local member registers (issue 20: 14 members of
about 600 Steckbriefe each, under 3 s cold, linear in members × Steckbriefe).

    PYTHONPATH=src python benchmarks/netz.py          # 7 and 14 members: the issue's figure

Builds the registers from the built-in Blaupausen (kreis, stadt, gemeinde,
kreisfreie-stadt in turn: about 600 Steckbriefe a member; the files ``init`` writes,
rendered once), edited as members would: every seventh process struck, every fifth with
Kennzahlen, every eleventh in modelling with a responsible member. Then it runs the real
CLI in a fresh process (cold: interpreter, imports, reading, matching, rendering) for the
matrix (json) and the priority list (text) at each size in ``--members`` (default 7 and
14: twice the Steckbriefe, so the per-Steckbrief cost shows linearity), ``--repeat``
times, and prints JSON: wall time (median) and the CPU time of the process (user+sys,
median), the load average before and after, and the target next to the figure. The
machine of the developers is shared and loaded: the CPU time is the figure to compare.
The result is also written to ``benchmarks/results/netz-<time>.json``.

    python benchmarks/netz.py --members 3 --repeat 1   # small, while developing
    python benchmarks/netz.py --stand                  # also the Stand view over git history

``--stand`` also makes every member a git repository with four commits in four quarters
(the register, then each time 20 more processes modelled) and times ``--ansicht stand``
cold (an empty cache: every blob of the quarters shown that is not a work-tree file is
read and parsed) and warm (the counts per commit cached).

Not a test: timings depend on the machine; run it by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BLUEPRINTS = ("kreis", "stadt", "gemeinde", "kreisfreie-stadt")
TARGET_S = 3.0  # the target at 14 members of about 600 Steckbriefe


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
            if (index + number) % 5 == 0 and "\nkennzahlen:" not in text:
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
          fresh_cache: Path | None = None) -> dict[str, float]:
    """Median wall and CPU time (user+sys of the child) of ``repeat`` fresh CLI runs."""
    walls, cpus = [], []
    for number in range(repeat):
        run_env = {**os.environ, **(env or {})}
        if fresh_cache is not None:  # a cache nobody has filled: cold
            run_env["PROZESSKIT_CACHE_DIR"] = str(fresh_cache / f"leer-{number}")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "prozesskit", *args], check=True,
                       stdout=subprocess.DEVNULL, env=run_env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {"wand_s": round(statistics.median(walls), 3),
            "cpu_s": round(statistics.median(cpus), 3)}


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


def measure(work: Path, members: int, repeat: int, with_stand: bool) -> dict[str, object]:
    netz, total = build(work, members)
    matrix = timed(["netz", str(netz), "--format", "json"], repeat)
    prio = timed(["netz", str(netz), "--ansicht", "priorisierung"], repeat)
    result: dict[str, object] = {
        "mitglieder": members, "steckbriefe": total, "matrix": matrix,
        "priorisierung": prio,
        "matrix_cpu_ms_je_steckbrief": round(matrix["cpu_s"] / total * 1e3, 3)}
    if with_stand:
        with_history(work, members)
        stand = ["netz", str(netz), "--ansicht", "stand", "--format", "json"]
        cold = timed(stand, repeat, fresh_cache=work)
        warm_cache = {"PROZESSKIT_CACHE_DIR": str(work / "warm")}
        timed(stand, 1, env=warm_cache)
        result.update({"stand_kalt": cold, "stand_warm": timed(stand, repeat, env=warm_cache)})
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[7, 14])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--stand", action="store_true")
    parser.add_argument("--no-save", action="store_true",
                        help="do not write benchmarks/results/netz-<time>.json")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE,
                            capture_output=True, text=True).stdout.strip()
    result: dict[str, object] = {
        "datum": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit, "cpus": os.cpu_count(), "last_vorher": os.getloadavg()[0],
        "ziel": f"14 Mitglieder je rund 600 Steckbriefe: unter {TARGET_S} s kalt, linear"}
    sizes = []
    for members in args.members:
        with tempfile.TemporaryDirectory(prefix="netz-bench-") as tmp:
            sizes.append(measure(Path(tmp), members, args.repeat, args.stand))
    result["groessen"] = sizes
    result["last_nachher"] = os.getloadavg()[0]
    if len(sizes) >= 2:  # per-Steckbrief cost of the growth: equal to the small size's if linear
        small, big = sizes[0], sizes[-1]
        grow = (big["matrix"]["cpu_s"] - small["matrix"]["cpu_s"]) / (  # type: ignore[index]
            big["steckbriefe"] - small["steckbriefe"])  # type: ignore[operator]
        result["zuwachs_cpu_ms_je_steckbrief"] = round(grow * 1e3, 3)
    text = json.dumps(result, indent=2)
    print(text)
    for size in sizes:
        print(f"{size['mitglieder']} Mitglieder, {size['steckbriefe']} Steckbriefe: Matrix "
              f"{size['matrix']['cpu_s']} s CPU, {size['matrix']['wand_s']} s Wand "  # type: ignore[index]
              f"(Ziel bei 14 Mitgliedern: unter {TARGET_S} s)")
    if not args.no_save:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        (HERE / "results" / f"netz-{stamp}.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
