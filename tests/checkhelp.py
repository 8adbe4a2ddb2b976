"""Helpers for the unit tests of Python checks: run one check on a text.

The pack examples themselves run through the engine in test_rule_examples.py;
these helpers exercise a check function directly, with chosen options.
"""

from __future__ import annotations

from contractlint.checks import CheckContext, Finding, get_check
from contractlint.parse import parse


def run(name: str, text: str, profile: str = "general", **options: object) -> list[Finding]:
    """Findings of a Python check, or of a declarative rule kind (require-clause …)."""
    document = parse(text).document
    function = get_check(name)
    if function is None:
        from contractlint.declarative import evaluate

        return list(evaluate(name, document, dict(options), profile, document.language))
    return list(function(CheckContext(document, document.language, profile, dict(options))))


def at(findings: list[Finding]) -> list[str]:
    """The "line:col" of each finding."""
    return [f"{f.span.start_line}:{f.span.start_col}" for f in findings]
