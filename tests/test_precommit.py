"""The pre-commit hook, run by the real pre-commit against a scratch repository.

Slow (pre-commit builds a virtualenv and pip-installs this repository into it),
so it is marked ``slow``; CI runs it (``.ci/run`` runs the whole suite).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}
    env.pop("CONTRACTLINT_OUTPUT_FORMAT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: pre-commit try-repo needs one")
    root = tmp_path_factory.mktemp("scratch")
    _git("init", "-q", cwd=root)
    clean = (REPO / "samples" / "after-sales-service.en.contract").read_text(encoding="utf-8")
    (root / "clean.contract").write_text(clean, encoding="utf-8")
    # The same contract with a heading whose {kind} tag is not closed: a syntax error.
    (root / "broken.contract").write_text(clean + "\n## 99 Extra {scope\nText.\n", encoding="utf-8")
    (root / "notes.md").write_text("## not {a contract\n", encoding="utf-8")
    _git("add", ".", cwd=root)
    return root


def test_manifest_is_valid(tmp_path: Path) -> None:
    home = tmp_path / "pre-commit-home"
    run = _pre_commit(
        "validate-manifest", str(REPO / ".pre-commit-hooks.yaml"), cwd=REPO, home=home
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_try_repo_blocks_the_broken_contract_and_passes_the_clean_one(
    scratch: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = tmp_path_factory.mktemp("pre-commit-home")
    clean = _pre_commit(
        "try-repo",
        str(REPO),
        "contractlint",
        "--files",
        "clean.contract",
        "notes.md",
        cwd=scratch,
        home=home,
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "contractlint" in clean.stdout and "Passed" in clean.stdout

    broken = _pre_commit(
        "try-repo",
        str(REPO),
        "contractlint",
        "--files",
        "broken.contract",
        "clean.contract",
        cwd=scratch,
        home=home,
    )
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert "broken.contract:" in broken.stdout and " CL001 error " in broken.stdout
    assert "clean.contract:" not in broken.stdout.replace("broken.contract:", "")
    assert "notes.md" not in broken.stdout
