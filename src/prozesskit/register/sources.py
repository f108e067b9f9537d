"""Where a register can come from, resolved to a read-only :class:`Register` with its
:class:`Provenance`.

One abstraction for every command that reads another register (``import``, ``diff``,
``update``, ``netz``, ``pack``): a folder, a git URL at a ref, a built-in Blaupause, a
package (``.zip`` from ``prozesskit pack``, verified before it is read; provenance sha256 =
the package's); an XProzess 2.0 file (every payload verified first; provenance sha256 = the
file's). Each kind resolves to the same view, so the
commands never care where content came from, and the provenance says exactly what was read
(commit, content hash), which is what a lock file records.

Safety is that of ``init``: git only through :mod:`prozesskit.gitio` (https, ssh, git, file;
no ``ext::``, no hooks, no user text as options; checkouts exported into an immutable
cache folder keyed by URL and commit), a subfolder never leaves the checkout, and the files
are read like any register (no links followed, no FIFOs, bounded sizes).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from prozesskit.errors import InputError, UsageError
from prozesskit.register.view import Known, Provenance, Register
from prozesskit.validation.layout import MANIFEST_NAME, PROFILE_PREFIX

if TYPE_CHECKING:
    from prozesskit.gitio import Progress

#: The built-in Blaupausen, as ``prozesskit:<name>`` names them (see ``init --blueprint``)
BLAUPAUSEN = ("kreis", "stadt", "gemeinde", "kreisfreie-stadt")


class SourceKind(enum.StrEnum):
    ORDNER = "ordner"
    GIT = "git"
    BLAUPAUSE = "blaupause"
    PAKET = "paket"  # prozesskit pack: verified, then read from memory (exchange/)
    XPROZESS = "xprozess"  # XProzess 2.0 message: one Steckbrief + models per process
    #: a Blaupause of a catalogue of one's own (``init --blueprint ORDNER|URL#name``):
    #: ``location`` the catalogue folder or git URL, ``ref`` its git ref, ``path`` the name
    KATALOG = "katalog"


@dataclass(frozen=True, slots=True)
class Source:
    """A register's location, parsed but not yet read.

    ``location``: folder path, git URL or Blaupause name; ``ref``: git tag, branch or
    commit (``URL@ref``); ``path``: the register's subfolder in a git repository
    (``URL@ref#pfad``).
    """

    kind: SourceKind
    location: str
    ref: str | None = None
    path: str | None = None

    @classmethod
    def parse(cls, spec: str | Path) -> Source:
        """``prozesskit:kreis`` | a register folder | ``[git+]URL[@ref][#pfad]`` |
        ``paket.zip`` | ``export.xml``. A German :class:`UsageError` for anything else."""
        text = str(spec) if isinstance(spec, Path) else spec.strip()
        if not text:
            raise UsageError("Quelle fehlt: ein Register-Ordner, eine git-URL[@ref] oder "
                             "prozesskit:<blaupause>")
        if text.startswith(PROFILE_PREFIX):
            return cls(SourceKind.BLAUPAUSE, _blaupause(text.removeprefix(PROFILE_PREFIX)))
        local = Path(text)
        folder, _, name = text.partition("#")
        if Path(folder).is_dir() and (Path(folder) / "katalog.yaml").is_file() and not (
                Path(folder) / MANIFEST_NAME).is_file():  # a catalogue, as init takes it
            return cls(SourceKind.KATALOG, str(Path(folder).resolve()), None,
                       name.strip("/") or None)
        if local.is_dir():
            return cls(SourceKind.ORDNER, text)
        if local.is_file():
            from prozesskit.dateiart import art_der_datei

            art = art_der_datei(local)  # by content: a message saved as .zip is one
            suffix = local.suffix.lower()
            if art == "zip" or (art is None and suffix == ".zip"):
                return cls(SourceKind.PAKET, text)
            if art == "xprozess" or suffix == ".xml":
                return cls(SourceKind.XPROZESS, text)
            raise UsageError(f"'{text}' ist eine Datei, aber weder ein Register-Ordner noch "
                             "ein Paket (.zip) oder eine XProzess-Datei (.xml)")
        if not any(mark in text for mark in ("://", "@", "::")) and not text.startswith(
                ("git+", "-")):  # ext::, --upload-pack: refused as git URLs below
            raise UsageError(f"Quelle '{text}' gibt es nicht: erwartet ein Register-Ordner, "
                             "eine git-URL[@ref] oder prozesskit:<blaupause>")
        return _git_source(text)

    def open(self, progress: Progress | None = None, *,
             known: Mapping[str, Known] | None = None) -> Register:
        """Read it: a :class:`Register` whose ``provenance`` names what exactly was read;
        ``progress`` hears of a git clone or fetch (see :data:`prozesskit.gitio.Progress`);
        ``known``: what checksums say about Steckbriefe by path (folder and git sources
        use it to leave files unparsed, see :class:`~prozesskit.register.view.Known`)."""
        if self.kind is SourceKind.ORDNER:
            return Register.open(self.location, known=known)
        if self.kind is SourceKind.GIT:
            return _open_git(self, progress, known)
        if self.kind is SourceKind.BLAUPAUSE:
            return _open_blaupause(self.location, known)
        if self.kind is SourceKind.KATALOG:
            return _open_katalog(self, progress, known)
        if self.kind is SourceKind.PAKET:
            from prozesskit.exchange.entpacken import open_package

            return open_package(Path(self.location))
        from prozesskit.exchange.xprozess.quelle import open_xprozess

        return open_xprozess(Path(self.location))

    def __str__(self) -> str:
        if self.kind is SourceKind.BLAUPAUSE:
            return f"{PROFILE_PREFIX}{self.location}"
        from prozesskit.credentials import without_credentials

        text = without_credentials(self.location)  # shown and reported, never with a token
        if self.ref:
            text += f"@{self.ref}"
        if self.path:
            text += f"#{self.path}"
        return text


def open_source(spec: str | Path | Source) -> Register:
    """The register a source names, read; ``Register.provenance`` says what was read."""
    source = spec if isinstance(spec, Source) else Source.parse(spec)
    return source.open()


def load_register(path: str | Path) -> Register:
    """The register in a local folder (the same as ``Register.open``)."""
    return Register.open(path)


def _blaupause(name: str) -> str:
    if name not in BLAUPAUSEN:
        raise UsageError(f"Blaupause 'prozesskit:{name}' gibt es nicht; eingebaut sind: "
                         + ", ".join(f"prozesskit:{known}" for known in BLAUPAUSEN))
    return name


def _git_source(text: str) -> Source:
    from prozesskit.gitio import check_ref, check_url, split_ref

    body = text.removeprefix("git+")
    location, _, inner = body.partition("#")
    url, ref = split_ref(location)
    check_url(url)  # refuses ext::, option-like and plain-http URLs before anything runs
    if ref is not None:
        check_ref(ref)  # an option-like ref ('@--upload-pack=…') before the clone, too
    return Source(SourceKind.GIT, url, ref, inner.strip("/") or None)


def _open_git(source: Source, progress: Progress | None = None,
              known: Mapping[str, Known] | None = None) -> Register:
    from prozesskit.fsutil import contained
    from prozesskit.gitio import materialize

    tree, commit = materialize(source.location, source.ref, progress)
    root = contained(tree, source.path) if source.path else tree
    shown = str(source)
    if not (root / MANIFEST_NAME).is_file() or (root / MANIFEST_NAME).is_symlink():
        where = f" im Unterordner '{source.path}'" if source.path else ""
        raise InputError(f"Das Repository {shown}{where} enthält kein Register "
                         f"({MANIFEST_NAME} fehlt); mit '#pfad' einen Unterordner wählen")
    register = Register.open(root, known=known)
    from prozesskit.credentials import without_credentials

    # provenance goes into reports (diff --format json): never with the token
    return register.with_provenance(Provenance(
        SourceKind.GIT.value, without_credentials(source.location), source.ref, commit,
        register.sha256, path=source.path))


def _open_blaupause(name: str, known: Mapping[str, Known] | None = None) -> Register:
    from prozesskit.register.discover import classify
    from prozesskit.register.files import MemoryStore
    from prozesskit.register.view import load

    files, version = _rendered(name)
    register = load(MemoryStore(files), classify(Path(f"{PROFILE_PREFIX}{name}"), files),
                    Provenance(SourceKind.BLAUPAUSE.value, f"{PROFILE_PREFIX}{name}",
                               version=version), known=known)
    return register.with_provenance(replace(register.provenance, sha256=register.sha256))


def _open_katalog(source: Source, progress: Progress | None = None,
                  known: Mapping[str, Known] | None = None) -> Register:
    """A Blaupause of a catalogue folder or git repository, rendered as ``init
    --blueprint`` writes it (same herkunft, same bytes), so that ``diff``/``update`` compare
    a register made from it with the catalogue's newer state like a built-in one."""
    from prozesskit.init.catalogue import load_catalogue
    from prozesskit.init.instantiate import steckbrief_files
    from prozesskit.register.discover import classify
    from prozesskit.register.files import MemoryStore
    from prozesskit.register.view import load

    commit: str | None = None
    if Path(source.location).is_dir():
        root = Path(source.location)
    else:
        from prozesskit.gitio import materialize

        root, commit = materialize(source.location, source.ref, progress)
    if not (root / "katalog.yaml").is_file() or (root / "katalog.yaml").is_symlink():
        raise InputError(f"In {source.location} gibt es keine katalog.yaml: kein Katalog, aus "
                         "dem eine Blaupause kommen kann")
    catalogue = load_catalogue(root)
    names = sorted(catalogue.blaupausen)
    name = source.path or (names[0] if len(names) == 1 else None)
    if name is None or name not in catalogue.blaupausen:
        raise UsageError(f"Blaupause '{source.path or ''}' gibt es im Katalog {source.location} "
                         f"nicht; vorhanden: {', '.join(names)} (mit '#name' wählen)")
    texts = steckbrief_files(catalogue, name, commit)
    files = {rel: text.encode("utf-8") for rel, text in texts.items()}
    shown = str(replace(source, path=name))
    register = load(MemoryStore(files), classify(Path(shown), files),
                    Provenance(SourceKind.BLAUPAUSE.value, source.location, source.ref,
                               commit, version=catalogue.version, path=name),  # path: its name
                    known=known)
    return register.with_provenance(replace(register.provenance, sha256=register.sha256))


@lru_cache(maxsize=4)
def _rendered(name: str) -> tuple[dict[str, bytes], str]:
    """The Steckbriefe ``init --blueprint NAME`` writes, in memory (about a second for the
    largest: ruamel.yaml writes them, as init does, so that they match byte for byte)."""
    from prozesskit.init.catalogue import builtin_root, load_catalogue
    from prozesskit.init.instantiate import steckbrief_files

    catalogue = load_catalogue(builtin_root())
    texts = steckbrief_files(catalogue, name, None)
    return {rel: text.encode("utf-8") for rel, text in texts.items()}, catalogue.version
