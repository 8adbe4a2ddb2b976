"""Rule metadata for hovers and diagnostic links, read defensively.

The rule engine exposes ``contractlint.packs.get_rule(code)``; its record has
``code, name, severity, message/help/why`` (dicts keyed by language),
``source``, ``examples`` and ``url``. This module reads those fields by name
from an object or a dict and tolerates any of them missing, so the server
keeps working while the engine grows (or if a pack is broken).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    name: str = ""
    severity: str = ""
    message: dict[str, str] = field(default_factory=dict)
    help: dict[str, str] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)  # what the rule checks
    source: str = ""
    examples: tuple[Any, ...] = ()
    url: str | None = None


def _get(record: Any, name: str, default: Any = None) -> Any:
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)


def _texts(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v}
    if isinstance(value, str) and value:
        return {"en": value}
    return {}


def pick(texts: dict[str, str], language: str) -> str:
    """The text in ``language``, else English, else any."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


@lru_cache(maxsize=512)
def rule_info(code: str) -> RuleInfo | None:
    """Metadata for a rule code, or None if the engine does not know it (yet)."""
    try:
        from contractlint import packs
    except ImportError:
        return None
    get_rule = getattr(packs, "get_rule", None)
    if get_rule is None:
        return None
    try:
        record = get_rule(code)
    except Exception as error:  # a broken pack: no metadata rather than no server
        log.warning("rule metadata for %s: %s", code, error)
        return None
    if record is None:
        return None
    source = _get(record, "source") or ""
    if isinstance(source, list | tuple):
        source = "; ".join(str(item) for item in source)
    elif isinstance(source, dict):
        source = "; ".join(str(value) for value in source.values())
    severity = _get(record, "severity") or ""
    examples = _get(record, "examples") or ()
    return RuleInfo(
        code=str(_get(record, "code") or code),
        name=str(_get(record, "name") or ""),
        severity=str(getattr(severity, "value", severity)),
        message=_texts(_get(record, "message")),
        help=_texts(_get(record, "help")),
        why=_texts(_get(record, "why")),
        summary=_texts(_get(record, "summary")),
        source=str(source),
        examples=tuple(examples) if isinstance(examples, list | tuple) else (examples,),
        url=str(_get(record, "url")) if _get(record, "url") else None,
    )


def example_pairs(info: RuleInfo, language: str) -> list[tuple[str, str]]:
    """(``fails``|``passes``, text) pairs of the rule's examples in ``language``,
    failing first; examples in other languages only if there are none in it."""
    pairs: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    for example in info.examples:
        lang = str(_get(example, "lang") or _get(example, "language") or "")
        expect = str(_get(example, "expect") or "")
        text = _get(example, "text")
        if not isinstance(text, str) or not text.strip():
            continue
        label = "fails" if expect.startswith("fail") else "passes" if expect else "example"
        (pairs if not lang or lang == language else others).append((label, text.strip()))
    chosen = pairs or others
    order = {"fails": 0, "passes": 1, "example": 2}
    return sorted(chosen, key=lambda pair: order[pair[0]])
