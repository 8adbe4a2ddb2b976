"""A second, independent LSP client: Neovim headless shows what ``contractlint check`` reports.

Neovim converts the server's UTF-16 columns to bytes itself and computes its
own incremental changes, so agreement here means the positions are right for a
client not built on pygls. Skips when ``nvim`` is not installed (Debian package
``neovim``; ``.ci/run`` installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NVIM = shutil.which("nvim")
COLLECT = Path(__file__).parent / "nvim" / "collect.lua"
SEVERITY = {"error": 1, "warning": 2, "info": 3}
SERVER = [sys.executable, "-m", "contractlint", "lsp", "--debounce-ms", "0"]

# CRLF line endings, Chinese text, an emoji before a syntax error, a blank
# placeholder and two missing essential clauses.
EMOJI_CRLF = (
    "# 售后服务合同\r\n\r\n"
    'party 甲方 服务方 "上海😀精机有限公司" 多余\r\n\r\n'
    'party 乙方 客户 "苏州明线制造有限公司"\r\n\r\n'
    "## 第一条 服务范围 {scope}\r\n"
    "甲方😀应为乙方的设备提供维修服务，费用为[金额]元。\r\n\r\n"
    "## 第二条 争议解决 {disputes\r\n"
    "提交上海仲裁委员会仲裁。\r\n"
)


def cli_findings(path: Path) -> list[dict[str, object]]:
    """``contractlint check --output-format json`` for the file, in Neovim's terms."""
    result = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", "-n", "--output-format", "json", str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n").split("\n")

    def byte_col(row: int, column: int) -> int:
        line = text[row - 1] if row - 1 < len(text) else ""
        return len(line[: column - 1].encode("utf-8"))

    found = []
    for item in json.loads(result.stdout):
        start, end = item["location"], item["end_location"]
        found.append(
            {
                "lnum": start["row"] - 1,
                "col": byte_col(start["row"], start["column"]),
                "end_lnum": end["row"] - 1,
                "end_col": byte_col(end["row"], end["column"]),
                "code": item["code"],
                "severity": SEVERITY[item["severity"]],
                "message": item["message"],
            }
        )
    return sorted(found, key=lambda d: json.dumps(d, sort_keys=True, ensure_ascii=False))


def run_nvim(path: Path, out: Path, edit: dict[str, object] | None = None) -> list[dict]:
    env = dict(os.environ)
    env.update(
        CONTRACTLINT_LSP_CMD=json.dumps(SERVER),
        CONTRACTLINT_FILE=str(path),
        CONTRACTLINT_OUT=str(out),
        CONTRACTLINT_EDIT=json.dumps(edit, ensure_ascii=False) if edit else "",
        HOME=str(path.parent),  # no user configuration or shada
        XDG_CONFIG_HOME=str(path.parent / "xdg-config"),
        XDG_DATA_HOME=str(path.parent / "xdg-data"),
        XDG_STATE_HOME=str(path.parent / "xdg-state"),
    )
    completed = subprocess.run(
        [NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {COLLECT}"],
        env=env,
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]
    errors = [r["error"] for r in records if "error" in r]
    assert not errors and completed.returncode == 0, (errors, completed.stderr[-2000:])
    return records


def shown(records: list[dict], phase: int) -> list[dict[str, object]]:
    keep = ("lnum", "col", "end_lnum", "end_col", "code", "severity", "message")
    items = [{k: r[k] for k in keep} for r in records if r.get("phase") == phase]
    assert all(r.get("source") == "contractlint" for r in records if r.get("phase") == phase)
    return sorted(items, key=lambda d: json.dumps(d, sort_keys=True, ensure_ascii=False))


@pytest.fixture
def nvim() -> str:
    if NVIM is None:
        pytest.skip("nvim is not installed (Debian: apt-get install neovim); .ci/run installs it")
    return NVIM


def test_neovim_shows_the_command_line_findings(nvim: str, tmp_path: Path) -> None:
    path = tmp_path / "draft.contract"
    path.write_bytes(EMOJI_CRLF.encode("utf-8"))
    fixed_line = "## 第二条 争议解决 {disputes}"
    records = run_nvim(path, tmp_path / "out.jsonl", {"line": 9, "text": fixed_line})

    expected = cli_findings(path)
    assert any(d["code"] == "CL001" and d["lnum"] == 2 for d in expected)  # after the emoji
    assert shown(records, 1) == expected

    # Neovim sent its own incremental change; the server's view matches the CLI's.
    path.write_bytes(EMOJI_CRLF.replace("{disputes\r\n", "{disputes}\r\n").encode("utf-8"))
    after = cli_findings(path)
    assert not any(d["code"] == "CL001" and d["lnum"] == 9 for d in after)
    assert shown(records, 2) == after


def test_neovim_agrees_on_the_sample_draft(nvim: str, tmp_path: Path) -> None:
    sample = Path(__file__).parent.parent / "samples" / "draft-with-problems.zh.contract"
    if not sample.exists():
        pytest.skip("samples/draft-with-problems.zh.contract is not there")
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    records = run_nvim(path, tmp_path / "out.jsonl")
    expected = cli_findings(path)
    assert expected, "the sample draft should have findings"
    assert shown(records, 1) == expected


MARKDOWN_DRAFT = (
    "# 售后服务合同\n\n"
    "甲方：上海精机设备有限公司\n"
    "乙方：苏州明线制造有限公司\n\n"
    "第一条 服务范围\n"
    "甲方应及时响应 😀，费用为[金额]元。\n"
)


def test_neovim_agrees_on_a_markdown_draft_and_per_file_ignores(nvim: str, tmp_path: Path) -> None:
    # A Markdown draft goes through the draft reader, as on the command line, and
    # a per-file ignore from the folder's configuration applies to it.
    (tmp_path / ".contractlint.toml").write_text(
        '[per-file-ignores]\n"*.md" = ["CL2"]\n', encoding="utf-8"
    )
    path = tmp_path / "draft.md"
    path.write_text(MARKDOWN_DRAFT, encoding="utf-8")
    records = run_nvim(path, tmp_path / "out.jsonl")
    expected = cli_findings(path)
    codes = {d["code"] for d in expected}
    assert "CL801" in codes and "CL301" in codes  # the blank and 及时 after the emoji line
    assert not any(str(code).startswith("CL2") for code in codes)
    assert shown(records, 1) == expected
