"""Clause kinds: the known kinds and inference from headings.

The bilingual keyword table lives in ``rules/clause-kinds.yaml`` so that it can
be extended without touching code. A heading may name several kinds
("Governing Law and Dispute Resolution"); overlapping matches keep the longer.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from contractlint import rxcache
from contractlint.resources import rules_dir
from contractlint.yamlload import load_yaml


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, ...], re.Pattern[str], dict[str, str]]:
    """(kinds in file order, one alternation of every keyword, keyword → kind).

    One alternation with the longest keywords first finds, at each position, the
    longest keyword, and resumes after it: exactly "overlapping matches keep the
    longer" — in one scan per heading instead of one per kind.
    """
    data = load_yaml(os.path.join(rules_dir(), "clause-kinds.yaml"))
    kinds: list[str] = []
    owner: dict[str, str] = {}
    words: list[tuple[str, bool]] = []  # (keyword, is English)
    for kind, table in (data.get("kinds") or {}).items():
        kinds.append(kind)
        for language in ("zh", "en"):
            for word in table.get(language) or []:
                key = str(word).lower()
                if key not in owner:  # the first kind in file order keeps a shared word
                    owner[key] = kind
                    words.append((str(word), language == "en"))
    words.sort(key=lambda item: len(item[0]), reverse=True)
    parts = [
        r"(?<![A-Za-z])" + re.escape(word) + r"(?![A-Za-z])" if english else re.escape(word)
        for word, english in words
    ]
    # Compiled through the cross-run cache: this alternation of every keyword is
    # one of the slowest patterns to compile, and every run needs it.
    pattern = rxcache.compile("|".join(parts) or r"(?!)", re.IGNORECASE)
    return tuple(kinds), pattern, owner


def known_kinds() -> tuple[str, ...]:
    return (*_table()[0], "annex", "preamble", "recitals", "other")


@lru_cache(maxsize=16384)
def infer_kinds(heading: str) -> tuple[str, ...]:
    """Kinds named by a heading, in the order they appear in it."""
    _kinds, pattern, owner = _table()
    chosen: list[str] = []
    for match in pattern.finditer(heading):
        kind = owner[match.group().lower()]
        if kind not in chosen:
            chosen.append(kind)
    return tuple(chosen)
