"""Field-level 3-way merge on real Steckbriefe: exact text, so comments, key order and
quoting are checked, not only the data."""

from __future__ import annotations

import pytest

from helpers import DATA, EXAMPLE
from prozesskit.diff.steckbrief import ABSENT, Item, Record, read_document
from prozesskit.errors import InputError
from prozesskit.library.merge3 import MergeResult, Side, merge3

BASE = (DATA / "library" / "baugenehmigung-kommentiert.yaml").read_text("utf-8")
WOHNGELD = (EXAMPLE / "steckbriefe" / "wohngeld-bewilligen.yaml").read_text("utf-8")


def edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def run(base: str | None, local: str, upstream: str, resolve: Side | None = None,
        resolutions: dict[str, Side] | None = None) -> MergeResult:
    return merge3(None if base is None else base.encode(), local.encode(), upstream.encode(),
                  file="steckbriefe/baugenehmigung-erteilen.yaml", resolve=resolve,
                  resolutions=resolutions)


UP_OE = ("organisationseinheit: Untere Bauaufsichtsbehörde",
         "organisationseinheit: Bauaufsicht (untere Bauaufsichtsbehörde)")
LOCAL_FALL = ("fallzahl_pro_jahr: 1200", "fallzahl_pro_jahr: 1350")


def test_both_edit_different_fields_merge_keeps_comments_order_quoting() -> None:
    local = edit(BASE, LOCAL_FALL)
    upstream = edit(BASE, UP_OE, ('  gruppe: "10.01"', '  gruppe: "10.02"'))
    result = run(BASE, local, upstream)
    assert result.text.decode() == edit(BASE, LOCAL_FALL, UP_OE,
                                        ('  gruppe: "10.01"', '  gruppe: "10.02"'))
    assert [change.where for change in result.applied] == ["produkt.gruppe",
                                                           "organisationseinheit"]
    assert result.conflicts == ()


def test_upstream_change_on_the_unedited_example_is_byte_exact() -> None:
    local = edit(WOHNGELD, ("bearbeitungszeit_min: 95", "bearbeitungszeit_min: 80"))
    upstream = edit(WOHNGELD, ('bereich: "05"', 'bereich: "06"'),
                    ("prioritaet: mittel", "prioritaet: hoch"))
    result = merge3(WOHNGELD.encode(), local.encode(), upstream.encode(), file="w.yaml")
    assert result.text.decode() == edit(local, ('bereich: "05"', 'bereich: "06"'),
                                        ("prioritaet: mittel", "prioritaet: hoch"))


def test_conflict_is_reported_local_untouched_then_theirs_resolves() -> None:
    local = edit(BASE, ("ausloeser: Bauantrag geht ein", "ausloeser: Bauantrag geht digital ein"))
    upstream = edit(BASE, ("ausloeser: Bauantrag geht ein", "ausloeser: Antrag über BauPortal"),
                    UP_OE)
    result = run(BASE, local, upstream)
    assert [(c.where, c.base, c.local, c.upstream) for c in result.conflicts] == [
        ("ausloeser", "Bauantrag geht ein", "Bauantrag geht digital ein",
         "Antrag über BauPortal")]
    # the non-conflicting upstream change is taken, the conflicting field stays local
    assert result.text.decode() == edit(local, UP_OE)
    assert "<<<<" not in result.text.decode()

    theirs = run(BASE, local, upstream, resolve="theirs")
    assert theirs.conflicts == ()
    assert [c.where for c in theirs.resolved] == ["ausloeser"]
    assert theirs.text.decode() == upstream

    ours = run(BASE, local, upstream, resolve="ours")
    assert ours.conflicts == () and ours.text.decode() == edit(local, UP_OE)


def test_resolution_per_field() -> None:
    local = edit(BASE, ("prioritaet: hoch", "prioritaet: mittel"),
                 ("status: aktiv", "status: in_pruefung"))
    upstream = edit(BASE, ("prioritaet: hoch", "prioritaet: niedrig"),
                    ("status: aktiv", "status: entfaellt"))
    result = run(BASE, local, upstream, resolutions={"status": "theirs"})
    assert [c.where for c in result.conflicts] == ["prioritaet"]
    assert result.text.decode() == edit(local, ("status: in_pruefung", "status: entfaellt"))


def test_identical_change_on_both_sides_is_no_conflict() -> None:
    both = edit(BASE, UP_OE, LOCAL_FALL)
    result = run(BASE, both, edit(BASE, UP_OE))
    assert result.conflicts == () and result.applied == ()
    assert result.text == both.encode()


def test_record_added_upstream_and_removed_locally() -> None:
    bundesrecht = ("  # Bundesrecht\n  - name: Baugesetzbuch (BauGB), § 36\n"
                   "    uri: http://www.gesetze-im-internet.de/bbaug/\n")
    local = edit(BASE, (bundesrecht, ""))
    new_record = ("  - name: Bauvorlagenverordnung NRW (BauPrüfVO)\n"
                  "    uri: https://recht.nrw.de/\n")
    upstream = edit(BASE, (bundesrecht, bundesrecht + new_record))
    result = run(BASE, local, upstream)
    assert result.conflicts == ()
    assert [(c.path, c.kind) for c in result.applied] == [
        (("rechtsgrundlagen", Record("name", "Bauvorlagenverordnung NRW (BauPrüfVO)")), "added")]
    # added after its upstream predecessor the member still has, before the next key's comment
    assert result.text.decode() == edit(local, (
        "# Auslöser und Ergebnis", new_record + "# Auslöser und Ergebnis"))


def test_record_removed_upstream_keeps_the_next_keys_comment() -> None:
    bundesrecht = ("  # Bundesrecht\n  - name: Baugesetzbuch (BauGB), § 36\n"
                   "    uri: http://www.gesetze-im-internet.de/bbaug/\n")
    result = run(BASE, BASE, edit(BASE, (bundesrecht, "")))
    assert [(c.path, c.kind) for c in result.applied] == [
        (("rechtsgrundlagen", Record("name", "Baugesetzbuch (BauGB), § 36")), "removed")]
    text = result.text.decode()
    assert text == edit(BASE, (bundesrecht, ""))
    assert "# Auslöser und Ergebnis wie in der Bibliothek\nausloeser:" in text


def test_record_field_changed_upstream_matched_by_key_not_position() -> None:
    # the member put a new record first: positions differ, keys do not
    local = edit(BASE, ("rechtsgrundlagen:\n", "rechtsgrundlagen:\n  - name: Kreissatzung\n"))
    upstream = edit(BASE, ("    uri: http://www.gesetze-im-internet.de/bbaug/",
                           "    uri: https://www.gesetze-im-internet.de/bbaug/"))
    result = run(BASE, local, upstream)
    assert result.text.decode() == edit(local, ("http://www.gesetze-im-internet.de/bbaug/",
                                                "https://www.gesetze-im-internet.de/bbaug/"))


def test_deleting_a_key_keeps_the_comment_of_the_next_key() -> None:
    """ruamel keeps '# Zuständigkeit ...' on the entry before: deleting produkt.bezeichnung
    would drop it with a plain ``del``."""
    upstream = edit(BASE, ("  bezeichnung: Bauaufsicht\n", ""))
    result = run(BASE, BASE, upstream)
    assert result.text.decode() == upstream
    assert [(c.where, c.kind) for c in result.applied] == [("produkt.bezeichnung", "removed")]


def test_deleting_a_top_level_key_drops_its_own_comment_keeps_the_next() -> None:
    upstream = edit(BASE, ("# Zuständigkeit laut Geschäftsverteilungsplan 2026\n"
                           "organisationseinheit: Untere Bauaufsichtsbehörde\n", ""))
    result = run(BASE, BASE, upstream)
    assert result.text.decode() == upstream


def test_deleting_the_last_key_of_a_block_before_a_commented_key() -> None:
    upstream = edit(BASE, ("ergebnis: Baugenehmigung erteilt oder Antrag abgelehnt\n", ""))
    assert run(BASE, BASE, upstream).text.decode() == upstream
    upstream = edit(BASE, ("  - Fachbehörden\n", ""))
    result = run(BASE, BASE, upstream)
    assert result.text.decode() == upstream
    assert [c.path for c in result.applied] == [("beteiligte", Item("Fachbehörden"))]


def test_inserting_a_key_lands_before_the_next_keys_comment() -> None:
    """An insert after 'produkt' must not go below '# Zuständigkeit ...'."""
    upstream = edit(BASE, ("  bezeichnung: Bauaufsicht\n",
                           "  bezeichnung: Bauaufsicht\nleika: \"99012008001000\"\n"))
    result = run(BASE, edit(BASE, LOCAL_FALL), upstream)
    assert result.text.decode() == edit(upstream, LOCAL_FALL)


def test_inserted_string_that_reads_as_number_takes_the_local_quote_style() -> None:
    upstream = edit(BASE, ("  stufe: 4\n", "  stufe: 4\n  stand: \"2026\"\n"))
    assert run(BASE, BASE, upstream).text.decode() == upstream


@pytest.mark.parametrize("value", ["12:30", "yes", "on", "Off", "1:30", "0o17", "2026-12-06"])
@pytest.mark.parametrize("quote", ['"', "'"])
def test_inserted_text_a_yaml_1_1_reader_would_take_for_something_else_stays_quoted(
        value: str, quote: str) -> None:
    """Upstream quoted ``sprechzeit_ab: "12:30"`` on purpose: a script with PyYAML
    (YAML 1.1) reads the plain ``12:30`` as 750 and ``yes`` as true (black-box finding,
    session 10). The value is taken quoted, in the local file's quote style."""
    import yaml

    local = BASE if quote == '"' else BASE.replace('"', "'")
    upstream = edit(local, ("  stufe: 4\n", f"  stufe: 4\n  stand: {quote}{value}{quote}\n"))
    text = run(BASE if quote == '"' else local, local, upstream).text.decode()
    assert text == upstream
    assert yaml.safe_load(text)["digitalisierungsgrad"]["stand"] == value


def test_scalar_lists_merge_as_sets() -> None:
    local = edit(BASE, ("  - Fachbehörden\n", "  - Fachbehörden\n  - Denkmalbehörde\n"))
    upstream = edit(BASE, ("  - Bauherrin oder Bauherr\n", ""),
                    ("  - Fachbehörden\n", "  - Fachbehörden\n  - Prüfingenieur\n"))
    result = run(BASE, local, upstream)
    assert result.conflicts == ()
    assert result.text.decode() == edit(
        local, ("  - Bauherrin oder Bauherr\n", ""),
        # an added item goes after its upstream predecessor
        ("  - Fachbehörden\n", "  - Fachbehörden\n  - Prüfingenieur\n"))


def test_upstream_deletes_a_field_the_member_changed_is_a_conflict() -> None:
    local = edit(BASE, ("durchlaufzeit_tage: 62", "durchlaufzeit_tage: 55"))
    upstream = edit(BASE, ("  durchlaufzeit_tage: 62\n", ""))
    result = run(BASE, local, upstream)
    [conflict] = result.conflicts
    assert (conflict.where, conflict.local, conflict.upstream) == (
        "kennzahlen.durchlaufzeit_tage", 55, ABSENT)
    assert result.text.decode() == local
    assert run(BASE, local, upstream, resolve="theirs").text.decode() == upstream


def test_without_a_base_differing_fields_are_conflicts() -> None:
    result = run(None, edit(BASE, LOCAL_FALL), edit(BASE, UP_OE))
    assert sorted(c.where for c in result.conflicts) == ["kennzahlen.fallzahl_pro_jahr",
                                                          "organisationseinheit"]
    assert result.applied == ()


def test_nothing_to_take_returns_the_local_bytes_unchanged() -> None:
    local = "\ufeff" + edit(BASE, LOCAL_FALL)
    result = run(BASE, local, BASE)
    assert result.text == local.encode() and not result.changed


def test_bom_is_kept() -> None:
    local = "\ufeff" + BASE
    result = run(BASE, local, edit(BASE, UP_OE))
    assert result.text == ("\ufeff" + edit(BASE, UP_OE)).encode()


@pytest.mark.parametrize(("text", "words"), [
    ("- nur\n- eine Liste\n", "Schlüssel: Wert"),
    ("id: x\nname: [kaputt\n", "Zeile"),
    ("id: x\n\tname: Tab\n", "Tabulator"),
])
def test_unusable_local_file_is_a_german_error(text: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        run(BASE, text, BASE)
    message = str(caught.value)
    assert message.startswith("steckbriefe/baugenehmigung-erteilen.yaml")
    assert words in message or (words == "Zeile" and caught.value.line)


def test_unusable_upstream_names_the_source() -> None:
    with pytest.raises(InputError, match="Quelle"):
        run(BASE, BASE, "id: [\n")
    assert read_document(BASE.encode(), "x")["id"] == "baugenehmigung-erteilen"


NESTED = '''id: x
produkt:
  bereich: "10"
  # Gruppe laut Produktplan
  gruppe: "10.01"
kennzahlen:
  fallzahl_pro_jahr: 5
status: aktiv
'''


def test_deleting_the_first_key_of_a_nested_mapping_keeps_the_next_comment() -> None:
    upstream = edit(NESTED, ('  bereich: "10"\n', ""))
    result = merge3(NESTED.encode(), NESTED.encode(), upstream.encode(), file="x.yaml")
    assert result.text.decode() == upstream


def test_field_deleted_locally_and_changed_upstream_theirs_puts_it_back_in_place() -> None:
    local = edit(NESTED, ("kennzahlen:\n  fallzahl_pro_jahr: 5\n", ""))
    upstream = edit(NESTED, ("fallzahl_pro_jahr: 5", "fallzahl_pro_jahr: 7"))
    result = merge3(NESTED.encode(), local.encode(), upstream.encode(), file="x.yaml")
    [conflict] = result.conflicts
    assert (conflict.where, conflict.local) == ("kennzahlen", ABSENT)
    assert result.text.decode() == local
    theirs = merge3(NESTED.encode(), local.encode(), upstream.encode(), file="x.yaml",
                    resolve="theirs")
    assert theirs.text.decode() == upstream


def test_changed_value_keeps_its_end_of_line_comment_and_quoting() -> None:
    upstream = edit(BASE, ("prozessverantwortlich: Leitung Bauaufsicht  # kommissarisch",
                           "prozessverantwortlich: Amtsleitung  # kommissarisch"),
                    ('  modell: "2.0"', '  modell: "2.1"'))
    local = edit(BASE, ("  # kommissarisch", "  # kommissarisch bis 06/2026"))
    result = run(BASE, local, upstream)
    assert result.text.decode() == edit(
        local, ("Leitung Bauaufsicht  # kommissarisch", "Amtsleitung  # kommissarisch"),
        ('  modell: "2.0"', '  modell: "2.1"'))


def test_conflict_json_names_the_absent_side() -> None:
    local = edit(NESTED, ("kennzahlen:\n  fallzahl_pro_jahr: 5\n", ""))
    upstream = edit(NESTED, ("fallzahl_pro_jahr: 5", "fallzahl_pro_jahr: 7"))
    [conflict] = merge3(NESTED.encode(), local.encode(), upstream.encode(),
                        file="x.yaml").conflicts
    assert conflict.to_json() == {"path": "kennzahlen", "base": {"fallzahl_pro_jahr": 5},
                                  "local": None, "upstream": {"fallzahl_pro_jahr": 7},
                                  "absent": ["local"]}
