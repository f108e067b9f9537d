"""Produktbereiche from another register against the receiving register's Produktrahmen.

A Produktbereich is a number of the sender's Produktrahmen: ``05`` is "Soziale Leistungen"
in NKF-NRW and no Bereich at all in IMK, ``11`` is "Ver- und Entsorgung" in NKF-NRW and
"Innere Verwaltung" in IMK. ``unpack`` and ``import`` take the Steckbriefe as they are (the
numbers are the sender's data, and which IMK Bereich a NKF Bereich becomes is a decision),
but say it before ``validate`` reports one PK-S013 per Steckbrief: how many do not fit,
how many now mean another Bereich, and which numbers correspond by name.

The sender's Produktrahmen is what its register says (``Register.angaben``: the manifest of
a folder or git register, ``quelle.produktrahmen`` of a package since format version 3).
Unknown (an older package, a Blaupause, an XProzess file: XProzess has no place for it):
only numbers the receiver's Produktrahmen lacks are counted. A foreign XProzess export has no
Produktbereich at all (its import names each Steckbrief that lacks one); prozesskit's own
carries it in a ``merkmal`` and is counted like a package of version 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from prozesskit import limits
from prozesskit.model.produktrahmen import RAHMEN, STANDARD, find_bereich, of_manifest
from prozesskit.register.view import SteckbriefFile

#: Corresponding numbers named in the hint at most
BEISPIELE = 4


def ziel_rahmen(root: Path) -> str:
    """The receiving register's Produktrahmen (``prozesskit.yaml`` on the read path; the
    default when it names none or cannot be read: validate reports that)."""
    from prozesskit.register.files import FolderStore, Unreadable
    from prozesskit.register.manifest import parse_manifest
    from prozesskit.validation.layout import MANIFEST_NAME

    try:
        raw = FolderStore(root).read(MANIFEST_NAME, limits.MAX_YAML_BYTES)
    except Unreadable:
        return STANDARD
    doc = parse_manifest(raw)[0]
    return of_manifest(doc.data if doc is not None else None)


def hinweis(quelle: str | None, ziel: str, steckbriefe: Iterable[SteckbriefFile],
            woher: str) -> str | None:
    """The German hint for Steckbriefe numbered in Produktrahmen ``quelle`` (None: not
    known) taken into a register with ``ziel``; None when there is nothing to say.
    ``woher``: the source as the user named it ("Das Paket 'x.zip'")."""
    if quelle == ziel or ziel not in RAHMEN:
        return None
    bekannt = quelle if quelle in RAHMEN else None
    fremd: list[str] = []  # numbers the receiver's Produktrahmen lacks
    anders: list[str] = []  # numbers it has with another meaning
    for item in steckbriefe:
        bereich = _bereich(item)
        if bereich is None:
            continue
        hier = find_bereich(ziel, bereich)
        if hier is None:
            fremd.append(bereich)
        elif bekannt is not None and (dort := find_bereich(bekannt, bereich)) is not None \
                and dort[1] != hier[1]:
            anders.append(bereich)
    if not fremd and not anders:
        return None
    if bekannt is None:
        return (f"Die Produktbereiche von {_steckbriefe(len(fremd))} gibt es im Produktrahmen "
                f"{ziel} dieses Registers nicht ({_codes(fremd)}; validate meldet PK-S013); "
                "stammen sie aus einem anderen Produktrahmen? Bitte produkt.bereich (und "
                "Produktgruppe und Produkt) umschlüsseln.")
    teile = []
    if fremd:
        teile.append(f"die Produktbereiche von {_steckbriefe(len(fremd))} gibt es in {ziel} "
                     f"nicht ({_codes(fremd)}; validate meldet PK-S013)")
    if anders:
        teile.append(f"bei {_steckbriefe(len(anders))} bedeutet die Nummer in {ziel} einen "
                     f"anderen Bereich ({_codes(anders)})")
    paare = [f"{code} → {ziel_code}" for code in sorted(set(fremd + anders))
             if (ziel_code := _entsprechung(bekannt, ziel, code)) is not None][:BEISPIELE]
    beispiel = f" (dem Namen nach: {', '.join(paare)})" if paare else ""
    return (f"{woher} ist nach dem Produktrahmen {bekannt} nummeriert, dieses Register nach "
            f"{ziel}: {' und '.join(teile)}. Bitte produkt.bereich (und Produktgruppe und "
            f"Produkt) dieser Steckbriefe auf {ziel} umschlüsseln{beispiel}.")


def _bereich(item: SteckbriefFile) -> str | None:
    data = item.data if isinstance(item.data, dict) else {}
    produkt = data.get("produkt")
    bereich = produkt.get("bereich") if isinstance(produkt, dict) else None
    return bereich.strip() or None if isinstance(bereich, str) else None


def _entsprechung(quelle: str, ziel: str, code: str) -> str | None:
    """The receiver's number of the Bereich with the same name (or one name the beginning
    of the other: "Räumliche Planung und Entwicklung, Geoinformationen")."""
    found = find_bereich(quelle, code)
    if found is None:
        return None
    name = found[1]
    for key, other in RAHMEN[ziel].items():
        if other == name or name.startswith(other) or other.startswith(name):
            return key
    return None


def _steckbriefe(count: int) -> str:
    return "1 Steckbrief" if count == 1 else f"{limits.german_int(count)} Steckbriefen"


def _codes(codes: list[str]) -> str:
    distinct = sorted(set(codes))
    shown = ", ".join(distinct[:8])
    return shown + (" …" if len(distinct) > 8 else "")
