"""The essential-elements checklist: statuses, clause links, terminal table, JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from contractlint.checklist import (
    FINDINGS,
    MISSING,
    OK,
    build_checklist,
    display_width,
    format_table,
    truncate,
)
from contractlint.diagnostic import Diagnostic, Severity
from contractlint.lint import lint_with_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

AFTER_SALES_13 = [
    "parties",
    "scope",
    "service-method",
    "fees",
    "obligations",
    "service-levels",
    "liability",
    "force-majeure",
    "disputes",
    "termination",
    "confidentiality",
    "miscellaneous",
    "signatures",
]

SHORT = """---
type: after-sales-service
language: zh
---
# 售后服务合同

party 甲方 服务方 "上海精机设备有限公司"
party 乙方 客户 "苏州明线制造有限公司"

## 第一条 服务范围 {scope}
甲方为乙方的设备提供保修和故障维修服务。

### 1.1 保修 {warranty}
保修期为12个月，自安装验收合格之日起算。

## 第二条 服务费用 {fees}
服务费为人民币50,000元（大写：人民币伍万元整）。

## 第三条 争议解决
因本合同引起的争议，提交上海仲裁委员会仲裁。
"""


def checklist_of(text: str, path: str = "t.contract", **kw):
    document, diagnostics = lint_with_document(text, path)
    return document, diagnostics, build_checklist(document, diagnostics, **kw)


def statuses(checklist) -> dict[str, str]:
    return {item.element.id: item.status for item in checklist.items}


@pytest.mark.parametrize(
    "name", ["after-sales-service.zh.contract", "after-sales-service.en.contract"]
)
def test_complete_sample_has_all_thirteen_elements(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    _document, _diagnostics, checklist = checklist_of(text, name)
    assert checklist.profile.id == "after-sales-service"
    assert [item.element.id for item in checklist.items] == AFTER_SALES_13
    assert MISSING not in statuses(checklist).values()
    for item in checklist.items:
        assert item.anchors, item.element.id
        # an element is sound exactly when no finding lies in its clauses
        assert (item.status == OK) == (not item.diagnostics)


def test_element_links_to_its_clauses_and_kinds() -> None:
    _document, _diagnostics, checklist = checklist_of(SHORT)
    scope = checklist.item("scope")
    assert [a.label for a in scope.anchors] == ["第一条 服务范围", "1.1 保修"]  # warranty counts
    assert scope.line == 10
    disputes = checklist.item("disputes")
    assert [a.label for a in disputes.anchors] == ["第三条 争议解决"]  # inferred from the heading
    parties = checklist.item("parties")
    assert [a.target.start_line for a in parties.anchors] == [7, 8]
    assert statuses(checklist)["force-majeure"] == MISSING
    assert checklist.item("force-majeure").anchors == []


def test_missing_element_carries_its_essential_clause_finding() -> None:
    _document, diagnostics, checklist = checklist_of(SHORT)
    missing_fm = [d for d in diagnostics if d.data.get("element") == "force-majeure"]
    if not missing_fm:
        pytest.skip("the essential-clause rule for force majeure is not active")
    item = checklist.item("force-majeure")
    assert item.status == MISSING
    assert item.diagnostics == missing_fm


def test_finding_inside_a_clause_marks_the_innermost_element() -> None:
    document, diagnostics, _ = checklist_of(SHORT)
    text = document.text
    start = text.index("12个月")
    planted = Diagnostic(
        "CL399", "planted", Severity.WARNING, "planted", document.index.span(start, start + 4), "t"
    )
    checklist = build_checklist(document, [*diagnostics, planted])
    scope = checklist.item("scope")
    assert scope.status == FINDINGS
    assert planted in scope.diagnostics
    assert all(planted not in item.diagnostics for item in checklist.items if item is not scope)


def test_a_clause_naming_two_kinds_serves_two_elements() -> None:
    text = SHORT.replace("## 第二条 服务费用 {fees}", "## 第二条 服务费用与违约责任")
    _document, _diagnostics, checklist = checklist_of(text)
    assert checklist.item("fees").anchors[0].label == "第二条 服务费用与违约责任"
    assert checklist.item("liability").anchors[0].label == "第二条 服务费用与违约责任"


def test_untyped_contract_uses_the_general_profile() -> None:
    text = "# Agreement\n\n## 1 Scope of Work\nThe Supplier shall deliver two lathes.\n"
    _document, _diagnostics, checklist = checklist_of(text)
    assert checklist.profile.id == "general"
    ids = [item.element.id for item in checklist.items]
    assert "price" in ids and "quality" in ids
    assert statuses(checklist)["subject"] == OK or statuses(checklist)["subject"] == FINDINGS
    assert statuses(checklist)["price"] == MISSING


def test_profile_can_be_forced() -> None:
    _document, _diagnostics, checklist = checklist_of(SHORT, profile="general")
    assert checklist.profile.id == "general"


def test_display_width_counts_full_width_characters_twice() -> None:
    assert display_width("abc") == 3
    assert display_width("违约责任") == 8
    assert display_width("（一）") == 6
    assert display_width("e\u0301") == 1  # combining accent
    assert display_width(truncate("合同的变更、解除与终止", 9)) <= 9


def test_terminal_table_columns_line_up_with_chinese_text() -> None:
    _document, _diagnostics, checklist = checklist_of(SHORT)
    table = format_table(checklist, "t.contract")
    lines = table.splitlines()[1:]
    header, rule, *rows = lines
    status_column = display_width(header[: header.index("状态")])
    for row in rows:
        # the status cell starts at the same terminal column in every row
        for marker in ("✓", "!", "✗"):
            if marker in row:
                assert display_width(row[: row.index(marker)]) == status_column, row
                break
        else:
            raise AssertionError(f"no status in {row!r}")
    widths = [len(part) for part in rule.split("  ")]
    assert sum(widths) + 2 * (len(widths) - 1) == display_width(rule)


def test_english_table() -> None:
    _document, _diagnostics, checklist = checklist_of(SHORT, language="en")
    table = format_table(checklist)
    assert "Force majeure" in table and "missing" in table


def test_json_shape() -> None:
    _document, _diagnostics, checklist = checklist_of(SHORT)
    data = checklist.to_dict()
    assert data["profile"] == "after-sales-service"
    assert sum(data["counts"].values()) == 13
    scope = data["elements"][1]
    assert scope["id"] == "scope" and scope["number"] == 2
    assert scope["clauses"][0] == {
        "label": "第一条 服务范围",
        "line": 10,
        "span": scope["clauses"][0]["span"],
    }
    json.dumps(data)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contractlint", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_check_checklist_prints_the_table(tmp_path: Path) -> None:
    (tmp_path / "a.contract").write_text(SHORT, encoding="utf-8")
    result = _run("check", "--checklist", "--isolated", "a.contract", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "a.contract: 售后服务合同" in result.stdout
    assert "不可抗力" in result.stdout and "✗ 缺失" in result.stdout


def test_check_without_checklist_prints_no_table(tmp_path: Path) -> None:
    (tmp_path / "a.contract").write_text(SHORT, encoding="utf-8")
    result = _run("check", "--isolated", "a.contract", cwd=tmp_path)
    assert "核心要素" not in result.stdout


def test_check_json_carries_the_checklist(tmp_path: Path) -> None:
    (tmp_path / "a.contract").write_text(SHORT, encoding="utf-8")
    result = _run(
        "check", "--checklist", "--isolated", "--output-format", "json", "a.contract", cwd=tmp_path
    )
    data = json.loads(result.stdout)
    assert isinstance(data["diagnostics"], list)
    (entry,) = data["checklists"]
    assert entry["filename"] == "a.contract"
    by_id = {e["id"]: e for e in entry["elements"]}
    assert by_id["force-majeure"]["status"] == "missing"
    assert by_id["scope"]["clauses"][0]["line"] == 10
    # every finding the checklist cites is one of the diagnostics
    cited = {(f["code"], f["line"], f["column"]) for e in entry["elements"] for f in e["findings"]}
    listed = {
        (d["code"], d["location"]["row"], d["location"]["column"]) for d in data["diagnostics"]
    }
    assert cited <= listed


def test_check_json_lines_appends_one_checklist_record(tmp_path: Path) -> None:
    (tmp_path / "a.contract").write_text(SHORT, encoding="utf-8")
    result = _run(
        "check",
        "--checklist",
        "--isolated",
        "--output-format",
        "json-lines",
        "a.contract",
        cwd=tmp_path,
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    checklist = next(r for r in records if r.get("type") == "checklist")
    assert checklist["profile"] == "after-sales-service"
    assert all("code" in r for r in records if r is not checklist)
