"""Benchmark: ``prozesskit diff QUELLE`` of a register against its library, against the
read-path parse floor of both sides.

The issue's target: the diff of a register of 2,000 Steckbriefe + 500 models against a
library of the same size with 10 % changed (git cache warm) within 2× the parse floor of
both sides plus start-up.

    python benchmarks/library_diff.py          # the issue's size: 2,000 + 500, 10 % changed

Options: ``[--steckbriefe 2000] [--modelle 500] [--anteil 0.1] [--repeat 3] [--out DIR]``.

Set-up (not timed): a synthetic library (``benchmarks/generate.py``) as a git repository
tagged ``v1``; a register that imported all of it with its models at ``v1`` (the import
library function, so the lock and its git bases are real); then the library changes a
field in ``--anteil`` of its Steckbriefe and renames an element (a task where there is
one) in ``--anteil`` of its models and is tagged ``v2``. One untimed ``diff bibliothek@v2``
fills the cache (clone, exports at v1 and v2). Timed, alternating, ``--repeat`` times:

- ``diff``: ``python -m prozesskit diff bibliothek@v2 --format json`` (whole process, output
  to /dev/null), wall and CPU of the child;
- ``floor``: one Python process that composes every Steckbrief of both sides with PyYAML's
  C loader and parses every model of both sides with lxml (no entities, no network): the
  least any comparison must read; its in-process work time;
- ``start``: ``python -m prozesskit --version``.

Prints one JSON object (medians, the ratio ``diff / (floor + start)``, the budget
``2 × floor + start`` and whether it is met, in CPU and wall time, with the load) and
writes it to ``benchmarks/results/library-diff-<time>.json``; the last line states the
figure against the target. Not a test: timings depend on the machine; run it by hand and
put the figure in the README.
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
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import GIT_USER, generate

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
#: An element to rename in a model: a task of any kind first, else anything with a name
_TASK = re.compile(rb'(<(?:\w+:)?(?:\w*[tT]ask|subProcess|callActivity)\b[^>]*\bname=")([^"]*)"')
_NAMED = re.compile(rb'(<(?:\w+:)?(?!definitions\b)\w+\b[^>]*\bname=")([^"]*)"')
FLOOR = """
import sys, time, json
from pathlib import Path
import yaml
from lxml import etree
start = time.perf_counter(); cpu = time.process_time()
parser = etree.XMLParser(resolve_entities=False, no_network=True)
files = 0
for root in sys.argv[1:]:
    for path in sorted(Path(root, "steckbriefe").glob("*.yaml")):
        yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)
        files += 1
    for path in sorted(Path(root, "modelle").glob("*.bpmn")):
        etree.fromstring(path.read_bytes(), parser)
        files += 1
print(json.dumps({"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                  "files": files}))
"""


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *GIT_USER, *args], cwd=root, check=True, text=True,
                          capture_output=True).stdout.strip()


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PROZESSKIT_CACHE_DIR"] = str(cache)
    env["PYTHONPATH"] = str(REPO / "src")
    return env


def _child(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU (user + system) of one child process, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} endete mit {done.returncode}: {done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def set_up(out: Path, steckbriefe: int, modelle: int, anteil: float) -> tuple[Path, Path]:
    """The library (tagged v1 and v2) and the register that imported v1; returns both."""
    library = generate(steckbriefe, modelle, out / "bibliothek").root
    _git(library, "tag", "v1")
    register = out / "register"
    register.mkdir()
    (register / "prozesskit.yaml").write_text(
        "format: 1\nkommune: {name: Kreis Mitglied, schluessel: \"05998\", typ: kreis}\n"
        "produktrahmen: NKF-NRW\n", "utf-8")
    (register / "steckbriefe").mkdir()
    (register / "modelle").mkdir()
    from prozesskit.library.importieren import Auswahl, plan_import

    plan_import(register, f"file://{library}@v1", Auswahl(alle=True, mit_modellen=True)).commit()
    files = sorted((library / "steckbriefe").glob("*.yaml"))
    step = max(1, round(1 / anteil)) if anteil > 0 else 0
    changed_files = changed_models = 0
    for path in files[::step] if step else []:
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"^name: (.*)$", r"name: \1 (überarbeitet)", text, count=1,
                               flags=re.M), "utf-8")
        changed_files += 1
    for path in sorted((library / "modelle").glob("*.bpmn"))[::step] if step else []:
        raw = path.read_bytes()  # some MIWG models are not UTF-8: bytes in, bytes out
        renamed = _TASK.sub(rb'\1\2 (neu)"', raw, count=1)
        if renamed == raw:
            renamed = _NAMED.sub(rb'\1\2 (neu)"', raw, count=1)
        if renamed != raw:
            path.write_bytes(renamed)
            changed_models += 1
    _git(library, "commit", "-qam", "v2")
    _git(library, "tag", "v2")
    print(f"Aufbau: {len(files)} Steckbriefe, {changed_files} geändert; "
          f"{changed_models} Modelle geändert", file=sys.stderr)
    return library, register


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, text=True,
                              capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steckbriefe", type=int, default=2000)
    parser.add_argument("--modelle", type=int, default=500)
    parser.add_argument("--anteil", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="pk-libdiff-"))
    cache = out / "cache"
    os.environ["PROZESSKIT_CACHE_DIR"] = str(cache)
    library, register = set_up(out, args.steckbriefe, args.modelle, args.anteil)
    env = _env(cache)
    diff = [sys.executable, "-m", "prozesskit", "diff", "bibliothek@v2", "--format", "json"]
    _, _, report = _child(diff, register, env)  # warm: clone and exports into the cache
    data = json.loads(report)
    summary = data["quellen"][0]["summary"]
    upstream = out / "cache" / "checkouts"
    v2 = next(path for path in upstream.glob("*/*") if path.name == _git(library, "rev-parse",
                                                                          "v2"))
    floor_cmd = [sys.executable, "-c", FLOOR, str(register), str(v2)]
    start_cmd = [sys.executable, "-m", "prozesskit", "--version"]
    runs: dict[str, list[tuple[float, float]]] = {"diff": [], "floor": [], "start": []}
    for _ in range(args.repeat):
        wall, cpu, _ = _child(diff, register, env)
        runs["diff"].append((wall, cpu))
        _, _, said = _child(floor_cmd, register, env)
        floor = json.loads(said)
        runs["floor"].append((floor["wall"], floor["cpu"]))
        wall, cpu, _ = _child(start_cmd, register, env)
        runs["start"].append((wall, cpu))
    medians = {name: {"wall_s": statistics.median(w for w, _ in values),
                      "cpu_s": statistics.median(c for _, c in values)}
               for name, values in runs.items()}
    budget = {kind: 2 * medians["floor"][kind] + medians["start"][kind]
              for kind in ("wall_s", "cpu_s")}
    result = {
        "steckbriefe": args.steckbriefe, "modelle": args.modelle, "anteil": args.anteil,
        "repeat": args.repeat, "summary": summary, "floor_files": floor["files"],
        "medians": medians,
        "target_2x_floor_plus_start": budget,
        "ratio_diff_to_floor_plus_start": {
            kind: medians["diff"][kind] / (medians["floor"][kind] + medians["start"][kind])
            for kind in ("wall_s", "cpu_s")},
        "met": {kind: medians["diff"][kind] <= budget[kind] for kind in ("wall_s", "cpu_s")},
        "load": os.getloadavg(),
        "cpus": os.cpu_count(),
        "commit": _commit(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"library-diff-{stamp}.json").write_text(text + "\n", "utf-8")
    cpu, wall = medians["diff"]["cpu_s"], medians["diff"]["wall_s"]
    print(f"diff {args.steckbriefe} + {args.modelle}: {cpu:.2f} s CPU ({wall:.2f} s Wand); "
          f"Ziel ≤ 2 × Boden + Start = {budget['cpu_s']:.2f} s CPU ({budget['wall_s']:.2f} s "
          f"Wand): {'erreicht' if result['met']['cpu_s'] else 'NICHT erreicht'} (CPU), "
          f"{'erreicht' if result['met']['wall_s'] else 'NICHT erreicht'} (Wand); "
          f"Last {result['load'][0]:.1f}", file=sys.stderr)
    if args.out is None:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
