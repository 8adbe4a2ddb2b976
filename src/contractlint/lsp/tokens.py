"""Semantic tokens: highlighting from the document model, for editors with no grammar.

Helix, Emacs (text-mode) and Neovim know nothing of the contract language; the
server tells them what each piece of text is: clause numbers, headings, kind
tags, party ids, defined terms and their uses, cross-references, blanks still
to fill, amounts and dates, comments. Tokens never span lines and never
overlap (the first found wins), as the protocol requires of most clients.
"""

from __future__ import annotations

from collections.abc import Iterator

from contractlint.extract import facts
from contractlint.lsp.analysis import Analysis
from contractlint.span import Span

TOKEN_TYPES = (
    "keyword",  # clause numbers
    "namespace",  # clause headings and the cross-references that name them
    "decorator",  # kind tags
    "variable",  # party ids
    "type",  # defined terms
    "regexp",  # blanks to fill in ([金额], ____)
    "number",  # amounts, percentages, durations, dates
    "comment",
    "property",  # metadata and party detail keys
)
TOKEN_MODIFIERS = ("declaration",)
_TYPE = {name: index for index, name in enumerate(TOKEN_TYPES)}
_DECLARATION = 1


def _items(analysis: Analysis) -> Iterator[tuple[Span, str, int]]:
    document = analysis.document
    found = facts(document)
    for entry in document.metadata.entries:
        key_end = entry.span.start_offset + len(entry.raw_key)
        yield document.index.span(entry.span.start_offset, key_end), "property", 0
    for party in document.parties:
        yield party.id_span, "variable", _DECLARATION
        for attribute in party.attributes:
            key_end = (
                attribute.span.start_offset
                + len(attribute.raw_key)
                + _indent(document.text, attribute.span)
            )
            yield document.index.span(attribute.span.start_offset, key_end), "property", 0
    for clause in document.walk_clauses():
        if clause.number_span is not None:
            yield clause.number_span, "keyword", 0
        if clause.title_span is not None:
            yield clause.title_span, "namespace", _DECLARATION
        if clause.tag_span is not None:
            yield clause.tag_span, "decorator", 0
    for annex in document.annexes:
        yield annex.heading_span, "namespace", _DECLARATION
    for definition in document.definitions:
        yield definition.term_span, "type", _DECLARATION
    for fact in found.term_uses:
        yield fact.span, "type", 0
    for fact in found.xrefs:
        yield fact.span, "namespace", 0
    for fact in found.placeholders:
        yield fact.span, "regexp", 0
    for group in (found.money, found.percents, found.durations, found.dates):
        for fact in group:
            yield fact.span, "number", 0
    for comment in document.comments:
        yield comment.span, "comment", 0


def _indent(text: str, span: Span) -> int:
    line = text[span.start_offset : span.end_offset]
    return len(line) - len(line.lstrip())


def semantic_tokens(analysis: Analysis) -> list[int]:
    """The LSP's flat integer encoding (relative line, relative start, length,
    type, modifiers) in the client's position encoding."""
    index = analysis.document.index
    positions = analysis.positions
    pieces: list[tuple[int, int, int, int]] = []  # start, end, type, modifiers
    for span, kind, modifiers in _items(analysis):
        # One token per line of a span that crosses lines (a long comment).
        start = span.start_offset
        while start < span.end_offset:
            line_end = analysis.document.text.find("\n", start, span.end_offset)
            end = span.end_offset if line_end == -1 else line_end
            if end > start:
                pieces.append((start, end, _TYPE[kind], modifiers))
            start = end + 1
    pieces.sort(key=lambda piece: (piece[0], -piece[1]))
    data: list[int] = []
    previous_line = previous_char = 0
    covered_until = -1
    for start, end, kind, modifiers in pieces:
        if start < covered_until:
            continue  # overlaps a token already emitted
        covered_until = end
        line, col = index.position(start)
        _end_line, end_col = index.position(end)
        client_line, char = positions.to_client(line, col)
        _same_line, end_char = positions.to_client(line, end_col)
        length = end_char - char
        if length <= 0:
            continue
        delta_line = client_line - previous_line
        delta_char = char - previous_char if delta_line == 0 else char
        data.extend((delta_line, delta_char, length, kind, modifiers))
        previous_line, previous_char = client_line, char
    return data
