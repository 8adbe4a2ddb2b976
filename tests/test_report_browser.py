"""The HTML report in a real headless Chromium, driven over the DevTools protocol.

Needs Debian's ``chromium`` (``apt-get install -y chromium``) or ``$CHROMIUM``
pointing at a Chrome/Chromium binary; skipped otherwise. Everything runs from
a local file: the test also proves that the report makes no network request.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from contractlint.report_html import ContractReport, analyse, render_report
from contractlint.report_html.cdp import Browser, find_chromium

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.contract"))
CHROMIUM = find_chromium()
if CHROMIUM is None:
    pytest.skip(
        "Chromium not found: install Debian's `chromium` package "
        "(apt-get install -y chromium) or set CHROMIUM=/path/to/chrome",
        allow_module_level=True,
    )

DRAFT = """---
title: 设备售后服务合同
type: after-sales-service
language: zh
---

# 设备售后服务合同

party 甲方 服务方 "上海精机设备有限公司
party 乙方 客户 苏州明线制造有限公司

## 第一条 服务范围 {scope}
甲方应及时响应报修，详见附件一。

### 1.1 保修 {warranty}
保修期为[时长]，自[安装验收合格之日]起算。
"""
FILLER = "".join(
    f"\n## 第{n}条 其他约定 {{miscellaneous}}\n" + "本条为填充文本。\n" * 6 for n in range(2, 12)
)
LAST = """
## 第十二条 争议解决 {disputes}
向[某仲裁委员会]申请仲裁。

## 签署 {signatures}

甲方（盖章）：上海精机设备有限公司
日期：2026年3月1日
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser(CHROMIUM, width=1280, height=900) as instance:
        yield instance


def wait_for(browser: Browser, expression: str, timeout: float = 10.0) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = browser.eval(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


def write_report(tmp_path: Path, texts: list[tuple[str, str]], name: str = "report.html") -> Path:
    """Lint each distinct text once (a 500-contract corpus repeats the samples)."""
    seen: dict[str, ContractReport] = {}
    reports = []
    for path, text in texts:
        if text not in seen:
            seen[text] = analyse(path, text)
        reports.append(replace(seen[text], path=path))
    out = tmp_path / name
    out.write_text(render_report(reports), encoding="utf-8")
    return out


def in_view(browser: Browser, element_id: str) -> bool:
    return bool(
        browser.eval(
            f"(() => {{ const el = document.getElementById({element_id!r}); if (!el) return false;"
            " const r = el.getBoundingClientRect();"
            " return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; })()"
        )
    )


VISIBLE_CARDS = (
    "(sev => Array.from(document.querySelectorAll('.card.s-' + sev))"
    ".filter(c => c.offsetParent !== null).length)"
)
LIT_MARKS = (
    "(sev => Array.from(document.querySelectorAll('mark.f.s-' + sev))"
    ".filter(m => !m.classList.contains('off')).length)"
)


@pytest.fixture
def single(tmp_path: Path) -> Path:
    sample = [(str(p), p.read_text(encoding="utf-8")) for p in SAMPLES[:1]]
    return write_report(tmp_path, [("draft.contract", DRAFT + FILLER + LAST), *sample])


def test_loads_offline_without_console_errors_and_screenshots(
    browser: Browser, single: Path, tmp_path: Path
) -> None:
    browser.events.clear()
    url = browser.open(single)
    wait_for(browser, "document.querySelector('#c1-lazy[data-ready]') !== null")
    browser.drain(0.3)
    assert browser.console_errors() == []
    assert browser.requests() == [url], "the report fetched something besides itself"
    assert browser.eval("document.querySelectorAll('#c1-body .ln').length") > 20
    # the explanation beside a finding was filled in from the rule table
    assert browser.eval("document.querySelector('#c1-f0 .ex').textContent.length") > 0
    png = browser.screenshot()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    (tmp_path / "report.png").write_bytes(png)


def test_severity_filter_hides_and_shows_findings(browser: Browser, single: Path) -> None:
    browser.open(single)
    wait_for(browser, "document.querySelector('#c1-lazy[data-ready]') !== null")
    severities = [
        s for s in ("error", "warning", "info") if browser.eval(f"{VISIBLE_CARDS}('{s}')")
    ]
    assert severities, "the draft should have findings"
    severity = severities[0]
    shown = browser.eval(f"{VISIBLE_CARDS}('{severity}')")
    assert browser.eval(f"{LIT_MARKS}('{severity}')") > 0
    browser.click(f'input[data-hide="s-{severity}"]')
    assert browser.eval(f"{VISIBLE_CARDS}('{severity}')") == 0
    assert browser.eval(f"{LIT_MARKS}('{severity}')") == 0
    for other in severities[1:]:
        assert browser.eval(f"{VISIBLE_CARDS}('{other}')") > 0, "other severities stay"
    browser.click(f'input[data-hide="s-{severity}"]')
    assert browser.eval(f"{VISIBLE_CARDS}('{severity}')") == shown
    assert browser.eval(f"{LIT_MARKS}('{severity}')") > 0


def test_checklist_row_brings_its_clause_into_view(browser: Browser, single: Path) -> None:
    browser.open(single)
    wait_for(browser, "document.querySelector('#c1-lazy[data-ready]') !== null")
    target = browser.eval("document.getElementById('c1-e-disputes').getAttribute('data-target')")
    assert target, "the disputes element links its clause"
    browser.eval("window.scrollTo(0, 0)")
    assert not in_view(browser, target)
    # a click on the row itself (its first cell), not on the link
    browser.click("#c1-e-disputes td.n")
    wait_for(
        browser, f"document.getElementById('{target}').getBoundingClientRect().top < innerHeight"
    )
    assert in_view(browser, target)
    heading = browser.eval(f"document.querySelector('#{target} .tx').textContent")
    assert "争议解决" in heading


def test_five_hundred_contract_folder_renders_lazily_and_navigates(
    browser: Browser, tmp_path: Path
) -> None:
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in SAMPLES]
    corpus = [
        (f"folder/{n:03d}-{Path(path).name}", text)
        for n in range(500 // max(1, len(texts)) + 1)
        for path, text in texts
    ][:499]
    corpus.append(("folder/zz-draft.contract", DRAFT + LAST))
    report = write_report(tmp_path, corpus)
    browser.events.clear()
    started = time.monotonic()
    browser.open(report)
    loaded = time.monotonic() - started
    browser.drain(0.3)
    assert browser.console_errors() == []
    assert loaded < 15, f"a 500-contract report took {loaded:.1f}s to load"
    rendered = browser.eval("document.querySelectorAll('.lazy[data-ready]').length")
    assert rendered < 20, "contract texts must be rendered on demand, not all at once"
    # the heat-map cell of the last contract's missing fees element opens its row
    cell = "#heatmap tbody tr:last-child td.st-missing a"
    href = browser.eval(f"document.querySelector('{cell}').getAttribute('href')")
    browser.click(cell)
    row_id = href[1:]
    wait_for(
        browser, f"document.getElementById('{row_id}').getBoundingClientRect().top < innerHeight"
    )
    assert in_view(browser, row_id)
    # then the disputes row brings the clause in, rendering that contract's text
    browser.click("#c500-e-disputes td.n")
    target = browser.eval("document.getElementById('c500-e-disputes').getAttribute('data-target')")
    wait_for(browser, f"document.getElementById('{target}') !== null")
    assert in_view(browser, target)
    # sort by errors, worst first
    browser.click("#heatmap thead th:nth-child(3)")
    first, last = browser.eval(
        "[document.querySelector('#heatmap tbody tr:first-child td:nth-child(3)').dataset.v,"
        " document.querySelector('#heatmap tbody tr:last-child td:nth-child(3)').dataset.v]"
    )
    assert int(first) >= int(last)
    # typing in the filter keeps only the matching contracts
    browser.eval(
        "(() => { const f = document.getElementById('hm-filter'); f.value = 'zz-draft';"
        " f.dispatchEvent(new Event('input')); })()"
    )
    shown = browser.eval(
        "Array.from(document.querySelectorAll('#heatmap tbody tr')).filter(r => !r.hidden).length"
    )
    assert shown == 1
    # scrolling through the whole page keeps working
    for fraction in (0.25, 0.5, 0.75, 1.0):
        browser.eval(f"window.scrollTo(0, document.documentElement.scrollHeight * {fraction})")
    browser.drain(0.2)
    assert browser.console_errors() == []


def test_printing_renders_every_contract(browser: Browser, tmp_path: Path) -> None:
    """Print (here: to PDF) shows every contract's text, also those never scrolled to."""
    import base64

    texts = [
        (f"{n}-{Path(p).name}", t)
        for n in range(1)
        for p, t in [(str(p), p.read_text(encoding="utf-8")) for p in SAMPLES]
    ]
    report = write_report(tmp_path, texts)
    browser.open(report)
    before = browser.eval("document.querySelectorAll('.lazy[data-ready]').length")
    assert before < len(texts)
    pdf = base64.b64decode(browser.send("Page.printToPDF", {}, timeout=120)["data"])
    assert pdf.startswith(b"%PDF")
    assert browser.eval("document.querySelectorAll('.lazy[data-ready]').length") == len(texts)
    browser.drain(0.2)
    assert browser.console_errors() == []


def test_highlight_and_card_lead_to_each_other(browser: Browser, single: Path) -> None:
    browser.open(single)
    wait_for(browser, "document.querySelector('#c1-lazy[data-ready]') !== null")
    mark = "#c1-body mark.f:not(.z)"
    card_id = browser.eval(f"document.querySelector('{mark}').dataset.f.split(' ')[0]")
    browser.eval("window.scrollTo(0, 0)")
    browser.click(mark)
    assert in_view(browser, card_id)
    # clicking the card opens its full explanation; its position leads back to the text
    browser.click(f"#{card_id} .msg")
    assert browser.eval(f"document.getElementById('{card_id}').classList.contains('open')")
    browser.eval("window.scrollTo(0, 0)")
    browser.click(f"#{card_id} .at")
    assert browser.eval(
        f"(() => {{ const r = document.querySelector('mark[data-f~=\"{card_id}\"]')"
        ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()"
    )
