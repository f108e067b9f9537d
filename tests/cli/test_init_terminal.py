"""``init`` asks for missing Kommune data when (and only when) it runs in a terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

from helpers import REPO


def test_prompts_for_missing_data_in_a_terminal(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    target = tmp_path / "reg"
    child = pexpect.spawn(sys.executable, ["-m", "prozesskit", "init", "--blueprint",
                                           "gemeinde", str(target), "--bereich", "02"],
                          env=env, encoding="utf-8", timeout=60)
    child.expect("Name der Kommune")
    child.sendline("Gemeinde Musterdorf")
    child.expect("Amtlicher Schlüssel")
    child.sendline("0599912")  # a digit short: explained, and asked again
    child.expect("kein amtlicher Schlüssel")
    child.expect("Amtlicher Schlüssel")
    child.sendline("05999002")
    child.expect("Typ der Kommune")
    child.sendline("")  # accept the default the Blaupause suggests
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    manifest = (target / "prozesskit.yaml").read_text(encoding="utf-8")
    assert "name: Gemeinde Musterdorf" in manifest and "typ: gemeinde" in manifest
