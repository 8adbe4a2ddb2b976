"""Clause kinds: the known kinds and inference from headings.

The bilingual keyword table lives in ``rules/clause-kinds.yaml`` so that it can
be extended without touching code. A heading may name several kinds
("Governing Law and Dispute Resolution"); overlapping matches keep the longer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from contractlint.resources import rules_dir
from contractlint.yamlload import load_yaml


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_yaml(rules_dir() / "clause-kinds.yaml")
    table: list[tuple[str, re.Pattern[str]]] = []
    for kind, words in (data.get("kinds") or {}).items():
        parts: list[str] = []
        for word in words.get("zh") or []:
            parts.append(re.escape(str(word)))
        for word in words.get("en") or []:
            parts.append(r"(?<![A-Za-z])" + re.escape(str(word)) + r"(?![A-Za-z])")
        if parts:
            parts.sort(key=len, reverse=True)
            table.append((kind, re.compile("|".join(parts), re.IGNORECASE)))
    return tuple(table)


def known_kinds() -> tuple[str, ...]:
    return (*tuple(kind for kind, _ in _table()), "annex", "preamble", "recitals", "other")


@lru_cache(maxsize=4096)
def infer_kinds(heading: str) -> tuple[str, ...]:
    """Kinds named by a heading, in the order they appear in it."""
    hits: list[tuple[int, int, int, str]] = []  # (start, -length, table order, kind)
    for order, (kind, pattern) in enumerate(_table()):
        for match in pattern.finditer(heading):
            hits.append((match.start(), -(match.end() - match.start()), order, kind))
    if not hits:
        return ()
    hits.sort()
    chosen: list[str] = []
    covered_until = -1
    for start, neg_length, _order, kind in hits:
        end = start - neg_length
        if start < covered_until:
            continue  # overlaps a longer or earlier match
        covered_until = end
        if kind not in chosen:
            chosen.append(kind)
    return tuple(chosen)
