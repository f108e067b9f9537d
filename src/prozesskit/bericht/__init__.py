"""``prozesskit bericht``: the network's views for one register (a library, nothing printed).

:mod:`.daten` gathers the figures from a read register, reusing the network's pieces (the
matrix cells of :mod:`prozesskit.netz.matrix`, the priority list of
:mod:`prozesskit.netz.views`, the history of :mod:`prozesskit.netz.stand`, the Pflichtfeld
test of rule PK-S010); :mod:`.report` turns them into text, markdown, csv, json, html and
xlsx through :mod:`prozesskit.netz.dokument`.
"""
