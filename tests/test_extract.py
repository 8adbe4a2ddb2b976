"""Fact extraction: a kind is extracted on first use, and a range query scans
only the paragraphs in range, with the same answers as the whole-document list."""

from __future__ import annotations

import random

import pytest

from contractlint.extract import Facts
from contractlint.parse import parse

TEXT_ZH = """---
title: 服务合同
language: zh
---

# 服务合同

## 第一条 服务期限 {term}

服务期限为12个月，自2026年3月1日起算。乙方应在2个工作日内响应，并在三日内修复。

## 第二条 费用 {fees}

服务费为人民币50,000元，预付30%，余款在验收后十五日内支付。详见第一条及附件一。

## 第三条 其他

[甲方/乙方]应填写【地址】，待定事项另行约定。
"""

TEXT_EN = """---
title: Service Agreement
language: en
---

# Service Agreement

## 1 Term {term}

The term is 12 months from 1 March 2026. The Provider shall respond within 4 hours
and restore service within 2 Business Days.

## 2 Fees {fees}

The fee is USD 5,000, of which 30% is payable within 10 days, see Section 1 and Annex A.
"""

KINDS = ("placeholders", "alternatives", "xrefs", "money", "percents", "durations", "dates")


def _document(text: str):
    return parse(text, "t.contract").document


@pytest.mark.parametrize("text", [TEXT_ZH, TEXT_EN], ids=["zh", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_range_query_agrees_with_the_whole_list(text: str, kind: str) -> None:
    listed = getattr(Facts(_document(text)), kind)
    queried = Facts(_document(text))  # a fresh one: answers from the paragraphs in range
    rng = random.Random(kind)
    ranges = [(f.span.start_offset, f.span.end_offset) for f in listed]
    ranges += [(s - 1, e) for s, e in ranges] + [(s + 1, e) for s, e in ranges]
    ranges += [(s, e - 1) for s, e in ranges]
    ranges += [tuple(sorted(rng.sample(range(len(text) + 2), 2))) for _ in range(200)]
    for start, end in ranges:
        expected = any(start <= f.span.start_offset and f.span.end_offset <= end for f in listed)
        assert queried.within(kind, start, end) == expected, (kind, start, end)


def test_the_facts_of_the_example_are_found() -> None:
    found = Facts(_document(TEXT_ZH))
    assert [f.text for f in found.durations] == ["12个月", "2个工作日", "三日", "十五日"]
    assert [f.text for f in found.dates] == ["2026年3月1日"]
    assert [(f.text, f.value, f.unit) for f in found.money] == [("人民币50,000元", 50000, "CNY")]
    assert [f.text for f in found.percents] == ["30%"]
    assert [f.value for f in found.xrefs] == [("clause", "一"), ("annex", "一")]
    assert [f.text for f in found.alternatives] == ["[甲方/乙方]"]
    # the blank inside the alternative is the alternative, not a second finding
    assert [f.text for f in found.placeholders] == ["【地址】", "待定"]


def test_a_range_that_cuts_a_fact_does_not_hold_it() -> None:
    document = _document(TEXT_EN)
    found = Facts(document)
    start = document.text.index("4 hours")
    assert found.within("durations", start, start + len("4 hours"))
    assert not found.within("durations", start, start + len("4 hour"))
    assert not found.within("durations", start + 1, start + 20)


def test_paragraph_span_functions_agree_with_the_line_index() -> None:
    from contractlint import docindex

    text = TEXT_ZH + "\n多行段落第一行\n第二行 [金额] 元\n"
    document = _document(text)
    for i, (_clause, paragraph) in enumerate(docindex.paragraphs(document)):
        span = docindex.paragraph_spanner(document, i)
        base = paragraph.span.start_offset
        for start in range(len(paragraph.text)):
            for stop in (start, start + 1, len(paragraph.text)):
                assert span(start, stop) == document.index.span(base + start, base + stop)


def test_blanks_in_headings_are_found_among_many_headings_without() -> None:
    headings = "".join(f"## {n} Clause {n}\n\nText {n}.\n\n" for n in range(1, 30))
    text = f"---\ntitle: T\nlanguage: en\n---\n\n# T\n\n{headings}## 30 [Heading]\n\nText.\n"
    found = Facts(_document(text)).placeholders
    assert [(f.text, f.span.start_line) for f in found] == [
        ("[Heading]", text.count("\n", 0, text.index("[Heading]")) + 1)
    ]
