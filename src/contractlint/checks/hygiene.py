"""Template hygiene (CL8xx): blanks, alternatives, defined terms, references, numbering.

All of these read the facts that :mod:`contractlint.extract` found once per
document; none re-scans the prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from contractlint import docindex, rxcache
from contractlint.checks import CheckContext, Finding, check
from contractlint.checks.amounts import prose_with
from contractlint.diagnostic import Applicability, Edit, Fix
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
        for c in docindex.clauses(ctx.document)
        if "signatures" in c.kinds
    ]
    for fact in ctx.facts.placeholders:
        if _SIGNING_LINE.fullmatch(fact.text) and any(
            s <= fact.span.start_offset < e for s, e in signing
        ):
            continue
        if _INSTRUCTION.fullmatch(fact.text):
            continue  # "[optional]" is a template instruction (CL808), not a blank
        yield Finding(fact.span, {"placeholder": fact.text})


_SIGNING_LINE = rxcache.compile(r"[_＿]+")
_INSTRUCTION = rxcache.compile(
    r"[\[【]\s*(?:optional|可选|选填|选用)[^\]】]{0,6}[\]】]", re.IGNORECASE
)


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


@lru_cache(maxsize=256)  # a contract names the same few annexes again and again
def _annex_key(raw: str | None) -> str | None:
    if raw is None:
        return None
    value = any_int(raw)
    return str(value) if value is not None else raw.strip().upper()


_CLAIMED_EN = rxcache.compile(
    r"[\"“](?P<q>[^\"”\n]{1,60})[\"”]\s*\(?\s*(?:as defined|has the meaning|have the meaning)"
    r"|(?P<t>\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4})\s*\(\s*(?:as defined|as such term is defined)"
)
_CLAIMED_ZH = rxcache.compile(
    r"“(?P<q>[^”\n]{1,30})”\s*[（(]?\s*(?:定义见|含义见|其定义见)"
    r"|(?:所|中|已)?定义的\s*“(?P<t>[^”\n]{1,30})”"
)
_DEFINED_ELSEWHERE = rxcache.compile(
    r"meanings? (?:given|ascribed|assigned) (?:to them |to it )?in the|未(?:在本合同中)?定义的(?:术语|词语)"
    r"|定义与[^。\n]{0,20}相同",
    re.IGNORECASE,
)


_LEADING_WORDS = frozenset({"The", "A", "An", "Each", "Any", "This", "That", "Such", "For", "From"})


@check("term-used-but-undefined")
def term_used_but_undefined(ctx: CheckContext) -> Iterator[Finding]:
    """A term the text says is defined ("as defined in Clause 1", “X”（定义见…）) but is not.

    Only such explicit claims are checked: a capitalised phrase may be a proper name,
    so mere use proves nothing. A contract that takes its definitions from another
    document ("capitalised terms have the meanings given in the Master Agreement")
    is skipped.
    """
    document = ctx.document
    defined = {d.term.casefold() for d in document.definitions}
    # paragraphs picked from the shared lower-cased prose first, then tested as the
    # patterns need (1 MB zh 2.4 -> 1.8 ms, en 2.4 -> 2.0)
    if any(
        ("meaning" in p.text or "定义" in p.text) and _DEFINED_ELSEWHERE.search(p.text)
        for _c, p, _lowered in prose_with(document, ("meaning", "定义"))
    ):
        return
    index = document.index
    for _clause, paragraph, _lowered in prose_with(document, ("defin", "meaning", "定义", "含义")):
        text = paragraph.text
        if (
            "defin" not in text
            and "meaning" not in text
            and "定义" not in text
            and "含义" not in text
        ):
            continue
        pattern = _CLAIMED_ZH if ctx.document.language == "zh" else _CLAIMED_EN
        for match in pattern.finditer(text):
            group = "q" if match.group("q") else "t"
            term = match.group(group).strip()
            words = term.split()
            # "The Acceptance Date (as defined …)": any tail of the phrase may be the term.
            if any(" ".join(words[i:]).casefold() in defined for i in range(len(words))):
                continue
            start = match.start(group)
            while len(words) > 1 and words[0] in _LEADING_WORDS:
                start = text.index(words[1], start + len(words[0]))
                words = words[1:]
            base = paragraph.span.start_offset
            yield Finding(
                index.span(base + start, base + match.end(group)), {"term": " ".join(words)}
            )


@check("missing-reference-target")
def missing_reference_target(ctx: CheckContext) -> Iterator[Finding]:
    """A reference to a clause or annex this document does not have.

    Clause references are checked only when the document numbers its clauses.
    An annex the contract refers to is part of what is signed, so one that is not
    in the document is reported even when the document has no annexes at all.
    """
    document = ctx.document
    numbers: set[tuple[int, ...]] | None = None  # made for the first clause reference
    annexes = {_annex_key(a.id) for a in document.annexes if a.id}
    for fact in ctx.facts.xrefs:
        target, raw = fact.value
        if target == "clause":
            if numbers is None:
                numbers = _clause_numbers(document)
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
            if _annex_key(raw) not in annexes:
                yield Finding(fact.span, {"reference": fact.text, "kind": "annex"})


def _clause_numbers(document: Document) -> set[tuple[int, ...]]:
    """The numbers a clause reference may name; empty when clauses are not numbered."""
    numbers = {c.number_path for c in docindex.clauses(document) if c.number_path}
    if numbers:
        numbers |= _paragraph_numbers(document)
    return numbers


_LINE_NUMBER = rxcache.compile(r"^[ \t]*(\d+(?:\.\d+)+)(?=[.)\s]|$)", re.MULTILINE)


def _paragraph_numbers(document: Document) -> set[tuple[int, ...]]:
    """Sub-clause numbers written at the start of prose lines ("2.1 The Provider …")."""
    found: set[tuple[int, ...]] = set()
    for _clause, paragraph in docindex.paragraphs(document):
        if paragraph.text[:1].isdigit() or "\n" in paragraph.text:
            for match in _LINE_NUMBER.finditer(paragraph.text):
                parts = match.group(1).split(".")
                if all(len(part) <= 6 for part in parts):
                    found.add(tuple(int(part) for part in parts))
    return found


def _style(number: str, depth: int) -> tuple[str, str | int]:
    """The numbering style of a (non-empty) clause number: a run counts 1, 2, 3 … in one.

    A tuple rather than a formatted name: this runs for every clause (1 MB zh 1.9 -> 0.9 ms).
    """
    first = number[0]
    if first == "第":
        return ("zh", number[-1])
    if first.isdigit():
        return ("dotted", depth)
    if first in "（(":
        return ("paren", 0)
    if first.isalpha() and first.isascii():
        return ("word", number.split()[0].lower())
    return ("zh-list", 0)


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
    groups: dict[tuple[str, str | int], list[Clause]] = {}
    for clause in clauses:
        if clause.number and clause.number_path:
            style = _style(clause.number, len(clause.number_path))
            if style == ("zh", "条"):
                articles.append(clause)
            else:
                groups.setdefault(style, []).append(clause)
        if clause.children:  # most have none: no generator for them (1 MB zh 6.9 -> 5.9 ms)
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
            label = _render(clause.number or "", expected)
            yield Finding(
                clause.number_span,
                {"number": clause.number, "expected": label or expected, "found": found},
                _renumber_fix(clause, label, ctx.language),
            )


_CN_DIGITS = "零一二三四五六七八九"


def _cn(value: int) -> str:
    """1-999 in Chinese numerals as clause numbers are written (十二, 一百零五)."""
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_CN_DIGITS[ones] if ones else "")


def _render(number: str, expected: int) -> str | None:
    """``expected`` written the way ``number`` is (3.2 -> 3.1, 第三条 -> 第二条)."""
    if not 1 <= expected <= 999:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)*", number):
        return ".".join([*number.split(".")[:-1], str(expected)])
    match = re.fullmatch(r"第(?P<n>[\d一二三四五六七八九十百零]+)(?P<unit>[条章节])", number)
    if match:
        digits = match.group("n").isdigit()
        return f"第{expected if digits else _cn(expected)}{match.group('unit')}"
    if re.fullmatch(r"[一二三四五六七八九十百零]+", number):  # 一、 style
        return _cn(expected)
    match = re.fullmatch(
        r"(?P<open>[（(])(?P<n>[\d一二三四五六七八九十百零]+)(?P<close>[)）])", number
    )
    if match:
        n = str(expected) if match.group("n").isdigit() else _cn(expected)
        return f"{match.group('open')}{n}{match.group('close')}"
    match = re.fullmatch(r"(?P<word>Article|Section|Clause|ARTICLE|SECTION|CLAUSE)\s+\d+", number)
    if match:
        return f"{match.group('word')} {expected}"
    return None


def _renumber_fix(clause: Clause, new: str | None, language: str) -> Fix | None:
    """Renumber this heading (unsafe: references to the old number are not updated)."""
    if new is None or clause.number_span is None:
        return None
    message = f"改为{new}" if language == "zh" else f"Renumber to {new}"
    return Fix(message, (Edit(clause.number_span, new),), Applicability.UNSAFE)


@check("duplicate-clause-number")
def duplicate_clause_number(ctx: CheckContext) -> Iterator[Finding]:
    for problem, clause, first_line, _found in _numbering(ctx.document):
        if problem == "duplicate" and clause.number_span is not None:
            yield Finding(clause.number_span, {"number": clause.number, "first_line": first_line})
