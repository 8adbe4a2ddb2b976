"""Linter values to LSP values: ranges and diagnostics, typed or as plain JSON."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from contractlint.diagnostic import Diagnostic, Severity
from contractlint.lsp.analysis import Analysis
from contractlint.lsp.rules import rule_info

SOURCE = "contractlint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def to_lsp_range(analysis: Analysis, span: Any) -> types.Range:
    (sl, sc), (el, ec) = analysis.positions.range_of(span)
    return types.Range(
        start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec)
    )


_SEVERITY_NUMBER = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}


def _href(diagnostic: Diagnostic) -> str | None:
    href = diagnostic.data.get("url") if diagnostic.data else None
    if not href:
        info = rule_info(diagnostic.code)
        href = info.url if info else None
    return str(href) if href else None


def diagnostic_json(diagnostic: Diagnostic, analysis: Analysis) -> dict[str, Any]:
    """An LSP ``Diagnostic`` as the JSON the client receives (see :func:`to_lsp_diagnostic`)."""
    (sl, sc), (el, ec) = analysis.positions.range_of(diagnostic.span)
    item: dict[str, Any] = {
        "range": {
            "start": {"line": sl, "character": sc},
            "end": {"line": el, "character": ec},
        },
        "severity": _SEVERITY_NUMBER.get(diagnostic.severity, 2),
        "code": diagnostic.code,
        "source": SOURCE,
        "message": diagnostic.message,
        "data": {"name": diagnostic.name, "fixable": diagnostic.fix is not None},
    }
    href = _href(diagnostic)
    if href:
        item["codeDescription"] = {"href": href}
    return item


def to_lsp_diagnostic(diagnostic: Diagnostic, analysis: Analysis) -> types.Diagnostic:
    href = _href(diagnostic)
    return types.Diagnostic(
        range=to_lsp_range(analysis, diagnostic.span),
        message=diagnostic.message,
        severity=_SEVERITY.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        data={"name": diagnostic.name, "fixable": diagnostic.fix is not None},
    )
