"""A register for the Excel round trip made by init's own planner from the built-in Kreis
Blaupause (two Produktbereiche, to stay fast); the example register is the shared fixture."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from prozesskit.init.instantiate import InitRequest, open_blueprint, plan
from tabelle.helpers_xlsx import git


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
