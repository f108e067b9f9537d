"""Comparing what a register holds: two BPMN models now, Steckbriefe and sources later.

A pure library: every function returns data (``result.py``) that the renderers in
``report.py`` turn into text, JSON or Markdown; nothing here prints or exits. Importing
the package imports nothing (the CLI loads only the kind it compares).
"""
