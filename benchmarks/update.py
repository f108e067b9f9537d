"""Benchmark: ``prozesskit update`` merging 200 changed fields in 100 files (issue 17: under
2 s on this machine).

Builds, in a temporary folder, a library as a real git repository (``--files`` Steckbriefe
made from the example register's and the commented test Steckbrief, as
``benchmarks/merge3.py`` makes them), tagged v1; a member register that imported all of
them (``import file://…@v1 --alle``) and then changed one field in every file (``status``,
with a new comment above it); and v2 of the library with two changed fields per file
(``name``, ``organisationseinheit``). Each round copies the member register afresh and runs

- ``prozesskit update bibliothek@v2`` as a subprocess (wall and CPU time, git's included:
  start-up, git, reading both sides and the bases, merging on the ruamel documents, writing
  through the write plan);
- the same through the library in this process (``plan_update`` + ``commit``), CPU time.

The git cache is warm (the first, unmeasured round fills it), as it is for a member who
imported from the library before. Prints JSON; exit 1 if a round did not take 200 fields
or left a conflict.

    PYTHONPATH=src python benchmarks/update.py [--files 100] [--repeat 3]

Not a test: timings depend on the machine; run it by hand and put the figure in the README.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def build(work: Path, count: int) -> Path:
    """Library v1 + v2 and the member register (imported at v1, edited); returns it."""
    from benchmarks.merge3 import triples
    from prozesskit.library.importieren import Auswahl, plan_import

    data = triples(count)
    library = work / "bibliothek"
    (library / "steckbriefe").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "kreis-musterland" / "prozesskit.yaml", library)
    for number, (base, _, _) in enumerate(data):
        (library / "steckbriefe" / f"prozess-{number:04d}.yaml").write_bytes(base)
    _git(library, "init", "-q", "-b", "main")
    _git(library, "add", "-A")
    _git(library, "commit", "-qm", "v1")
    _git(library, "tag", "v1")
    member = work / "kommune"
    (member / "steckbriefe").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "kreis-musterland" / "prozesskit.yaml", member)
    plan_import(member, f"file://{library}@v1", Auswahl(alle=True)).commit()
    for number, (base, _local, _) in enumerate(data):
        path = member / "steckbriefe" / f"prozess-{number:04d}.yaml"
        status = next(line for line in base.decode().splitlines(keepends=True)
                      if line.startswith("status: "))
        text = path.read_text("utf-8")
        assert text.count(status) == 1
        path.write_text(text.replace(status, "# vom Mitglied geprüft\nstatus: in_pruefung\n"),
                        "utf-8")
    for number, (_, _, upstream) in enumerate(data):
        (library / "steckbriefe" / f"prozess-{number:04d}.yaml").write_bytes(upstream)
    _git(library, "commit", "-qam", "v2")
    _git(library, "tag", "v2")
    return member


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pk-update-bench-") as tmp:
        work = Path(tmp)
        os.environ["PROZESSKIT_CACHE_DIR"] = str(work / "cache")
        from prozesskit.library.update import plan_update

        member = build(work, args.files)
        pristine = work / "vorher"
        shutil.copytree(member, pristine)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "prozesskit", "update", "bibliothek@v2", "-r",
                   str(member)]
        walls, child_cpus, cpus, fields, conflicts = [], [], [], [], []
        for round_ in range(args.repeat + 1):  # round 0 warms the git cache
            shutil.rmtree(member)
            shutil.copytree(pristine, member)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            child_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            if done.returncode != 0:
                print(done.stdout, done.stderr, file=sys.stderr)
                return 1
            shutil.rmtree(member)
            shutil.copytree(pristine, member)
            cpu = time.process_time()
            planned = plan_update(member, "bibliothek@v2", [], None)
            planned.commit()
            cpu = time.process_time() - cpu
            if round_:
                walls.append(wall)
                child_cpus.append(child_cpu)
                cpus.append(cpu)
            fields.append(sum(len([c for c in e.uebernommen if c.path[0] != "herkunft"])
                              for e in planned.ergebnisse))
            conflicts.append(len(planned.konflikte))
    result = {
        "files": args.files, "fields_taken": fields[-1], "conflicts": conflicts[-1],
        "cli_wall_s_median": round(statistics.median(walls), 3),
        "cli_cpu_s_median": round(statistics.median(child_cpus), 3),  # incl. git children
        "library_cpu_s_median": round(statistics.median(cpus), 3),
        "rounds": args.repeat, "target_s": 2.0,
        "measured_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_1min": round(os.getloadavg()[0], 1), "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    out = results / f"update-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    met = "erfüllt" if result["cli_cpu_s_median"] < 2.0 else "NICHT erfüllt"
    print(f"update, {args.files} Dateien, {fields[-1]} Felder: "
          f"{result['cli_cpu_s_median']} s CPU (Ziel < 2 s: {met}); Ergebnis: "
          f"{out.relative_to(ROOT)}")
    return 0 if set(fields) == {2 * args.files} and set(conflicts) == {0} else 1


if __name__ == "__main__":
    sys.exit(main())
