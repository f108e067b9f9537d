"""Fixtures wider than a test run isolated too: they must never see the user's home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def module_env() -> dict[str, str]:
    return {key: os.environ.get(key, "") for key in
            ("HOME", "PROZESSKIT_CACHE_DIR", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")}


def test_a_module_fixture_sees_an_isolated_home_cache_and_git_config(
    module_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.getbasetemp()
    for key in ("HOME", "PROZESSKIT_CACHE_DIR", "GIT_CONFIG_GLOBAL"):
        assert Path(module_env[key]).is_relative_to(base), key
    assert module_env["GIT_CONFIG_NOSYSTEM"] == "1"
