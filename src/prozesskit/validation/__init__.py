"""Validation of a register: ``validate``'s engine, its caches and the per-file checks.

Deliberately empty: ``prozesskit.validation.layout`` and ``.engine`` are imported at CLI
start-up and on the fast path (nothing changed), which must not pull in the rules, the
parsers or pydantic.
"""
