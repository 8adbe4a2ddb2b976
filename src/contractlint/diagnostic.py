"""Value types for findings: severity, edits, fixes and diagnostics.

These know nothing about rules, output formats or files; every other stage
(rules, reporters, the CLI, the language server) exchanges them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from contractlint.span import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Applicability(StrEnum):
    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


class Edit(NamedTuple):
    """Replace the text in ``span`` with ``new_text`` (an insertion has an empty span)."""

    span: Span
    new_text: str


class Fix(NamedTuple):
    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: what is wrong, where, and how to fix it.

    ``code`` is the stable rule code (``CL101``); ``name`` its kebab-case name.
    ``help`` is the fix title (what to do), ``message`` says what is wrong.
    """

    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    path: str = "-"
    help: str | None = None
    fix: Fix | None = None
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.start_offset, self.span.end_offset, self.code)
