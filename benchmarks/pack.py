"""Benchmark: ``pack`` and ``unpack`` against reading and hashing the same files.

Issue 18: pack of 2,000 Steckbriefe + 500 models and unpack of that package each within
2x the time to read and hash the same files. Measured in one process through the library
(what the CLI calls), so that Python's start-up does not hide the work, as CPU time (user
+ system of the process and of its children; the machine is shared: wall time says more
about the neighbours than about the code) and wall time, each round in turns (floor, pack,
floor, unpack, …), median of the rounds:

- floor: open, read and sha256 every Steckbrief and model of the register;
- pack: ``paket.pack_register`` (validation with the register's memo warm, as after
  ``validate`` in CI, the facts the manifest needs taken from that run; read and hash the
  packed files) and ``paket.write`` (deterministic ZIP, fsync, rename);
- unpack: verify the package (every check of ``read_package``), the content checks
  (YAML, schema, BPMN parse; from 200 files on half of them in a forked child) and the
  write plan into a fresh register;
- write floors: the same files created plainly in a fresh folder, without any fsync and
  with one fsync per file (what writing them costs at the least on this file system;
  unpack stages them and renames each new top folder once, without fsync);
- unpack again: the same package into the register it was just unpacked into (every file
  there byte-identical: read and hashed, neither checked nor written again).

Unpack runs with the CLI's garbage-collector setting (``few_collections``), as the command
does. The figure the issue's target is about is ``faktor_cpu`` (target: at most 2.0).

    python benchmarks/pack.py --steckbriefe 200 --modelle 50        # small (default)
    python benchmarks/pack.py --steckbriefe 2000 --modelle 500      # the issue's size

Results go to ``benchmarks/results/pack-<time>.json``.

The generated register has findings (synthetic data), so it is packed with ``force``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _cpu() -> float:
    """User + system time of this process and of its ended children (unpack checks half of
    a large package in a forked child)."""
    children = os.times()
    return time.process_time() + children.children_user + children.children_system


def _measured(work: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call."""
    cpu, wall = _cpu(), time.perf_counter()
    work()
    return _cpu() - cpu, time.perf_counter() - wall


def _files(root: Path) -> list[Path]:
    return [path for folder in ("steckbriefe", "modelle")
            for path in sorted((root / folder).rglob("*")) if path.is_file()]


def _floor(paths: list[Path]) -> None:
    for path in paths:
        hashlib.sha256(path.read_bytes()).hexdigest()


def _report(args: argparse.Namespace, rounds: dict[str, list[tuple[float, float]]],
            out: Path) -> dict[str, object]:
    cpu = {name: statistics.median(c for c, _ in values) for name, values in rounds.items()}
    wall = {name: statistics.median(w for _, w in values) for name, values in rounds.items()}
    floor_cpu = statistics.median([c for c, _ in rounds["floor"] + rounds["floor2"]])
    floor_wall = statistics.median([w for _, w in rounds["floor"] + rounds["floor2"]])
    return {
        "steckbriefe": args.steckbriefe, "modelle": args.modelle, "runden": args.repeat,
        "paket_bytes": out.stat().st_size, "last": os.getloadavg()[0],
        "cpu_s": {"lesen_und_hashen": round(floor_cpu, 4),
                  **{label: round(cpu[name], 4) for name, label in _SHOWN.items()}},
        "wand_s": {"lesen_und_hashen": round(floor_wall, 4),
                   **{label: round(wall[name], 4) for name, label in _SHOWN.items()}},
        "faktor_cpu": {label: round(cpu[name] / floor_cpu, 2)
                       for name, label in _SHOWN.items()},
        "faktor_wand": {label: round(wall[name] / floor_wall, 2)
                        for name, label in _SHOWN.items()},
        "ziel_faktor": 2.0,
    }


#: measured round → its name in the report
_SHOWN = {"pack": "pack", "unpack": "unpack", "verify": "davon_paket_pruefen",
          "again": "unpack_ins_gleiche_register", "write": "dateien_anlegen_ohne_fsync",
          "write_sync": "dateien_anlegen_mit_fsync_je_datei"}


def _register(args: argparse.Namespace) -> Path:
    root = (args.work / f"register-{args.steckbriefe}-{args.modelle}").resolve()
    if not root.exists():
        from benchmarks.generate import main as generate

        generate(["--steckbriefe", str(args.steckbriefe), "--modelle", str(args.modelle),
                  "--out", str(root), "--no-git"])
        past = time.time() - 60  # older than validate's 2 s window: the run is remembered
        for path in root.rglob("*"):
            os.utime(path, (past, past))
    time.sleep(2.1)  # ctime cannot be set back: wait out the window once
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steckbriefe", type=int, default=200)
    parser.add_argument("--modelle", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=HERE / "work" / "pack")
    args = parser.parse_args(argv)

    from prozesskit.exchange import entpacken, paket
    from prozesskit.validation.engine import ValidateOptions, validate_register
    from prozesskit.validation.gctune import few_collections

    root = _register(args)
    validate_register(root, ValidateOptions())  # the memo, as after validate in CI
    paths = _files(root)
    out = args.work / "paket.zip"
    target = args.work / "ziel"
    plain = args.work / "schreiben"

    def pack() -> None:
        paket.write(paket.pack_register(root, [], True, [], force=True), out)

    def unpack() -> None:
        with few_collections():  # as the CLI runs it
            package = entpacken.read_package(out)
            entpacken.plan_unpack(package, target, with_errors=True).commit()

    def verify() -> None:
        entpacken.read_package(out)

    contents = [(path.relative_to(root).as_posix(), path.read_bytes()) for path in paths]

    def write_floor(sync: bool = False) -> None:
        for rel, data in contents:
            dest = plain / ("mit-fsync" if sync else "ohne") / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            os.write(fd, data)
            if sync:
                os.fsync(fd)
            os.close(fd)

    def fresh_target() -> None:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        shutil.copy(root / "prozesskit.yaml", target / "prozesskit.yaml")
        shutil.rmtree(plain, ignore_errors=True)

    pack()  # warm: imports, page cache
    fresh_target()
    unpack()
    order: dict[str, Callable[[], object]] = {  # in turns, in this order, every round
        "floor": lambda: _floor(paths), "pack": pack, "floor2": lambda: _floor(paths),
        "unpack": unpack, "verify": verify, "again": unpack, "write": write_floor,
        "write_sync": lambda: write_floor(sync=True)}
    rounds: dict[str, list[tuple[float, float]]] = {name: [] for name in order}
    for _ in range(args.repeat):
        fresh_target()
        for name, work in order.items():
            rounds[name].append(_measured(work))
    _finish(_report(args, rounds, out))
    return 0


def _finish(report: dict[str, object]) -> None:
    """Print the report and the figure the target is about; keep it under results/."""
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()
    factors = report["faktor_cpu"]
    assert isinstance(factors, dict)
    for name in ("pack", "unpack"):
        print(f"{name}: {factors[name]}× Lesen und Hashen (CPU), Ziel höchstens 2×: "
              + ("erreicht" if factors[name] <= 2.0 else "VERFEHLT"))
    saved = HERE / "results" / f"pack-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json"
    saved.parent.mkdir(exist_ok=True)
    saved.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    raise SystemExit(main())
