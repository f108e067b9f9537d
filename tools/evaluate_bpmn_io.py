"""Evaluate the PyPI package ``bpmn-io`` (pure-Python bpmn-moddle + bpmnlint) against our rules.

bpmn-io is never installed into the project venv. Prepare a throwaway venv::

    pip download --no-deps bpmn-io==0.2.2 -d /tmp/bpmnio
    python3 -m venv /tmp/bpmnio-venv
    /tmp/bpmnio-venv/bin/pip install --no-deps /tmp/bpmnio/bpmn_io-0.2.2-py3-none-any.whl

Then, from the worktree::

    PYTHONPATH=src python tools/evaluate_bpmn_io.py --bpmnio-python /tmp/bpmnio-venv/bin/python

Every bpmn-io measurement runs in a subprocess of the throwaway interpreter with a timeout
and an address-space limit (hostile inputs must not take the evaluation down). A local HTTP
server stands in for "the network" and records whether a parser fetches the external DTD.
Prints a JSON document with all numbers (used for docs/bpmn-io-evaluation.md).
"""

from __future__ import annotations

import argparse
import http.server
import json
import re
import resource
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
DATA = Path(__file__).resolve().parents[1] / "tests" / "data"  # licences: tests/data/README.md
BPMNLINT_CORPUS = DATA / "bpmnlint"
MIWG = DATA / "corpus/bpmn/miwg-reference"
TIMEOUT_S = int(__import__('os').environ.get('BPMNIO_EVAL_TIMEOUT', '120'))
MEMORY_LIMIT = 2 * 1024 ** 3

BPMN_HEAD = ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
             'id="D" targetNamespace="urn:x">')


def js_object(text: str) -> Any:
    converted = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', text.replace("'", '"'))
    return json.loads(converted)


# --- worker side: runs inside the bpmn-io venv, imports only bpmn_io and the stdlib ------------

def _linter(rules: dict[str, Any]) -> Any:
    from bpmn_io.lint import Linter
    from bpmn_io.lint.resolver import NodeResolver

    return Linter(config={"rules": rules}, resolver=NodeResolver())


def _parse(xml: str) -> Any:
    from bpmn_io import BpmnModdle

    return BpmnModdle().from_xml(xml)


def _manifest_entries(corpus: Path) -> list[dict[str, Any]]:
    """tests/data/bpmnlint/manifest.json: its entries, with the reports of the bpmnlint
    version it names (``bpmnlint_reports``; the result keys still say 11_13)."""
    data = json.loads((corpus / "manifest.json").read_text("utf-8"))
    entries: list[dict[str, Any]] = data["entries"]
    return entries


def worker_parity(corpus: str) -> dict[str, Any]:
    root = Path(corpus)
    out = []
    for entry in _manifest_entries(root):
        xml = (root / entry["fixture"]).read_text("utf-8")
        value: Any = "error"
        if entry.get("config"):
            value = ["error", js_object(entry["config"])]
        record: dict[str, Any] = {"rule": entry["rule"], "fixture": entry["fixture"],
                                  "expect": entry["expect"]}
        try:
            parsed = _parse(xml)
            reports = _linter({entry["rule"]: value}).lint(parsed.root_element)
            record["ids"] = [r.get("id") for r in reports.get(entry["rule"], [])]
            record["warnings"] = len(parsed.warnings)
        except Exception as exc:
            record["exception"] = f"{type(exc).__name__}: {exc}"[:200]
        out.append(record)
    return {"entries": out}


def worker_hostile(path: str) -> dict[str, Any]:
    xml = Path(path).read_text("utf-8")
    result: dict[str, Any] = {"parsed": False}
    start = time.perf_counter()
    try:
        parsed = _parse(xml)
        result["parse_s"] = round(time.perf_counter() - start, 3)
        result["parsed"] = True
        result["warnings"] = [str(getattr(w, "message", w))[:120] for w in parsed.warnings][:3]
        task = parsed.elements_by_id.get("T")
        texts = json.dumps([getattr(task, "name", None)] + [
            getattr(doc, "text", None) for doc in (getattr(task, "documentation", None) or [])],
            default=str)
        result["task_name_and_doc"] = texts[:120]
        result["passwd_leaked"] = "root:" in texts
        t1 = time.perf_counter()
        reports = _linter(_recommended()).lint(parsed.root_element)
        result["lint_s"] = round(time.perf_counter() - t1, 3)
        result["lint_reports"] = sum(len(v) for v in reports.values())
    except Exception as exc:
        result["exception"] = f"{type(exc).__name__}: {exc}"[:200]
    result["seconds"] = round(time.perf_counter() - start, 3)
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def _recommended() -> dict[str, Any]:
    from bpmn_io.lint.config.recommended import CONFIG  # type: ignore[import-not-found]

    rules: dict[str, Any] = CONFIG["rules"]
    return rules


def worker_speed(folder: str) -> dict[str, Any]:
    files = sorted(Path(folder).glob("*.bpmn"))
    parse_s = lint_s = 0.0
    per_file = {}
    linter = _linter(_recommended())
    for file in files:
        xml = file.read_text("utf-8")
        t0 = time.perf_counter()
        parsed = _parse(xml)
        t1 = time.perf_counter()
        reports = linter.lint(parsed.root_element)
        t2 = time.perf_counter()
        parse_s += t1 - t0
        lint_s += t2 - t1
        per_file[file.name] = sum(len(v) for v in reports.values())
    return {"files": len(files), "parse_s": round(parse_s, 3), "lint_s": round(lint_s, 3),
            "reports": per_file}


def worker_ids(folder: str) -> dict[str, Any]:
    """Reported element ids per model and rule, every bpmnlint rule switched on."""
    from bpmn_io.lint.config.all import CONFIG  # type: ignore[import-not-found]

    rules = dict.fromkeys(CONFIG["rules"], "error")
    out = {}
    for file in sorted(Path(folder).glob("*.bpmn")):
        root = _parse(file.read_text("utf-8")).root_element
        reports = _linter(rules).lint(root)
        out[file.name] = {k: sorted(str(r.get("id")) for r in v) for k, v in reports.items()}
    return out


WORKERS = {"parity": worker_parity, "hostile": worker_hostile, "speed": worker_speed,
           "ids": worker_ids}


# --- driver side: runs in the project venv -------------------------------------------------

def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_worker(python: str, task: str, arg: str) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        proc = subprocess.run([python, str(HERE), "--worker", task, arg], capture_output=True,
                              text=True, timeout=TIMEOUT_S, preexec_fn=_limit, check=False)
    except subprocess.TimeoutExpired:
        return {"outcome": f"timeout after {TIMEOUT_S}s"}
    wall = round(time.perf_counter() - start, 3)
    if proc.returncode != 0:
        return {"outcome": f"crashed rc={proc.returncode}", "wall_s": wall,
                "stderr": proc.stderr[-400:]}
    data: dict[str, Any] = json.loads(proc.stdout)
    data["wall_s"] = wall
    return data


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - shared on purpose

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        body = b'<!ENTITY % x SYSTEM "file:///etc/passwd">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def hostile_inputs(folder: Path, port: int, elements: int) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    lol = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)]
    body = '<process id="P"><task id="T" name="&lol9;"/></process></definitions>'
    files = {
        "billion_laughs": f'<?xml version="1.0"?>\n<!DOCTYPE d [\n{chr(10).join(lol)}\n]>\n'
                          f'{BPMN_HEAD}{body}',
        "xxe_file": '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM '
                    f'"file:///etc/passwd">]>\n{BPMN_HEAD}<process id="P"><task id="T" '
                    'name="&xxe;"><documentation>&xxe;</documentation></task></process>'
                    '</definitions>',
        "external_dtd": f'<?xml version="1.0"?>\n<!DOCTYPE d SYSTEM "http://127.0.0.1:{port}/'
                        f'evil.dtd">\n{BPMN_HEAD}<process id="P"><task id="T"/></process>'
                        '</definitions>',
        f"elements_{elements // 1000}k": BPMN_HEAD + '<process id="P"><startEvent id="S"/>'
        + "".join(
            f'<task id="T{i}" name="Aufgabe {i}"><incoming>F{i}</incoming>'
            f'<outgoing>F{i + 1}</outgoing></task>'
            f'<sequenceFlow id="F{i}" sourceRef="{"S" if i == 0 else f"T{i - 1}"}" '
            f'targetRef="T{i}"/>' for i in range(elements // 4)) + "</process></definitions>",
    }
    paths = {}
    for name, text in files.items():
        path = folder / f"{name}.bpmn"
        path.write_text(text, "utf-8")
        paths[name] = path
    return paths


def ours_hostile(path: Path) -> dict[str, Any]:
    from prozesskit.bpmn.model import index_model
    from prozesskit.bpmn.parse import parse_bpmn
    from prozesskit.rules.bpmn import BPMN_RULE_MODULES
    from prozesskit.rules.context import RuleContext

    start = time.perf_counter()
    parsed, problems = parse_bpmn(path.read_bytes(), path.name)
    result: dict[str, Any] = {"parsed": parsed is not None,
                              "problems": [p.message[:120] for p in problems]}
    if parsed is not None:
        model = index_model(parsed.root, path.name)
        result["findings"] = sum(len(list(m.check(model, _opts(m), RuleContext())))
                                 for m in BPMN_RULE_MODULES if "empfohlen" in m.PROFILES)
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


def _opts(module: Any) -> Any:
    cls = getattr(module, "Options", None)
    return cls() if cls else None


def ours_speed(folder: Path) -> dict[str, Any]:
    from prozesskit.bpmn.model import index_model
    from prozesskit.bpmn.parse import parse_bpmn
    from prozesskit.rules.bpmn import BPMN_RULE_MODULES
    from prozesskit.rules.context import RuleContext

    files = sorted(folder.glob("*.bpmn"))
    parse_s = 0.0
    per_rule: Counter[str] = Counter()
    ctx = RuleContext()
    for file in files:
        t0 = time.perf_counter()
        parsed, _ = parse_bpmn(file.read_bytes(), file.name)
        assert parsed is not None
        model = index_model(parsed.root, file.name)
        parse_s += time.perf_counter() - t0
        for module in BPMN_RULE_MODULES:
            t1 = time.perf_counter()
            list(module.check(model, _opts(module), ctx))
            per_rule[module.CODE] += time.perf_counter() - t1  # type: ignore[assignment]
    n = len(files)
    rules_s = sum(per_rule.values())
    return {"files": n, "parse_index_s": round(parse_s, 4), "all_rules_s": round(rules_s, 4),
            "mean_ms_per_rule_per_model": round(rules_s / len(BPMN_RULE_MODULES) / n * 1000, 4),
            "slowest_rule_ms_per_model": {code: round(s / n * 1000, 4)
                                          for code, s in per_rule.most_common(3)}}


def compare_ids(python: str, folder: Path) -> dict[str, Any]:
    """Our findings vs bpmn-io's reports, per model and rule (all 27 rules)."""
    from prozesskit.bpmn.model import index_model
    from prozesskit.bpmn.parse import parse_bpmn
    from prozesskit.rules.bpmn import BY_BPMNLINT
    from prozesskit.rules.context import RuleContext

    theirs = run_worker(python, "ids", str(folder))
    pairs = 0
    differ: list[str] = []
    for file in sorted(folder.glob("*.bpmn")):
        parsed, _ = parse_bpmn(file.read_bytes(), file.name)
        if parsed is None:
            differ.append(f"{file.name}: von uns abgelehnt")
            continue
        model = index_model(parsed.root, file.name)
        for rule, module in BY_BPMNLINT.items():
            pairs += 1
            ours = sorted(str(f.element) for f in module.check(model, _opts(module),
                                                               RuleContext()))
            if ours != theirs.get(file.name, {}).get(rule, []):
                differ.append(f"{file.name} {rule}")
    return {"models": len(list(folder.glob("*.bpmn"))), "rule_model_pairs": pairs,
            "identical": pairs - len(differ), "differences": differ}


def parity_table(data: dict[str, Any], corpus: Path) -> dict[str, Any]:
    manifest = _manifest_entries(corpus)
    agree = agree_11_13 = exceptions = 0
    misses: list[dict[str, Any]] = []
    for entry, got in zip(manifest, data["entries"], strict=True):
        if "exception" in got:
            exceptions += 1
            misses.append({"fixture": entry["fixture"], "rule": entry["rule"],
                           "exception": got["exception"]})
            continue
        ids = Counter(got["ids"])
        if ids == Counter(r["id"] for r in entry["reports"]):
            agree += 1
        else:
            misses.append({"fixture": entry["fixture"], "rule": entry["rule"],
                           "expected": sorted(r["id"] for r in entry["reports"]),
                           "got": sorted(map(str, got["ids"]))})
        ref = entry.get("bpmnlint_reports")
        if ref is not None and ids == Counter(r["id"] for r in ref):
            agree_11_13 += 1
    return {"entries": len(manifest), "agree_with_manifest": agree,
            "agree_with_bpmnlint_11_13": agree_11_13,
            "with_bpmnlint_11_13_reference": sum(
                1 for e in manifest if e.get("bpmnlint_reports") is not None),
            "exceptions": exceptions, "misses": misses}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", nargs=2)
    parser.add_argument("--bpmnio-python", default="/tmp/bpmnio-venv/bin/python")
    parser.add_argument("--scratch", default="/tmp/bpmnio-eval")
    parser.add_argument("--elements", type=int, default=100_000,
                        help="XML elements of the large synthetic model")
    parser.add_argument("--extra-models", help="folder of further *.bpmn to compare ids on")
    parser.add_argument("--only", help="comma-separated hostile inputs; skips parity/speed")
    args = parser.parse_args()
    if args.worker:
        task, arg = args.worker
        print(json.dumps(WORKERS[task](arg)))
        return 0

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    report: dict[str, Any] = {}
    if not args.only:
        report["parity"] = parity_table(
            run_worker(args.bpmnio_python, "parity", str(BPMNLINT_CORPUS)), BPMNLINT_CORPUS)
    hostile = {}
    only = set(args.only.split(",")) if args.only else None
    for name, path in hostile_inputs(Path(args.scratch), port, args.elements).items():
        if only and name not in only:
            continue
        hostile[name] = {"bpmn_io": run_worker(args.bpmnio_python, "hostile", str(path)),
                         "prozesskit": ours_hostile(path)}
    report["hostile"] = hostile
    report["dtd_fetches"] = list(_Recorder.hits)
    if not args.only:
        report["miwg_ids"] = compare_ids(args.bpmnio_python, MIWG)
        if args.extra_models:
            report["extra_ids"] = compare_ids(args.bpmnio_python, Path(args.extra_models))
        report["speed"] = {"bpmn_io": run_worker(args.bpmnio_python, "speed", str(MIWG)),
                           "prozesskit": ours_speed(MIWG)}
    server.shutdown()
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
