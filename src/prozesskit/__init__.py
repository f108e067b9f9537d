"""prozesskit: Prozessregister als Code.

The public API is what ``__all__`` names; everything else may change between versions.
The names are imported on first use (module ``__getattr__``), so that ``import prozesskit``
and the command line's start-up stay as cheap as before.

    >>> import prozesskit
    >>> register = prozesskit.open_source("prozesskit:gemeinde")  # or a folder, a git URL@ref
    >>> register["gewerbe-anmelden"].data["name"]                   # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name → module that defines it
_EXPORTS = {
    "Register": "prozesskit.register.view",
    "SteckbriefFile": "prozesskit.register.view",
    "ModelFile": "prozesskit.register.view",
    "ModelLink": "prozesskit.register.view",
    "ManifestFile": "prozesskit.register.view",
    "Provenance": "prozesskit.register.view",
    "Source": "prozesskit.register.sources",
    "SourceKind": "prozesskit.register.sources",
    "open_source": "prozesskit.register.sources",
    "load_register": "prozesskit.register.sources",
    "register_facts": "prozesskit.register.facts",
    "Problem": "prozesskit.problem",
    "Level": "prozesskit.problem",
    "ProzesskitError": "prozesskit.errors",
}

__all__ = [  # a literal, for linters and type checkers; a test keeps it equal to _EXPORTS
    "Level",
    "ManifestFile",
    "ModelFile",
    "ModelLink",
    "Problem",
    "Provenance",
    "ProzesskitError",
    "Register",
    "Source",
    "SourceKind",
    "SteckbriefFile",
    "__version__",
    "load_register",
    "open_source",
    "register_facts",
]

if TYPE_CHECKING:
    from prozesskit.errors import ProzesskitError
    from prozesskit.problem import Level, Problem
    from prozesskit.register.facts import register_facts
    from prozesskit.register.sources import Source, SourceKind, load_register, open_source
    from prozesskit.register.view import (
        ManifestFile,
        ModelFile,
        ModelLink,
        Provenance,
        Register,
        SteckbriefFile,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'prozesskit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # next time without this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
