"""The model payload of a ``prozessmodelldatei``: ``inhalt`` is base64 (without line breaks)
of a ZIP holding exactly one entry ``<dateiname>.xml``, the BPMN file. That is how real
exports (ADONIS) carry BPMN, and how prozesskit writes it.

Decoding distrusts the payload as much as a package: the base64 text is bounded before it
is decoded, the ZIP goes through :mod:`prozesskit.exchange.zipread` (entry count, types,
names, declared and actual sizes, ratio, CRC, overlaps) with the BPMN size limit, and every
refusal is a German :class:`~prozesskit.errors.PaketError` sentence. One :class:`Budget`
spans all payloads of a message (as a package's total spans its entries): the decoded
base64 and the inflated bytes are counted as they are read, and so is the number of models.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass, field

from prozesskit import limits
from prozesskit.errors import PaketError
from prozesskit.exchange.zipread import check_entry, check_spans, read_directory, read_entry
from prozesskit.exchange.zipwrite import write_zip
from prozesskit.limits import german_int

#: base64 of a ZIP whose one entry may hold MAX_BPMN_BYTES (stored), with headers
MAX_INHALT_CHARS = (limits.MAX_BPMN_BYTES + 64 * 1024) * 4 // 3 + 4
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Budget:
    """What the payloads of one message may still take together (bytes, models)."""

    #: a one-element list, as zipread's read_entry counts it down chunk by chunk
    left: list[int] = field(
        default_factory=lambda: [limits.MAX_XPROZESS_MODELL_TOTAL_BYTES])
    modelle: int = 0

    def take(self, count: int) -> None:
        self.left[0] -= count
        if self.left[0] < 0:
            raise self.exhausted()

    @staticmethod
    def exhausted() -> PaketError:
        return PaketError("die Modelle der Nachricht ergeben zusammen (dekodiert und "
                          "entpackt) mehr als "
                          f"{german_int(limits.MAX_XPROZESS_MODELL_TOTAL_BYTES)} Bytes "
                          "(mögliche ZIP-Bombe); weitere Modelle werden nicht gelesen")


def packen(dateiname: str, bpmn: bytes) -> str:
    """``inhalt`` of a model: base64 (one line) of a deterministic ZIP with one entry."""
    buffer = io.BytesIO()
    write_zip(buffer, [(f"{dateiname}.xml", bpmn)])
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def entpacken(inhalt: str, dateiname: str | None, budget: Budget) -> tuple[bytes, str]:
    """(BPMN bytes, entry name) of an ``inhalt``; :class:`PaketError` for anything unsafe.

    Line breaks and spaces inside the base64 text are tolerated (some tools wrap at 76
    characters); any other character is refused. ``budget`` is the message's: this
    payload's decoded and inflated bytes are taken from it.
    """
    budget.modelle += 1
    if budget.modelle > limits.MAX_XPROZESS_MODELLE:
        raise PaketError(f"die Nachricht enthält mehr als "
                         f"{german_int(limits.MAX_XPROZESS_MODELLE)} Modelldateien; "
                         "weitere Modelle werden nicht gelesen")
    if budget.left[0] < 0:
        raise budget.exhausted()
    if len(inhalt) > MAX_INHALT_CHARS:
        raise PaketError(f"der Inhalt ist {german_int(len(inhalt))} Zeichen lang; erlaubt "
                         f"sind höchstens {german_int(MAX_INHALT_CHARS)}")
    text = _SPACE.sub("", inhalt)
    if not text:
        raise PaketError("der Inhalt ist leer")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise PaketError("der Inhalt ist kein gültiges Base64 (falsche Zeichen oder "
                         "falsche Länge)") from None
    budget.take(len(raw))
    handle = io.BytesIO(raw)
    directory = read_directory(handle, len(raw))
    if len(directory.entries) != 1:
        raise PaketError(f"das ZIP im Inhalt hat {german_int(len(directory.entries))} "
                         "Einträge; erwartet wird genau einer (<dateiname>.xml)")
    entry = directory.entries[0]
    check_entry(entry, becomes_file=False)  # read, never written under its name
    if budget.left[0] < entry.size <= limits.MAX_BPMN_BYTES:
        budget.left[0] = -1  # the declared size alone is over: no later payload either
        raise budget.exhausted()
    try:
        data, span = read_entry(handle, entry, limits.MAX_BPMN_BYTES, directory.start,
                                budget.left)
    except PaketError:
        if budget.left[0] < 0:  # zipread names the package limit; this is the message's
            raise budget.exhausted() from None
        raise
    check_spans([span])
    return data.take(), entry.name


def erwarteter_name(dateiname: str) -> str:
    return f"{dateiname}.xml"
