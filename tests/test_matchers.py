"""The declarative rules' scopes: the outermost clauses of a set of kinds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contractlint.matchers import Scanner
from contractlint.model import Clause, Document
from contractlint.parse import parse

TEXT = """---
title: Service Agreement
language: en
---

# Service Agreement

## 1 Fees {fees}

The fee is USD 100.

### 1.1 Late payment {liability}

Interest runs on late payment.

#### 1.1.1 Cap {fees}

The cap on interest is 5%.

## 2 Warranty {warranty}

The Provider warrants the work.

### 2.1 Remedies {liability}

The Provider repairs defects.

### 2.2 Exclusions

None.

#### 2.2.1 Wear {warranty}

Wear is not a defect.

## 3 General

### 3.1 Liability {liability}

Liability is capped.

## Annex A Prices {fees}

### A.1 Rates {fees}

USD 10 per hour.
"""

KIND_SETS = [
    {"fees"},
    {"liability"},
    {"warranty"},
    {"fees", "liability"},
    {"warranty", "liability"},
    {"fees", "warranty", "liability"},
    {"term"},
    set(),
]


def _naive_outermost(document: Document, kinds: set[str]) -> Iterator[Clause]:
    """The definition: walk the tree, stop going down at a clause of ``kinds``."""

    def visit(clauses: list[Clause]) -> Iterator[Clause]:
        for clause in clauses:
            if kinds.intersection(clause.kinds):
                yield clause
            else:
                yield from visit(clause.children)

    yield from visit(document.clauses)
    for annex in document.annexes:
        yield from visit(annex.clauses)


@pytest.mark.parametrize("kinds", KIND_SETS, ids=lambda k: "+".join(sorted(k)) or "none")
def test_outermost_clauses_of_kinds(kinds: set[str]) -> None:
    document = parse(TEXT, "t.contract").document
    expected = [clause.label for clause in _naive_outermost(document, kinds)]
    found = [clause.label for clause in Scanner(document).outermost(frozenset(kinds))]
    assert found == expected


def test_outermost_skips_nested_clauses_of_the_same_kinds() -> None:
    document = parse(TEXT, "t.contract").document
    found = [c.label for c in Scanner(document).outermost(frozenset({"fees", "liability"}))]
    # 1.1 and 1.1.1 sit inside 1 Fees; the annex's clauses count too
    assert found == ["1 Fees", "2.1 Remedies", "3.1 Liability", "A.1 Rates"]


def test_kinds_present() -> None:
    document = parse(TEXT, "t.contract").document
    assert {"fees", "liability", "warranty"} <= Scanner(document).kinds_present
    assert "term" not in Scanner(document).kinds_present


# Patterns whose matches cross clause edges, read the text around a region
# (\b, (?m)^), match nothing but context, or mark a part to underline.
PATTERNS = [
    r"(?i)\bfees?\b",
    r"(?i)late\s+payment",
    r"(?m)^The\b",
    r"(?s)Interest.{0,80}?defects",  # reaches from 1.1 into clause 2
    r"is\s+capped\.?\s*(?:##)?",
    r"(?i)(?:the|a)\s+(?P<hit>\w+)",
    r"e",
    r"(?:USD|5%)\s*(?:\n+#+)?",
]


@pytest.mark.parametrize("source", PATTERNS)
def test_regions_searched_together_find_what_each_finds_alone(source: str) -> None:
    document = parse(TEXT, "t.contract").document
    scanner = Scanner(document)
    clauses = list(document.walk_clauses())
    spans = sorted((c.span.start_offset, c.span.end_offset) for c in clauses)
    region_sets = [
        scanner.regions(("fees", "liability")),
        scanner.regions(("warranty",)),
        [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)],
        [(0, 40), (40, 90), (95, 300), (300, len(TEXT))],
    ]
    for regions in region_sets:
        alone = Scanner(document)  # nothing cached: each region is searched by itself
        expected = [m for start, end in regions for m in alone._search(source, start, end)]
        assert scanner.matches_in_regions(source, regions) == expected, regions


def test_a_cached_whole_text_search_does_not_stand_in_for_a_region_a_match_crosses() -> None:
    document = parse(TEXT, "t.contract").document
    source = r"Interest runs on (?:late payment|late)"
    start = TEXT.index("Interest")
    end = TEXT.index("payment", start) + 3  # the whole text's match goes on past the region
    scanner = Scanner(document)
    assert [TEXT[m[0] : m[1]] for m in scanner.matches(source)] == ["Interest runs on late payment"]
    found = scanner.matches(source, start, end)
    assert [TEXT[m[0] : m[1]] for m in found] == ["Interest runs on late"]


def test_the_shared_clause_list_is_in_walk_order() -> None:
    from contractlint import docindex

    document = parse(TEXT, "t.contract").document
    assert [id(c) for c in docindex.clauses(document)] == [id(c) for c in document.walk_clauses()]
    assert [c.label for c in docindex.clauses(document)][-1] == "A.1 Rates"
