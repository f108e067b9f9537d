"""``-o`` naming a pipe or device (``/dev/stdout``, ``/dev/null``, a FIFO): written into, never
renamed over.

The atomic write (temp file + rename) replaced the target itself: as root (most CI
containers) ``pack -o /dev/null`` turned /dev/null into a regular file for every later
``> /dev/null`` on the machine, and ``-o /dev/stdout | …`` never reached the pipe. Devices
need root to create, so a FIFO stands in for them (both are "not a regular file").
"""

from __future__ import annotations

import os
import stat
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from helpers import run_cli


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "ausgabe"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("args", [["validate", "--format", "json"],
                                  ["pack", "--alle"]])
def test_output_goes_into_the_pipe_and_the_pipe_stays(
    args: list[str], fifo: Path, example: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(example)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, as `| less` would be
    try:
        code, out, err = run_cli([*args, "-o", str(fifo)], monkeypatch, capsys)
        assert code == 0, out + err
        written = _read_all(reader)  # everything fits the pipe's buffer (< 64 KiB)
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # not replaced by a regular file
    assert not [p.name for p in fifo.parent.iterdir() if p.name.endswith(".tmp")]
    if args[0] == "pack":
        with zipfile.ZipFile(BytesIO(written)) as package:
            assert "prozesskit-paket.json" in package.namelist()
            assert package.testzip() is None
    else:
        assert written.lstrip().startswith(b"{") and b'"problems"' in written


@pytest.mark.parametrize("args", [["validate", "--format", "json"],
                                  ["pack", "--alle"]])
def test_a_pipe_nobody_reads_is_refused_not_waited_for(
    args: list[str], fifo: Path, example: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(example)
    code, out, err = run_cli([*args, "-o", str(fifo)], monkeypatch, capsys)
    assert code == 2
    assert "niemand liest aus dieser Pipe" in out + err
    assert str(fifo) in out + err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
