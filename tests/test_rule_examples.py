"""Every example of every rule in every pack is a test (ids like CL301-zh-fail-1).

A failing example must produce the rule's finding (at ``at`` when given, in
the example's language); a passing example must produce none.
"""

from __future__ import annotations

import re

import pytest

from contractlint.lint import lint
from contractlint.packs import Example, Rule, all_rules
from contractlint.settings import Settings


def _cases() -> list[tuple[str, Rule, Example]]:
    cases = []
    for rule in all_rules():
        counters: dict[tuple[str, str], int] = {}
        for example in rule.examples:
            key = (example.lang, example.expect)
            counters[key] = counters.get(key, 0) + 1
            case_id = f"{rule.code}-{example.lang}-{example.expect}-{counters[key]}"
            cases.append((case_id, rule, example))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("rule", "example"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_example(rule: Rule, example: Example) -> None:
    settings = Settings(select=(rule.code,), profile=example.profile, message_language=example.lang)
    diagnostics = [
        d for d in lint(example.text, "example.contract", settings) if d.code == rule.code
    ]
    if example.expect == "pass":
        assert diagnostics == [], [
            f"{d.span.start_line}:{d.span.start_col} {d.message}" for d in diagnostics
        ]
        return
    assert diagnostics, f"{rule.code} did not fire on its failing example"
    if example.at:
        where = [f"{d.span.start_line}:{d.span.start_col}" for d in diagnostics]
        assert example.at in where, f"expected a finding at {example.at}, got {where}"
    # Every placeholder is filled, in every language the messages are written in
    # (a Chinese contract may be reported in English with --message-language).
    for language in sorted(rule.message):
        localized = [
            d
            for d in lint(
                example.text,
                "example.contract",
                Settings(select=(rule.code,), profile=example.profile, message_language=language),
            )
            if d.code == rule.code
        ]
        placeholders = re.findall(
            r"\{(\w+)\}", rule.text("message", language) + rule.text("help", language)
        )
        for diagnostic in localized:
            for name in placeholders:
                assert "{" + name + "}" not in diagnostic.message, diagnostic.message
                assert "{" + name + "}" not in (diagnostic.help or ""), diagnostic.help
            assert diagnostic.help


def test_every_language_has_examples() -> None:
    for rule in all_rules():
        for language in rule.languages:
            expects = {e.expect for e in rule.examples if e.lang == language}
            assert expects == {"fail", "pass"}, (rule.code, language)
