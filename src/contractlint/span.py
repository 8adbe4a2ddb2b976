"""Source positions.

Internally every position is a 1-based line and column counted in code points,
plus a 0-based code-point offset into the (newline-normalised) text. Columns are
end-exclusive, like ruff's ``end_location``. Conversions to UTF-16 (LSP) or
other encodings happen at the edges, never here.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple


class Span(NamedTuple):
    """A half-open range of source text: [start, end).

    A NamedTuple rather than a frozen dataclass: large contracts create
    hundreds of thousands of spans, and tuple construction is several times
    cheaper while staying immutable and hashable.
    """

    start_line: int
    start_col: int
    end_line: int
    end_col: int
    start_offset: int
    end_offset: int

    def contains(self, other: Span) -> bool:
        return self.start_offset <= other.start_offset and other.end_offset <= self.end_offset

    def to_dict(self) -> dict[str, int]:
        return self._asdict()


class LineIndex:
    """Maps code-point offsets to (line, column) for one text, in O(log lines).

    The text is expected with ``\\n`` line breaks (see :mod:`contractlint.decode`).
    """

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based offset; clamped into the text."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def offset(self, line: int, col: int) -> int:
        """0-based offset of a 1-based (line, column); clamped into the text."""
        line = max(1, min(line, len(self._starts)))
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        return max(start, min(start + col - 1, end))

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        if not 1 <= line <= len(self._starts):
            return ""
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        return self.text[start:end]

    def span(self, start: int, end: int) -> Span:
        """The span of text[start:end] (offsets are clamped, end >= start)."""
        end = max(start, end)
        sl, sc = self.position(start)
        el, ec = self.position(end)
        return Span(
            sl, sc, el, ec, max(0, min(start, len(self.text))), max(0, min(end, len(self.text)))
        )
