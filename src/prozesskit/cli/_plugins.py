"""No search for pydantic plugins in the command line's process.

prozesskit uses no pydantic plugins. pydantic looks for them when it builds the first model:
its ``pydantic.plugin._loader`` imports ``importlib.metadata`` (with email, zipfile, csv,
socket …: ~0.07 G instructions, 3 % of ``validate`` after one edit) and then scans the
entry points of every installed package (10 ms here, more in a crowded CI image). With
``PYDANTIC_DISABLE_PLUGINS`` set to ``__all__`` (or ``1``/``true``) its ``get_plugins``
returns no plugins before it touches ``importlib.metadata`` at all; the CLI sets that
value unless the user chose another one. For exactly those values, :func:`skip_search`
puts a module in the loader's place whose ``get_plugins`` returns no plugins at once: what
pydantic's own would return. Any other name pydantic might ask the loader for (a newer
pydantic) comes from the real module, imported then.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Iterable
from typing import Any

LOADER = "pydantic.plugin._loader"
#: values of PYDANTIC_DISABLE_PLUGINS with which pydantic loads no plugin at all
DISABLED = ("__all__", "1", "true")


class _NoPlugins(types.ModuleType):
    """Stands in for ``pydantic.plugin._loader`` while plugins are disabled."""

    @staticmethod
    def get_plugins() -> Iterable[Any]:
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in DISABLED:
            return _real().get_plugins()  # type: ignore[no-any-return]  # changed since
        return ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # what the import system and repr() look for
            raise AttributeError(name)
        return getattr(_real(), name)


def _real() -> Any:
    """pydantic's own loader, in its place from now on."""
    if isinstance(sys.modules.get(LOADER), _NoPlugins):
        del sys.modules[LOADER]
    return importlib.import_module(LOADER)


def skip_search() -> None:
    """Call after setting PYDANTIC_DISABLE_PLUGINS, before pydantic builds a model."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in DISABLED and LOADER not in sys.modules:
        sys.modules[LOADER] = _NoPlugins(LOADER)
