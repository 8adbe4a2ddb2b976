"""Party checks (CL2xx): details, undeclared parties, two spellings, 统一社会信用代码."""

from __future__ import annotations

from pathlib import Path

import pytest

from checkhelp import at, run
from contractlint.checks.parties import uscc_problem

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CHECKS = [
    "party-name-incomplete",
    "party-representative-missing",
    "party-address-missing",
    "party-contact-missing",
    "party-undeclared",
    "party-name-inconsistent",
    "uscc-invalid",
]


@pytest.mark.parametrize(
    "sample",
    [
        "after-sales-service.zh.contract",
        "after-sales-service.en.contract",
        "draft-with-problems.zh.contract",
    ],
)
@pytest.mark.parametrize("name", CHECKS)
def test_samples_have_well_declared_parties(sample: str, name: str) -> None:
    path = SAMPLES / sample
    assert run(name, path.read_text(encoding="utf-8"), "after-sales-service") == []


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("914403001922038216", None),
        ("913101156873421532", None),
        ("91320505735621983H", None),
        ("91310000MA1FL6TC3X", "checksum"),
        ("91310000MA1FL6TC3", "length"),
        ("91310000MA1FL6TCIB", "characters"),
        ("91310000ma1fl6tc3b", None),  # lower case is read as upper case
    ],
)
def test_uscc_checksum(code: str, problem: str | None) -> None:
    assert uscc_problem(code) == problem


def test_uscc_in_prose_is_checked() -> None:
    text = "甲方（统一社会信用代码：91310000MA1FL6TC3X）同意如下。\n"
    assert at(run("uscc-invalid", text)) == ["1:13"]


def test_individual_needs_no_representative() -> None:
    text = 'party 乙方 客户 "张伟"\n  地址: 北京市海淀区\n'
    assert run("party-representative-missing", text) == []


def test_a_signatory_in_the_signature_block_does_not_replace_a_declared_representative() -> None:
    text = (
        'party A Supplier "Acme Machine Tools Co., Ltd."\n  address: Shanghai\n\n'
        "## Signatures {signatures}\nParty A (seal): Acme Machine Tools Co., Ltd.\nSigned by: Li Wei\nDate: 2026-03-01\n"
    )
    assert at(run("party-representative-missing", text)) == ["1:7"]


def test_placeholder_name_is_not_a_full_name() -> None:
    text = (
        'party B customer "[Customer Name]"\n  representative: Mark Jensen\n\nThe parties agree.\n'
    )
    assert at(run("party-name-incomplete", text)) == ["1:18"]


def test_undeclared_party_is_reported_at_its_first_mention() -> None:
    text = (
        'party A provider "Acme Machine Tools Co., Ltd."\n\nparty B customer "Brightline Ltd."\n\n'
        "Party C will coordinate visits.\n\n## Signatures {signatures}\nParty C (seal): Distributor Inc.\n"
    )
    assert at(run("party-undeclared", text)) == ["5:1"]


def test_undeclared_party_signing() -> None:
    text = (
        'party 甲方 服务方 "上海恒精设备服务有限公司"\n\nparty 乙方 客户 "苏州明泰精密部件有限公司"\n\n'
        "## 签署 {signatures}\n甲方（盖章）：上海恒精设备服务有限公司\n丙方（盖章）：杭州某某科技有限公司\n"
    )
    [finding] = run("party-undeclared", text)
    assert finding.span.start_line == 7


def test_slash_alternatives_are_not_undeclared_parties() -> None:
    text = 'party 甲方 服务方 "上海恒精设备服务有限公司"\n\n由甲方/丙方所在地人民法院管辖。\n'
    assert run("party-undeclared", text) == []


def test_name_variant_in_the_text() -> None:
    text = 'party 甲方 服务方 "上海恒精设备服务有限公司"\n\n上海恒精设备有限公司负责安装。\n'
    [finding] = run("party-name-inconsistent", text)
    assert finding.args["written"] == "上海恒精设备有限公司"


def test_full_width_parentheses_are_the_same_name() -> None:
    text = (
        'party 甲方 服务方 "恒精（上海）设备服务有限公司"\n\n'
        "## 签署 {signatures}\n甲方（盖章）：恒精(上海)设备服务有限公司\n"
    )
    assert run("party-name-inconsistent", text) == []


def test_english_individual_needs_no_representative() -> None:
    text = 'party B Customer "John Smith"\n  address: 1 High Street, Oxford\n\nThe parties agree.\n'
    assert run("party-representative-missing", text) == []
    company = 'party B Customer "Smith Trading Limited"\n  address: 1 High Street, Oxford\n\nThe parties agree.\n'
    assert len(run("party-representative-missing", company)) == 1


def test_a_related_company_with_the_same_prefix_is_not_a_misspelling() -> None:
    text = (
        'party 甲方 服务方 "上海电气集团股份有限公司"\n\n'
        "本合同项下的设备由上海电气自动化设计研究所有限公司生产。\n"
    )
    assert run("party-name-inconsistent", text) == []
    typo = 'party 甲方 服务方 "上海电气集团股份有限公司"\n\n上海电气集团有限公司负责安装。\n'
    assert len(run("party-name-inconsistent", typo)) == 1


def test_uscc_in_english_prose_is_checked() -> None:
    text = "Acme Co., Ltd. (unified social credit code: 91310000MA1FL6TC3X) agrees as follows.\n"
    assert len(run("uscc-invalid", text)) == 1
