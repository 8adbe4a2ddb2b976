#!/usr/bin/env python3
"""Regenerate docs/img/report.png: the HTML report of a sample contract, in headless Chromium.

    python scripts/screenshot_report.py [--contract samples/draft-with-problems.zh.contract]
                                        [--output docs/img/report.png] [--scroll-to c1-L76]

Needs Chromium (Debian: ``apt-get install -y chromium fonts-noto-cjk``; the
fonts make the Chinese text legible) or ``CHROMIUM=/path/to/chrome``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from contractlint.report_html import analyse, render_report  # noqa: E402
from contractlint.report_html.cdp import Browser, BrowserError, find_chromium  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contract", default="samples/draft-with-problems.zh.contract")
    parser.add_argument("--output", default="docs/img/report.png")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1400)
    parser.add_argument(
        "--scroll-to",
        default="top",
        help="'top' (the counts and the checklist), or the id of a line such as c1-L76",
    )
    args = parser.parse_args()

    if find_chromium() is None:
        print("error: no Chromium found; apt-get install -y chromium", file=sys.stderr)
        return 2
    contract = ROOT / args.contract
    report = analyse(args.contract, contract.read_text(encoding="utf-8"))
    html = render_report([report], today="2026-03-01")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        try:
            with Browser(width=args.width, height=args.height) as browser:
                browser.open(page)
                deadline = time.monotonic() + 10
                while not browser.eval("!!document.querySelector('.lazy[data-ready]')"):
                    if time.monotonic() > deadline:
                        raise BrowserError("the contract text never rendered")
                    time.sleep(0.05)
                if args.scroll_to != "top":
                    browser.eval(
                        f"document.getElementById({args.scroll_to!r})"
                        ".scrollIntoView({block: 'start'}); scrollBy(0, -80)"
                    )
                browser.eval(
                    "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
                png = browser.screenshot()
                errors = browser.console_errors()
        except BrowserError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    if errors:
        print("error: the report logged errors: " + "; ".join(errors), file=sys.stderr)
        return 1
    output = ROOT / args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(png)
    print(f"wrote {output} ({len(png) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
