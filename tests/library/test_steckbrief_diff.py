"""Field-level diff of Steckbriefe on real files of the example register."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import DATA, EXAMPLE, run_cli
from prozesskit.diff.steckbrief import (
    ABSENT,
    FieldChange,
    Item,
    Record,
    compare,
    diff_documents,
    format_path,
    read_document,
    render,
    render_text,
)

BAU = (DATA / "library" / "baugenehmigung-kommentiert.yaml").read_text("utf-8")
ORIGINAL = (EXAMPLE / "steckbriefe" / "baugenehmigung-erteilen.yaml").read_text("utf-8")


def doc(text: str) -> object:
    return read_document(text.encode(), "x.yaml")


def test_comments_and_layout_are_no_difference() -> None:
    reformatted = BAU.replace('bereich: "10"', "bereich: '10'").replace("  # kommissarisch", "")
    assert diff_documents(doc(BAU), doc(reformatted)) == []


def test_real_pair_lists_fields_with_record_keys() -> None:
    # the commented copy adds a second Rechtsgrundlage to the example's Steckbrief
    changes = diff_documents(doc(ORIGINAL), doc(BAU))
    assert changes == [FieldChange(
        ("rechtsgrundlagen", Record("name", "Baugesetzbuch (BauGB), § 36")), "added", ABSENT,
        {"name": "Baugesetzbuch (BauGB), § 36",
         "uri": "http://www.gesetze-im-internet.de/bbaug/"})]


def test_records_matched_by_key_not_position() -> None:
    reordered = BAU.replace(
        "  - name: Landesbauordnung NRW (BauO NRW 2018), § 64 und § 74\n", "").replace(
        "    uri: http://www.gesetze-im-internet.de/bbaug/\n",
        "    uri: https://www.gesetze-im-internet.de/bbaug/\n"
        "  - name: Landesbauordnung NRW (BauO NRW 2018), § 64 und § 74\n")
    changes = diff_documents(doc(BAU), doc(reordered))
    assert [(c.where, c.kind, c.old, c.new) for c in changes] == [
        ("rechtsgrundlagen[name=Baugesetzbuch (BauGB), § 36].uri", "changed",
         "http://www.gesetze-im-internet.de/bbaug/", "https://www.gesetze-im-internet.de/bbaug/")]


def test_scalar_lists_are_sets_and_types_are_strict() -> None:
    new = BAU.replace("  - Fachbehörden\n", "").replace(
        "  - Bauherrin oder Bauherr\n", "  - Prüfingenieur\n  - Bauherrin oder Bauherr\n").replace(
        "  stufe: 4", "  stufe: 4.0").replace('modell: "2.0"', "modell: 2.0")
    changes = diff_documents(doc(BAU), doc(new))
    assert [(c.path, c.kind) for c in changes] == [
        (("beteiligte", Item("Fachbehörden")), "removed"),
        (("beteiligte", Item("Prüfingenieur")), "added"),
        (("digitalisierungsgrad", "modell"), "changed"),
        (("digitalisierungsgrad", "stufe"), "changed"),
    ]


def test_list_without_keys_is_one_value_and_nested_fields_have_paths() -> None:
    old = {"modelle": [{"art": "soll", "datei": "a.bpmn"}, {"art": "soll", "datei": "b.bpmn"}],
           "kennzahlen": {"fallzahl_pro_jahr": 1}}
    new = {"modelle": [{"art": "soll", "datei": "a.bpmn"}], "kennzahlen": {}}
    changes = diff_documents(old, new)
    assert [(c.where, c.kind) for c in changes] == [
        ("modelle", "changed"), ("kennzahlen.fallzahl_pro_jahr", "removed")]


def test_renderers() -> None:
    result = compare(ORIGINAL.encode(), BAU.replace("prioritaet: hoch", "prioritaet: mittel")
                     .encode(), old_file="alt.yaml", new_file="neu.yaml")
    assert render_text(result).splitlines() == [
        "Vergleich alt.yaml → neu.yaml",
        "  + rechtsgrundlagen[name=Baugesetzbuch (BauGB), § 36]: {\"name\": \"Baugesetzbuch "
        "(BauGB), § 36\", \"uri\": \"http://www.gesetze-im-internet.de/bbaug/\"}",
        '  ~ prioritaet: "hoch" → "mittel"',
        "✖ 1 hinzugefügt, 0 entfernt, 1 geändert",
    ]
    markdown = render(result, "markdown", tool_version="9")
    assert markdown.splitlines()[0] == "### Steckbrief-Vergleich `alt.yaml` → `neu.yaml`"
    assert "| prioritaet | geändert | \"hoch\" | \"mittel\" |" in markdown
    data = json.loads(render(result, "json", tool_version="9"))
    assert data["version"] == 1 and data["kind"] == "steckbrief"
    assert data["summary"] == {"added": 1, "removed": 0, "changed": 1}
    assert data["changes"][1] == {"path": "prioritaet", "kind": "changed", "old": "hoch",
                                  "new": "mittel"}
    same_files = compare(ORIGINAL.encode(), ORIGINAL.encode(), old_file="a", new_file="b")
    assert render_text(same_files).endswith("✔ Keine Unterschiede\n")
    assert format_path(()) == "(Dokument)"


LONG = ("Hundesteuer nach der Hundesteuersatzung der Gemeinde festsetzen, Steuerbescheid "
        "erstellen und die Steuermarke ausgeben; Fälligkeit zum 1. Juli.")


@pytest.mark.parametrize("new", [
    LONG.replace("1. Juli", "15. Juli"),  # at the end
    LONG.replace("Steuerbescheid", "Bescheid"),  # in the middle
    "X" + LONG,  # at the start
])
def test_long_values_are_cut_where_they_differ(new: str) -> None:
    """Both sides of a long change used to be cut after 117 characters: a change at the end
    showed as two equal texts (black-box finding, session 10)."""
    from prozesskit.diff.steckbrief import show_values

    old_shown, new_shown = show_values(LONG, new)
    assert old_shown != new_shown
    assert len(old_shown) <= 125 and len(new_shown) <= 125  # 120 and three "…"
    base, local, upstream = show_values(LONG, new, LONG + " Ende")
    assert len({base, local, upstream}) == 3


def test_cli_shows_the_end_of_a_long_text_that_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    head = 'id: h\nname: Hundesteuer festsetzen\nprodukt:\n  bereich: "16"\n'
    old = tmp_path / "alt.yaml"
    new = tmp_path / "neu.yaml"
    old.write_text(f"{head}beschreibung: {LONG}\n", "utf-8")
    new.write_text(f"{head}beschreibung: {LONG.replace('1. Juli', '15. Juli')}\n", "utf-8")
    for fmt in ("text", "markdown"):
        code, out, _ = run_cli(["diff", str(old), str(new), "--format", fmt],
                               monkeypatch, capsys)
        assert code == 1
        assert 'zum 1. Juli."' in out and 'zum 15. Juli."' in out
