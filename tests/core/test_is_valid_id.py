"""``model.codes.is_valid_id``: the one question every place that makes a file name or a
page from an id asks (init, import, site, the XProzess import). It must say what the schema
says (pydantic's regex engine does not let ``$`` match before a final newline)."""

from __future__ import annotations

import pytest

from prozesskit.model.codes import is_valid_id
from prozesskit.model.steckbrief import Steckbrief


@pytest.mark.parametrize("value", ["abc", "gewerbe-anmelden", "a" * 80, "a1-b2",
                                   "con-x", "nul-melden", "conx", "com10", "lpt1a", "auxi"])
def test_ids_the_schema_takes(value: str) -> None:
    assert is_valid_id(value)
    Steckbrief.model_validate({"id": value, "name": "Hund anmelden",
                               "produkt": {"bereich": "02"}})


@pytest.mark.parametrize("value", ["abc\n", "ab", "a" * 81, "Abc", "a--b", "-ab", "ab-",
                                   "äbc", "", None, 123,
                                   # Windows device names (nul.yaml is the device NUL)
                                   "con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt0"])
def test_ids_the_schema_refuses(value: object) -> None:
    assert not is_valid_id(value)
    with pytest.raises(ValueError):  # pydantic's ValidationError is a ValueError
        Steckbrief.model_validate({"id": value, "name": "Hund anmelden",
                                   "produkt": {"bereich": "02"}})


def test_the_schema_file_and_the_check_agree_on_device_names() -> None:
    """The editor's schema (schemas/, written by python -m prozesskit.schemas) refuses what
    is_valid_id refuses: its pattern is the same ID_PATTERN, run by an ECMA-like engine."""
    import itertools
    import json
    import re

    from helpers import REPO
    from prozesskit.model.codes import ID_PATTERN, WINDOWS_DEVICES

    schema = json.loads((REPO / "schemas" / "steckbrief.schema.json").read_text("utf-8"))
    assert schema["properties"]["id"]["pattern"] == ID_PATTERN
    pattern = re.compile(ID_PATTERN)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    for length in (3, 4):
        for chars in itertools.product(alphabet, repeat=length):
            word = "".join(chars)
            if length == 4 and word[:2] not in ("co", "lp"):
                continue
            assert (pattern.fullmatch(word) is not None) == (word not in WINDOWS_DEVICES), word


def test_a_device_id_gets_a_german_schema_finding(
        tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import shutil
    from pathlib import Path

    from helpers import EXAMPLE, run_cli

    root = Path(str(tmp_path)) / "register"
    shutil.copytree(EXAMPLE, root)
    source = root / "steckbriefe" / "fahrzeug-zulassen.yaml"
    text = source.read_text("utf-8").replace("id: fahrzeug-zulassen", "id: nul")
    source.unlink()
    (root / "steckbriefe" / "nul.yaml").write_text(text, "utf-8")
    code, out, _ = run_cli(["validate", str(root)], monkeypatch, capsys)
    assert code == 1
    assert "kein Windows-Gerätename (con, prn, aux, nul, com0–com9, lpt0–lpt9)" in out
    assert "[PK-S004]" in out
