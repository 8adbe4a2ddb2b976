"""Python checks: the logic a YAML pattern cannot express.

A rule pack refers to a check by name (``check: capital-mismatch``); the
engine looks the name up here, calls the function with a :class:`CheckContext`
and turns each :class:`Finding` into a diagnostic, stamping the rule's code,
name, severity and message. Checks never print, never read files and never
know about output formats.

To add one: write ``@check("my-check")`` over a function in a module of this
package and list the module in ``BUILTIN_MODULES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from contractlint.diagnostic import Fix
from contractlint.extract import Facts, facts
from contractlint.model import Document
from contractlint.span import Span


@dataclass(frozen=True, slots=True)
class Finding:
    """Where a check fired, values for the message's ``{placeholders}``, and a fix."""

    span: Span
    args: dict[str, Any] = field(default_factory=dict)
    fix: Fix | None = None


@dataclass(slots=True)
class CheckContext:
    """What a Python check is given: the document, the language, the profile, its options."""

    document: Document
    language: str  # "zh" or "en": the language of messages and examples to use
    profile: str  # the profile in force (after-sales-service, general, service, nda …)
    options: dict[str, Any] = field(default_factory=dict)  # the rule's `options:` in its pack

    @property
    def facts(self) -> Facts:
        return facts(self.document)


CheckFunction = Callable[[CheckContext], Iterable[Finding]]

_REGISTRY: dict[str, CheckFunction] = {}

# Modules of this package that define checks; imported on first lookup.
BUILTIN_MODULES: tuple[str, ...] = (
    "hygiene",
    "structure",
    "amounts",
    "disputes",
    "liability",
    "parties",
)

_loaded = False


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under ``name`` (kebab-case)."""

    def register(function: CheckFunction) -> CheckFunction:
        if name in _REGISTRY and _REGISTRY[name] is not function:
            raise ValueError(f"check {name!r} is registered twice")
        _REGISTRY[name] = function
        return function

    return register


def get_check(name: str) -> CheckFunction | None:
    _load_builtins()
    return _REGISTRY.get(name)


def check_names() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN_MODULES:
        importlib.import_module(f"{__name__}.{module}")
