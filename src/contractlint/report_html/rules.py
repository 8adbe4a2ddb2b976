"""Rule metadata for the report: name, why, legal source, help, family.

Read from the rule engine's records (:func:`contractlint.packs.find_rule`);
the parser's own codes and a broken pack fall back to built-in texts, so that
a report can always be written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from contractlint.packs import find_rule, pick_text
from contractlint.report_html.strings import FAMILIES

# Rules that live outside the packs (the parser's own diagnostics).
_BUILTIN: dict[str, dict[str, Any]] = {
    "CL001": {
        "name": "syntax-error",
        "why": {
            "en": "The text does not follow the contract language here, so the linter cannot "
            "be sure what this part is; findings around it may be missing or wrong.",
            "zh": "此处文本不符合合同语言的写法，检查器无法确定这一部分的结构，附近的问题可能漏报或误报。",
        },
        "source": "docs/language.md",
    },
}


@dataclass(frozen=True, slots=True)
class RuleMeta:
    code: str
    name: str
    why: dict[str, str]
    help: dict[str, str]
    source: str
    url: str | None
    family: str  # "CL1xx"
    family_title: dict[str, str]

    def why_in(self, language: str) -> str:
        return pick_text(self.why, language)

    def help_in(self, language: str) -> str:
        return pick_text(self.help, language)


def family_of(code: str) -> str:
    """The family of a rule code: its hundreds (``CL601`` -> ``CL6xx``)."""
    if len(code) >= 3 and code[:2].isascii() and code[:2].isalpha() and code[2] in "0123456789":
        return code[:3] + "xx"
    return "other"  # also keeps odd codes out of class names and the style sheet


@lru_cache(maxsize=1024)
def rule_meta(code: str) -> RuleMeta:
    """What the report says about a rule; a report can always be written, so a
    code no pack defines (or a broken pack) falls back to the built-in texts."""
    rule = find_rule(code)
    builtin = _BUILTIN.get(code, {})
    family = family_of(code)
    return RuleMeta(
        code=code,
        name=(rule.name if rule else "") or builtin.get("name", ""),
        why=(dict(rule.why) if rule else {}) or builtin.get("why", {}),
        help=dict(rule.help) if rule else {},
        source=(rule.source if rule else "") or builtin.get("source", ""),
        url=rule.url if rule else None,
        family=family,
        family_title=dict(FAMILIES.get(family[:3], {})),
    )
