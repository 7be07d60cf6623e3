"""Offline checks of the GitHub Pages workflow, ``.github/workflows/pages.yml``.

Three layers, none of which touches the network: ``check-jsonschema`` validates the file
against its built-in, vendored GitHub-workflow schema; ``zizmor --offline`` audits it for
security problems (any finding of medium or high severity fails, unless the workflow carries a
justified ``# zizmor: ignore[...]`` comment); and direct assertions with PyYAML pin down what
the project relies on: the triggers and their paths, least permissions, non-overlapping
deploys, actions pinned to commit SHAs, full-history checkouts without persisted credentials,
the README's test command, and that a pull request never deploys.  Each tool test first runs
the tool on a deliberately bad workflow, so a tool that silently accepts everything cannot
pass.  A missing tool skips its test locally but fails in CI (``CI=true``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
README = ROOT / "README.md"

# Everything a build reads; overrides/ holds the theme overrides (main.html, the search box).
SITE_INPUTS = {"seeds/**", "survey.yml", "generator/**", "templates/**", "overrides/**", "docs/**", "mkdocs.yml",
               "pyproject.toml"}
TEST_COMMAND = "pip install -e '.[test]' && python -m pytest"
BUILD_COMMAND = "pip install -e . && mkdocs build --strict"
SHA_PIN_RE = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT_RE = re.compile(r"#\s*v\d+(\.\d+){0,2}\b")
BLOCKING_SEVERITIES = {"medium", "high"}
# A proxy on a closed local port: any HTTP request a tool tried would fail instead of leaving.
NO_NETWORK = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9",
              "NO_PROXY": "", "ZIZMOR_OFFLINE": "true"}

BAD_WORKFLOW = """\
name: bad
on: [push, pull_request_target]
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def tool(name: str) -> str:
    """Path of a console script installed with the test extras; skip locally, fail in CI, if absent."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        message = f"{name} is not installed (pip install -e '.[test]')"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found


def run_offline(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120,
                          env={**os.environ, **NO_NETWORK})


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    value = workflow.get("on", workflow.get(True))
    assert isinstance(value, dict), "triggers must be a mapping"
    return value


@pytest.fixture(scope="module")
def jobs(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return workflow["jobs"]


def steps_using(jobs: dict[str, dict[str, Any]], action: str) -> list[tuple[str, dict[str, Any]]]:
    return [(name, step) for name, job in jobs.items() for step in job.get("steps", [])
            if str(step.get("uses", "")).split("@")[0] == action]


def job_with_step(jobs: dict[str, dict[str, Any]], action: str) -> tuple[str, dict[str, Any]]:
    found = steps_using(jobs, action)
    assert len(found) == 1, f"expected exactly one {action} step, found {len(found)}"
    name = found[0][0]
    return name, jobs[name]


def run_scripts(job: dict[str, Any]) -> list[str]:
    return [str(step["run"]) for step in job.get("steps", []) if "run" in step]


# --- the tools -----------------------------------------------------------------------------


def test_schema_with_vendored_github_workflow_schema(tmp_path: Path) -> None:
    command = [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: not-a-list\n", encoding="utf-8")
    control = run_offline([*command, str(bad)], tmp_path)
    assert control.returncode != 0, "check-jsonschema accepted an invalid workflow"

    result = run_offline([*command, str(WORKFLOW)], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def zizmor_findings(path: Path, cwd: Path) -> list[dict[str, Any]]:
    result = run_offline([tool("zizmor"), "--offline", "--no-config", "--format", "json", str(path)], cwd)
    # zizmor exits 0 (clean), 1 (tool error) or 10-14 (findings, by highest severity).
    assert result.returncode in (0, *range(10, 15)), result.stderr[-3000:]
    return json.loads(result.stdout or "[]")


def blocking(findings: list[dict[str, Any]]) -> list[str]:
    return [
        f"{f['ident']} ({f['determinations']['severity']}): {f['desc']} at "
        + ", ".join(str(loc["concrete"]["feature"]) for loc in f.get("locations", []))
        for f in findings
        if not f.get("ignored") and str(f["determinations"]["severity"]).lower() in BLOCKING_SEVERITIES
    ]


def test_zizmor_offline_finds_nothing_of_medium_or_high_severity(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    control = {f["ident"] for f in zizmor_findings(bad, tmp_path)}
    assert {"unpinned-uses", "template-injection", "artipacked"} <= control, control

    problems = blocking(zizmor_findings(WORKFLOW, ROOT))
    assert not problems, "zizmor:\n" + "\n".join(problems)


# --- direct assertions ---------------------------------------------------------------------


def test_push_to_main_on_site_inputs_and_manual_runs(triggers: dict[str, Any]) -> None:
    push = triggers["push"]
    assert push["branches"] == ["main"]
    assert set(push["paths"]) >= SITE_INPUTS, SITE_INPUTS - set(push["paths"])
    assert "workflow_dispatch" in triggers
    assert "pull_request_target" not in triggers  # runs fork code with a write token


def test_pull_requests_are_checked(triggers: dict[str, Any]) -> None:
    pull_request = triggers["pull_request"] or {}
    paths = set(pull_request.get("paths", SITE_INPUTS))
    assert paths >= SITE_INPUTS, SITE_INPUTS - paths


def test_least_privilege(workflow: dict[str, Any], jobs: dict[str, dict[str, Any]]) -> None:
    assert workflow.get("permissions") in ({}, {"contents": "read"}), workflow.get("permissions")
    deploy_name, _ = job_with_step(jobs, "actions/deploy-pages")
    for name, job in jobs.items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"job {name}: permissions must be explicit"
        writes = {scope for scope, level in permissions.items() if level == "write"}
        if name == deploy_name:
            assert writes == {"pages", "id-token"}, writes
            assert set(permissions) == {"pages", "id-token"}, permissions
        else:
            assert not writes, f"job {name} asks for write access: {sorted(writes)}"


def test_deploys_never_overlap(jobs: dict[str, dict[str, Any]]) -> None:
    _, deploy = job_with_step(jobs, "actions/deploy-pages")
    concurrency = deploy.get("concurrency")
    assert isinstance(concurrency, dict), "the deploy job needs its own concurrency group"
    group = str(concurrency["group"])
    assert "${{" not in group, "one fixed group for every deploy, whatever the ref"
    assert concurrency.get("cancel-in-progress") is False, "a running deployment must not be cancelled"


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if re.match(r"\s*(-\s*)?uses:", line)]
    assert lines
    for line in lines:
        reference, _, comment = line.split("uses:", 1)[1].partition("#")
        assert SHA_PIN_RE.match(reference.strip()), f"not pinned to a full commit SHA: {line.strip()}"
        assert VERSION_COMMENT_RE.match("#" + comment), f"no version comment: {line.strip()}"


def test_official_pages_actions(jobs: dict[str, dict[str, Any]]) -> None:
    build_name, build = job_with_step(jobs, "actions/upload-pages-artifact")
    deploy_name, deploy = job_with_step(jobs, "actions/deploy-pages")
    assert build_name != deploy_name
    upload = next(s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@"))
    assert str(upload["with"]["path"]).rstrip("/") == "site"
    assert build_name in deploy["needs"]
    assert deploy["environment"]["name"] == "github-pages"


def test_no_deploy_on_pull_request(jobs: dict[str, dict[str, Any]]) -> None:
    _, deploy = job_with_step(jobs, "actions/deploy-pages")
    condition = str(deploy.get("if", ""))
    assert "github.event_name != 'pull_request'" in condition, condition
    assert "github.ref == 'refs/heads/main'" in condition, condition
    for _, step in steps_using(jobs, "actions/upload-pages-artifact"):
        assert "github.event_name != 'pull_request'" in str(step.get("if", "")), "pull requests upload nothing"


def test_checkouts_keep_history_and_drop_credentials(jobs: dict[str, dict[str, Any]]) -> None:
    checkouts = steps_using(jobs, "actions/checkout")
    assert {name for name, _ in checkouts} >= {"test", "build"}
    for name, step in checkouts:
        options = step.get("with", {})
        assert options.get("fetch-depth") == 0, f"job {name}: the What's new page needs all of git history"
        assert options.get("persist-credentials") is False, f"job {name}: persist-credentials must be false"


def test_pip_cache_through_setup_python(jobs: dict[str, dict[str, Any]]) -> None:
    setups = steps_using(jobs, "actions/setup-python")
    assert {name for name, _ in setups} >= {"test", "build"}
    for name, step in setups:
        assert step["with"].get("cache") == "pip", f"job {name}: no pip cache"


def test_test_job_runs_the_readme_command_after_installing_chromium(jobs: dict[str, dict[str, Any]]) -> None:
    assert TEST_COMMAND in README.read_text(encoding="utf-8"), "the README's test command changed"
    scripts = run_scripts(jobs["test"])
    chromium = next(i for i, s in enumerate(scripts) if "apt-get install -y chromium" in s)
    tests = next(i for i, s in enumerate(scripts) if TEST_COMMAND in s)
    assert chromium < tests


def test_build_job_builds_strictly(jobs: dict[str, dict[str, Any]]) -> None:
    assert any(BUILD_COMMAND in script for script in run_scripts(jobs["build"]))
    for name, job in jobs.items():
        for script in run_scripts(job):
            if "mkdocs build" in script:
                assert "--strict" in script, f"job {name} builds without --strict"


def test_build_step_sets_the_site_url_that_mkdocs_reads(jobs: dict[str, dict[str, Any]]) -> None:
    """The sitemap, the feeds' absolute links and the BibTeX urls need the site's address: the
    step that builds sets SITE_URL, and mkdocs.yml reads it (tests/test_site_build.py builds the
    same way and checks the sitemap lists every paper page)."""
    steps = [step for step in jobs["build"]["steps"] if "mkdocs build" in step.get("run", "")]
    assert steps
    for step in steps:
        address = step.get("env", {}).get("SITE_URL", "")
        assert re.fullmatch(r"https://\$\{\{ github\.repository_owner \}\}\.github\.io/"
                            r"\$\{\{ github\.event\.repository\.name \}\}/", address), address
    assert re.search(r"^site_url: !ENV SITE_URL$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
