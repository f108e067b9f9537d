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
