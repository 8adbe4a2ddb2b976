"""Baselines: recorded findings stay quiet across line moves; new ones are reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from contractlint.baseline import fingerprint, result_fingerprints
from contractlint.diagnostic import Diagnostic, Severity
from contractlint.runner import FileResult, normalised_match
from contractlint.span import LineIndex

OLD = "## 1 Scope {scope\nText.\n"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("CONTRACTLINT_OUTPUT_FORMAT", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "contractlint",
            "check",
            "--isolated",
            "--select",
            "CL001",
            "--no-cache",
            "--output-format",
            "concise",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_write_then_apply_baseline(tmp_path: Path) -> None:
    contracts = tmp_path / "contracts"
    contracts.mkdir()
    (contracts / "old.contract").write_text(OLD, encoding="utf-8")
    first = _cli("--write-baseline", "baseline.json", "contracts", cwd=tmp_path)
    # like ESLint's --suppress-all: what was recorded is known from now on
    assert first.returncode == 0, first.stdout
    assert "Wrote 1 finding(s) to the baseline baseline.json." in first.stderr
    assert "1 known finding(s) hidden by the baseline" in first.stdout
    payload = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert payload["version"] == 1
    (entry,) = payload["findings"]
    assert entry["path"] == "contracts/old.contract" and entry["code"] == "CL001"
    assert len(entry["fingerprint"]) == 16

    quiet = _cli("--baseline", "baseline.json", "contracts", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stdout
    assert "1 known finding(s) hidden by the baseline" in quiet.stdout

    # Moving the finding down does not make it new; a second, different finding is new.
    (contracts / "old.contract").write_text(
        "Preamble.\n\n" + OLD + "## 2 Fees {fees\n", encoding="utf-8"
    )
    moved = _cli("--baseline", "baseline.json", "contracts", cwd=tmp_path)
    assert moved.returncode == 1
    assert moved.stdout.splitlines()[0].startswith("contracts/old.contract:5:")
    assert "old.contract:3:" not in moved.stdout

    # Fixing the recorded finding leaves a stale entry, which is pointed out.
    (contracts / "old.contract").write_text("## 1 Scope {scope}\nText.\n", encoding="utf-8")
    fixed = _cli("--baseline", "baseline.json", "contracts", cwd=tmp_path)
    assert fixed.returncode == 0
    assert "1 baseline entry for the checked files matches nothing now" in fixed.stderr
    (contracts / "old.contract").write_text("Preamble.\n\n" + OLD, encoding="utf-8")

    # The paths in the baseline are relative to it, so another cwd works too.
    from_inside = _cli("--baseline", "../baseline.json", "old.contract", cwd=contracts)
    assert from_inside.returncode == 0 and "CL001" not in from_inside.stdout


def test_bad_baseline_exits_2(tmp_path: Path) -> None:
    (tmp_path / "a.contract").write_text(OLD, encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    run = _cli("--baseline", "bad.json", "a.contract", cwd=tmp_path)
    assert run.returncode == 2
    assert "bad.json: not a contractlint baseline" in run.stderr
    run = _cli("--baseline", "missing.json", "a.contract", cwd=tmp_path)
    assert run.returncode == 2 and "missing.json: cannot read baseline" in run.stderr


def _result(text: str, needles: list[str], path: str = "a.contract") -> FileResult:
    index = LineIndex(text)
    diagnostics = []
    for needle in needles:
        start = text.index(needle)
        diagnostics.append(
            Diagnostic(
                "CL601",
                "vague",
                Severity.WARNING,
                "m",
                index.span(start, start + len(needle)),
                path,
            )
        )
    return FileResult(path, diagnostics, [normalised_match(text, d) for d in diagnostics])


def test_fingerprint_depends_on_text_not_line(tmp_path: Path) -> None:
    a = result_fingerprints(_result("x\nreasonable  efforts\n", ["reasonable  efforts"]), tmp_path)
    b = result_fingerprints(
        _result("\n\n\nx\nreasonable efforts\n", ["reasonable efforts"]), tmp_path
    )
    c = result_fingerprints(_result("x\nbest efforts\n", ["best efforts"]), tmp_path)
    assert a == b  # moved and re-spaced: same
    assert a != c  # different text: new
    assert fingerprint("CL601", "a.contract", "t") != fingerprint("CL602", "a.contract", "t")
    assert fingerprint("CL601", "a.contract", "t") != fingerprint("CL601", "b.contract", "t")


def test_identical_findings_are_counted(tmp_path: Path) -> None:
    text = "promptly\npromptly\n"
    index = LineIndex(text)
    diagnostics = [
        Diagnostic("CL601", "vague", Severity.WARNING, "m", index.span(0, 8), "a.contract"),
        Diagnostic("CL601", "vague", Severity.WARNING, "m", index.span(9, 17), "a.contract"),
    ]
    result = FileResult("a.contract", diagnostics, ["promptly", "promptly"])
    first, second = result_fingerprints(result, tmp_path)
    assert first != second  # a third "promptly" later would be a new finding
