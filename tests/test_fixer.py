"""Fixes never cost a byte: planning, fixed points, refusals and atomic writes.

Rules with fixes are written by other engineers; these tests use a small
stand-in linter (the real parser plus a few hand-made findings with fixes) so
that every path of the fixer is exercised whatever the rule packs contain.
"""

from __future__ import annotations

import codecs
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from contractlint import fixer
from contractlint.diagnostic import Applicability, Diagnostic, Edit, Fix, Severity
from contractlint.fixer import apply_edits, diff, fix_file, fix_text, plan
from contractlint.lint import lint
from contractlint.span import LineIndex

CONTRACT = """# 售后服务合同

party 甲方 服务方 "上海精机设备有限公司"
party 乙方 客户 "苏州明线制造有限公司"

## 第一条 服务范围
甲方应及时响应报修。
乙方应及时付款。TODO

## 第二条 争议解决
向上海国际仲裁中心申请仲裁。
"""

CONTRACT_TW = """# 售後服務合約

party 甲方 服務方 "臺北精機設備有限公司"
party 乙方 客戶 "新竹明線製造有限公司"

## 第一條 服務範圍
甲方應及時回應報修。

## 第二條 爭議解決
向中華民國仲裁協會申請仲裁。
"""

# (word, code, replacement, applicability)
TOY_RULES: list[tuple[str, str, str, Applicability]] = [
    ("及时", "CL901", "在24小时内", Applicability.SAFE),
    ("TODO", "CL902", "", Applicability.UNSAFE),
]


def toy_lint(rules=TOY_RULES):
    """A linter: the real parser's findings plus one finding per toy word."""

    def run(text: str, path: str = "-", settings=None) -> list[Diagnostic]:
        found = [d for d in lint(text, path, settings) if d.code == "CL001"]
        index = LineIndex(text)
        for word, code, replacement, applicability in rules:
            start = text.find(word)
            while start != -1:
                span = index.span(start, start + len(word))
                fix = Fix(f"replace {word!r}", (Edit(span, replacement),), applicability)
                found.append(
                    Diagnostic(code, "toy", Severity.WARNING, f"{word} found", span, path, fix=fix)
                )
                start = text.find(word, start + len(word))
        found.sort(key=Diagnostic.sort_key)
        return found

    return run


def edit(text: str, start: int, end: int, new: str) -> Edit:
    return Edit(LineIndex(text).span(start, end), new)


# -- planning and applying ------------------------------------------------------


def test_apply_edits_replaces_inserts_and_deletes_in_any_order():
    text = "abcdef"
    edits = [edit(text, 4, 6, "XY"), edit(text, 0, 0, ">"), edit(text, 1, 2, "")]
    assert apply_edits(text, edits) == ">acdXY"


def test_apply_edits_refuses_overlapping_edits():
    text = "abcdef"
    with pytest.raises(ValueError, match="overlaps"):
        apply_edits(text, [edit(text, 0, 3, "x"), edit(text, 2, 4, "y")])


def test_plan_keeps_safe_fixes_only_unless_unsafe_allowed_and_never_display_only():
    text = CONTRACT
    found = toy_lint([*TOY_RULES, ("仲裁", "CL903", "arbitration", Applicability.DISPLAY_ONLY)])(
        text
    )
    safe = {d.code for d, _ in plan(found, text)}
    both = {d.code for d, _ in plan(found, text, unsafe=True)}
    assert safe == {"CL901"}
    assert both == {"CL901", "CL902"}


def test_plan_defers_a_fix_whose_edits_collide_with_an_earlier_one():
    text = "及时及时"
    index = LineIndex(text)
    first = Diagnostic(
        "CL901",
        "a",
        Severity.WARNING,
        "m",
        index.span(0, 2),
        fix=Fix("f", (Edit(index.span(0, 3), "X"),)),
    )
    second = Diagnostic(
        "CL902",
        "b",
        Severity.WARNING,
        "m",
        index.span(2, 4),
        fix=Fix("f", (Edit(index.span(2, 4), "Y"),)),
    )
    chosen = plan([second, first], text)
    assert [d.code for d, _ in chosen] == ["CL901"]


# -- fixing to a fixed point ------------------------------------------------------


def test_safe_fixes_are_applied_and_unsafe_ones_left_for_unsafe_fixes():
    result = fix_text(CONTRACT, "c.contract", lint_function=toy_lint())
    assert "及时" not in result.fixed
    assert "TODO" in result.fixed
    assert [a.code for a in result.applied] == ["CL901", "CL901"]
    assert [d.code for d in result.remaining] == ["CL902"]

    unsafe = fix_text(CONTRACT, "c.contract", unsafe=True, lint_function=toy_lint())
    assert "TODO" not in unsafe.fixed
    assert unsafe.remaining == []


def test_fixes_run_until_nothing_more_changes():
    # 尽快 -> 及时 -> 在24小时内: the second fix only exists after the first.
    rules = [("尽快", "CL904", "及时", Applicability.SAFE), *TOY_RULES]
    text = CONTRACT.replace("甲方应及时", "甲方应尽快")
    result = fix_text(text, lint_function=toy_lint(rules))
    assert "尽快" not in result.fixed and "及时" not in result.fixed
    assert result.passes == 2
    assert {a.code for a in result.applied} == {"CL904", "CL901"}


def test_fixes_that_undo_each_other_stop_at_the_limit_with_a_note():
    rules = [
        ("AAA", "CL905", "BBB", Applicability.SAFE),
        ("BBB", "CL906", "AAA", Applicability.SAFE),
    ]
    text = CONTRACT.replace("TODO", "AAA")
    result = fix_text(text, lint_function=toy_lint(rules), max_passes=5)
    assert result.passes == 5
    assert any("stopped after 5 rounds" in note for note in result.notes)


def test_a_fix_that_does_not_remove_its_finding_is_dropped():
    rules = [("及时", "CL901", "及时地", Applicability.SAFE)]
    result = fix_text(CONTRACT, "c.contract", lint_function=toy_lint(rules))
    assert result.fixed == CONTRACT
    assert result.applied == []
    assert any("did not remove its finding" in note for note in result.notes)


def test_a_fix_that_breaks_the_syntax_is_refused():
    rules = [("TODO", "CL907", '\nparty 丙方 "没有结束的引号', Applicability.SAFE)]
    result = fix_text(CONTRACT, lint_function=toy_lint(rules))
    assert result.refused is not None and "syntax" in result.refused
    assert result.fixed == CONTRACT
    assert not result.changed


def test_a_fix_that_adds_findings_is_refused():
    rules = [("TODO", "CL908", "及时 及时", Applicability.SAFE), TOY_RULES[0]]
    text = CONTRACT.replace("及时", "按时")  # no CL901 before the fix
    result = fix_text(text, lint_function=toy_lint(rules))
    assert result.refused is not None and "more findings" in result.refused
    assert result.fixed == text


# -- writing the file ---------------------------------------------------------------


def write(path, text: str, encoding: str = "utf-8", newline: str = "\n", bom: bytes = b""):
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "newline", "bom"),
    [
        ("utf-8", "\n", b""),
        ("utf-8", "\r\n", codecs.BOM_UTF8),
        ("utf-8", "\r", b""),
        ("utf-16-le", "\r\n", codecs.BOM_UTF16_LE),
        ("utf-16-be", "\n", codecs.BOM_UTF16_BE),
        ("gb18030", "\r\n", b""),
        ("big5", "\n", b""),
        ("gb18030", "\n", "\ufeff".encode("gb18030")),
    ],
)
def test_the_written_file_keeps_encoding_bom_and_line_endings(tmp_path, encoding, newline, bom):
    text, rules = CONTRACT, [("及时", "CL901", "在二十四小时内", Applicability.SAFE)]
    if encoding == "big5":
        text, rules = CONTRACT_TW, [("及時", "CL901", "在二十四小時內", Applicability.SAFE)]
    path = write(tmp_path / "c.contract", text, encoding, newline, bom)
    result = fix_file(str(path), lint_function=toy_lint(rules))
    assert result.written, result.refused
    assert "二十四" in result.fixed and result.fixed != text
    expected = bom + result.fixed.replace("\n", newline).encode(encoding)
    assert path.read_bytes() == expected


def test_mixed_line_endings_are_kept_line_by_line(tmp_path):
    raw = "## 第一条 服务\r\n甲方应及时响应。\n乙方付款。\r\n最后一行\r"
    path = tmp_path / "m.contract"
    path.write_bytes(raw.encode())
    fix_file(str(path), lint_function=toy_lint())
    assert path.read_bytes() == raw.replace("及时", "在24小时内").encode()


def test_permissions_and_symbolic_links_are_kept(tmp_path):
    real = write(tmp_path / "real.contract", CONTRACT)
    os.chmod(real, 0o640)
    link = tmp_path / "link.contract"
    link.symlink_to(real.name)
    result = fix_file(str(link), lint_function=toy_lint())
    assert result.written
    assert link.is_symlink()
    assert "及时" not in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if "contractlint-tmp" in p.name] == []


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_failure_at_the_write_leaves_the_original_intact(tmp_path, monkeypatch, failing):
    path = write(tmp_path / "c.contract", CONTRACT, "utf-8", "\r\n", codecs.BOM_UTF8)
    os.chmod(path, 0o600)
    before = path.read_bytes()
    before_mode = path.stat().st_mode

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "replace":
        monkeypatch.setattr(fixer.os, "replace", boom)
    elif failing == "fsync":
        monkeypatch.setattr(fixer.os, "fsync", boom)
    else:
        real_fdopen = os.fdopen

        class HalfWriter:
            """Writes half of the data, then the disk is full."""

            def __init__(self, fd, mode):
                self.handle = real_fdopen(fd, mode)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(fixer.os, "fdopen", HalfWriter)
    result = fix_file(str(path), lint_function=toy_lint())
    assert not result.written
    assert result.refused is not None and "No space left on device" in result.refused
    assert result.applied == []
    assert path.read_bytes() == before
    assert path.stat().st_mode == before_mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.contract"]


def test_a_file_changed_on_disk_during_the_fix_is_not_overwritten(tmp_path):
    path = write(tmp_path / "c.contract", CONTRACT)
    inner = toy_lint()
    calls = []

    def lint_and_edit(text, p="-", settings=None):
        calls.append(1)
        if len(calls) == 2:  # someone saves the file while we fix it
            path.write_text(CONTRACT + "补充条款。\n", encoding="utf-8")
        return inner(text, p, settings)

    result = fix_file(str(path), lint_function=lint_and_edit)
    assert result.refused is not None and "changed on disk" in result.refused
    assert path.read_text(encoding="utf-8") == CONTRACT + "补充条款。\n"


def test_a_fix_the_encoding_cannot_hold_is_refused(tmp_path):
    text = "## 第一條 服務\n甲方應及時回應。\n"
    path = tmp_path / "b.contract"
    path.write_bytes(text.encode("big5"))
    before = path.read_bytes()
    rules = [("及時", "CL901", "在24小时内 😀", Applicability.SAFE)]
    result = fix_file(str(path), lint_function=toy_lint(rules))
    assert result.refused is not None and "big5" in result.refused
    assert path.read_bytes() == before


def test_write_false_leaves_the_file_alone_and_diff_shows_the_change(tmp_path):
    path = write(tmp_path / "c.contract", CONTRACT)
    result = fix_file(str(path), lint_function=toy_lint(), write=False)
    assert path.read_text(encoding="utf-8") == CONTRACT
    shown = diff("c.contract", result.original, result.fixed)
    assert shown.startswith("--- a/c.contract\n+++ b/c.contract\n")
    assert "-甲方应及时响应报修。\n" in shown
    assert "+甲方应在24小时内响应报修。\n" in shown
    assert diff("c.contract", CONTRACT, CONTRACT) == ""


# -- through the command line ---------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "draft-with-problems.zh.contract"


def run_cli(*args: str, cwd: Path):
    return subprocess.run(
        [sys.executable, "-m", "contractlint", "check", "--no-cache", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def fixable_sample(folder: Path, newline: str = "\n", encoding: str = "utf-8") -> Path:
    path = folder / "draft.contract"
    text = SAMPLE.read_text(encoding="utf-8")
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def test_cli_diff_shows_the_fixes_and_changes_nothing(tmp_path):
    path = fixable_sample(tmp_path)
    before = path.read_bytes()
    result = run_cli("--diff", "--unsafe-fixes", "draft.contract", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("--- a/draft.contract\n+++ b/draft.contract\n")
    assert "+上门服务费为每人每日人民币1,500元（大写：人民币壹仟伍佰元整）。" in result.stdout
    assert "would fix" in result.stderr
    assert path.read_bytes() == before


def test_cli_fix_keeps_crlf_and_gb18030_and_removes_what_it_claims(tmp_path):
    path = fixable_sample(tmp_path, "\r\n", "gb18030")
    before = run_cli("draft.contract", cwd=tmp_path)
    result = run_cli("--fix", "--unsafe-fixes", "draft.contract", cwd=tmp_path)
    assert "draft.contract: fixed" in result.stderr, result.stderr
    data = path.read_bytes()
    text = data.decode("gb18030")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert "人民币1,500元（大写：人民币壹仟伍佰元整）" in text
    after = run_cli("draft.contract", cwd=tmp_path)
    assert after.stdout.count("CL403") < before.stdout.count("CL403")
    assert after.stdout.count("CL401") < before.stdout.count("CL401")
    assert result.stdout == after.stdout  # --fix reports what a check then shows


def test_cli_fix_without_unsafe_leaves_unsafe_fixes(tmp_path):
    path = fixable_sample(tmp_path)
    before = path.read_bytes()
    result = run_cli("--fix", "draft.contract", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    # the sample's fixes (amounts in words) are all marked unsafe: a human must check them
    assert path.read_bytes() == before


def test_cli_fix_interrupted_at_the_write_leaves_the_file_intact(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from contractlint.cli import cli

    path = fixable_sample(tmp_path, "\r\n")
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(fixer.os, "replace", boom)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--jobs", "1", "--fix", "--unsafe-fixes", "draft.contract"]
    )
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "draft.contract: not fixed: cannot write the fixed file: Input/output error" in output
    assert result.exit_code == 2
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.contract"]
