"""Spreadsheets: a deterministic xlsx writer (``schreiben``), the Excel round trip of a
register for workshops (``export`` → edited in Excel or LibreOffice → ``einlesen``).

Imports nothing here: XlsxWriter and openpyxl load only in the command that needs them.
"""
