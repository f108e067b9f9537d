"""The figures of ``prozesskit bericht`` for one register.

Nothing here is counted differently from the network: a Steckbrief is read into the
matrix's :class:`~prozesskit.netz.matrix.Cell` (one member, so one row per Steckbrief),
the priority list is :func:`prozesskit.netz.views.priorisierung`, the history is
:func:`prozesskit.netz.stand.stand` and a Pflichtfeld is missing exactly when rule PK-S010
would say so under the register's conventions (profile, manifest, shared files).

*Offene Aufträge* are active processes someone is to model (``modellierung.verantwortlich``
or ``modellierung.termin`` set) that have no model yet (``nicht_modelliert`` or
``in_modellierung``); *überfällig* when their Termin lies before the Stichtag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from prozesskit.model.produktrahmen import STANDARD
from prozesskit.netz.load import Member
from prozesskit.netz.matrix import Cell, build_matrix, normalise_name
from prozesskit.netz.stand import Stand, stand
from prozesskit.netz.views import Priorisierung, priorisierung
from prozesskit.register.view import Register

#: States in which an assignment is still open (no model yet)
OFFEN = ("nicht_modelliert", "in_modellierung")
_SOLL = ("soll_modelliert", "abgestimmt", "freigegeben")
OHNE_ANGABE = "(ohne Angabe)"


@dataclass(slots=True)
class Fortschritt:
    """Modelling state counts of one group (Produktbereich, Organisationseinheit, all)."""

    gruppe: str
    bezeichnung: str = ""
    aktiv: int = 0
    entfallen: int = 0
    offen: int = 0  # nicht_modelliert
    in_arbeit: int = 0
    ist: int = 0
    soll: int = 0  # SOLL modelled, agreed or released

    @property
    def modelliert(self) -> int:
        return self.ist + self.soll

    @property
    def anteil(self) -> float | None:
        return self.modelliert / self.aktiv if self.aktiv else None

    def add(self, cell: Cell) -> None:
        if not cell.aktiv:
            self.entfallen += 1
            return
        self.aktiv += 1
        state = cell.modellierung
        if state == "nicht_modelliert":
            self.offen += 1
        elif state == "in_modellierung":
            self.in_arbeit += 1
        elif state == "ist_modelliert":
            self.ist += 1
        elif state in _SOLL:
            self.soll += 1


@dataclass(frozen=True, slots=True)
class Auftrag:
    id: str
    name: str
    datei: str
    verantwortlich: str | None
    termin: dt.date | None
    modellierung: str
    ueberfaellig: int | None  # days past the Termin at the Stichtag; None: not overdue


@dataclass(frozen=True, slots=True)
class Luecke:
    id: str
    name: str
    datei: str
    felder: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Bericht:
    name: str
    quelle: str
    commit: str | None
    stichtag: dt.date
    unlesbar: int
    zellen: tuple[Cell, ...]  # every readable Steckbrief, by name
    gesamt: Fortschritt
    nach_bereich: tuple[Fortschritt, ...]
    nach_organisationseinheit: tuple[Fortschritt, ...]
    priorisierung: Priorisierung
    auftraege: tuple[Auftrag, ...]  # overdue first, then by Termin, then by name
    pflichtfelder: tuple[str, ...]
    luecken: tuple[Luecke, ...]
    stand: Stand

    @property
    def ueberfaellig(self) -> int:
        return sum(a.ueberfaellig is not None for a in self.auftraege)

    def fehlend(self, steckbrief_id: str) -> tuple[str, ...]:
        return next((x.felder for x in self.luecken if x.id == steckbrief_id), ())


def build_bericht(member: Member, *, stichtag: dt.date, top: int | None = 10,
                  quartale: int = 8, pflichtfelder: tuple[str, ...] | None = None) -> Bericht:
    """``pflichtfelder``: None asks the register's conventions (as ``validate`` resolves
    them); a tuple is taken as given."""
    matrix = build_matrix([member])
    cells = tuple(p.cells[member.name] for p in matrix.processes)
    rahmen = member.register.angaben.produktrahmen or STANDARD  # a package's too
    gesamt = Fortschritt("Gesamt")
    bereiche: dict[str, Fortschritt] = {}
    einheiten: dict[str, Fortschritt] = {}
    for cell in cells:
        gesamt.add(cell)
        bereich = cell.bereich or OHNE_ANGABE
        if bereich not in bereiche:
            bereiche[bereich] = Fortschritt(bereich, _bereich_name(rahmen, cell.bereich))
        bereiche[bereich].add(cell)
        einheit = cell.organisationseinheit or OHNE_ANGABE
        einheiten.setdefault(einheit, Fortschritt(einheit)).add(cell)
    fields = required_fields(member.register) if pflichtfelder is None else pflichtfelder
    return Bericht(
        name=member.name,
        quelle=member.shown,
        commit=member.register.provenance.commit,
        stichtag=stichtag,
        unlesbar=matrix.members[0].unlesbar,
        zellen=cells,
        gesamt=gesamt,
        nach_bereich=tuple(bereiche[k] for k in sorted(bereiche, key=_last_if_none)),
        nach_organisationseinheit=tuple(einheiten[k] for k in sorted(einheiten,
                                                                      key=_last_if_none)),
        priorisierung=priorisierung(matrix, top),
        auftraege=_auftraege(cells, stichtag),
        pflichtfelder=fields,
        luecken=tuple(_luecken(member.register, fields)),
        stand=stand([member], quartale),
    )


def _last_if_none(key: str) -> tuple[bool, str, str]:
    """German order as in ``netz`` (Kämmerei under K-a, not after Kulturamt); '(ohne
    Angabe)' last."""
    return key == OHNE_ANGABE, normalise_name(key), key


def _bereich_name(rahmen: str, bereich: str | None) -> str:
    from prozesskit.model.produktrahmen import find_bereich

    found = find_bereich(rahmen, bereich) if bereich else None
    return found[1] if found else ""


def termin_of(cell: Cell) -> dt.date | None:
    """The Termin as a date; one that is not ``JJJJ-MM-TT`` is none (validate says why)."""
    if not cell.termin:
        return None
    try:
        return dt.date.fromisoformat(cell.termin[:10])
    except ValueError:
        return None


def _auftraege(cells: Iterable[Cell], stichtag: dt.date) -> tuple[Auftrag, ...]:
    found = []
    for cell in cells:
        termin = termin_of(cell)
        if not cell.aktiv or cell.modellierung not in OFFEN or not (
                cell.verantwortlich or termin):
            continue
        late = (stichtag - termin).days if termin is not None and termin < stichtag else None
        found.append(Auftrag(cell.id, cell.name, cell.path, cell.verantwortlich, termin,
                             cell.modellierung, late))
    found.sort(key=lambda a: (a.ueberfaellig is None, a.termin is None,
                              a.termin or dt.date.max, normalise_name(a.name), a.name))
    return tuple(found)


def required_fields(register: Register) -> tuple[str, ...]:
    """The Pflichtfelder PK-S010 checks in this register: profile, manifest, shared
    convention files and the rule's ``felder`` option; none when the rule is switched off.
    An unusable configuration raises as it does for ``validate`` (exit 2)."""
    from prozesskit.gitio import fetch_config_file
    from prozesskit.rules.steckbrief.pflichtfelder import CODE, Options
    from prozesskit.rules.steckbrief.pflichtfelder import required_fields as rule_fields
    from prozesskit.validation.setup import load_setup
    from prozesskit.validation.types import ValidateOptions

    setup = load_setup(register.root, ValidateOptions(fetch_git=fetch_config_file))
    if CODE not in setup.config.levels:
        return ()
    options = setup.settings.ctx.options_for(CODE)
    return rule_fields(options if isinstance(options, Options) else None, setup.settings.ctx)


def _luecken(register: Register, fields: tuple[str, ...]) -> Iterable[Luecke]:
    from prozesskit.rules.steckbrief.pflichtfelder import missing_fields

    if not fields:
        return
    for item in register:
        data = item.data
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            continue
        missing = tuple(field for field, _present in missing_fields(data, fields))
        if missing:
            yield Luecke(data["id"], item.name or data["id"], item.path, missing)
