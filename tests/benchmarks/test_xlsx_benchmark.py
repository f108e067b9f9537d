"""The Excel benchmark runs end to end on a tiny register (a smoke test, not a timing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.xlsx import main


def test_xlsx_benchmark_exports_edits_and_imports(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--steckbriefe", "12", "--geaendert", "4", "12", "--repeat", "1",
                 "--work", str(tmp_path), "--no-save"]) == 0
    out = capsys.readouterr().out
    report = json.loads(out[out.index("{"):out.index("\n}\n") + 2])
    assert report["steckbriefe"] == 12
    assert [(i["zeilen_bearbeitet"], i["dateien"]) for i in report["import"]] == [(4, 4),
                                                                                 (12, 12)]
    assert report["export"]["cpu_s"] > 0
    assert "import-xlsx, 12 Zeilen bearbeitet:" in out and "(Ziel: unter 3.0 s)" in out
