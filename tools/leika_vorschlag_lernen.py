"""Learn the rank model of `prozesskit leika vorschlagen` from the tuning half of the cases.

Usage: python tools/leika_vorschlag_lernen.py [--pruefen]

Reads tests/data/leika-vorschlag-faelle.yaml (frozen by tools/leika_vorschlag_eval.py
--einfrieren), takes ONLY the processes of the tuning half (the held-out half stays for
checking) and fits the logistic regression of prozesskit.leika.rangfolge: one row per
candidate, right = one of the process's keys (with key) or a proposal a person judged
right (without key); each case as frozen and once more without OZG and Rechtsgrundlagen
(see prozesskit.leika.lernen.NAME_ONLY_WITHOUT).

Writes src/prozesskit/data/leika-vorschlag-modell.json; `--pruefen` only compares
(exit 1 when the file differs from what the cases teach).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from prozesskit.leika.lernen import MODEL_PATH, learn_from_cases
from prozesskit.leika.rangfolge import model_from_json, model_to_json

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "leika-vorschlag-faelle.yaml"


def main(argv: list[str]) -> int:
    model = learn_from_cases(CASES)
    text = json.dumps(model_to_json(model), indent=1) + "\n"
    if "--pruefen" in argv:
        stored = model_from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
        same = stored.close_to(model)
        print("gleich" if same else f"{MODEL_PATH} weicht ab: neu lernen")
        return 0 if same else 1
    tmp = MODEL_PATH.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(MODEL_PATH)
    print(f"{MODEL_PATH.relative_to(ROOT)} geschrieben")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
