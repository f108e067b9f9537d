"""The command line's process skips pydantic's plugin search only where pydantic itself
would load no plugin, and answers as pydantic's own loader does."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest


def _python(code: str, disabled: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if disabled is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = disabled
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


MODEL = """
    import sys
    from prozesskit.cli._plugins import skip_search
    skip_search()
    from pydantic import BaseModel, Field
    class Probe(BaseModel):
        name: str = Field(min_length=2)
    assert Probe(name="ab").name == "ab"
    from pydantic.plugin import _loader
    print(type(_loader).__name__, list(_loader.get_plugins()),
          "importlib.metadata" in sys.modules)
"""


@pytest.mark.parametrize("disabled", ["__all__", "1", "true"])
def test_disabled_plugins_are_not_searched(disabled: str) -> None:
    assert _python(MODEL, disabled) == "_NoPlugins [] False"


@pytest.mark.parametrize("disabled", [None, "", "some_plugin"])
def test_otherwise_pydantic_searches_as_ever(disabled: str | None) -> None:
    kind, _plugins, metadata = _python(MODEL, disabled).split(" ", 2)
    assert kind == "module" and metadata == "True"


def test_pydantic_itself_loads_no_plugin_with_those_values() -> None:
    """What the stand-in returns is what pydantic's loader returns for these values."""
    code = """
        from pydantic.plugin._loader import get_plugins
        print(list(get_plugins()))
    """
    for disabled in ("__all__", "1", "true"):
        assert _python(code, disabled) == "[]"


def test_other_names_come_from_pydantics_loader() -> None:
    code = """
        import sys, os
        from prozesskit.cli._plugins import skip_search
        skip_search()
        loader = sys.modules["pydantic.plugin._loader"]
        print(loader.PYDANTIC_ENTRY_POINT_GROUP, type(sys.modules[loader.__name__]).__name__)
    """
    assert _python(code, "__all__") == "pydantic module"
