"""``prozesskit netz init``: a commented ``netz.yaml`` to fill in.

Written as text (not dumped) so that the comments explain every field where the
coordinator edits it; a test checks that the skeleton validates against the model.
"""

from __future__ import annotations

from pathlib import Path

from prozesskit.errors import UsageError
from prozesskit.netz.model import NETZ_NAME

SKELETON = """\
# Netzwerk-Beschreibung für 'prozesskit netz' (Format 1).
# Danach: prozesskit netz netz.yaml            (Matrix: wer hat welchen Prozess)
#         prozesskit netz --ansicht priorisierung | arbeitsteilung
format: 1
name: Prozessnetzwerk Musterkreis

# Die gemeinsame Bibliothek, in der abgestimmte Modelle veröffentlicht werden (optional).
bibliothek:
  name: musterkreis-bibliothek
  quelle: https://git.example.de/netz/bibliothek.git@main

# Termine der Prozesswerkstatt (JJJJ-MM-TT), je Zeile einer.
werkstatt:
  - 2026-03-12
  - 2026-06-11

# Die Mitglieder: Name, Kommunentyp (kreis, kreisfreie_stadt,
# grosse_kreisangehoerige_stadt, mittlere_kreisangehoerige_stadt,
# kleine_kreisangehoerige_stadt, gemeinde) und das Register: ein Ordner (relativ zu dieser
# Datei) oder eine git-URL mit Stand nach '@' (Tag, Branch oder Commit), '#pfad' für einen
# Unterordner. 'kapazitaet' (optional, ganze Zahl ab 1): Gewicht in der Arbeitsteilung,
# etwa die Stellen für Prozessmanagement; wer 4 angibt, bekommt doppelt so viele neue
# Prozesse wie ein Mitglied mit 2. Ohne Angabe zählt der Mittelwert der anderen.
mitglieder:
  - name: Kreis Musterkreis
    typ: kreis
    register: ../kreis-register
    kapazitaet: 4
  - name: Gemeinde Musterdorf
    typ: gemeinde
    register: https://git.example.de/musterdorf/prozessregister.git@main
    kapazitaet: 2
"""


def write_skeleton(target: Path, *, force: bool) -> Path:
    """Write the skeleton to ``target`` (a folder gets ``netz.yaml``); atomic, and an
    existing file only with ``force``."""
    from prozesskit.fsutil import atomic_write_text

    path = target / NETZ_NAME if target.is_dir() else target
    if path.exists() and not force:
        raise UsageError(f"'{path}' gibt es schon; mit --force überschreiben")
    if not path.parent.is_dir():
        raise UsageError(f"Den Ordner '{path.parent}' gibt es nicht")
    atomic_write_text(path, SKELETON)
    return path
