"""constraints.txt: every dependency pinned exactly, within pyproject's ranges, used by CI and
the README's set-up command."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from helpers import REPO


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, version = line.partition("==")
        assert version and re.fullmatch(r"[A-Za-z0-9._-]+", name), f"kein exakter Pin: {line}"
        assert canonicalize_name(name) not in pins, f"doppelt: {name}"
        pins[canonicalize_name(name)] = Version(version)
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in [*project["dependencies"],
                                     *project["optional-dependencies"]["dev"]]]


def test_every_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    for requirement in _requirements():
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned is not None, f"{requirement.name} fehlt in constraints.txt"
        assert requirement.specifier.contains(pinned, prereleases=True), (requirement, pinned)


def test_prozesskit_itself_is_not_pinned() -> None:
    assert "prozesskit" not in _pins()


def test_ci_and_readme_install_with_the_constraints() -> None:
    install = 'pip install --quiet -c constraints.txt ".[dev]"'
    assert install in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert 'pip install -c constraints.txt ".[dev]"' in readme.split("## Was es ist")[0]
    assert "tools/update_constraints.sh" in readme
