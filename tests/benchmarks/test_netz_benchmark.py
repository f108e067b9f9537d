"""The netz benchmark runs end to end with one member (a smoke test, not a timing): the
command the README documents must keep working for the re-measurement."""

from __future__ import annotations

import json
import sys

import pytest

from benchmarks import netz


def test_netz_benchmark_measures_the_cli(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["netz.py", "--members", "1", "--no-save"])
    assert netz.main() == 0
    out = capsys.readouterr().out
    report = json.loads(out[:out.index("\n}\n") + 2])
    [size] = report["groessen"]
    assert size["mitglieder"] == 1 and size["steckbriefe"] > 400  # the kreis Blaupause
    assert size["matrix"]["cpu_s"] > 0 and size["priorisierung"]["cpu_s"] > 0
    assert "1 Mitglieder" in out and "unter 3.0 s" in out
