"""Benchmark: ``pack`` and ``unpack`` against reading and hashing the same files.

Issue 18: pack of 2,000 Steckbriefe + 500 models and unpack of that package each within
2x the time to read and hash the same files. Measured in one process through the library
(what the CLI calls), so that Python's start-up does not hide the work, as CPU time (the
machine is shared: wall time says more about the neighbours than about the code) and wall
time, each round in turns (floor, pack, floor, unpack, write floor), median of the rounds:

- floor: open, read and sha256 every Steckbrief and model of the register;
- pack: ``paket.pack_register`` (validation with the register's memo warm, as after
  ``validate`` in CI, the facts the manifest needs taken from that run; read and hash the
  packed files) and ``paket.write`` (deterministic ZIP, fsync, rename);
- unpack: verify the package (every check of ``read_package``), the content checks
  (YAML, schema, BPMN parse) and the write plan into a fresh register;
- write floor: the same files created plainly in a fresh folder (what writing them costs
  at the least on this file system; unpack stages and renames them besides).

    python benchmarks/pack.py --steckbriefe 200 --modelle 50        # small (default)
    python benchmarks/pack.py --steckbriefe 2000 --modelle 500      # the issue's size

The generated register has findings (synthetic data), so it is packed with ``force``.
"""

from __future__ import annotations

import argparse
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


def _measured(work: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


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
        "cpu_s": {
            "lesen_und_hashen": round(floor_cpu, 4), "pack": round(cpu["pack"], 4),
            "unpack": round(cpu["unpack"], 4), "davon_pruefen": round(cpu["verify"], 4),
            "dateien_anlegen": round(cpu["write"], 4)},
        "wand_s": {
            "lesen_und_hashen": round(floor_wall, 4), "pack": round(wall["pack"], 4),
            "unpack": round(wall["unpack"], 4), "davon_pruefen": round(wall["verify"], 4),
            "dateien_anlegen": round(wall["write"], 4)},
        "faktor_cpu": {
            "pack": round(cpu["pack"] / floor_cpu, 2),
            "unpack": round(cpu["unpack"] / floor_cpu, 2),
            "pruefen": round(cpu["verify"] / floor_cpu, 2),
            "dateien_anlegen": round(cpu["write"] / floor_cpu, 2)},
    }


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

    root = _register(args)
    validate_register(root, ValidateOptions())  # the memo, as after validate in CI
    paths = _files(root)
    out = args.work / "paket.zip"
    target = args.work / "ziel"
    plain = args.work / "schreiben"

    def pack() -> None:
        paket.write(paket.pack_register(root, [], True, [], force=True), out)

    def unpack() -> None:
        package = entpacken.read_package(out)
        entpacken.plan_unpack(package, target, with_errors=True).commit()

    def verify() -> None:
        entpacken.read_package(out)

    contents = [(path.relative_to(root).as_posix(), path.read_bytes()) for path in paths]

    def write_floor() -> None:
        for rel, data in contents:
            dest = plain / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            os.write(fd, data)
            os.close(fd)

    def fresh_target() -> None:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        shutil.copy(root / "prozesskit.yaml", target / "prozesskit.yaml")
        shutil.rmtree(plain, ignore_errors=True)

    pack()  # warm: imports, page cache
    fresh_target()
    unpack()
    rounds: dict[str, list[tuple[float, float]]] = {
        "floor": [], "pack": [], "floor2": [], "unpack": [], "verify": [], "write": []}
    for _ in range(args.repeat):
        fresh_target()
        rounds["floor"].append(_measured(lambda: _floor(paths)))
        rounds["pack"].append(_measured(pack))
        rounds["floor2"].append(_measured(lambda: _floor(paths)))
        rounds["unpack"].append(_measured(unpack))
        rounds["verify"].append(_measured(verify))
        rounds["write"].append(_measured(write_floor))
    report = _report(args, rounds, out)
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    raise SystemExit(main())
