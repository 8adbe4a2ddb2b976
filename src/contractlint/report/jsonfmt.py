"""``json`` (one array) and ``json-lines`` (one object a line), shaped like ruff's."""

from __future__ import annotations

import json
from typing import Any

from contractlint.diagnostic import Diagnostic
from contractlint.report import ReportContext, location, rule_url


def diagnostic_dict(diagnostic: Diagnostic, fingerprint: str) -> dict[str, Any]:
    fix = None
    if diagnostic.fix is not None:
        fix = {
            "applicability": diagnostic.fix.applicability.value,
            "message": diagnostic.fix.message,
            "edits": [
                {
                    "content": edit.new_text,
                    "location": {"row": edit.span.start_line, "column": edit.span.start_col},
                    "end_location": {"row": edit.span.end_line, "column": edit.span.end_col},
                }
                for edit in diagnostic.fix.edits
            ],
        }
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "help": diagnostic.help,
        "filename": diagnostic.path,
        **location(diagnostic),
        "fix": fix,
        "url": rule_url(diagnostic.code),
        "fingerprint": fingerprint,
    }


def _records(context: ReportContext) -> list[dict[str, Any]]:
    records = []
    for result in context.results:
        for diagnostic, fp in zip(result.diagnostics, context.fingerprints(result), strict=True):
            records.append(diagnostic_dict(diagnostic, fp))
    return records


def render_json(context: ReportContext) -> str:
    return json.dumps(_records(context), ensure_ascii=False, indent=2) + "\n"


def render_json_lines(context: ReportContext) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records(context))
