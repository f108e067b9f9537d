"""What a file handed to the wrong command is: an XProzess message or a ZIP (a package).

``render export.xml`` said "Als BPMN 2.0 XML exportieren", ``unpack export.xml`` "die Datei
ist abgeschnitten, beschädigt oder keine ZIP-Datei", ``render paket.zip`` "XML ist nicht
wohlgeformt": each true, none of them the help. The commands ask here only once their own
reading failed (nothing is sniffed on the way of a good file), and say what the file is and
which command takes it. Light on purpose: no import beyond the standard library.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from prozesskit.fsutil import shell_arg

#: how far into an ``.xml`` file the XProzess namespace is looked for
SNIFF_BYTES = 4096

Art = Literal["xprozess", "zip"]


_NAMESPACE = "regierung-mv.de/xprozess/"
#: the namespace as UTF-16 (Windows tools, .NET's XmlWriter write XML so), both byte orders
_WIDE = (_NAMESPACE.encode("utf-16-le"), _NAMESPACE.encode("utf-16-be"))


def is_xprozess_file(head: bytes) -> bool:
    """Whether the start of an ``.xml`` file names the XProzess namespace (else BPMN), in
    UTF-8 or UTF-16 (``import`` reads both; validate must see the same message)."""
    start = head[:SNIFF_BYTES]
    return _NAMESPACE.encode() in start or any(wide in start for wide in _WIDE)


def fremde_art(head: bytes) -> Art | None:
    """The kind of a file by its first bytes, if it is one a command may be given by
    mistake; None for anything else (a model, a Steckbrief, a damaged file)."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    return "xprozess" if is_xprozess_file(head) else None


def art_der_datei(path: Path) -> Art | None:
    """What a file handed to ``import``/``diff``/``update`` as a source is by its content
    (a package named ``export.xml``, a message named ``export.zip`` is read as what it
    is); None if it cannot be read or is neither (the ending decides then)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    return fremde_art(head)


#: what each written format is called and the ending its files have
_FORMATE = {"paket": ("ein prozesskit-Paket (ZIP)", ".zip"),
            "xprozess": ("eine XProzess-Nachricht (XML)", ".xml"),
            "xlsx": ("eine Excel-Arbeitsmappe", ".xlsx")}


def endung_passt_nicht(path: Path, art: str) -> str | None:
    """A warning when a written file's name does not end as its format does (``pack -o
    paket.txt``, ``export -o werkstatt.csv``): it is written all the same, but Excel, an
    unzip tool or a mail filter goes by the ending and opens it wrongly."""
    was, endung = _FORMATE[art]
    if path.suffix.lower() == endung:
        return None
    besser = path.with_name(path.stem + endung if path.suffix else path.name + endung).name
    return (f"'{path}' ist {was}, der Name endet aber nicht auf {endung}: Programme, die "
            f"nach der Endung gehen, öffnen die Datei falsch; besser '{besser}'")


def fremde_datei(path: Path, head: bytes, erwartet: str) -> str | None:
    """The German sentence for a file of another kind than ``erwartet`` ("kein BPMN-Modell"),
    naming the command that takes it; None when the file is none of those kinds."""
    art = fremde_art(head)
    arg = shell_arg(path)
    if art == "xprozess":
        return (f"'{path}' ist eine XProzess-Nachricht, {erwartet}. Einlesen mit "
                f"'prozesskit import {arg}', prüfen mit 'prozesskit validate {arg}'")
    if art == "zip":
        return (f"'{path}' ist eine ZIP-Datei (ein prozesskit-Paket?), {erwartet}. Ein Paket "
                f"auspacken mit 'prozesskit unpack {arg}' oder einzelne Prozesse übernehmen "
                f"mit 'prozesskit import {arg} ID'")
    return None
