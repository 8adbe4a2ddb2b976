"""SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).

What GitHub reads: rules with ``id``, ``name``, short and full descriptions,
``help`` (text and markdown) and a default level; results with a ``ruleId``, a
repository-relative URI under ``%SRCROOT%``, a region, and
``partialFingerprints`` so that alerts keep their identity across commits.
Columns are code points, declared with ``columnKind``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from contractlint import __version__
from contractlint.diagnostic import Diagnostic, Severity
from contractlint.report import ReportContext, localized, rule_meta

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INFORMATION_URI = "https://pypi.org/project/contractlint/"
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    return quote(path, safe="/-._~")


def _first_sentence(text: str) -> str:
    for stop in ("。", ". "):
        head, sep, _ = text.partition(stop)
        if sep and head:
            return head + stop.strip()
    return text


def _without_placeholders(template: str) -> str:
    """``"Amount {x} differs: {y}"`` -> ``"Amount differs"`` (for a rule's short text)."""
    import re

    text = re.sub(r"[:：]?\s*[“\"'(（]?\{[^{}]*\}[”\"')）]?", "", template)
    return " ".join(text.split()).strip(" :：,，") or template


def rule_descriptor(code: str, example: Diagnostic, language: str | None) -> dict[str, Any]:
    """A ``reportingDescriptor`` from the engine's rule metadata (or the first finding)."""
    rule = rule_meta(code)
    name = str(getattr(rule, "name", None) or example.name)
    message = localized(getattr(rule, "message", None), language) or example.message
    why = localized(getattr(rule, "why", None), language)
    help_text = localized(getattr(rule, "help", None), language) or example.help
    source = localized(getattr(rule, "source", None), language)
    url = getattr(rule, "url", None)
    raw_severity = getattr(rule, "severity", None)
    default = Severity(str(getattr(raw_severity, "value", raw_severity))) if raw_severity else None
    summary = localized(getattr(rule, "summary", None), language)
    short = summary or _without_placeholders(message)
    short = _first_sentence(short)[:1024]
    full = (why or message)[:1024]
    help_plain = (
        "\n\n".join(
            part
            for part in (
                why,
                f"How to fix: {help_text}" if help_text else None,
                f"Source: {source}" if source else None,
            )
            if part
        )
        or message
    )
    markdown = [f"**{code} {name}**", "", why or message]
    if help_text:
        markdown += ["", f"**How to fix:** {help_text}"]
    if source:
        markdown += ["", f"*Source:* {source}"]
    descriptor: dict[str, Any] = {
        "id": code,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_plain, "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVEL[default or example.severity]},
        "properties": {
            "tags": ["contract"],
            "precision": "high",
            "problem.severity": LEVEL[default or example.severity].replace(
                "note", "recommendation"
            ),
        },
    }
    if url:
        descriptor["helpUri"] = str(url)
    return descriptor


def _region(span: Any) -> dict[str, int]:
    return {
        "startLine": span.start_line,
        "startColumn": span.start_col,
        "endLine": span.end_line,
        "endColumn": span.end_col,
    }


def _fixes(diagnostic: Diagnostic, uri: str) -> dict[str, Any]:
    """``{"fixes": [...]}`` for a finding with a fix (SARIF §3.55), else ``{}``."""
    fix = diagnostic.fix
    if fix is None or not fix.edits:
        return {}
    replacements = [
        {"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.new_text}}
        for edit in fix.edits
    ]
    return {
        "fixes": [
            {
                "description": {"text": f"{fix.message} ({fix.applicability.value})"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "replacements": replacements,
                    }
                ],
            }
        ]
    }


def render_sarif(context: ReportContext) -> str:
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    for result in context.results:
        uri = _uri(context.relpath(result.path))
        for d, fp in zip(result.diagnostics, context.fingerprints(result), strict=True):
            if d.code not in rule_index:
                rule_index[d.code] = len(rules)
                rules.append(rule_descriptor(d.code, d, context.language))
            span = d.span
            end_line, end_col = span.end_line, span.end_col
            if (end_line, end_col) < (span.start_line, span.start_col):
                end_line, end_col = span.start_line, span.start_col
            message = d.message if not d.help else f"{d.message}\n{d.help}"
            results.append(
                {
                    "ruleId": d.code,
                    "ruleIndex": rule_index[d.code],
                    "level": LEVEL[d.severity],
                    "message": {"text": message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                                "region": {
                                    "startLine": span.start_line,
                                    "startColumn": span.start_col,
                                    "endLine": end_line,
                                    "endColumn": end_col,
                                },
                            }
                        }
                    ],
                    **_fixes(d, uri),
                    "partialFingerprints": {
                        "primaryLocationLineHash": f"{fp}:1",
                        "contractlint/v1": fp,
                    },
                }
            )
    root_uri = Path(context.root).resolve().as_uri().rstrip("/") + "/"
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "contractlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
                "invocations": [{"executionSuccessful": True}],
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
