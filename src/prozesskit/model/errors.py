"""Pydantic validation errors as German problems that point at file:line:column.

Pydantic's messages are English and name locations as tuples; a Prozessmanagerin needs
"Zeile 12: Feld 'fallzahl_pro_jahr' muss eine ganze Zahl sein". The translation is by error
type, with the original kept only where no translation exists.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import typing
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from prozesskit.limits import german_int
from prozesskit.model.codes import ID_PATTERN, PATTERN_TEXT, is_valid_id
from prozesskit.problem import Level, Problem
from prozesskit.yamlio.fieldpath import field_path
from prozesskit.yamlio.read import YamlDoc

RULE_SCHEMA = "PK-S004"

_TYPE_WORDS = {
    "string_type": "Text",
    "int_type": "eine ganze Zahl",
    "int_parsing": "eine ganze Zahl",
    "int_from_float": "eine ganze Zahl",
    "float_type": "eine Zahl",
    "float_parsing": "eine Zahl",
    "bool_type": "true oder false",
    "bool_parsing": "true oder false",
    "list_type": "eine Liste (Einträge mit '- ')",
    "dict_type": "eine Zuordnung (Unterfelder 'schlüssel: wert')",
    "model_type": "eine Zuordnung (Unterfelder 'schlüssel: wert')",
    "model_attributes_type": "eine Zuordnung (Unterfelder 'schlüssel: wert')",
    "date_type": "ein Datum (JJJJ-MM-TT)",
    "date_parsing": "ein Datum (JJJJ-MM-TT)",
    "date_from_datetime_parsing": "ein gültiges Datum (JJJJ-MM-TT)",
    "date_from_datetime_inexact": "ein Datum ohne Uhrzeit (JJJJ-MM-TT)",
}


_INT_KINDS = frozenset({"int_type", "int_parsing", "int_from_float"})
_FLOAT_KINDS = frozenset({"float_type", "float_parsing"})
_DATE_KINDS = frozenset(
    {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
)
#: ``12.000``, ``1.250.000``: a German thousands separator that YAML reads as a decimal point
_THOUSANDS = re.compile(r"[-+]?[0-9]{1,3}(?:\.[0-9]{3})+")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,[0-9]+")
_GERMAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_SHORT_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def number_hint(kind: str, written: str) -> str | None:
    """What to write instead of a number as a German writes it (``12.000``, ``1,5``)."""
    text = written.strip()
    if kind in _INT_KINDS:
        if _THOUSANDS.fullmatch(text):
            return f"Tausenderpunkt? Ganze Zahl ohne Punkt schreiben: {text.replace('.', '')}"
        whole, point, fraction = text.partition(".")
        if point and whole.lstrip("+-").isdigit() and fraction.strip("0") == "":
            return f"Ganze Zahl ohne Punkt schreiben: {whole}"
        if point or "," in text:
            return "Eine ganze Zahl ohne Punkt und Komma eintragen (Tausender ohne Trennzeichen)."
        return None
    if kind in _FLOAT_KINDS and _DECIMAL_COMMA.fullmatch(text):
        return f"Dezimalpunkt statt Komma schreiben: {text.replace(',', '.')}"
    return None


def _date_hint(written: str) -> str | None:
    """``31.01.2026`` and ``2026-1-31`` as the ``JJJJ-MM-TT`` the field wants."""
    text = written.strip()
    german = _GERMAN_DATE.fullmatch(text)
    short = _SHORT_DATE.fullmatch(text)
    if german:
        day, month, year = (int(part) for part in german.groups())
    elif short:
        year, month, day = (int(part) for part in short.groups())
    else:
        return None
    try:
        right = dt.date(year, month, day).isoformat()
    except ValueError:
        return "Ein Datum, das es gibt, als JJJJ-MM-TT schreiben (z. B. 2026-01-31)."
    if german:
        return f"Als JJJJ-MM-TT schreiben: {right}"
    return f"Monat und Tag zweistellig schreiben: {right}"


def _fold(text: str) -> str:
    """A value as it might have been meant: lower case, umlauts spelled out, ``_`` for gaps."""
    from prozesskit.model.kennung import german_key  # deliberate: only for a broken file

    return re.sub(r"[\s-]+", "_", german_key(text))


def _enum_hint(value: Any, allowed: Sequence[str]) -> str | None:
    """'Meinten Sie …?' for a near miss of an allowed value (``Hoch``, ``entfällt``, ``IST``,
    ``in Modellierung``)."""
    if not isinstance(value, str) or not allowed:
        return None
    folded = _fold(value)
    by_fold = {_fold(option): option for option in allowed}
    meant = by_fold.get(folded)
    if meant is None:
        close = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.75)
        meant = by_fold[close[0]] if close else None
    if meant is None or meant == value:
        return None
    return f"Meinten Sie '{meant}'?"


def _value_text(value: Any) -> str:
    """The value as the user wrote it in YAML, not as Python prints it."""
    if isinstance(value, str):
        text = f"'{value}'"
    elif isinstance(value, bool) or value is None:
        text = {True: "true", False: "false", None: "null"}[value]
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, float) and not math.isfinite(value):
        text = _yaml_special(value)
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _size_text(value: Any) -> str:
    """A number as a reader takes it in: whole numbers with thousands separators, a very
    long one by its count of digits (4,000 nines would make the message unreadable)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 10**15:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) < 10**15:
            return german_int(value) if abs(value) >= 10_000 else str(value)
        try:
            digits = german_int(len(str(abs(value))))
        except ValueError:  # beyond Python's limit for converting whole numbers to text
            digits = "über 4.300"
        return f"eine Zahl mit {digits} Stellen"
    return _value_text(value)


def _yaml_special(value: Any) -> str:
    """How the user wrote a non-finite float (YAML ``.nan``, ``.inf``, ``-.inf``)."""
    if isinstance(value, float) and math.isnan(value):
        return ".nan"
    return "-.inf" if isinstance(value, float) and value < 0 else ".inf"


def _constraint_message(
    kind: str, name: str, ctx: dict[str, Any], value: Any
) -> tuple[str, str | None] | None:
    """Messages for values of the right type that break a constraint of the field."""
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        hint = f"Verlangt: {PATTERN_TEXT.get(pattern, 'siehe Beschreibung des Feldes im README')}."
        if pattern == ID_PATTERN and isinstance(value, str):
            from prozesskit.model.kennung import id_from_name  # deliberate: only when broken

            meant = id_from_name(value)
            if meant != value and is_valid_id(meant):
                hint += f" Meinten Sie '{meant}'?"
        return f"'{name}' hat nicht das verlangte Format: {_value_text(value)}", hint
    if kind == "finite_number":
        return f"'{name}' ist keine Zahl ({_yaml_special(value)})", "Eine Zahl eintragen."
    if kind in ("greater_than_equal", "greater_than"):
        return f"'{name}' muss mindestens {ctx.get('ge', ctx.get('gt'))} sein", None
    if kind in ("less_than_equal", "less_than"):
        most = ctx.get("le", ctx.get("lt"))
        return (f"'{name}' darf höchstens {_size_text(most)} sein, gefunden: "
                f"{_size_text(value)}", None)
    if kind == "string_too_short":
        return f"'{name}' ist zu kurz oder leer", None
    if kind == "string_too_long":
        return f"'{name}' ist zu lang (höchstens {ctx.get('max_length')} Zeichen)", None
    return None


def _message(
    err: ErrorDetails, known_fields: Iterable[str], written: str | None = None
) -> tuple[str, str | None]:
    """``written``: the value as the file spells it, where a file is at hand."""
    kind = err["type"]
    loc = err["loc"]
    name = field_path(loc) or "Datei"
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if written is None and isinstance(value, str):
        written = value
    if kind == "missing":
        return f"Pflichtfeld '{name}' fehlt", f"'{loc[-1]}:' mit einem Wert ergänzen."
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), list(known_fields), n=1)
        hint = (
            f"Meinten Sie '{close[0]}'?"
            if close
            else ("Eigene Attribute gehören unter 'merkmale:'.")
        )
        return f"Unbekanntes Feld '{name}' (Tippfehler?)", hint
    if kind in _TYPE_WORDS:
        type_hint: str | None = None
        shown = _value_text(value)
        if kind == "string_type":
            type_hint = (
                "Zahlen und Codes wie '02' in Anführungszeichen setzen, wenn Text verlangt ist."
            )
        elif isinstance(value, float) and written is not None and math.isfinite(value):
            shown = written  # 12.000, not 12.0
        if written is not None and kind in _INT_KINDS | _FLOAT_KINDS:
            type_hint = number_hint(kind, written)
        elif written is not None and kind in _DATE_KINDS:
            type_hint = _date_hint(written)
        return f"'{name}' muss {_TYPE_WORDS[kind]} sein, gefunden: {shown}", type_hint
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        allowed = re.findall(r"'([^']*)'", expected)
        return (
            f"'{name}' hat den unzulässigen Wert {_value_text(value)}; erlaubt: {expected}",
            _enum_hint(value, allowed),
        )
    constraint = _constraint_message(kind, name, ctx, value)
    if constraint is not None:
        return constraint
    if kind == "value_error":
        return f"'{name}': {ctx.get('error', err['msg'])!s}", None
    return f"'{name}': {err['msg']}", None


def models_in(annotation: Any) -> list[type[Any]]:
    """Pydantic model classes inside an annotation (Optional, list, Annotated …)."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in models_in(arg)]


def _fields_at(model: type[Any], loc: Sequence[int | str]) -> list[str]:
    """Field names valid where an unknown key sits, for 'Meinten Sie …?' hints."""
    current: type[Any] | None = model
    for step in loc[:-1]:
        if isinstance(step, int) or current is None:
            continue
        info = current.model_fields.get(step)
        nested = models_in(info.annotation) if info is not None else []
        current = nested[0] if nested else None
    return list(current.model_fields) if current is not None else []


def schema_problems(
    exc: ValidationError, doc: YamlDoc, model: type[Any], rule: str = RULE_SCHEMA
) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        line, column = doc.locate(loc, key=err["type"] == "extra_forbidden")
        written = doc.written(loc) if isinstance(err.get("input"), float) else None
        message, hint = _message(err, _fields_at(model, loc), written)
        problems.append(
            Problem(
                doc.file,
                line,
                column,
                rule,
                Level.ERROR,
                message,
                element=field_path(loc) or None,
                hint=hint,
            )
        )
    return problems


def root_not_mapping(doc: YamlDoc, what: str, rule: str = RULE_SCHEMA) -> Problem:
    return Problem(
        doc.file,
        1,
        1,
        rule,
        Level.ERROR,
        f"{what} muss eine Zuordnung von Feldern sein (schlüssel: wert), "
        f"gefunden: {type(doc.data).__name__}",
    )


def error_text(err: ErrorDetails, model: type[Any]) -> str:
    """One pydantic error of ``model`` as a German sentence with its hint (for callers that
    place errors themselves, like the cell addresses of ``import-xlsx``)."""
    message, hint = _message(err, _fields_at(model, err["loc"]))
    return f"{message}. {hint}" if hint else message


def german_message(exc: ValidationError, model: type[Any], prefix: str = "",
                   with_hint: bool = True) -> str:
    """The first error of a validation as one German sentence (for configuration errors);
    ``with_hint=False`` for files nobody edits by hand (lock, package manifest), where the
    hint's "'feld:' ergänzen" would be the wrong advice."""
    err = exc.errors(include_url=False)[0]
    if prefix:
        err = {**err, "loc": (prefix, *err["loc"])}
    message, hint = _message(err, _fields_at(model, err["loc"][1:] if prefix else err["loc"]))
    return f"{message}. {hint}" if hint and with_hint else message
