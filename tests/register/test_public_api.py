"""What ``import prozesskit`` offers library users, and what it costs the command line."""

from __future__ import annotations

import subprocess
import sys

import prozesskit


def test_all_names_resolve_and_match_the_lazy_table() -> None:
    assert set(prozesskit.__all__) == {"__version__", *prozesskit._EXPORTS}
    for name in prozesskit.__all__:
        value = getattr(prozesskit, name)
        assert value is not None, name
        if name != "__version__":
            assert getattr(value, "__name__", name) == name
    assert set(prozesskit.__all__) <= set(dir(prozesskit))


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        prozesskit.gibt_es_nicht  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "gibt_es_nicht" in str(exc)
    else:
        raise AssertionError("AttributeError erwartet")


def test_import_loads_no_register_code_and_the_cli_none_of_the_view() -> None:
    code = (
        "import sys, prozesskit\n"
        "assert not [m for m in sys.modules if m.startswith('prozesskit.register')]\n"
        "import prozesskit.cli\n"
        "loaded = [m for m in ('prozesskit.register.view', 'prozesskit.register.sources', "
        "'prozesskit.register.facts') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
