"""``diff`` parses only what changed: a Steckbrief whose bytes on both sides are the ones
the lock recorded is recognised by its checksum and never parsed, yet listed with its name.

Parses are counted through the view's real parser (the function wrapped, not replaced),
on a real temporary git library; the equivalence of this lazy comparison with the full
one for every diff test is checked in ``conftest.py``."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLE, empty_register, run_cli
from helpers import edit_once as _edit
from helpers import git as _git
from prozesskit.library.status import Stand
from prozesskit.library.vergleich import compare_register  # the real one, not conftest's
from prozesskit.register import view
from prozesskit.yamlio.read import head_strings, parse_yaml

BAU_FILE = "steckbriefe/baugenehmigung-erteilen.yaml"


@pytest.fixture
def member(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Path:
    """A register that imported every process of a library (v1) with its models; the
    library then renamed one process (v2)."""
    library = tmp_path / "bibliothek"
    shutil.copytree(EXAMPLE, library)
    _git(library, "init", "-q", "-b", "main")
    _git(library, "add", "-A")
    _git(library, "commit", "-qm", "v1")
    _git(library, "tag", "v1")
    target = tmp_path / "register"
    empty_register(target)
    code, _, err = run_cli(["import", f"file://{library}@v1", "--alle", "--mit-modellen",
                            "-r", str(target)], monkeypatch, capsys)
    assert code == 0, err
    _edit(target / "prozesskit.yaml", "  quelle: eingebaut\n", "  quelle: /anderswo\n")
    _edit(library / BAU_FILE, "name: Baugenehmigung erteilen\n",
          "name: Baugenehmigung erteilen (neu)\n")
    _git(library, "commit", "-qam", "umbenannt")
    _git(library, "tag", "v2")
    return target


def _counting(parsed: list[str]) -> Callable[..., Any]:
    def parse(raw: bytes, file: str, **options: Any) -> Any:
        parsed.append(file)
        return parse_yaml(raw, file, **options)
    return parse


def test_unchanged_steckbriefe_are_not_parsed(member: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    monkeypatch.setattr(view, "parse_yaml", _counting(parsed))
    result = compare_register(member, ["bibliothek@v2"])
    items = {item.id: item for item in result.quellen[0].prozesse}
    assert len(items) == len(list((EXAMPLE / "steckbriefe").glob("*.yaml")))
    changed = items["baugenehmigung-erteilen"]
    assert changed.stand is Stand.IN_DER_QUELLE_GEAENDERT
    assert [(c.path, c.new) for c in changed.quelle] == [
        (("name",), "Baugenehmigung erteilen (neu)")]
    unchanged = items["fahrzeug-zulassen"]
    assert unchanged.stand is Stand.UNVERAENDERT
    assert unchanged.name == "Fahrzeug zulassen"  # from the first lines, not a parse
    # the changed process: its file on both sides (the base is read by the comparison)
    assert sorted(set(parsed)) == [BAU_FILE]
    assert len(parsed) == 2


def test_without_checksums_every_steckbrief_is_parsed(member: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The counter sees what it should: the same comparison with nothing known parses
    every Steckbrief of both sides (what the shortcut saves)."""
    from prozesskit.library import vergleich

    parsed: list[str] = []
    monkeypatch.setattr(view, "parse_yaml", _counting(parsed))
    monkeypatch.setattr(vergleich, "local_known", lambda _lock: {})
    monkeypatch.setattr(vergleich, "upstream_known", lambda _lock, _key: {})
    compare_register(member, ["bibliothek@v2"])
    count = len(list((EXAMPLE / "steckbriefe").glob("*.yaml")))
    assert len(parsed) == 2 * count


def test_a_local_edit_is_parsed_and_shown(member: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose bytes differ from the lock's is not recognised: parsed and compared."""
    _edit(member / "steckbriefe" / "fahrzeug-zulassen.yaml", "name: Fahrzeug zulassen\n",
          "name: Fahrzeug zulassen (Kreis)\n")
    parsed: list[str] = []
    monkeypatch.setattr(view, "parse_yaml", _counting(parsed))
    result = compare_register(member, ["bibliothek@v2"])
    items = {item.id: item for item in result.quellen[0].prozesse}
    assert items["fahrzeug-zulassen"].stand is Stand.LOKAL_GEAENDERT
    assert items["fahrzeug-zulassen"].name == "Fahrzeug zulassen (Kreis)"
    assert "steckbriefe/fahrzeug-zulassen.yaml" in parsed


@pytest.mark.parametrize("text", [
    "id: a\nname: Antrag prüfen\n",
    "# Kommentar\nid: a\nname: 'Antrag: prüfen' # Kommentar\n",
    "name: \"Zeile\\n zwei\"\nid: a\n",
    "name: lang\n  und fortgesetzt\nid: a\n",
    "name: 2024-01-01\nid: 7\n",
    "name: true\nid: ~\n",
    "produkt: {bereich: '01'}\nname: [a, b]\nid: a\n",
    "id: a\nname: erster\nname: zweiter\n",
    "id: a\nname: &n Anker\nkurz: *n\n",
    "<<: {name: gemischt}\nname: explizit\nid: a\n",
    "\ufeffid: a\nname: mit BOM\n",
    "id: a\n",
])
def test_head_strings_agree_with_the_full_parse(text: str) -> None:
    raw = text.encode("utf-8")
    doc, _ = parse_yaml(raw, "x.yaml")
    assert doc is not None and isinstance(doc.data, dict)
    head = head_strings(raw, frozenset({"id", "name"}))
    assert head is not None
    for key in ("id", "name"):
        value = doc.data.get(key)
        assert head[key] == (value if isinstance(value, str) else None), key


@pytest.mark.parametrize("text", [
    "<<: {name: gemischt}\nid: a\n",  # the name comes from a merge
    "- id: a\n",  # no mapping
    "id: a\nname: *fehlt\n",  # an alias where the name would be
    "id: a\nname: [offen\n",  # a syntax error on the way
])
def test_head_strings_say_when_they_cannot_tell(text: str) -> None:
    assert head_strings(text.encode("utf-8"), frozenset({"id", "name"})) is None


def test_lazy_view_reports_what_an_eager_load_did(tmp_path: Path) -> None:
    """Problems in path order and ids as before; a file is parsed once, when first asked."""
    root = tmp_path / "register"
    shutil.copytree(EXAMPLE, root)
    (root / "steckbriefe" / "aaa-kaputt.yaml").write_text("id: a\nname: [\n", "utf-8")
    (root / "steckbriefe" / "zzz-doppelt.yaml").write_text(
        "id: zzz-doppelt\nid: nochmal\nname: x\n", "utf-8")
    register = view.Register.open(root)
    assert not any(item.parsed for item in register)
    assert register.read_problems == ()
    assert [(p.file, p.rule) for p in register.problems] == [
        ("steckbriefe/aaa-kaputt.yaml", "PK-S001"), ("steckbriefe/zzz-doppelt.yaml", "PK-S003")]
    assert all(item.parsed for item in register)
    assert "zzz-doppelt" in register and "a" not in register
    known = {BAU_FILE: view.Known(register.get("baugenehmigung-erteilen").sha256 or "",
                                  "baugenehmigung-erteilen"),
             "steckbriefe/fahrzeug-zulassen.yaml": view.Known("0" * 64, "falsch")}
    again = view.Register.open(root, known=known)
    assert again.get("baugenehmigung-erteilen") is not None
    assert again["fahrzeug-zulassen"].id == "fahrzeug-zulassen"  # hash differs: parsed
    assert not again.get("baugenehmigung-erteilen").parsed  # type: ignore[union-attr]
