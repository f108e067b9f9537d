"""A Blaupause correction reaches a register made from the older catalogue: merged on a
Steckbrief exactly as ``init --blueprint gemeinde`` renders it (Register API, in memory)."""

from __future__ import annotations

import prozesskit
from prozesskit.diff.steckbrief import read_document
from prozesskit.library.merge3 import merge3
from prozesskit.library.status import Stand, classify

ID = "abfallbehaelter-an-und-abmelden"


def _edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_catalogue_correction_merged_into_the_members_edited_steckbrief() -> None:
    base = prozesskit.open_source("prozesskit:gemeinde")[ID].raw.decode()
    assert "  bereich: '11'\n" in base  # the blueprint writes single quotes
    member = (
        ("organisationseinheit: Bauamt (Abfall)\n",
         "organisationseinheit: Bauamt (Abfall)\n"
         "# seit 2026 beim Kommunalbetrieb\nprozessverantwortlich: Betriebsleitung  # neu\n"),
        ("status: aktiv", "status: in_pruefung"),
    )
    correction = (
        ("name: Abfallbehälter an- und abmelden\n",
         "name: Abfallbehälter an- und abmelden\n"
         "beschreibung: Restmüll-, Bio- und Papiertonnen an-, ab- und ummelden.\n"),
        ("  bezeichnung: Abfallwirtschaft\n",
         "  bezeichnung: Abfallwirtschaft\n  gruppe: '11.02'\n"),
        ("  version: '2026.1'", "  version: '2026.2'"),
    )
    local, upstream = _edit(base, *member), _edit(base, *correction)
    assert classify(*(read_document(text.encode(), "x") for text in (base, local, upstream))) \
        is Stand.BEIDSEITIG_GEAENDERT

    result = merge3(base.encode(), local.encode(), upstream.encode(), file=f"steckbriefe/{ID}.yaml")

    assert result.conflicts == ()
    assert result.text.decode() == _edit(local, *correction)
    assert [change.where for change in result.applied] == [
        "beschreibung", "produkt.gruppe", "herkunft.version"]
