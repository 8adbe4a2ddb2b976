"""Syntax errors are diagnostics: every one reported, at its line, in plain words."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractlint.lint import lint
from contractlint.parse import parse

THREE_ERRORS = """---
title: Broken
---

party A provider "Acme Ltd
  address: 1 Main St

## 1 Scope {scope
Text that is fine.

## 2 Fees {fees} trailing
More text that is fine.

## 3 Term
Still modelled.
"""


def test_three_separate_errors_are_all_reported_at_their_lines():
    result = parse(THREE_ERRORS)
    assert [(d.code, d.span.start_line) for d in result.diagnostics] == [
        ("CL001", 5),
        ("CL001", 8),
        ("CL001", 11),
    ]
    messages = [d.message for d in result.diagnostics]
    assert "closing quote" in messages[0]
    assert "not closed" in messages[1]
    assert "last thing on the heading line" in messages[2]
    # the rest of the file is still modelled
    document = result.document
    assert [c.number for c in document.clauses] == ["1", "2", "3"]
    assert document.clauses[2].paragraphs[0].text == "Still modelled."
    assert document.parties[0].attr("address").value == "1 Main St"


def test_messages_speak_to_lawyers_not_parsers():
    cases = {
        "party B customer Brightline\n": "needs its name in quotes",
        'party A "Acme" Shanghai\n': "unexpected text after the party's name",
        "---\ntitle: x\nno colon here\n---\n": "front matter lines are `key: value`",
        "---\ntitle: x\n## 1 Scope\n": "front matter that starts on line 1 is not closed",
        "## 1 Scope {}\n": "kind tag is empty",
        "<!-- open\n## 1 Scope\n": "never closed",
    }
    for text, expected in cases.items():
        messages = [d.message for d in parse(text).diagnostics]
        assert any(expected in m for m in messages), (text, messages)
        assert all("Expected" not in m and "Token" not in m for m in messages)


def test_unclosed_front_matter_is_one_error_not_one_per_line():
    text = "---\ntitle: x\n# Title\n\n## 1 Scope\nText.\n## 2 Fees\nMore.\n"
    result = parse(text)
    assert [d.span.start_line for d in result.diagnostics] == [3]
    assert [c.number for c in result.document.clauses] == ["1", "2"]


def test_check_command_exit_code_and_line_format(tmp_path):
    path = tmp_path / "broken.contract"
    path.write_text(THREE_ERRORS, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 1, run.stderr
    assert f"{path}:5:" in run.stdout and "CL001" in run.stdout


# Arbitrary text never raises and every diagnostic lies inside the text.
text_strategy = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=400,
) | st.lists(
    st.sampled_from(
        [
            "---",
            "title: x",
            'party 甲方 服务方 "上海"',
            'party A "x',
            "  key: value",
            "## 1 Scope {scope}",
            "### 1.1 {",
            "<!-- c",
            "-->",
            "// c",
            "甲方应及时响应😀。",
            "\t",
            "\r",
            "",
            "\x00\x07",
            "## 签署 {signatures}",
            "甲方（盖章）：",
        ]
    ),
    max_size=30,
).map(lambda lines: "\n".join(lines))


@settings(
    max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow], deadline=None
)
@given(text_strategy)
def test_arbitrary_text_never_raises_and_spans_are_inside(text):
    diagnostics = lint(text)
    normalized = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = normalized.split("\n")
    for diagnostic in diagnostics:
        span = diagnostic.span
        assert 0 <= span.start_offset <= span.end_offset <= len(normalized)
        assert 1 <= span.start_line <= span.end_line <= len(lines)
        assert 1 <= span.start_col <= len(lines[span.start_line - 1]) + 1
        assert 1 <= span.end_col <= len(lines[span.end_line - 1]) + 1


def test_check_without_paths_lints_the_current_folder(tmp_path):
    (tmp_path / "a.contract").write_text("## 1 Scope {scope\nText.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not a contract\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", "--select", "CL001", "--no-cache"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 1, run.stderr
    assert "a.contract:1:" in run.stdout and "notes.md" not in run.stdout
