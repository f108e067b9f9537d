"""fsutil.read_regular_keyed: read_regular's refusals and bound, plus the stat key taken
after the read (pack compares it with the key validate's run began with)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from prozesskit.fsutil import FileTooLarge, NotRegularFile, read_regular_keyed, stat_key


def test_bytes_and_the_key_after_reading(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"id: a\n" * 1000)
    data, key = read_regular_keyed(str(path), 1 << 20)
    assert data == path.read_bytes()
    assert key == stat_key(str(path))
    empty = tmp_path / "leer.yaml"
    empty.write_bytes(b"")
    assert read_regular_keyed(str(empty), 10)[0] == b""


def test_bound_links_and_fifos_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "gross.bpmn"
    big.write_bytes(b"x" * 101)
    with pytest.raises(FileTooLarge):
        read_regular_keyed(str(big), 100)
    link = tmp_path / "link.yaml"
    link.symlink_to(big)
    with pytest.raises(NotRegularFile):
        read_regular_keyed(str(link), 1000)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile):
        read_regular_keyed(str(fifo), 1000)


def test_read_known_reads_one_byte_more_and_keys_after(tmp_path: Path) -> None:
    """fsutil.read_known (pack's read of a file the memo vouches for): the bytes up to the
    expected size + 1 (a grown file shows), the key after the read; None for a link, a
    FIFO (opened without blocking), a folder, a missing file."""
    from prozesskit.fsutil import read_known

    path = tmp_path / "a.yaml"
    path.write_bytes(b"id: a\n" * 1000)
    found = read_known(str(path), 6000)
    assert found is not None and found == (path.read_bytes(), stat_key(str(path)))
    grown = read_known(str(path), 100)
    assert grown is not None and len(grown[0]) == 101
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    folder = tmp_path / "ordner.yaml"
    folder.mkdir()
    for other in (link, fifo, folder, tmp_path / "fehlt.yaml"):
        assert read_known(str(other), 10) is None
