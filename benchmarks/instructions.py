"""Count the instructions a command executes (valgrind's callgrind), for A/B comparisons
on a loaded machine.

Wall and CPU time of a 0.3 s command swing by ±15 % on the shared 2-CPU project machine;
the instruction count of the same run is repeatable to a fraction of a percent, whatever
else runs. It is no time (memory stalls, syscalls and child processes such as git are not
in it), so it decides between two versions of the code, and the time is measured once on a
quiet machine (``run.py``).

    python benchmarks/instructions.py [--setup 'SHELL'] [--repeat N] -- CMD [ARG…]

``--setup`` runs before every repetition (e.g. an edit that makes the next run a patch
run). Prints one count per run and the median, in millions of instructions.

Under valgrind a run is ~50 times slower, so it starts more than 2 s after the edit in
``--setup`` and rewrites the memo (prozesskit.validation.runcache.RACY_NS), which the
timed run right after the edit does not (+0.35 G on 2,000 + 500): to count what
``run.py`` times, let the setup push the edited file's mtime a minute ahead.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence

_COLLECTED = re.compile(r"Collected : (\d+)")


def count(command: Sequence[str]) -> int:
    """Instructions of ``command``'s own process (children are not traced)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True, text=True, check=False)
    found = _COLLECTED.findall(done.stderr)
    if not found:
        raise SystemExit(f"valgrind lieferte keine Zählung:\n{done.stderr[-2000:]}")
    return int(found[0])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", default=None, help="Shell-Befehl vor jedem Lauf")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = [c for c in args.command if c != "--"] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("Befehl fehlt (nach --)")
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind fehlt (Debian: apt-get install valgrind)")
    counts = []
    for _ in range(args.repeat):
        if args.setup:
            subprocess.run(args.setup, shell=True, check=True)
        counts.append(count(command))
        print(f"{counts[-1] / 1e6:,.1f} Mio.", flush=True)
    print(f"Median: {statistics.median(counts) / 1e6:,.1f} Mio. Instruktionen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
