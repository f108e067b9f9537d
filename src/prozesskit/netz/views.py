"""Views of the matrix: *Priorisierung* (what binds the most working time across the
network) and *Arbeitsteilung* (who models which shared process nobody has modelled yet).

Both are plain data for the renderers; the rules are documented in README ("netz").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from prozesskit.netz.matrix import Matrix, Process, normalise_name

_PRIO_ORDER = {"hoch": 0, "mittel": 1, "niedrig": 2}


@dataclass(frozen=True, slots=True)
class PrioRow:
    """One process of the priority list."""

    rang: int
    name: str
    stunden: float  # gebundene Kapazität, hours a year, summed over the members
    fallzahl: int  # summed over the members that gave both figures
    mitglieder: tuple[tuple[str, float], ...]  # (member, hours) that contributed
    haben: int  # members that have the process (active)
    prioritaet: str | None  # highest Priorität any member gave
    prioritaeten: dict[str, int]  # how many members gave which
    digitalisierung: tuple[int, int] | None  # lowest and highest Reifegrad-Stufe


@dataclass(frozen=True, slots=True)
class Priorisierung:
    rows: tuple[PrioRow, ...]  # the top N
    ohne_kennzahlen: int  # active processes without any member's Fallzahl × Bearbeitungszeit
    gesamt: int  # processes with figures


def priorisierung(matrix: Matrix, top: int | None = 10) -> Priorisierung:
    """Per process: Σ over members (active, both figures known) of
    ``fallzahl_pro_jahr × bearbeitungszeit_min / 60``; sorted by hours, then by how many
    members have it, then by name. Struck processes (``entfaellt``) do not count."""
    ranked: list[PrioRow] = []
    ohne = 0
    for process in matrix.processes:
        parts: list[tuple[str, float]] = []
        fallzahl = 0
        for name, cell in process.cells.items():
            hours = cell.stunden if cell.aktiv else None
            if hours is not None and cell.fallzahl is not None:
                parts.append((name, hours))
                fallzahl += cell.fallzahl
        if not parts:
            if process.aktiv_bei:
                ohne += 1
            continue
        ranked.append(_row(process, parts, fallzahl))
    ranked.sort(key=lambda r: (-r.stunden, -r.haben, normalise_name(r.name), r.name))
    shown = ranked if top is None else ranked[:top]
    rows = tuple(PrioRow(i, r.name, r.stunden, r.fallzahl, r.mitglieder, r.haben, r.prioritaet,
                         r.prioritaeten, r.digitalisierung) for i, r in enumerate(shown, 1))
    return Priorisierung(rows, ohne, len(ranked))


def _row(process: Process, parts: list[tuple[str, float]], fallzahl: int) -> PrioRow:
    active = [c for c in process.cells.values() if c.aktiv]
    prios = Counter(c.prioritaet for c in active if c.prioritaet)
    highest = min(prios, key=_PRIO_ORDER.__getitem__) if prios else None
    stufen = [c.digitalisierung[1] for c in active if c.digitalisierung is not None]
    return PrioRow(0, process.name, sum(h for _, h in parts), fallzahl, tuple(parts),
                   len(active), highest, dict(prios),
                   (min(stufen), max(stufen)) if stufen else None)


@dataclass(frozen=True, slots=True)
class Auftrag:
    """A proposed assignment: ``mitglied`` models ``name`` for everyone in ``haben``."""

    name: str
    mitglied: str
    haben: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Last:
    mitglied: str
    kapazitaet: int | None  # as in netz.yaml
    gewicht: float  # the weight the split used: kapazitaet, or the mean of those given
    modelliert: int  # processes the member has already modelled
    neu: int  # proposed


@dataclass(frozen=True, slots=True)
class Arbeitsteilung:
    auftraege: tuple[Auftrag, ...]
    lasten: tuple[Last, ...]
    mindestens: int  # a process counts as shared from this many members
    modelle_gespart: int  # models not made because one member models for the others
    stunden_gespart: float | None  # modelle_gespart × hours per model, when that is given


def arbeitsteilung(matrix: Matrix, mindestens: int = 2,
                   stunden_je_modell: float | None = None) -> Arbeitsteilung:
    """Open shared processes (active at ``mindestens`` members or more, no member has a
    model, is modelling one or named someone responsible), each given to exactly one of the
    members that have it.

    Greedy and deterministic: the processes with the fewest candidates first (they leave
    the least choice), each to the candidate whose load after taking it, divided by its
    capacity, is lowest; ties go to the member who has modelled less so far, then to the
    order of netz.yaml. With equal capacities and every candidate possible, the loads end
    within one process of each other. ``kapazitaet`` is a weight (a share relative to the
    others, not a number of processes: the plan gives every open process to someone, so a
    cap could only leave processes unplanned); a member without one counts with the mean of
    those given (1 when none is), and that used weight is reported. The hours saved
    against everyone modelling alone are the models nobody has to make times
    ``stunden_je_modell`` (the network's own estimate: there is no honest default)."""
    given = [m.kapazitaet for m in matrix.members if m.kapazitaet is not None]
    default = sum(given) / len(given) if given else 1.0
    weight = {m.name: float(m.kapazitaet or default) for m in matrix.members}
    order = {m.name: i for i, m in enumerate(matrix.members)}
    modelliert = Counter(name for p in matrix.processes for name in p.modelliert_bei)
    load: Counter[str] = Counter()
    open_rows = [p for p in matrix.processes
                 if len(p.aktiv_bei) >= mindestens and _offen(p)]
    open_rows.sort(key=lambda p: (len(p.aktiv_bei), normalise_name(p.name), p.name))
    auftraege = []
    for process in open_rows:
        candidates = process.aktiv_bei
        chosen = min(candidates, key=lambda n: ((load[n] + 1) / weight[n], modelliert[n],
                                                order[n]))
        load[chosen] += 1
        auftraege.append(Auftrag(process.name, chosen, tuple(candidates)))
    lasten = tuple(Last(m.name, m.kapazitaet, weight[m.name], modelliert[m.name],
                        load[m.name]) for m in matrix.members)
    gespart = sum(len(a.haben) - 1 for a in auftraege)
    auftraege.sort(key=lambda a: (order[a.mitglied], normalise_name(a.name), a.name))
    stunden = gespart * stunden_je_modell if stunden_je_modell is not None else None
    return Arbeitsteilung(tuple(auftraege), lasten, mindestens, gespart, stunden)


def _offen(process: Process) -> bool:
    return all(c.modellierung == "nicht_modelliert" and not c.verantwortlich
               for c in process.cells.values() if c.aktiv)
