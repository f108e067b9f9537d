"""Worker processes give exactly what one process gives: problems, facts, memo and cache."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path
from typing import Any

import pytest

from prozesskit.validation import pool, runcache
from prozesskit.validation.engine import ValidateOptions, validate


@pytest.fixture
def pool_used(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Workers even for the small example register; records each pool that was started."""
    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    class Recording(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            started.append(kwargs.get("max_workers", 0))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recording)
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(runcache, "RACY_NS", 0)
    return started


def _break(register: Path) -> None:
    """Findings of several kinds: schema, syntax, model, and a register-wide duplicate."""
    (register / "steckbriefe" / "kaputt.yaml").write_text("id: [kaputt\n", encoding="utf-8")
    (register / "steckbriefe" / "doppelt.yaml").write_text(
        "id: doppelt\nname: Fahrzeug zulassen\nprodukt:\n  bereich: '02'\n", encoding="utf-8")
    model = register / "modelle" / "baugenehmigung-erteilen.soll.bpmn"
    model.write_text(model.read_text("utf-8").replace('name="', 'name="x ', 3), "utf-8")


def test_workers_equal_one_process(example: Path, pool_used: list[int]) -> None:
    _break(example)
    alone = validate([example], ValidateOptions(use_cache=False, jobs=1))
    assert pool_used == []
    spread = validate([example], ValidateOptions(use_cache=False, jobs=2))
    assert pool_used == [2]
    assert spread == alone and alone.problems


def test_memo_and_cache_from_workers_carry_on(example: Path, pool_used: list[int]) -> None:
    """Facts come back from workers as JSON; the memo and the per-file cache built from
    them must serve a later patch run and a later full run like a one-process run does."""
    _break(example)
    fresh = validate([example], ValidateOptions(use_cache=False, jobs=1))
    assert validate([example], ValidateOptions(jobs=2)) == fresh
    assert pool_used == [2]
    brief = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    brief.write_text(brief.read_text("utf-8") + "# geändert\n", "utf-8")
    assert validate([example], ValidateOptions(jobs=2)) == validate(
        [example], ValidateOptions(use_cache=False, jobs=1))  # patch run on the memo
    (example / "prozesskit.yaml").write_text(
        (example / "prozesskit.yaml").read_text("utf-8") + "# geändert\n", "utf-8")
    assert validate([example], ValidateOptions(jobs=2)) == validate(
        [example], ValidateOptions(use_cache=False, jobs=1))  # full run on the file cache


def test_workers_follow_the_cpus_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(os, "cpu_count", lambda: 64)  # the host's
    if hasattr(os, "process_cpu_count"):
        monkeypatch.setattr(os, "process_cpu_count", lambda: 2)
    elif hasattr(os, "sched_getaffinity"):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    else:  # no way to know better than the host's count
        assert pool.usable_cpus() == 64
        return
    assert pool.usable_cpus() == 2
