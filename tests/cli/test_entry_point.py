"""The console entry as a separate process: exit codes and the complete report survive
the fast exit (no interpreter teardown)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _prozesskit(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    # buffered streams, as in a CI job (PYTHONUNBUFFERED would hide a missing flush)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run([sys.executable, "-m", "prozesskit", *args], capture_output=True,
                          text=True, env=env, check=False, **kwargs)  # type: ignore[call-overload]


def _many_problems(register: Path, n: int = 300) -> None:
    for i in range(n):
        (register / "steckbriefe" / f"kaputt-{i:03d}.yaml").write_text(
            f"id: kaputt-{i:03d}\nname: x\n", encoding="utf-8")


def test_exit_codes_and_whole_report(example: Path) -> None:
    clean = _prozesskit("validate", str(example))
    assert clean.returncode == 0 and "Keine Probleme" in clean.stdout, clean.stderr
    _many_problems(example)
    broken = _prozesskit("validate", str(example))
    assert broken.returncode == 1, broken.stderr
    assert broken.stderr == ""
    last = broken.stdout.rstrip("\n").splitlines()[-1]
    assert last.startswith("✖") and "Probleme" in last  # the summary, after every row
    assert broken.stdout.count("steckbriefe/kaputt-") >= 300
