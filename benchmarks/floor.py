"""The parse floor: the least any validator of the register must do, in one Python process.

    python benchmarks/floor.py REGISTER XSD

Compiles the BPMN 2.0 XSD once, parses every ``modelle/*.bpmn`` with lxml (no entities, no
network) and validates it, and composes every ``steckbriefe/*.yaml`` with PyYAML's C loader.
Only this work is timed inside the process (imports and start-up are measured separately by
the runner); prints one JSON object.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import yaml
from lxml import etree


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def bpmn_floor(root: Path, xsd: Path | None) -> dict[str, int]:
    """Parse (and with ``xsd``, validate) every model; without ``xsd`` the parse alone,
    what ``unpack`` must do at the least to validate the models it takes in."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    schema = etree.XMLSchema(etree.parse(str(xsd), parser)) if xsd is not None else None
    models = valid = 0
    for path in sorted((root / "modelle").glob("*.bpmn")):
        tree = etree.parse(str(path), parser)
        models += 1
        valid += bool(schema is not None and schema.validate(tree))
    return {"models": models, "models_xsd_valid": valid}


def yaml_floor(root: Path) -> dict[str, int]:
    files = 0
    for path in sorted((root / "steckbriefe").glob("*.yaml")):
        with path.open("rb") as fh:
            yaml.compose(fh, Loader=yaml.CSafeLoader)
        files += 1
    return {"yaml_files": files}


def main(argv: list[str]) -> int:
    root, xsd = Path(argv[1]), Path(argv[2])
    wall0, cpu0 = _clock()
    counts = bpmn_floor(root, xsd)
    wall1, _ = _clock()
    counts |= yaml_floor(root)
    wall2, cpu2 = _clock()
    print(json.dumps({
        "work_wall_s": wall2 - wall0, "work_cpu_s": cpu2 - cpu0,
        "bpmn_wall_s": wall1 - wall0, "yaml_wall_s": wall2 - wall1, **counts,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
