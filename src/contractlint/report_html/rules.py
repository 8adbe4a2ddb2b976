"""Rule metadata for the report: name, why, legal source, help, family.

Read from the rule engine's ``contractlint.packs.get_rule(code)`` by field
name, tolerating any field (or the whole engine) being absent, so that a
report can always be written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
        return _pick(self.why, language)

    def help_in(self, language: str) -> str:
        return _pick(self.help, language)


def _pick(texts: dict[str, str], language: str) -> str:
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def _get(record: Any, name: str) -> Any:
    if isinstance(record, dict):
        return record.get(name)
    return getattr(record, name, None)


def _texts(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v}
    if isinstance(value, str) and value:
        return {"en": value}
    return {}


def family_of(code: str) -> str:
    """The family of a rule code: its hundreds (``CL601`` -> ``CL6xx``)."""
    if len(code) >= 3 and code[:2].isascii() and code[:2].isalpha() and code[2] in "0123456789":
        return code[:3] + "xx"
    return "other"  # also keeps odd codes out of class names and the style sheet


@lru_cache(maxsize=1024)
def rule_meta(code: str) -> RuleMeta:
    record: Any = None
    try:
        from contractlint import packs
    except ImportError:
        packs = None  # type: ignore[assignment]
    if packs is not None and hasattr(packs, "get_rule"):
        try:
            record = packs.get_rule(code)
        except Exception:  # a broken pack must not stop the report
            record = None
    builtin = _BUILTIN.get(code, {})
    family = family_of(code)
    family_title = dict(FAMILIES.get(family[:3], {}))
    if record is not None:
        named = _texts(_get(record, "family_title")) or _texts(_get(record, "family"))
        if named and not all(v == family for v in named.values()):
            family_title = named
    source = _get(record, "source") if record is not None else None
    if isinstance(source, list | tuple):
        source = "; ".join(str(s) for s in source)
    return RuleMeta(
        code=code,
        name=str((_get(record, "name") if record is not None else None) or builtin.get("name", "")),
        why=(_texts(_get(record, "why")) if record is not None else {}) or builtin.get("why", {}),
        help=_texts(_get(record, "help")) if record is not None else {},
        source=str(source or builtin.get("source", "")),
        url=(_get(record, "url") if record is not None else None) or None,
        family=family,
        family_title=family_title,
    )
