"""CI annotations: GitHub Actions workflow commands and GitLab Code Quality."""

from __future__ import annotations

import json

from contractlint.diagnostic import Severity
from contractlint.report import ReportContext

GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def escape_data(text: str) -> str:
    """The message part of a workflow command (as ``@actions/core`` escapes it)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property: also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(context: ReportContext) -> str:
    lines = []
    for _result, d in context.diagnostics():
        span = d.span
        path = context.relpath(d.path)
        props = {
            "title": f"contractlint ({d.code} {d.name})",
            "file": path,
            "line": str(span.start_line),
            "col": str(span.start_col),
            "endLine": str(span.end_line),
            "endColumn": str(span.end_col),
        }
        message = f"{path}:{span.start_line}:{span.start_col}: {d.code} {d.message}"
        if d.help:
            message += f"\nhelp: {d.help}"
        joined = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
        lines.append(f"::{GITHUB_LEVEL[d.severity]} {joined}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)


def render_gitlab(context: ReportContext) -> str:
    """A JSON array of Code Quality issues (UTF-8, no byte-order mark)."""
    issues = []
    for result in context.results:
        path = context.relpath(result.path)
        for d, fp in zip(result.diagnostics, context.fingerprints(result), strict=True):
            issues.append(
                {
                    "description": f"{d.code} {d.message}",
                    "check_name": d.code,
                    "fingerprint": fp,
                    "severity": GITLAB_SEVERITY[d.severity],
                    "location": {
                        "path": path,
                        "lines": {"begin": d.span.start_line, "end": d.span.end_line},
                    },
                }
            )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
