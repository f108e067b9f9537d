"""The matrix process × member: which member has a process, struck it or lacks it, how far
its model is, who models it and which library version it is on.

Everything is read from the Steckbriefe' plain data (the register view's fast read path):
no pydantic per file, no ruamel. A Steckbrief that cannot be read is left out and counted
(``validate`` is where it gets fixed); a field of the wrong type is read as missing.

Matching: the same process has different ids in different registers (a member renamed
it, or wrote it by hand). Rows are matched by the first of these keys that an existing row
has: the LeiKa key, then the keys of the Steckbrief's variants (``varianten[].leika``; one
member keeps "Aufenthaltserlaubnis erteilen" with its Aufenthaltszwecke as variants, another
one process per LeiKa-Leistung), then the Herkunft id (per source, ``herkunft.name`` up to
the ``/``), then the normalised name (:func:`normalise_name`). Every LeiKa key of a row's
Steckbriefe, main or variant, finds the row. The cell records which rule matched it:
``leika`` when both main keys agree, ``variante`` when a variant's key did; the first member
of a row founded it (rule ``None``). Two Steckbriefe of the same member never share a row.
A Steckbrief copied as a template with the original's ``herkunft`` left in
(:mod:`prozesskit.register.kopien`, PK-S024) counts as one without ``herkunft``.

"Behind": a cell's ``herkunft.version`` is compared with the newest version of the same
source (``herkunft.name`` up to the ``/``, so that the Blaupausen of one catalogue count as
one source) that any member of the network has, for any process; versions are compared
part by part at dots and dashes, numbers as numbers (``2026.10`` is newer than ``2026.9``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from prozesskit.model.codes import HOECHSTE_KENNZAHL
from prozesskit.model.kennung import german_key
from prozesskit.netz.load import Member
from prozesskit.register.kopien import kopien
from prozesskit.register.view import SteckbriefFile

#: Modelling states, in order, with the short word the matrix shows
STATUS_KURZ: dict[str, str] = {
    "nicht_modelliert": "offen",
    "in_modellierung": "in Arbeit",
    "ist_modelliert": "IST",
    "soll_modelliert": "SOLL",
    "abgestimmt": "SOLL abgestimmt",
    "freigegeben": "SOLL freigegeben",
}
#: States in which a member has a model (or is making one): not open for Arbeitsteilung
MODELLIERT = frozenset({"ist_modelliert", "soll_modelliert", "abgestimmt", "freigegeben"})

RULES = ("leika", "variante", "herkunft", "name")
RULE_TEXT = {"leika": "LeiKa-Schlüssel", "variante": "LeiKa-Schlüssel einer Variante",
             "herkunft": "Herkunft-Id", "name": "Name"}

#: German folding for matching names ('Gewerbe  Anmelden' and 'gewerbe anmelden' match)
normalise_name = german_key


_VERSION = re.compile(r"[vV]?\d+(?:[.\-][0-9A-Za-z]+)*")
_HASH = re.compile(r"[0-9a-f]{7,64}")


def orderable(version: str) -> bool:
    """Whether a ``herkunft.version`` is a version with an order (``v2``, ``2026.1``), not a
    name of a state: a package's or XProzess file's checksum (``paket-3225ea4bb008``), a
    folder's, a commit or a branch have none, so no member is "behind" with one."""
    return _VERSION.fullmatch(version) is not None and (
        version.isdigit() or _HASH.fullmatch(version) is None)


@lru_cache(maxsize=256)  # a network has a handful of versions and thousands of Steckbriefe
def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Orderable form of a version: numbers compare as numbers, words as text."""
    parts = re.split(r"[.\-]", version.strip())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


@dataclass(frozen=True, slots=True)
class Cell:
    """One member's Steckbrief of a process."""

    member: str
    id: str
    path: str
    name: str
    status: str  # aktiv | entfaellt
    status_grund: str | None
    modellierung: str  # Modellierungsstatus
    verantwortlich: str | None
    termin: str | None
    herkunft_quelle: str | None  # herkunft.name up to '/'
    herkunft_version: str | None
    hinter: bool  # herkunft_version older than the newest of its source in the network
    regel: str | None  # which rule matched it to the row; None: founded the row
    fallzahl: int | None
    bearbeitungszeit_min: float | None
    prioritaet: str | None
    digitalisierung: tuple[str, int] | None  # (modell, stufe)
    bereich: str | None = None  # produkt.bereich
    organisationseinheit: str | None = None

    @property
    def aktiv(self) -> bool:
        return self.status != "entfaellt"

    @property
    def stunden(self) -> float | None:
        """Gebundene Kapazität in hours a year, if both figures are known."""
        if self.fallzahl is None or self.bearbeitungszeit_min is None:
            return None
        return self.fallzahl * self.bearbeitungszeit_min / 60


@dataclass(slots=True)
class Process:
    """A row: one process across the network."""

    name: str
    leika: str | None
    cells: dict[str, Cell] = field(default_factory=dict)  # member name → cell

    @property
    def aktiv_bei(self) -> list[str]:
        return [name for name, cell in self.cells.items() if cell.aktiv]

    @property
    def modelliert_bei(self) -> list[str]:
        return [name for name, cell in self.cells.items() if cell.modellierung in MODELLIERT]


@dataclass(frozen=True, slots=True)
class MemberInfo:
    name: str
    typ: str | None
    kapazitaet: int | None
    quelle: str  # the source as given
    commit: str | None
    steckbriefe: int
    unlesbar: int  # Steckbriefe left out: unreadable or not a mapping with an id


@dataclass(frozen=True, slots=True)
class Matrix:
    members: tuple[MemberInfo, ...]
    processes: tuple[Process, ...]  # sorted by name
    neueste: dict[str, str]  # source → newest herkunft version in the network


def build_matrix(members: Sequence[Member]) -> Matrix:
    """Match every member's Steckbriefe into rows; see the module docstring for the rules."""
    rows: list[Process] = []
    index: dict[tuple[str, str], int] = {}
    pending: list[tuple[int, str, dict[str, object], str, str | None]] = []
    infos = []
    neueste: dict[str, str] = {}
    for member in members:
        unlesbar = 0
        count = 0
        copies = _copies(member)
        for item in _main_keys_first(member, {row.leika for row in rows if row.leika}):
            data = item.data
            sid = data.get("id") if isinstance(data, dict) else None
            if not isinstance(data, dict) or not isinstance(sid, str):
                unlesbar += 1
                continue
            if item.path in copies:
                data = {key: value for key, value in data.items() if key != "herkunft"}
            count += 1
            keys = _keys(data)
            row, rule = _match(rows, index, keys, member.name, _text(data, "leika"))
            if row is None:
                name = data.get("name")
                rows.append(Process(name if isinstance(name, str) else sid, _text(data, "leika")))
                row = len(rows) - 1
            for key in keys:
                index.setdefault(key, row)
            rows[row].cells[member.name] = _placeholder(member.name)
            pending.append((row, member.name, data, item.path, rule))
            quelle, version = _herkunft(data)
            if quelle and version and orderable(version) and (
                    quelle not in neueste or version_key(version) > version_key(neueste[quelle])):
                neueste[quelle] = version
        infos.append(MemberInfo(member.name, member.typ, member.kapazitaet, member.shown,
                                member.register.provenance.commit, count, unlesbar))
    for row, member_name, data, path, rule in pending:
        rows[row].cells[member_name] = _cell(member_name, data, path, rule, neueste)
    order = sorted(rows, key=lambda p: (normalise_name(p.name), p.name))
    return Matrix(tuple(infos), tuple(order), neueste)


def _copies(member: Member) -> set[str]:
    """The member's Steckbriefe copied as a template with the original's ``herkunft`` left
    in (PK-S024): that ``herkunft`` is not theirs, so it neither matches them with the
    original nor makes them outdated when the source moves on."""
    return set(kopien((item.path, item.data.get("id"), item.data.get("herkunft"))
                      for item in member.register if isinstance(item.data, dict)))


def _main_keys_first(member: Member, row_keys: set[str]) -> list[SteckbriefFile]:
    """The member's Steckbriefe, those whose main key is a row's main key first (else in
    register order): "Aufenthaltserlaubnis zur Beschäftigung" with the row's main key takes
    the row before "… zum Studium", which only one of its variants names."""
    items = list(member.register)
    if not row_keys:
        return items
    return sorted(items, key=lambda item: not (
        isinstance(item.data, dict) and _text(item.data, "leika") in row_keys))


def _keys(data: dict[str, object]) -> list[tuple[str, str]]:
    keys = []
    leika = _text(data, "leika")
    if leika:
        keys.append(("leika", leika))
    for item in _list(data, "varianten"):
        key = _text(item, "leika") if isinstance(item, dict) else None
        if key and ("leika", key) not in keys:
            keys.append(("leika", key))
    quelle, _version = _herkunft(data)
    herkunft = data.get("herkunft")
    hid = herkunft.get("id") if isinstance(herkunft, dict) else None
    if quelle and isinstance(hid, str) and hid:
        keys.append(("herkunft", f"{quelle}\0{hid}"))
    name = _text(data, "name")
    if name and normalise_name(name):
        keys.append(("name", normalise_name(name)))
    return keys


def _match(rows: list[Process], index: dict[tuple[str, str], int], keys: list[tuple[str, str]],
           member: str, leika: str | None) -> tuple[int | None, str | None]:
    for key in keys:
        row = index.get(key)
        if row is not None and member not in rows[row].cells:
            if key[0] == "leika" and not (key[1] == leika == rows[row].leika):
                return row, "variante"  # a variant's key, on this side or the row's
            return row, key[0]
    return None, None


def _placeholder(member: str) -> Cell:
    return Cell(member, "", "", "", "aktiv", None, "nicht_modelliert", None, None, None, None,
                False, None, None, None, None, None)


def status_of(data: dict[str, object]) -> str:
    """``aktiv`` or ``entfaellt`` (anything but ``entfaellt`` counts as active)."""
    return "entfaellt" if data.get("status") == "entfaellt" else "aktiv"


def modellierung_of(data: dict[str, object]) -> str:
    """The modelling state; a missing or unknown one reads as ``nicht_modelliert``."""
    status = _sub(data, "modellierung").get("status")
    return status if isinstance(status, str) and status in STATUS_KURZ else "nicht_modelliert"


def _text(data: dict[str, object], key: str) -> str | None:
    value = data.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _list(data: dict[str, object], key: str) -> list[object]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _sub(data: dict[str, object], key: str) -> dict[str, object]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _herkunft(data: dict[str, object]) -> tuple[str | None, str | None]:
    herkunft = _sub(data, "herkunft")
    name, version = herkunft.get("name"), herkunft.get("version")
    quelle = name.split("/", 1)[0] if isinstance(name, str) and name else None
    return quelle, version if isinstance(version, str) and version else None


def _number(value: object) -> float | None:
    """A count or time to compute with; None for anything else, also beyond any real
    figure (a 4,000-digit Fallzahl, which validate reports, must not stop the network's
    report: no float holds it, and products of such figures are infinite)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            0 <= value <= HOECHSTE_KENNZAHL):  # larger: validate's PK-S004
        return None
    return float(value)


def _cell(member: str, data: dict[str, object], path: str, rule: str | None,
          neueste: dict[str, str]) -> Cell:
    modellierung = _sub(data, "modellierung")
    kennzahlen = _sub(data, "kennzahlen")
    fallzahl = kennzahlen.get("fallzahl_pro_jahr")
    digital = _sub(data, "digitalisierungsgrad")
    stufe = digital.get("stufe")
    quelle, version = _herkunft(data)
    hinter = bool(quelle and version and quelle in neueste and orderable(version)
                  and version_key(version) < version_key(neueste[quelle]))
    termin = modellierung.get("termin")
    prioritaet = data.get("prioritaet")
    sid = data.get("id")
    return Cell(
        member=member,
        id=sid if isinstance(sid, str) else "",
        path=path,
        name=_text(data, "name") or (sid if isinstance(sid, str) else ""),
        status=status_of(data),
        status_grund=_text(data, "status_grund"),
        modellierung=modellierung_of(data),
        verantwortlich=_text(modellierung, "verantwortlich"),
        termin=str(termin) if termin is not None else None,
        herkunft_quelle=quelle,
        herkunft_version=version,
        hinter=hinter,
        regel=rule,
        fallzahl=int(fallzahl) if isinstance(fallzahl, int) and _number(fallzahl) is not None
        else None,
        bearbeitungszeit_min=_number(kennzahlen.get("bearbeitungszeit_min")),
        prioritaet=prioritaet if prioritaet in ("hoch", "mittel", "niedrig") else None,
        digitalisierung=(str(digital.get("modell") or "1.1"), stufe)
        if isinstance(stufe, int) and not isinstance(stufe, bool) else None,
        bereich=_text(_sub(data, "produkt"), "bereich"),
        organisationseinheit=_text(data, "organisationseinheit"),
    )
