"""Liability checks (CL5xx): caps, unbounded losses, indemnities, void exclusions, LDs."""

from __future__ import annotations

from pathlib import Path

import pytest

from checkhelp import at, run

ROOT = Path(__file__).resolve().parent.parent
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
    "sample", ["after-sales-service.zh.contract", "after-sales-service.en.contract"]
)
@pytest.mark.parametrize("name", CHECKS)
def test_clean_samples_stay_clean(sample: str, name: str) -> None:
    path = SAMPLES / sample
    assert run(name, path.read_text(encoding="utf-8"), "after-sales-service") == []


def test_draft_problems_are_found_at_their_lines() -> None:
    path = SAMPLES / "draft-with-problems.zh.contract"
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


# Clean wording seen in real contracts: no check of the four families may
# report anything at warning or above on it.
_PZ = (
    'party 甲方 服务方 "上海恒精设备服务有限公司"\n  法定代表人: 陈志远\n  地址: 上海市浦东新区张江路1288号\n'
    '  电话: 021-58796320\n\nparty 乙方 客户 "苏州明泰精密部件有限公司"\n  法定代表人: 周海燕\n'
    "  地址: 江苏省苏州市虎丘区珠江路377号\n  电话: 0512-66815472\n\n"
)
_PE = (
    'party A Supplier "Acme Machine Tools Co., Ltd."\n  representative: Li Wei\n'
    "  address: 88 Century Avenue, Shanghai, China\n  email: a@acme.example\n\n"
    'party B Customer "Brightline Manufacturing Co., Ltd."\n  representative: Tom Reed\n'
    "  address: 1 Suzhou Road, Suzhou, China\n  email: b@bright.example\n\n"
)
CLEAN = [
    _PZ
    + "## 四、合同价款 {fees}\n本合同总金额为人民币伍拾万元整（￥500,000.00）。\n合同总价款：¥500,000.00元（人民币伍拾万元整）。\n"
    "合同签订后支付30%，到货后支付60%，质保期满支付10%。\n"
    "预付款为合同总价的30%；到货验收合格后支付合同总价的65%；剩余5%作为质保金。\n",
    _PZ
    + "## 七、违约责任 {liability}\n甲方不承担任何间接损失。因不可抗力造成的损失，双方互不承担责任。"
    "任何一方违约的，应赔偿对方因此遭受的直接损失，但赔偿总额不超过合同总价。"
    "乙方逾期付款的，每日按逾期金额的万分之五支付违约金。甲方逾期交付的，每日按合同总价的万分之五支付违约金。\n",
    _PZ
    + "## 九、争议解决 {disputes}\n因本合同引起的或与本合同有关的任何争议，均提请中国国际经济贸易仲裁委员会按照其仲裁规则进行仲裁。仲裁裁决是终局的，对双方均有约束力。\n",
    _PZ
    + "## 九、争议解决 {disputes}\n本合同适用中华人民共和国法律。双方协商解决；协商不成的，依法向合同签订地人民法院起诉。本合同签订地为上海市浦东新区。\n",
    _PZ
    + "## 八、保密 {confidentiality}\n一方违反保密义务的，应赔偿对方因此遭受的损失。\n## 签署 {signatures}\n"
    "甲方（盖章）：上海恒精设备服务有限公司\n法定代表人或授权代表（签字）：陈志远\n日期：2026年3月1日\n\n"
    "乙方（盖章）：苏州明泰精密部件有限公司\n法定代表人或授权代表（签字）：周海燕\n日期：2026年3月1日\n",
    _PE
    + "## 4 Fees {fees}\nThe Customer shall pay the Fees of USD 120,000 in two instalments: 50% of the Fees within 10 days after signature and 50% of the Fees within 10 days after acceptance. Late payments bear interest at 0.03% per day.\n",
    _PE
    + "## 8 Limitation of Liability {limitation-of-liability}\nNeither party excludes or limits its liability for death or personal injury caused by its negligence, or for fraud. Subject to the foregoing, in no event shall either party be liable for any indirect, special or consequential damages, however caused. Each party's aggregate liability shall not exceed the total Fees.\n",
    _PE
    + "## 8 Cap {limitation-of-liability}\nThe total liability of each party shall not exceed the Fees.\n## 9 Indemnity {indemnity}\nThe Supplier shall indemnify the Customer against third-party claims that the Equipment infringes any intellectual property right. This indemnity is not subject to the cap in Clause 8.\n",
    _PE
    + "## 12 Dispute Resolution {disputes}\nThis Agreement is governed by the laws of the People's Republic of China. Any dispute arising out of or in connection with this Agreement shall be referred to and finally resolved by arbitration administered by the China International Economic and Trade Arbitration Commission in accordance with its rules. The seat of arbitration shall be Beijing. The arbitral award is final and binding upon both parties.\n",
    _PE
    + "## 12 Dispute Resolution {disputes}\nThe parties submit to the exclusive jurisdiction of the courts of Hong Kong.\n",
]


# Two whole contracts in the style of real clean drafts (an English MSA with an
# uncapped IP indemnity, a Chinese purchase contract with 定金 and retention).
CLEAN.append(
    """---
title: Master Services Agreement
type: service
language: en
---

# Master Services Agreement

party A Supplier "Orbit Analytics Limited"
  representative: Claire Dunn, Director
  address: 5 Market Street, Manchester M1 1AA, United Kingdom
  email: contracts@orbit.example

party B Customer "Harbor Retail Limited"
  representative: Sam Patel, COO
  address: 77 Quay Road, Bristol BS1 4QA, United Kingdom
  email: legal@harbor.example

## 1 Services {scope}

The Supplier shall provide the analytics services described in Schedule 1.

## 2 Charges and Payment {fees}

The Customer shall pay the Charges set out in Schedule 2. The Supplier shall invoice monthly in arrears and the Customer shall pay each undisputed invoice within 30 days of receipt. The Supplier may increase the Charges once a year by no more than the increase in CPI. If the Customer fails to pay any undisputed amount by the due date, the Customer shall pay interest on the overdue amount at 4% a year above the Bank of England base rate.

## 3 Warranties {warranty}

The Supplier warrants that the Services will be performed with reasonable skill and care.

## 4 Indemnity {indemnity}

The Supplier shall indemnify the Customer against all losses arising from any claim that the Customer's use of the Deliverables infringes the intellectual property rights of a third party.

## 5 Limitation of Liability {limitation-of-liability}

5.1 Nothing in this Agreement limits or excludes liability for death or personal injury caused by negligence, for fraud or fraudulent misrepresentation, or for any liability which cannot be limited or excluded by applicable law.

5.2 Subject to clause 5.1, neither party shall be liable to the other, whether in contract, tort (including negligence), breach of statutory duty or otherwise, for any loss of profit or any indirect or consequential loss.

5.3 Subject to clauses 5.1 and 5.4, each party's total liability in respect of all claims arising under or in connection with this Agreement in any contract year shall not exceed 125% of the Charges paid in that contract year.

5.4 The limitation in clause 5.3 does not apply to the Supplier's liability under the indemnity in clause 4.

## 6 Termination {termination}

Either party may terminate this Agreement with immediate effect by written notice if the other party commits a material breach which is not remedied within 30 days of written notice requiring it to do so.

## 7 Governing Law and Jurisdiction {governing-law disputes}

This Agreement and any dispute or claim arising out of or in connection with it shall be governed by the law of England and Wales. Each party irrevocably agrees that the courts of England and Wales shall have exclusive jurisdiction to settle any dispute or claim arising out of or in connection with this Agreement.

## Signatures {signatures}

Party A: Orbit Analytics Limited
Signed by: Claire Dunn
Title: Director
Date: 2026-03-01

Party B: Harbor Retail Limited
Signed by: Sam Patel
Title: COO
Date: 2026-03-01
"""
)
CLEAN.append(
    """---
title: 设备采购合同
type: general
language: zh
---

# 设备采购合同

party 甲方 买方 "成都蓉光精密制造有限公司"
  法定代表人: 林海
  地址: 四川省成都市高新区天府大道1700号
  联系人: 赵敏
  电话: 028-85123456

party 乙方 卖方 "无锡华泰自动化设备有限公司"
  法定代表人: 钱立
  地址: 江苏省无锡市新吴区长江路21号
  联系人: 孙杰
  电话: 0510-85234567

## 第一条 标的 {scope}

乙方向甲方出售全自动贴片机一台，型号和技术参数见附件一。

## 第二条 合同价款与支付 {fees}

合同总价为人民币（大写）壹佰贰拾万元整（¥1,200,000.00），含13%增值税及运输、安装费用。

甲方按下列方式付款：合同生效后10日内支付合同总价的30%作为预付款；设备到货验收合格后15日内支付合同总价的60%；剩余10%作为质量保证金，于质保期满且无质量问题后15日内无息支付。

甲方应在支付预付款的同时支付定金人民币100,000元（大写：人民币壹拾万元整），定金在最后一期款项中抵作价款。

## 第三条 违约责任 {liability}

乙方逾期交货的，每逾期一日，按合同总价的0.05%向甲方支付违约金，累计不超过合同总价的5%；逾期超过30日的，甲方有权解除合同。甲方逾期付款的，每逾期一日，按逾期金额的0.05%向乙方支付违约金，累计不超过逾期金额的5%。

任何一方违约给对方造成损失的，应赔偿对方的直接损失，但双方在本合同项下的累计赔偿责任以合同总价为限；因故意或者重大过失造成的损失以及人身损害不受此限。

## 第四条 争议解决 {disputes}

本合同适用中华人民共和国法律。因本合同发生的争议，双方协商解决；协商不成的，提交成都仲裁委员会，按照该会现行有效的仲裁规则仲裁。

## 签署 {signatures}

甲方（盖章）：成都蓉光精密制造有限公司
法定代表人或授权代表（签字）：林海
日期：2026年3月1日

乙方（盖章）：无锡华泰自动化设备有限公司
法定代表人或授权代表（签字）：钱立
日期：2026年3月1日

## 附件一 技术参数

贴装速度不低于每小时60,000点。
"""
)


def _rules() -> list[dict]:
    import yaml

    rules = []
    for pack in ("amounts", "liability", "disputes", "parties"):
        data = yaml.safe_load((ROOT / "rules" / f"{pack}.yaml").read_text(encoding="utf-8"))
        rules.extend(data["rules"])
    return rules


@pytest.mark.parametrize("text", CLEAN, ids=[f"clean-{i}" for i in range(len(CLEAN))])
def test_clean_wording_raises_nothing_at_warning_or_above(text: str) -> None:
    for rule in _rules():
        if rule["severity"] == "info" or rule["check"] == "require-clause":
            continue  # clause fragments: a whole contract is not expected here
        assert run(rule["check"], text, "service", **rule.get("options", {})) == [], rule["code"]


def test_exclusion_phrased_with_bu_dui() -> None:
    text = f"{_PZ}## 7 责任限制 {{liability}}\n甲方不对维修过程中发生的任何人身伤害承担责任。\n"
    assert len(run("void-exclusion", text)) == 1


def test_ld_waiver_phrased_as_no_claim_that_ld_is_too_high() -> None:
    text = "## 7 违约责任 {liability}\n任何一方不得以违约金过高为由要求调整。\n"
    assert len(run("ld-not-adjustable", text)) == 1


def test_ld_review_ignores_other_percentages_in_the_sentence() -> None:
    text = "## 7 违约责任 {liability}\n合同解除的，乙方应退还甲方已支付的合同总价的50%预付款，并按实际损失赔偿；如另有约定违约金，从其约定。\n"
    assert run("ld-review", text) == []
    english = "## 8 Liability {liability}\nThe Supplier shall pay, as liquidated damages, 1% of the Fees for each day of delay.\n"
    assert len(run("ld-review", english)) == 1


def test_cap_taken_away_again_leaves_losses_unbounded() -> None:
    text = (
        f"{_PZ}## 五、违约责任 {{liability}}\n乙方维修不当造成甲方损失的，乙方承担全部责任。\n"
        "乙方的赔偿总额不超过年度服务费。但乙方在本合同项下的一切赔偿责任不受前述上限限制。\n"
    )
    assert len(run("unbounded-loss", text)) == 1
    assert len(run("indemnity-outside-cap", text)) == 1


def test_availability_threshold_is_not_a_liquidated_damages_rate() -> None:
    text = "## 9 违约责任 {liability}\n平台月可用率低于99.5%的，乙方应按当季运维服务费的5%向甲方支付违约金。\n"
    assert run("ld-review", text) == []


def test_daily_rate_written_as_each_day_over() -> None:
    text = "## 5 违约责任 {liability}\n乙方超过12小时未恢复的，每超过1日，应按年度维保费的0.1%向甲方支付违约金。\n"
    assert len(run("ld-review", text)) == 1


def test_one_sided_uses_subjects_not_objects() -> None:
    text = (
        f"{_PZ}## 八、违约责任 {{liability}}\n乙方按当月服务费的2%向甲方支付违约金。"
        "甲方逾期付款的，每逾期1日按逾期金额的0.05%向乙方支付违约金。\n"
    )
    assert run("one-sided-breach-liability", text) == []
    only = f"{_PZ}## 八、违约责任 {{liability}}\n甲方有权要求乙方支付违约金。\n"
    [finding] = run("one-sided-breach-liability", only)
    assert finding.args["party"] == "乙方"


@pytest.mark.parametrize(
    "sentence",
    [
        "Neither party shall be liable for death or personal injury arising out of this Agreement.",
        "The Customer waives all claims against the Supplier for personal injury.",
    ],
)
def test_more_english_void_exclusions(sentence: str) -> None:
    assert len(run("void-exclusion", f"{_PE}## 8 Liability {{liability}}\n{sentence}\n")) == 1
