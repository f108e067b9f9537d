"""Output formats of ``prozesskit validate``; an explicit registry, no plugin discovery.

Explicit so that ``--format`` values are a closed, documented set and a typo fails with a
list of the valid names instead of an import error.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from prozesskit.errors import UsageError
from prozesskit.reporters.base import ReportContext, Reporter, RuleMeta
from prozesskit.reporters.text import summary_line

#: ``--format`` name → the module whose ``REPORTER`` class writes it. Imported only when
#: chosen: seven reporters at start-up cost a CI run of ``--changed-since`` ~10 ms.
REPORTERS: dict[str, str] = {
    "text": "prozesskit.reporters.text",
    "json": "prozesskit.reporters.json_",
    "sarif": "prozesskit.reporters.sarif",
    "junit": "prozesskit.reporters.junit",
    "gitlab": "prozesskit.reporters.gitlab",
    "github": "prozesskit.reporters.github",
    "markdown": "prozesskit.reporters.markdown",
}

DEFAULT = "text"


def reporter_class(name: str) -> type[Reporter]:
    """The class for ``--format NAME``; unknown names are a usage error (exit 2)."""
    try:
        module = REPORTERS[name]
    except KeyError:
        valid = ", ".join(sorted(REPORTERS))
        raise UsageError(f"Unbekanntes Ausgabeformat „{name}“. Gültig sind: {valid}.") from None
    cls: type[Reporter] = import_module(module).REPORTER
    return cls


def get(name: str) -> Reporter:
    """A ready reporter for ``--format NAME``."""
    return reporter_class(name)()


def __getattr__(name: str) -> Any:
    if name == "step_summary_markdown":  # only for GitHub's step summary
        from prozesskit.reporters.github import step_summary_markdown

        return step_summary_markdown
    raise AttributeError(f"module 'prozesskit.reporters' has no attribute {name!r}")


__all__ = [
    "DEFAULT",
    "REPORTERS",
    "ReportContext",
    "Reporter",
    "RuleMeta",
    "get",
    "reporter_class",
    "step_summary_markdown",
    "summary_line",
]
