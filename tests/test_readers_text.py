"""Plain-text drafts: structure recognised, spans exact in the user's own file.

The fixture is a Chinese service-contract draft written for these tests, saved
in GBK as many Chinese templates are: title, a contract number, party lines with
their 住所/法定代表人 details, 第X条 headings (some with only text), 1.1 sub-clauses,
（一） items, an inline definition, a side-by-side signature block and an annex.
"""

from __future__ import annotations

from contractlint.readers import guess_summary, lint_draft, read_draft
from contractlint.readers.text import read_text

ZH_DRAFT = """\
　　　　设备维修服务合同

合同编号：＿＿＿＿＿＿
甲方（服务方）：上海精机设备有限公司
住所：上海市浦东新区世纪大道88号
法定代表人：李伟
乙方（客户）：＿＿＿＿＿＿＿＿
住所：＿＿＿＿＿＿

根据《中华人民共和国民法典》，甲乙双方经协商一致，订立本合同。

第一条 服务范围
1.1 甲方为乙方的CX-200数控铣床（以下简称“设备”）提供维修保养服务。
1.2 服务地点为乙方工厂。
第二条 服务费用及支付方式
乙方应于每季度首月10日前支付服务费人民币＿＿＿＿元。
第三条 甲方应在接到报修后4小时内响应。
第四条 争议解决
因本合同引起的争议，双方协商解决；协商不成的，按下列第＿＿种方式解决：
（一）提交＿＿＿＿仲裁委员会仲裁；
（二）依法向＿＿＿＿人民法院起诉。
第五条 其他
本合同一式两份，双方各执一份。
（以下无正文）

甲方（盖章）：                      乙方（盖章）：
法定代表人：李伟                    法定代表人：
日期：2026年3月1日                  日期：    年  月  日

附件一：服务细则
1. 定期保养每季度一次。
"""


def write_gbk(tmp_path, text=ZH_DRAFT, name="draft.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode("gbk"))
    return path


def test_gbk_draft_structure(tmp_path):
    document = read_draft(str(write_gbk(tmp_path)))
    assert document.source_format == "text"
    assert document.notes["encoding"] in ("gb18030", "gbk")
    assert document.title == "设备维修服务合同"
    assert document.metadata.value("number") == "＿＿＿＿＿＿"
    jia, yi = document.parties
    assert (jia.id, jia.role, jia.name) == ("甲方", "服务方", "上海精机设备有限公司")
    assert jia.attr("representative").value == "李伟"
    assert jia.attr("address").value == "上海市浦东新区世纪大道88号"
    assert (yi.id, yi.role) == ("乙方", "客户")
    tops = [(c.number, c.heading, c.kinds) for c in document.clauses]
    assert tops[:5] == [
        ("第一条", "服务范围", ("scope",)),
        ("第二条", "服务费用及支付方式", ("fees",)),
        ("第三条", "第三条", ()),
        ("第四条", "争议解决", ("disputes",)),
        ("第五条", "其他", ("miscellaneous",)),
    ]
    first = document.clauses[0]
    assert [c.number for c in first.children] == ["1.1", "1.2"]
    disputes = document.clauses[3]
    assert [c.number for c in disputes.children] == ["（一）", "（二）"]
    # The signature block has no heading: it is found after the last clause.
    signatures = document.clauses[5]
    assert signatures.kinds == ("signatures",) and signatures.kind_source == "reader"
    blocks = {block.party_id: block for block in document.signatures}
    assert set(blocks) == {"甲方", "乙方"}
    assert blocks["甲方"].field_value("signatory") == "李伟"
    assert blocks["甲方"].field_value("date") == "2026年3月1日"
    assert blocks["乙方"].field_value("signatory") is None
    (annex,) = document.annexes
    assert (annex.id, annex.title) == ("一", "服务细则")
    assert [c.number for c in annex.clauses] == ["1"]
    assert [d.term for d in document.definitions] == ["设备"]


def test_spans_are_the_files_own_lines_and_columns(tmp_path):
    path = write_gbk(tmp_path)
    document = read_draft(str(path))
    lines = path.read_bytes().decode("gbk").split("\n")
    for _clause, paragraph in document.paragraphs():
        span = paragraph.span
        assert document.text[span.start_offset : span.end_offset] == paragraph.text
        assert lines[span.start_line - 1][span.start_col - 1 :].startswith(
            paragraph.text.split("\n")[0]
        )
    # The second party's date field sits in the right-hand column of line 28.
    block = next(b for b in document.signatures if b.party_id == "乙方")
    date = next(f for f in block.fields if f.key == "date")
    assert date.span.start_line == 28
    assert lines[27][date.span.start_col - 1 :].startswith("日期：")
    jia = document.parties[0]
    assert (jia.name_span.start_line, jia.name_span.start_col) == (4, 9)


def test_guess_note_counts_what_was_inferred(tmp_path):
    document, diagnostics = lint_draft(str(write_gbk(tmp_path)))
    notes = [d for d in diagnostics if d.code == "CL004"]
    assert len(notes) == 1
    message = notes[0].message
    assert message.startswith("read as a plain-text draft: clause kinds inferred from headings for")
    assert "2 parties read from party lines" in message
    assert "signature block recognised after the last clause" in message
    assert notes[0].severity.value == "info"
    assert (notes[0].span.start_line, notes[0].span.start_col) == (1, 1)
    assert guess_summary(document) in message


def test_ignore_removes_the_guess_note(tmp_path):
    from contractlint.settings import Settings

    _document, diagnostics = lint_draft(str(write_gbk(tmp_path)), Settings(ignore=("CL004",)))
    assert all(d.code != "CL004" for d in diagnostics)


def test_numbered_lists_restarting_inside_a_clause_nest():
    text = (
        "1. Services\nThe Provider shall:\n1. repair the machine;\n2. train staff.\n"
        "2. Fees\nThe Customer pays monthly.\n3. Term\nOne year.\n"
    )
    document = read_text(text, "x.txt")
    assert [(c.number, c.heading) for c in document.clauses] == [
        ("1", "Services"),
        ("2", "Fees"),
        ("3", "Term"),
    ]
    assert [c.number for c in document.clauses[0].children] == ["1", "2"]
    assert document.clauses[1].kinds == ("fees",)


def test_text_that_cannot_be_placed_stays_prose():
    text = "Some notes before anything.\n\nMore words here, no numbering at all.\n"
    document = read_text(text, "notes.txt")
    assert document.clauses == []
    assert [p.text for p in document.preamble] == [
        "Some notes before anything.",
        "More words here, no numbering at all.",
    ]


def test_hard_wrapped_english_paragraphs_join():
    text = (
        "1. Confidentiality. The Recipient shall keep all Confidential Information\n"
        "secret and shall not disclose it to any third party without consent.\n"
        "2. Term\n"
    )
    document = read_text(text, "nda.txt")
    clause = document.clauses[0]
    assert clause.heading == "Confidentiality."
    assert clause.kinds == ("confidentiality",)
    (paragraph,) = clause.paragraphs
    assert paragraph.text.startswith("The Recipient") and paragraph.text.endswith("consent.")
    assert paragraph.span.start_line == 1 and paragraph.span.end_line == 2


def test_markdown_style_headings_in_plain_text():
    text = "# 服务合同\n\n## 第一条 服务范围\n甲方提供维修。\n\n## 第二条 费用\n服务费为人民币1,000元（大写：人民币壹仟元整）。\n"
    document = read_text(text, "x.txt")
    assert document.title == "服务合同"
    assert [(c.number, c.heading, c.kinds) for c in document.clauses] == [
        ("第一条", "服务范围", ("scope",)),
        ("第二条", "费用", ("fees",)),
    ]
    assert document.clauses[0].heading_span.start_col == 4


def test_word_number_formats():
    from contractlint.readers.docx import _format_number

    assert _format_number(3, "decimal") == "3"
    assert _format_number(12, "chineseCounting") == "十二"
    assert _format_number(20, "chineseCountingThousand") == "二十"
    assert _format_number(105, "chineseCounting") == "一百〇五"
    assert _format_number(2, "chineseLegalSimplified") == "贰"
    assert _format_number(4, "upperRoman") == "IV"
    assert _format_number(28, "lowerLetter") == "bb"
    assert _format_number(3, "decimalEnclosedCircle") == "③"


def test_numbers_without_a_space_before_chinese_text():
    text = "第一条 服务费用\n1.1甲方应于每月5日前付款。\n1.2乙方开具发票。\n2026年3月1日起算。\n"
    document = read_text(text, "x.txt")
    (clause,) = document.clauses
    assert [(c.number, c.paragraphs[0].text) for c in clause.children] == [
        ("1.1", "甲方应于每月5日前付款。"),
        ("1.2", "乙方开具发票。"),
    ]
    # A year is not a clause number: the line stays prose of 1.2.
    assert [p.text for p in clause.children[1].paragraphs] == [
        "乙方开具发票。",
        "2026年3月1日起算。",
    ]
    assert all(c.number != "2026" for c in document.walk_clauses())


def test_word_without_python_docx_says_what_to_install(tmp_path, monkeypatch):
    import sys

    import pytest

    from contractlint.readers import DraftError

    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    path = tmp_path / "a.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(DraftError, match=r"pip install 'contractlint\[docx\]'"):
        read_draft(str(path))


SNIPPETS = [
    "第一条 ",
    "1.1 ",
    "（一）",
    "甲方：",
    "乙方（盖章）：",
    "附件一：",
    "## ",
    "**",
    "| a | b |\n",
    "```\n",
    "<!-- x -->",
    "\n",
    "\n\n",
    "   ",
    "\u3000\u3000",
    "IN WITNESS WHEREOF",
    'This Agreement is made between A Co. ("A") and B Ltd. ("B").',
    "“X”是指",
    "Party A: ",
    "---\n",
]


def _drafts():
    from hypothesis import strategies as st

    piece = st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=12))
    return st.lists(piece, max_size=40).map("".join)


def test_any_text_reads_without_error_and_spans_stay_inside():
    from hypothesis import given, settings

    from contractlint.readers.markdown import read_markdown
    from contractlint.writer import write_contract

    @settings(max_examples=300, deadline=None)
    @given(_drafts(), st_booleans())
    def check(text, markdown):
        text = text.replace("\r", "")
        document = (read_markdown if markdown else read_text)(text, "fuzz")
        size = len(document.text)
        for _clause, paragraph in document.paragraphs():
            span = paragraph.span
            assert 0 <= span.start_offset <= span.end_offset <= size
            assert document.text[span.start_offset : span.end_offset] == paragraph.text
        for clause in document.walk_clauses():
            assert clause.span.start_offset <= clause.span.end_offset <= size
        write_contract(document)

    check()


def st_booleans():
    from hypothesis import strategies as st

    return st.booleans()


def test_folder_of_drafts_gets_a_hint(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a.txt").write_text("第一条 服务范围\n甲方提供维修。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", "--no-cache", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "folders are walked for *.contract only" in result.stderr
    assert "/*.txt" in result.stderr
    named = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", "--no-cache", str(folder / "a.txt")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "CL004" in named.stdout
