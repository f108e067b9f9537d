"""What a run leaves of the process: the library changes no interpreter setting, the CLI
ends without losing writes, and workers never outlive a killed ``validate``."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, run_cli
from prozesskit.rules import all_rules
from prozesskit.validation.engine import ValidateOptions, validate
from prozesskit.validation.gctune import GC_THRESHOLD

ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}


@pytest.fixture
def seen_thresholds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The GC threshold as a rule sees it during a run."""
    seen: list[int] = []
    rules = all_rules()
    real = rules["PK-S011"]
    assert real.check is not None
    check = real.check

    def recording(subject: Any, options: Any, ctx: Any) -> Iterator[Any]:
        seen.append(gc.get_threshold()[0])
        yield from check(subject, options, ctx)

    monkeypatch.setitem(rules, "PK-S011", dataclasses.replace(real, check=recording))
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield seen
    gc.set_threshold(*before)


def test_library_leaves_the_gc_settings_alone(example: Path, seen_thresholds: list[int]) -> None:
    validate([example], ValidateOptions(use_cache=False, jobs=1))
    assert seen_thresholds and set(seen_thresholds) == {700}


def test_cli_raises_the_threshold_for_its_run(
    example: Path, seen_thresholds: list[int], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, _ = run_cli(["validate", str(example), "--no-cache", "-j", "1"], monkeypatch, capsys)
    assert code == 0
    assert seen_thresholds and set(seen_thresholds) == {GC_THRESHOLD}
    assert gc.get_threshold() == (700, 10, 10)  # and gives it back


def _cli(args: list[str], marker: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The console entry in a process of its own, with an atexit handler that writes."""
    script = textwrap.dedent(f"""
        import atexit, sys
        def last_words():
            with open({str(marker)!r}, "w", encoding="utf-8") as handle:
                handle.write("geschrieben")
        atexit.register(last_words)
        sys.argv = ["prozesskit", *{args!r}]
        from prozesskit.cli import main
        main()
    """)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**ENV, **env}, timeout=120, check=False)


def test_other_commands_end_normally(tmp_path: Path) -> None:
    marker = tmp_path / "atexit.txt"
    done = _cli(["regeln"], marker)
    assert done.returncode == 0, done.stderr
    assert marker.read_text("utf-8") == "geschrieben"


def test_validate_ends_fast_without_losing_a_write(example: Path, tmp_path: Path) -> None:
    marker = tmp_path / "atexit.txt"
    report = tmp_path / "bericht.json"
    summary = tmp_path / "summary.md"
    summary.write_text("# vorher\n", "utf-8")
    broken = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    broken.write_text("id: x\n", "utf-8")
    done = _cli(["validate", str(example), "-f", "json", "-o", str(report)], marker,
                GITHUB_STEP_SUMMARY=str(summary))
    assert done.returncode == 1, done.stderr
    data = json.loads(report.read_text("utf-8"))  # complete, parseable
    assert data["summary"]["problems"] == len(data["problems"]) > 0
    assert summary.read_text("utf-8").startswith("# vorher\n")
    assert len(summary.read_text("utf-8")) > len("# vorher\n")
    assert marker.read_text("utf-8") == "geschrieben"  # atexit handlers still ran


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent (or init) to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL, signal.SIGHUP])
def test_workers_end_when_validate_is_killed(example: Path, sig: signal.Signals) -> None:
    """A real ``validate`` with two workers, each check slowed down so that the run is
    still going when its parent is killed."""
    script = textwrap.dedent(f"""
        import sys, time
        from prozesskit.validation import pool
        real = pool._check
        def slow(work):
            time.sleep(1.0)
            return real(work)
        pool._check = slow
        pool.PARALLEL_THRESHOLD = 1
        sys.argv = ["prozesskit", "validate", {str(example)!r}, "--no-cache", "-j", "2"]
        from prozesskit.cli import main
        main()
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            workers = _children(parent.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "keine Worker gestartet"
        time.sleep(0.3)  # the workers are inside their first check
        parent.send_signal(sig)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
        assert not left, f"Worker {left} leben nach {sig.name} weiter"
    finally:
        for pid in [parent.pid, *workers]:  # never leave a process behind, even on failure
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
