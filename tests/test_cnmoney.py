"""大写金额: reading, writing, format checks and finding amounts in prose."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractlint.cnmoney import (
    MAX_FEN,
    _variants,
    capitals,
    check_format,
    find_capitals_in,
    format_capital,
    parse_capital,
)
from contractlint.parse import parse

# The worked examples of legal-rules.md §B (figures in 分).
WORKED = [
    (10005005, "人民币壹拾万零伍拾元零伍分"),
    (1000000000, "人民币壹仟万元整"),
    (10700053, "人民币壹拾万柒仟元零伍角叁分"),
    (10700053, "人民币壹拾万零柒仟元伍角叁分"),
    (1640902, "人民币壹万陆仟肆佰零玖元零贰分"),
    (10000000100, "人民币壹亿零壹元整"),
    (140950, "人民币壹仟肆佰零玖元伍角"),
    (600714, "人民币陆仟零柒元壹角肆分"),
    (168032, "人民币壹仟陆佰捌拾元零叁角贰分"),
    (168032, "人民币壹仟陆佰捌拾元叁角贰分"),
    (32504, "人民币叁佰贰拾伍元零肆分"),
    (5000000, "人民币伍万元整"),
]


@pytest.mark.parametrize(("fen", "text"), WORKED)
def test_worked_examples_read_to_their_value_and_pass_the_format_check(fen: int, text: str) -> None:
    assert parse_capital(text) == fen
    assert check_format(text) == []


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (10005005, "人民币壹拾万零伍拾元零伍分"),
        (1000000000, "人民币壹仟万元整"),
        (10700053, "人民币壹拾万柒仟元零伍角叁分"),
        (1640902, "人民币壹万陆仟肆佰零玖元零贰分"),
        (10000000100, "人民币壹亿零壹元整"),
        (32504, "人民币叁佰贰拾伍元零肆分"),
        (0, "人民币零元整"),
        (5, "人民币伍分"),
        (1000, "人民币壹拾元整"),
    ],
)
def test_format_writes_the_preferred_standard_form(fen: int, text: str) -> None:
    assert format_capital(fen) == text


def test_traditional_forms_and_zheng_variants_are_read() -> None:
    assert parse_capital("人民币貳萬圓正") == 2000000
    assert parse_capital("陸億元整") == 60000000000
    assert parse_capital("參仟元整") == 300000
    assert check_format("人民币貳萬圓正") == []


def test_forbidden_ordinary_numerals_are_read_but_reported() -> None:
    assert parse_capital("五万元整") == 5000000
    assert parse_capital("伍佰元伍毛") == 50050
    problems = check_format("五万元整")
    assert [p.code for p in problems] == ["forbidden-char"]
    assert problems[0].detail == "五"
    assert "另" in check_format("壹仟另伍元整")[0].detail


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("人民币伍万元", "missing-zheng"),
        ("人民币叁佰贰拾伍元零肆分整", "zheng-after-fen"),
        ("人民币叁佰贰拾伍元肆分", "missing-zero-jiao"),
        ("人民币拾万元整", "bare-shi"),
        ("人民币壹仟肆佰玖元整", "nonstandard"),  # the inner zero needs 零
        ("人民币壹仟零零伍元整", "nonstandard"),  # one 零 for a run of zeros
        ("人民币伍伍元整", "unreadable"),
    ],
)
def test_format_problems(text: str, code: str) -> None:
    assert code in [p.code for p in check_format(text)]


def test_zheng_after_jiao_is_optional() -> None:
    assert check_format("人民币壹仟肆佰零玖元伍角") == []
    assert check_format("人民币壹仟肆佰零玖元伍角整") == []


def test_malformed_amounts_do_not_read() -> None:
    for text in ("伍拾伍佰元", "壹仟元整伍分", "元", "万元", "伍零元"):
        assert parse_capital(text) is None, text


@given(st.integers(min_value=0, max_value=10**12))
def test_round_trip_from_figures(fen: int) -> None:
    assert parse_capital(format_capital(fen)) == fen
    for variant in _variants(fen):
        assert parse_capital(variant + ("" if variant.endswith("分") else "整")) == fen


@given(st.integers(min_value=0, max_value=10**12))
def test_round_trip_from_words(fen: int) -> None:
    text = format_capital(fen)
    value = parse_capital(text)
    assert value is not None
    assert format_capital(value) == text
    assert check_format(text) == []


def test_finding_amounts_in_prose() -> None:
    text = "服务费为人民币50,000元（大写：人民币伍万元整），定金为（大写）五千元整，十分重要。"
    found = find_capitals_in(text)
    bodies = [text[body:end] for _start, body, end, _cur, _lab in found]
    assert bodies == ["伍万元整", "五千元整"]
    start, _body, end, has_currency, labelled = found[0]
    assert text[start:end] == "人民币伍万元整"
    assert has_currency and labelled
    assert found[1][3] is False and found[1][4] is True


def test_ordinary_numerals_without_the_word_daxie_are_not_amounts() -> None:
    assert find_capitals_in("赔偿不超过十万元，百分之十，三个月") == []


def test_capitals_of_a_document_carry_exact_spans() -> None:
    text = "# 合同\n\n## 1 费用 {fees}\n总价人民币10,000元（大写：人民币壹万元整）。\n"
    document = parse(text).document
    [amount] = capitals(document)
    assert amount.value == 1000000
    assert amount.span.start_line == 4
    assert document.text[amount.span.start_offset : amount.span.end_offset] == "人民币壹万元整"
    assert document.text[amount.body_span.start_offset : amount.body_span.end_offset] == "壹万元整"


def test_amounts_beyond_wanyi_have_no_capital_form() -> None:
    assert parse_capital(format_capital(MAX_FEN - 1)) == MAX_FEN - 1
    with pytest.raises(ValueError):
        format_capital(MAX_FEN)
