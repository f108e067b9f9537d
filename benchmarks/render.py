"""Benchmark: ``prozesskit render`` (BPMN → SVG) against lxml's parse of the same models.

    python benchmarks/render.py                    # the 500 benchmark models, 3 rounds
    python benchmarks/render.py --modelle 100 --repeat 3

The models are the register benchmark's: copies of the OMG MIWG reference models with
unique ids (``bpmn_copy.py``), written once into ``benchmarks/work/render-<N>/``
(git-ignored). All bytes are read into memory first; then, per round and in one process,
the floor (``lxml.etree.fromstring`` with the safe parser settings, every model) and the
renderer (:func:`prozesskit.render.render_model`: safe parse, DI, every diagram to SVG
text) take turns. Reported: the median CPU time of each and the ratio; the issue's target
is a ratio of at most 4. Results go to ``benchmarks/results/render-<time>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bpmn_copy import copy_model

HERE = Path(__file__).resolve().parent
MIWG = HERE.parent / "tests" / "data" / "corpus" / "bpmn" / "miwg-reference"
TARGET = 4.0


def models(count: int, folder: Path) -> list[Path]:
    sources = [p.read_bytes() for p in sorted(MIWG.glob("*.bpmn"))]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        out = folder / f"m{i:05d}.bpmn"
        if not out.exists():
            copy_model(sources[i % len(sources)], f"m{i:05d}_", out)
        paths.append(out)
    return paths


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--modelle", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from prozesskit.render import render_model

    raws = [p.read_bytes() for p in models(args.modelle, HERE / "work" / f"render-{args.modelle}")]
    lxml_parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                  huge_tree=False, collect_ids=False)
    svgs = sum(len(render_model(raw, "m.bpmn")) for raw in raws)  # warm-up, and the count

    def floor() -> None:
        for raw in raws:
            etree.fromstring(raw, lxml_parser)

    def render() -> None:
        for raw in raws:
            render_model(raw, "m.bpmn")

    floors, renders = [], []
    for _ in range(args.repeat):
        floors.append(_cpu(floor))
        renders.append(_cpu(render))
    f, r = statistics.median(floors), statistics.median(renders)
    ratio = r / f if f else float("inf")
    result = {
        "modelle": len(raws), "svgs": svgs, "bytes": sum(map(len, raws)),
        "repeat": args.repeat, "lxml_parse_cpu_s": f, "render_cpu_s": r,
        "ratio": ratio, "target": TARGET, "python": platform.python_version(),
        "lxml": etree.__version__,
    }
    print(f"{len(raws)} Modelle ({result['bytes'] / 1e6:.1f} MB), {svgs} SVGs, "
          f"Median aus {args.repeat} Runden (CPU):")
    print("| | CPU | Verhältnis |\n|---|---:|---:|")
    print(f"| lxml-Parse (Untergrenze) | {f * 1000:.0f} ms | 1,0× |")
    print(f"| prozesskit render | {r * 1000:.0f} ms | {ratio:.1f}× |".replace(".", ","))
    print(f"Ziel: höchstens {TARGET:.0f}×: {'erreicht' if ratio <= TARGET else 'VERFEHLT'}")
    out = HERE / "results" / f"render-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
