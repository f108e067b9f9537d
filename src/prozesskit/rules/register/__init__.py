"""Register rules: they see the facts of every file at once (unique ids and names, model
files present and used, Steckbrief ↔ model name) and run in the main process after the
per-file checks. Registered in :mod:`prozesskit.rules.index`.

They must stay importable without lxml and the BPMN index: after a Steckbrief edit a run
imports only the Steckbrief and register rules.
"""
