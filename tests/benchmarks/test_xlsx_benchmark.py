"""The Excel benchmark runs end to end on a tiny register (a smoke test, not a timing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.xlsx import main


def test_xlsx_benchmark_exports_edits_and_imports(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--steckbriefe", "12", "--geaendert", "4", "--repeat", "1",
                 "--work", str(tmp_path)]) == 0
    report = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert report["steckbriefe"] == 12
    assert report["import"]["geaenderte_dateien"] == 4
    assert report["export"]["wand_s"] > 0
