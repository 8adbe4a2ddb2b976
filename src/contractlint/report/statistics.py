"""``--statistics``: how many findings of each rule, as text or JSON."""

from __future__ import annotations

import json
from typing import Any

from contractlint.report import ReportContext


def statistics(context: ReportContext) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for _result, d in context.diagnostics():
        row = rows.setdefault(
            d.code,
            {
                "code": d.code,
                "name": d.name,
                "severity": d.severity.value,
                "count": 0,
                "fixable": False,
                "fixable_count": 0,
            },
        )
        row["count"] += 1
        if d.fix is not None:
            row["fixable"] = True
            row["fixable_count"] += 1
    return sorted(rows.values(), key=lambda r: (-r["count"], r["code"]))


def render_statistics_text(context: ReportContext) -> str:
    rows = statistics(context)
    width = max((len(str(r["count"])) for r in rows), default=1)
    return "".join(
        f"{r['count']:>{width}}  {r['code']:<6} {'[*] ' if r['fixable'] else ''}"
        f"{r['severity']:<7} {r['name']}\n"
        for r in rows
    )


def render_statistics_json(context: ReportContext) -> str:
    return json.dumps(statistics(context), ensure_ascii=False, indent=2) + "\n"
