"""Benchmark: prozesskit's semantic model diff against bpmn-js-differ, side by side.

    python benchmarks/bpmn_diff.py                  # 500 changed pairs, 3 runs each
    python benchmarks/bpmn_diff.py --pairs 100 --repeat 1 --reuse

Generates ``--pairs`` model pairs into ``benchmarks/work/bpmn-diff-<pairs>-<seed>/``: the
old model is a copy of an OMG MIWG reference model with unique ids (as the register
benchmark makes them, ``bpmn_copy.py``), the new one the same with one to three edits
(``bpmn_edits.py``: rename, move a shape, another lane, condition, default flow, timer,
documentation, a new step, a removed flow, a vendor extension). Then it runs, one after the
other and each in one process over all pairs, ``bpmn_diff_ours.py`` (prozesskit) and
``bpmn_diff_differ.mjs`` (bpmn-js-differ with bpmn-moddle, installed on first use with
``npm install --prefix benchmarks`` into ``benchmarks/node_modules``, git-ignored).

Reported per tool: wall and CPU time of the whole process (start-up included), the time
of the loop inside it (read, parse and diff every pair) and peak memory; the issue's target
is prozesskit ≥ 3× faster. Results go to ``benchmarks/results/bpmn-diff-<time>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bpmn_copy import copy_model
from benchmarks.bpmn_edits import edit_model
from benchmarks.measure import Sample, check, run_timed

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MIWG = REPO / "tests" / "data" / "corpus" / "bpmn" / "miwg-reference"
NODE_PACKAGES = ("bpmn-js-differ@3", "bpmn-moddle@10")
TARGET = 3.0


def generate_pairs(count: int, seed: int, folder: Path) -> Path:
    """Write ``count`` old/new pairs and ``pairs.json`` (with the edits made) into folder."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "alt").mkdir(parents=True)
    (folder / "neu").mkdir()
    sources = [p.read_bytes() for p in sorted(MIWG.glob("*.bpmn"))]
    rng = random.Random(seed)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    pairs = []
    for i in range(count):
        old = folder / "alt" / f"m{i:05d}.bpmn"
        new = folder / "neu" / f"m{i:05d}.bpmn"
        copy_model(sources[i % len(sources)], f"m{i:05d}_", old)
        tree = etree.parse(str(old), parser)
        edits = edit_model(tree.getroot(), rng, rng.randint(1, 3))
        tree.write(str(new), xml_declaration=True, encoding=tree.docinfo.encoding or "UTF-8")
        pairs.append({"old": str(old), "new": str(new), "edits": edits})
    listing = folder / "pairs.json"
    listing.write_text(json.dumps({"seed": seed, "pairs": pairs}, indent=1), encoding="utf-8")
    return listing


def ensure_differ() -> str:
    """bpmn-js-differ and bpmn-moddle in benchmarks/node_modules; their versions."""
    modules = HERE / "node_modules"
    if not (modules / "bpmn-js-differ").exists() or not (modules / "bpmn-moddle").exists():
        subprocess.run(["npm", "install", "--prefix", str(HERE), "--no-save", "--no-audit",
                        "--no-fund", *NODE_PACKAGES], check=True)
    versions = []
    for name in ("bpmn-js-differ", "bpmn-moddle"):
        meta = json.loads((modules / name / "package.json").read_text(encoding="utf-8"))
        versions.append(f"{name} {meta['version']}")
    return ", ".join(versions)


def _measure(commands: dict[str, list[str]], logs: Path, repeat: int,
             env: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Run the tools in turn, ``repeat`` rounds (a load change hits both alike)."""
    samples: dict[str, list[Sample]] = {label: [] for label in commands}
    inner: dict[str, list[dict[str, Any]]] = {label: [] for label in commands}
    for i in range(repeat):
        for n, (label, cmd) in enumerate(commands.items()):
            log = logs / f"tool{n}-{i}"
            samples[label].append(check(run_timed(cmd, cwd=REPO, log=log, env=env), log,
                                        frozenset({0})))
            inner[label].append(json.loads(log.with_suffix(".out").read_text(encoding="utf-8")))
    return {label: {
        "command": " ".join(cmd),
        "wall_s": statistics.median(s.wall_s for s in samples[label]),
        "cpu_s": statistics.median(s.cpu_s for s in samples[label]),
        "work_s": statistics.median(r["work_s"] for r in inner[label]),
        "maxrss_mib": max(s.maxrss_mib for s in samples[label]),
        "with_differences": inner[label][-1]["with_differences"],
        "elements": inner[label][-1]["elements"],
        "unchanged": inner[label][-1]["unchanged"],
        "samples": [s.as_dict() for s in samples[label]],
        "inner": inner[label],
    } for label, cmd in commands.items()}


def _table(rows: dict[str, dict[str, Any]], pairs: int) -> str:
    lines = ["| Werkzeug | Wand [s] | CPU [s] | Schleife im Prozess [s] | maxrss [MiB] | "
             f"Paare mit Unterschied (von {pairs}) |",
             "|---|---:|---:|---:|---:|---:|"]
    for label, row in rows.items():
        lines.append(f"| {label} | {row['wall_s']:.2f} | {row['cpu_s']:.2f} | "
                     f"{row['work_s']:.2f} | {row['maxrss_mib']:.0f} | "
                     f"{row['with_differences']} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true",
                        help="Paare einer früheren Erzeugung mit gleicher Größe und Saat nutzen")
    args = parser.parse_args(argv)
    folder = HERE / "work" / f"bpmn-diff-{args.pairs}-{args.seed}"
    listing = folder / "pairs.json"
    if not (args.reuse and listing.exists()):
        listing = generate_pairs(args.pairs, args.seed, folder)
    versions = ensure_differ()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    logs = HERE / "work" / "logs" / f"bpmn-diff-{stamp}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(REPO / "src"), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    rows = _measure({
        "prozesskit (Python, lxml)": [sys.executable, str(HERE / "bpmn_diff_ours.py"),
                                      str(listing)],
        "bpmn-js-differ (Node, bpmn-moddle)": ["node", str(HERE / "bpmn_diff_differ.mjs"),
                                               str(listing)],
    }, logs, args.repeat, env)
    ours, peer = rows.values()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True,
                          check=False).stdout.strip()
    result = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pairs": args.pairs, "seed": args.seed, "repeat": args.repeat,
        "cpus": os.cpu_count(), "python": platform.python_version(), "node": node,
        "peer_versions": versions, "rows": rows,
        "speedup_wall": peer["wall_s"] / ours["wall_s"],
        "speedup_work": peer["work_s"] / ours["work_s"],
        "speedup_cpu": peer["cpu_s"] / ours["cpu_s"],
        "target": TARGET,
    }
    out = HERE / "results" / f"bpmn-diff-{stamp}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"Gemessen {result['time']} auf {result['cpus']} CPUs, Python {result['python']}, "
          f"Node {node}, {versions}; Median aus {args.repeat} Läufen, {args.pairs} Paare.")
    print()
    print(_table(rows, args.pairs))
    print()
    print(f"| Ziel | gemessen | Grenze | erfüllt |\n|---|---:|---:|:-:|\n"
          f"| bpmn-js-differ / prozesskit, Wand (ganzer Prozess) | "
          f"{result['speedup_wall']:.1f} | ≥ {TARGET:g} | "
          f"{'ja' if result['speedup_wall'] >= TARGET else 'nein'} |\n"
          f"| bpmn-js-differ / prozesskit, Schleife im Prozess | "
          f"{result['speedup_work']:.1f} | ≥ {TARGET:g} | "
          f"{'ja' if result['speedup_work'] >= TARGET else 'nein'} |\n"
          f"| bpmn-js-differ / prozesskit, CPU (ganzer Prozess) | "
          f"{result['speedup_cpu']:.1f} | ≥ {TARGET:g} | "
          f"{'ja' if result['speedup_cpu'] >= TARGET else 'nein'} |")
    pairs = json.loads(listing.read_text(encoding="utf-8"))["pairs"]
    for label, row in rows.items():
        missed = sorted({" + ".join(pairs[i]["edits"]) for i in row["unchanged"]})
        if missed:
            print(f"\n{label}: keine Unterschiede bei Paaren mit nur: {'; '.join(missed)}")
    print(f"\nErgebnis: {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
