"""How good are `prozesskit leika vorschlagen`'s proposals on the Blaupausen catalogue?

Usage: python tools/leika_vorschlag_eval.py [--liste] [--fehler] [--eingefroren | --einfrieren]
                                          [--teil tuning|heldout] [--kreuz K]

* Wiederfinden: every catalogue process with a LeiKa key, the key (and its variants)
  removed: is one of its keys proposed first / among the first three?
  (issue 16: ≥ 75 % / ≥ 90 %)
* Ohne Schlüssel: every catalogue process without a key (mostly from the product plans):
  a proposal above the default threshold counts as right only when a person judged it so
  (`richtig:` in tests/data/leika-vorschlag-faelle.yaml); an unjudged one counts as wrong
  (issue 16: at most 5 % wrong). `--liste` prints every proposal with its verdict.

Both are reported for the `tuning` and the `heldout` half (fixed by a hash of the process
id). Tune only on the tuning half: `--fehler` prints the tuning half's misses only.

Without option the live catalogue (blueprints/prozesse) is measured, with the judgements
of the case file; `--eingefroren` measures the frozen case file itself (what the test
pins); `--einfrieren` rewrites the case file from the live catalogue, keeping every
judgement (after the catalogue changed). `--teil tuning` measures one half only (while
tuning, so that the held-out half is not looked at).

`--kreuz K`: k-fold cross-validation of the learned rank model (prozesskit.leika.kreuz):
learned on K−1 folds of the cases (tuning and held-out, or only those of `--teil`),
measured on the remaining fold; prints each fold and the mean. The held-out half is worn
(looked at as a whole figure many times): for the learned ranker this is the honest figure.

Each half also shows candidate recall (is one of the keys among the first 20 / 50 /
all candidates of the search at all?): the ceiling of any ranking.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from prozesskit.leika.catalog import load_catalog
from prozesskit.leika.suggest_eval import (
    HELDOUT,
    PARTS,
    RECALL_AT,
    TUNING,
    Case,
    Figures,
    case_from_process,
    frozen_item,
    judgements,
    measure,
    read_cases,
)

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "leika-vorschlag-faelle.yaml"
HEADER = """\
# Fälle für `prozesskit leika vorschlagen` (tests/leika/test_leika_suggest_figures.py,
# tools/leika_vorschlag_eval.py): die Prozesse des Blaupausen-Katalogs, auf das gekürzt,
# was `vorschlagen` liest. Erzeugt mit `python tools/leika_vorschlag_eval.py --einfrieren`.
# `richtig:` (nur bei Prozessen ohne Schlüssel) sind von Hand beurteilte Vorschläge: richtig
# ist ein Schlüssel, dessen Leistungsobjekt der Prozess behandelt und dessen Verrichtung
# (falls genannt) nicht einer anderen Tätigkeit gilt; der bloße Objektschlüssel zählt als
# richtig, wenn das Objekt stimmt. Ein nicht beurteilter Vorschlag zählt als falsch.
# Quelle: blueprints/prozesse (dieses Repository), LeiKa 2019 (Bezeichnungen).
"""


def live_processes() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted((ROOT / "blueprints" / "prozesse").glob("*.yaml")):
        out.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return out


def freeze() -> int:
    judged = judgements(read_cases(CASES)) if CASES.exists() else {}
    items = [frozen_item(p, judged.get(str(p["id"]), ())) for p in live_processes()]
    body = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=100)
    tmp = CASES.with_suffix(".tmp")
    tmp.write_text(HEADER + body, encoding="utf-8")
    tmp.replace(CASES)
    print(f"{CASES.relative_to(ROOT)}: {len(items)} Fälle, "
          f"{sum(1 for i in items if 'richtig' in i)} mit Urteil")
    return 0


def main(argv: list[str]) -> int:
    if "--einfrieren" in argv:
        return freeze()
    catalog = load_catalog()
    cases = _cases(argv)
    parts = PARTS
    if "--teil" in argv:
        parts = (_value(argv, "--teil"),)
        if parts[0] not in PARTS:
            print(f"--teil: {' oder '.join(PARTS)}", file=sys.stderr)
            return 2
        cases = [case for case in cases if case.part in parts]
    if "--kreuz" in argv:
        return cross(catalog, cases, int(_value(argv, "--kreuz")))
    all_figures = []
    for part in parts:
        fig = measure(catalog, cases, part)
        all_figures.append(fig)
        _print_figures(fig)
    proposals = [p for fig in all_figures for p in fig.proposals]
    wrong = sum(p.verdict != "richtig" for p in proposals)
    print(f"{'alle':8} Vorschläge ohne Schlüssel {len(proposals)}, falsch/ungeprüft {wrong} "
          f"({wrong / max(1, len(proposals)):.0%}; Ziel ≤ 5 %)")
    if "--liste" in argv:
        for p in sorted(proposals, key=lambda p: p.case.id):
            print(f"  {p.verdict:9} {p.score:.2f}  {p.case.id}: {p.case.fields['name']}  →  "
                  f"{p.key} {p.bezeichnung}")
    if "--fehler" in argv:
        tuning = next((fig for fig in all_figures if fig.part == TUNING), None)
        for case, keys in tuning.misses if tuning else ():
            _print_miss(catalog, case, keys)
    if "--fehler-heldout" in argv:  # for the report only: do not tune on these
        held = next((fig for fig in all_figures if fig.part == HELDOUT), None)
        for case, keys in held.misses if held else ():
            _print_miss(catalog, case, keys)
    return 0


def _cases(argv: list[str]) -> list[Case]:
    if "--eingefroren" in argv:
        return read_cases(CASES)
    judged = judgements(read_cases(CASES)) if CASES.exists() else {}
    return [case_from_process(p, judged.get(str(p["id"]), ())) for p in live_processes()]


def _value(argv: list[str], option: str) -> str:
    at = argv.index(option) + 1
    if at >= len(argv):
        raise SystemExit(f"{option} braucht einen Wert")
    return argv[at]


def _print_figures(fig: Figures) -> None:
    recall = " ".join(f"@{cut} {n / max(1, fig.with_key):6.1%}"
                      for cut, n in zip((*RECALL_AT, "alle"), fig.recall, strict=True))
    print(f"{fig.part:10} Wiederfinden n={fig.with_key:3}  erster {fig.first:3} "
          f"({fig.first_share:6.1%})  unter den ersten drei {fig.top3:3} "
          f"({fig.top3_share:6.1%})   |   ohne Schlüssel n={fig.without_key:3}  "
          f"Vorschläge {len(fig.proposals):2}, davon falsch/ungeprüft {fig.wrong} "
          f"({fig.wrong_share:.0%})\n{'':10} Kandidaten enthalten einen Schlüssel: {recall}")


def cross(catalog: Any, cases: list[Case], folds: int) -> int:
    """Print each fold's figures, their mean and the sum over all folds."""
    from prozesskit.leika.kreuz import cross_validate

    if folds < 2:
        print("--kreuz: mindestens 2", file=sys.stderr)
        return 2
    figures = cross_validate(catalog, cases, folds)
    for fig in figures:
        _print_figures(fig)
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    print(f"Mittel über {folds} Teile: erster {mean([f.first_share for f in figures]):.1%}, "
          f"unter den ersten drei {mean([f.top3_share for f in figures]):.1%}, "
          f"falsche Vorschläge ohne Schlüssel {mean([f.wrong_share for f in figures]):.1%}")
    with_key = sum(f.with_key for f in figures)
    proposals = sum(len(f.proposals) for f in figures)
    print(f"Summe: erster {sum(f.first for f in figures)}/{with_key}, unter den ersten drei "
          f"{sum(f.top3 for f in figures)}/{with_key}, Vorschläge ohne Schlüssel {proposals}, "
          f"davon falsch/ungeprüft {sum(f.wrong for f in figures)}")
    return 0


def _print_miss(catalog: Any, case: Case, keys: tuple[str, ...]) -> None:
    shown = [f"{k} {catalog.get(k).bezeichnung[:40]}" for k in keys if catalog.get(k)]
    own = ", ".join(f"{k} {catalog.get(k).bezeichnung[:40] if catalog.get(k) else '?'}"
                    for k in sorted(case.keys))
    print(f"  ✗ {case.fields['name']} ({own}): {shown}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
