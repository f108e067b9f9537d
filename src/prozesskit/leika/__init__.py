"""The LeiKa (Leistungskatalog der öffentlichen Verwaltung) in the package: catalogue,
search and suggestions.

Importing this package loads nothing: the catalogue is read on first use of
:func:`~prozesskit.leika.catalog.load_catalog`, so that commands that never touch LeiKa
do not pay for it.
"""

from __future__ import annotations
