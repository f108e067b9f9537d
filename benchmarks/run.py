"""Benchmark ``prozesskit validate`` against check-jsonschema + bpmnlint and the parse floor.

    python benchmarks/run.py [--steckbriefe 2000 --modelle 500] [--scale 10] [--skip-peers]

Generates a synthetic register into ``benchmarks/work/``, installs the peers there once,
times every tool as a subprocess (median of ``--repeat`` runs; wall, user+sys CPU and
maxrss from ``os.wait4``), prints a Markdown table and writes
``benchmarks/results/<timestamp>.json`` and ``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import generate, peers, report
from benchmarks.measure import Measurement, RunFailure, Sample, check, combine, repeat, run_timed

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
RESULTS = HERE / "results"
XSD = generate.XSD
STARTUP_IMPORTS = "import typer, pydantic, rich.console, lxml.etree, ruamel.yaml, yaml"


@dataclass
class Bench:
    """Settings shared by all measurements of one run."""

    python: str
    prozesskit: list[str]
    repeat: int
    work: Path
    logs: Path
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    schemas: list[Path] = field(default_factory=lambda: list(peers.SCHEMA_CANDIDATES))

    def summary(self, name: str) -> str:
        """Last non-empty output line of the first run of ``name`` (what the tool reported)."""
        out = self.logs / f"{name}-0.out"
        text = out.read_text(encoding="utf-8", errors="replace") if out.exists() else ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return lines[-1][:300] if lines else ""

    def timed(self, name: str, cmd: Sequence[str], cwd: Path, i: int,
              ok: frozenset[int] = frozenset({0, 1})) -> Sample:
        log = self.logs / f"{name}-{i}"
        return check(run_timed(cmd, cwd=cwd, log=log, env=self.env), log, ok)


@dataclass
class Case:
    """One generated register and everything measured on it."""

    key: str
    root: Path
    steckbriefe: int
    modelle: int
    rows: list[Measurement] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    floor_work: dict[str, Any] = field(default_factory=dict)

    def input_bytes(self) -> dict[str, int]:
        yaml_bytes = sum(p.stat().st_size for p in (self.root / "steckbriefe").glob("*.yaml"))
        bpmn_bytes = sum(p.stat().st_size for p in (self.root / "modelle").glob("*.bpmn"))
        return {"yaml": yaml_bytes, "bpmn": bpmn_bytes, "total": yaml_bytes + bpmn_bytes}

    def row(self, name: str) -> Measurement | None:
        return next((r for r in self.rows if r.name == name), None)


# --------------------------------------------------------------------------- register edits


#: prozesskit.validation.runcache.RACY_NS plus a margin (the runner does not import prozesskit)
RACY_WAIT_S = 2.2


def _clear_cache(root: Path) -> None:
    shutil.rmtree(root / ".prozesskit" / "cache", ignore_errors=True)


def _first_steckbrief(root: Path) -> Path:
    return sorted((root / "steckbriefe").glob("*.yaml"))[0]


def _first_model(root: Path) -> Path:
    return sorted((root / "modelle").glob("*.bpmn"))[0]


def edit_steckbrief(path: Path, variant: int) -> None:
    """A real content change (the ``name``), written the way the generator writes."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["name"] = f"{str(data['name']).split(' (Änderung')[0]} (Änderung {variant})"
    path.write_text(generate.dump_steckbrief(data), encoding="utf-8")


def edit_model(path: Path, variant: int) -> None:
    """Rename the first process of a model (a semantic change, ids untouched)."""
    from lxml import etree

    raw = path.read_bytes()
    tree = etree.fromstring(raw, etree.XMLParser(resolve_entities=False)).getroottree()
    proc = next(iter(tree.getroot().iterfind("{*}process")), tree.getroot())
    base = (proc.get("name") or "Prozess").split(" (Änderung")[0]
    proc.set("name", f"{base} (Änderung {variant})")
    tree.write(str(path), xml_declaration=raw.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml"),
               encoding=tree.docinfo.encoding or "UTF-8")


def _fresh_checkout(root: Path, target: Path) -> None:
    """What a CI job starts from: a real ``git clone`` of the register (new files, new
    inodes, git's index written by the checkout after them) with the cache restored from
    the last run (the caller waits out the job's install time, longer than the memo's 2 s
    "racily clean" window, as pip alone takes, before validate runs). Imitating the checkout with
    ``os.utime`` + ``git update-index --refresh`` left git's index not vouching for the
    files, so the run read every Steckbrief twice, which a real checkout does not."""
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(root), str(target)],
                   check=True)
    shutil.copytree(root / ".prozesskit", target / ".prozesskit", dirs_exist_ok=True)


def _git_restore(root: Path) -> None:
    subprocess.run(["git", "checkout", "-q", "--", "."], cwd=root, check=True)


# --------------------------------------------------------------------------- prozesskit


def prozesskit_available(bench: Bench) -> tuple[bool, str]:
    out = subprocess.run([*bench.prozesskit, "--help"], capture_output=True, text=True,
                         env=bench.env, check=False)
    return out.returncode == 0, (out.stderr or out.stdout).strip()[-600:]


def measure_prozesskit(bench: Bench, case: Case) -> None:
    root = case.root
    cmd = [*bench.prozesskit, str(root)]
    since = [*bench.prozesskit, "--changed-since", "HEAD", str(root)]
    shown = shlex.join(cmd)
    k = case.key

    def run(name: str, command: list[str]) -> Callable[[int], Sample]:
        return lambda i: bench.timed(f"{k}-{name}", command, root, i)

    def add(name: str, label: str, command: list[str], samples: tuple[Sample, ...]) -> None:
        log = f"{k}-{name.removeprefix('pk_').replace('_', '-')}"
        case.rows.append(Measurement(name, label, shlex.join(command), samples,
                                     extra={"ausgabe": bench.summary(log)}))

    def rewarm() -> None:
        """Undo the edits and remember a run of the original files. The checkout rewrites
        files, and a run within git's "racily clean" window (2 s) keeps no memo (see
        prozesskit.validation.runcache.RACY_NS): wait it out, as any run started more than
        two seconds after the last edit would, so that "warm" means a remembered last run."""
        _git_restore(root)
        time.sleep(RACY_WAIT_S)
        bench.timed(f"{k}-rewarm", cmd, root, 0)

    _git_restore(root)
    add("pk_cold", "prozesskit validate, kalt (Cache gelöscht)", cmd,
        repeat(bench.repeat, run("cold", cmd), lambda _: _clear_cache(root)))
    add("pk_warm", "prozesskit validate, warm (nichts geändert)", cmd,
        repeat(bench.repeat, run("warm", cmd)))
    as_json = [*bench.prozesskit, "--format", "json", "--output",
               str(bench.logs / f"{k}-report.json"), str(root)]
    add("pk_warm_json", "zur Einordnung: warm, --format json in eine Datei (ohne Textausgabe)",
        as_json, repeat(bench.repeat, run("warm-json", as_json)))
    brief, model = _first_steckbrief(root), _first_model(root)
    add("pk_changed", "prozesskit validate, warm, 1 Steckbrief geändert", cmd,
        repeat(bench.repeat, run("changed", cmd), lambda i: edit_steckbrief(brief, i + 1)))
    rewarm()  # the Steckbrief edits above are undone: only the model differs below
    add("pk_changed_model", "prozesskit validate, warm, 1 Modell geändert", cmd,
        repeat(bench.repeat, run("changed-model", cmd), lambda i: edit_model(model, i + 1)))
    _git_restore(root)

    def since_setup(i: int) -> None:
        _clear_cache(root)
        edit_steckbrief(brief, 100 + i)

    add("pk_since", "prozesskit validate --changed-since HEAD, 1 Steckbrief geändert, "
        "ohne Cache", since, repeat(bench.repeat, run("since", since), since_setup))
    rewarm()
    add("pk_since_warm", "prozesskit validate --changed-since HEAD, 1 Steckbrief geändert, "
        "warm", since, repeat(bench.repeat, run("since-warm", since),
                              lambda i: edit_steckbrief(brief, 200 + i)))
    rewarm()

    checkout = bench.work / f"{k}-checkout"
    in_checkout = [*bench.prozesskit, "--changed-since", "HEAD", str(checkout)]

    def fresh_checkout(i: int) -> None:
        _fresh_checkout(root, checkout)
        edit_steckbrief(checkout / brief.relative_to(root), 300 + i)  # the commit under test
        time.sleep(RACY_WAIT_S)  # the job installs prozesskit before it validates

    add("pk_since_ci", "prozesskit validate --changed-since HEAD, 1 Steckbrief geändert, "
        "frischer Checkout (git clone) mit wiederhergestelltem Cache", in_checkout,
        repeat(bench.repeat, lambda i: bench.timed(f"{k}-since-ci", in_checkout, checkout, i),
               fresh_checkout))
    _git_restore(root)
    case.notes.append(f"prozesskit: `{shown}` (cwd = Register)")


# --------------------------------------------------------------------------- floor


def measure_floor(bench: Bench, case: Case) -> None:
    root = case.root
    startup = [bench.python, "-c", STARTUP_IMPORTS]
    case.rows.append(Measurement(
        "startup", "Python-Start + Importe (typer, pydantic, rich, lxml, ruamel, yaml)",
        shlex.join(startup),
        repeat(bench.repeat, lambda i: bench.timed(f"{case.key}-startup", startup, root, i,
                                                   frozenset({0})))))
    floor_cmd = [bench.python, str(HERE / "floor.py"), str(root), str(XSD)]
    works: list[dict[str, Any]] = []

    def run_floor(i: int) -> Sample:
        sample = bench.timed(f"{case.key}-floor", floor_cmd, root, i, frozenset({0}))
        out = (bench.logs / f"{case.key}-floor-{i}.out").read_text(encoding="utf-8")
        works.append(json.loads(out))
        return sample

    samples = repeat(bench.repeat, run_floor)
    work_wall = sorted(w["work_wall_s"] for w in works)[len(works) // 2]
    work_cpu = sorted(w["work_cpu_s"] for w in works)[len(works) // 2]
    case.floor_work = {**works[-1], "work_wall_s": work_wall, "work_cpu_s": work_cpu}
    case.rows.append(Measurement(
        "floor_process", "Parse-Boden: lxml-Parse + XSD aller Modelle, yaml.compose (CSafeLoader)"
        " aller Steckbriefe; ganzer Prozess", shlex.join(floor_cmd), samples,
        extra=case.floor_work))


# --------------------------------------------------------------------------- peers


def measure_peers(bench: Bench, case: Case) -> None:
    root = case.root
    exe = peers.ensure_check_jsonschema(bench.work)
    schema, origin = peers.steckbrief_schema(bench.work, bench.python, bench.env, bench.schemas)
    files = sorted(p.relative_to(root).as_posix() for p in (root / "steckbriefe").glob("*.yaml"))
    base = peers.check_jsonschema_args(exe, schema, root / files[0])
    parts = peers.batches(files)

    def run_cj(i: int) -> Sample:
        return combine([bench.timed(f"{case.key}-cj{j}", [*base, *part], root, i)
                        for j, part in enumerate(parts)])

    shown = f"{shlex.join(base)} steckbriefe/*.yaml ({len(parts)} Aufruf(e))"
    case.rows.append(Measurement("check_jsonschema", "check-jsonschema (Steckbriefe)", shown,
                                 repeat(bench.repeat, run_cj),
                                 extra={"schema": origin,
                                        "ausgabe": bench.summary(f"{case.key}-cj0")}))
    lint, rc = peers.ensure_bpmnlint(bench.work)
    lint_cmd = [str(lint), "-c", str(rc), "modelle/*.bpmn"]
    case.rows.append(Measurement(
        "bpmnlint", "bpmnlint, bpmnlint:recommended (Modelle)",
        shlex.join(lint_cmd) + " (ein Aufruf, bpmnlint expandiert das Glob selbst)",
        repeat(bench.repeat, lambda i: bench.timed(f"{case.key}-bpmnlint", lint_cmd, root, i)),
        extra={"ausgabe": bench.summary(f"{case.key}-bpmnlint")}))


# --------------------------------------------------------------------------- main


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steckbriefe", type=int, default=2000)
    p.add_argument("--modelle", type=int, default=500)
    p.add_argument("--scale", type=int, default=0,
                   help="zusätzlich ein Register mit N×scale Steckbriefen messen (z. B. 10)")
    p.add_argument("--scale-modelle", type=int, default=None,
                   help="Modelle im skalierten Fall (Vorgabe M×scale; Issue: 2000)")
    p.add_argument("--scale-peers", action="store_true",
                   help="Peers auch im skalierten Fall messen (dauert)")
    p.add_argument("--skip-peers", action="store_true")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--prozesskit-cmd", default=None,
                   help="Befehl statt '<python> -m prozesskit validate'")
    p.add_argument("--prozesskit-git", type=Path, default=None,
                   help="prozesskit aus diesem git-Checkout messen (src/ per git archive)")
    p.add_argument("--prozesskit-ref", default="HEAD", help="Ref für --prozesskit-git")
    p.add_argument("--reuse", action="store_true",
                   help="vorhandenes Register in benchmarks/work/ nicht neu erzeugen")
    return p.parse_args(argv)


def snapshot_prozesskit(repo: Path, ref: str) -> Path:
    """Export ``src/`` of ``repo`` at ``ref`` (read-only ``git archive``) into the work dir.

    Measures a fixed commit even while someone edits that checkout's working tree. With
    ``blueprints/`` (the catalogue, next to ``src/`` as in a checkout; a wheel carries it
    inside): without it PK-S031 skips the comparison with the catalogue, and the runs
    measured less work than a user's (953 findings fewer on 2,000 + 500).
    """
    sha = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", ref], check=True,
                         capture_output=True, text=True).stdout.strip()
    target = WORK / f"prozesskit-{sha}"
    if not (target / "src" / "prozesskit").is_dir() or not (target / "blueprints").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(repo), "archive", sha, "src", "schemas",
                                  "blueprints"], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        # as after `pip install`: byte-code present even under PYTHONDONTWRITEBYTECODE
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "src")],
                       check=True)
    return target / "src"


def _make_case(key: str, n: int, m: int, seed: int, reuse: bool) -> Case:
    root = WORK / f"register-{key}"
    marker = WORK / f"register-{key}.size"
    size = f"{n} {m} {seed}"
    if not (reuse and marker.exists() and marker.read_text() == size):
        print(f"erzeuge {root.name}: {n} Steckbriefe, {m} Modelle …", flush=True)
        generate.generate(n, m, root, seed)
        marker.write_text(size)
    return Case(key, root, n, m)


def _measure_case(bench: Bench, case: Case, *, pk: bool, with_peers: bool) -> None:
    print(f"[{case.key}] Start-up und Parse-Boden …", flush=True)
    measure_floor(bench, case)
    if with_peers:
        print(f"[{case.key}] check-jsonschema und bpmnlint …", flush=True)
        try:
            measure_peers(bench, case)
        except (RunFailure, RuntimeError, subprocess.CalledProcessError) as exc:
            case.notes.append(f"Peers fehlgeschlagen: {exc}")
            print(f"Peers fehlgeschlagen: {exc}", file=sys.stderr)
    if pk:
        print(f"[{case.key}] prozesskit …", flush=True)
        try:
            measure_prozesskit(bench, case)
        except RunFailure as exc:
            case.notes.append(f"prozesskit fehlgeschlagen: {exc}")
            print(f"prozesskit fehlgeschlagen: {exc}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    python = sys.executable
    pk_cmd = (shlex.split(args.prozesskit_cmd) if args.prozesskit_cmd
              else [python, "-m", "prozesskit", "validate"])
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    bench = Bench(python, pk_cmd, args.repeat, WORK, WORK / "logs" / stamp)
    WORK.mkdir(parents=True, exist_ok=True)
    if args.prozesskit_git:
        src = snapshot_prozesskit(args.prozesskit_git, args.prozesskit_ref)
        bench.env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(src), bench.env.get("PYTHONPATH", "")) if p)
        bench.schemas.insert(0, src.parent / "schemas" / "steckbrief.schema.json")
    pk_ok, pk_why = prozesskit_available(bench)
    if not pk_ok:
        print(f"prozesskit validate ist nicht lauffähig, gemessen werden nur Peers und Boden:\n"
              f"{pk_why}", file=sys.stderr)
    cases = [_make_case("base", args.steckbriefe, args.modelle, args.seed, args.reuse)]
    if args.scale:
        scale_m = args.scale_modelle if args.scale_modelle is not None else (
            args.modelle * args.scale)
        cases.append(_make_case(f"x{args.scale}", args.steckbriefe * args.scale, scale_m,
                                args.seed, args.reuse))
    for case in cases:
        with_peers = not args.skip_peers and (case.key == "base" or args.scale_peers)
        _measure_case(bench, case, pk=pk_ok, with_peers=with_peers)
    result = report.build(cases, bench_info(bench, pk_ok, pk_why), args.scale)
    print(report.markdown(result))
    for path in (RESULTS / f"{stamp}.json", RESULTS / "latest.json"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nJSON: {RESULTS / f'{stamp}.json'}")
    return 0


def prozesskit_origin(bench: Bench) -> dict[str, str]:
    """Where the measured prozesskit comes from: module path and git commit, if any."""
    out = subprocess.run([bench.python, "-c", "import prozesskit; print(prozesskit.__file__)"],
                         capture_output=True, text=True, env=bench.env, check=False)
    path = out.stdout.strip()
    if not path:
        return {}
    if Path(path).is_relative_to(WORK):  # a snapshot from --prozesskit-git
        return {"module": path, "commit": Path(path).parents[2].name.removeprefix("prozesskit-")}
    git = subprocess.run(["git", "-C", str(Path(path).parent), "log", "-1", "--format=%h %s"],
                         capture_output=True, text=True, check=False)
    return {"module": path, "commit": git.stdout.strip()}


def bench_info(bench: Bench, pk_ok: bool, pk_why: str) -> dict[str, Any]:
    return {
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "node": peers.tool_version(["node", "--version"])},
        "repeat": bench.repeat,
        "prozesskit_command": shlex.join(bench.prozesskit),
        "prozesskit_available": pk_ok,
        "prozesskit_origin": prozesskit_origin(bench) if pk_ok else {},
        **({} if pk_ok else {"prozesskit_error": pk_why}),
        "check_jsonschema": peers.tool_version(
            [str(bench.work / "venvs" / "check-jsonschema" / "bin" / "check-jsonschema"),
             "--version"]),
        "bpmnlint": peers.bpmnlint_version(bench.work),
        "logs": str(bench.logs),
    }


if __name__ == "__main__":
    raise SystemExit(main())
