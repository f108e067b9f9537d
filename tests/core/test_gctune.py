"""The run's GC settings are the run's: a host process gets its own back."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

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


def test_validate_cli_runs_without_collections(example: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's run keeps what it reads until it ends: no collection walks it; after the
    run the collector is on again."""
    from prozesskit.cli import validate as cli_validate

    seen: list[bool] = []
    real = cli_validate.validate

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(cli_validate, "validate", spy)
    code = cli_validate.run(paths=[example], format="text", output=None, profil=None,
                            strict=False, changed_since=None, no_cache=False,
                            nur_versioniert=False, jobs=None)
    assert code in (0, 1)
    assert seen == [False]
    assert gc.isenabled()


def test_a_worker_forked_during_the_pause_collects_as_before() -> None:
    """A worker checks file after file and keeps none: it collects as the process did
    before validate's CLI paused the collector."""
    read, write = os.pipe()
    with no_collections():
        assert not gc.isenabled()
        child = os.fork()
        if child == 0:  # the worker, as the pool starts it
            try:
                pool._init_worker(cast(Any, None), os.getppid(), None)
                os.write(write, b"1" if gc.isenabled() else b"0")
            finally:
                os._exit(0)
        os.waitpid(child, 0)
    os.close(write)
    assert os.read(read, 1) == b"1"
    os.close(read)
