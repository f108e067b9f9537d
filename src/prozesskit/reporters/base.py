"""The reporter contract: a pure function from a :class:`Result` to the text of one format.

Reporters never print, never read environment variables and never touch the rule registry:
the CLI decides where the text goes (terminal, ``--output`` file, ``$GITHUB_STEP_SUMMARY``)
and hands in everything else through :class:`ReportContext`. That keeps every format
testable with hand-built results and lets the CLI write two formats from one run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Literal, Protocol

from prozesskit import __version__
from prozesskit.problem import Level, Result


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What a report may say about a rule, decoupled from :class:`prozesskit.rules.base.Rule`.

    ``help`` is the German explanation (the rule's doc text); ``help_uri`` an optional
    absolute link to the rule's documentation page (SARIF ``helpUri``).
    """

    code: str
    name: str
    title: str
    level: Level
    help: str = ""
    help_uri: str | None = None


@dataclass(frozen=True, slots=True)
class ReportContext:
    """Everything a reporter needs besides the result.

    ``path_prefix`` is the register root relative to the git repository's root (POSIX,
    e.g. ``register/``); the CI formats (SARIF, JUnit, GitLab, GitHub) put it in front of
    each file so that annotations land on the right file when the register lives in a
    sub-directory. No format is told the local absolute root: reports are uploaded.
    ``github_step_summary`` tells the GitHub reporter that the CLI writes the
    full table to the job summary, so it can point there. ``color``, ``color_system`` and
    ``width`` steer the text reporter; the caller decides them (``NO_COLOR``,
    ``--no-color``, what the terminal supports, its width).
    """

    tool_version: str = __version__
    rules: Mapping[str, RuleMeta] = field(default_factory=dict)
    path_prefix: str = ""
    github_step_summary: bool = False
    color: bool = False
    color_system: Literal["standard", "256", "truecolor"] = "standard"
    width: int = 100

    def rule(self, code: str, level: Level = Level.ERROR) -> RuleMeta:
        """Meta of ``code``, or a neutral stand-in so an unknown code never breaks a report.

        ``level`` is the stand-in's default level; pass the level the problem was reported
        with, which is the best guess for a rule the caller did not describe.
        """
        meta = self.rules.get(code)
        if meta is not None:
            return meta
        return RuleMeta(code=code, name=code, title=code, level=level)

    def ci_path(self, file: str) -> str:
        """``file`` relative to the repository root, as CI systems want it."""
        if not self.path_prefix:
            return file
        return f"{self.path_prefix.strip('/')}/{file}"


class Reporter(Protocol):
    """One output format of ``prozesskit validate``."""

    name: ClassVar[str]

    def render(self, result: Result, ctx: ReportContext) -> str:
        """Return the complete report text; must not print or write anything."""
        ...
