"""``import-xlsx``: the cells edited in a workshop sheet, written into their Steckbriefe.

Only what was edited moves, field by field, through the edit path:

1. the workbook is read (:mod:`.lesen`: bounded, no formulas, values only);
2. per row the hash of its cells is compared with the one recorded at export: equal, the
   row was not edited and is left alone, whatever happened in the register meanwhile;
3. an edited row whose Steckbrief no longer has the sha256 recorded at export (edited,
   updated, moved or deleted since) is a :class:`Konflikt`: reported with its cells, never
   applied (the register's newer content must not be overwritten by an older sheet);
4. in the other edited rows, a cell is edited when its text form differs from the
   Steckbrief's value; it is read with the field's type (German error naming the cell
   ``Steckbriefe!F17``), the new document is checked against the schema (errors that concern
   the edited fields, again with their cell), and the changes are written into the YAML
   with :func:`prozesskit.library.merge3.apply_plan`: comments, key order and quoting of
   everything else stay as they are, new fields go where the schema orders them.

Any error (unknown id, invalid value, formula, duplicate row) stops the whole import before
anything is written; conflicts do not: the other rows are applied and the conflicts listed.
The caller commits :meth:`Einlesen.write_plan` (all or nothing).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from prozesskit.diff.steckbrief import ABSENT, read_document, same
from prozesskit.errors import InputError
from prozesskit.register.view import Register, SteckbriefFile
from prozesskit.tabelle import felder
from prozesskit.tabelle.export import kommune_of, row_hash
from prozesskit.tabelle.lesen import Formel, Mappe, lese_mappe
from prozesskit.writeplan import WritePlan

#: The rule whose verdict on an edited Produktbereich import-xlsx takes over
CODE_S013 = "PK-S013"
#: How many errors a refusal lists before it only counts the rest.
SHOWN_ERRORS = 25


@dataclass(frozen=True, slots=True)
class Aenderung:
    """One field written: ``alt``/``neu`` are ``ABSENT`` for an added/removed field."""

    id: str
    datei: str
    feld: str
    alt: Any
    neu: Any
    zelle: str


@dataclass(frozen=True, slots=True)
class Konflikt:
    """An edited row whose Steckbrief changed in the register since the export.
    ``zellen``: (field, cell, value in the sheet, value in the register) that differ."""

    id: str
    datei: str
    zeile: int
    grund: str
    zellen: tuple[tuple[str, str, str, str], ...]


@dataclass(frozen=True, slots=True)
class Einlesen:
    """What an import would do; nothing is written until :meth:`write_plan` is committed."""

    root: Path
    mappe: str
    commit: str
    aenderungen: tuple[Aenderung, ...]
    konflikte: tuple[Konflikt, ...]
    dateien: tuple[tuple[str, bytes], ...]
    #: sha256 of each file in ``dateien`` as read in this run (the exported one)
    gelesen: tuple[str, ...]
    unveraendert: int
    ohne_zeile: tuple[str, ...]  # exported ids whose row was deleted from the sheet
    #: columns whose header is no field (a workshop's notes): not read, named to the user
    hinweise: tuple[str, ...] = ()

    def write_plan(self) -> WritePlan:
        plan = WritePlan(self.root)
        for (rel, content), sha256 in zip(self.dateien, self.gelesen, strict=True):
            # the file was read in this run and had the exported sha256: replacing it is
            # the point (``ours``), not overwriting someone's edit – unless someone edits
            # it while this run works (``expect``)
            plan.add(rel, content, ours=True)
            plan.expect(rel, sha256)
        return plan


class TabellenFehler(InputError):
    """Cells that cannot be taken; nothing was written. ``fehler``: one German line each,
    starting with the cell address."""

    def __init__(self, datei: str, fehler: list[str]) -> None:
        self.fehler = tuple(fehler)
        shown = "\n".join(f"  {line}" for line in fehler[:SHOWN_ERRORS])
        more = len(fehler) - SHOWN_ERRORS
        rest = f"\n  … und {more} weitere" if more > 0 else ""
        count = "1 Fehler" if len(fehler) == 1 else f"{len(fehler)} Fehler"
        super().__init__(f"{count} in der Tabelle, nichts geändert:\n{shown}{rest}",
                         file=datei)


@dataclass(slots=True)
class _Zeile:
    item: SteckbriefFile
    row: int
    edits: list[tuple[felder.Feld, int, Any, Any]]  # field, column, old, new
    result: bytes | None = None  # the new file


def plan_einlesen(register_root: Path, mappe_path: Path, *,
                  andere_kommune: bool = False) -> Einlesen:
    """Read the workbook against the register; raise :class:`TabellenFehler` (nothing
    written) or return what would change. ``andere_kommune``: take a sheet exported from
    another Kommune's register (refused otherwise: see :func:`_same_kommune`)."""
    mappe = lese_mappe(mappe_path)
    register = Register.open(register_root)
    assert register.root is not None
    if not andere_kommune:
        _same_kommune(mappe, register)
    fehler: list[str] = []
    hinweise: list[str] = []
    spalten = _spalten(mappe, fehler, hinweise)
    id_column = next((column for column, feld in spalten.items() if feld.kopf == "id"), None)
    if id_column is None:
        raise TabellenFehler(mappe.datei, [*fehler, f"{mappe.blatt}!1: die Spalte 'id' fehlt; "
                                           "ohne sie ist keine Zeile einem Steckbrief zuzuordnen"])
    index_of = {feld.kopf: column for column, feld in spalten.items()}
    rahmen = _Produktbereich(register.root)
    zeilen: list[_Zeile] = []
    konflikte: list[Konflikt] = []
    seen: dict[str, int] = {}
    unchanged = 0
    for row, values in mappe.zeilen:
        ident = _row_id(mappe, row, values, id_column, register, seen, fehler)
        if ident is None:
            continue
        meta = mappe.meta[ident]
        texts = [felder.kanon(values.get(index_of[c])) if c in index_of else "" for c in
                 mappe.spalten]
        if row_hash(mappe.spalten, texts) == meta.zeile:
            unchanged += 1
            continue
        item = register.get(ident)
        if item is None and _unreadable(register, meta.datei, fehler):
            continue
        if item is None or item.sha256 != meta.sha256 or item.path != meta.datei:
            konflikt = _konflikt(mappe, row, values, spalten, ident, meta.datei, item)
            if konflikt.zellen or item is None:
                konflikte.append(konflikt)
            else:  # the register holds what the row says (imported before): nothing to do
                unchanged += 1
            continue
        cell_errors: list[str] = []
        edits = _edits(mappe, row, values, spalten, item.data, cell_errors)
        if edits and not cell_errors:  # the row's cells are readable: check the document
            zeile = _Zeile(item, row, edits)
            zeile.result = _apply(mappe, zeile, cell_errors, rahmen)
            zeilen.append(zeile)
        fehler.extend(cell_errors)
    if fehler:
        raise TabellenFehler(mappe.datei, fehler)
    aenderungen = [Aenderung(zeile.item.id or "", zeile.item.path, feld.kopf, old, new,
                             mappe.adresse(zeile.row, column))
                   for zeile in zeilen for feld, column, old, new in zeile.edits]
    written = [zeile for zeile in zeilen if zeile.result is not None]
    dateien = tuple((zeile.item.path, zeile.result) for zeile in written
                    if zeile.result is not None)
    missing = tuple(ident for ident in mappe.meta if ident not in seen)
    return Einlesen(register.root, mappe.datei, mappe.commit, tuple(aenderungen),
                    tuple(konflikte), dateien, tuple(zeile.item.sha256 or "" for zeile in written),
                    unchanged, missing, tuple(hinweise))


def _spalten(mappe: Mappe, fehler: list[str], hinweise: list[str]) -> dict[int, felder.Feld]:
    """Sheet column → field, by header. A header that is no field is a column the workshop
    added (notes, tasks): passed over and named in ``hinweise``. Only one that looks like a
    field name (a typo, another case, the field without its section) is an error: its
    values would otherwise be lost without anyone noticing. Repeated headers are errors."""
    spalten: dict[int, felder.Feld] = {}
    for column, header in sorted(mappe.kopf.items()):
        where = mappe.adresse(0, column)
        feld = felder.NACH_KOPF.get(header)
        if feld is None:
            gemeint = _aehnliches_feld(header)
            if gemeint is None:
                hinweise.append(f"{where}: die Spalte '{header}' ist kein Feld und wird nicht "
                                "eingelesen")
            else:
                fehler.append(f"{where}: die Spalte '{header}' gibt es nicht. Meinten Sie "
                              f"'{gemeint}'? Bitte die Überschrift zurück auf den Feldnamen "
                              "ändern (die Überschriften nennen die Felder)")
        elif feld in spalten.values():
            fehler.append(f"{where}: die Spalte '{header}' steht zweimal in der Tabelle")
        else:
            spalten[column] = feld
    fehler.extend(f"{mappe.adresse(row, column)}: Wert in einer Spalte ohne Überschrift; neue "
                  "Spalten werden nicht übernommen"
                  for row, values in mappe.zeilen for column in values
                  if column not in mappe.kopf and not isinstance(values[column], Formel))
    return spalten


def _aehnliches_feld(header: str) -> str | None:
    """The field a header was probably meant to name, or None: the same name in another
    case, a field's last part (``fallzahl_pro_jahr``), or at most a typo away."""
    import difflib

    wanted = header.casefold().replace(" ", "_")
    kopfe = list(felder.NACH_KOPF)
    for kopf in kopfe:
        if wanted in (kopf.casefold(), kopf.rsplit(".", 1)[-1].casefold()):
            return kopf
    close = difflib.get_close_matches(wanted, [k.casefold() for k in kopfe], n=1, cutoff=0.8)
    return next((k for k in kopfe if close and k.casefold() == close[0]), None)


def _row_id(mappe: Mappe, row: int, values: dict[int, Any], id_column: int,
            register: Register, seen: dict[str, int], fehler: list[str]) -> str | None:
    """The id naming the row, or None (error recorded) for a row that cannot be taken."""
    formulas = [(column, value) for column, value in values.items()
                if isinstance(value, Formel)]
    for column, formula in formulas:
        fehler.append(f"{mappe.adresse(row, column)}: Formel '{formula.text}'; Formeln "
                      "werden nicht übernommen, bitte den Wert selbst eintragen")
    if formulas:
        return None
    where = mappe.adresse(row, id_column)
    raw = values.get(id_column)
    if raw is None:
        fehler.append(f"{where}: Zeile {row + 1} hat keine id; neue Steckbriefe legt "
                      "'prozesskit neu' an, nicht die Tabelle")
        return None
    ident = felder.kanon(raw)
    if ident not in mappe.meta:
        where_else = (" (es gibt ihn im Register, aber er war nicht in dieser Tabelle: bitte "
                      "neu exportieren)" if ident in register else "")
        fehler.append(f"{where}: unbekannte id '{ident}': diese Tabelle hat keinen Steckbrief "
                      f"mit dieser id exportiert{where_else}. Die id-Spalte nicht ändern; "
                      "neue Steckbriefe legt 'prozesskit neu' an")
        return None
    if ident in seen:
        fehler.append(f"{where}: die id '{ident}' steht schon in Zeile {seen[ident] + 1}; "
                      "jeder Steckbrief hat eine Zeile")
        return None
    seen[ident] = row
    return ident


def _unreadable(register: Register, datei: str, fehler: list[str]) -> bool:
    """Whether the row's Steckbrief is still there but cannot be read (a YAML syntax error
    since the export): that is to fix in the file, not a process that was deleted."""
    item = next((sb for sb in register if sb.path == datei), None)
    if item is None or item.data is not None or not item.problems:
        return False
    first = item.problems[0]
    fehler.append(f"{datei}:{first.line or 1}: {first.message}. Die Datei zuerst reparieren "
                  "(prozesskit validate zeigt die Stelle), dann die Tabelle erneut einlesen")
    return True


def _konflikt(mappe: Mappe, row: int, values: dict[int, Any],
              spalten: dict[int, felder.Feld], ident: str, datei: str,
              item: SteckbriefFile | None) -> Konflikt:
    if item is None:
        grund = f"den Steckbrief '{ident}' gibt es im Register nicht mehr ({datei})"
    elif item.path != datei:
        grund = f"der Steckbrief liegt jetzt in {item.path} (beim Export: {datei})"
    else:
        grund = f"{datei} wurde seit dem Export geändert"
    data = item.data if item is not None else None
    cells = []
    for column, feld in spalten.items():
        value, old = values.get(column), felder.lookup(data, feld.path)
        if _differs(feld, value, old):
            cells.append((feld.kopf, mappe.adresse(row, column), felder.kanon(value),
                          felder.kanon(felder.zelle(old))))
    return Konflikt(ident, item.path if item is not None else datei, row + 1, grund,
                    tuple(cells))


def _differs(feld: felder.Feld, value: Any, old: Any) -> bool:
    """Whether a cell says something else than the Steckbrief (``31.03.2027`` is the date
    ``2027-03-31``); an unreadable cell differs."""
    if felder.kanon(value) == felder.kanon(felder.zelle(old)):
        return False
    try:
        new = felder.deuten(feld, value)
    except felder.Zellfehler:
        return True
    return not (same(new, old) or (new is ABSENT and old is None))


def _edits(mappe: Mappe, row: int, values: dict[int, Any], spalten: dict[int, felder.Feld],
           data: Any, fehler: list[str]) -> list[tuple[felder.Feld, int, Any, Any]]:
    edits = []
    for column, feld in spalten.items():
        value = values.get(column)
        old = felder.lookup(data, feld.path)
        shown = felder.kanon(felder.zelle(old))
        if felder.kanon(value) == shown:
            continue
        where = mappe.adresse(row, column)
        if feld.nur_lesen:
            fehler.append(f"{where}: '{feld.kopf}' wird nur angezeigt und hier nicht geändert "
                          f"(im Steckbrief: '{shown}')")
            continue
        try:
            new = felder.deuten(feld, value)
        except felder.Zellfehler as exc:
            fehler.append(f"{where}: {exc}")
            continue
        if same(new, old) or (new is ABSENT and old is None):
            continue
        edits.append((feld, column, old, new))
    return edits


def _same_kommune(mappe: Mappe, register: Register) -> None:
    """Registers of one network start from the same Blaupause, so another member's sheet
    matches this register's files row by row and would be taken without a single conflict:
    its values (who models what, Fallzahlen) would land here unnoticed."""
    name, schluessel = kommune_of(register)
    sheet_name, sheet_schluessel = mappe.kommune
    if sheet_schluessel and schluessel and sheet_schluessel != schluessel:
        raise InputError(
            f"Die Tabelle stammt aus dem Register von '{sheet_name}' (Schlüssel "
            f"{sheet_schluessel}), dieses Register ist '{name}' ({schluessel}); nichts geändert. "
            "Bitte die eigene Tabelle einlesen (prozesskit export in diesem Register) oder, "
            "wenn die Zeilen wirklich hierher gehören, mit --andere-kommune", file=mappe.datei)


class _Produktbereich:
    """PK-S013 as the register configures it, resolved only when a row edits ``produkt``:
    an edit is refused where validate would report an error, not where the register
    switched the rule off or made it a warning."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cached_property
    def rahmen(self) -> str | None:
        """The register's Produktrahmen if PK-S013 is an error there, else None."""
        from prozesskit.gitio import fetch_config_file
        from prozesskit.problem import Level
        from prozesskit.validation.setup import load_setup
        from prozesskit.validation.types import ValidateOptions

        setup = load_setup(self.root, ValidateOptions(fetch_git=fetch_config_file))
        return setup.produktrahmen if setup.config.levels.get(CODE_S013) is Level.ERROR \
            else None


def _apply(mappe: Mappe, zeile: _Zeile, fehler: list[str],
           rahmen: _Produktbereich) -> bytes | None:
    """The Steckbrief's new bytes, or None with its errors added to ``fehler`` (a field
    that cannot be set, the schema, a Produktbereich outside the register's Produktrahmen:
    the sheet's dropdown is no check, a pasted or typed value bypasses it)."""
    item = zeile.item
    assert item.raw is not None
    current = item.data
    new = _copy_along(current, [feld.path for feld, _c, _o, _n in zeile.edits])
    problems = [f"{mappe.adresse(zeile.row, column)}: {problem} ({item.path})"
                for feld, column, _old, value in zeile.edits
                if (problem := _set(new, feld.path, value)) is not None]
    if problems:
        fehler.extend(problems)
        return None
    schema_errors = _schema_errors(new, zeile, mappe) or _produkt_errors(new, zeile, mappe,
                                                                         rahmen)
    if schema_errors:
        fehler.extend(schema_errors)
        return None
    merged = _in_place(item, zeile)
    if merged is not None and same(read_document(merged, item.path), new):
        return merged  # read back once: what the text says is what we mean
    from prozesskit.library.merge3 import apply_plan, plan  # ruamel: only when needed

    merged = apply_plan(item.raw, plan(current, current, new), file=item.path)
    if not same(read_document(merged, item.path), new):  # the edit path must say what we mean
        raise InputError("Die Änderung ließ sich nicht genau so in die YAML-Datei schreiben; "
                         "nichts geändert. Bitte als Fehler melden", file=item.path)
    return merged


def _copy_along(data: Any, paths: list[tuple[str, ...]]) -> Any:
    """A copy that :func:`_set` may change at ``paths`` without touching ``data``: the
    mappings on those paths are copied, everything else is shared (a deep copy of every
    Steckbrief of a sheet edited in every row costs more than the edits)."""
    if not isinstance(data, dict):
        return copy.deepcopy(data)
    new = dict(data)
    for path in paths:
        node = new
        for step in path[:-1]:
            child = node.get(step)
            if not isinstance(child, dict):
                break
            copied = dict(child)
            node[step] = copied
            node = copied
    return new


def _in_place(item: SteckbriefFile, zeile: _Zeile) -> bytes | None:
    """Values replaced where they stand and new one-line fields added as lines at their
    place in the schema's order (:mod:`prozesskit.yamlio.splice`: ten times faster than a
    ruamel round trip, and nothing else in the file moves), or None when an edit removes a
    field or touches anything but a one-line value."""
    from prozesskit.yamlio.read import BOM
    from prozesskit.yamlio.splice import splice_scalars

    if item.doc is None or item.raw is None or any(
            old is None or new is ABSENT for _f, _c, old, new in zeile.edits):
        return None
    changes = [(feld.path, new) for feld, _c, old, new in zeile.edits if old is not ABSENT]
    added = [(feld.path, new) for feld, _c, old, new in zeile.edits if old is ABSENT]
    text = splice_scalars(item.doc, changes, added, _schema_order)
    if text is None:
        return None
    return (BOM if item.raw.startswith(BOM) else b"") + text.encode("utf-8")


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> str | None:
    """Put ``value`` at ``path`` (``ABSENT``: remove it, and a section it leaves empty); a
    new key goes where the schema orders it, so that the YAML reads in the usual order."""
    parents: list[tuple[dict[str, Any], str]] = []
    node = data
    for depth, step in enumerate(path[:-1]):
        child = node.get(step)
        if child is None:
            if value is ABSENT:
                return None
            child = {}
            _put(node, step, child, path[:depth])
        elif not isinstance(child, dict):
            return f"'{'.'.join(path[:depth + 1])}' ist im Steckbrief kein Abschnitt mit Feldern"
        parents.append((node, step))
        node = child
    key = path[-1]
    if value is ABSENT:
        node.pop(key, None)
        while parents and not node:
            parent, step = parents.pop()
            del parent[step]
            node = parent
        return None
    _put(node, key, value, path[:-1])
    return None


def _put(node: dict[str, Any], key: str, value: Any, where: tuple[str, ...]) -> None:
    if key in node:
        node[key] = value
        return
    order = _schema_order(where)
    rank = {name: index for index, name in enumerate(order)}
    mine = rank.get(key, len(order))
    items = list(node.items())
    position = next((index for index, (name, _) in enumerate(items)
                     if rank.get(name, len(order)) > mine), len(items))
    items.insert(position, (key, value))
    node.clear()
    node.update(items)


@lru_cache(maxsize=32)
def _schema_order(where: tuple[str, ...]) -> tuple[str, ...]:
    from prozesskit.model.errors import models_in
    from prozesskit.model.steckbrief import Steckbrief

    model: Any = Steckbrief
    for step in where:
        model = models_in(model.model_fields[step].annotation)[0]
    return tuple(model.model_fields)


def _schema_errors(new: Any, zeile: _Zeile, mappe: Mappe) -> list[str]:
    """Schema errors of the new document that concern an edited field, at that field's cell
    (errors elsewhere in the file were there before: validate's business, not this one's)."""
    from pydantic import ValidationError

    from prozesskit.model.errors import error_text
    from prozesskit.model.steckbrief import Steckbrief

    try:
        Steckbrief.model_validate(new)
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            loc = tuple(str(step) for step in err["loc"])
            column = next((column for feld, column, _old, _new in zeile.edits
                           if feld.path[:len(loc)] == loc or loc[:len(feld.path)] == feld.path),
                          None)
            if column is not None:
                out.append(f"{mappe.adresse(zeile.row, column)}: "
                           f"{error_text(err, Steckbrief)} ({zeile.item.path})")
        return out
    return []


def _produkt_errors(new: Any, zeile: _Zeile, mappe: Mappe, rahmen: _Produktbereich
                    ) -> list[str]:
    """What validate's PK-S013 would say about an edited ``produkt``, at the edited cell."""
    column = next((column for feld, column, _old, _new in zeile.edits
                   if feld.path[0] == "produkt"), None)
    if column is None or rahmen.rahmen is None:
        return []
    from pydantic import ValidationError

    from prozesskit.model.steckbrief import Produkt
    from prozesskit.rules.steckbrief.produktbereich import findings

    try:
        produkt = Produkt.model_validate(new["produkt"])
    except ValidationError:  # an error elsewhere in produkt, there before: validate's
        return []
    return [f"{mappe.adresse(zeile.row, column)}: {finding.message} ({zeile.item.path}); "
            f"{finding.hint} [{CODE_S013}]" for finding in findings(produkt, rahmen.rahmen)]
