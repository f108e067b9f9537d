"""prozesskit's model diff over all pairs of a pair list, in one process (the benchmark's
Python side; ``bpmn_diff_differ.mjs`` is the same loop with bpmn-js-differ).

    python benchmarks/bpmn_diff_ours.py PAIRS.json

Prints one JSON line: the time of the loop (reading, parsing and diffing every pair) and
what was found, so the runner can check that both tools saw differences.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from prozesskit.diff.bpmn import diff_models


def main(pairs_file: str) -> int:
    pairs = json.loads(Path(pairs_file).read_text(encoding="utf-8"))["pairs"]
    start = time.perf_counter()
    with_differences = elements = 0
    unchanged: list[int] = []
    for i, pair in enumerate(pairs):
        old, new = pair["old"], pair["new"]
        with open(old, "rb") as a, open(new, "rb") as b:
            result = diff_models(a.read(), b.read(), old_file=old, new_file=new)
        if result.has_differences:
            with_differences += 1
        else:
            unchanged.append(i)
        elements += sum(result.summary().values())
    work = time.perf_counter() - start
    print(json.dumps({"pairs": len(pairs), "work_s": work, "with_differences": with_differences,
                      "elements": elements, "unchanged": unchanged}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
