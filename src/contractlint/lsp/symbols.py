"""The document outline: parties, then clauses nested as written, then annexes."""

from __future__ import annotations

from lsprotocol import types

from contractlint.lsp.analysis import Analysis
from contractlint.lsp.convert import to_lsp_range
from contractlint.model import Clause
from contractlint.span import Span


def _range(analysis: Analysis, span: object) -> types.Range:
    return to_lsp_range(analysis, span)


def _selection(analysis: Analysis, outer: Span, inner: Span) -> types.Range:
    """The inner span's range, or the outer's start if the inner strays outside it
    (clients drop the whole outline when a selection is not inside its symbol)."""
    if outer.contains(inner):
        return _range(analysis, inner)
    return _range(analysis, analysis.document.index.span(outer.start_offset, outer.start_offset))


def _clause_symbol(analysis: Analysis, clause: Clause) -> types.DocumentSymbol:
    detail = ", ".join(clause.kinds) if clause.kinds else None
    return types.DocumentSymbol(
        name=clause.label or "(untitled clause)",
        detail=detail,
        kind=types.SymbolKind.Namespace,
        range=_range(analysis, clause.span),
        selection_range=_selection(analysis, clause.span, clause.heading_span),
        children=[_clause_symbol(analysis, child) for child in clause.children],
    )


def document_symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    document = analysis.document
    result: list[types.DocumentSymbol] = []
    for party in document.parties:
        result.append(
            types.DocumentSymbol(
                name=f"{party.id} {party.name}".strip(),
                detail=party.role,
                kind=types.SymbolKind.Object,
                range=_range(analysis, party.span),
                selection_range=_selection(analysis, party.span, party.id_span),
            )
        )
    for definition in document.definitions:
        if definition.inline or any(c.span.contains(definition.span) for c in document.clauses):
            continue  # only the definitions section before the clauses, not every mention
        result.append(
            types.DocumentSymbol(
                name=f"“{definition.term}”",
                kind=types.SymbolKind.Constant,
                range=_range(analysis, definition.span),
                selection_range=_selection(analysis, definition.span, definition.term_span),
            )
        )
    result.extend(_clause_symbol(analysis, clause) for clause in document.clauses)
    for annex in document.annexes:
        heading = document.text[annex.heading_span.start_offset : annex.heading_span.end_offset]
        result.append(
            types.DocumentSymbol(
                name=heading or annex.title,
                detail="annex",
                kind=types.SymbolKind.Module,
                range=_range(analysis, annex.span),
                selection_range=_selection(analysis, annex.span, annex.heading_span),
                children=[_clause_symbol(analysis, clause) for clause in annex.clauses],
            )
        )
    return result
