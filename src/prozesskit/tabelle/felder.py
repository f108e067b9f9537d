"""The columns of the workshop sheet: which Steckbrief fields, how each is shown in a cell and
how a cell is read back.

The sheet carries what a Prozesswerkstatt edits (name, Zuständigkeit, Kennzahlen, Priorität,
Modellierung …), one column per field, nested fields as dotted headers
(``kennzahlen.fallzahl_pro_jahr``): the header *is* the field, so columns can be moved or
hidden without breaking the way back. Lists and records (Rechtsgrundlagen, Modelle) stay in
the YAML: a cell is no place for them.

Edited or not is decided on :func:`kanon`, a text form that Excel's and LibreOffice's saving
does not change (numbers to 15 significant digits as Excel keeps them, whole numbers without
``.0``, dates as ``JJJJ-MM-TT``); only a cell whose form differs from the Steckbrief's value
is read (:func:`deuten`), with the field's type and a German message naming the cell.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import typing
from dataclasses import dataclass
from typing import Any, Literal

from prozesskit.diff.steckbrief import ABSENT, to_json_value
from prozesskit.model import codes
from prozesskit.tabelle.schreiben import Cell, Column

Art = Literal["text", "code", "ganzzahl", "zahl", "datum"]


@dataclass(frozen=True, slots=True)
class Feld:
    """One column. ``liste``: name of its dropdown list; ``nur_lesen``: shown, locked, an
    edit is refused on import (the id names the row; ``herkunft`` belongs to prozesskit)."""

    path: tuple[str, ...]
    art: Art = "text"
    breite: float = 18.0
    liste: str | None = None
    nur_lesen: bool = False
    minimum: float | None = None
    maximum: float | None = None

    @property
    def kopf(self) -> str:
        return ".".join(self.path)


def _codes(literal: Any) -> tuple[str, ...]:
    return tuple(str(value) for value in typing.get_args(literal))


#: The code lists offered as dropdowns (the Produktbereiche come from the register).
LISTEN: dict[str, tuple[str, ...]] = {
    "status": _codes(codes.ProzessStatus),
    "prioritaet": _codes(codes.Prioritaet),
    "modellierungsstatus": _codes(codes.Modellierungsstatus),
    "reifegradmodell": _codes(codes.DigitalisierungsModell),
}
PRODUKTBEREICH_LISTE = "produktbereich"

FELDER: tuple[Feld, ...] = (
    Feld(("id",), breite=34, nur_lesen=True),
    Feld(("name",), breite=40),
    Feld(("status",), "code", 12, liste="status"),
    Feld(("status_grund",), breite=24),
    Feld(("produkt", "bereich"), breite=10, liste=PRODUKTBEREICH_LISTE),
    Feld(("organisationseinheit",), breite=24),
    Feld(("prozessverantwortlich",), breite=20),
    Feld(("leika",), breite=17),
    Feld(("kennzahlen", "fallzahl_pro_jahr"), "ganzzahl", 12, minimum=0),
    Feld(("kennzahlen", "bearbeitungszeit_min"), "zahl", 12, minimum=0),
    Feld(("kennzahlen", "durchlaufzeit_tage"), "zahl", 12, minimum=0),
    Feld(("kennzahlen", "stand"), "datum", 12),
    Feld(("prioritaet",), "code", 11, liste="prioritaet"),
    Feld(("digitalisierungsgrad", "modell"), "code", 10, liste="reifegradmodell"),
    Feld(("digitalisierungsgrad", "stufe"), "ganzzahl", 10, minimum=0,
         maximum=max(codes.REIFEGRAD_MAX.values())),
    Feld(("modellierung", "status"), "code", 18, liste="modellierungsstatus"),
    Feld(("modellierung", "verantwortlich"), breite=22),
    Feld(("modellierung", "termin"), "datum", 12),
    Feld(("modellierung", "werkstatt"), "datum", 12),
    Feld(("stand",), "datum", 12),
    Feld(("beschreibung",), breite=50),
    Feld(("herkunft", "version"), breite=12, nur_lesen=True),
)
NACH_KOPF: dict[str, Feld] = {feld.kopf: feld for feld in FELDER}


def column(feld: Feld) -> Column:
    """The sheet column of a field, with its German title and description as Excel's note."""
    info = field_info(feld.path)
    title = str(info.title or feld.kopf)
    prompt = str(info.description or "")
    if feld.nur_lesen:
        prompt = "Nur zur Anzeige; Änderungen hier werden nicht übernommen. " + prompt
    whole = {"ganzzahl": True, "zahl": False}.get(feld.art)
    return Column(feld.kopf, feld.breite, text=feld.art in ("text", "code", "datum"),
                  locked=feld.nur_lesen, choices=feld.liste, whole=whole,
                  minimum=feld.minimum, maximum=feld.maximum, title=title, prompt=prompt)


def field_info(path: tuple[str, ...]) -> Any:
    """The pydantic ``FieldInfo`` of a Steckbrief field (title and description are the
    editor's German hover texts: one source for both)."""
    from prozesskit.model.errors import models_in
    from prozesskit.model.steckbrief import Steckbrief

    model: Any = Steckbrief
    for step in path[:-1]:
        model = models_in(model.model_fields[step].annotation)[0]
    return model.model_fields[path[-1]]


def lookup(data: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in plain data, ``ABSENT`` where a step is missing."""
    for step in path:
        if not isinstance(data, dict) or step not in data:
            return ABSENT
        data = data[step]
    return data


_EXCEL_DIGITS = 10**15


def zelle(value: Any) -> Cell:
    """What the export writes for a field's value: numbers as numbers, everything else as text
    (dates ``JJJJ-MM-TT``, ``true``/``false`` as YAML writes them, a list or mapping that sits
    where a value belongs as compact JSON, so that it is seen and not lost)."""
    if value is ABSENT or value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):  # Excel keeps 15 digits: a longer number stays whole as text
        return value if abs(value) < _EXCEL_DIGITS else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(to_json_value(value), ensure_ascii=False, sort_keys=True)
    return str(value)


def kanon(value: Any) -> str:
    """The text form in which a written and a read-back cell compare equal: empty → ``""``,
    numbers to 15 significant digits (Excel keeps no more) without ``.0``, dates ISO."""
    if value.__class__ is str and value.isprintable():  # most cells: no control character
        return str(value)
    if value is None or value is ABSENT:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", str(value))


#: Control characters an xlsx stores as ``_xHHHH_`` (XlsxWriter writes them so, openpyxl
#: reads them back so, LibreOffice may write them raw): one form for comparing.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")


class Zellfehler(ValueError):
    """A cell whose content the field cannot take; ``str()`` is the German reason."""


_GANZ = re.compile(r"^[+]?[0-9]+$")
_ZAHL = re.compile(r"^[+]?[0-9]+(?:[.,][0-9]+)?$")
_DEUTSCH = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")


def deuten(feld: Feld, value: Any) -> Any:
    """The YAML value of an edited cell (``ABSENT``: emptied, the field is removed), or a
    :class:`Zellfehler` saying what the field takes."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ABSENT
    if isinstance(value, bool):
        raise Zellfehler(f"'{feld.kopf}' nimmt keinen Wahrheitswert ({kanon(value)})")
    if feld.art == "ganzzahl":
        return _ganzzahl(feld, value)
    if feld.art == "zahl":
        return _zahl(feld, value)
    if feld.art == "datum":
        return _datum(feld, value)
    if feld.art == "code":
        return _code(feld, value)
    if feld.liste == PRODUKTBEREICH_LISTE:
        from prozesskit.model.produktrahmen import two_digits

        code = two_digits(value)
        if code is not None:  # 7 after Excel dropped the leading zero: "07"
            return code
    if isinstance(value, dt.datetime | dt.date):
        return kanon(value)
    # spaces at either end (pasted text, a space typed after the word) are invisible in
    # Excel and never meant: trimmed as numbers, dates and codes already are, silently
    return kanon(value) if isinstance(value, int | float) else str(value).strip()


def _grenzen(feld: Feld, number: float) -> None:
    if feld.minimum is not None and number < feld.minimum:
        raise Zellfehler(f"'{feld.kopf}' muss mindestens {feld.minimum:g} sein, gefunden: "
                         f"{kanon(number)}")
    if feld.maximum is not None and number > feld.maximum:
        raise Zellfehler(f"'{feld.kopf}' darf höchstens {feld.maximum:g} sein, gefunden: "
                         f"{kanon(number)}")


def _ganzzahl(feld: Feld, value: Any) -> int:
    number: int | None = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _GANZ.match(value.strip()):
        number = int(value.strip())
    if number is None:
        # deliberate: validate's hint for 12.000 (pydantic's module) only for a broken cell
        from prozesskit.model.errors import number_hint

        hint = number_hint("int_type", kanon(value)) if isinstance(value, str | float) else None
        raise Zellfehler(f"'{feld.kopf}' muss eine ganze Zahl sein, gefunden: '{kanon(value)}'"
                         + (f". {hint}" if hint else ""))
    _grenzen(feld, number)
    return number


def _zahl(feld: Feld, value: Any) -> int | float:
    number: float | None = None
    if isinstance(value, int | float) and math.isfinite(value):
        number = value
    elif isinstance(value, str) and _ZAHL.match(value.strip()):
        number = float(value.strip().replace(",", "."))
    if number is None:
        raise Zellfehler(f"'{feld.kopf}' muss eine Zahl sein (z. B. 12,5), gefunden: "
                         f"'{kanon(value)}'")
    _grenzen(feld, number)
    whole = isinstance(number, float) and number.is_integer() and abs(number) < 1e15
    return int(number) if whole else number


def _datum(feld: Feld, value: Any) -> dt.date:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    text = value.strip() if isinstance(value, str) else ""
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return dt.date.fromisoformat(text)
        german = _DEUTSCH.match(text)
        if german:
            return dt.date(int(german[3]), int(german[2]), int(german[1]))
    except ValueError:
        pass
    raise Zellfehler(f"'{feld.kopf}' muss ein Datum sein (JJJJ-MM-TT oder TT.MM.JJJJ), "
                     f"gefunden: '{kanon(value)}'")


def _code(feld: Feld, value: Any) -> str:
    allowed = LISTEN[feld.liste] if feld.liste else ()
    if isinstance(value, str) and value.strip() in allowed:
        return value.strip()
    if isinstance(value, int | float):  # '2.0' typed where no text format held: the number 2
        for code in allowed:
            try:
                if float(code) == value:
                    return code
            except ValueError:
                continue
    raise Zellfehler(f"'{feld.kopf}' hat den unzulässigen Wert '{kanon(value)}'; erlaubt: "
                     + ", ".join(allowed))
