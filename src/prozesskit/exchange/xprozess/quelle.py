"""An XProzess file as a read-only register: one Steckbrief (and its BPMN models) per
process, planned in memory, so that ``prozesskit import export.xml`` runs the same id
matching, lock and write plan as for any other source.

Every payload is decoded before the register exists: a single unsafe or broken model
refuses the whole file (German :class:`~prozesskit.errors.PaketError`, nothing written).
``provenance.sha256`` is the file's sha256 (what the lock records).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from prozesskit import limits
from prozesskit.errors import InputError, PaketError
from prozesskit.exchange.xprozess.abbildung import zu_steckbrief
from prozesskit.exchange.xprozess.codes import STATUS_MEHRDEUTIG
from prozesskit.exchange.xprozess.daten import Modelldatei
from prozesskit.exchange.xprozess.lesen import (
    Eintrag,
    is_xprozess,
    line,
    local,
    parse,
    prozesse,
)
from prozesskit.exchange.xprozess.nutzlast import entpacken
from prozesskit.register.view import Provenance, Register, SteckbriefFile

#: Provenance kind of a register read from an XProzess file (SourceKind.XPROZESS)
KIND = "xprozess"


@dataclass(frozen=True, slots=True)
class XProzessDatei:
    """The files an XProzess message becomes, and what the user should know about them."""

    path: Path
    sha256: str
    files: dict[str, bytes]
    notes: tuple[tuple[str, str], ...]  # (Steckbrief path, note)


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
    from prozesskit.yamlio.edit import dump_text, to_commented
    from prozesskit.yamlio.schemazeile import schema_line

    raw = read_file(path)
    shown = str(path)
    root = parse(raw, shown)
    if not is_xprozess(root):
        raise InputError(f"Die Datei ist keine XProzess-2.0-Nachricht: Wurzelelement "
                         f"<{local(root)}> im Namensraum "
                         f"'{root.nsmap.get(root.prefix)}', erwartet "
                         "'http://www.regierung-mv.de/xprozess/2'", file=shown,
                         line=line(root))
    files: dict[str, bytes] = {}
    notes: list[tuple[str, str]] = []
    vergeben: set[str] = set()
    for eintrag in prozesse(root):
        eintrag.daten.modelle = list(_modelle(eintrag, shown))
        result = zu_steckbrief(eintrag.daten, vergeben)
        rel = f"steckbriefe/{result.data['id']}.yaml"
        text = f"{schema_line(rel)}\n{dump_text(to_commented(result.data))}"
        files[rel] = text.encode("utf-8")
        files.update(result.modelle)
        notes.extend((rel, note) for note in result.notes)
    if not vergeben:
        raise InputError("Die XProzess-Datei enthält keinen Prozess (prozessbibliothek/"
                         "prozess); nichts zu importieren", file=shown)
    return XProzessDatei(path, hashlib.sha256(raw).hexdigest(), files, tuple(notes))


def _modelle(eintrag: Eintrag, shown: str) -> list[Modelldatei]:
    found = []
    for dateiname, inhalt in eintrag.dateien:
        try:
            bpmn, entry = entpacken(inhalt.text or "", dateiname)
        except PaketError as exc:
            raise PaketError(f"Prozess '{eintrag.daten.id}', Modelldatei '{dateiname}': {exc}. "
                             "Die Datei wird nicht angenommen; es wurde nichts geschrieben",
                             file=shown, line=line(inhalt)) from None
        found.append(Modelldatei(dateiname or entry.removesuffix(".xml"), bpmn))
    return found


def open_xprozess(path: Path) -> Register:
    """What ``Source.open`` gives for ``export.xml``."""
    from prozesskit.register.discover import classify
    from prozesskit.register.files import MemoryStore
    from prozesskit.register.view import load

    datei = lesen(path)
    found = classify(Path(f"{KIND}:{path.name}"), datei.files)
    return load(MemoryStore(datei.files), found,
                Provenance(KIND, str(path), sha256=datei.sha256))


def hinweise(steckbriefe: Iterable[SteckbriefFile]) -> list[str]:
    """What the user should know about Steckbriefe made from an XProzess file: fields
    XProzess has no place for (Produktbereich), codes read with a caveat (status 2)."""
    found = []
    for item in steckbriefe:
        data = item.data if isinstance(item.data, dict) else {}
        produkt = data.get("produkt")
        if not (isinstance(produkt, dict) and produkt.get("bereich")):
            found.append(f"{item.id}: XProzess kennt keinen Produktbereich; bitte "
                         "produkt.bereich ergänzen (sonst meldet validate PK-S004)")
        merkmale = data.get("merkmale")
        fremd = merkmale.get("xprozess") if isinstance(merkmale, dict) else None
        if isinstance(fremd, dict) and str(fremd.get("status")) == STATUS_MEHRDEUTIG:
            found.append(f"{item.id}: Freigabestatus 2 ist mehrdeutig ('in Bearbeitung' in der "
                         "Codeliste von 2020, 'fachlich freigegeben' in ADONIS-Exporten); nicht "
                         "als freigegeben übernommen, der Code steht unter "
                         "merkmale.xprozess.status")
    return found
