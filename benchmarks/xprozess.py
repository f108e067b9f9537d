"""Benchmark: XProzess 2.0 export (``pack --format xprozess``) of N processes with models.

Issue 18: the export of 500 processes with models under 3 s on this machine. Measured in
one process through the library (what the CLI calls): validation with the register's memo
warm (as after ``validate`` in CI; one untimed run first), ``Register.open``, the mapping
and XML writing with every model zipped and base64-encoded (``exportieren``), the atomic
write. Also the way back: reading the message into Steckbriefe and models
(``quelle.lesen``, every payload decoded with the package limits).

    python benchmarks/xprozess.py --prozesse 100          # small (default)
    python benchmarks/xprozess.py --prozesse 500          # the issue's size

The generated register has findings (synthetic data), so it is exported with ``force``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _timed(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prozesse", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--nachricht", default="0303")
    parser.add_argument("--work", type=Path, default=HERE / "work" / "xprozess")
    args = parser.parse_args(argv)

    from prozesskit.exchange.xprozess.quelle import lesen
    from prozesskit.exchange.xprozess.schreiben import exportieren, schreiben
    from prozesskit.register.view import Register
    from prozesskit.validation.engine import ValidateOptions, validate_register

    root = args.work / f"register-{args.prozesse}"
    if not root.exists():
        from benchmarks.generate import main as generate

        generate(["--steckbriefe", str(args.prozesse), "--modelle", str(args.prozesse),
                  "--out", str(root), "--no-git"])
    validate_register(root, ValidateOptions())  # the memo, as after validate in CI
    out = args.work / "export.xml"
    sizes: dict[str, int] = {}

    def export() -> None:
        result = validate_register(root, ValidateOptions())
        register = Register.open(root)
        done = exportieren(register, register.steckbriefe, result.problems,
                           nachricht=args.nachricht, force=True)
        schreiben(done, out)
        sizes.update(prozesse=done.prozesse, modelle=done.modelle, bytes=len(done.xml))

    seconds = _timed(export, args.repeat)
    back = _timed(lambda: lesen(out), args.repeat)
    print(json.dumps({"prozesse": sizes["prozesse"], "modelle": sizes["modelle"],
                      "bytes": sizes["bytes"], "export_s": round(seconds, 3),
                      "import_lesen_s": round(back, 3), "ziel_export_s": 3.0,
                      "erreicht": seconds < 3.0}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
