"""The catalogue keeps one process with variants where LeiKa has one Leistung per case
(Aufenthaltszweck, Kennzeichenart, Wahl, HzE-Hilfeart …), and no LeiKa key gets lost.

``tests/fixtures/blueprint-leika-keys.json`` pins, per Blaupause, the LeiKa keys the
Blaupause carried before the clusters were merged (catalogue 2026.1, 850 processes): every
one must stay reachable as a Steckbrief's ``leika`` or one of its ``varianten``. New keys
may come; a key that goes needs a conscious edit of the pinned file.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from prozesskit.init.catalogue import Catalogue, derive, load_catalogue

REPO = Path(__file__).resolve().parent.parent
PINNED = json.loads((REPO / "tests" / "fixtures" / "blueprint-leika-keys.json")
                    .read_text(encoding="utf-8"))
#: Sizes per Blaupause after merging (issue 16); ``kreisfreie-stadt`` follows from kreis ∪ stadt.
MINDESTENS = {"kreis": 450, "stadt": 450, "gemeinde": 320}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(REPO / "blueprints")


def _keys(steckbrief: dict[str, Any]) -> list[str]:
    keys = [steckbrief["leika"]] if steckbrief.get("leika") else []
    return keys + [v["leika"] for v in steckbrief.get("varianten", ())]


@pytest.mark.parametrize("blaupause", sorted(PINNED))
def test_no_leika_key_is_lost(cat: Catalogue, blaupause: str) -> None:
    reachable = {key for sb in derive(cat, blaupause) for key in _keys(sb)}
    assert sorted(set(PINNED[blaupause]) - reachable) == []


@pytest.mark.parametrize("blaupause", sorted(MINDESTENS))
def test_sizes_after_merging(cat: Catalogue, blaupause: str) -> None:
    derived = derive(cat, blaupause)
    assert len(derived) >= MINDESTENS[blaupause]
    assert all(sb.get("quelle") for sb in derived)


@pytest.mark.parametrize("blaupause", sorted(PINNED))
def test_each_key_names_one_process_per_blaupause(cat: Catalogue, blaupause: str) -> None:
    """What PK-S023 checks in a register made from the Blaupause: a key twice only where two
    Organisationseinheiten provide the Leistung (Standesamt and Jugendamt beurkunden)."""
    holders: dict[str, list[dict[str, Any]]] = {}
    for sb in derive(cat, blaupause):
        for key in dict.fromkeys(_keys(sb)):
            holders.setdefault(key, []).append(sb)
    for key, steckbriefe in holders.items():
        oes = Counter(sb.get("organisationseinheit") for sb in steckbriefe)
        assert max(oes.values()) == 1 and None not in oes, (key, [sb["id"] for sb in steckbriefe])


#: The clusters issue 16 named, by the process that now holds them, and how many LeiKa
#: Leistungen each covers at least (main key + variants).
CLUSTERS = {
    "aufenthaltserlaubnis-erteilen": 19,
    "fahrzeug-zulassen": 7,
    "kennzeichen-zuteilen": 11,
    "personalausweis-ausstellen": 6,
    "reisepass-ausstellen": 6,
    "waehlerverzeichnis-anlegen": 4,
    "grad-der-behinderung-feststellen": 2,
    "hilfe-zur-erziehung-gewaehren": 9,
}


def test_named_clusters_are_one_process_each(cat: Catalogue) -> None:
    by_id = {e.data["id"]: e.data for e in cat.entries}
    assert {sid: len(_keys(by_id[sid])) >= n for sid, n in CLUSTERS.items()} == dict.fromkeys(
        CLUSTERS, True)
    names = [e.data["name"] for e in cat.entries]
    # no process is left per Aufenthaltszweck, Kennzeichenart or Wahl
    assert [n for n in names if n.startswith("Aufenthaltserlaubnis ") and n.endswith(
        " erteilen") and n != "Aufenthaltserlaubnis erteilen"] == []
    assert [n for n in names if "kennzeichen zuteilen" in n.lower()
            and n != "Kennzeichen zuteilen"] == []
    assert [n for n in names if n.startswith("Wählerverzeichnis zur")] == []


# --- the generator's input format ----------------------------------------------------------


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_catalogue", REPO / "tools" / "build_catalogue.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _generator()


@pytest.fixture(scope="module")
def sources(gen: ModuleType) -> Any:
    return gen.load_sources(REPO / "tests" / "data" / "reference")


GROUP = {"thema": "Test", "bereich": "02", "oe": "Ausländerbehörde", "ebenen": ["kreis"]}


def test_generator_writes_variants_after_the_main_key(gen: ModuleType, sources: Any) -> None:
    entry = gen.build_entry(GROUP, {"ref": "99010001001000", "varianten": [
        "99010001001027 zum Studium", "99010001001008 zur Berufsausbildung"]}, sources, "x")
    keys = list(entry)
    assert keys[keys.index("leika") + 1] == "varianten"
    assert entry["varianten"] == [{"leika": "99010001001027", "name": "zum Studium"},
                                  {"leika": "99010001001008", "name": "zur Berufsausbildung"}]


@pytest.mark.parametrize(("varianten", "message"), [
    (["99010001001999 unbekannt"], "fehlt in leika-2019.csv"),
    (["99010001001000 der Hauptschlüssel"], "doppelt im Prozess"),
    (["99010001001027 a", "99010001001027 b"], "doppelt im Prozess"),
    (["99010001001027"], "nicht lesbar"),
    ([], "braucht eine Liste"),
])
def test_generator_refuses_bad_variants(gen: ModuleType, sources: Any, varianten: list[str],
                                        message: str) -> None:
    with pytest.raises(gen.BuildError, match=message):
        gen.build_entry(GROUP, {"ref": "99010001001000", "varianten": varianten}, sources, "x")


def test_generator_refuses_a_variant_key_in_another_process(
        gen: ModuleType, sources: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "01-test.yaml").write_text("""\
- thema: Test
  bereich: "02"
  oe: Ausländerbehörde
  ebenen: [kreis]
  prozesse:
    - ref: "99010001001000"
      varianten: ["99010001001027 zum Studium"]
    - 99010001001027 Aufenthaltserlaubnis zum Studium erteilen
""", encoding="utf-8")
    monkeypatch.setattr(gen, "CURATED", tmp_path)
    with pytest.raises(gen.BuildError, match="Variantenschlüssel auch in einem anderen Prozess: "
                                             "99010001001027"):
        gen.build(sources)
