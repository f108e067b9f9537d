"""Benchmark: ``pack`` and ``unpack`` against reading and hashing the same files.

Issue 18: pack of 2,000 Steckbriefe + 500 models and unpack of that package each within
2x the time to read and hash the same files. Measured in one process through the library
(what the CLI calls), so that Python's start-up does not hide the work, as CPU time (user
+ system of the process and of its children; the machine is shared: wall time says more
about the neighbours than about the code) and wall time, each round in turns (floor, pack,
floor, unpack, …), median of the rounds:

- floor: open, read and sha256 every Steckbrief and model of the register;
- pack: ``paket.pack``, what the command calls (validation with the register's memo warm,
  as after ``validate`` in CI, the facts the manifest needs taken from that run; each
  packed file read while the deterministic ZIP is written, its CRC, the package's sha256,
  fsync, rename);
- unpack: verify the package (every check of ``read_package``), the content checks
  (YAML, schema, BPMN parse; from 200 files on half of them in a forked child) and the
  write plan into a new register;
- the floors of what unpack must do besides reading and hashing: *checking* (lxml's parse
  of every model with entities and network off, PyYAML's C composer over every
  Steckbrief: ``floor.py`` without the XSD) and *writing* (the same files created plainly
  in a new folder, one ``mkdir`` per folder, no fsync: unpack does not fsync either);
- unpack again: the same package into the register it was just unpacked into (every file
  there byte-identical: read and hashed, neither checked nor written again).

Why nothing is deleted (not even the last round's package: ``pack`` writes a new file
every round, as into a fresh CI workspace; replacing an existing 35 MB package would add
the freeing of its blocks, some 7 ms of CPU, to the measured call): this machine's ext4
runs without a journal, and there a new inode skips every inode of its group freed in the
last minute (six while the inode table block is dirty: ``recently_deleted`` in
``find_inode_bit``, three quarters of the CPU in a profile): creating 2,500 files within
minutes after removing thousands nearby costs up to ten times the CPU (an earlier version
of this benchmark removed the last round's folders just before each round and measured
1.1-1.5 s instead of 0.15-0.3 s for the plain writes). Every round writes into new
folders, and they are left in ``benchmarks/work/pack/runden-<time>/`` (removing them would
slow the next run, or the next benchmark that writes files).

Pack and unpack run with the CLI's garbage-collector setting (``no_collections``), as the
commands do (without, pack's time depends on how many objects the benchmark process
happens to hold: a full collection walks them all). The figures the issue's target is
about are ``faktor_cpu.pack`` and ``faktor_cpu.unpack`` (target: at most 2.0);
``unpack_zu_boden`` relates unpack to the least it must do (read and hash + check + write).

    python benchmarks/pack.py --steckbriefe 200 --modelle 50        # small (default)
    python benchmarks/pack.py --steckbriefe 2000 --modelle 500 --repeat 3  # the issue's size

Results go to ``benchmarks/results/pack-<time>.json``.

The generated register has findings (synthetic data), so it is packed with ``force``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
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
    least = floor_cpu + cpu["check"] + cpu["write"]
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
        # the least unpack must do: read and hash, check (parse floor), write (plainly)
        "unpack_boden_cpu_s": round(least, 4),
        "unpack_boden_faktor": round(least / floor_cpu, 2),
        "unpack_zu_boden": round(cpu["unpack"] / least, 2),
    }


#: measured round → its name in the report
_SHOWN = {"pack": "pack", "unpack": "unpack", "verify": "davon_paket_pruefen",
          "again": "unpack_ins_gleiche_register",
          "check": "boden_pruefen_lxml_und_yaml_composer",
          "write": "boden_dateien_anlegen_ohne_fsync"}


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


def _new_register(target: Path, root: Path) -> Path:
    target.mkdir()
    shutil.copy(root / "prozesskit.yaml", target / "prozesskit.yaml")
    return target


def _write_plainly(base: Path, contents: list[tuple[str, bytes]]) -> None:
    """The least writing the files costs: one mkdir per folder, create, write, close."""
    for folder in sorted({rel.rpartition("/")[0] for rel, _ in contents}):
        os.makedirs(base / folder)
    for rel, data in contents:
        fd = os.open(f"{base}/{rel}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        os.close(fd)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steckbriefe", type=int, default=200)
    parser.add_argument("--modelle", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=HERE / "work" / "pack")
    args = parser.parse_args(argv)

    from benchmarks.floor import bpmn_floor, yaml_floor
    from prozesskit.exchange import entpacken, paket
    from prozesskit.validation.engine import ValidateOptions, validate_register
    from prozesskit.validation.gctune import no_collections

    root = _register(args)
    validate_register(root, ValidateOptions())  # the memo, as after validate in CI
    paths = _files(root)
    # never removed here: see "Why nothing is deleted"
    scratch = args.work / f"runden-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}"
    scratch.mkdir()
    out = scratch / "paket.zip"  # each pack writes a new one; unpack reads the last
    made = itertools.count()

    def new_target() -> Path:
        return _new_register(scratch / f"ziel-{next(made)}", root)

    packages = itertools.count()

    def pack() -> None:
        # a new file every round: replacing the last round's package would free its
        # 35 MB inside the measured call (see "Why nothing is deleted")
        nonlocal out
        out = scratch / f"paket-{next(packages)}.zip"
        with no_collections():  # as the CLI runs it
            paket.pack(root, [], True, [], out, force=True)

    def unpack(target: Path) -> None:
        with no_collections():  # as the CLI runs it
            package = entpacken.read_package(out)
            entpacken.plan_unpack(package, target, with_errors=True).commit()

    def verify() -> None:
        entpacken.read_package(out)

    def check_floor() -> None:
        bpmn_floor(root, None)
        yaml_floor(root)

    contents = [(path.relative_to(root).as_posix(), path.read_bytes()) for path in paths]

    def write_floor() -> None:
        _write_plainly(scratch / f"schreiben-{next(made)}", contents)

    pack()  # warm: imports, page cache
    unpack(new_target())
    targets: list[Path] = []
    order: dict[str, Callable[[], object]] = {  # in turns, in this order, every round
        "floor": lambda: _floor(paths), "pack": pack, "floor2": lambda: _floor(paths),
        "unpack": lambda: unpack(targets[-1]), "verify": verify,
        "again": lambda: unpack(targets[-1]), "check": check_floor, "write": write_floor}
    rounds: dict[str, list[tuple[float, float]]] = {name: [] for name in order}
    for _ in range(args.repeat):
        targets.append(new_target())
        for name, work in order.items():
            rounds[name].append(_measured(work))
    _finish(_report(args, rounds, out))
    print(f"Die geschriebenen Register und Dateien bleiben in {scratch}: sie zu löschen "
          "verlangsamt hier (ext4 ohne Journal) das Anlegen von Dateien daneben für einige "
          "Minuten, also auch den nächsten Lauf. Löschen, wenn nicht mehr gemessen wird.")
    return 0


def _finish(report: dict[str, object]) -> None:
    """Print the report and the figures the target is about; keep it under results/."""
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()
    factors = report["faktor_cpu"]
    assert isinstance(factors, dict)
    for name in ("pack", "unpack"):
        print(f"{name}: {factors[name]}× Lesen und Hashen (CPU), Ziel höchstens 2×: "
              + ("erreicht" if factors[name] <= 2.0 else "VERFEHLT"))
    print(f"unpack muss mindestens lesen und hashen, prüfen und schreiben: "
          f"{report['unpack_boden_faktor']}× Lesen und Hashen (Prüfen "
          f"{factors['boden_pruefen_lxml_und_yaml_composer']}×, Anlegen "
          f"{factors['boden_dateien_anlegen_ohne_fsync']}×); unpack braucht das "
          f"{report['unpack_zu_boden']}-Fache davon")
    saved = HERE / "results" / f"pack-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json"
    saved.parent.mkdir(exist_ok=True)
    saved.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    raise SystemExit(main())
