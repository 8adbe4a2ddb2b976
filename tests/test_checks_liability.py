"""Liability checks (CL5xx): caps, unbounded losses, indemnities, void exclusions, LDs."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_checks_amounts import _examples, at, check_example, run

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "rules" / "liability.yaml"
SAMPLES = ROOT / "samples"
CHECKS = [
    "liability-cap-missing",
    "unbounded-loss",
    "indemnity-outside-cap",
    "void-exclusion",
    "one-sided-breach-liability",
    "ld-not-adjustable",
    "ld-review",
]
PARTIES_ZH = (
    'party 甲方 服务方 "上海恒精设备服务有限公司"\n\nparty 乙方 客户 "苏州明泰精密部件有限公司"\n\n'
)
PARTIES_EN = 'party A Supplier "Acme Tools Co., Ltd."\n\nparty B Customer "Brightline Manufacturing Ltd."\n\n'


@pytest.mark.parametrize(
    ("rule", "example"), [e[1:] for e in _examples(PACK)], ids=[e[0] for e in _examples(PACK)]
)
def test_pack_examples(rule: dict, example: dict) -> None:
    check_example(rule, example)


@pytest.mark.parametrize(
    "sample", ["after-sales-service.zh.contract", "after-sales-service.en.contract"]
)
@pytest.mark.parametrize("name", CHECKS)
def test_clean_samples_stay_clean(sample: str, name: str) -> None:
    path = SAMPLES / sample
    if not path.exists():
        pytest.skip(f"{sample} not written yet")
    assert run(name, path.read_text(encoding="utf-8"), "after-sales-service") == []


def test_draft_problems_are_found_at_their_lines() -> None:
    path = SAMPLES / "draft-with-problems.zh.contract"
    if not path.exists():
        pytest.skip("draft not written yet")
    text = path.read_text(encoding="utf-8")
    found = {name: [f.span.start_line for f in run(name, text)] for name in CHECKS}
    assert found == {
        "liability-cap-missing": [],  # the unbounded phrase is the more precise finding
        "unbounded-loss": [151],
        "indemnity-outside-cap": [],
        "void-exclusion": [146],
        "one-sided-breach-liability": [],
        "ld-not-adjustable": [155],
        "ld-review": [],
    }


def test_nda_expects_no_cap() -> None:
    text = "## 5 违约责任 {liability}\n任何一方违反保密义务的，应赔偿对方的直接损失。\n"
    assert run("liability-cap-missing", text, "nda") == []
    assert len(run("liability-cap-missing", text, "service")) == 1


def test_a_cap_elsewhere_bounds_any_and_all_losses() -> None:
    text = (
        "## 8 Indemnity {indemnity}\nThe Supplier shall indemnify the Customer against any and all losses.\n"
        "## 9 Limitation {limitation-of-liability}\nThe aggregate liability of the Supplier under this Agreement shall not exceed the Fees.\n"
    )
    assert run("unbounded-loss", text) == []
    assert run("liability-cap-missing", text) == []


def test_ld_cap_is_not_a_liability_cap() -> None:
    text = "## 7 违约责任 {liability}\n逾期每日按0.05%支付违约金，累计不超过合同总价的10%。乙方应赔偿甲方的一切损失。\n"
    assert at(run("unbounded-loss", text)) == ["2:39"]


@pytest.mark.parametrize(
    "sentence",
    [
        "甲方对乙方的间接损失、利润损失不承担责任。",
        "因乙方故意或重大过失造成设备损坏的，甲方不承担保修责任。",
        "因第三方原因造成的人身伤害，甲方不承担责任。",
        "下列责任不受本款限制：造成对方人身损害的责任。",
    ],
)
def test_valid_exclusions_are_not_reported(sentence: str) -> None:
    assert run("void-exclusion", f"{PARTIES_ZH}## 7 责任限制 {{liability}}\n{sentence}\n") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The Supplier shall not be liable for loss caused by the Customer's gross negligence.",
        "Nothing in this Agreement limits or excludes liability for death or personal injury caused by negligence.",
        "Subject to Clause 8.4, the Supplier shall not be liable for any indirect loss, however caused.",
    ],
)
def test_valid_english_exclusions_are_not_reported(sentence: str) -> None:
    assert run("void-exclusion", f"{PARTIES_EN}## 8 Liability {{liability}}\n{sentence}\n") == []


def test_exclusion_of_own_gross_negligence_is_void() -> None:
    text = f"{PARTIES_ZH}## 7 责任限制 {{liability}}\n因甲方重大过失造成乙方财产损失的，甲方不承担责任。\n"
    [finding] = run("void-exclusion", text)
    assert "重大过失" in finding.args["harm"]


def test_blanket_exclusion_is_void_without_a_carve_out() -> None:
    text = f"{PARTIES_ZH}## 7 责任限制 {{liability}}\n无论何种原因造成的损失，甲方概不负责。\n"
    assert len(run("void-exclusion", text)) == 1
    carved = text + "但造成对方人身损害的以及因故意或者重大过失造成对方财产损失的除外。\n"
    assert run("void-exclusion", carved) == []


def test_mutual_wording_is_not_one_sided() -> None:
    text = f"{PARTIES_ZH}## 7 违约责任 {{liability}}\n任何一方违约的，应赔偿守约方的直接损失。乙方逾期付款的，应支付违约金。\n"
    assert run("one-sided-breach-liability", text) == []


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        ("每逾期一日，按未付金额的千分之三支付违约金。", True),
        ("每逾期一日，按未付金额的千分之三支付违约金，累计不超过合同总价的10%。", False),
        ("每逾期一日，按未付金额的万分之五支付违约金。", False),
        ("违约方应按合同总价的30%支付违约金。", True),
        ("违约方应按合同总价的20%支付违约金。", False),
    ],
)
def test_ld_review_thresholds(sentence: str, fires: bool) -> None:
    findings = run("ld-review", f"## 7 违约责任 {{liability}}\n{sentence}\n")
    assert bool(findings) is fires


def test_ld_adjustment_waiver_variants() -> None:
    for sentence in (
        "违约金不予调整。",
        "双方放弃请求人民法院调整违约金的权利。",
        "违约金一律不得调减。",
    ):
        assert len(run("ld-not-adjustable", f"## 7 违约责任 {{liability}}\n{sentence}\n")) == 1, (
            sentence
        )
    for sentence in (
        "违约金不足以弥补损失的，守约方可请求调整。",
        "违约金累计不超过合同总价的10%。",
    ):
        assert run("ld-not-adjustable", f"## 7 违约责任 {{liability}}\n{sentence}\n") == [], (
            sentence
        )


def test_nda_any_and_all_losses_is_not_reported() -> None:
    text = "## 2 Remedies {liability}\nA party in breach shall indemnify the other against any and all losses arising from the breach.\n"
    assert run("unbounded-loss", text, "nda") == []
    assert len(run("unbounded-loss", text, "general")) == 1
