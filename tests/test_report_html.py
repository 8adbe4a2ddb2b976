"""The HTML report, read back with html.parser: every finding at its exact span.

The report is parsed as a browser would see its markup (the contract texts sit
in <template> elements, which html.parser reads like any other). From the
line rows we rebuild each contract's text and the offsets of every highlight,
then compare them with the diagnostics the linter produced.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contractlint.diagnostic import Diagnostic, Edit, Fix, Severity
from contractlint.report_html import ContractReport, analyse, render_report
from contractlint.span import LineIndex

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.contract"))
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.contract"))  # the red-team contracts

# A draft with problems the parser is sure to report (rules may add more).
BROKEN = """---
title: 设备售后服务合同
type: after-sales-service
language: zh
---

# 设备售后服务合同

party 甲方 服务方 "上海精机设备有限公司
party 乙方 客户 苏州明线制造有限公司

## 第一条 服务范围 {scope}
甲方应及时响应报修 😀，详见第九条及附件一。

### 1.1 保修 {warranty}
保修期为[时长]，自[安装验收合格之日]起算。

## 第二条 争议解决 {disputes}
向[某仲裁委员会]申请仲裁，或向人民法院起诉。
"""


@dataclass
class Mark:
    ids: list[str]
    start: int
    text: str = ""


@dataclass
class Contract:
    id: str
    lang: str
    lines: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    cards: dict[str, dict[str, str]] = field(default_factory=dict)
    rows: list[dict[str, object]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class ReportReader(HTMLParser):
    """Collects contracts, their line texts, marks, cards and checklist rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.contracts: dict[str, Contract] = {}
        self.heat: list[dict[str, str]] = []
        self.rule_json = ""
        self.external: list[str] = []
        self._current: Contract | None = None
        self._last: tuple[str, dict[str, str]] = ("", {})  # the previous start tag
        self._in_tx = 0
        self._line: list[str] = []
        self._line_offset = 0
        self._open_marks: list[Mark] = []
        self._card: dict[str, str] | None = None
        self._card_depth = 0
        self._row: dict[str, object] | None = None
        self._in_rules = False
        self._lazy: str | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        classes = attrs.get("class", "").split()
        for name in ("src", "href"):
            value = attrs.get(name, "")
            if value and not value.startswith(("#", "data:")) and tag in ("script", "link", "img"):
                self.external.append(value)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.external.append(attrs.get("href", ""))
        if tag == "section" and "contract" in classes:
            self._current = Contract(attrs["id"], attrs.get("data-lang", ""))
            self.contracts[attrs["id"]] = self._current
        if tag == "script" and attrs.get("id") == "rule-data":
            self._in_rules = True
        if tag == "script" and attrs.get("type") == "text/x-contractlint":
            self._lazy = ""  # a contract's details, parsed on their own below
        contract = self._current
        if contract is not None:
            if tag == "div" and "ln" in classes:
                assert attrs["id"] == f"{contract.id}-L{len(contract.lines) + 1}"
                assert attrs["data-n"] == str(len(contract.lines) + 1)
                self._line = []
                self._line_offset = len(contract.text) + (1 if contract.lines else 0)
            elif tag == "div" and "tx" in classes:
                self._in_tx += 1
            elif tag == "mark" and self._in_tx:
                position = self._line_offset + len("".join(self._line))
                mark = Mark(attrs["data-f"].split(), position)
                contract.marks.append(mark)
                self._open_marks.append(mark)
            elif tag == "div" and "card" in classes:
                self._card = {
                    "id": attrs["id"],
                    "rule": attrs["data-rule"],
                    "class": " ".join(classes),
                    "text": "",
                }
                contract.cards[attrs["id"]] = self._card
                self._card_depth = 0
            elif tag == "tr" and attrs.get("data-element"):
                self._row = {
                    "id": attrs["id"],
                    "element": attrs["data-element"],
                    "status": attrs["data-status"],
                    "target": attrs.get("data-target"),
                    "clauses": [],
                    "findings": [],
                }
                contract.rows.append(self._row)
            elif tag == "a" and self._row is not None:
                href = attrs.get("href", "")
                if attrs.get("data-f"):
                    self._row["findings"].append(attrs["data-f"])  # type: ignore[union-attr]
                elif href.startswith("#"):
                    self._row["clauses"].append(href[1:])  # type: ignore[union-attr]
            if self._card is not None and tag == "div":
                self._card_depth += 1
        if self._current is None and tag == "td" and "hm" in classes:
            self.heat.append({"class": " ".join(classes)})
        if self._current is None and tag == "a" and self._last[0] == "td":
            if "hm" in self._last[1].get("class", "").split():
                self.heat[-1]["href"] = attrs["href"]
        self._last = (tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_rules = False
            if self._lazy is not None:
                inner = ReportReader()
                inner._current = self._current
                inner.feed(self._lazy)
                inner.close()
                self.external.extend(inner.external)
                self._lazy = None
        contract = self._current
        if contract is not None:
            if tag == "mark" and self._open_marks:
                self._open_marks.pop()
            elif tag == "div" and self._card is not None:
                self._card_depth -= 1
                if self._card_depth == 0:
                    self._card = None
            elif tag == "div" and self._in_tx:
                self._in_tx -= 1
                contract.lines.append("".join(self._line))
            elif tag == "tr":
                self._row = None
            elif tag == "section":
                self._current = None

    def handle_data(self, data: str) -> None:
        if self._lazy is not None:
            self._lazy += data
            return
        if self._in_rules:
            self.rule_json += data
        if self._in_tx:
            self._line.append(data)
            for mark in self._open_marks:
                mark.text += data
        elif self._card is not None:
            self._card["text"] += data


def read(html: str) -> ReportReader:
    reader = ReportReader()
    reader.feed(html)
    reader.close()
    return reader


def covered(contract: Contract, finding_id: str) -> list[int]:
    offsets: list[int] = []
    for mark in contract.marks:
        if finding_id in mark.ids:
            offsets.extend(range(mark.start, mark.start + len(mark.text)))
    return sorted(offsets)


def assert_all_findings_highlighted(html: str, reports: list) -> ReportReader:
    reader = read(html)
    assert not reader.external, "the report must not load anything from outside"
    assert len(reader.contracts) == len(reports)
    for number, report in enumerate(reports, start=1):
        contract = reader.contracts[f"c{number}"]
        assert contract.text == report.text, f"{report.path}: text not reproduced exactly"
        for index, diagnostic in enumerate(report.diagnostics):
            fid = f"c{number}-f{index}"
            size = len(report.text)
            start = min(diagnostic.span.start_offset, size)
            end = min(max(diagnostic.span.end_offset, start), size)
            expected = [i for i in range(start, end) if report.text[i] != "\n"]
            where = f"{report.path}:{diagnostic.span.start_line}:{diagnostic.span.start_col} {diagnostic.code}"
            marks = [m for m in contract.marks if fid in m.ids]
            assert marks, f"{where}: not highlighted"
            if expected:
                assert covered(contract, fid) == expected, f"{where}: highlight is not at its span"
            else:
                assert [(m.start, m.text) for m in marks] == [(start, "")], (
                    f"{where}: no insertion mark"
                )
            card = contract.cards[fid]
            assert card["rule"] == diagnostic.code
            assert diagnostic.message in card["text"], f"{where}: message not beside the text"
            assert f"{diagnostic.span.start_line}:{diagnostic.span.start_col}" in card["text"]
            assert f"s-{diagnostic.severity.value}" in card["class"].split()
        assert len(contract.cards) == len(report.diagnostics)
    return reader


def assert_checklist_matches(reader: ReportReader, reports: list) -> None:
    for number, report in enumerate(reports, start=1):
        contract = reader.contracts[f"c{number}"]
        checklist = report.checklist
        assert [row["element"] for row in contract.rows] == [i.element.id for i in checklist.items]
        index = LineIndex(report.text)
        listed: set[str] = set()
        for row, item in zip(contract.rows, checklist.items, strict=True):
            assert row["status"] == item.status
            findings = row["findings"]
            listed.update(findings)
            if item.status == "missing":
                assert not row["clauses"], f"{row['id']}: a missing element links no clause"
                continue
            assert row["clauses"], f"{row['id']}: a present element links its clause"
            assert row["target"] == row["clauses"][0]
            if item.status == "ok":
                assert not findings
            else:
                assert findings
                # each finding lies inside one of the clauses this row links to
                spans = [a.span for a in item.anchors]
                for fid in findings:
                    diagnostic = report.diagnostics[int(fid.rsplit("-f", 1)[1])]
                    assert any(s.contains(diagnostic.span) for s in spans), fid
            for target in row["clauses"]:
                line = int(target.rsplit("-L", 1)[1])
                assert 1 <= line <= index.line_count
        # every finding inside a linked clause is listed by some element
        regions = [a.span for item in checklist.items for a in item.anchors]
        for position, diagnostic in enumerate(report.diagnostics):
            if diagnostic.data.get("element") or any(r.contains(diagnostic.span) for r in regions):
                assert f"c{number}-f{position}" in listed, (
                    f"{report.path}: {diagnostic.code} at line {diagnostic.span.start_line} "
                    "is in an element's clause but the checklist does not list it"
                )


@pytest.mark.parametrize("path", SAMPLES + CORPUS, ids=[p.name for p in SAMPLES + CORPUS])
def test_sample_findings_are_highlighted_at_their_spans(path: Path) -> None:
    report = analyse(str(path), path.read_bytes().decode("utf-8"))
    html = render_report([report], today="2026-03-01")
    reader = assert_all_findings_highlighted(html, [report])
    assert_checklist_matches(reader, [report])


def test_folder_report_highlights_every_finding_and_links_the_heat_map() -> None:
    reports = [analyse(str(p), p.read_text(encoding="utf-8")) for p in SAMPLES]
    reports.append(analyse("broken.contract", BROKEN))
    html = render_report(reports, today="2026-03-01")
    reader = assert_all_findings_highlighted(html, reports)
    assert_checklist_matches(reader, reports)
    assert sum(len(r.diagnostics) for r in reports) > 0
    # the overview has one cell per contract and element, each linking to its row
    rows = {row["id"] for c in reader.contracts.values() for row in c.rows}
    assert len(reader.heat) == sum(len(r.checklist.items) for r in reports)
    for cell in reader.heat:
        assert cell["href"][1:] in rows
    statuses = [cell["class"] for cell in reader.heat]
    assert any("st-missing" in c for c in statuses)


def test_broken_draft_marks_syntax_errors_and_missing_elements() -> None:
    report = analyse("broken.contract", BROKEN)
    assert any(d.code == "CL001" for d in report.diagnostics)
    reader = assert_all_findings_highlighted(render_report([report]), [report])
    assert_checklist_matches(reader, [report])
    statuses = {row["element"]: row["status"] for row in reader.contracts["c1"].rows}
    assert statuses["fees"] == "missing"
    assert statuses["disputes"] in ("ok", "findings")


def _diagnostic(text: str, start: int, end: int, code: str, severity: Severity, **kw) -> Diagnostic:
    span = LineIndex(text).span(start, end)
    return Diagnostic(code, "test-rule", severity, f"message {code} {start}", span, "t", **kw)


def test_overlapping_multiline_and_empty_spans() -> None:
    """Highlights that overlap, cross lines, sit at a line end or cover nothing."""
    report = analyse("t.contract", BROKEN)
    text = report.text
    first = text.index("甲方应及时")
    line_end = text.index("\n", first)
    cases = [
        (first, first + 5, "CL301", Severity.WARNING),  # inside one line
        (first + 3, line_end + 6, "CL302", Severity.ERROR),  # overlaps, crosses a line break
        (line_end, line_end, "CL303", Severity.INFO),  # empty, at the end of a line
        (line_end, line_end + 1, "CL304", Severity.INFO),  # only a line break
        (len(text), len(text) + 10, "CL305", Severity.WARNING),  # past the end
        (text.index("😀"), text.index("😀") + 1, "CL306", Severity.ERROR),  # astral character
    ]
    fix = Fix("use a number", (Edit(LineIndex(text).span(first, first + 4), "2小时内"),))
    report.diagnostics = [
        _diagnostic(text, s, e, c, sev, help="say when", fix=fix) for s, e, c, sev in cases
    ]
    html = render_report([report])
    reader = assert_all_findings_highlighted(html, [report])
    contract = reader.contracts["c1"]
    shared = [m for m in contract.marks if set(m.ids) == {"c1-f0", "c1-f1"}]
    assert shared and shared[0].text == text[first + 3 : first + 5]
    assert "2小时内" in contract.cards["c1-f0"]["text"]
    assert "say when" in contract.cards["c1-f0"]["text"]


def test_rule_explanations_are_embedded_once() -> None:
    report = analyse("broken.contract", BROKEN)
    html = render_report([report])
    data = json.loads(read(html).rule_json)
    assert "CL001" in data["rules"]
    assert data["rules"]["CL001"]["why"]["zh"]
    assert html.count('"CL001":') == 1


def test_text_is_escaped() -> None:
    hostile = BROKEN.replace("细则内容", "").replace(
        "甲方应及时响应报修",
        "甲方应及时响应报修 <script>alert(1)</script> & </template> <!-- </SCRIPT",
    )
    report = analyse("x<y>.contract", hostile)
    html = render_report([report], title="<b>title</b>")
    assert "<script>alert(1)" not in html
    assert "</template> &" not in html
    assert_all_findings_highlighted(html, [report])


@pytest.mark.parametrize("language,word", [("zh", "核心要素清单"), ("en", "Essential elements")])
def test_interface_language(language: str, word: str) -> None:
    report = analyse("broken.contract", BROKEN)
    html = render_report([report], language=language)
    assert word in html
    assert f'lang="{"zh-CN" if language == "zh" else "en"}"' in html


def test_self_contained() -> None:
    report = analyse("broken.contract", BROKEN)
    html = render_report([report])
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_report_command_writes_one_file(tmp_path: Path) -> None:
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "a.contract").write_text(BROKEN, encoding="utf-8")
    (folder / "b.contract").write_bytes(BROKEN.encode("gb18030"))
    (folder / "notes.txt").write_text("not a contract", encoding="utf-8")
    out = tmp_path / "report.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "contractlint",
            "report",
            str(folder),
            "-o",
            str(out),
            "--lang",
            "en",
            "--title",
            "Q1 audit <draft>",
            "--isolated",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "2 contracts" in result.stderr
    html = out.read_text(encoding="utf-8")
    reader = read(html)
    assert len(reader.contracts) == 2
    assert reader.contracts["c1"].text == reader.contracts["c2"].text  # GB18030 decoded
    assert "<title>Q1 audit &lt;draft&gt;</title>" in html
    assert "Essential elements" in html and "Overview" in html
    assert "核心要素清单" not in html


def test_report_command_names_missing_files(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "contractlint",
            "report",
            str(tmp_path / "nope.contract"),
            "-o",
            str(tmp_path / "r.html"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "nope.contract: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_shows_exactly_what_check_prints(tmp_path: Path) -> None:
    """The report command and `check --output-format json` agree, finding for finding."""
    folder = tmp_path / "contracts"
    folder.mkdir()
    for sample in SAMPLES:
        (folder / sample.name).write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "zz-broken.contract").write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "report.html"
    common = ["--isolated", "-n"]
    made = subprocess.run(
        [sys.executable, "-m", "contractlint", "report", "contracts", "-o", str(out), *common],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "contractlint",
            "check",
            "contracts",
            "--output-format",
            "json",
            *common,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    records = json.loads(checked.stdout)
    reader = read(out.read_text(encoding="utf-8"))
    names = sorted(p.name for p in folder.iterdir())
    assert len(reader.contracts) == len(names)
    for number, name in enumerate(names, start=1):
        contract = reader.contracts[f"c{number}"]
        index = LineIndex(contract.text)
        expected = [r for r in records if Path(r["filename"]).name == name]
        cards = sorted(contract.cards.values(), key=lambda c: int(c["id"].rsplit("-f", 1)[1]))
        assert [c["rule"] for c in cards] == [r["code"] for r in expected], name
        for card, record in zip(cards, expected, strict=True):
            start = index.offset(record["location"]["row"], record["location"]["column"])
            end = index.offset(record["end_location"]["row"], record["end_location"]["column"])
            want = [i for i in range(start, end) if contract.text[i] != "\n"]
            marks = [m for m in contract.marks if card["id"] in m.ids]
            if want:
                assert covered(contract, card["id"]) == want, (name, record["code"])
            else:
                assert [m.start for m in marks] == [start], (name, record["code"])
            assert record["message"] in card["text"]


@given(
    text=st.text(alphabet="ab 甲乙\n😀<&>", max_size=60),
    spans=st.lists(st.tuples(st.integers(0, 70), st.integers(0, 12)), max_size=8),
    severities=st.lists(st.sampled_from(list(Severity)), min_size=8, max_size=8),
)
@settings(max_examples=150, deadline=None)
def test_any_spans_over_any_text_are_highlighted_exactly(text, spans, severities) -> None:
    """Property: whatever the spans (overlapping, empty, across lines, past the end)."""
    index = LineIndex(text)
    diagnostics = [
        Diagnostic(f"CL3{n:02d}", "p", severities[n], f"m{n}", index.span(s, s + w), "p")
        for n, (s, w) in enumerate(spans)
    ]
    diagnostics.sort(key=Diagnostic.sort_key)
    report = ContractReport("p.contract", text, None, diagnostics, None, "zh")
    assert_all_findings_highlighted(render_report([report]), [report])


def test_report_is_the_same_with_worker_processes(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(42):  # enough for the process pool
        (folder / f"{n:02d}.contract").write_text(BROKEN.replace("😀", "😀" * (n % 4 + 1)), "utf-8")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"r{jobs}.html"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "contractlint",
                "report",
                "many",
                "-o",
                str(out),
                "-j",
                jobs,
                "--isolated",
                "-n",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert len(read(outputs[0]).contracts) == 42
