"""Member registers for the network tests: made by init's own library function from the
built-in Blaupausen (one Produktbereich, to stay fast), then edited as members would."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from prozesskit.init.instantiate import InitRequest, open_blueprint, plan
from prozesskit.model.codes import BLAUPAUSE_TYP

BEREICH = "12"


@lru_cache(maxsize=4)
def _planned(blueprint: str) -> tuple[tuple[str, str], ...]:
    def no_fetch(url: str, ref: str | None) -> tuple[Path, str]:
        raise AssertionError("built-in Blaupausen are not fetched")

    request = InitRequest(Path("unused"), open_blueprint(blueprint, no_fetch), "X",
                          "05774032" if blueprint != "kreis" else "05774",
                          BLAUPAUSE_TYP[blueprint], bereiche=[BEREICH])
    return tuple(plan(request).items())


def make_register(target: Path, blueprint: str, name: str) -> Path:
    """A register as ``prozesskit init --blueprint BLUEPRINT --bereich 12`` writes it."""
    for rel, text in _planned(blueprint):
        if rel == "prozesskit.yaml":
            text = text.replace("name: X", f"name: {name}", 1)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def edit(register: Path, steckbrief_id: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Change a Steckbrief as a member would in the editor (YAML text, re-written)."""
    path = register / "steckbriefe" / f"{steckbrief_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.invalid",
         "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True, text=True).stdout

