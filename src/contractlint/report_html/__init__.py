"""The self-contained HTML review report (``contractlint report``).

One HTML file, with its styles and script inside and nothing fetched from the
network, that a lawyer can e-mail: per contract the essential-elements
checklist, counts by severity and rule family, and the text with every finding
highlighted at its span and explained beside it; for a folder, an overview
heat map of contracts × elements.

Imported only by ``contractlint report``; never on the ``check`` path.
"""

from __future__ import annotations

from contractlint.report_html.model import ContractReport, analyse, unreadable
from contractlint.report_html.page import render_report

__all__ = ["ContractReport", "analyse", "render_report", "unreadable"]
