"""Every output format on one fixture, checked for its exact structure."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from contractlint.diagnostic import Applicability, Diagnostic, Edit, Fix, Severity
from contractlint.report import FORMATS, ReportContext, render
from contractlint.report.statistics import render_statistics_json, render_statistics_text
from contractlint.report.text import char_width, expand, frame
from contractlint.runner import FileResult, normalised_match
from contractlint.span import LineIndex

FIXTURE = (
    "---\n"
    "title: 售后服务合同\n"
    "---\n"
    "## 第一条 服务费 {fees}\n"
    "服务费为人民币50,000元（大写：人民币伍万元整）。\n"
    "Fees: 100%, payable\tnow 😀 here.\n"
)
FIXTURE_PATH = "contracts/fee,terms:v1.contract"


def _diag(
    code: str,
    name: str,
    severity: Severity,
    message: str,
    start: int,
    end: int,
    text: str = FIXTURE,
    help: str | None = None,
    fix: Fix | None = None,
) -> Diagnostic:
    return Diagnostic(
        code, name, severity, message, LineIndex(text).span(start, end), FIXTURE_PATH, help, fix
    )


def fixture_results(root: Path) -> list[FileResult]:
    """Three findings in one file (Chinese, a tab and an emoji on the lines) and a clean file."""
    target = root / FIXTURE_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(FIXTURE, encoding="utf-8")
    (root / "contracts" / "clean.contract").write_text("## 1 Scope\nText.\n", encoding="utf-8")
    amount = FIXTURE.index("50,000元")
    capital = FIXTURE.index("人民币伍万元整")
    emoji = FIXTURE.index("😀")
    index = LineIndex(FIXTURE)
    diagnostics = [
        _diag(
            "CL109",
            "missing-confidentiality-clause",
            Severity.INFO,
            "No confidentiality clause",
            0,
            3,
        ),
        _diag(
            "CL403",
            "capital-mismatch",
            Severity.ERROR,
            "Capital amount differs: 50,000 vs 50,001 (100% sure)",
            amount,
            amount + 7,
            help="Make the figures and the words agree",
            fix=Fix(
                "Write the capital amount",
                (Edit(index.span(capital, capital + 7), "人民币伍万元整"),),
                Applicability.UNSAFE,
            ),
        ),
        _diag("CL601", "vague-term", Severity.WARNING, "Emoji in a contract", emoji, emoji + 1),
    ]
    return [
        FileResult(FIXTURE_PATH, diagnostics, [normalised_match(FIXTURE, d) for d in diagnostics]),
        FileResult("contracts/clean.contract", [], []),
    ]


@pytest.fixture
def context(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReportContext:
    monkeypatch.chdir(tmp_path)
    return ReportContext(fixture_results(tmp_path), root=str(tmp_path))


def test_every_format_is_registered() -> None:
    assert set(FORMATS) == {
        "full",
        "concise",
        "json",
        "json-lines",
        "sarif",
        "github",
        "gitlab",
        "junit",
    }


def test_concise(context: ReportContext) -> None:
    assert render("concise", context) == (
        f"{FIXTURE_PATH}:1:1: CL109 info No confidentiality clause\n"
        f"{FIXTURE_PATH}:5:8: CL403 error Capital amount differs: 50,000 vs 50,001 (100% sure)\n"
        f"{FIXTURE_PATH}:6:25: CL601 warning Emoji in a contract\n"
    )


def test_full_puts_carets_under_full_width_text(context: ReportContext) -> None:
    out = render("full", context).split("\n")
    at = out.index(
        f"{FIXTURE_PATH}:5:8: CL403 error Capital amount differs: 50,000 vs 50,001 (100% sure)"
    )
    assert out[at + 1 : at + 5] == [
        "  |",
        "5 | 服务费为人民币50,000元（大写：人民币伍万元整）。",
        # 7 ideographs = 14 cells before the amount; "50,000元" = 6 + 2 cells.
        "  | " + " " * 14 + "^" * 8,
        "  = help: Make the figures and the words agree [*]",
    ]


def test_full_handles_tabs_and_emoji(context: ReportContext) -> None:
    out = render("full", context).split("\n")
    at = out.index(f"{FIXTURE_PATH}:6:25: CL601 warning Emoji in a contract")
    line, carets = out[at + 2], out[at + 3]
    assert line == "6 | Fees: 100%, payable now 😀 here."  # the tab expanded to the next stop
    assert carets == "  | " + " " * len("Fees: 100%, payable now ") + "^^"
    assert char_width("😀") == 2 and char_width("中") == 2 and char_width("a") == 1
    assert char_width("\u0301") == 0  # a combining accent takes no cell
    assert expand("a\tb")[0] == "a   b"


def test_frame_of_an_empty_span_shows_one_caret() -> None:
    text = "甲方应付款。\n"
    diagnostic = Diagnostic(
        "CL001", "syntax-error", Severity.ERROR, "m", LineIndex(text).span(2, 2), "x"
    )
    assert frame(text, diagnostic)[2] == "  | " + "    " + "^"


def test_json(context: ReportContext) -> None:
    records = json.loads(render("json", context))
    assert [r["code"] for r in records] == ["CL109", "CL403", "CL601"]
    second = records[1]
    assert set(second) == {
        "code",
        "name",
        "severity",
        "message",
        "help",
        "filename",
        "location",
        "end_location",
        "fix",
        "url",
        "fingerprint",
    }
    assert second["location"] == {"row": 5, "column": 8}
    assert second["end_location"] == {"row": 5, "column": 15}
    assert second["severity"] == "error"
    assert second["fix"] == {
        "applicability": "unsafe",
        "message": "Write the capital amount",
        "edits": [
            {
                "content": "人民币伍万元整",
                "location": {"row": 5, "column": 19},
                "end_location": {"row": 5, "column": 26},
            }
        ],
    }
    assert len(second["fingerprint"]) == 16


def test_json_lines_matches_json(context: ReportContext) -> None:
    lines = render("json-lines", context).splitlines()
    assert [json.loads(line) for line in lines] == json.loads(render("json", context))


def test_github_escapes_properties_and_data(context: ReportContext) -> None:
    lines = render("github", context).splitlines()
    assert len(lines) == 3
    escaped_path = "contracts/fee%2Cterms%3Av1.contract"
    assert lines[1] == (
        f"::error title=contractlint (CL403 capital-mismatch),file={escaped_path},line=5,col=8,"
        "endLine=5,endColumn=15::contracts/fee,terms:v1.contract:5:8: CL403 Capital amount "
        "differs: 50,000 vs 50,001 (100%25 sure)%0Ahelp: Make the figures and the words agree"
    )
    assert lines[0].startswith("::notice ") and lines[2].startswith("::warning ")
    for line in lines:  # no raw newline, comma or colon inside the properties
        properties = line.split("::")[1].split(" ", 1)[1]
        for value in (item.split("=", 1)[1] for item in properties.split(",")):
            assert ":" not in value and "," not in value


def test_gitlab(context: ReportContext) -> None:
    text = render("gitlab", context)
    assert not text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    issues = json.loads(text)
    assert isinstance(issues, list) and len(issues) == 3
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == FIXTURE_PATH
    assert issues[1]["check_name"] == "CL403"
    assert issues[1]["severity"] == "major"
    assert issues[1]["location"]["lines"] == {"begin": 5, "end": 5}
    assert len({issue["fingerprint"] for issue in issues}) == 3


def test_gitlab_fingerprint_ignores_line_moves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = json.loads(
        render("gitlab", ReportContext(fixture_results(tmp_path), root=str(tmp_path)))
    )
    moved_text = "\n\n" + FIXTURE
    results = fixture_results(tmp_path)
    moved = [
        Diagnostic(
            d.code,
            d.name,
            d.severity,
            d.message,
            LineIndex(moved_text).span(d.span.start_offset + 2, d.span.end_offset + 2),
            d.path,
            d.help,
            d.fix,
        )
        for d in results[0].diagnostics
    ]
    results[0] = FileResult(FIXTURE_PATH, moved, [normalised_match(moved_text, d) for d in moved])
    after = json.loads(render("gitlab", ReportContext(results, root=str(tmp_path))))
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert [i["location"]["lines"]["begin"] for i in after] == [3, 7, 8]


def test_junit(context: ReportContext) -> None:
    root = ET.fromstring(render("junit", context))
    assert root.tag == "testsuites"
    assert root.get("tests") == "4" and root.get("failures") == "3"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [FIXTURE_PATH, "contracts/clean.contract"]
    cases = suites[0].findall("testcase")
    assert [c.get("name") for c in cases] == [
        "CL109 missing-confidentiality-clause",
        "CL403 capital-mismatch",
        "CL601 vague-term",
    ]
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert cases[1].get("line") == "5"
    assert suites[1].find("testcase/failure") is None  # a clean file is a passing test


def test_statistics(context: ReportContext) -> None:
    assert render_statistics_text(context) == (
        "1  CL109  info    missing-confidentiality-clause\n"
        "1  CL403  [*] error   capital-mismatch\n"
        "1  CL601  warning vague-term\n"
    )
    rows = json.loads(render_statistics_json(context))
    assert rows[1] == {
        "code": "CL403",
        "name": "capital-mismatch",
        "severity": "error",
        "count": 1,
        "fixable": True,
        "fixable_count": 1,
    }


# --- through the command line -------------------------------------------------------

BROKEN = "## 1 Scope {scope\nText.\n"


def _cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    import os

    full_env = {**os.environ, "NO_COLOR": "1"}
    full_env.pop("CONTRACTLINT_OUTPUT_FORMAT", None)  # only the test's own choice counts
    full_env.pop("FORCE_COLOR", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "contractlint", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        input=stdin,
        timeout=120,
    )


def test_cli_output_format_env_and_output_file(tmp_path: Path) -> None:
    (tmp_path / "b.contract").write_text(BROKEN, encoding="utf-8")
    run = _cli(
        "--isolated",
        "--select",
        "CL001,CL003",
        "--no-cache",
        "b.contract",
        cwd=tmp_path,
        env={"CONTRACTLINT_OUTPUT_FORMAT": "json"},
    )
    assert run.returncode == 1
    assert [r["code"] for r in json.loads(run.stdout)] == ["CL001"]
    run = _cli(
        "--isolated",
        "--select",
        "CL001,CL003",
        "--no-cache",
        "--output-format",
        "gitlab",
        "-o",
        "gl.json",
        "b.contract",
        cwd=tmp_path,
    )
    assert run.returncode == 1 and run.stdout == ""
    data = (tmp_path / "gl.json").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert json.loads(data)[0]["check_name"] == "CL001"


def test_cli_no_colour_off_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "b.contract").write_text(BROKEN, encoding="utf-8")
    run = _cli("--isolated", "--no-cache", "b.contract", cwd=tmp_path)
    assert "\x1b[" not in run.stdout
    forced = _cli(
        "--isolated",
        "--no-cache",
        "b.contract",
        cwd=tmp_path,
        env={"FORCE_COLOR": "1", "NO_COLOR": ""},
    )
    assert "\x1b[" in forced.stdout
    both = _cli(
        "--isolated",
        "--no-cache",
        "b.contract",
        cwd=tmp_path,
        env={"FORCE_COLOR": "1", "NO_COLOR": "1"},
    )
    assert "\x1b[" not in both.stdout


def test_cli_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "b.contract").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "ok.contract").write_text(
        "// contractlint: disable-file CL9\n## 1 Scope\nText.\n", encoding="utf-8"
    )
    base = ("--isolated", "--no-cache", "--select", "CL001,CL003")
    assert _cli(*base, "b.contract", cwd=tmp_path).returncode == 1
    assert _cli(*base, "--exit-zero", "b.contract", cwd=tmp_path).returncode == 0
    # ok.contract has one warning (CL003: its suppression suppressed nothing)
    assert _cli(*base, "ok.contract", cwd=tmp_path).returncode == 0
    assert _cli(*base, "--max-warnings", "0", "ok.contract", cwd=tmp_path).returncode == 1
    assert _cli(*base, "--max-warnings", "1", "ok.contract", cwd=tmp_path).returncode == 0
    missing = _cli(*base, "nope.contract", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.contract: no such file or folder" in missing.stderr
    bad = _cli("--isolated", "--select", "XYZ123", "b.contract", cwd=tmp_path)
    assert bad.returncode == 2 and "unknown rule selector `XYZ123`" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_stdin_filename(tmp_path: Path) -> None:
    run = _cli(
        "--isolated",
        "--select",
        "CL001,CL003",
        "--output-format",
        "concise",
        "--stdin-filename",
        "drafts/x.contract",
        "-",
        cwd=tmp_path,
        stdin=BROKEN,
    )
    assert run.returncode == 1
    assert run.stdout.startswith("drafts/x.contract:1:12: CL001 error ")


def test_cli_statistics_json(tmp_path: Path) -> None:
    (tmp_path / "b.contract").write_text(
        BROKEN + BROKEN.replace("1 Scope", "2 Fees"), encoding="utf-8"
    )
    run = _cli(
        "--isolated",
        "--select",
        "CL001,CL003",
        "--no-cache",
        "--statistics",
        "--output-format",
        "json",
        "b.contract",
        cwd=tmp_path,
    )
    rows = json.loads(run.stdout)
    assert rows[0]["code"] == "CL001" and rows[0]["count"] == 2


def test_full_shows_a_window_of_a_long_line() -> None:
    text = "甲" * 300 + "TARGET" + "乙" * 300 + "\n"
    start = text.index("TARGET")
    diagnostic = Diagnostic(
        "CL601", "vague-term", Severity.WARNING, "m", LineIndex(text).span(start, start + 6), "x"
    )
    _, line, carets = frame(text, diagnostic)
    assert line.startswith("1 | …甲") and line.endswith("乙…")
    assert len(line) < 140
    shown = line[len("1 | ") :]
    # the carets sit under TARGET: one cell for "…", two per ideograph before it
    before = shown[: shown.index("TARGET")]
    assert carets == "  | " + " " * (1 + 2 * (len(before) - 1)) + "^" * 6


def test_cli_message_language(tmp_path: Path) -> None:
    text = "---\ntitle: 合同\nlanguage: zh\n---\n<!-- contractlint: disable CL999 -->\n## 第一条 范围\n内容。\n"
    (tmp_path / "zh.contract").write_text(text, encoding="utf-8")
    base = ("--isolated", "--no-cache", "--select", "CL003", "--output-format", "concise")
    chinese = _cli(*base, "zh.contract", cwd=tmp_path)
    assert "抑制注释（CL999）没有抑制任何诊断" in chinese.stdout
    english = _cli(*base, "--message-language", "en", "zh.contract", cwd=tmp_path)
    assert "Unused suppression (CL999): nothing here was reported" in english.stdout
