"""What is at an offset: a defined term, a cross-reference, a party id, and where each points.

Shared by hover and go-to-definition. Pure model code, no pygls.
"""

from __future__ import annotations

from dataclasses import dataclass

from contractlint.extract import Fact, facts
from contractlint.model import Annex, Clause, Definition, Document, Party
from contractlint.numerals import any_int
from contractlint.span import Span


def _inside(span: Span, offset: int) -> bool:
    """Whether a cursor at ``offset`` touches the span (its end included)."""
    return span.start_offset <= offset <= span.end_offset


@dataclass(frozen=True, slots=True)
class TermHit:
    term: str
    span: Span  # the use (or the defining occurrence) under the cursor
    definition: Definition


@dataclass(frozen=True, slots=True)
class XrefHit:
    fact: Fact
    clause: Clause | None
    annex: Annex | None

    @property
    def target_span(self) -> Span | None:
        if self.clause is not None:
            return self.clause.heading_span
        if self.annex is not None:
            return self.annex.heading_span
        return None


def definition_of(document: Document, term: str) -> Definition | None:
    """The definition of ``term``; a definition paragraph wins over an inline one."""
    found = [d for d in document.definitions if d.term == term]
    found.sort(key=lambda d: (d.inline, d.span.start_offset))
    return found[0] if found else None


def term_at(document: Document, offset: int) -> TermHit | None:
    for definition in document.definitions:
        if _inside(definition.term_span, offset):
            chosen = definition_of(document, definition.term) or definition
            return TermHit(definition.term, definition.term_span, chosen)
    for use in facts(document).term_uses:
        if _inside(use.span, offset):
            definition = definition_of(document, use.value)  # the defined (singular) form
            if definition is not None:
                return TermHit(use.value, use.span, definition)
    return None


def _number_path(raw: str) -> tuple[int, ...] | None:
    if raw and all(part.isdigit() for part in raw.split(".")):
        return tuple(int(part) for part in raw.split("."))
    value = any_int(raw)
    return None if value is None else (value,)


def resolve_xref(document: Document, fact: Fact) -> XrefHit:
    target, raw = fact.value if isinstance(fact.value, tuple) else ("clause", "")
    if target == "annex":
        wanted = any_int(raw) if raw else None
        for annex in document.annexes:
            if annex.id is None:
                continue
            if annex.id == raw or (wanted is not None and any_int(annex.id) == wanted):
                return XrefHit(fact, None, annex)
        return XrefHit(fact, None, None)
    path = _number_path(raw)
    if path is not None:
        for clause in document.walk_clauses():
            if clause.number_path == path:
                return XrefHit(fact, clause, None)
    return XrefHit(fact, None, None)


def xref_at(document: Document, offset: int) -> XrefHit | None:
    for fact in facts(document).xrefs:
        if _inside(fact.span, offset):
            return resolve_xref(document, fact)
    return None


def party_at(document: Document, offset: int) -> Party | None:
    for party in document.parties:
        if _inside(party.id_span, offset):
            return party
    return None


def clause_at(document: Document, offset: int) -> Clause | None:
    """The innermost clause whose span holds the offset."""
    best: Clause | None = None
    for clause in document.walk_clauses():
        if clause.span.start_offset <= offset <= clause.span.end_offset and (
            best is None or clause.span.start_offset >= best.span.start_offset
        ):
            best = clause
    return best


def _party_mention_at(document: Document, offset: int) -> Party | None:
    """A party id written in prose (甲方, Party A) under the cursor."""
    text = document.text
    for party in document.parties:
        ident = party.id
        if not ident:
            continue
        start = max(0, offset - len(ident))
        window = text[start : offset + len(ident)]
        at = window.find(ident)
        while at != -1:
            begin = start + at
            if begin <= offset <= begin + len(ident):
                return party
            at = window.find(ident, at + 1)
    return None


def target_at(document: Document, offset: int) -> Span | None:
    """Where go-to-definition leads from ``offset``: a term's definition, a
    reference's clause or annex heading, a party's declaration."""
    term = term_at(document, offset)
    if term is not None:
        return term.definition.term_span
    xref = xref_at(document, offset)
    if xref is not None:
        return xref.target_span
    party = party_at(document, offset) or _party_mention_at(document, offset)
    if party is not None:
        return party.id_span
    return None


def references_at(document: Document, offset: int, include_declaration: bool) -> list[Span]:
    """Every use of the defined term, or every cross-reference to the clause or
    annex, under the cursor (on a use, a reference or the heading itself)."""
    term = term_at(document, offset)
    if term is not None:
        spans = [use.span for use in facts(document).term_uses if use.value == term.term]
        if include_declaration:
            spans += [d.term_span for d in document.definitions if d.term == term.term]
        return sorted(spans, key=lambda span: span.start_offset)
    target: Clause | Annex | None = None
    xref = xref_at(document, offset)
    if xref is not None:
        target = xref.clause or xref.annex
    else:
        for clause in document.walk_clauses():
            if _inside(clause.heading_span, offset):
                target = clause
        for annex in document.annexes:
            if _inside(annex.heading_span, offset):
                target = annex
    if target is None:
        return []
    spans = []
    for fact in facts(document).xrefs:
        hit = resolve_xref(document, fact)
        if (hit.clause or hit.annex) is target:
            spans.append(fact.span)
    if include_declaration:
        spans.append(target.heading_span)
    return sorted(spans, key=lambda span: span.start_offset)
