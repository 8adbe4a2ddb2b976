"""The one library call behind every shell: text in, diagnostics out.

``lint`` is a pure function of its arguments (no printing, no file access
beyond reading the packaged grammar and rule packs), so it is safe to run in
parallel processes or on a cluster for a corpus audit.
"""

from __future__ import annotations

from contractlint.decode import normalize_newlines
from contractlint.diagnostic import Diagnostic
from contractlint.model import Document
from contractlint.settings import DEFAULT_SETTINGS, Settings


def lint(text: str, path: str = "-", settings: Settings | None = None) -> list[Diagnostic]:
    """Lint contract-language text and return its diagnostics, sorted by position."""
    document, diagnostics = lint_with_document(text, path, settings)
    document.drop_caches()  # no reference cycles left: freed when this returns
    return diagnostics


def lint_with_document(
    text: str, path: str = "-", settings: Settings | None = None
) -> tuple[Document, list[Diagnostic]]:
    """Like :func:`lint`, but also return the document model (for the LSP and reports)."""
    from contractlint.parse import parse

    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalize_newlines(text)
    result = parse(text, path)
    return result.document, check_document(result.document, result.diagnostics, settings)


def check_document(
    document: Document, syntax: list[Diagnostic], settings: Settings | None = None
) -> list[Diagnostic]:
    """Run the rules over a document built by the parser or by a draft reader."""
    settings = settings or DEFAULT_SETTINGS
    diagnostics = list(syntax)
    if settings.select != ("ALL",) or settings.ignore or settings.severity:
        # syntax errors (CL001) obey --select/--ignore/--severity like rule findings
        from contractlint.config import apply_selection

        diagnostics = apply_selection(diagnostics, settings)
    from contractlint.engine import run_rules

    diagnostics.extend(run_rules(document, settings))
    if document.comments:  # inline `contractlint: disable …` comments
        from contractlint.suppress import apply_suppressions

        diagnostics = apply_suppressions(document, diagnostics, settings)
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics
