"""Amount checks (CL4xx): 大写 beside figures, values, format, payment shares, 定金."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkhelp import at, run
from contractlint.checks import CheckContext, get_check
from contractlint.parse import parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


AMOUNT_CHECKS = [
    "capital-missing",
    "capital-without-figures",
    "capital-mismatch",
    "capital-format",
    "capital-currency-missing",
    "payment-shares-sum",
    "deposit-over-limit",
    "deposit-not-dingjin",
]


@pytest.mark.parametrize(
    "sample", ["after-sales-service.zh.contract", "after-sales-service.en.contract"]
)
@pytest.mark.parametrize("name", AMOUNT_CHECKS)
def test_clean_samples_stay_clean(sample: str, name: str) -> None:
    path = SAMPLES / sample
    assert run(name, path.read_text(encoding="utf-8"), "after-sales-service") == []


def test_missing_capital_fix_inserts_the_computed_words() -> None:
    [finding] = run("capital-missing", "## 1 服务费用 {fees}\n服务费为人民币100,050.05元。\n")
    assert finding.fix is not None
    [edit] = finding.fix.edits
    assert edit.new_text == "（大写：人民币壹拾万零伍拾元零伍分）"
    assert edit.span.start_offset == edit.span.end_offset  # an insertion after the figures
    assert finding.fix.applicability == "unsafe"


def test_capital_in_the_parenthesis_belongs_to_the_figures_before_it() -> None:
    text = "## 1 服务费用 {fees}\n服务费为人民币50,000元（大写：人民币伍万元整）。\n"
    assert run("capital-missing", text) == []
    assert run("capital-without-figures", text) == []


def test_figures_in_a_parenthesis_after_the_capital_belong_to_it() -> None:
    text = "## 1 服务费用 {fees}\n服务费为人民币伍万元整（¥50,000.00）。\n"
    assert run("capital-missing", text) == []
    assert run("capital-without-figures", text) == []


def test_figures_and_capital_on_labelled_lines() -> None:
    text = "## 1 合同价款 {fees}\n合同总价（小写）：¥50,000.00\n合同总价（大写）：人民币肆万元整\n"
    [finding] = run("capital-mismatch", text)
    assert finding.args["figures_value"] == "50,000"
    assert finding.args["capital_value"] == "40,000"


def test_allowed_spellings_are_not_a_mismatch() -> None:
    for words in ("人民币壹拾万柒仟元零伍角叁分", "人民币壹拾万零柒仟元伍角叁分"):
        text = f"## 1 价款 {{fees}}\n总价人民币107,000.53元（大写：{words}）。\n"
        assert run("capital-mismatch", text) == []
        assert run("capital-format", text) == []


def test_wan_figures_compare_by_value() -> None:
    text = "## 1 价款 {fees}\n总价人民币5万元（大写：人民币伍万元整）。\n"
    assert run("capital-mismatch", text) == []


def test_figures_outside_fees_clauses_need_no_capital() -> None:
    text = "## 1 违约责任 {liability}\n逾期一日，支付违约金人民币500元。\n"
    assert run("capital-missing", text) == []


def test_price_statement_outside_fees_clause_needs_a_capital() -> None:
    text = "## 1 合同标的 {scope}\n本合同总价为人民币80,000元。\n"
    assert at(run("capital-missing", text)) == ["2:7"]


def test_foreign_currency_and_english_contracts_need_no_capital() -> None:
    assert run("capital-missing", "## 1 服务费用 {fees}\n服务费为USD 50,000。\n") == []
    assert run("capital-missing", "## 1 Fees {fees}\nThe fee is RMB 50,000.\n") == []


def test_placeholder_capital_is_left_to_the_blank_rule() -> None:
    text = "## 1 服务费用 {fees}\n服务费为人民币50,000元（大写：[中文大写金额]）。\n"
    assert run("capital-missing", text) == []


def test_format_problems_are_named() -> None:
    text = "## 1 价款 {fees}\n服务费人民币50,000元（大写：人民币伍万元）。\n"
    [finding] = run("capital-format", text)
    assert "整" in finding.args["problem"]
    assert finding.fix is not None and finding.fix.edits[0].new_text == "伍万元整"


def test_ordinary_chinese_numerals_in_prose_are_not_capital_amounts() -> None:
    text = "## 1 价款 {fees}\n赔偿金额不超过十万元，每月一次结算。\n"
    for name in ("capital-format", "capital-without-figures", "capital-currency-missing"):
        assert run(name, text) == []


@pytest.mark.parametrize(
    "schedule",
    [
        "首期支付合同总价的30%，发货后支付合同总价的60%，余款于验收后支付。",
        "支付服务费总额的30%作为预付款；验收后支付服务费总额的65%；服务费总额的5%作为质保金。",
        "Customer shall pay 40% of the Contract Price on signature, 60% of the Contract Price on acceptance. Late payments bear interest of 1% per month.",
        "乙方应支付服务费总额的100%。增值税税率为6%。",
    ],
)
def test_payment_schedules_that_add_up(schedule: str) -> None:
    assert run("payment-shares-sum", f"## 1 Fees 费用 {{fees}}\n{schedule}\n") == []


def test_payment_shares_over_100_are_reported_even_with_a_balance_word() -> None:
    text = "## 1 费用 {fees}\n预付合同总价的50%，验收后支付合同总价的60%，余款于质保期满后支付。\n"
    [finding] = run("payment-shares-sum", text)
    assert finding.args["total"] == "110%"


def test_percentages_outside_fees_clauses_are_not_shares() -> None:
    text = "## 1 违约责任 {liability}\n按合同总价的30%支付违约金；另按合同总价的5%赔偿。\n"
    assert run("payment-shares-sum", text) == []


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("乙方应支付合同总价的30%作为定金。", True),
        ("乙方应支付合同总价的20%作为定金。", False),
        ("乙方应支付合同总价的30%作为订金。", False),  # 订金 is not 定金
        ("乙方应支付合同总价的30%作为履约保证金。", False),
        ("双方按约定金额的30%结算。", False),  # 约定金额 is not a deposit
    ],
)
def test_deposit_limit(text: str, fires: bool) -> None:
    findings = run("deposit-over-limit", f"## 1 价款 {{fees}}\n{text}\n")
    assert bool(findings) is fires


def test_deposit_amount_against_the_contract_price() -> None:
    text = (
        "## 1 价款 {fees}\n合同总价为人民币500,000元（大写：人民币伍拾万元整）。\n\n"
        "## 2 定金 {fees}\n乙方支付定金人民币150,000元（大写：人民币壹拾伍万元整）。\n"
    )
    [finding] = run("deposit-over-limit", text)
    assert finding.args["share"] == "30%"
    assert finding.span.start_line == 5


def test_double_return_of_a_dingjin_is_fine_but_not_of_a_dingjin_lookalike() -> None:
    assert run("deposit-not-dingjin", "## 1 价款 {fees}\n甲方违约的，应双倍返还定金。\n") == []
    [finding] = run("deposit-not-dingjin", "## 1 价款 {fees}\n甲方违约的，押金双倍返还。\n")
    assert finding.args["term"] == "押金"


def test_capital_before_figures_with_a_label() -> None:
    text = "## 1 合同价款 {fees}\n合同金额：人民币（大写）伍万元整（¥50,000.00）。\n"
    for name in (
        "capital-missing",
        "capital-without-figures",
        "capital-mismatch",
        "capital-format",
    ):
        assert run(name, text) == [], name


def test_figures_and_capital_in_a_table_row() -> None:
    text = "## 1 费用明细 {fees}\n| 服务费 | 人民币50,000元 | 人民币伍万元整 |\n"
    assert run("capital-missing", text) == []
    assert run("capital-without-figures", text) == []


def test_english_shares_written_in_words_and_figures() -> None:
    text = "## 4 Fees {fees}\nThe Customer shall pay thirty percent (30%) of the Fees on signature and sixty percent (60%) of the Fees on acceptance.\n"
    [finding] = run("payment-shares-sum", text)
    assert finding.args["total"] == "90%"


def test_absurd_figures_are_not_amounts() -> None:
    text = "## 1 服务费用 {fees}\n服务费为人民币99999999999999999999元。\n"
    assert run("capital-missing", text) == []


_TOKENS = [
    "人民币", "¥", "元", "万元", "大写", "（", "）", "：", "壹", "贰", "拾", "佰", "仟", "万", "亿",
    "零", "整", "分", "角", "五", "十", "毛", "0", "1", "9", "99999999999999999999", ",000", ".05",
    "%", "千分之", "万分之三", "定金", "订金", "双倍返还", "违约金", "不予调整", "仲裁", "法院",
    "甲方", "乙方", "丙方", "指定", "[某仲裁委员会]", "，", "。", "；", "\n",
    "## 1 费用 {fees}\n", "## 2 违约责任 {liability}\n", "## 3 争议 {disputes}\n",
    "## 签署 {signatures}\n", "甲方（盖章）：", 'party 甲方 服务方 "X公司"\n',
    "  统一社会信用代码: 91310000MA1FL6TC3X\n", "Party C", "any and all losses",
    "shall not be liable", "personal injury", "arbitration", "courts of", "unlimited", "a", "  ",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=60))
def test_checks_never_crash_on_token_soup(tokens: list[str]) -> None:
    from contractlint.checks import check_names

    text = "".join(tokens)
    document = parse(text).document
    for name in check_names():
        function = get_check(name)
        if function.__module__.rsplit(".", 1)[-1] not in {
            "amounts",
            "disputes",
            "liability",
            "parties",
        }:
            continue
        for profile in ("general", "nda"):
            list(function(CheckContext(document, document.language, profile, {})))


def test_instalments_without_a_stated_base() -> None:
    text = "## 3 付款方式 {fees}\n首付款30%，进度款50%，尾款10%。\n"
    [finding] = run("payment-shares-sum", text)
    assert finding.args["total"] == "90%"


def test_two_schedules_in_one_fees_clause_each_make_100() -> None:
    text = (
        "## 3 付款方式 {fees}\n设备款：签约后支付30%，到货后支付70%。\n"
        "服务费：每年1月支付50%，每年7月支付50%。\n"
    )
    assert run("payment-shares-sum", text) == []


def test_a_deposit_of_security_is_not_an_instalment() -> None:
    text = "## 3 付款方式 {fees}\n签约后支付合同总价的30%，验收后支付合同总价的70%。乙方应按合同总价的5%支付履约保证金。\n"
    assert run("payment-shares-sum", text) == []


def test_capital_of_a_value_given_in_figures_in_the_same_paragraph() -> None:
    same = "## 1 违约责任 {liability}\n违约金上限为人民币50,000元。\n该上限即人民币伍万元整，不另计利息。\n"
    assert run("capital-without-figures", same) == []
    other = "## 1 违约责任 {liability}\n违约金上限为人民币50,000元。\n\n该上限即人民币伍万元整，不另计利息。\n"
    assert at(run("capital-without-figures", other)) == ["4:5"]


def test_unit_rate_beside_a_total_in_words_needs_no_words() -> None:
    text = "## 4 维保费用 {fees}\n维保费为每台每月人民币1,200元，6台12个月合计人民币86,400元（大写：人民币捌万陆仟肆佰元整）。\n"
    assert run("capital-missing", text) == []
    alone = "## 4 维保费用 {fees}\n差旅费每次不超过人民币3,000元。\n"
    assert len(run("capital-missing", alone)) == 1


def test_inserted_words_follow_a_trailing_zheng() -> None:
    text = "## 1 服务费用 {fees}\n服务费为人民币50,000元整。\n"
    [finding] = run("capital-missing", text)
    [edit] = finding.fix.edits
    document = parse(text).document
    assert document.text[: edit.span.start_offset].endswith("元整")


def test_retention_money_is_an_instalment() -> None:
    text = "## 3 付款 {fees}\n签约后支付合同总价的30%，验收后支付合同总价的65%，剩余5%作为质量保证金于质保期满后支付。\n"
    assert run("payment-shares-sum", text) == []


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Payment terms: 30% advance, 50% upon delivery, 10% upon final acceptance.", "90%"),
        ("预付30%，发货前付50%，验收后付10%。", "90%"),
    ],
)
def test_terse_payment_terms(text: str, total: str) -> None:
    [finding] = run("payment-shares-sum", f"## 4 Payment 付款 {{fees}}\n{text}\n")
    assert finding.args["total"] == total


@pytest.mark.parametrize(
    "text",
    [
        "## 1 A {liability}\n\nThe İNDEMNITY of ΟΔΟΣ is capped.\n\nAnother PARAGRAPH, liability cap.\n",
        "## 1 A\n\nplain text one.\n\nTwo Liability Cap here.\n\n责任上限为合同总价。\n",
    ],
)
def test_paragraphs_with_a_word_are_those_whose_lower_case_text_holds_it(text: str) -> None:
    """The shared lower-cased prose, joined and cut, reads as each paragraph lower-cased."""
    from contractlint.checks.amounts import prose, prose_with
    from contractlint.parse import parse

    document = parse(text).document
    for words in [
        ("liability cap",),
        ("indemnity", "paragraph"),
        ("i̇ndemnity",),
        ("οδος",),
        ("上限",),
    ]:
        expected = [entry for entry in prose(document) if any(w in entry[2] for w in words)]
        assert prose_with(document, words) == expected, words
