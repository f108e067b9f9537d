"""Ratios, target checks and the Markdown table, on hand-made samples (no timing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import measure, peers, report, run

Measurement, Sample, Case = measure.Measurement, measure.Sample, run.Case


def _m(name: str, *walls: float) -> measure.Measurement:
    return Measurement(name, name, "cmd", tuple(Sample(w, w / 2, w / 4, 10.0, 0, 12.0)
                                                 for w in walls))


def _case(tmp_path: Path) -> run.Case:
    for sub in ("steckbriefe", "modelle"):
        (tmp_path / sub).mkdir()
    (tmp_path / "steckbriefe" / "a.yaml").write_text("id: a\n")
    case = Case("base", tmp_path, 1, 0)
    case.rows = [_m("startup", 0.1, 0.3, 0.2), _m("pk_cold", 1.0, 3.0, 2.0),
                 _m("pk_warm", 0.2), _m("pk_since", 0.55), _m("check_jsonschema", 10.0),
                 _m("bpmnlint", 14.0)]
    case.floor_work = {"work_wall_s": 0.6, "work_cpu_s": 0.5}
    return case


def test_median_and_ratios(tmp_path: Path) -> None:
    case = _case(tmp_path)
    cold = case.row("pk_cold")
    assert cold is not None and cold.wall_s == 2.0
    d = report.derived(case)
    assert d["peers_total"] == {"wall_s": 24.0, "cpu_s": 18.0}
    assert d["speedup_vs_peers"] == 12.0
    assert d["cold_vs_floor"] == pytest.approx(2.5)


def test_targets_and_markdown(tmp_path: Path) -> None:
    result = report.build([_case(tmp_path)], {
        "timestamp": "t", "machine": {"cpus": 2, "python": "3", "node": "v20"},
        "repeat": 3, "check_jsonschema": "0.39", "bpmnlint": "11"}, 0)
    targets = result["targets"]
    assert targets["speedup_vs_peers"]["erfuellt"] is True
    assert targets["warm_s"]["erfuellt"] is True
    assert targets["changed_s"]["erfuellt"] is None
    text = report.markdown(result)
    assert "| 1 Steckbriefe + 0 Modelle | pk_cold | 2.00 |" in text
    assert "**Peers zusammen (check-jsonschema + bpmnlint)** | 24.00" in text
    # --changed-since without any cache is shown, but not counted as one of the targets
    assert "changed_since_s" not in targets
    assert "| zur Einordnung: --changed-since HEAD, 1 geändert, ohne jeden Cache" in text
    assert "| 0.55 | – | – |" in text


def test_combine_adds_times_and_keeps_peak() -> None:
    total = measure.combine([Sample(1, 1, 0, 5, 0, 6), Sample(2, 1, 1, 7, 1, 8)])
    assert (total.wall_s, total.cpu_s, total.maxrss_mib, total.returncode) == (3, 3, 7, 1)


def test_batches_respect_limit() -> None:
    parts = peers.batches(["aaaa", "bbbb", "cccc"], limit=10)
    assert parts == [["aaaa", "bbbb"], ["cccc"]]


def test_runner_waits_out_the_racy_window() -> None:
    """The "warm" rows need a remembered run; a shorter wait would measure a full run."""
    from prozesskit.validation import runcache

    assert run.RACY_WAIT_S * 1e9 > runcache.RACY_NS
