"""Bounds for untrusted input, in one place so that tests and docs can cite them.

Registers and models come from other municipalities and shared repositories, so every
reader refuses input beyond these sizes with a clear message instead of exhausting memory.
"""

from __future__ import annotations

#: Largest YAML file read (a Steckbrief is about 4 KB; a catalogue file some 100 KB).
MAX_YAML_BYTES = 5 * 1024 * 1024
#: Nodes visited while turning a YAML node tree into data, aliases counted at every use.
MAX_YAML_NODES = 200_000
#: Nesting depth of YAML collections (a Steckbrief needs 4).
MAX_YAML_DEPTH = 64
#: Largest BPMN file read (the largest real model in the corpus is below 1 MB).
MAX_BPMN_BYTES = 20 * 1024 * 1024
#: Elements in one BPMN model.
MAX_BPMN_ELEMENTS = 250_000


def german_int(n: int) -> str:
    """``12.345``: the German thousands separator, for the limits named in messages."""
    return f"{n:,}".replace(",", ".")


#: Characters of one value from the input (an id, a path, a name) a message quotes: a
#: package may name a process id of 100,000 characters, and the message must stay a line
#: (80: the longest valid id, ID_MAX_LENGTH, is shown whole)
MAX_SHOWN_CHARS = 80
#: Longest run without a blank in any error message (ProzesskitError): the net for values
#: no message shortened itself; longer than any real path, so those are shown whole
MAX_MESSAGE_RUN = 240


def gekuerzt(text: str, limit: int = MAX_SHOWN_CHARS, *, ende: int = 0) -> str:
    """``text`` cut to ``limit`` characters with "…" (diff's values, messages' quotes);
    ``ende``: characters kept of its end (a path keeps its file name, a quote its quote)."""
    if len(text) <= limit:
        return text
    return text[:limit - 1 - ende] + "…" + (text[-ende:] if ende else "")


def lange_werte_gekuerzt(message: str) -> str:
    """Every run of more than :data:`MAX_MESSAGE_RUN` characters without a blank cut in
    the middle: a message quoting a huge value from the input stays readable."""
    if len(message) <= MAX_MESSAGE_RUN:
        return message
    import re

    return re.sub(rf"\S{{{MAX_MESSAGE_RUN + 1},}}",
                  lambda match: gekuerzt(match.group(), MAX_MESSAGE_RUN, ende=40), message)


#: Packages (``prozesskit pack``/``unpack``): entries in one package (a Kreis register with
#: 3,000 processes and as many models is far below).
MAX_PAKET_ENTRIES = 20_000
#: Bytes all entries of a package may expand to together, counted as they are read.
MAX_PAKET_TOTAL_BYTES = 512 * 1024 * 1024
#: The package's own manifest (``prozesskit-paket.json``).
MAX_PAKET_MANIFEST_BYTES = 16 * 1024 * 1024
#: Largest expansion ratio of a compressed entry (XML rarely exceeds 20); checked only
#: beyond ``PAKET_RATIO_FLOOR`` bytes, where tiny files legitimately compress far better.
MAX_PAKET_RATIO = 200
PAKET_RATIO_FLOOR = 64 * 1024
#: Length of an entry's name in bytes.
MAX_PAKET_NAME_BYTES = 1024

#: Workbooks read by ``import-xlsx``: the file, one part (a sheet's XML) unpacked, all parts
#: together, and the rows and columns of a sheet (a register of 3,000 Steckbriefe gives a
#: workbook of about 1 MB and a sheet part of about 5 MB).
MAX_XLSX_BYTES = 50 * 1024 * 1024
MAX_XLSX_PART_BYTES = 200 * 1024 * 1024
MAX_XLSX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_XLSX_ROWS = 100_000
MAX_XLSX_COLUMNS = 200

#: XProzess messages (``prozesskit import/validate export.xml``): the whole file (a real
#: ADONIS export of one process with its PDF report is 1.6 MB; 500 processes with models
#: some 20 MB) and its XML elements. Each model inside is bounded like a BPMN file.
MAX_XPROZESS_BYTES = 256 * 1024 * 1024
MAX_XPROZESS_ELEMENTS = 2_000_000
#: All model payloads of one message together, counted as they are inflated (each one is
#: also bounded by MAX_BPMN_BYTES), and how many payloads are decoded at all: a message of
#: small ZIPs that each inflate just below the ratio limit must not add up to gigabytes.
MAX_XPROZESS_MODELL_TOTAL_BYTES = 256 * 1024 * 1024
MAX_XPROZESS_MODELLE = 10_000

#: A commit of a git source (library, Blaupause, shared conventions) as ``git archive``
#: streams it into the cache: entries, one file, all files. git stores zeros and repeats
#: compressed, so a clone of a few MB may unpack to gigabytes; these are counted as the
#: archive arrives. (A Kreis register with 3,000 processes and models has some 6,000 files.)
MAX_GIT_EXPORT_ENTRIES = 50_000
MAX_GIT_EXPORT_FILE_BYTES = 100 * 1024 * 1024
MAX_GIT_EXPORT_TOTAL_BYTES = 512 * 1024 * 1024
