"""What the report knows about one contract: its text, findings and checklist."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from contractlint.checklist import Checklist, build_checklist
from contractlint.diagnostic import Diagnostic, Severity
from contractlint.model import Document


@dataclass(slots=True)
class ContractReport:
    path: str
    text: str
    document: Document | None
    diagnostics: list[Diagnostic]
    checklist: Checklist | None
    language: str  # the language of this contract's messages
    problem: str | None = None  # why the file could not be read, if it could not
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.extra.get("title") or self.path

    def severity_counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for diagnostic in self.diagnostics:
            counts[diagnostic.severity.value] += 1
        return counts


def analyse(path: str, text: str, settings: Any = None) -> ContractReport:
    """Lint one contract and build its checklist."""
    from contractlint.lint import lint_with_document

    document, diagnostics = lint_with_document(text, path, settings)
    language = getattr(settings, "message_language", None) or document.language
    checklist = build_checklist(document, diagnostics, settings, language=language)
    title = document.title or document.metadata.value("title") or path
    return ContractReport(
        path, document.text, document, diagnostics, checklist, language, extra={"title": title}
    )


def unreadable(path: str, problem: str) -> ContractReport:
    """A contract that could not be read or decoded: listed, with the reason."""
    return ContractReport(path, "", None, [], None, "en", problem=problem)
