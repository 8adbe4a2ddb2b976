"""Rule metadata for the report: name, why, legal source, help, family.

Read from the rule engine's records (:func:`contractlint.packs.find_rule`);
a broken pack leaves a rule's texts empty, so that a report can always be
written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from contractlint.packs import find_rule, pick_text
from contractlint.report_html.strings import FAMILIES


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
    """What the report says about a rule (every code, CL001 included, is in the
    packs); a broken pack leaves the texts empty but the report is still written."""
    rule = find_rule(code)
    family = family_of(code)
    return RuleMeta(
        code=code,
        name=rule.name if rule else "",
        why=dict(rule.why) if rule else {},
        help=dict(rule.help) if rule else {},
        source=rule.source if rule else "",
        url=rule.url if rule else None,
        family=family,
        family_title=dict(FAMILIES.get(family[:3], {})),
    )
