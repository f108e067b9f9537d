"""``init --ci`` publishes the site: GitLab Pages (``pages`` job, ``public/``) and GitHub
Pages (upload-pages-artifact + deploy-pages), only for the default branch after the check."""

from __future__ import annotations

from typing import Any

import yaml

from prozesskit.init.citemplates import render

SPEC = "prozesskit==0.1.0"


def _load(platform: str, register: str = ".") -> dict[str, Any]:
    _, text = render(platform, SPEC, register)
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def test_gitlab_pages_job_publishes_public_on_the_default_branch() -> None:
    pipeline = _load("gitlab", "verwaltung/register")
    job = pipeline["pages"]
    assert job["stage"] == "deploy"  # after the check (stage test): a red register is not published
    assert pipeline["prozesskit"]["stage"] == "test"
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert job["artifacts"]["paths"] == ["public"]
    assert job["script"][0] == 'python -m pip install --quiet "$PROZESSKIT_PIP_SPEC"'
    assert job["script"][1].startswith('prozesskit site "$PROZESSKIT_REGISTER" --output public')
    assert pipeline["variables"]["PROZESSKIT_REGISTER"] == "verwaltung/register"
    assert job["image"].startswith("python:")


def test_github_pages_jobs_build_upload_and_deploy_after_validate() -> None:
    workflow = _load("github")
    jobs = workflow["jobs"]
    assert set(jobs) == {"validate", "site", "pages"}
    site = jobs["site"]
    assert site["needs"] == "validate"
    assert site["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert workflow[True]["push"]["branches"] == ["main"]  # PyYAML reads the key `on` as true
    uses = [step.get("uses", "") for step in site["steps"]]
    assert "actions/upload-pages-artifact@v3" in uses
    upload = next(s for s in site["steps"] if s.get("uses", "").startswith(
        "actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "public"
    runs = [step["run"] for step in site["steps"] if "run" in step]
    assert any(r.startswith('prozesskit site "$PROZESSKIT_REGISTER" --output public')
               for r in runs)
    for line in runs:  # expressions only through env:, never spliced into a shell line
        assert "${{" not in line
    pages = jobs["pages"]
    assert pages["needs"] == "site"
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["environment"]["name"] == "github-pages"
    assert [s["uses"] for s in pages["steps"]] == ["actions/deploy-pages@v4"]


def test_github_jobs_get_the_permissions_their_actions_need() -> None:
    """Private and internal repositories (the usual case in a Verwaltung): configure-pages
    needs ``pages: read`` (actions/configure-pages#188), upload-sarif ``actions: read``;
    the top level grants only reading the code."""
    workflow = _load("github")
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["validate"]["permissions"] == {"contents": "read", "security-events": "write",
                                               "actions": "read"}
    assert jobs["site"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["pages"]["permissions"] == {"pages": "write", "id-token": "write"}
