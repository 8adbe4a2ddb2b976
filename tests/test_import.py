"""``contractlint import``: the draft in the contract language, nothing lost.

Two promises are tested: every character of prose in the draft appears, in
order, in the written .contract (a hypothesis property over generated drafts,
plus the fixtures), and checking the imported file gives the same findings as
checking the draft (same codes, same count; positions differ). The CL004 note
about what the reader guessed is the one exception: the written file states
the structure explicitly, so nothing is guessed any more.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractlint.lint import lint
from contractlint.readers import lint_draft, read_draft
from contractlint.writer import write_contract
from test_readers_markdown import EN_DRAFT, LIST_DRAFT
from test_readers_text import ZH_DRAFT


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "contractlint", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


def codes(diagnostics):
    return Counter(d.code for d in diagnostics if d.code != "CL004")


def squeeze(text: str) -> str:
    return "".join(text.split())


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(char in it for char in needle)


def prose_of(document) -> list[str]:
    """Paragraph texts, except the signature section's (its columns are reordered)."""
    return [
        paragraph.text
        for clause, paragraph in document.paragraphs()
        if clause is None or "signatures" not in clause.kinds
    ]


def assert_imports_cleanly(path):
    document, diagnostics = lint_draft(str(path))
    written = write_contract(document, path.name)
    contract_diagnostics = lint(written, "imported.contract")
    assert [d for d in contract_diagnostics if d.code == "CL001"] == [], written
    assert codes(contract_diagnostics) == codes(diagnostics)
    # Prose, in order, character for character (line breaks and Markdown's bold
    # markers aside: the writer drops ** around a defined term's quotes).
    prose = "".join(prose_of(document)).replace("**", "").replace("__", "")
    assert is_subsequence(squeeze(prose), squeeze(written))
    # Signature lines: every character, one party's column after the other.
    signed = "".join(
        p.text for c, p in document.paragraphs() if c is not None and "signatures" in c.kinds
    )
    assert not Counter(squeeze(signed)) - Counter(squeeze(written))
    return document, written


@pytest.fixture
def drafts(tmp_path):
    paths = []
    text = tmp_path / "zh.txt"
    text.write_bytes(ZH_DRAFT.encode("gbk"))
    paths.append(text)
    for name, content in (("en.md", EN_DRAFT), ("list.md", LIST_DRAFT)):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    try:
        from test_readers_docx import build_chinese_docx, build_english_docx
    except ImportError:  # python-docx missing: the text drafts still count
        return paths
    paths.append(build_chinese_docx(tmp_path / "zh.docx"))
    paths.append(build_english_docx(tmp_path / "en.docx"))
    return paths


def test_fixtures_import_with_the_same_findings(drafts):
    for path in drafts:
        assert_imports_cleanly(path)


def test_written_contract_makes_structure_explicit(tmp_path):
    path = tmp_path / "zh.txt"
    path.write_bytes(ZH_DRAFT.encode("gbk"))
    _document, written = assert_imports_cleanly(path)
    assert written.startswith("---\n合同编号: ＿＿＿＿＿＿\n---\n")
    assert "# 设备维修服务合同\n" in written
    assert (
        'party 甲方 服务方 "上海精机设备有限公司"\n  住所: 上海市浦东新区世纪大道88号\n' in written
    )
    assert "## 第一条 服务范围 {scope}\n" in written
    assert "### 1.1\n\n甲方为乙方的CX-200数控铣床" in written
    assert "## {signatures}\n" in written
    assert "## 附件一：服务细则\n" in written
    # Side-by-side signature columns are written one party after the other.
    signatures = written.split("## {signatures}\n", 1)[1]
    assert signatures.index("乙方（盖章）") > signatures.index("日期：2026年3月1日")


def test_import_command_writes_and_reports(tmp_path):
    draft = tmp_path / "nda.md"
    draft.write_text(LIST_DRAFT, encoding="utf-8")
    out = tmp_path / "nda.contract"
    result = run_cli("import", str(draft), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stderr and "guessed: clause kinds inferred" in result.stderr
    written = out.read_text(encoding="utf-8")
    assert "## 2. Use and Protection of Confidential Information. {confidentiality}" in written
    # Refuses to overwrite without --force.
    again = run_cli("import", str(draft), "-o", str(out))
    assert again.returncode == 2 and "already exists; use --force" in again.stderr
    assert run_cli("import", str(draft), "-o", str(out), "--force").returncode == 0
    # Standard output when no -o is given.
    printed = run_cli("import", "-q", str(draft))
    assert printed.returncode == 0 and printed.stdout == written and printed.stderr == ""
    # Checking the written file: the same findings as checking the draft, CL004 aside.
    checked_draft = run_cli("check", "--no-cache", "--output-format", "json", str(draft))
    checked_contract = run_cli("check", "--no-cache", "--output-format", "json", str(out))
    import json

    def codes_of(stdout):
        data = json.loads(stdout)
        return Counter(item["code"] for item in data if item["code"] != "CL004")

    assert codes_of(checked_draft.stdout) == codes_of(checked_contract.stdout)


def test_import_command_errors(tmp_path):
    contract = tmp_path / "a.contract"
    contract.write_text("# A\n", encoding="utf-8")
    result = run_cli("import", str(contract))
    assert result.returncode == 2 and "cannot import this kind of file" in result.stderr
    missing = run_cli("import", str(tmp_path / "missing.docx"))
    assert missing.returncode == 2 and "missing.docx: cannot read" in missing.stderr
    assert "Traceback" not in missing.stderr + result.stderr


# ---------------------------------------------------------------------------
# The property: prose survives, in order, whatever the draft looks like
# ---------------------------------------------------------------------------

# Prose from an alphabet with CJK, Latin, digits and the punctuation drafts use
# (colons and brackets included); headings from the numbering styles we read.
PROSE_CHARS = '服务费用期限维修保养的和在应当abcxyzABC 0123456789，。；：,.;:()（）“”"-'
prose = st.text(alphabet=PROSE_CHARS, min_size=1, max_size=60).filter(lambda s: s.strip())
headings = st.sampled_from(
    [
        "第{n}条 服务范围",
        "第{n}条 违约责任",
        "{n}. Fees",
        "{n}. Confidentiality. The Recipient keeps it secret.",
        "{n}.1 维修",
        "{n}.2甲方应于收到发票后付款。",
        "Article {n} Term",
        "{n}、总则",
        "第{n}条",
    ]
)
block = st.one_of(
    st.tuples(st.just("prose"), prose),
    st.tuples(st.just("heading"), headings, st.integers(min_value=1, max_value=12)),
)


def render(blocks, markdown: bool) -> tuple[str, list[str]]:
    lines: list[str] = []
    prose_parts: list[str] = []
    for item in blocks:
        if item[0] == "prose":
            lines.append(item[1].strip())
            prose_parts.append(item[1].strip())
        else:
            heading = item[1].format(n=item[2])
            lines.append(("## " if markdown else "") + heading)
        lines.append("")
    return "\n".join(lines), prose_parts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(block, min_size=1, max_size=14), st.booleans())
def test_every_prose_character_survives_in_order(tmp_path_factory, blocks, markdown):
    text, prose_parts = render(blocks, markdown)
    folder = tmp_path_factory.mktemp("prop")
    path = folder / ("draft.md" if markdown else "draft.txt")
    path.write_text(text, encoding="utf-8")
    document = read_draft(str(path))
    written = write_contract(document)
    # The input's prose, in order, in the written contract.
    assert is_subsequence(squeeze("".join(prose_parts)), squeeze(written)), written
    # No character of the draft is dropped (Markdown's '#' markers aside).
    input_chars = Counter(squeeze(text.replace("## ", "")))
    output_chars = Counter(squeeze(written))
    assert not input_chars - output_chars, written
    # The written file is valid contract language.
    assert [d for d in lint(written, "w.contract") if d.code == "CL001"] == [], written


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(block, min_size=1, max_size=10))
def test_every_prose_character_survives_in_word(tmp_path_factory, blocks):
    word_module = pytest.importorskip("docx")
    word = word_module.Document()
    _text, prose_parts = render(blocks, markdown=False)
    for item in blocks:
        if item[0] == "prose":
            word.add_paragraph(item[1].strip())
        else:
            word.add_heading(item[1].format(n=item[2]), level=1)
    path = tmp_path_factory.mktemp("propdocx") / "draft.docx"
    word.save(path)
    document = read_draft(str(path))
    written = write_contract(document)
    assert is_subsequence(squeeze("".join(prose_parts)), squeeze(written)), written
    assert [d for d in lint(written, "w.contract") if d.code == "CL001"] == [], written


def test_markdown_bold_terms_import_with_the_same_findings(tmp_path):
    from test_readers_markdown import STANDARD_TERMS

    path = tmp_path / "terms.md"
    path.write_text(STANDARD_TERMS, encoding="utf-8")
    _document, written = assert_imports_cleanly(path)
    assert "## 1. Scope. {scope}\n" in written
    assert "(“Terms”)" in written


def test_bold_numbered_sections_import_with_the_same_findings(tmp_path):
    from test_readers_markdown import BOLD_NUMBER_TERMS

    path = tmp_path / "hosting.md"
    path.write_text(BOLD_NUMBER_TERMS, encoding="utf-8")
    _document, written = assert_imports_cleanly(path)
    assert "## 2. Payment. {fees}\n" in written
    assert "### 2.1. Invoices.\n" in written


def test_full_width_indented_lines_stay_valid(tmp_path):
    path = tmp_path / "indent.md"
    path.write_text(
        "## 第一条 服务\n甲方提供维修服务，\n\u3000\u3000并负责保养。\n", encoding="utf-8"
    )
    _document, written = assert_imports_cleanly(path)
    assert "\n并负责保养。\n" in written
