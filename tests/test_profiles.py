"""Profiles: how one is chosen, and that each expects only its own elements."""

from __future__ import annotations

import pytest

from contractlint.lint import lint
from contractlint.parse import parse
from contractlint.profiles import PROFILES, get_profile, resolve, resolve_profile
from contractlint.settings import Settings


def doc(text: str):  # type: ignore[no-untyped-def]
    return parse(text).document


@pytest.mark.parametrize(
    ("title", "profile"),
    [
        ("售后服务合同", "after-sales-service"),
        ("数控机床售后服务协议", "after-sales-service"),
        ("After-Sales Service Agreement", "after-sales-service"),
        ("设备维保合同", "service"),
        ("技术服务合同", "service"),
        ("Cloud Service Agreement", "service"),
        ("Maintenance Agreement", "service"),
        ("保密协议", "nda"),
        ("Mutual Non-Disclosure Agreement", "nda"),
        ("Confidentiality Agreement", "nda"),
        ("设备买卖合同", "general"),
        ("Lease", "general"),
    ],
)
def test_profile_inferred_from_title(title: str, profile: str) -> None:
    assert resolve_profile(doc(f"# {title}\n\nText.\n")) == profile


def test_order_settings_then_metadata_then_title() -> None:
    text = "---\ntype: nda\n---\n\n# 售后服务合同\n"
    assert resolve(doc(text)).how == "type"
    assert resolve_profile(doc(text)) == "nda"
    assert resolve_profile(doc(text), Settings(profile="general")) == "general"
    assert resolve_profile(doc("---\ntype: 售后服务合同\n---\n")) == "after-sales-service"
    unknown = resolve(doc("---\ntype: purchase\n---\n\n# Purchase Agreement\n"))
    assert (unknown.profile, unknown.how) == ("general", "unknown-type")


def test_profile_note_says_which_profile_and_why() -> None:
    (note,) = lint("# Cloud Service Agreement\n\nText.\n", "t", Settings(select=("CL002",)))
    assert note.severity.value == "info"
    assert "service" in note.message and "Cloud Service Agreement" in note.message
    (zh,) = lint("# 设备买卖合同\n\n内容。\n", "t", Settings(select=("CL002",)))
    assert "一般合同" in zh.message
    declared = "---\ntype: after-sales-service\n---\n\n# 售后服务合同\n"
    assert lint(declared, "t", Settings(select=("CL002",))) == []


def test_every_profile_has_parties_and_signatures() -> None:
    for name in PROFILES:
        profile = get_profile(name)
        assert profile is not None
        ids = {e.id for e in profile.elements}
        assert {"parties", "signatures", "disputes"} <= ids, name


def test_after_sales_profile_has_the_13_elements_of_the_guide() -> None:
    profile = get_profile("after-sales-service")
    assert profile is not None and len(profile.elements) == 13


NDA = """\
---
type: nda
---

# 保密协议

party 甲方 披露方 "上海某设备有限公司"
party 乙方 接收方 "苏州某制造有限公司"

## 第一条 保密信息 {confidentiality}
保密信息是指甲方书面标明“保密”的技术信息。乙方只能为评估合作使用保密信息，保密义务在本协议终止后3年内有效。

## 第二条 争议解决 {disputes}
争议提交上海仲裁委员会仲裁。

## 签署 {signatures}
甲方（盖章）：上海某设备有限公司
授权代表（签字）：李伟
日期：2026年3月1日

乙方（盖章）：苏州某制造有限公司
授权代表（签字）：王芳
日期：2026年3月1日
"""


def test_nda_is_not_asked_for_fees_service_levels_or_liability() -> None:
    found = lint(NDA, "nda.contract", Settings(select=("CL1", "CL7")))
    assert [d.code for d in found] == []


def test_the_same_text_as_a_service_contract_misses_fees_and_service_levels() -> None:
    text = NDA.replace("type: nda", "type: service")
    found = {d.code for d in lint(text, "s.contract", Settings(select=("CL1",)))}
    assert {"CL101", "CL103", "CL105", "CL106", "CL108"} <= found
    assert "CL109" not in found  # it does have a confidentiality clause


def test_missing_element_data_names_the_element() -> None:
    (finding,) = lint(
        "---\ntype: nda\n---\n\n# 保密协议\n\n## 第一条 争议解决\n仲裁。\n\n## 签署 {signatures}\n甲方：某\n",
        "t",
        Settings(select=("CL109",)),
    )
    assert finding.data["element"] == "confidentiality"
    assert (finding.span.start_line, finding.span.start_col) == (1, 1)
