"""The network of registers: ``netz.yaml``, the matrix process × member and its views.

A pure library (nothing printed, nothing exits): :mod:`.model` reads ``netz.yaml``,
:mod:`.load` opens the members' registers through :mod:`prozesskit.register.sources`,
:mod:`.matrix` matches their processes, :mod:`.views` derives Priorisierung and
Arbeitsteilung, :mod:`.report` renders text, markdown, csv and json. See
docs/ARCHITECTURE.md ("Netzwerk").
"""
