"""An XProzess file as a read-only register: one Steckbrief (and its BPMN models) per
process, planned in memory, so that ``prozesskit import export.xml`` runs the same id
matching, lock and write plan as for any other source.

Every payload is decoded before the register exists: a single unsafe or broken model
refuses the whole file (German :class:`~prozesskit.errors.PaketError`, nothing written).
The Steckbriefe and models it becomes are then checked as ``unpack`` checks a package's
(:func:`prozesskit.exchange.entpacken.content_errors`): a field the Steckbrief schema does
not take (a tampered ``merkmal``) refuses the file too, named by process and line.
``validate export.xml`` makes the same Steckbriefe (:func:`inhalt`) and reports the same.
``provenance.sha256`` is the file's sha256 (what the lock records).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from prozesskit import limits
from prozesskit.errors import InputError, PaketError
from prozesskit.exchange.xprozess.abbildung import zu_steckbrief
from prozesskit.exchange.xprozess.codes import STATUS_MEHRDEUTIG
from prozesskit.exchange.xprozess.daten import Modelldatei
from prozesskit.exchange.xprozess.lesen import (
    Eintrag,
    is_xprozess,
    kid,
    line,
    local,
    parse,
    prozesse,
)
from prozesskit.exchange.xprozess.lesen import (
    text as text_of,
)
from prozesskit.exchange.xprozess.nutzlast import Budget, entpacken
from prozesskit.problem import Problem
from prozesskit.register.view import Angaben, Provenance, Register, SteckbriefFile

#: Provenance kind of a register read from an XProzess file (SourceKind.XPROZESS)
KIND = "xprozess"


@dataclass(frozen=True, slots=True)
class XProzessDatei:
    """The files an XProzess message becomes, and what the user should know about them."""

    path: Path
    sha256: str
    files: dict[str, bytes]
    notes: tuple[tuple[str, str], ...]  # (Steckbrief path, note)
    #: path of each Steckbrief and model → (the process's id in the file, its line)
    orte: Mapping[str, tuple[str, int | None]]
    #: the Prozessbibliothek's ``herausgeber`` (organisationsname): whose processes these are
    herausgeber: str | None = None


@dataclass(frozen=True, slots=True)
class Inhalt:
    """What the processes of a message become: files, notes and where each came from."""

    files: dict[str, bytes]
    notes: tuple[tuple[str, str], ...]
    orte: dict[str, tuple[str, int | None]]


def read_file(path: Path) -> bytes:
    from prozesskit.fsutil import FileTooLarge, NotRegularFile, os_error_reason, read_regular

    try:
        return read_regular(str(path), limits.MAX_XPROZESS_BYTES)
    except FileTooLarge:
        raise InputError(f"Die XProzess-Datei ist größer als "
                         f"{limits.german_int(limits.MAX_XPROZESS_BYTES)} Bytes und wird "
                         "nicht gelesen", file=str(path)) from None
    except NotRegularFile:
        raise InputError("Die XProzess-Datei ist keine gewöhnliche Datei (Link, FIFO oder "
                         "Gerät) und wird nicht gelesen", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"Die XProzess-Datei kann nicht gelesen werden: "
                         f"{os_error_reason(exc)}", file=str(path)) from None


def lesen(path: Path) -> XProzessDatei:
    """Steckbriefe and models of every process in the file, all payloads verified."""
    raw = read_file(path)
    shown = str(path)
    root = parse(raw, shown)
    if not is_xprozess(root):
        raise InputError(f"Die Datei ist keine XProzess-2.0-Nachricht: Wurzelelement "
                         f"<{local(root)}> im Namensraum "
                         f"'{root.nsmap.get(root.prefix)}', erwartet "
                         "'http://www.regierung-mv.de/xprozess/2'", file=shown,
                         line=line(root))
    budget = Budget()  # all payloads of the message together
    found = inhalt(root, lambda eintrag: _modelle(eintrag, shown, budget))
    if not found.files:
        raise InputError("Die XProzess-Datei enthält keinen Prozess (prozessbibliothek/"
                         "prozess); nichts zu importieren", file=shown)
    library = kid(root, "prozessbibliothek")
    herausgeber = text_of(kid(library, "herausgeber"), "organisationsname") \
        if library is not None else None
    return XProzessDatei(path, hashlib.sha256(raw).hexdigest(), found.files, found.notes,
                         found.orte, herausgeber)


def inhalt(root: etree._Element, modelle: Callable[[Eintrag], list[Modelldatei]]) -> Inhalt:
    """One Steckbrief (edit path, schema line) and its models per process of the message;
    ``modelle`` gives a process's decoded models (import refuses an unsafe one, validate
    leaves it out: PK-P014 reports it)."""
    from prozesskit.yamlio.edit import dump_text, to_commented
    from prozesskit.yamlio.schemazeile import schema_line

    files: dict[str, bytes] = {}
    notes: list[tuple[str, str]] = []
    orte: dict[str, tuple[str, int | None]] = {}
    vergeben: set[str] = set()
    for eintrag in prozesse(root):
        eintrag.daten.modelle = list(modelle(eintrag))
        result = zu_steckbrief(eintrag.daten, vergeben)
        rel = f"steckbriefe/{result.data['id']}.yaml"
        text = f"{schema_line(rel)}\n{dump_text(to_commented(result.data))}"
        files[rel] = text.encode("utf-8")
        files.update(result.modelle)
        notes.extend((rel, note) for note in result.notes)
        for path in (rel, *(model for model, _ in result.modelle)):
            orte[path] = (eintrag.daten.id, line(eintrag.element))
    return Inhalt(files, tuple(notes), orte)


def register_of(files: Mapping[str, bytes], name: str,
                provenance: Provenance | None = None, herausgeber: str | None = None
                ) -> Register:
    """The files as a read-only register view (what import reads, what validate checks).
    XProzess names no Kommune type and no Produktrahmen (its processes carry no
    Produktbereich either): the ``herausgeber`` is all it says about whose they are."""
    from prozesskit.register.discover import classify
    from prozesskit.register.files import MemoryStore
    from prozesskit.register.view import load

    found = classify(Path(f"{KIND}:{name}"), files)
    return load(MemoryStore(files), found, provenance or Provenance(KIND, name),
                angaben=Angaben(herausgeber))


def fehler(register: Register, *, models: bool = True) -> list[Problem]:
    """The check ``unpack`` makes (:func:`~prozesskit.exchange.entpacken.content_errors`)
    over the files a message becomes, but for the one gap every message has: XProzess has
    no place for the Produktbereich, so a Steckbrief without ``produkt`` is taken (with a
    hint, :func:`hinweise`), as its missing field is not the sender's error."""
    from prozesskit.exchange.entpacken import content_errors

    ohne = {item.path for item in register.steckbriefe
            if isinstance(item.data, dict) and "produkt" not in item.data}
    return sorted((p for p in content_errors(register, models=models)
                   if not (p.file in ohne and p.element == "produkt")), key=Problem.sort_key)


def wo(orte: Mapping[str, tuple[str, int | None]], problem: Problem) -> tuple[str, int | None]:
    """The process a problem of a made Steckbrief or model belongs to, and its line."""
    return orte.get(problem.file, (problem.file, None))


def _modelle(eintrag: Eintrag, shown: str, budget: Budget) -> list[Modelldatei]:
    found = []
    for dateiname, inhalt in eintrag.dateien:
        try:
            bpmn, entry = entpacken(inhalt.text or "", dateiname, budget)
        except PaketError as exc:
            raise PaketError(f"Prozess '{eintrag.daten.id}', Modelldatei '{dateiname}': {exc}. "
                             "Die Datei wird nicht angenommen; es wurde nichts geschrieben",
                             file=shown, line=line(inhalt)) from None
        found.append(Modelldatei(dateiname or entry.removesuffix(".xml"), bpmn))
    return found


def open_xprozess(path: Path) -> Register:
    """What ``Source.open`` gives for ``export.xml``: every payload verified and every
    Steckbrief and model it becomes checked as ``unpack`` checks a package's files."""
    from prozesskit.exchange.entpacken import SHOWN

    datei = lesen(path)
    register = register_of(datei.files, path.name,
                           Provenance(KIND, str(path), sha256=datei.sha256), datei.herausgeber)
    problems = fehler(register)
    if problems:
        where = [(wo(datei.orte, p), p.message) for p in problems]
        shown = "; ".join(f"Prozess '{pid}' (Zeile {at or 1}): {message}"
                          for (pid, at), message in where[:SHOWN])
        more = f" und {len(problems) - SHOWN} weitere" if len(problems) > SHOWN else ""
        raise PaketError(f"Die XProzess-Datei wird nicht angenommen: {len(problems)} Fehler "
                         f"in den Steckbriefen oder Modellen, die daraus entstünden ({shown}"
                         f"{more}). Bitte die Quelle beheben und neu exportieren ('prozesskit "
                         f"validate {path}' zeigt sie); es wurde nichts geschrieben",
                         file=str(path), line=where[0][0][1])
    return register


def hinweise(steckbriefe: Iterable[SteckbriefFile],
             where: Mapping[str, str] | None = None) -> list[str]:
    """What the user should know about Steckbriefe made from an XProzess file: fields
    XProzess has no place for (Produktbereich), codes read with a caveat (status 2).
    ``where``: the file each process was written to (import renames a process whose id
    the register has: the hint must name the new file, not the register's own one)."""
    found = []
    for item in steckbriefe:
        shown = (where or {}).get(item.id or "", item.id)
        data = item.data if isinstance(item.data, dict) else {}
        produkt = data.get("produkt")
        if not (isinstance(produkt, dict) and produkt.get("bereich")):
            found.append(f"{shown}: XProzess kennt keinen Produktbereich; bitte "
                         "produkt.bereich ergänzen (sonst meldet validate PK-S004)")
        merkmale = data.get("merkmale")
        fremd = merkmale.get("xprozess") if isinstance(merkmale, dict) else None
        if isinstance(fremd, dict) and str(fremd.get("status")) == STATUS_MEHRDEUTIG:
            found.append(f"{shown}: Freigabestatus 2 ist mehrdeutig ('in Bearbeitung' in der "
                         "Codeliste von 2020, 'fachlich freigegeben' in ADONIS-Exporten); nicht "
                         "als freigegeben übernommen, der Code steht unter "
                         "merkmale.xprozess.status")
    return found
