"""Word drafts, written by python-docx in the tests themselves (no binary fixtures).

Line N of a Word draft's text is paragraph N (a table cell counts as one), so
a finding at ``path:N:col`` is paragraph N; the reader renders Word's automatic
numbers, reads heading styles and bold leads, and side-by-side signature tables.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

docx = pytest.importorskip("docx")

from contractlint.readers import DraftError, lint_draft, read_draft  # noqa: E402
from contractlint.readers.docx import describe_line, quote  # noqa: E402


def build_chinese_docx(path):
    """A Chinese service contract: Title style, party lines, Heading 1 clauses, tables."""
    word = docx.Document()
    word.add_paragraph("设备维修服务合同", style="Title")
    word.add_paragraph("合同编号：HT-2026-001")
    word.add_paragraph("甲方（服务方）：上海精机设备有限公司")
    word.add_paragraph("法定代表人：李伟")
    word.add_paragraph("乙方（客户）：苏州明线制造有限公司")
    word.add_paragraph("")
    word.add_paragraph("根据《中华人民共和国民法典》，双方订立本合同。")
    word.add_heading("第一条 服务范围", level=1)
    word.add_paragraph("甲方为乙方的数控铣床（以下简称“设备”）提供保修服务。")
    word.add_heading("第二条 服务费用", level=1)
    paragraph = word.add_paragraph()
    paragraph.add_run("2.1 服务费").bold = True
    paragraph.add_run(" 服务费为人民币50,000元（大写：人民币伍万元整）。")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "金额"
    table.cell(1, 0).text = "年度保养"
    table.cell(1, 1).text = "人民币50,000元"
    word.add_heading("第三条 争议解决", level=1)
    word.add_paragraph("因本合同引起的争议，提交上海国际仲裁中心仲裁。")
    word.add_paragraph("（以下无正文）")
    signatures = word.add_table(rows=3, cols=2)
    signatures.cell(0, 0).text = "甲方（盖章）：上海精机设备有限公司"
    signatures.cell(0, 1).text = "乙方（盖章）："
    signatures.cell(1, 0).text = "法定代表人：李伟"
    signatures.cell(1, 1).text = "法定代表人："
    signatures.cell(2, 0).text = "日期：2026年3月1日"
    signatures.cell(2, 1).text = "日期："
    word.add_paragraph("附件一：服务细则")
    word.add_paragraph("定期保养每季度一次。")
    word.save(path)
    return path


def build_english_docx(path):
    """An English NDA: "made between" preamble, automatic numbering, bold run-in titles."""
    word = docx.Document()
    word.add_paragraph("Mutual Non-Disclosure Agreement", style="Title")
    word.add_paragraph(
        "This Agreement is made on 1 March 2026 between Acme Machine Tools Co., Ltd. "
        '("Acme") and Brightline Manufacturing Ltd. ("Brightline").'
    )
    sections = [
        ("Definitions", '"Confidential Information" means any information disclosed by a party.'),
        ("Confidentiality", "The Recipient shall keep the Confidential Information secret."),
        ("Term", "This Agreement lasts for the Term stated on the Cover Page."),
        ("Governing Law", "This Agreement is governed by the laws of England."),
    ]
    for title, body in sections:
        paragraph = word.add_paragraph(style="List Number")
        paragraph.add_run(title + ".").bold = True
        paragraph.add_run(" " + body)
    word.add_paragraph("IN WITNESS WHEREOF the parties have signed this Agreement.")
    word.add_paragraph("Acme\nBy: Li Wei\nTitle: Director\nDate: 1 March 2026")
    word.add_paragraph("Brightline\nBy: ____\nTitle:\nDate:")
    word.save(path)
    return path


def test_chinese_docx_structure(tmp_path):
    document = read_draft(str(build_chinese_docx(tmp_path / "合同.docx")))
    assert document.source_format == "docx"
    assert document.title == "设备维修服务合同"
    assert document.metadata.value("number") == "HT-2026-001"
    assert [(p.id, p.role, p.name) for p in document.parties] == [
        ("甲方", "服务方", "上海精机设备有限公司"),
        ("乙方", "客户", "苏州明线制造有限公司"),
    ]
    heads = [(c.number, c.heading, c.kinds) for c in document.clauses]
    assert heads[:3] == [
        ("第一条", "服务范围", ("scope",)),
        ("第二条", "服务费用", ("fees",)),
        ("第三条", "争议解决", ("disputes",)),
    ]
    (sub,) = document.clauses[1].children
    assert (sub.number, sub.heading) == ("2.1", "服务费")  # the bold lead is the title
    assert sub.paragraphs[0].text.startswith("服务费为人民币50,000元")
    blocks = {b.party_id: b for b in document.signatures}
    assert blocks["甲方"].field_value("signatory") == "李伟"
    assert blocks["乙方"].field_value("signatory") is None
    assert document.notes["reader_guesses"]["signature_columns"] is True
    (annex,) = document.annexes
    assert (annex.id, annex.title) == ("一", "服务细则")
    assert [d.term for d in document.definitions] == ["设备"]


def test_lines_are_paragraphs_and_cells(tmp_path):
    document = read_draft(str(build_chinese_docx(tmp_path / "c.docx")))
    lines = document.text.split("\n")
    assert lines[0] == "设备维修服务合同"
    assert lines[5] == ""  # the empty paragraph 6 still counts
    assert lines[11:15] == ["项目", "金额", "年度保养", "人民币50,000元"]
    assert describe_line(document, 1) == "paragraph 1"
    assert describe_line(document, 14) == "paragraph 14 (table 1, row 2, cell 1)"
    assert quote(document, 9).startswith("甲方为乙方的数控铣床")
    heading = document.clauses[0].heading_span
    assert (heading.start_line, heading.start_col) == (8, 1)
    jia = document.parties[0]
    assert (jia.name_span.start_line, jia.name_span.start_col) == (3, 9)


def test_english_docx_automatic_numbers_and_soft_breaks(tmp_path):
    document = read_draft(str(build_english_docx(tmp_path / "nda.docx")))
    assert [(p.id, p.name) for p in document.parties] == [
        ("Acme", "Acme Machine Tools Co., Ltd."),
        ("Brightline", "Brightline Manufacturing Ltd."),
    ]
    heads = [(c.number, c.heading, c.kinds) for c in document.clauses[:4]]
    assert heads == [
        ("1", "Definitions.", ("definitions",)),
        ("2", "Confidentiality.", ("confidentiality",)),
        ("3", "Term.", ("term",)),
        ("4", "Governing Law.", ("governing-law",)),
    ]
    # The number is drawn by Word, not a character of the paragraph.
    first = document.clauses[0]
    assert first.number_span.start_offset == first.number_span.end_offset
    assert document.notes["docx_auto_numbers"][3] == "1."
    # Soft line breaks keep one paragraph per line, and split the signature fields.
    assert document.text.split("\n")[7].startswith("Acme By: Li Wei")
    blocks = {b.party_id: b for b in document.signatures}
    assert blocks["Acme"].field_value("date") == "1 March 2026"
    assert blocks["Brightline"].field_value("date") is None
    assert {"Confidential Information"} <= {d.term for d in document.definitions}
    bold = [(s, e) for s, e, kind in document.notes["docx_emphasis"] if kind == "bold"]
    assert any(document.text[s:e] == "Definitions." for s, e in bold)


def test_findings_point_at_paragraphs(tmp_path):
    path = build_english_docx(tmp_path / "nda.docx")
    document, diagnostics = lint_draft(str(path))
    (note,) = [d for d in diagnostics if d.code == "CL004"]
    assert "Word's automatic numbers read for 4 paragraph(s)" in note.message
    assert "1 key term(s) left to the cover page" in note.message
    for diagnostic in diagnostics:
        line = diagnostic.span.start_line
        assert 1 <= line <= len(document.notes["docx_lines"])
        assert describe_line(document, line).startswith(f"paragraph {line}")


def test_not_a_word_file_is_a_clear_error(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(DraftError, match=r"not a Word \.docx file"):
        read_draft(str(path))
    result = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", "--no-cache", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "fake.docx" in result.stderr and "not a Word .docx file" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_command_on_docx(tmp_path):
    path = build_chinese_docx(tmp_path / "c.docx")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "contractlint",
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (0, 1), result.stderr
    assert f"{path}:1:1: CL004" in result.stdout


def test_python_docx_is_imported_only_for_docx(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("第一条 服务范围\n甲方提供维修。\n", encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import sys
        from contractlint.readers import lint_draft
        lint_draft({str(draft)!r})
        assert "docx" not in sys.modules, "python-docx imported for a .txt draft"
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_party_table_in_the_preamble(tmp_path):
    word = docx.Document()
    word.add_paragraph("技术服务合同", style="Title")
    table = word.add_table(rows=4, cols=2)
    for row, (key, value) in enumerate(
        [
            ("甲方：", "上海精机设备有限公司"),
            ("法定代表人：", "李伟"),
            ("乙方：", "苏州明线制造有限公司"),
            ("签订日期：", "2026年3月1日"),
        ]
    ):
        table.cell(row, 0).text = key
        table.cell(row, 1).text = value
    word.add_heading("第一条 服务范围", level=1)
    word.add_paragraph("甲方提供技术服务。")
    path = tmp_path / "table.docx"
    word.save(path)
    document = read_draft(str(path))
    assert [(p.id, p.name) for p in document.parties] == [
        ("甲方", "上海精机设备有限公司"),
        ("乙方", "苏州明线制造有限公司"),
    ]
    assert document.parties[0].attr("representative").value == "李伟"
    name = document.parties[1].name_span
    assert (name.start_line, name.start_col) == (7, 1)  # paragraph 7: row 3, cell 2
    assert document.metadata.value("date") == "2026年3月1日"
    assert document.preamble == []
