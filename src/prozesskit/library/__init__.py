"""The shared Prozessbibliothek: comparing and merging a register with its sources.

A pure library for ``import``/``diff``/``update``: functions return data and merged text;
the CLI prints and the caller writes (atomically, through ``WritePlan``).
"""
