"""The paths in the commands we suggest ("Weiter: cd …") must run as printed, in bash and,
on Windows, in PowerShell (its default shell), which expands ``$name`` inside "…"."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from prozesskit import fsutil
from prozesskit.fsutil import shell_arg


@pytest.mark.parametrize("name", ["register", "Prozessregister Müß", "a$b c", "x`y", 'say "hi"',
                                  "it's here", "C:\\Pfad mit Leerzeichen"])
def test_bash_reads_back_what_was_quoted(name: str) -> None:
    printed = shell_arg(name)
    assert shlex.split(printed) == [name]
    echoed = subprocess.run(["bash", "-c", f"printf %s {printed}"], capture_output=True,
                            text=True, check=True).stdout
    assert echoed == name


@pytest.mark.parametrize(("name", "printed"), [
    ("Prozessregister Müß", '"Prozessregister Müß"'),
    ("\\\\srv\\d$\\Prozesse", '"\\\\srv\\d$\\Prozesse"'),  # admin share: nothing to expand
    ("Akte$neu", "'Akte$neu'"),
    ("Kosten ${Jahr}", "'Kosten ${Jahr}'"),
    ("Backquote`n", "'Backquote`n'"),
    ("O'Brien $Akte", "'O''Brien $Akte'"),
    ("C:\\Register", "C:\\Register"),
])
def test_windows_quotes_what_powershell_would_expand(
        name: str, printed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fsutil.os, "name", "nt")
    assert shell_arg(name) == printed
