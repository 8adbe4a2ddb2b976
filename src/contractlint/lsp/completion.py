"""Completion: clause kind tags after ``{`` on a heading; party ids and defined terms in prose.

Chinese has no spaces, so an editor's notion of "the word before the cursor"
is the whole run of characters. Each item therefore carries its own edit range:
the longest piece of text before the cursor that starts the candidate, so that
typing 服 offers 服务期 and replaces just the 服.
"""

from __future__ import annotations

import re

from lsprotocol import types

from contractlint.lsp.analysis import Analysis
from contractlint.lsp.positions import code_point_index, code_units

TRIGGERS = ("{", "“", '"')

_HEADING_TAG = re.compile(r"^\s*#{1,6}[ \t][^{\n]*\{(?P<partial>[^{}\n]*)$")


def _kinds() -> tuple[str, ...]:
    try:
        from contractlint.kinds import known_kinds

        return known_kinds()
    except Exception:  # the kind table failed to load: no kind completion
        return ()


def _prefix_len(before: str, candidate: str) -> int:
    """Length of the longest suffix of ``before`` that is a prefix of ``candidate``."""
    for length in range(min(len(before), len(candidate)), 0, -1):
        if candidate.startswith(before[-length:]):
            return length
    return 0


def complete(analysis: Analysis, line: int, character: int) -> types.CompletionList:
    positions = analysis.positions
    text = positions.line(line)
    cursor = code_point_index(text, character, positions.encoding)
    before = text[:cursor]
    encoding = positions.encoding

    def edit_range(length: int) -> types.Range:
        start = code_units(before[: len(before) - length], encoding)
        end = code_units(before, encoding)
        return types.Range(
            start=types.Position(line=line, character=start),
            end=types.Position(line=line, character=end),
        )

    items: list[types.CompletionItem] = []
    tag = _HEADING_TAG.match(before)
    if tag is not None:
        # A tag may name several kinds ({governing-law disputes}): complete the last.
        partial = re.split(r"[\s,，、]+", tag.group("partial"))[-1]
        closed = "}" in text[cursor:]
        for kind in _kinds():
            items.append(
                types.CompletionItem(
                    label=kind,
                    kind=types.CompletionItemKind.EnumMember,
                    detail="clause kind",
                    text_edit=types.TextEdit(
                        range=edit_range(len(partial)), new_text=kind if closed else kind + "}"
                    ),
                    filter_text=kind,
                )
            )
        return types.CompletionList(is_incomplete=False, items=items)

    document = analysis.document
    seen: set[str] = set()
    for party in document.parties:
        if not party.id or party.id in seen:
            continue
        seen.add(party.id)
        length = _prefix_len(before, party.id)
        items.append(
            types.CompletionItem(
                label=party.id,
                kind=types.CompletionItemKind.Variable,
                detail=f"{party.role + ' ' if party.role else ''}{party.name}".strip(),
                text_edit=types.TextEdit(range=edit_range(length), new_text=party.id),
                sort_text=f"0{party.id}",
            )
        )
    for definition in document.definitions:
        term = definition.term
        if not term or term in seen:
            continue
        seen.add(term)
        length = _prefix_len(before, term)
        items.append(
            types.CompletionItem(
                label=term,
                kind=types.CompletionItemKind.Reference,
                detail="defined term",
                documentation=types.MarkupContent(
                    kind=types.MarkupKind.Markdown, value=definition.text.strip()
                ),
                text_edit=types.TextEdit(range=edit_range(length), new_text=term),
                sort_text=f"1{term}",
            )
        )
    return types.CompletionList(is_incomplete=False, items=items)
