"""Per-document indexes that every rule shares, built once per lint.

Rules and fact extraction all walk the same clause tree and the same prose.
Walking it through generators once per rule costs more than the rules' own
work on a large contract, so the lists are built on first use and kept in
``document.notes`` (a document is not changed while it is being linted).
"""

from __future__ import annotations

from collections.abc import Callable

from contractlint.model import Clause, Document, Paragraph
from contractlint.span import Span

_CLAUSES = "_ix_clauses"
_PARAGRAPHS = "_ix_paragraphs"
_SPANNERS = "_ix_spanners"


def clauses(document: Document) -> list[Clause]:
    """Every clause (annex clauses included) in ``document.walk_clauses()`` order."""
    cached = document.notes.get(_CLAUSES)
    if cached is None:
        # walk_clauses() with a list for a stack instead of a generator per clause
        # (1 MB zh: 1.6 -> 0.5 ms)
        cached = document.notes[_CLAUSES] = []
        stack = [c for annex in reversed(document.annexes) for c in reversed(annex.clauses)]
        stack.extend(reversed(document.clauses))
        while stack:
            clause = stack.pop()
            cached.append(clause)
            if clause.children:
                stack.extend(reversed(clause.children))
    return cached


def paragraphs(document: Document) -> list[tuple[Clause | None, Paragraph]]:
    """``document.paragraphs()`` as a list: (innermost clause or None, paragraph)."""
    cached = document.notes.get(_PARAGRAPHS)
    if cached is None:
        result: list[tuple[Clause | None, Paragraph]] = [(None, p) for p in document.preamble]
        for clause in clauses(document):
            for paragraph in clause.paragraphs:
                result.append((clause, paragraph))
        for annex in document.annexes:
            result.extend((None, p) for p in annex.paragraphs)
        cached = document.notes[_PARAGRAPHS] = result
    return cached


def paragraph_spanner(document: Document, i: int) -> Callable[[int, int], Span]:
    """:func:`spanner` for paragraph ``i`` of :func:`paragraphs`, made once and shared
    (money, references and 大写 are often found in the same paragraphs)."""
    made = document.notes.get(_SPANNERS)
    if made is None:
        made = document.notes[_SPANNERS] = [None] * len(paragraphs(document))
    found = made[i]
    if found is None:
        paragraph = paragraphs(document)[i][1]
        span = paragraph.span
        if span.start_line == span.end_line:  # its own position: no search, no look-up
            found = _on_line(span.start_line, span.start_col, span.start_offset)
        else:
            found = spanner(document, span.start_offset, paragraph.text)
        made[i] = found
    return found


def spanner(document: Document, base: int, text: str) -> Callable[[int, int], Span]:
    """A function giving the span of ``text[start:end]`` for ``text`` at offset ``base``.

    Equal to ``document.index.span(base + start, base + end)``; when the source
    holds no line break in that stretch, the line is the same throughout and
    only one position lookup is needed for the whole paragraph.
    """
    index = document.index
    end = base + len(text)
    if end <= len(index.text) and index.text.find("\n", base, end) == -1:
        line, column = index.position(base)
        return _on_line(line, column, base)

    def general(start: int, stop: int) -> Span:
        return index.span(base + start, base + stop)

    return general


def _on_line(line: int, column: int, base: int) -> Callable[[int, int], Span]:
    """Spans of text on one line that starts at ``column`` of ``line``, offset ``base``."""

    def same_line(start: int, stop: int) -> Span:
        if stop < start:
            stop = start
        return Span(line, column + start, line, column + stop, base + start, base + stop)

    return same_line
