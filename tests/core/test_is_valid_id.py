"""``model.codes.is_valid_id``: the one question every place that makes a file name or a
page from an id asks (init, import, site, the XProzess import). It must say what the schema
says (pydantic's regex engine does not let ``$`` match before a final newline)."""

from __future__ import annotations

import pytest

from prozesskit.model.codes import is_valid_id
from prozesskit.model.steckbrief import Steckbrief


@pytest.mark.parametrize("value", ["abc", "gewerbe-anmelden", "a" * 80, "a1-b2"])
def test_ids_the_schema_takes(value: str) -> None:
    assert is_valid_id(value)
    Steckbrief.model_validate({"id": value, "name": "Hund anmelden",
                               "produkt": {"bereich": "02"}})


@pytest.mark.parametrize("value", ["abc\n", "ab", "a" * 81, "Abc", "a--b", "-ab", "ab-",
                                   "äbc", "", None, 123])
def test_ids_the_schema_refuses(value: object) -> None:
    assert not is_valid_id(value)
    with pytest.raises(ValueError):  # pydantic's ValidationError is a ValueError
        Steckbrief.model_validate({"id": value, "name": "Hund anmelden",
                                   "produkt": {"bereich": "02"}})
