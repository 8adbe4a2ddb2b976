"""annexes-not-incorporated: any wording that makes the annexes part of the contract counts."""

from __future__ import annotations

import pytest

from checkhelp import at, run

ANNEX = "\n\n## 附件一 价格表\n主轴单元：人民币48,000元（大写：人民币肆万捌仟元整）。\n"


@pytest.mark.parametrize(
    "statement",
    [
        "附件一是本合同不可分割的组成部分。",
        "附件与本合同不可分割。",
        "附件与正文具有同等法律效力。",
        "The Annexes FORM PART OF this Contract.",
        "附件一（Annex 1）is INCORPORATED into this contract.",
    ],
)
def test_a_statement_of_incorporation_satisfies_the_rule(statement: str) -> None:
    text = f"## 第一条 价格\n备件价格按附件一执行。{statement}{ANNEX}"
    assert run("annexes-not-incorporated", text) == []


def test_annexes_never_incorporated_are_reported_at_the_first_annex() -> None:
    text = f"## 第一条 价格\n备件价格按附件一执行，附件分为两部分。{ANNEX}"
    assert at(run("annexes-not-incorporated", text)) == ["4:4"]
