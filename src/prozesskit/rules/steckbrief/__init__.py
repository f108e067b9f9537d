"""Rules over one Steckbrief at a time (parsed and schema-checked), incl. the LeiKa rules.

Registered in :mod:`prozesskit.rules.index`; rules over all Steckbriefe at once live in
:mod:`prozesskit.rules.register`.
"""
