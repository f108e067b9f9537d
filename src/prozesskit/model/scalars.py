"""Scalar field types that accept exactly what the JSON Schema accepts.

The JSON Schema generated from the models is what VS Code and check-jsonschema check
against, so prozesskit must not be more lenient than it. Pydantic's lax mode is: it turns
``true`` into 1, ``"15"`` into 15 and a number into a date (seconds since 1970). Full
strict mode would go too far the other way: a quoted ``"2025-03-01"`` is a valid date for
the schema (``format: date``). So each type first refuses the YAML kinds the schema refuses,
then lets pydantic convert. One deliberate exception: ``3.0`` is an integer for every JSON
Schema validator, but a whole number written with a point is refused (``12.000`` is twelve
thousand to a German reader and 12.0 to YAML).
``tests/core/test_schema_agreement.py`` runs both validators over mutations of a
Steckbrief and checks that they agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from prozesskit.model.codes import HOECHSTE_KENNZAHL, PATTERN_TEXT


def _number_only(kind: str, message: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError(kind, message)
        return value

    return BeforeValidator(check)


def _whole_only(value: Any) -> Any:
    """A count written with a point is refused, even ``12.0``: YAML reads the German
    ``12.000`` (twelve thousand) as the float 12.0, which JSON Schema's ``integer`` and
    pydantic would take as 12 without a word."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    if isinstance(value, float):
        raise PydanticCustomError("int_from_float", "Input should be a valid integer")
    return value


def _no_number(value: Any) -> Any:
    if isinstance(value, bool | int | float):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


#: Put after a type's constraints (``Annotated[int, Field(ge=0), GANZZAHL]``): placed before
#: them, pydantic cannot carry ``minimum``/``maximum`` into the JSON Schema.
GANZZAHL = BeforeValidator(_whole_only)
ZAHL = _number_only("float_type", "Input should be a valid number")
#: A count: whole, 0 to HOECHSTE_KENNZAHL; no ``true``, no ``"15"``, no ``15.0`` (JSON Schema
#: would take it: the one place prozesskit is stricter than the editor, see ``_whole_only``).
Anzahl = Annotated[int, Field(ge=0, le=HOECHSTE_KENNZAHL), GANZZAHL]
#: A finite number from 0 to HOECHSTE_KENNZAHL: no ``true``, no text, no ``.nan``/``.inf``.
Menge = Annotated[float, Field(ge=0, le=HOECHSTE_KENNZAHL, allow_inf_nan=False), ZAHL]
def _date_as_text(value: Any) -> Any:
    """yaml-language-server reads YAML 1.2, where ``version: 2025-03-01`` is text; the read path
    (YAML 1.1 habit, for the date fields) makes it a date. Where text is wanted, it is text."""
    return value.isoformat() if isinstance(value, dt.date) else value


#: Put after a text type's constraints (as GANZZAHL).
DATUM_ALS_TEXT = BeforeValidator(_date_as_text)
#: Text as the JSON Schema's ``type: string`` sees it (an unquoted date is text, too).
Text = Annotated[str, DATUM_ALS_TEXT]
#: Text that must not be empty.
Pflichttext = Annotated[str, Field(min_length=1), DATUM_ALS_TEXT]
#: A date written ``JJJJ-MM-TT`` (quoted or not), never a number.
Datum = Annotated[dt.date, BeforeValidator(_no_number)]


def muster(pattern: str) -> Any:
    """A pattern constraint whose editor message is the German text of ``codes.PATTERN_TEXT``
    (yaml-language-server shows ``patternErrorMessage`` instead of the regular expression)."""
    return Field(
        pattern=pattern,
        json_schema_extra={"patternErrorMessage": f"Format: {PATTERN_TEXT[pattern]}"},
    )
