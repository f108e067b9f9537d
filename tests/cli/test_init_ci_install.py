"""The pipelines from ``init --ci`` install prozesskit on a fresh runner that no index serves.

The generated job's own lines (variables and script of ``.gitlab-ci.yml``, env and ``run``
steps of the GitHub workflow) run with bash in a fresh virtual environment, installing a wheel
of this checkout through ``--installieren``; then they validate the register as CI would.
"""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
from pathlib import Path

import git
import pytest
import yaml

from helpers import REPO, run_cli
from prozesskit.errors import UsageError
from prozesskit.init.citemplates import check_spec, render, spec_from_direct_url

GEMEINDE = ["--name", "Gemeinde Musterdorf", "--ags", "05999002", "--bereich", "02"]
COMMIT = "4f5e1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f"
SHA256 = "2b" * 32


def _pip_env(home: Path) -> dict[str, str]:
    """The test's environment, minus anything that would let the venv see this checkout;
    pip reuses the user's download cache so that dependencies are not fetched again."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    active = os.environ.get("VIRTUAL_ENV")  # the README runs the tests in an activated venv
    if active:
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                      if Path(p) != Path(active) / "bin")
    real_cache = Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache" / "pip"
    env["PIP_CACHE_DIR"] = str(real_cache if real_cache.is_dir() else home / "pip-cache")
    return env


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A wheel of this checkout and a fresh venv with prozesskit's dependencies, but not
    prozesskit (each test installs it through the pipeline's own command)."""
    base = tmp_path_factory.mktemp("runner")
    env = _pip_env(base)
    wheels = base / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(REPO),
                    "-w", str(wheels)], check=True, env=env, cwd=base)
    (wheel,) = wheels.glob("prozesskit-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    str(wheel)], check=True, env=env)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "uninstall", "--quiet", "-y",
                    "prozesskit"], check=True, env=env)
    return {"wheel": wheel, "venv": venv}


def _register(tmp_path: Path, platform: str, spec: str, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str], target: Path | None = None) -> Path:
    target = target or tmp_path / "reg"
    code, _, err = run_cli(["init", "-b", "gemeinde", str(target), *GEMEINDE, "--ci", platform,
                            "--installieren", spec], monkeypatch, capsys)
    assert code == 0, err
    return target


def _run_job(lines: list[str], env_vars: dict[str, str], checkout: Path,
             venv: Path) -> subprocess.CompletedProcess[str]:
    """The job's lines in ``checkout`` (the repository root, as CI runs them)."""
    exports = [f'export {name}="{value}"' for name, value in env_vars.items()]
    script = "\n".join(["set -eo pipefail", *exports, *lines]) + "\n"
    env = _pip_env(checkout.parent)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env["CI_PROJECT_DIR"] = str(checkout)
    installed = venv / "bin" / "prozesskit"
    assert not installed.exists(), "prozesskit must not be installed before the job"
    # the job's own prozesskit, not one elsewhere on PATH (pipx, a system package)
    script += f'test "$(command -v prozesskit)" = "{installed}"\n'
    return subprocess.run(["bash", "-c", script], cwd=checkout, env=env, capture_output=True,
                          text=True, timeout=600)


def test_gitlab_job_installs_from_the_spec_and_validates(
    runner: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The register lives in a subfolder of the repository: the pipeline goes to the root."""
    checkout = tmp_path / "repo"
    git.Repo.init(checkout)
    register = _register(tmp_path, "gitlab", str(runner["wheel"]), monkeypatch, capsys,
                         checkout / "verwaltung" / "register")
    assert not (register / ".gitlab-ci.yml").exists()
    pipeline = yaml.safe_load((checkout / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["variables"]["PROZESSKIT_PIP_SPEC"] == str(runner["wheel"])
    assert pipeline["variables"]["PROZESSKIT_REGISTER"] == "verwaltung/register"
    job = pipeline["prozesskit"]
    assert "verwaltung/register/.prozesskit/cache/" in job["cache"]["paths"]
    result = _run_job(job["script"], pipeline["variables"], checkout, runner["venv"])
    try:
        assert result.returncode == 0, result.stdout + result.stderr
        report = json.loads((checkout / "gl-code-quality-report.json").read_text("utf-8"))
        assert report == []
        assert "<testsuites" in (checkout / "prozesskit-junit.xml").read_text("utf-8")
        assert (checkout / ".prozesskit-home").is_dir()  # the cached home is where CI keeps it
        assert (register / ".prozesskit/cache").is_dir()  # … and the register's cache
        # pip recorded the wheel as file://…, which a runner cannot reach: without
        # --installieren, this prozesskit has no source to write into a pipeline
        again = subprocess.run([str(runner["venv"] / "bin" / "prozesskit"), "init",
                                str(register), "--ci", "github"], env=_pip_env(tmp_path),
                               capture_output=True, text=True, cwd=tmp_path)
        assert again.returncode == 2, again.stderr
        assert "Woher der CI-Lauf prozesskit installieren soll, ist unbekannt" in again.stderr
        assert not (checkout / ".github").exists()
        # the installed wheel carries Blaupausen, schemas and CI templates
        fresh = tmp_path / "aus-dem-wheel"
        made = subprocess.run([str(runner["venv"] / "bin" / "prozesskit"), "init", "-b",
                               "gemeinde", str(fresh), *GEMEINDE, "--ci", "github",
                               "--installieren", "werkzeuge/prozesskit-0.1.0-py3-none-any.whl"],
                              env=_pip_env(tmp_path), capture_output=True, text=True,
                              cwd=tmp_path)
        assert made.returncode == 0, made.stderr
        assert (fresh / ".github/workflows/prozesskit.yml").is_file()
        assert (fresh / ".vscode/settings.json").is_file()
    finally:
        subprocess.run([str(runner["venv"] / "bin" / "python"), "-m", "pip", "uninstall",
                        "--quiet", "-y", "prozesskit"], check=True,
                       env=_pip_env(tmp_path))


@pytest.mark.parametrize("committed", [".prozesskit-home/repos/x.git/HEAD",
                                       "register/.prozesskit/cache/validate-v4.json"])
def test_gitlab_job_refuses_caches_brought_by_a_commit(
    committed: str, runner: dict[str, Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """A merge request that commits a cloned "mirror" of the shared conventions (or a
    sealed cache) into the folders the job caches would check itself green with them
    (security review, session 10): the job stops before it installs or validates."""
    checkout = tmp_path / "repo"
    repo = git.Repo.init(checkout)
    _register(tmp_path, "gitlab", str(runner["wheel"]), monkeypatch, capsys,
              checkout / "register")
    planted = checkout / committed
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text("untergeschoben\n", encoding="utf-8")
    repo.git.add("-f", "--", committed)
    pipeline = yaml.safe_load((checkout / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    result = _run_job(pipeline["prozesskit"]["script"], pipeline["variables"], checkout,
                      runner["venv"])
    try:
        assert result.returncode == 2, result.stdout + result.stderr
        assert "ist im Repository eingecheckt" in result.stderr
        assert not (runner["venv"] / "bin" / "prozesskit").exists()
    finally:
        subprocess.run([str(runner["venv"] / "bin" / "python"), "-m", "pip", "uninstall",
                        "--quiet", "-y", "prozesskit"], check=True,
                       env=_pip_env(tmp_path))


def test_github_job_installs_from_the_spec_and_validates(
    runner: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    register = _register(tmp_path, "github", str(runner["wheel"]), monkeypatch, capsys)
    workflow = yaml.safe_load(
        (register / ".github/workflows/prozesskit.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    lines = [step["run"] for step in steps if "run" in step]
    assert any("pip install" in line for line in lines)
    for line in lines:
        assert "${{" not in line
    result = _run_job(lines, workflow["env"], register, runner["venv"])
    try:
        assert result.returncode == 0, result.stdout + result.stderr
        sarif = json.loads((register / "prozesskit.sarif").read_text("utf-8"))
        assert sarif["runs"][0]["results"] == []
    finally:
        subprocess.run([str(runner["venv"] / "bin" / "python"), "-m", "pip", "uninstall",
                        "--quiet", "-y", "prozesskit"], check=True,
                       env=_pip_env(tmp_path))


def test_gitlab_pages_job_builds_the_site(
    runner: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The ``pages`` job's own lines, run like the runner runs them, leave ``public/`` at the
    repository root with the site of the register in its subfolder."""
    checkout = tmp_path / "repo"
    git.Repo.init(checkout)
    _register(tmp_path, "gitlab", str(runner["wheel"]), monkeypatch, capsys,
              checkout / "register")
    pipeline = yaml.safe_load((checkout / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = pipeline["pages"]
    variables = {**pipeline["variables"], "CI_PAGES_URL": "https://netz.gitlab.io/register"}
    result = _run_job(job["script"], variables, checkout, runner["venv"])
    try:
        assert result.returncode == 0, result.stdout + result.stderr
        public = checkout / job["artifacts"]["paths"][0]
        assert (public / "index.html").is_file() and (public / "suchindex.js").is_file()
        pages = list((public / "prozesse").glob("*.html"))
        assert len(pages) == len(list((checkout / "register" / "steckbriefe").glob("*.yaml")))
        assert '<link rel="canonical" href="https://netz.gitlab.io/register/index.html">' in (
            public / "index.html").read_text(encoding="utf-8")
    finally:
        subprocess.run([str(runner["venv"] / "bin" / "python"), "-m", "pip", "uninstall",
                        "--quiet", "-y", "prozesskit"], check=True,
                       env=_pip_env(tmp_path))


@pytest.mark.parametrize(("direct_url", "expected"), [
    # PEP 610 examples: a git checkout, an archive with hash, a subdirectory
    ({"url": "https://opencode.de/netz/prozesskit.git",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "v0.1.0"}},
     f"prozesskit @ git+https://opencode.de/netz/prozesskit.git@{COMMIT}"),
    ({"url": "ssh://git@opencode.de/netz/werkzeuge.git", "subdirectory": "prozesskit",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
     f"prozesskit @ git+ssh://git@opencode.de/netz/werkzeuge.git@{COMMIT}"
     "#subdirectory=prozesskit"),
    ({"url": "https://pakete.example.org/prozesskit-0.1.0-py3-none-any.whl",
      "archive_info": {"hashes": {"sha256": SHA256}}},
     f"prozesskit @ https://pakete.example.org/prozesskit-0.1.0-py3-none-any.whl#sha256={SHA256}"),
    ({"url": "https://pakete.example.org/prozesskit-0.1.0.tar.gz",
      "archive_info": {"hash": f"sha256={SHA256}"}},
     f"prozesskit @ https://pakete.example.org/prozesskit-0.1.0.tar.gz#sha256={SHA256}"),
    # what a runner cannot reach or nothing pins: no default
    ({"url": "file:///home/anna/prozesskit", "dir_info": {"editable": True}}, None),
    ({"url": "file:///tmp/prozesskit-0.1.0-py3-none-any.whl",
      "archive_info": {"hashes": {"sha256": SHA256}}}, None),
    ({"url": "https://pakete.example.org/prozesskit-0.1.0.tar.gz", "archive_info": {}}, None),
    ({"url": "https://opencode.de/netz/prozesskit.hg", "vcs_info": {"vcs": "hg",
                                                                    "commit_id": COMMIT}}, None),
    ({"url": "https://${TOKEN}@opencode.de/netz/prozesskit.git",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT}}, None),
])
def test_spec_from_direct_url(direct_url: dict[str, object], expected: str | None) -> None:
    assert spec_from_direct_url(json.dumps(direct_url)) == expected


@pytest.mark.parametrize("spec", [
    "prozesskit", "prozesskit>=0.1", "prozesskit~=0.1", "  ",
    'prozesskit @ git+https://x.invalid/p.git@v1"; rm -rf /',
    "prozesskit @ git+https://x.invalid/$(whoami).git",
    "prozesskit @ https://x.invalid/p.whl\nscript: boom",
    # sources that move: each pipeline would install what lies there today
    "https://example.org/prozesskit-0.1.0-py3-none-any.whl",
    "prozesskit @ https://example.org/prozesskit-0.1.0.tar.gz",
    "prozesskit @ git+https://opencode.de/x/prozesskit.git@main",
    "git+https://opencode.de/x/prozesskit.git@master",
    "prozesskit @ git+https://opencode.de/x/prozesskit.git",
    "git+ssh://git@opencode.de/x/prozesskit.git",
    "prozesskit @ git+https://h.de/o/prozesskit.git@refs/heads/main",
    "git+https://h.de/o/prozesskit.git@origin/main",
    "https://h.de/dl/prozesskit-0.1.0-py3-none-any.whl?download=1",
    "https://h.de/dl/prozesskit-0.1.0-py3-none-any.whl?sha256=abc",
])
def test_bare_names_and_unsafe_specs_are_refused(spec: str) -> None:
    with pytest.raises(UsageError, match="--installieren"):
        check_spec(spec)


@pytest.mark.parametrize("spec", [
    "prozesskit==0.1.0",  # for a network's own index (PIP_INDEX_URL in the runner)
    "werkzeuge/prozesskit-0.1.0-py3-none-any.whl",
    "prozesskit-0.1.0-py3-none-any.whl",
    f"prozesskit @ git+https://opencode.de/netz/prozesskit.git@{COMMIT}",
    "git+https://opencode.de/netz/prozesskit.git@v0.1.0",
    "git+ssh://git@opencode.de/netz/prozesskit.git@v0.1.0",
    f"prozesskit @ https://example.org/prozesskit-0.1.0-py3-none-any.whl#sha256={SHA256}",
])
def test_pinned_specs_are_written_as_quoted_yaml(spec: str) -> None:
    for platform in ("gitlab", "github"):
        _, text = render(platform, spec)
        data = yaml.safe_load(text)
        env = data["variables"] if platform == "gitlab" else data["env"]
        assert env["PROZESSKIT_PIP_SPEC"] == spec
        assert 'pip install --quiet "$PROZESSKIT_PIP_SPEC"' in text


def test_template_never_names_an_unpinned_package() -> None:
    for platform in ("gitlab", "github"):
        _, text = render(platform, "werkzeuge/prozesskit-0.1.0-py3-none-any.whl")
        assert "prozesskit==" not in text and "__PIP_SPEC__" not in text


def test_a_wheel_not_yet_in_the_repository_is_pointed_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The first pipeline would fail at ``pip install``; a new register cannot hold the
    wheel yet, so it is said, not refused."""
    from helpers import run_cli

    code, out, err = run_cli(["init", "-b", "gemeinde", str(tmp_path / "b"), "--name", "B",
                              "--ags", "05999028", "--bereich", "02", "--ci", "gitlab",
                              "--installieren", "werkzeuge/prozesskit-0.1.0-py3-none-any.whl"],
                             monkeypatch, capsys)
    assert code == 0, err
    assert "Hinweis: 'werkzeuge/prozesskit-0.1.0-py3-none-any.whl' gibt es im Repository" in out
    wheel = tmp_path / "b" / "werkzeuge" / "prozesskit-0.1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"PK")
    code, out, err = run_cli(["init", str(tmp_path / "b"), "--ci", "gitlab", "--force",
                              "--installieren", "werkzeuge/prozesskit-0.1.0-py3-none-any.whl"],
                             monkeypatch, capsys)
    assert code == 0, err
    assert "Hinweis" not in out
