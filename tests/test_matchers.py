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
