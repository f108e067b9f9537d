"""Every Steckbrief of the example register: upstream changes, deletes and adds fields
while the member edits another one and comments; the merged file reads as the expected
data and keeps every line the member wrote that no upstream change touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EXAMPLE
from prozesskit.diff.steckbrief import read_document
from prozesskit.library.merge3 import merge3

FILES = sorted((EXAMPLE / "steckbriefe").glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_merge_reads_as_expected_and_keeps_the_members_lines(path: Path) -> None:
    base = path.read_text("utf-8")
    lines = base.splitlines(keepends=True)
    name = next(line for line in lines if line.startswith("name: "))
    status = next(line for line in lines if line.startswith("status: "))
    produkt = next(line for line in lines if line.startswith("produkt:"))
    # upstream: name changed, a field added after produkt's block, the organisation removed
    upstream = base.replace(name, name.rstrip("\n") + " (überarbeitet)\n")
    upstream = upstream.replace(produkt, produkt + "  plan: nkf-nrw\n")
    upstream = "".join(line for line in upstream.splitlines(keepends=True)
                       if not line.startswith("organisationseinheit: "))
    stand = [line for line in lines if line.startswith("stand: ")]
    upstream = (upstream.replace(stand[0], "stand: 2026-12-01\n") if stand
                else upstream + "stand: 2026-12-01\n")
    # member: a comment and a changed status
    local = base.replace(status, "# vom Fachamt bestätigt\nstatus: in_pruefung  # bis Q1\n")

    result = merge3(base.encode(), local.encode(), upstream.encode(), file=str(path))

    assert result.conflicts == ()
    expected = read_document(upstream.encode(), "u")
    expected["status"] = "in_pruefung"
    merged_text = result.text.decode()
    assert read_document(result.text, "m") == expected
    assert "# vom Fachamt bestätigt\nstatus: in_pruefung  # bis Q1\n" in merged_text
    kept = [line for line in local.splitlines(keepends=True)
            if line != name and not line.startswith(("organisationseinheit: ", "stand: "))]
    merged_lines = merged_text.splitlines(keepends=True)
    assert [line for line in merged_lines if line in kept] == kept  # order kept too
