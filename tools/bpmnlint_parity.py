"""Parity of the ported rules with bpmnlint: on its own fixtures, and on any folder of models.

    PYTHONPATH=src python tools/bpmnlint_parity.py [fixtures [DIR]]
        bpmnlint's rule-test fixtures with their expected reports (default:
        tests/data/bpmnlint, recorded with the newest bpmnlint 11.x): agreement per rule.

    PYTHONPATH=src python tools/bpmnlint_parity.py aktualisieren --bpmnlint NODE_MODULES [DIR]
        re-makes DIR/manifest.json (default tests/data/bpmnlint) with the bpmnlint installed
        there: its version, its ``recommended`` configuration and, for every entry, what it
        reports on the fixture with only the entry's rule (and options) on. New fixtures are
        copied into DIR and added to the manifest's entries by hand first.

    PYTHONPATH=src python tools/bpmnlint_parity.py korpus DIR... --bpmnlint NODE_MODULES
        runs the real bpmnlint (``bpmnlint:recommended``, read as its CLI reads) over every
        *.bpmn/*.xml below DIR and our ports of the same rules, and compares the reports
        (rule, element id) on the files both read. NODE_MODULES is a folder where
        ``npm install bpmnlint@11`` was run (outside the repository), e.g.
        ``/tmp/bpmnlint/node_modules``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from prozesskit.bpmn.model import index_model
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.rules.bpmn import BY_BPMNLINT
from prozesskit.rules.bpmn._parity import DEFAULT_CORPUS, options_for, run_all, summary
from prozesskit.rules.context import RuleContext

LINT_SCRIPT = Path(__file__).with_name("bpmnlint_lint.cjs")


def fixtures(corpus: Path) -> int:
    results = run_all(corpus)
    for line in summary(results):
        print(line)
    return 0 if all(r.agrees for r in results) else 1


def run_bpmnlint(files: list[Path], node_modules: Path) -> tuple[str, list[dict[str, Any]]]:
    env = dict(os.environ, NODE_PATH=str(node_modules))
    version = str(node_json("require('bpmnlint/package.json').version", node_modules))
    jobs = [{"file": str(f), "config": {"extends": "bpmnlint:recommended"}} for f in files]
    done = subprocess.run(["node", str(LINT_SCRIPT)], input=json.dumps(jobs),
                          capture_output=True, text=True, env=env, check=True)
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return version, results


def theirs(result: dict[str, Any]) -> Counter[tuple[str, str]]:
    """Rule reports (not bpmnlint's own rule crashes) as (rule, element id)."""
    return Counter((rule, str(report.get("id")))
                   for rule, reports in result["reports"].items()
                   for report in reports if report.get("category") != "rule-error")


def ours(path: Path, rules: list[str]) -> tuple[Counter[tuple[str, str]] | None, bool]:
    parsed, _ = parse_bpmn(path.read_bytes(), path.name)
    if parsed is None:
        return None, False
    model = index_model(parsed.root, path.name)
    found: Counter[tuple[str, str]] = Counter()
    for rule in rules:
        module = BY_BPMNLINT[rule]
        for finding in module.check(model, options_for(module, None), RuleContext()):
            found[(rule, str(finding.element))] += 1
    return found, parsed.repaired


def korpus(folders: list[Path], node_modules: Path, details: Path | None) -> int:
    files = sorted(p for folder in folders for p in folder.rglob("*")
                   if p.suffix in (".bpmn", ".xml") and p.is_file())
    version, results = run_bpmnlint(files, node_modules)
    recommended = node_json("require('bpmnlint/config/recommended').rules", node_modules)
    rules = sorted(rule for rule, level in recommended.items() if level != "off")
    both = repaired = only_bpmnlint = only_ours = 0
    matched = total = 0
    rows: list[dict[str, Any]] = []
    for path, result in zip(files, results, strict=True):
        read_by_bpmnlint = "parse_error" not in result
        found, was_repaired = ours(path, rules)
        if found is None or not read_by_bpmnlint:
            only_bpmnlint += read_by_bpmnlint and found is None
            only_ours += found is not None and not read_by_bpmnlint
            continue
        both += 1
        repaired += was_repaired
        expected = theirs(result)
        agree = sum((found & expected).values())
        matched += agree
        total += sum((found | expected).values())
        if found != expected:
            rows.append({"file": str(path), "repaired": was_repaired,
                         "only_bpmnlint": sorted((expected - found).elements()),
                         "only_prozesskit": sorted((found - expected).elements())})
    share = 100 * matched / total if total else 100.0
    print(f"bpmnlint {version} (recommended, {len(rules)} Regeln) gegen prozesskit: "
          f"{len(files)} Modelle")
    print(f"Von beiden gelesen: {both} (davon {repaired} nur aus reparierter Lesung); "
          f"nur von bpmnlint: {only_bpmnlint}; nur von prozesskit: {only_ours}")
    percent = f"{share:.2f}".replace(".", ",")
    print(f"Übereinstimmende Meldungen: {matched} von {total} ({percent} %)")
    print(f"Modelle mit abweichenden Meldungen: {len(rows)}")
    if details is not None:
        details.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return 0


def node_json(script: str, node_modules: Path) -> Any:
    env = dict(os.environ, NODE_PATH=str(node_modules))
    done = subprocess.run(["node", "-e", f"process.stdout.write(JSON.stringify({script}))"],
                          capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


def aktualisieren(corpus: Path, node_modules: Path) -> int:
    path = corpus / "manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    entries = manifest["entries"]
    jobs = [{"file": str(corpus / e["fixture"]), "rule": e["rule"], "options": e.get("config")}
            for e in entries]
    env = dict(os.environ, NODE_PATH=str(node_modules))
    done = subprocess.run(["node", str(LINT_SCRIPT)], input=json.dumps(jobs),
                          capture_output=True, text=True, env=env, check=True)
    for entry, result in zip(entries, json.loads(done.stdout), strict=True):
        reports = result.get("reports", {}).get(entry["rule"], [])
        entry["bpmnlint_reports"] = [{"id": r.get("id"), "message": r["message"]}
                                     for r in reports]
    manifest["bpmnlint"] = node_json("require('bpmnlint/package.json').version", node_modules)
    manifest["recommended"] = node_json("require('bpmnlint/config/recommended').rules",
                                        node_modules)
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"manifest.json: bpmnlint {manifest['bpmnlint']}, {len(entries)} Fixtures")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in ("fixtures", "korpus", "aktualisieren"):
        return fixtures(Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS)
    parser = argparse.ArgumentParser(prog="bpmnlint_parity.py")
    sub = parser.add_subparsers(dest="command", required=True)
    fix = sub.add_parser("fixtures")
    fix.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    upd = sub.add_parser("aktualisieren")
    upd.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    upd.add_argument("--bpmnlint", type=Path, required=True, help="node_modules mit bpmnlint")
    kor = sub.add_parser("korpus")
    kor.add_argument("folders", nargs="+", type=Path)
    kor.add_argument("--bpmnlint", type=Path, required=True, help="node_modules mit bpmnlint")
    kor.add_argument("--json", type=Path, help="Abweichungen je Modell in diese Datei")
    args = parser.parse_args(argv[1:])
    if args.command == "fixtures":
        return fixtures(args.corpus)
    if args.command == "aktualisieren":
        return aktualisieren(args.corpus, args.bpmnlint)
    return korpus(args.folders, args.bpmnlint, args.json)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
