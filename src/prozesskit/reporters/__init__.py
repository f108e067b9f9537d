"""Output formats of ``prozesskit validate``; an explicit registry, no plugin discovery.

Explicit so that ``--format`` values are a closed, documented set and a typo fails with a
list of the valid names instead of an import error.
"""

from __future__ import annotations

from prozesskit.errors import UsageError
from prozesskit.reporters.base import ReportContext, Reporter, RuleMeta
from prozesskit.reporters.github import GithubReporter, step_summary_markdown
from prozesskit.reporters.gitlab import GitlabReporter
from prozesskit.reporters.json_ import JsonReporter
from prozesskit.reporters.junit import JunitReporter
from prozesskit.reporters.markdown import MarkdownReporter
from prozesskit.reporters.sarif import SarifReporter
from prozesskit.reporters.text import TextReporter, summary_line

REPORTERS: dict[str, type[Reporter]] = {
    cls.name: cls
    for cls in (
        TextReporter,
        JsonReporter,
        SarifReporter,
        JunitReporter,
        GitlabReporter,
        GithubReporter,
        MarkdownReporter,
    )
}

DEFAULT = TextReporter.name


def get(name: str) -> Reporter:
    """A ready reporter for ``--format NAME``; unknown names are a usage error (exit 2)."""
    try:
        cls = REPORTERS[name]
    except KeyError:
        valid = ", ".join(sorted(REPORTERS))
        raise UsageError(f"Unbekanntes Ausgabeformat „{name}“. Gültig sind: {valid}.") from None
    return cls()


__all__ = [
    "DEFAULT",
    "REPORTERS",
    "ReportContext",
    "Reporter",
    "RuleMeta",
    "get",
    "step_summary_markdown",
    "summary_line",
]
