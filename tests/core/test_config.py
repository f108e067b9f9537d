"""Conventions: profiles, extends (local file and shared git repo), levels, options, cycles."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from prozesskit.config.resolve import Resolver
from prozesskit.errors import ConfigError, GitError
from prozesskit.gitio import check_url, fetch_config_file, split_ref
from prozesskit.problem import Level
from prozesskit.rules import all_rules


def _resolver(base: Path) -> Resolver:
    return Resolver(all_rules(), base_dir=base, fetch_git=fetch_config_file)


def test_default_is_empfohlen_and_alle_enables_everything(tmp_path: Path) -> None:
    empfohlen = _resolver(tmp_path).resolve({}, origin="t")
    alle = _resolver(tmp_path).resolve({}, origin="t", profile="alle")
    assert "prozesskit:empfohlen" in empfohlen.sources
    assert set(alle.levels) == set(all_rules())
    for code, rule in all_rules().items():
        assert (code in empfohlen.levels) == (rule.core or "empfohlen" in rule.profiles)


def test_level_override_by_code_and_name(tmp_path: Path) -> None:
    config = _resolver(tmp_path).resolve(
        {"regeln": {"PK-S012": "error", "name-objekt-verrichtung": "off"}}, origin="t"
    )
    assert config.levels["PK-S012"] is Level.ERROR
    assert "PK-S011" not in config.levels


def test_extends_local_file_and_child_wins(tmp_path: Path) -> None:
    (tmp_path / "netz.yaml").write_text(
        "extends: [prozesskit:streng]\nregeln:\n  PK-S012: error\npflichtfelder: [ausloeser]\n",
        encoding="utf-8",
    )
    config = _resolver(tmp_path).resolve(
        {"extends": ["netz.yaml"], "regeln": {"PK-S012": "warn"}}, origin="t"
    )
    assert config.levels["PK-S012"] is Level.WARN
    assert "ausloeser" in config.pflichtfelder
    assert "prozessverantwortlich" in config.pflichtfelder  # from streng


def test_extends_cycle_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: [b.yaml]\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: [a.yaml]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="Zirkuläres"):
        _resolver(tmp_path).resolve({"extends": ["a.yaml"]}, origin="t")


def test_unknown_rule_suggests_nearest(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Meinten Sie 'generisches-verb'"):
        _resolver(tmp_path).resolve({"regeln": {"generisches-verbb": "warn"}}, origin="t")


def test_bad_option_names_rule(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="PK-S012"):
        _resolver(tmp_path).resolve(
            {"regeln": {"PK-S012": {"level": "warn", "optionen": {"gibtsnicht": 1}}}}, origin="t"
        )


def test_core_rule_cannot_be_switched_off(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nicht abgeschaltet"):
        _resolver(tmp_path).resolve({"regeln": {"PK-S004": "off"}}, origin="t")


def _shared_repo(tmp_path: Path) -> Path:
    repo_dir = tmp_path / "netz-konventionen"
    repo = git.Repo.init(repo_dir)
    (repo_dir / "konventionen.yaml").write_text("regeln:\n  PK-S012: error\n", encoding="utf-8")
    repo.index.add(["konventionen.yaml"])
    repo.index.commit("v1")
    repo.create_tag("v1")
    (repo_dir / "konventionen.yaml").write_text("regeln:\n  PK-S012: 'off'\n", encoding="utf-8")
    repo.index.add(["konventionen.yaml"])
    repo.index.commit("v2")
    return repo_dir


def test_extends_file_in_shared_git_repo_at_tag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER", str(tmp_path))  # a local repository
    url = _shared_repo(tmp_path).as_uri()
    at_v1 = _resolver(tmp_path).resolve(
        {"extends": ["prozesskit:empfohlen", f"git+{url}@v1#konventionen.yaml"]}, origin="t"
    )
    at_head = _resolver(tmp_path).resolve(
        {"extends": ["prozesskit:empfohlen", f"git+{url}#konventionen.yaml"]}, origin="t"
    )
    assert at_v1.levels["PK-S012"] is Level.ERROR
    assert "PK-S012" not in at_head.levels


def test_dangerous_git_urls_are_refused() -> None:
    for url in ("ext::sh -c touch% /tmp/pwned", "--upload-pack=touch /tmp/x", "fd::3"):
        with pytest.raises(GitError):
            check_url(url)


def test_split_ref() -> None:
    assert split_ref("https://host/netz/blaupause.git@v2") == (
        "https://host/netz/blaupause.git",
        "v2",
    )
    assert split_ref("git@host:netz/blaupause.git") == ("git@host:netz/blaupause.git", None)
    assert split_ref("git@host:netz/blaupause.git@v1") == ("git@host:netz/blaupause.git", "v1")


def test_plain_http_is_refused() -> None:
    with pytest.raises(GitError, match="https"):
        check_url("http://git.example.invalid/netz/konventionen.git")


def test_cached_tag_works_when_the_remote_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER", str(tmp_path))  # a local repository

    repo_dir = _shared_repo(tmp_path)
    spec = f"git+{repo_dir.as_uri()}@v1#konventionen.yaml"
    first = _resolver(tmp_path).resolve({"extends": ["prozesskit:empfohlen", spec]}, origin="t")
    shutil.rmtree(repo_dir)  # the network share is offline
    again = _resolver(tmp_path).resolve({"extends": ["prozesskit:empfohlen", spec]}, origin="t")
    assert again.levels["PK-S012"] is first.levels["PK-S012"] is Level.ERROR
