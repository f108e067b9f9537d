"""The shared Prozessbibliothek: provenance, comparing and merging a register with its sources.

A pure library for ``import``/``diff``/``update``: functions return data, plans and merged
text; the CLI prints and the caller writes (atomically, through ``WritePlan``).
``lock`` (``prozesskit.lock``), ``basis`` (merge bases recovered offline), ``importieren``
(planning an import), ``anfang`` (the lock of ``init --blueprint``), ``merge3`` and
``status`` (field-level comparison and 3-way merge).
"""
