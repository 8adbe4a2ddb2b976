"""Template hygiene (CL8xx): blanks, alternatives, defined terms, references, numbering.

All of these read the facts that :mod:`contractlint.extract` found once per
document; none re-scans the prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from contractlint.checks import CheckContext, Finding, check
from contractlint.model import Clause, Document
from contractlint.numerals import any_int


@check("unfilled-placeholder")
def unfilled_placeholder(ctx: CheckContext) -> Iterator[Finding]:
    """Every template blank, except the signing lines of a signature block.

    "By: ________" in a signature block is where a person signs by hand; a
    bracketed blank there ([name], [date]) is still a blank.
    """
    signing = [
        (c.span.start_offset, c.span.end_offset)
        for c in ctx.document.walk_clauses()
        if "signatures" in c.kinds
    ]
    for fact in ctx.facts.placeholders:
        if _SIGNING_LINE.fullmatch(fact.text) and any(
            s <= fact.span.start_offset < e for s, e in signing
        ):
            continue
        yield Finding(fact.span, {"placeholder": fact.text})


_SIGNING_LINE = re.compile(r"[_＿]+")


@check("unresolved-alternative")
def unresolved_alternative(ctx: CheckContext) -> Iterator[Finding]:
    for fact in ctx.facts.alternatives:
        yield Finding(fact.span, {"alternative": fact.text})


@check("defined-term-unused")
def defined_term_unused(ctx: CheckContext) -> Iterator[Finding]:
    used = {fact.value for fact in ctx.facts.term_uses}
    for definition in ctx.document.definitions:
        if definition.term not in used:
            yield Finding(definition.term_span, {"term": definition.term})


@check("term-defined-twice")
def term_defined_twice(ctx: CheckContext) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for definition in sorted(ctx.document.definitions, key=lambda d: d.term_span.start_offset):
        line = definition.term_span.start_line
        if definition.term in first:
            yield Finding(
                definition.term_span,
                {"term": definition.term, "first_line": first[definition.term]},
            )
        else:
            first[definition.term] = line


def _annex_key(raw: str | None) -> str | None:
    if raw is None:
        return None
    value = any_int(raw)
    return str(value) if value is not None else raw.strip().upper()


@check("missing-reference-target")
def missing_reference_target(ctx: CheckContext) -> Iterator[Finding]:
    """A reference to a clause or annex this document does not have.

    Clause references are checked only when the document numbers its clauses;
    annex references only when it carries annexes (otherwise the annexes may be
    separate papers, and nothing can be determined).
    """
    document = ctx.document
    numbers = {c.number_path for c in document.walk_clauses() if c.number_path}
    if numbers:
        numbers |= _paragraph_numbers(document)
    annexes = {_annex_key(a.id) for a in document.annexes if a.id}
    for fact in ctx.facts.xrefs:
        target, raw = fact.value
        if target == "clause":
            if not numbers:
                continue
            if re.fullmatch(r"\d+(?:\.\d+)*", raw):
                path = tuple(int(p) for p in raw.split("."))
            else:
                value = any_int(raw)
                if value is None:
                    continue
                path = (value,)
            if path not in numbers:
                yield Finding(fact.span, {"reference": fact.text, "kind": "clause"})
        elif target == "annex":
            if not document.annexes:
                continue
            if _annex_key(raw) not in annexes:
                yield Finding(fact.span, {"reference": fact.text, "kind": "annex"})


_LINE_NUMBER = re.compile(r"^[ \t]*(\d+(?:\.\d+)+)(?=[.)\s]|$)", re.MULTILINE)


def _paragraph_numbers(document: Document) -> set[tuple[int, ...]]:
    """Sub-clause numbers written at the start of prose lines ("2.1 The Provider …")."""
    found: set[tuple[int, ...]] = set()
    for _clause, paragraph in document.paragraphs():
        if paragraph.text[:1].isdigit() or "\n" in paragraph.text:
            for match in _LINE_NUMBER.finditer(paragraph.text):
                parts = match.group(1).split(".")
                if all(len(part) <= 6 for part in parts):
                    found.add(tuple(int(part) for part in parts))
    return found


def _style(number: str, depth: int) -> str:
    if number.startswith("第"):
        return "zh-" + number[-1]
    if number[:1].isdigit():
        return f"dotted-{depth}"
    if number[:1] in "（(":
        return "paren"
    if number[:1].isalpha() and number[:1].isascii():
        return "word-" + number.split()[0].lower()
    return "zh-list"


def _containers(document: Document) -> Iterator[list[Clause]]:
    yield document.clauses
    for annex in document.annexes:
        yield annex.clauses


def _sequences(document: Document) -> Iterator[list[Clause]]:
    """Runs of clauses numbered in one style that should count 1, 2, 3 …

    Siblings form a run; 第…条 articles count on across chapters, so they form one
    run per container (the body, each annex).
    """
    for container in _containers(document):
        articles: list[Clause] = []
        yield from _sibling_runs(container, articles)
        if articles:
            yield articles


def _sibling_runs(clauses: list[Clause], articles: list[Clause]) -> Iterator[list[Clause]]:
    groups: dict[str, list[Clause]] = {}
    for clause in clauses:
        if clause.number and clause.number_path:
            style = _style(clause.number, len(clause.number_path))
            if style == "zh-条":
                articles.append(clause)
            else:
                groups.setdefault(style, []).append(clause)
        yield from _sibling_runs(clause.children, articles)
    yield from groups.values()


def _numbering(document: Document) -> list[tuple[str, Clause, int, int]]:
    """("gap" | "duplicate", clause, expected or first line, found); computed once."""
    cached = document.notes.get("_numbering")
    if cached is None:
        cached = list(_numbering_problems(document))
        document.notes["_numbering"] = cached
    return cached


def _numbering_problems(document: Document) -> Iterator[tuple[str, Clause, int, int]]:
    for run in _sequences(document):
        seen: dict[int, int] = {}
        previous = 0
        for clause in run:
            assert clause.number_path is not None
            value = clause.number_path[-1]
            if value in seen:
                yield "duplicate", clause, seen[value], value
                continue
            if value != previous + 1:
                yield "gap", clause, previous + 1, value
            seen[value] = clause.heading_span.start_line
            previous = value


@check("clause-numbering-gap")
def clause_numbering_gap(ctx: CheckContext) -> Iterator[Finding]:
    for problem, clause, expected, found in _numbering(ctx.document):
        if problem == "gap" and clause.number_span is not None:
            yield Finding(
                clause.number_span,
                {"number": clause.number, "expected": expected, "found": found},
            )


@check("duplicate-clause-number")
def duplicate_clause_number(ctx: CheckContext) -> Iterator[Finding]:
    for problem, clause, first_line, _found in _numbering(ctx.document):
        if problem == "duplicate" and clause.number_span is not None:
            yield Finding(clause.number_span, {"number": clause.number, "first_line": first_line})
