"""Dispute checks (CL6xx): venue, arbitration-or-litigation, institution, court, governing law."""

from __future__ import annotations

from pathlib import Path

import pytest

from checkhelp import at, run

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CHECKS = [
    "dispute-venue-missing",
    "arbitration-or-litigation",
    "arbitration-institution-unclear",
    "court-chosen-by-one-party",
    "court-without-connection",
    "foreign-governing-law-missing",
]  # CL607 (missing-dispute-clause) is the declarative require-clause; its examples run below


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
    assert found["arbitration-or-litigation"] == [166]
    assert found["arbitration-institution-unclear"] == [166]
    for name in ("dispute-venue-missing", "court-chosen-by-one-party", "court-without-connection"):
        assert found[name] == [], name


SEED_TEMPLATE = """## 九、争议解决 {disputes}
因本合同引起的争议，双方应友好协商解决；协商不成的，采用以下第__种方式解决：
（1）向[某仲裁委员会]申请仲裁；
（2）向甲方/乙方所在地/合同签订地有管辖权的人民法院提起诉讼。
"""


def test_seed_template_is_flagged_for_institution_and_for_both_forums() -> None:
    assert at(run("arbitration-institution-unclear", SEED_TEMPLATE)) == ["3:5"]
    assert at(run("arbitration-or-litigation", SEED_TEMPLATE)) == ["4:4"]


@pytest.mark.parametrize(
    "clause",
    [
        "因本合同引起的争议，提交中国国际经济贸易仲裁委员会，按照申请仲裁时该会现行有效的仲裁规则进行仲裁。仲裁裁决是终局的，对双方均有约束力。",
        "争议提交上海仲裁委员会仲裁。本条不影响任何一方依法向人民法院申请财产保全。",
        "协商不成的，任何一方均应将争议提交深圳国际仲裁院仲裁；一方不履行裁决的，另一方可向有管辖权的人民法院申请强制执行。",
    ],
)
def test_clean_arbitration_clauses(clause: str) -> None:
    text = f"## 十、争议解决 {{disputes}}\n{clause}\n"
    for name in CHECKS:
        assert run(name, text) == [], name


@pytest.mark.parametrize(
    "clause",
    [
        "Any dispute shall be finally resolved by arbitration administered by the Singapore International Arbitration Centre in accordance with its rules. Judgment on the award may be entered in any court having jurisdiction.",
        "Any dispute shall be referred to and finally resolved by arbitration under the ICC Rules. The seat of arbitration is Paris. A party may seek interim relief from any court of competent jurisdiction.",
        "Any dispute shall be settled by arbitration under the UNCITRAL Arbitration Rules. The seat of arbitration shall be London.",
        "The courts of England and Wales have exclusive jurisdiction to settle any dispute arising out of this Agreement.",
    ],
)
def test_clean_english_dispute_clauses(clause: str) -> None:
    text = f"## 15 Dispute Resolution {{disputes}}\n{clause}\n"
    for name in CHECKS:
        assert run(name, text) == [], name


def test_optional_arbitration_or_courts_in_english() -> None:
    text = "## 15 Disputes {disputes}\nDisputes shall be resolved by arbitration administered by the LCIA, or either party may commence litigation in the courts of England.\n"
    assert len(run("arbitration-or-litigation", text)) == 1


def test_court_at_a_party_address_is_connected() -> None:
    text = (
        'party 乙方 客户 "宁波恒通汽车零部件有限公司"\n  地址: 浙江省宁波市鄞州区金源路66号\n\n'
        "## 十、争议解决 {disputes}\n由宁波市鄞州区人民法院管辖。\n"
    )
    assert run("court-without-connection", text) == []
    assert run("dispute-venue-missing", text) == []


def test_domestic_contract_needs_no_governing_law_clause() -> None:
    text = 'party 甲方 服务方 "上海某设备有限公司"\n  地址: 上海市浦东新区\n\n## 十、争议解决 {disputes}\n提交上海仲裁委员会仲裁。\n'
    assert run("foreign-governing-law-missing", text) == []


def test_foreign_related_by_metadata_uses_the_text_not_the_metadata() -> None:
    text = "---\nforeign-related: yes\ngoverning-law: PRC law\n---\n# Agreement\n\n## 10 Disputes {disputes}\nDisputes go to arbitration administered by the HKIAC.\n"
    [finding] = run("foreign-governing-law-missing", text)
    assert finding.span.start_line == 7


@pytest.mark.parametrize(
    "text",
    [
        "## 九、争议解决 {disputes}\n双方可选择仲裁/诉讼方式解决争议。\n",
        "## 九、争议解决 {disputes}\n争议可提交上海仲裁委员会仲裁或向人民法院起诉。\n",
        "## 9 Disputes {disputes}\nDisputes may be resolved through arbitration administered by the SIAC or court proceedings.\n",
    ],
)
def test_arbitration_or_litigation_variants(text: str) -> None:
    assert len(run("arbitration-or-litigation", text)) == 1


def test_english_arbitration_seated_in_a_mainland_city_without_institution() -> None:
    text = "## 9 Disputes {disputes}\nDisputes shall be settled by arbitration in Beijing.\n"
    [finding] = run("arbitration-institution-unclear", text)
    assert "place" in finding.args["problem"] or "地点" in finding.args["problem"]
    named = "## 9 Disputes {disputes}\nDisputes shall be settled by arbitration in Beijing administered by CIETAC.\n"
    assert run("arbitration-institution-unclear", named) == []


@pytest.mark.parametrize(
    "text",
    [
        "## 九、争议解决 {disputes}\n协商不成的，由甲方住所地人民法院管辖。诉讼费、仲裁费、律师费由败诉方承担。\n",
        "## 9 Disputes {disputes}\nThe courts of England have exclusive jurisdiction. The losing party bears the costs of litigation or arbitration.\n",
    ],
)
def test_arbitration_costs_are_not_an_arbitration_clause(text: str) -> None:
    assert run("arbitration-or-litigation", text) == []
    assert run("arbitration-institution-unclear", text) == []


@pytest.mark.parametrize(
    "clause",
    [
        "Any dispute shall be resolved by the competent People's Court where Party A is located.",
        "Disputes shall be submitted to the courts of the place where the defendant is domiciled.",
    ],
)
def test_english_court_by_connecting_factor_is_a_venue(clause: str) -> None:
    text = f"## 12 Disputes {{disputes}}\n{clause}\n"
    assert run("dispute-venue-missing", text) == []


@pytest.mark.parametrize(
    "forums",
    [
        "by ARBITRATION administered by the SIAC, or either party may commence LITIGATION",
        # İ matches i case-insensitively, though "İ".lower() is not "i"
        "by ARB\u0130TRATION administered by the SIAC, or either party may commence L\u0130T\u0130GATION",
    ],
)
def test_forums_in_capitals_are_read_like_lower_case(forums: str) -> None:
    """The literal word tests that skip sentences before a pattern runs keep its case rules."""
    text = f"## 15 Disputes {{disputes}}\nDisputes shall be resolved {forums} in the courts of England.\n"
    assert len(run("arbitration-or-litigation", text)) == 1
