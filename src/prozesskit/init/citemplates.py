"""CI configuration for a register: GitLab (openCode) or GitHub, as package data.

Each template runs ``validate`` on every merge/pull request and publishes the report in the
format that platform shows inline (GitLab Code Quality + JUnit; GitHub annotations + SARIF).

A fresh runner has to install prozesskit from somewhere, and no public package index carries
it: ``pip install prozesskit==…`` would fail on the first pipeline (and an unclaimed name on a
public index invites someone else to claim it). So the pipeline installs from an explicit pip
specification: the one the user passes (``--installieren``), else the exact source the running
prozesskit was installed from, as pip recorded it (PEP 610 ``direct_url.json``: a git URL with
its commit, or an archive URL with its hash). A source only this machine can reach (a local
folder or file) or an unknown one is an error that asks for ``--installieren``; a bare package
name is never written.
"""

from __future__ import annotations

import json
import re
from importlib import metadata, resources
from pathlib import Path

from prozesskit.errors import UsageError
from prozesskit.writeplan import WritePlan

TEMPLATES = {
    "gitlab": ("gitlab-ci.yml", ".gitlab-ci.yml"),
    "github": ("github-workflow.yml", ".github/workflows/prozesskit.yml"),
}
DISTRIBUTION = "prozesskit"
EXAMPLE_SPEC = "prozesskit @ git+https://opencode.de/IHR-NETZ/prozesskit.git@v0.1.0"

# Characters that the double-quoted shell word, GitLab's variable expansion or a GitHub
# expression would read (the value is written as a quoted YAML string and used as "$VAR").
_UNSAFE = re.compile(r"[\s$`\"\\\x00-\x1f\x7f]")
_ARCHIVE = (".whl", ".tar.gz", ".zip")
# A requirement by name only (``prozesskit``, ``prozesskit>=0.1``, ``prozesskit==0.1.0``).
_BY_NAME = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]*\])?\s*(?P<op>[<>=!~]=?=?.*)?$"
)
_PINNED = re.compile(r"^==\s*[0-9][0-9A-Za-z.+!-]*$")
_NAME_AT_URL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\s*@\s*(?P<url>\S+)$")


def _usage_hint() -> str:
    return (
        "Bitte mit --installieren angeben, woher der CI-Lauf prozesskit installiert, z. B. "
        f"--installieren '{EXAMPLE_SPEC}' (git-URL mit Tag oder Commit), eine Wheel-URL mit "
        "'#sha256=…' oder eine Wheel-Datei im Repository (--installieren "
        "werkzeuge/prozesskit-0.1.0-py3-none-any.whl)"
    )


def check_spec(spec: str) -> str:
    """A pip specification that installs one exact prozesskit, safe to write into CI files."""
    spec = spec.strip()
    if not spec:
        raise UsageError(f"--installieren ist leer. {_usage_hint()}")
    named = _NAME_AT_URL.match(spec)
    body = _source(spec)
    if _UNSAFE.search(body):
        raise UsageError(
            f"--installieren '{spec}' enthält Leerzeichen, Anführungszeichen oder Zeichen wie "
            "$ ` \\, die in der CI-Datei als Befehl gelesen würden; bitte eine URL oder "
            "einen Pfad ohne diese Zeichen angeben"
        )
    is_path = "/" in spec or ":" in spec or spec.endswith(_ARCHIVE)
    by_name = None if named or is_path else _BY_NAME.match(spec)
    if by_name and not (by_name["op"] and _PINNED.match(by_name["op"])):
        raise UsageError(
            f"--installieren '{spec}' nennt nur einen Paketnamen ohne feste Version: kein "
            "öffentlicher Paketindex führt prozesskit, und ein freier Name kann von Fremden "
            f"belegt werden. {_usage_hint()}"
        )
    moving = _not_pinned(body)
    if moving:
        raise UsageError(f"--installieren '{spec}' {moving}: jeder CI-Lauf installierte dann, "
                         "was dort gerade liegt, und ein Register würde mit wechselnden "
                         f"Regeln geprüft. {_usage_hint()}")
    return spec


#: Branch names that move; a tag or a commit names one state
_MOVING_REFS = {"main", "master", "develop", "development", "dev", "trunk", "head", "latest",
                "stable"}


def _source(spec: str) -> str:
    """The URL or path of a pip specification (``name @ URL`` or the URL/path alone)."""
    named = _NAME_AT_URL.match(spec)
    return named["url"] if named else spec


def _not_pinned(url: str) -> str | None:
    """Why a URL source does not name one exact prozesskit, or None (a git URL at a tag or
    commit, an archive URL with its sha256 in the fragment, which pip checks)."""
    from urllib.parse import urlsplit

    if url.startswith("git+"):
        path = urlsplit(url.removeprefix("git+")).path
        ref = path.rsplit("@", 1)[1] if "@" in path else ""
        if not ref:
            return "nennt keinen Tag und keinen Commit (git-URL ohne '@…')"
        if ref.lower() in _MOVING_REFS or "/" in ref:
            return (f"nennt mit '@{ref}' einen Branch, der sich bewegt, statt eines Tags oder "
                    "Commits")
        return None
    parts = urlsplit(url)
    if parts.scheme and parts.path.endswith(_ARCHIVE) and not parts.fragment.startswith(
            "sha256="):
        return "lädt ein Archiv ohne Prüfsumme ('#sha256=…')"
    if parts.scheme and not parts.path.endswith(_ARCHIVE):
        return "nennt kein Archiv (.whl, .tar.gz, .zip) und keine git-URL"
    return None


def missing_file(spec: str, home: Path) -> str | None:
    """A wheel or archive named by a path in the repository that is not there (yet): the
    first pipeline would fail at ``pip install``. The path, else None."""
    body = _source(spec.strip())
    if "://" in body or not body.endswith(_ARCHIVE):
        return None
    return None if (home / body).is_file() else body


def spec_from_direct_url(text: str) -> str | None:
    """pip specification of the exact source in a PEP 610 ``direct_url.json``; None when a
    CI runner could not reach it (a local folder or file) or nothing pins it."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    url = data.get("url") if isinstance(data, dict) else None
    if not isinstance(url, str) or not url.startswith(("https://", "ssh://", "git://")):
        return None  # file:// (a folder, an editable install, a local wheel) or http://
    subdirectory = data.get("subdirectory")
    extra = f"subdirectory={subdirectory}" if isinstance(subdirectory, str) else ""
    vcs = data.get("vcs_info")
    archive = data.get("archive_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        commit = vcs.get("commit_id")
        if not isinstance(commit, str) or not re.fullmatch(r"[0-9a-f]{40}", commit):
            return None
        spec = f"{DISTRIBUTION} @ git+{url}@{commit}" + (f"#{extra}" if extra else "")
    elif isinstance(archive, dict):
        hashes = archive.get("hashes")
        sha = hashes.get("sha256") if isinstance(hashes, dict) else None
        legacy = archive.get("hash")
        if sha is None and isinstance(legacy, str) and legacy.startswith("sha256="):
            sha = legacy.removeprefix("sha256=")
        if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
            return None
        spec = f"{DISTRIBUTION} @ {url}#sha256={sha}" + (f"&{extra}" if extra else "")
    else:
        return None
    try:
        return check_spec(spec)
    except UsageError:
        return None  # e.g. credentials written as ${VAR}: never copied into a CI file


def installed_spec() -> str | None:
    """Where the running prozesskit came from, as a pip specification, if a runner can reach it."""
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    return spec_from_direct_url(text) if text else None


def pip_spec(explicit: str | None) -> str:
    """The specification the pipeline installs: ``--installieren``, else the exact source."""
    if explicit is not None:
        return check_spec(explicit)
    found = installed_spec()
    if found is None:
        raise UsageError(
            "Woher der CI-Lauf prozesskit installieren soll, ist unbekannt: dieses prozesskit "
            "kommt aus einem lokalen Ordner, einer lokalen Datei oder einem Paketindex, den ein "
            f"CI-Runner nicht erreicht. {_usage_hint()}"
        )
    return found


def ci_home(register: Path) -> tuple[Path, str]:
    """(folder the CI file belongs in, register folder relative to it, POSIX, "." at its root).

    GitLab and GitHub read their pipeline only at the root of the repository: a register in a
    subfolder gets its CI file there, and the pipeline validates the subfolder. The top level
    is found as ``validate`` finds it for report paths (the nearest ``.git``), without git.
    """
    current = register.resolve()
    for folder in (current, *current.parents):
        if (folder / ".git").exists():
            return folder, current.relative_to(folder).as_posix()
    return current, "."


def render(platform: str, spec: str, register: str = ".", branch: str = "main"
           ) -> tuple[str, str]:
    """(relative target path, content) for a platform, installing from ``spec`` and checking
    the register in ``register`` (relative to the repository root); ``branch``: the default
    branch that pushes to publish the site (GitLab knows it itself: ``$CI_DEFAULT_BRANCH``)."""
    check_platform(platform)
    if _UNSAFE.search(register.replace(" ", "")) or register.startswith(("/", "-")):
        raise UsageError(f"Der Registerordner '{register}' lässt sich nicht sicher in eine "
                         "CI-Datei schreiben (Zeichen wie $ ` \\ \"); bitte umbenennen")
    source, target = TEMPLATES[platform]
    text = resources.files("prozesskit.init.templates").joinpath(source).read_text(
        encoding="utf-8"
    )
    cache = ".prozesskit/cache/" if register == "." else f"{register}/.prozesskit/cache/"
    # a JSON string is a valid double-quoted YAML scalar
    return target, (text.replace("__PIP_SPEC__", json.dumps(check_spec(spec)))
                    .replace("__REGISTER__", json.dumps(register))
                    .replace("__CACHE_DIR__", json.dumps(cache))
                    .replace("__BRANCH__", json.dumps(branch))  # a YAML string, even "1.10"
                    .replace("__BRANCH_NAME__", branch))


def branch_of(home: Path) -> str:
    """The branch the CI file's push trigger names: the repository's default branch (see
    :func:`~prozesskit.gitio.default_branch_of`), else the one ``init --git`` will create."""
    from prozesskit import gitio

    return gitio.default_branch_of(home) if (home / ".git").is_dir() else \
        gitio.default_branch()


def check_platform(platform: str) -> None:
    if platform not in TEMPLATES:
        raise UsageError(f"--ci '{platform}' unbekannt; erlaubt: {', '.join(TEMPLATES)}")


def plan_for(register: Path, platform: str, spec: str) -> WritePlan:
    """The CI file of ``register`` as a plan at the repository root (see :func:`ci_home`)."""
    home, relative = ci_home(register)
    plan = WritePlan(home)
    plan.add(*render(platform, spec, relative, branch_of(home)))
    return plan


def write(register: Path, platform: str, spec: str, *, force: bool) -> Path:
    """Write one template for an existing register; same content again is not a conflict."""
    plan = plan_for(register, platform, spec)
    plan.commit(force=force)
    return plan.root / plan.paths()[0]
