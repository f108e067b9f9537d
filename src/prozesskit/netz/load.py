"""Reading ``netz.yaml`` and opening the members' registers.

``netz.yaml`` is configuration: unusable means exit 2 with file and line (an
:class:`~prozesskit.errors.InputError`). The registers are read through the shared
:mod:`~prozesskit.register.sources` (folder, git URL@ref through the safe clone cache,
``prozesskit:<blaupause>``) in a few threads: git fetches wait on the network and folders
on the disk, and a slow member should not hold up the others.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from prozesskit import limits
from prozesskit.credentials import without_credentials
from prozesskit.errors import InputError, ProzesskitError
from prozesskit.netz.model import Netz, resolve_register, second_entry
from prozesskit.register.view import Register

#: At most this many registers are read at the same time
MAX_THREADS = 4


@dataclass(frozen=True, slots=True)
class Member:
    """A member as the matrix needs it: display name, type, capacity and its register."""

    name: str
    typ: str | None
    kapazitaet: int | None
    source: str
    register: Register
    #: the source as reports show it (as written in netz.yaml or on the command line, no
    #: credentials): a folder resolved against netz.yaml is the member's absolute local
    #: path, which says nothing to the network and does not belong on a published site
    shown: str = ""


class MemberSpec(NamedTuple):
    """A member before its register is opened: what ``netz.yaml`` (or the command line)
    says, with ``source`` resolved for opening and ``shown`` as written for reports."""

    name: str | None
    typ: str | None
    kapazitaet: int | None
    source: str
    shown: str | None = None


def read_netz(path: Path) -> Netz:
    """``netz.yaml`` validated; a German :class:`InputError` naming file:line otherwise."""
    from pydantic import ValidationError

    from prozesskit.fsutil import NotRegularFile, os_error_reason, read_regular
    from prozesskit.model.errors import schema_problems
    from prozesskit.yamlio.read import parse_yaml

    shown = str(path)
    try:
        raw = read_regular(shown, limits.MAX_YAML_BYTES)
    except NotRegularFile:
        raise InputError("ist keine normale Datei (Link oder Gerät) und wird nicht gelesen",
                         file=shown) from None
    except OSError as exc:
        raise InputError(f"kann nicht gelesen werden: {os_error_reason(exc)}",
                         file=shown) from None
    doc, problems = parse_yaml(raw, shown)
    if doc is None or problems:
        first = problems[0] if problems else None
        raise InputError(first.message if first else "ist leer", file=shown,
                         line=first.line if first else None)
    if not isinstance(doc.data, dict):
        raise InputError("netz.yaml muss eine Zuordnung von Feldern sein (schlüssel: wert), "
                         "z. B. 'name:' und 'mitglieder:'", file=shown, line=1)
    try:
        return Netz.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        if len(errors) == 1 and errors[0]["loc"] == ():  # model-wide: fields are all valid
            twice = second_entry([m["name"] for m in doc.data["mitglieder"]])
            if twice is not None:
                line = doc.locate(("mitglieder", twice, "name"))[0]
                raise InputError(str(errors[0]["msg"]).removeprefix("Value error, "),
                                 file=shown, line=line) from None
        found = schema_problems(exc, doc, Netz)
        # a misspelt key also makes the right one "missing": the typo is what to fix
        kinds = [err["type"] for err in exc.errors(include_url=False)]
        at = kinds.index("extra_forbidden") if "extra_forbidden" in kinds else 0
        first = found[at]
        message, hint = first.message, first.hint
        if kinds[at] == "extra_forbidden":  # the shared hint speaks of Steckbriefe
            hint = "Erlaubte Felder zeigt schemas/netz.schema.json und 'prozesskit netz init'."
        elif kinds[at] == "too_short":
            message = f"'{first.element}' ist leer; mindestens einen Eintrag angeben"
        more = f" (und {len(found) - 1} weitere Fehler)" if len(found) > 1 else ""
        hint = f". {hint}" if hint else ""
        raise InputError(f"{message}{hint}{more}", file=shown, line=first.line) from None


def members_of(netz: Netz, base: Path, datei: Path | None = None) -> list[MemberSpec]:
    """Every member of ``netz``, its register resolved against ``base`` (netz.yaml's folder).

    A git URL here comes from a file (netz.yaml travels in shared repositories): remote
    transports only, a local repository only where the user allowed it
    (gitio.check_url_from_file); ``datei`` (netz.yaml) names file and line in the error.
    On the command line (``prozesskit netz URL …``) any source the user names is read."""
    specs = [MemberSpec(m.name, m.typ, m.kapazitaet, resolve_register(m.quelle, base), m.quelle)
             for m in netz.mitglieder]
    for spec in specs:
        _remote_only(spec, datei)
    return specs


def _remote_only(spec: MemberSpec, datei: Path | None) -> None:
    from prozesskit.gitio import check_url_from_file
    from prozesskit.register.sources import Source, SourceKind

    try:
        source = Source.parse(spec.source)
    except ProzesskitError:  # reported with the member's name when it is opened
        return
    if source.kind is not SourceKind.GIT:
        return
    try:
        check_url_from_file(source.location)
    except ProzesskitError as exc:
        line = None
        if datei is not None:
            try:
                text = datei.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            line = next((number for number, row in enumerate(text.splitlines(), 1)
                         if spec.shown and spec.shown in row), None)
        raise InputError(f"Mitglied '{spec.name}': {exc}",
                         file=str(datei) if datei is not None else None, line=line) from None


def open_members(specs: Sequence[MemberSpec]) -> list[Member]:
    """Every member's register, read in parallel; the first that cannot be read stops the
    run with its name (a matrix silently missing a member would mislead)."""
    from prozesskit.register.sources import Source

    locks: dict[str, threading.Lock] = {}
    for item in specs:
        locks.setdefault(_lock_key(item.source), threading.Lock())

    def one(item: MemberSpec) -> Member:
        name, typ, kapazitaet, spec = item.name, item.typ, item.kapazitaet, item.source
        shown = without_credentials(item.shown or spec)  # also in messages and default names
        try:
            with locks[_lock_key(spec)]:  # one clone per repository at a time
                register = Source.parse(spec).open()
        except ProzesskitError as exc:
            who = f"Mitglied '{name}'" if name else f"Register '{shown}'"
            raise InputError(f"{who}: {exc}") from None
        return Member(name or _default_name(register, shown), typ or _typ(register),
                      kapazitaet, spec, register, shown)

    if len(specs) == 1:
        return [one(specs[0])]
    with ThreadPoolExecutor(max_workers=min(MAX_THREADS, len(specs))) as pool:
        members = list(pool.map(one, specs))
    members = _told_apart(members, specs)
    names = [m.name for m in members]
    for member in members:
        if names.count(member.name) > 1:
            raise InputError(f"Zwei Register heißen '{member.name}'; in netz.yaml eindeutige "
                             "Namen vergeben")
    return members


def _told_apart(members: list[Member], specs: Sequence[MemberSpec]) -> list[Member]:
    """Members named after their register's Kommune that share that name (a package
    next to the register it was packed from) get their source added; a name netz.yaml
    gives stays as given (two equal ones are netz.yaml's mistake)."""
    names = [m.name for m in members]
    return [replace(member, name=f"{member.name} – {member.shown}")
            if spec.name is None and names.count(member.name) > 1 else member
            for member, spec in zip(members, specs, strict=True)]


def _lock_key(spec: str) -> str:
    return spec.split("@", 1)[0] if "://" in spec else spec


def _default_name(register: Register, spec: str) -> str:
    return register.angaben.name or Path(spec.rstrip("/")).name or spec


def _typ(register: Register) -> str | None:
    return register.angaben.typ
