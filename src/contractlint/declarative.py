"""Evaluate a declarative rule (see :mod:`contractlint.matchers`) into findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contractlint.checks import Finding
from contractlint.matchers import Scanner, anchor_span, pick, terms_pattern
from contractlint.model import Document
from contractlint.profiles import get_profile


def evaluate(
    kind: str, document: Document, options: dict[str, Any], profile: str, language: str
) -> Iterator[Finding]:
    """Findings of one declarative rule; ``language`` picks the texts for args."""
    scanner = Scanner.of(document)
    doc_lang = document.language
    if kind == "require-clause":
        yield from _require_clause(scanner, options, profile, doc_lang, language)
    elif kind == "clause-lacks":
        yield from _clause_lacks(scanner, options, doc_lang, language)
    elif kind in ("terms-in-scope", "clause-contains", "pattern"):
        yield from _terms(scanner, options, doc_lang)
    elif kind == "if-then":
        yield from _if_then(scanner, options, doc_lang)


def _require_clause(
    scanner: Scanner, options: dict[str, Any], profile_id: str, doc_lang: str, language: str
) -> Iterator[Finding]:
    profile = get_profile(profile_id)
    if profile is None:
        return
    element = next((e for i in options["elements"] if (e := profile.element(i))), None)
    if element is None:
        return  # this profile does not expect the element
    document = scanner.document
    if element.parties and document.parties:
        return
    if element.signatures and document.signatures:
        return
    if element.annexes and document.annexes:
        return
    if scanner.kinds_present.intersection(element.kinds):
        return
    mentions = pick(options.get("mentions"), doc_lang)
    if mentions:
        for start, end in scanner.regions(("all",)):
            if scanner.any_match(mentions, start, end):
                return
    yield Finding(
        anchor_span(document),
        {
            "element": element.id,
            "element_title": element.title(language),
            "profile": profile.title(language),
            "profile_id": profile.id,
        },
    )


def _clause_lacks(
    scanner: Scanner, options: dict[str, Any], doc_lang: str, language: str
) -> Iterator[Finding]:
    when = pick(options.get("when"), doc_lang)
    anchor = pick(options.get("anchor"), doc_lang)
    joiner = "、" if language == "zh" else ", "
    clauses = scanner.outermost(frozenset(options["scope"]))
    if options.get("together", True) and clauses:
        groups = [clauses]
    else:
        groups = [[clause] for clause in clauses]
    for group in groups:
        ranges = [(c.span.start_offset, c.span.end_offset) for c in group]
        if when and not any(scanner.matches_in(when, s, e, prose=True) for s, e in ranges):
            continue
        missing = []
        for requirement in options["requires"]:
            if not _met(scanner, requirement, ranges, doc_lang):
                label = requirement["label"]
                missing.append(label.get(language) or label.get("en") or next(iter(label.values())))
        if not missing:
            continue
        span = group[0].heading_span
        if anchor:
            hit = next(
                (m for s, e in ranges for m in scanner.matches_in(anchor, s, e, prose=True)), None
            )
            if hit is not None:
                span = scanner.document.index.span(hit[2], hit[3])
        yield Finding(
            span,
            {"missing": joiner.join(missing), "clause": group[0].label, "count": len(missing)},
        )


def _met(
    scanner: Scanner, requirement: dict[str, Any], ranges: list[tuple[int, int]], doc_lang: str
) -> bool:
    pattern = pick(requirement.get("pattern"), doc_lang)
    with_facts = requirement.get("with-facts") or ()
    for start, end in ranges:
        if pattern:
            if with_facts:
                for hit in scanner.matches_in(pattern, start, end, prose=True):
                    low, high = scanner.bounds(hit[2], "sentence")
                    if scanner.any_fact(with_facts, low, high):
                        return True
            elif scanner.matches_in(pattern, start, end, prose=True):
                return True
        if requirement.get("facts") and scanner.any_fact(requirement["facts"], start, end):
            return True
    return False


def _terms(scanner: Scanner, options: dict[str, Any], doc_lang: str) -> Iterator[Finding]:
    pattern = pick(options.get("pattern"), doc_lang)
    terms = (options.get("terms") or {}).get(doc_lang)
    if terms:
        listed = terms_pattern(terms)
        pattern = f"{pattern}|{listed}" if pattern else listed
    if not pattern:
        return
    unless = pick(options.get("unless"), doc_lang)
    unless_facts = options.get("unless-facts") or ()
    within = options.get("within", "sentence")
    scope = tuple(options.get("scope") or ("all",))
    regions = scanner.regions(scope)
    paragraphs = scanner.regions(("all",))
    index = scanner.document.index
    for _start, _end, hit_start, hit_end in _scoped(scanner, pattern, scope, regions):
        if not scanner.in_regions(paragraphs, hit_start, hit_end):
            continue  # headings, metadata and comments are not prose
        if unless or unless_facts:
            low, high = scanner.bounds(hit_start, within)
            if unless and scanner.any_match(unless, low, high):
                continue
            if unless_facts and scanner.any_fact(unless_facts, low, high):
                continue
        paragraph = scanner.paragraph_at(hit_start)
        clause = paragraph[2] if paragraph else None
        text = scanner.text[hit_start:hit_end]
        yield Finding(
            index.span(hit_start, hit_end),
            {"match": text, "term": text, "clause": clause.label if clause else ""},
        )


def _if_then(scanner: Scanner, options: dict[str, Any], doc_lang: str) -> Iterator[Finding]:
    condition = pick(options.get("if"), doc_lang)
    then = pick(options.get("then"), doc_lang)
    then_facts = options.get("then-facts") or ()
    if not condition:
        return
    within = options.get("within", "sentence")
    scope = tuple(options.get("scope") or ("all",))
    regions = scanner.regions(scope)
    paragraphs = scanner.regions(("all",))
    index = scanner.document.index
    for _start, _end, hit_start, hit_end in _scoped(scanner, condition, scope, regions):
        if not scanner.in_regions(paragraphs, hit_start, hit_end):
            continue
        low, high = scanner.bounds(hit_start, within)
        if then and scanner.any_match(then, low, high):
            continue
        if then_facts and scanner.any_fact(then_facts, low, high):
            continue
        text = scanner.text[hit_start:hit_end]
        yield Finding(index.span(hit_start, hit_end), {"match": text, "term": text})


def _scoped(
    scanner: Scanner, pattern: str, scope: tuple[str, ...], regions: list[tuple[int, int]]
) -> Iterator[tuple[int, int, int, int]]:
    """Matches of ``pattern`` inside the scope: the whole text once, or clause by clause."""
    if "all" in scope:
        yield from scanner.matches(pattern)
        return
    yield from scanner.matches_in_regions(pattern, regions)
