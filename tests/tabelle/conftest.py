"""Registers for the Excel round trip: the example register and one made by init's own
planner from the built-in Kreis Blaupause (two Produktbereiche, to stay fast)."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from helpers import EXAMPLE
from prozesskit.init.instantiate import InitRequest, open_blueprint, plan


@lru_cache(maxsize=1)
def _kreis() -> tuple[tuple[str, str], ...]:
    def no_fetch(url: str, ref: str | None) -> tuple[Path, str]:
        raise AssertionError("built-in Blaupausen are not fetched")

    request = InitRequest(Path("unused"), open_blueprint("kreis", no_fetch), "Kreis Test",
                          "05774", "kreis", bereiche=["02", "12"])
    return tuple(plan(request).items())


@pytest.fixture
def kreis(tmp_path: Path) -> Path:
    """A register as ``prozesskit init --blueprint kreis --bereich 02 --bereich 12`` writes
    it, committed to git (the export records the commit)."""
    root = tmp_path / "kreis"
    for rel, text in _kreis():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "init")
    return root


@pytest.fixture
def example(tmp_path: Path) -> Path:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("cache"))
    return target


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.invalid",
         "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True, text=True).stdout
