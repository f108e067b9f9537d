"""Install the peer tools once into ``benchmarks/work/`` and build their command lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCHEMA_CANDIDATES = (REPO / "schemas" / "steckbrief.schema.json",)
BPMNLINTRC = {"extends": "bpmnlint:recommended"}
_SCHEMA_FROM_MODEL = (
    "import json; from prozesskit.model.steckbrief import Steckbrief; "
    "print(json.dumps(Steckbrief.model_json_schema(), ensure_ascii=False, indent=1))"
)


def ensure_check_jsonschema(work: Path) -> Path:
    """``check-jsonschema`` in its own venv under ``work`` (installed on first use)."""
    venv = work / "venvs" / "check-jsonschema"
    exe = venv / "bin" / "check-jsonschema"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                        "check-jsonschema"], check=True)
    return exe


def ensure_bpmnlint(work: Path) -> tuple[Path, Path]:
    """``bpmnlint`` via ``npm install --prefix work/node`` and a recommended-rules config."""
    prefix = work / "node"
    exe = prefix / "node_modules" / ".bin" / "bpmnlint"
    if not exe.exists():
        subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                        "bpmnlint"], check=True)
    rc = work / "bpmnlintrc.json"
    rc.write_text(json.dumps(BPMNLINTRC) + "\n", encoding="utf-8")
    return exe, rc


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = (out.stdout or out.stderr).strip().splitlines()
    return lines[-1].rsplit(" ", 1)[-1] if lines else "?"


def bpmnlint_version(work: Path) -> str:
    pkg = work / "node" / "node_modules" / "bpmnlint" / "package.json"
    return str(json.loads(pkg.read_text(encoding="utf-8"))["version"]) if pkg.exists() else "?"


def steckbrief_schema(work: Path, python: str, env: Mapping[str, str],
                      candidates: Sequence[Path] = SCHEMA_CANDIDATES) -> tuple[Path, str]:
    """The project's JSON Schema if present, else one exported from the pydantic model."""
    for candidate in candidates:
        if candidate.exists():
            return candidate, str(candidate)
    out = subprocess.run([python, "-c", _SCHEMA_FROM_MODEL], capture_output=True, text=True,
                         env={**os.environ, **env}, check=True)
    path = work / "steckbrief.schema.json"
    path.write_text(out.stdout, encoding="utf-8")
    return path, "exportiert aus prozesskit.model.steckbrief (pydantic)"


def check_jsonschema_args(exe: Path, schema: Path, probe: Path) -> list[str]:
    """Base command; adds ``--regex-variant python`` if the schema's patterns are not ECMA."""
    base = [str(exe), "--schemafile", str(schema)]
    for extra in ([], ["--regex-variant", "python"]):
        out = subprocess.run([*base, *extra, str(probe)], capture_output=True, text=True,
                             check=False)
        text = out.stdout + out.stderr
        if out.returncode == 0 or "Schema validation errors" in text:
            return [*base, *extra]
    raise RuntimeError(f"check-jsonschema kann das Schema {schema} nicht benutzen:\n{text}")


def batches(files: list[str], limit: int = 1_000_000) -> list[list[str]]:
    """Split file arguments so that one command line stays well below ARG_MAX."""
    out: list[list[str]] = [[]]
    size = 0
    for name in files:
        if out[-1] and size + len(name) + 1 > limit:
            out.append([])
            size = 0
        out[-1].append(name)
        size += len(name) + 1
    return out
