"""git's English failures as a German reason and what to do; git's own first line is kept
as evidence for the IT staff. Samples are git's real stderr lines (git 2.39–2.47)."""

from __future__ import annotations

import pytest

from prozesskit.gitio import _german_git


@pytest.mark.parametrize(("stderr", "german"), [
    ("fatal: unable to access 'https://git.example.de/x.git/': Could not resolve host: "
     "git.example.de", "der Server 'git.example.de' ist nicht bekannt"),
    ("fatal: unable to access 'https://127.0.0.1:9/x.git/': Failed to connect to 127.0.0.1 "
     "port 9 after 0 ms: Couldn't connect to server", "der Server ist nicht erreichbar"),
    ("fatal: could not read Username for 'https://git.example.de': terminal prompts disabled",
     "das Repository verlangt eine Anmeldung"),
    ("remote: HTTP Basic: Access denied\nfatal: Authentication failed for "
     "'https://git.example.de/x.git/'", "die Anmeldung wurde abgelehnt"),
    ("remote: Repository not found.\nfatal: repository 'https://github.com/a/b.git/' not found",
     "das Repository gibt es dort nicht"),
    ("fatal: '/tmp/nix.git' does not appear to be a git repository\nfatal: Could not read "
     "from remote repository.", "unter dieser Adresse liegt kein git-Repository"),
    ("git@git.example.de: Permission denied (publickey).", "der ssh-Schlüssel wurde nicht"),
    ("Host key verification failed.", "der ssh-Hostschlüssel des Servers ist unbekannt"),
    ("fatal: unable to access 'https://x/': SSL certificate problem: self-signed certificate",
     "dem TLS-Zertifikat des Servers wird nicht vertraut"),
    ("fatal: transport 'ext' not allowed", "dieser Übertragungsweg ist aus Sicherheitsgründen"),
])
def test_the_usual_git_failures_in_german(stderr: str, german: str) -> None:
    said = _german_git(stderr)
    assert said.startswith(german), said
    assert said.endswith(f"(git: {stderr.splitlines()[0]})")


def test_an_unknown_failure_is_quoted_as_gits_words() -> None:
    assert _german_git("fatal: something new\nhint: more") == "git meldet: fatal: something new"
