"""``site`` run again on a register folder: the summaries of unchanged Steckbriefe come from
the cache, only changed files are parsed, and the result is the cold build, byte for byte."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Collection
from pathlib import Path

import pytest
from website_helpers import check_links, parse

from helpers import EXAMPLE, run_cli
from prozesskit.register.view import Register, SteckbriefFile
from prozesskit.site import build_site
from prozesskit.site.cache import CACHE_FILE
from prozesskit.site.inputs import SiteInput
from prozesskit.validation.layout import CACHE_DIR

GEWERBE = "gewerbeanmeldung-entgegennehmen"
GEWERBE_MODEL = f"modelle/{GEWERBE}.ist.bpmn"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_as_cold(register: Path, out: Path, tmp_path: Path, name: str) -> None:
    """The folder ``out`` (built incrementally) holds exactly the files, with exactly the
    bytes, of a cold build of ``register`` from the Register view into a new folder."""
    cold = tmp_path / f"kalt-{name}"
    build_site(Register.open(register), cold)
    expected, found = _files(cold), _files(out)
    assert sorted(found) == sorted(expected), name
    for rel, data in expected.items():
        assert found[rel] == data, f"{name}: {rel} weicht vom kalten Bau ab"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The Steckbriefe the incremental builds parsed (clear it before a build)."""
    seen: set[str] = set()
    original = SiteInput.parse

    def spy(self: SiteInput, paths: Collection[str]) -> dict[str, SteckbriefFile]:
        if self.root is not None:
            seen.update(paths)
        return original(self, paths)

    monkeypatch.setattr(SiteInput, "parse", spy)
    return seen


def _build(target: Path, out: Path, parsed: set[str]) -> set[str]:
    """Build incrementally; the Steckbriefe this build parsed."""
    parsed.clear()
    build_site(target, out)
    return set(parsed)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit(root: Path) -> None:
    _replace(root / "steckbriefe/wohngeld-bewilligen.yaml", "beschreibung: ",
             "beschreibung: Zuschuss zur Miete. ")


def _status(root: Path) -> None:
    _replace(root / "steckbriefe/wohngeld-bewilligen.yaml", "status: nicht_modelliert",
             "status: in_modellierung")


def _delete(root: Path) -> None:
    (root / "steckbriefe/stelle-ausschreiben.yaml").unlink()


def _add(root: Path) -> None:
    text = (root / "steckbriefe/fahrzeug-zulassen.yaml").read_text(encoding="utf-8")
    (root / "steckbriefe/fahrzeug-abmelden.yaml").write_text(
        text.replace("id: fahrzeug-zulassen", "id: fahrzeug-abmelden")
            .replace("name: Fahrzeug zulassen", "name: Fahrzeug abmelden"), encoding="utf-8")


def _rename(root: Path) -> None:
    (root / "steckbriefe/geburt-beurkunden.yaml").rename(root / "steckbriefe/geburt.yaml")


def _duplicate(root: Path) -> None:
    shutil.copy(root / "steckbriefe/geburt.yaml", root / "steckbriefe/a-geburt-kopie.yaml")


def _model(root: Path) -> None:
    path = root / GEWERBE_MODEL
    path.write_bytes(path.read_bytes().replace(b'name="', b'name="Neu: ', 1))


def _model_rename(root: Path) -> None:
    (root / GEWERBE_MODEL).rename(root / "modelle/gewerbe.bpmn")


def _model_link(root: Path) -> None:
    _replace(root / f"steckbriefe/{GEWERBE}.yaml", GEWERBE_MODEL, "modelle/gewerbe.bpmn")


def _model_delete(root: Path) -> None:
    (root / "modelle/gewerbe.bpmn").unlink()


def _broken(root: Path) -> None:
    (root / "steckbriefe/kaputt.yaml").write_text("id: kaputt\nname: [offen\n", encoding="utf-8")


def _kommune(root: Path) -> None:
    _replace(root / "prozesskit.yaml", "name: Kreis Musterland", "name: Kreis Neuland")


STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("Beschreibung geändert", _edit),
    ("Status geändert (Karte und Kennzahlen)", _status),
    ("Steckbrief gelöscht", _delete),
    ("Steckbrief hinzugefügt", _add),
    ("Steckbrief umbenannt (gleicher Inhalt)", _rename),
    ("zweite Datei mit derselben id", _duplicate),
    ("Modell geändert", _model),
    ("Modell umbenannt (Verweis zeigt ins Leere)", _model_rename),
    ("Verweis auf das umbenannte Modell", _model_link),
    ("Modell gelöscht", _model_delete),
    ("kaputter Steckbrief", _broken),
    ("Kommune umbenannt (jede Seite neu)", _kommune),
]


def test_incremental_equals_cold_after_each_kind_of_change(tmp_path: Path,
                                                           parsed: set[str]) -> None:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("cache"))
    out = tmp_path / "public"
    # cold through the folder: nothing cached yet, every Steckbrief parsed
    assert len(_build(target, out, parsed)) == 8
    assert (target / CACHE_DIR / CACHE_FILE).is_file()
    assert_same_as_cold(target, out, tmp_path, "erster Bau")
    again = build_site(target, out)
    assert again.written == () and again.deleted == ()
    assert _build(target, out, parsed) == set()  # every summary cached, every page current
    seen = {}
    for number, (name, change) in enumerate(STEPS):
        change(target)
        seen[name] = _build(target, out, parsed)
        assert_same_as_cold(target, out, tmp_path, f"{number}-{name}")
    assert seen["Beschreibung geändert"] == {"steckbriefe/wohngeld-bewilligen.yaml"}
    assert seen["Steckbrief gelöscht"] == set()
    assert seen["Steckbrief hinzugefügt"] == {"steckbriefe/fahrzeug-abmelden.yaml"}
    # a renamed file keeps its cached summary, but its page names the file: drawn again
    assert seen["Steckbrief umbenannt (gleicher Inhalt)"] == {"steckbriefe/geburt.yaml"}
    assert seen["Modell geändert"] == {f"steckbriefe/{GEWERBE}.yaml"}  # its page only
    assert len(seen["Kommune umbenannt (jede Seite neu)"]) == 8  # every page drawn again
    assert "Fahrzeug abmelden" in (out / "prozesse" / "fahrzeug-abmelden.html").read_text(
        encoding="utf-8")
    # the first file of an id has the page: since the copy came, that is the copy
    page = parse(out / "prozesse" / "geburt-beurkunden.html").text_content()
    assert "steckbriefe/a-geburt-kopie.yaml" in page
    assert "steckbriefe/geburt.yaml" in parse(out / "index.html").text_content()  # the note
    check_links(out)


def test_cache_not_sealed_by_this_user_is_ignored(tmp_path: Path) -> None:
    """A cache planted in a shared register (say, committed with ``git add -f``) must not
    put words into the site: only this user's sealed cache counts."""
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("cache"))
    out = tmp_path / "public"
    build_site(target, out)
    cache = target / CACHE_DIR / CACHE_FILE
    sealed = cache.read_bytes()
    head, _, payload = sealed.partition(b"\n")
    forged = payload.replace(b"Wohngeld bewilligen", "Gefälscht".encode())
    assert forged != payload
    cache.write_bytes(forged)  # without the seal
    shutil.rmtree(out)
    build_site(target, out)
    assert "Gefälscht" not in (out / "index.html").read_text(encoding="utf-8")
    cache.write_bytes(head + b"\n" + forged)  # the old seal over other content
    shutil.rmtree(out)
    build_site(target, out)
    assert "Gefälscht" not in (out / "index.html").read_text(encoding="utf-8")
    assert_same_as_cold(target, out, tmp_path, "fremder Cache")


def test_cli_reads_the_folder_incrementally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str],
                                            parsed: set[str]) -> None:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("cache"))
    out = tmp_path / "public"
    code, _, err = run_cli(["site", str(target), "-o", str(out)], monkeypatch, capsys)
    assert code == 0, err
    path = target / "steckbriefe" / "fahrzeug-zulassen.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: Kfz: ", 1),
                    encoding="utf-8")
    parsed.clear()
    code, text, err = run_cli(["site", str(target), "-o", str(out)], monkeypatch, capsys)
    assert code == 0, err
    assert parsed == {"steckbriefe/fahrzeug-zulassen.yaml"}
    # its page, the map and the search index show the name; the Kennzahlen do not
    assert "3 Dateien neu geschrieben" in text
    assert_same_as_cold(target, out, tmp_path, "CLI")
