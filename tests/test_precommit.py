"""The pre-commit hook, run by pre-commit itself on a temporary repository, as the
README's example sets it up (repo + rev): a broken plans/2023/targets.yaml fails
the commit and names the line."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEED

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(cwd, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_the_hook_fails_a_broken_plan_and_names_the_line(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("needs this repository's git history (a checkout, not an sdist)")
    rev = git(ROOT, "rev-parse", "HEAD")
    repo = tmp_path / "plans-repo"
    plans = repo / "plans" / "2023"
    plans.mkdir(parents=True)
    for name in ("targets.yaml", "tasks.yaml"):
        shutil.copy(SEED / name, plans / name)
    text = (plans / "targets.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index("      2021: 2.56") + 1
    (plans / "targets.yaml").write_text(text.replace("      2021: 2.56", "      2021: 52%", 1),
                                        encoding="utf-8")
    # the README's example, with this checkout as the repository
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks:\n      - id: kjcx-check\n",
        encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                            cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"plans/2023/targets.yaml:{line}:13 indicators[0].actuals.2021: 应为数字" in result.stdout

    # fixed, the same hook passes
    (plans / "targets.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                            cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kjcx check" in result.stdout and "Passed" in result.stdout
