"""Every construct of docs/language.md parses into the model with exact spans."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contractlint.extract import facts
from contractlint.parse import parse

DOC = Path(__file__).resolve().parent.parent / "docs" / "language.md"


def doc_of(text: str):
    result = parse(text)
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    return result.document


def source_at(text: str, span) -> str:
    return text[span.start_offset : span.end_offset]


def line_col_text(text: str, span) -> str:
    """The text of a span read through its line/column (checks those too)."""
    lines = text.split("\n")
    assert span.start_line == span.end_line
    return lines[span.start_line - 1][span.start_col - 1 : span.end_col - 1]


# -- 1. front matter ------------------------------------------------------------

FRONT_EN = """---
title: After-Sales Service Agreement
type: after-sales-service
language: en
governing-law: the laws of the People's Republic of China
---
"""

FRONT_ZH = """---
合同名称：设备售后服务合同
类型: after-sales-service
适用法律: 中华人民共和国法律
签订地点：上海市浦东新区
---
"""


def test_front_matter_english_keys():
    document = doc_of(FRONT_EN)
    meta = document.metadata
    assert meta.value("title") == "After-Sales Service Agreement"
    assert meta.value("type") == "after-sales-service"
    assert meta.value("governing-law") == "the laws of the People's Republic of China"
    entry = meta.get("language")
    assert (entry.span.start_line, entry.value_span.start_col) == (4, 11)
    assert source_at(FRONT_EN, entry.value_span) == "en"
    assert document.language == "en"


def test_front_matter_chinese_keys_and_full_width_colon():
    document = doc_of(FRONT_ZH)
    meta = document.metadata
    assert meta.value("title") == "设备售后服务合同"
    assert meta.get("title").raw_key == "合同名称"
    assert meta.value("governing-law") == "中华人民共和国法律"
    place = meta.get("place")
    assert line_col_text(FRONT_ZH, place.value_span) == "上海市浦东新区"


def test_front_matter_must_start_on_line_one():
    document = parse("\n---\ntitle: x\n---\n").document
    assert document.metadata.entries == []  # the dashes are prose here


# -- 2. title --------------------------------------------------------------------


def test_title_heading():
    text = "# 设备售后服务合同\n\n## 第一条 服务范围\n内容。\n"
    document = doc_of(text)
    assert document.title == "设备售后服务合同"
    assert source_at(text, document.title_span) == "设备售后服务合同"
    assert [c.heading for c in document.clauses] == ["服务范围"]


def test_numbered_level_one_heading_is_a_clause_not_the_title():
    document = doc_of("# 1 Definitions\ntext\n")
    assert document.title is None
    assert document.clauses[0].number_path == (1,)


# -- 3. parties --------------------------------------------------------------------

PARTIES_ZH = """party 甲方 服务方 "上海精机设备有限公司"
  法定代表人: 李伟
  地址: 上海市浦东新区世纪大道88号

当事人 乙方 “苏州明线制造有限公司”
  联系人：王芳
"""

PARTIES_EN = """party A provider "Acme Machine Tools Co., Ltd."
  representative: Li Wei, Legal Representative
  email: service@acme.example
"""


def test_parties_chinese():
    document = doc_of(PARTIES_ZH)
    first, second = document.parties
    assert (first.id, first.role, first.name) == ("甲方", "服务方", "上海精机设备有限公司")
    assert first.attr("representative").value == "李伟"
    assert first.attr("address").raw_key == "地址"
    assert source_at(PARTIES_ZH, first.name_span) == '"上海精机设备有限公司"'
    assert (first.span.start_line, first.span.end_line) == (1, 3)
    assert (second.id, second.role, second.name) == ("乙方", None, "苏州明线制造有限公司")
    assert second.attr("contact").value == "王芳"
    assert line_col_text(PARTIES_ZH, second.id_span) == "乙方"


def test_parties_english():
    document = doc_of(PARTIES_EN)
    (party,) = document.parties
    assert party.name == "Acme Machine Tools Co., Ltd."
    assert party.attr("representative").value == "Li Wei, Legal Representative"
    assert party.attr("email").value_span.start_col == 10


def test_prose_starting_with_party_is_prose():
    text = "## 1 Indemnity\nparty shall indemnify the other party.\n"
    document = doc_of(text)
    assert document.parties == []
    assert document.clauses[0].paragraphs[0].text == "party shall indemnify the other party."


# -- 4. clauses --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "number", "path", "title"),
    [
        ("1 Scope", "1", (1,), "Scope"),
        ("1. Scope", "1", (1,), "Scope"),
        ("1.2.3 Scope", "1.2.3", (1, 2, 3), "Scope"),
        ("第十二条 争议解决", "第十二条", (12,), "争议解决"),
        ("第3条 费用", "第3条", (3,), "费用"),
        ("第三章 总则", "第三章", (3,), "总则"),
        ("Article 4 Fees", "Article 4", (4,), "Fees"),
        ("Section 3.1 Warranty", "Section 3.1", (3, 1), "Warranty"),
        ("Clause IV Term", "Clause IV", (4,), "Term"),
        ("一、服务范围", "一", (1,), "服务范围"),
        ("（二）保修", "（二）", (2,), "保修"),
        ("签署", None, None, "签署"),
    ],
)
def test_clause_numbers(heading, number, path, title):
    document = doc_of(f"## {heading}\ntext\n")
    clause = document.clauses[0]
    assert (clause.number, clause.number_path, clause.heading) == (number, path, title)


def test_clause_nesting_spans_and_kinds():
    text = (
        "## 第一条 服务范围与内容 {scope}\n"
        "甲方提供保修服务。\n"
        "### 1.1 产品保修\n"
        "保修期12个月。\n"
        "## 第二条 争议解决\n"
        "提交上海国际仲裁中心仲裁。\n"
    )
    document = doc_of(text)
    first, second = document.clauses
    assert (first.kind, first.kind_source) == ("scope", "tag")
    assert source_at(text, first.tag_span) == "{scope}"
    (child,) = first.children
    assert (child.kind, child.kind_source, child.number_path) == ("warranty", "heading", (1, 1))
    assert (first.span.start_line, first.span.end_line) == (1, 4)
    assert (second.kind, second.span.start_line, second.span.end_line) == ("disputes", 5, 6)
    assert line_col_text(text, first.number_span) == "第一条"
    assert line_col_text(text, first.title_span) == "服务范围与内容"


def test_heading_naming_two_kinds_and_multi_kind_tag():
    document = doc_of(
        "## 12 Governing Law and Dispute Resolution\nx\n## 13 Other {notices term}\ny\n"
    )
    assert document.clauses[0].kinds == ("governing-law", "disputes")
    assert document.clauses[1].kinds == ("notices", "term")


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("违约责任", "liability"),
        ("Limitation of Liability", "limitation-of-liability"),
        ("服务费用与支付方式", "fees"),
        ("Fees for Services", "fees"),
        ("服务质量标准与验收", "service-levels"),
        ("不可抗力", "force-majeure"),
        ("合同的变更、解除与终止", "termination"),
        ("Term and Termination", "termination"),
        ("保密条款", "confidentiality"),
        ("Confidentiality", "confidentiality"),
        ("其他约定与附件", "miscellaneous"),
        ("双方权利与义务", "obligations"),
        ("服务方式与期限", "service-method"),
    ],
)
def test_kind_inferred_from_heading(heading, kind):
    assert doc_of(f"## 1 {heading}\nx\n").clauses[0].kind == kind


# -- 5. prose and paragraphs ---------------------------------------------------


def test_paragraph_grouping():
    text = (
        "## 1 Services\n"
        "Party A shall respond within 2 hours\n"
        "and be on site within 24 hours.\n"
        "\n"
        "Second paragraph.\n"
        "- a list item\n"
        "- another\n"
    )
    paragraphs = doc_of(text).clauses[0].paragraphs
    assert [p.text for p in paragraphs] == [
        "Party A shall respond within 2 hours\nand be on site within 24 hours.",
        "Second paragraph.",
        "- a list item",
        "- another",
    ]
    for paragraph in paragraphs:
        assert source_at(text, paragraph.span) == paragraph.text


def test_preamble_paragraphs():
    document = doc_of("This Agreement is made on 1 March 2026.\n\n## 1 Scope\nx\n")
    assert [p.text for p in document.preamble] == ["This Agreement is made on 1 March 2026."]


# -- 6. definitions --------------------------------------------------------------


def test_definitions_paragraph_and_inline():
    text = (
        "“备件”是指甲方为维修设备而提供的原厂零部件。\n\n"
        '"Spare Parts" means original replacement parts.\n\n'
        "本合同项下的设备（以下简称“设备”）由甲方交付。\n\n"
        'This After-Sales Service Agreement (the "Agreement") is made today.\n'
    )
    definitions = doc_of(text).definitions
    assert [(d.term, d.inline) for d in definitions] == [
        ("备件", False),
        ("Spare Parts", False),
        ("设备", True),
        ("Agreement", True),
    ]
    for definition in definitions:
        assert source_at(text, definition.term_span) == definition.term


# -- 7. annexes ------------------------------------------------------------------


def test_annexes():
    text = (
        "## 1 Scope\nSee Annex A.\n"
        "## Annex A Service Schedule\nRows.\n### A.1 Hours\n9 to 5.\n"
        "## 附件二 备件价格表\n价格。\n"
    )
    document = doc_of(text)
    assert [(a.id, a.title) for a in document.annexes] == [
        ("A", "Service Schedule"),
        ("二", "备件价格表"),
    ]
    first = document.annexes[0]
    assert [p.text for p in first.paragraphs] == ["Rows."]
    assert [c.heading for c in first.clauses] == ["A.1 Hours"]
    assert first.span.start_line == 3 and first.span.end_line == 6
    assert [c.heading for c in document.clauses] == ["Scope"]


def test_annex_tag():
    document = doc_of("## Price List {annex}\nRows.\n")
    assert document.annexes[0].title == "Price List"


# -- 8. signature blocks -------------------------------------------------------


def test_signature_blocks_chinese():
    text = (
        'party 甲方 服务方 "上海精机设备有限公司"\n\n'
        "## 签署 {signatures}\n\n"
        "甲方（盖章）：上海精机设备有限公司\n"
        "法定代表人或授权代表（签字）：李伟\n"
        "日期：2026年3月1日\n\n"
        "乙方（盖章）：\n"
        "日期：\n"
    )
    first, second = doc_of(text).signatures
    assert first.party_id == "甲方"
    assert first.field_value("seal") == "上海精机设备有限公司"
    assert first.field_value("signatory") == "李伟"
    assert first.field_value("date") == "2026年3月1日"
    assert (first.span.start_line, first.span.end_line) == (5, 7)
    assert second.party_id == "乙方"
    assert second.field_value("date") is None and second.field_value("signatory") is None


def test_signature_blocks_english():
    text = (
        'party A provider "Acme Machine Tools Co., Ltd."\n\n'
        "## Signatures\n\n"
        "Party A (company seal): Acme Machine Tools Co., Ltd.\n"
        "Signed by: Li Wei\n"
        "Title: Legal Representative\n"
        "Date: 2026-03-01\n"
    )
    (block,) = doc_of(text).signatures
    assert block.party_id == "A"
    assert (block.field_value("seal"), block.field_value("signatory")) == (
        "Acme Machine Tools Co., Ltd.",
        "Li Wei",
    )
    assert (block.field_value("title"), block.field_value("date")) == (
        "Legal Representative",
        "2026-03-01",
    )


# -- 9. comments -------------------------------------------------------------------


def test_comments():
    text = "<!-- 待法务确认：\n违约金比例 -->\n// Reviewed on 2026-02-20\n## 1 Scope\nx\n"
    document = doc_of(text)
    assert [c.text for c in document.comments] == [
        "待法务确认：\n违约金比例",
        "Reviewed on 2026-02-20",
    ]
    assert (document.comments[0].span.start_line, document.comments[0].span.end_line) == (1, 2)
    assert document.clauses[0].paragraphs[0].text == "x"


# -- 10. facts inside prose ------------------------------------------------------


def test_facts_with_exact_spans():
    text = (
        "## 第一条 服务费用\n"
        "服务费为人民币120,000元（大写：人民币壹拾贰万元整），乙方应在[天数]个工作日内支付30%，"
        "详见第九条、附件一及《民法典》第五百九十条。\n"
        "自[安装验收合格之日/产品交付之日]起12个月，于2026年3月1日生效。\n"
    )
    found = facts(doc_of(text))
    assert [f.text for f in found.placeholders] == ["[天数]"]
    assert [f.text for f in found.alternatives] == ["[安装验收合格之日/产品交付之日]"]
    assert [f.value for f in found.xrefs] == [("clause", "九"), ("annex", "一")]
    (money,) = found.money
    assert (money.value, money.unit) == (120000, "CNY")
    assert [str(p.value) for p in found.percents] == ["30"]
    assert [(d.text, d.unit) for d in found.durations] == [("12个月", "month")]
    assert [d.text for d in found.dates] == ["2026年3月1日"]
    for fact in (*found.placeholders, *found.alternatives, *found.xrefs, money, *found.dates):
        assert source_at(text, fact.span) == fact.text
        assert line_col_text(text, fact.span) == fact.text


def test_term_uses():
    text = '"Spare Parts" means original parts.\n\n## 1 Supply\nParty A supplies Spare Parts.\n'
    uses = facts(doc_of(text)).term_uses
    assert [(u.text, u.span.start_line, u.span.start_col) for u in uses] == [("Spare Parts", 4, 18)]


# -- positions with Chinese text and emoji --------------------------------------


def test_positions_count_characters_not_bytes_or_utf16():
    text = "## 1 服务 😀 范围\n甲方😀应在[天数]内响应。\n"
    document = doc_of(text)
    (placeholder,) = facts(document).placeholders
    # line 2: 甲(1) 方(2) 😀(3) 应(4) 在(5) [ is column 6
    assert (placeholder.span.start_line, placeholder.span.start_col, placeholder.span.end_col) == (
        2,
        6,
        10,
    )
    assert document.clauses[0].heading == "服务 😀 范围"


def test_crlf_and_cr_line_endings_give_the_same_positions():
    from contractlint.lint import lint_with_document

    base = "## 1 Scope\n甲方应在[天数]内响应。\n"
    for variant in (base, base.replace("\n", "\r\n"), base.replace("\n", "\r")):
        document, _ = lint_with_document(variant)
        (placeholder,) = facts(document).placeholders
        assert (placeholder.span.start_line, placeholder.span.start_col) == (2, 5)


# -- the documentation's own examples parse ---------------------------------------

ERROR_EXAMPLE_MARKERS = ("→", "CL001")


def doc_blocks() -> list[str]:
    return re.findall(r"```\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("block", doc_blocks())
def test_every_example_in_the_language_doc_parses(block):
    result = parse(block)
    if any(marker in block for marker in ERROR_EXAMPLE_MARKERS):
        return  # an example of an error message, not of the language
    assert result.diagnostics == [], (block, [d.message for d in result.diagnostics])


def test_prose_indented_with_full_width_spaces():
    text = "## 1 服务范围\n\u3000\u3000甲方应当在2小时内响应。\n\u3000\n## 2 费用\n费用。\n"
    document = doc_of(text)
    (paragraph,) = document.clauses[0].paragraphs
    assert paragraph.text == "甲方应当在2小时内响应。"
    assert (paragraph.span.start_line, paragraph.span.start_col) == (2, 3)
    assert [c.number for c in document.clauses] == ["1", "2"]


def test_plural_use_of_an_english_term_counts_as_a_use():
    text = (
        '"Business Day" means a day other than a Saturday or Sunday.\n\n'
        "## 1 Service\nThe Supplier restores service within 2 Business Days.\n"
    )
    (use,) = facts(doc_of(text)).term_uses
    assert (use.text, use.value) == ("Business Days", "Business Day")
    assert source_at(text, use.span) == "Business Days"


def test_the_model_serialises_to_json_with_pydantic():
    import json

    from contractlint.model import document_json_schema, document_to_json

    text = 'party 甲方 服务方 "上海精机设备有限公司"\n\n## 1 服务范围 {scope}\n甲方😀提供保修。\n'
    data = json.loads(document_to_json(doc_of(text)))
    (clause,) = data["clauses"]
    assert (clause["heading"], clause["kinds"]) == ("服务范围", ["scope"])
    # a span is [start_line, start_col, end_line, end_col, start_offset, end_offset]
    assert clause["paragraphs"][0]["span"][:4] == [4, 1, 4, 9]
    assert data["parties"][0]["name"] == "上海精机设备有限公司"
    assert "notes" not in data and "_index" not in data
    schema = document_json_schema()
    assert "clauses" in schema["properties"]
