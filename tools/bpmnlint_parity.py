"""Print how many of bpmnlint's own fixtures our ported rules agree on, per rule and overall.

    PYTHONPATH=src python tools/bpmnlint_parity.py [CORPUS_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from prozesskit.rules.bpmn._parity import DEFAULT_CORPUS, run_all, summary


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    results = run_all(corpus)
    for line in summary(results):
        print(line)
    return 0 if all(r.agrees for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
