"""Rule pages from pack metadata: ``contractlint rule`` and ``docs/rules.md``.

Sections follow ruff's rule pages: what it does, why it matters (with the
source), an example, what to write instead, and the fix. Both the CLI and the
generated documentation use these functions, so they cannot drift apart.

Regenerate the documentation with ``python -m contractlint.ruledoc > docs/rules.md``.
"""

from __future__ import annotations

import sys
from typing import Any

from contractlint.packs import Rule, all_rules

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
HEADINGS = {
    "en": {
        "what": "What it does",
        "why": "Why it matters",
        "source": "Source",
        "example": "Example",
        "instead": "Use instead",
        "fix": "Fix",
        "safety": "Fix safety",
        "at": "finding at",
        "profile": "profile",
    },
    "zh": {
        "what": "检查什么",
        "why": "为什么",
        "source": "依据",
        "example": "示例",
        "instead": "改为",
        "fix": "修改建议",
        "safety": "自动修复",
        "at": "报告位置",
        "profile": "检查配置",
    },
}
FIX_SAFETY = {
    "en": {"none": "no automatic fix", "safe": "safe fix", "unsafe": "unsafe fix (opt-in)"},
    "zh": {"none": "无自动修复", "safe": "安全修复", "unsafe": "不安全修复（需显式启用）"},
}


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """The JSON shape of a rule (``contractlint rule --output-format json``)."""
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "languages": list(rule.languages),
        "profiles": list(rule.profiles),
        "check": rule.check,
        "pack": rule.pack,
        "summary": rule.summary,
        "message": rule.message,
        "help": rule.help,
        "why": rule.why,
        "source": rule.source,
        "fix_safety": rule.fix_safety,
        "url": rule.url,
        "examples": [
            {"lang": e.lang, "expect": e.expect, "at": e.at, "profile": e.profile, "text": e.text}
            for e in rule.examples
        ],
    }


def _example(rule: Rule, language: str, expect: str) -> str | None:
    for example in rule.examples:
        if example.lang == language and example.expect == expect:
            return example.text
    return None


def render_rule(rule: Rule, languages: tuple[str, ...] = ("en", "zh"), anchor: bool = True) -> str:
    """A Markdown page for one rule, in the given languages (those it supports)."""
    lines: list[str] = []
    if anchor:
        lines.append(f'<a id="{rule.code.lower()}"></a>')
        lines.append("")
    lines.append(f"## {rule.code} {rule.name}")
    lines.append("")
    profiles = ", ".join(rule.profiles)
    lines.append(
        f"Severity: **{rule.severity}** · Languages: {', '.join(rule.languages)} · "
        f"Profiles: {profiles} · Pack: `{rule.pack}` · Check: `{rule.check}`"
    )
    for language in languages:
        if language not in rule.languages:
            continue
        words = HEADINGS[language]
        lines += ["", f"### {LANGUAGE_NAMES[language]}", ""]
        summary = rule.summary.get(language) or rule.text("message", language)
        colon = "：" if language == "zh" else ":"
        lines += [f"**{words['what']}**{colon} {summary}", ""]
        lines += [f"**{words['why']}**{colon} {rule.text('why', language)}", ""]
        lines += [f"**{words['source']}**{colon} {rule.source}", ""]
        failing = _example(rule, language, "fail")
        at = next(
            (e.at for e in rule.examples if e.lang == language and e.expect == "fail" and e.at),
            None,
        )
        profile = next((e.profile for e in rule.examples if e.lang == language and e.profile), None)
        if failing:
            suffix = f" ({words['at']} {at})" if at else ""
            if profile:
                suffix += f" ({words['profile']} {profile})"
            lines += [
                f"**{words['example']}**{suffix}{colon}",
                "",
                "```contract",
                failing.rstrip(),
                "```",
                "",
            ]
        passing = _example(rule, language, "pass")
        if passing:
            lines += [
                f"**{words['instead']}**{colon}",
                "",
                "```contract",
                passing.rstrip(),
                "```",
                "",
            ]
        lines += [f"**{words['fix']}**{colon} {rule.text('help', language)}", ""]
        lines.append(f"**{words['safety']}**{colon} {FIX_SAFETY[language][rule.fix_safety]}")
    return "\n".join(lines).rstrip() + "\n"


def render_index(rules: list[Rule]) -> str:
    lines = ["| Code | Name | Severity | Languages | Profiles |", "|---|---|---|---|---|"]
    for rule in rules:
        lines.append(
            f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | {rule.severity} | "
            f"{', '.join(rule.languages)} | {', '.join(rule.profiles)} |"
        )
    return "\n".join(lines) + "\n"


def render_all(rules: list[Rule] | None = None) -> str:
    """The whole of docs/rules.md."""
    rules = rules if rules is not None else all_rules()
    parts = [
        "# Rules\n",
        "<!-- Generated by `python -m contractlint.ruledoc > docs/rules.md`; do not edit. -->\n",
        "Every rule contractlint ships, generated from the rule packs in `rules/`. "
        "Each has a stable code (families by hundreds: CL0xx the tool, CL1xx essential "
        "clauses, CL2xx parties, CL3xx vague scope, CL4xx amounts, CL5xx liability, CL6xx "
        "disputes, CL7xx force majeure, termination, confidentiality and execution, CL8xx "
        "template hygiene), its legal source, and a failing and a passing example in each "
        "language it supports; the examples are run as tests. "
        "`contractlint rule CODE` prints the same page.\n",
        render_index(rules),
    ]
    for rule in rules:
        parts.append(render_rule(rule))
    return "\n".join(parts)


def main() -> None:
    sys.stdout.write(render_all())


if __name__ == "__main__":
    main()
