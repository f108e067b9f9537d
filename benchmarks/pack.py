"""Benchmark: ``pack`` and ``unpack`` against reading and hashing the same files.

Issue 18: pack of 2,000 Steckbriefe + 500 models and unpack of that package each within
2x the time to read and hash the same files. Measured in one process through the library
(what the CLI calls), so that Python's start-up does not hide the work:

- floor: open, read and sha256 every Steckbrief and model of the register;
- pack: validation (the register's memo warm, as after ``validate`` in CI; one untimed
  run first), ``Register.open`` (read, hash, YAML through the C composer), plan, write;
- unpack: verify the package (every check of ``read_package``), the content checks
  (schema, BPMN parse) and the write plan into a fresh register.

    python benchmarks/pack.py --steckbriefe 200 --modelle 50        # small (default)
    python benchmarks/pack.py --steckbriefe 2000 --modelle 500      # the issue's size

The generated register has findings (synthetic data), so it is packed with ``force``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _timed(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _floor(root: Path) -> None:
    for folder in ("steckbriefe", "modelle"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steckbriefe", type=int, default=200)
    parser.add_argument("--modelle", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "work" / "pack")
    args = parser.parse_args(argv)

    from prozesskit.exchange import entpacken, paket
    from prozesskit.register.view import Register
    from prozesskit.validation.engine import ValidateOptions, validate_register

    root = args.work / f"register-{args.steckbriefe}-{args.modelle}"
    if not root.exists():
        from benchmarks.generate import main as generate

        generate(["--steckbriefe", str(args.steckbriefe), "--modelle", str(args.modelle),
                  "--out", str(root), "--no-git"])
    validate_register(root, ValidateOptions())  # the memo, as after validate in CI
    out = args.work / "paket.zip"
    phases: dict[str, list[float]] = {"validate": [], "open": [], "plan": [], "write": []}

    def pack() -> None:
        marks = [time.perf_counter()]
        result = validate_register(root, ValidateOptions())
        marks.append(time.perf_counter())
        register = Register.open(root)
        chosen = paket.select(register, [], True, [])
        marks.append(time.perf_counter())
        planned = paket.plan(register, chosen, result.problems, force=True)
        marks.append(time.perf_counter())
        paket.write(planned, out)
        marks.append(time.perf_counter())
        for name, (a, b) in zip(phases, pairwise(marks), strict=True):
            phases[name].append(b - a)

    target = args.work / "ziel"

    def unpack() -> None:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        shutil.copy(root / "prozesskit.yaml", target / "prozesskit.yaml")
        package = entpacken.read_package(out)
        entpacken.plan_unpack(package, target, with_errors=True).commit()

    floor = _timed(lambda: _floor(root), args.repeat)
    packed = _timed(pack, args.repeat)
    unpacked = _timed(unpack, args.repeat)
    verify = _timed(lambda: entpacken.read_package(out), args.repeat)
    report = {
        "steckbriefe": args.steckbriefe, "modelle": args.modelle,
        "paket_bytes": out.stat().st_size,
        "lesen_und_hashen_s": round(floor, 4),
        "pack_s": round(packed, 4), "pack_faktor": round(packed / floor, 2),
        "pack_phasen_s": {k: round(statistics.median(v), 4) for k, v in phases.items()},
        "unpack_s": round(unpacked, 4), "unpack_faktor": round(unpacked / floor, 2),
        "davon_pruefen_s": round(verify, 4),
        "pruefen_faktor": round(verify / floor, 2),
    }
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    raise SystemExit(main())
