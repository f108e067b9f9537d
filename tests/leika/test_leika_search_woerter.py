"""Whole compounds the lexicon knows, compound heads, and typos in `leika SUCHE`
(DEFECTS11 findings 2 and 8)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from prozesskit.cli import app
from prozesskit.leika.catalog import LeikaCatalog
from prozesskit.leika.lexicon import load_lexicon
from prozesskit.leika.search import field_text, index_for, search, search_corrected
from prozesskit.leika.text import stem, stems, words
from prozesskit.leika.tippfehler import Woerter, distance, max_distance


def keys(catalog: LeikaCatalog, query: str, limit: int) -> list[str]:
    return [hit.leistung.key for hit in search_corrected(catalog, query, limit=limit).hits]


@pytest.mark.parametrize(("query", "key"), [
    ("Hundemarke", "99102013000000"),  # Hundesteuer, not "Hund" + "Marke" (Markenrecht)
    ("Umzugswagen", "99108011000000"),  # Parkplatzabsperrung für Umzug Halteverbotszone
])
def test_lexicon_entry_for_a_whole_compound_wins_over_its_parts(
        catalog: LeikaCatalog, query: str, key: str) -> None:
    assert key in keys(catalog, query, 2)


def test_lexicon_head_of_a_compound_beats_its_modifier(catalog: LeikaCatalog) -> None:
    """"Parkknöllchen" is a Knöllchen (lexicon: Bußgelder), not a parking permit."""
    assert keys(catalog, "Parkknöllchen", 1) == ["99108031000000"]


def test_every_lexicon_entry_for_a_compound_finds_its_catalogue_words(
        catalog: LeikaCatalog) -> None:
    """An entry for a compound the catalogue lacks must *work*, not only exist: one of
    the top three Leistungen carries one of its catalogue words (before, the split into
    parts overrode 27 of these 100 entries)."""
    index = index_for(catalog)
    failing = []
    checked = 0
    for entry in load_lexicon():
        typed = words(entry.word)
        if len(typed) != 1 or stem(typed[0]) in index.postings \
                or not index.split(stem(typed[0])):
            continue
        checked += 1
        targets = {stem(w) for target in entry.targets for w in words(target)}
        hits = search_corrected(catalog, entry.word, limit=3).hits
        found = {s for hit in hits for name in ("bezeichnung", "ozg_leistung",
                                                "rechtsgrundlage")
                 for s in stems(field_text(hit.leistung, name))}
        if not any(t in s for t in targets for s in found):
            failing.append((entry.line, entry.word))
    assert checked >= 90
    assert failing == []


@pytest.mark.parametrize(("query", "searched", "key"), [
    ("Persnalausweis", "Personalausweis", "99008001"),
    ("Baugenemigung", "Baugenehmigung", "99012008"),
    ("Fürerschein verloren", "Führerschein verloren", "99023001036"),
    ("kindergelt", "Kindergeld", "99041008"),  # as the catalogue writes it
])
def test_typo_is_searched_as_the_nearest_known_word(
        catalog: LeikaCatalog, query: str, searched: str, key: str) -> None:
    result = search_corrected(catalog, query, limit=3)
    assert result.corrected == searched
    assert result.hits and result.hits[0].leistung.key.startswith(key)


def test_vorschlagen_search_takes_words_as_written(catalog: LeikaCatalog) -> None:
    """``vorschlagen`` searches with a Steckbrief's words: names are no typos."""
    assert search(catalog, "Persnalausweis") == []


def test_known_words_and_short_words_are_not_corrected(catalog: LeikaCatalog) -> None:
    assert search_corrected(catalog, "Personalausweis beantragen").corrected is None
    assert search_corrected(catalog, "Reisepass").corrected is None
    # four letters: too many words are one letter away ("Pass", "Gast", "Last")
    assert search_corrected(catalog, "Pxss").corrected is None
    # a real word two edits from a catalogue word ("Befahren") is no typo: 8 letters
    # allow one edit only
    assert search_corrected(catalog, "Parkknöllchen bezahlen").corrected is None
    nothing = search_corrected(catalog, "Xyzzyqw")
    assert nothing.hits == [] and nothing.corrected is None


def test_distance_counts_swaps_as_one_edit_and_stops_at_the_limit() -> None:
    assert distance("personalausweis", "persnalausweis", 2) == 1
    assert distance("ausweis", "auswies", 1) == 1  # swapped neighbours
    assert distance("kindergeld", "kinder", 2) == 3  # beyond the limit: limit + 1
    assert [max_distance(w) for w in ("pass", "gelds", "bezahlen", "kindergelt")] == [
        0, 1, 1, 2]


def test_nearest_prefers_the_word_more_leistungen_use() -> None:
    known = Woerter.of({"kindergeld": 5, "kindergelder": 1, "elterngeld": 3})
    assert known.nearest("kindergelt") == "kindergeld"
    assert known.nearest("kindergeld") is None  # known itself
    assert known.nearest("xyzabcdef") is None


def test_cli_says_meinten_sie_and_searches_the_correction() -> None:
    result = CliRunner().invoke(app, ["leika", "suche", "-n", "3", "Persnalausweis"])
    assert result.exit_code == 0, result.output
    assert "Meinten Sie: Personalausweis?" in result.output
    assert "'Persnalausweis' kennt der Katalog nicht" in result.output
    assert "99008001" in result.output


def test_cli_json_names_the_query_searched_instead() -> None:
    result = CliRunner().invoke(app, ["leika", "suche", "-f", "json", "-n", "2",
                                      "Baugenemigung"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["suche"] == "Baugenemigung"
    assert data["gesucht_als"] == "Baugenehmigung"
    assert data["treffer"][0]["leika"].startswith("99012008")
    plain = CliRunner().invoke(app, ["leika", "suche", "-f", "json", "Baugenehmigung"])
    assert json.loads(plain.output)["gesucht_als"] is None
