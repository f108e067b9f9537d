"""CI configuration for a register: GitLab (openCode) or GitHub, as package data.

Each template runs ``validate`` on every merge/pull request and publishes the report in the
format that platform shows inline (GitLab Code Quality + JUnit; GitHub annotations + SARIF).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from prozesskit import __version__
from prozesskit.errors import UsageError
from prozesskit.fsutil import atomic_write_text

TEMPLATES = {
    "gitlab": ("gitlab-ci.yml", ".gitlab-ci.yml"),
    "github": ("github-workflow.yml", ".github/workflows/prozesskit.yml"),
}


def render(platform: str) -> tuple[str, str]:
    """(relative target path, content) for a platform."""
    if platform not in TEMPLATES:
        raise UsageError(f"--ci '{platform}' unbekannt; erlaubt: {', '.join(TEMPLATES)}")
    source, target = TEMPLATES[platform]
    text = resources.files("prozesskit.init.templates").joinpath(source).read_text(encoding="utf-8")
    return target, text.replace("__VERSION__", __version__)


def write(root: Path, platform: str, *, force: bool) -> Path:
    target, text = render(platform)
    path = root / target
    if path.exists() and not force:
        raise UsageError(f"'{target}' gibt es schon; mit --force überschreiben")
    atomic_write_text(path, text)
    return path
