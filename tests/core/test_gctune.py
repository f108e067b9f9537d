"""The run's GC setting is the run's: a host process gets its own back."""

from __future__ import annotations

import gc
from pathlib import Path

from prozesskit.engine import ValidateOptions, validate
from prozesskit.gctune import GC_THRESHOLD, few_collections


def test_threshold_raised_during_and_restored_after(example: Path) -> None:
    before = gc.get_threshold()
    with few_collections():
        assert gc.get_threshold()[0] == max(before[0], GC_THRESHOLD)
    assert gc.get_threshold() == before
    validate([example], ValidateOptions())
    assert gc.get_threshold() == before
