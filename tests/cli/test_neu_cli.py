"""``prozesskit neu`` end to end, and PK-S021 (schema line wrong for the file's folder)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from helpers import run_cli
from prozesskit.schemas import render_all
from prozesskit.steckbrief_neu import id_from_name
from prozesskit.yamlio.read import parse_yaml
from prozesskit.yamlio.schemazeile import check_schema_line, schema_line

LINE = "# yaml-language-server: $schema="


def _validate(
    path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *files: Path
) -> list[dict[str, object]]:
    code, out, err = run_cli(
        ["validate", str(path), *map(str, files), "--format", "json", "--no-cache"],
        monkeypatch,
        capsys,
    )
    assert code in (0, 1), err
    problems: list[dict[str, object]] = json.loads(out)["problems"]
    return problems


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Straßenfest für Märkte genehmigen", "strassenfest-fuer-maerkte-genehmigen"),
        ("Öffentliche Übergabe  (Café) prüfen!", "oeffentliche-uebergabe-cafe-pruefen"),
        ("ÄÖÜ ẞ", "aeoeue-ss"),
        # Latin letters NFKD does not take apart must not fall away (Œuvre → uvre)
        ("Œuvre Ça prüfen", "oeuvre-ca-pruefen"),
        ("œ Æble æ Øresund ø Ǿ", "oe-aeble-ae-oeresund-oe-oe"),
        ("Łódź Đakovo Ðor Þing ıspir İzin Ħamrun", "lodz-dakovo-dor-thing-ispir-izin-hamrun"),
    ],
)
def test_id_from_name_transliterates_german(name: str, expected: str) -> None:
    assert id_from_name(name) == expected


def test_neu_writes_a_skeleton_that_validates_cleanly(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(
        [
            "neu",
            "Hundesteuer festsetzen",
            "--bereich",
            "01",
            "--organisationseinheit",
            "Steueramt",
            "--register",
            str(example),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    path = example / "steckbriefe" / "hundesteuer-festsetzen.yaml"
    assert f"Steckbrief angelegt: {path}" in out
    assert "Keine Probleme" in out
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"{LINE}../.prozesskit/schemas/steckbrief.schema.json"
    problems = _validate(example, monkeypatch, capsys)
    assert [p for p in problems if p["file"] == "steckbriefe/hundesteuer-festsetzen.yaml"] == []
    # the editor's view: the same file is valid against the schema the line points at
    doc, _ = parse_yaml(path.read_bytes(), path.name)
    assert doc is not None
    jsonschema.validate(doc.data, json.loads(render_all()["steckbrief.schema.json"]))


@pytest.mark.parametrize(("name", "ident"), [
    ("Élan-Förderung bewilligen", "elan-foerderung-bewilligen"),
    ("İzin prüfen", "izin-pruefen"),
    ("Œuvre Ça prüfen", "oeuvre-ca-pruefen"),
])
def test_neu_with_accented_capital_is_clean(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    name: str, ident: str,
) -> None:
    """A name starting with a capital outside A–Z (É, İ, Œ) is an Objekt (PK-S011 went by
    ASCII and called it lower case); the id keeps Œ as 'oe'."""
    code, out, err = run_cli(["neu", name, "--bereich", "12", "--organisationseinheit", "S",
                              "--register", str(example)], monkeypatch, capsys)
    assert code == 0, err
    assert (example / "steckbriefe" / f"{ident}.yaml").is_file()
    assert "Keine Probleme" in out and "PK-S011" not in out + err


def test_neu_asks_again_for_a_wrong_bereich_and_completes_one_digit(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """At the prompt a wrong Produktbereich is asked again at once (the answers after it are
    not lost); '7' is unambiguously '07', at the prompt and with --bereich."""
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("7x\n7\nOrdnungsamt\n"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    code, _out, err = run_cli(["neu", "Sondernutzung prüfen", "--register", str(example)],
                             monkeypatch, capsys)
    assert code == 0, err
    assert "'7x' ist kein Produktbereich im Produktrahmen NKF-NRW: zwei Ziffern, erlaubt " \
           "01, 02" in err and "Bitte noch einmal." in err
    text = (example / "steckbriefe" / "sondernutzung-pruefen.yaml").read_text("utf-8")
    assert "bereich: '07'" in text and "organisationseinheit: Ordnungsamt" in text
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _out, err = run_cli(["neu", "Hund anmelden", "--bereich", "2", "--organisationseinheit",
                               "Ordnungsamt", "--register", str(example)], monkeypatch, capsys)
    assert code == 0, err
    assert "bereich: '02'" in (example / "steckbriefe" / "hund-anmelden.yaml").read_text("utf-8")


def test_neu_refuses_to_overwrite_and_bad_input_exits_2(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = example / "steckbriefe" / "eigenes.yaml"
    target.write_text("id: eigenes\n# meine Notizen\n", encoding="utf-8")
    code, _out, err = run_cli(
        ["neu", "Eigenes", "--id", "eigenes", "--bereich", "01", "--register", str(example)],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "gibt es schon" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "id: eigenes\n# meine Notizen\n"
    code, _out, err = run_cli(
        ["neu", "Hund anmelden", "--bereich", "123", "--register", str(example)], monkeypatch,
        capsys
    )
    assert code == 2 and "--bereich: '123' ist kein Produktbereich im Produktrahmen NKF-NRW: " \
        "zwei Ziffern, erlaubt 01, 02" in err
    code, _out, err = run_cli(  # two digits, but no Produktbereich of NKF-NRW
        ["neu", "Hund anmelden", "--bereich", "99", "--register", str(example)], monkeypatch,
        capsys)
    assert code == 2 and "'99' ist kein Produktbereich im Produktrahmen NKF-NRW" in err
    assert "Anführungszeichen" not in err  # nobody types YAML quotes on the command line
    assert not (example / "steckbriefe" / "hund-anmelden.yaml").exists()
    code, _out, err = run_cli(
        ["neu", "Hund anmelden", "--bereich", "02", "--id", "Hund_1", "--register", str(example)],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "--id" in err and "Kleinbuchstaben" in err
    code, _out, err = run_cli(
        [
            "neu",
            "Hund anmelden",
            "--bereich",
            "02",
            "--ordner",
            "../raus",
            "--register",
            str(example),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "Unterordner" in err
    assert list(example.glob("**/*.tmp")) == []


@pytest.mark.parametrize("name", ["!!!", "A", "§ 5"])
def test_a_name_without_enough_letters_is_blamed_not_an_id_option_never_given(
        name: str, example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in (example / "steckbriefe").iterdir())
    code, out, err = run_cli(["neu", name, "--bereich", "02", "--organisationseinheit", "X",
                              "--register", str(example)], monkeypatch, capsys)
    assert code == 2 and out == ""
    assert f"Aus dem Namen '{name}' lässt sich keine Id bilden" in err and "--id nennen" in err
    assert "--id:" not in err
    assert sorted(p.name for p in (example / "steckbriefe").iterdir()) == before


def test_neu_refuses_an_id_the_register_already_has_in_another_folder(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The id is the file name (PK-S005): a second file of that name in a subfolder, or as
    .yml, is a duplicate id (PK-S006), not a new Steckbrief."""
    for extra in (["--ordner", "ordnung"], []):
        code, _out, err = run_cli(
            ["neu", "Fahrzeug zulassen", "--bereich", "02", *extra, "--register", str(example)],
            monkeypatch,
            capsys,
        )
        assert code == 2 and "Traceback" not in err
        assert "steckbriefe/fahrzeug-zulassen.yaml" in err and "--id" in err
    assert not (example / "steckbriefe" / "ordnung").exists()
    (example / "steckbriefe" / "alt").mkdir()
    (example / "steckbriefe" / "alt" / "hund-melden.yml").write_text("id: hund-melden\n")
    code, _out, err = run_cli(
        ["neu", "Hund melden", "--bereich", "02", "--register", str(example)], monkeypatch, capsys
    )
    assert code == 2 and "steckbriefe/alt/hund-melden.yml" in err
    assert not (example / "steckbriefe" / "hund-melden.yaml").exists()


def test_neu_names_what_the_register_still_requires(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The schema is satisfied, the network's Pflichtfelder (profile empfohlen) are not yet."""
    code, out, err = run_cli(
        ["neu", "Hundesteuer festsetzen", "--bereich", "01", "--register", str(example)],
        monkeypatch, capsys,
    )
    assert code == 0, err
    assert "Noch offen" in out and "Pflichtfeld 'organisationseinheit' fehlt  [PK-S010]" in out


def test_neu_without_bereich_and_terminal_says_what_is_missing(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(
        ["neu", "Hund anmelden", "--register", str(example)], monkeypatch, capsys
    )
    assert code == 2 and "--bereich fehlt" in err


def test_neu_in_subfolder_writes_the_right_line_and_validate_reports_a_wrong_one(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(
        [
            "neu",
            "Hund anmelden",
            "--bereich",
            "02",
            "--organisationseinheit",
            "Ordnungsamt",
            "--ordner",
            "ordnung/tiere",
            "--register",
            str(example),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    new = example / "steckbriefe" / "ordnung" / "tiere" / "hund-anmelden.yaml"
    first = new.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"{LINE}../../../.prozesskit/schemas/steckbrief.schema.json"
    # the line resolves from the file's folder to the register's schema
    assert (new.parent / first.removeprefix(LINE)).resolve() == (
        example / ".prozesskit/schemas/steckbrief.schema.json"
    ).resolve()
    # a Steckbrief moved into a subfolder keeps its ../ and loses checking: reported
    moved = example / "steckbriefe" / "ordnung" / "fahrzeug-zulassen.yaml"
    shutil.move(example / "steckbriefe" / "fahrzeug-zulassen.yaml", moved)
    problems = _validate(example, monkeypatch, capsys)
    found = [p for p in problems if p["rule"] == "PK-S021"]
    assert [(p["file"], p["line"], p["level"]) for p in found] == [
        ("steckbriefe/ordnung/fahrzeug-zulassen.yaml", 1, "warn")
    ]
    assert found[0]["hint"] == f"Richtig: {LINE}../../.prozesskit/schemas/steckbrief.schema.json"


@pytest.mark.parametrize(
    ("rel", "text", "wrong"),
    [
        (
            "steckbriefe/x.yaml",
            f"{LINE}../.prozesskit/schemas/steckbrief.schema.json\nid: x\n",
            False,
        ),
        ("steckbriefe/a/x.yaml", f"{LINE}../.prozesskit/schemas/steckbrief.schema.json\n", True),
        ("steckbriefe/x.yaml", f"{LINE}../.prozesskit/schemas/register.schema.json\n", True),
        ("steckbriefe/x.yaml", f"# Kommentar\n{LINE}.prozesskit/schemas/x.json\nid: x\n", True),
        ("steckbriefe/x.yaml", "id: x\n", False),
        ("steckbriefe/x.yaml", f"{LINE}https://example.invalid/steckbrief.schema.json\n", False),
        ("steckbriefe/x.yaml", f"id: x\n{LINE}falsch.json\n", False),  # not in the head
        (
            "steckbriefe/x.yaml",
            f"\ufeff{LINE}../.prozesskit/schemas/steckbrief.schema.json\n",
            False,
        ),
    ],
)
def test_check_schema_line(rel: str, text: str, wrong: bool) -> None:
    assert (check_schema_line(rel, text) is not None) is wrong


def test_schema_line_for_every_depth() -> None:
    assert schema_line("steckbriefe/x.yaml").endswith(
        "=../.prozesskit/schemas/steckbrief.schema.json"
    )
    assert schema_line("steckbriefe/a/b/x.yaml").endswith(
        "=../../../.prozesskit/schemas/steckbrief.schema.json"
    )


def test_schema_line_rule_can_be_switched_off(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A network that maps folders in its workspace settings may not want the warning."""
    (example / "steckbriefe" / "ordnung").mkdir()
    shutil.move(example / "steckbriefe" / "fahrzeug-zulassen.yaml",
                example / "steckbriefe" / "ordnung" / "fahrzeug-zulassen.yaml")
    manifest = example / "prozesskit.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "  regeln: {}\n" in text
    manifest.write_text(text.replace("  regeln: {}\n", "  regeln: {PK-S021: 'off'}\n"),
                        encoding="utf-8")
    assert [p for p in _validate(example, monkeypatch, capsys) if p["rule"] == "PK-S021"] == []


def _neu_in_terminal(example: Path, options: list[str], prompt: str, answer: str) -> str:
    """Runs ``neu "Hund anmelden"`` in a real terminal, answers one prompt; returns its output
    after the answer (asserting exit 0) once the new file is written."""
    import os
    import sys

    import pexpect

    from helpers import REPO

    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "prozesskit", "neu", "Hund anmelden", *options, "--register", str(example)],
        env=env, encoding="utf-8", timeout=60,
    )
    child.expect(prompt)
    child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before or ""


def test_neu_asks_for_the_bereich_in_a_terminal(example: Path) -> None:
    _neu_in_terminal(example, ["--organisationseinheit", "Ordnungsamt"], "Produktbereich", "02")
    text = (example / "steckbriefe" / "hund-anmelden.yaml").read_text(encoding="utf-8")
    assert "bereich: '02'" in text


def test_neu_asks_for_the_organisationseinheit_in_a_terminal(example: Path) -> None:
    """In a terminal the skeleton gets what the default profile requires, so it validates."""
    out = _neu_in_terminal(example, ["--bereich", "02"], "Organisationseinheit", "Ordnungsamt")
    assert "Keine Probleme" in out
    text = (example / "steckbriefe" / "hund-anmelden.yaml").read_text(encoding="utf-8")
    assert "organisationseinheit: Ordnungsamt" in text
