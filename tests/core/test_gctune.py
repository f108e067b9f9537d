"""The run's GC settings are the run's: a host process gets its own back."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from prozesskit.validation import pool
from prozesskit.validation.engine import ValidateOptions, validate
from prozesskit.validation.gctune import GC_THRESHOLD, few_collections, no_collections


@pytest.fixture(autouse=True)
def _host_threshold() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_threshold_raised_during_and_restored_after(example: Path) -> None:
    with few_collections():
        assert gc.get_threshold()[0] == GC_THRESHOLD
    assert gc.get_threshold() == (700, 10, 10)
    validate([example], ValidateOptions())
    assert gc.get_threshold() == (700, 10, 10)


def test_overlapping_runs_restore_the_host_setting() -> None:
    """Runs in threads of one process end in any order; the last one restores."""
    first, second = few_collections(), few_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == GC_THRESHOLD  # the second run is still going
    second.__exit__(None, None, None)
    assert gc.get_threshold() == (700, 10, 10)


def test_workers_leave_the_hosts_frozen_objects_frozen(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)  # workers for the small example
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        validate([example], ValidateOptions(use_cache=False, jobs=2))
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    validate([example], ValidateOptions(use_cache=False, jobs=2))
    assert gc.get_freeze_count() == 0  # froze for its workers, unfroze after


def test_no_collections_pauses_and_restores_in_any_order() -> None:
    """netz/bericht read whole registers with the collector off; overlapping runs in threads
    end in any order and the last restores; a host that had it off keeps it off."""
    assert gc.isenabled()
    first, second = no_collections(), no_collections()
    first.__enter__()
    assert not gc.isenabled()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second run is still going
    second.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()
    try:
        with no_collections():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
