"""Positions at the LSP edge: code points ↔ UTF-16, UTF-8 or UTF-32 code units.

The linter counts 1-based lines and columns in code points over a text whose
line breaks are normalised to ``\\n`` and whose byte-order mark is dropped
(see :mod:`contractlint.span` and :func:`contractlint.lint.lint_with_document`).
An LSP client counts 0-based lines and columns in the code units of the
negotiated ``positionEncoding`` (UTF-16 unless agreed otherwise) over the text
exactly as the editor holds it, where ``\\r\\n``, ``\\r`` and ``\\n`` each end a
line. :class:`TextPositions` maps between the two for one version of a text,
and applies incremental edits, so no pygls helper (whose line splitting also
breaks at U+2028 and form feeds) is involved.

No pygls import here: the module is pure and unit-tested on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from contractlint.span import Span

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def code_units(text: str, encoding: str = UTF16) -> int:
    """Length of ``text`` in code units of ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
    return len(text.encode("utf-8", "surrogatepass"))


def _char_units(char: str, encoding: str) -> int:
    point = ord(char)
    if encoding == UTF32 or point < 0x80:
        return 1
    if encoding == UTF16:
        return 2 if point > 0xFFFF else 1
    return 2 if point < 0x800 else 3 if point < 0x10000 else 4


def code_point_index(line: str, units: int, encoding: str = UTF16) -> int:
    """The code-point index in ``line`` of a column given in code units.

    A column past the end of the line means the end of the line (as the LSP
    specification says); a column inside a character (half a surrogate pair,
    part of a UTF-8 sequence) means that character's start.
    """
    if units <= 0:
        return 0
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    total = 0
    for index, char in enumerate(line):
        total += _char_units(char, encoding)
        if total > units:
            return index
        if total == units:
            return index + 1
    return len(line)


def normalize_encoding(name: object) -> str:
    """The encoding a client negotiated (``PositionEncodingKind`` or a string)."""
    value = str(getattr(name, "value", name) or UTF16).lower()
    return value if value in ENCODINGS else UTF16


class TextPositions:
    """One version of a client's text, with its line table.

    ``text`` is the text exactly as the client holds it (CRLF and BOM kept).
    """

    __slots__ = ("_ends", "_starts", "bom", "encoding", "text")

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = normalize_encoding(encoding)
        self.bom = text.startswith("\ufeff")
        starts = [0]
        ends: list[int] = []
        for match in _LINE_BREAK.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
        self._starts = starts
        self._ends = ends

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line(self, line: int) -> str:
        """The text of a 0-based line without its line break ("" past the end)."""
        if not 0 <= line < len(self._starts):
            return ""
        return self.text[self._starts[line] : self._ends[line]]

    # -- client (0-based, code units) -> raw text ---------------------------------

    def offset(self, line: int, character: int) -> int:
        """Code-point offset into ``text`` of a client position (clamped)."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        return self._starts[line] + code_point_index(self.line(line), character, self.encoding)

    def apply_change(self, start: tuple[int, int], end: tuple[int, int], new_text: str) -> str:
        """The text after replacing the client range [start, end) with ``new_text``."""
        begin = self.offset(*start)
        finish = max(begin, self.offset(*end))
        return self.text[:begin] + new_text + self.text[finish:]

    # -- linter (1-based code points, BOM dropped) <-> client -----------------------

    def to_client(self, line: int, col: int) -> tuple[int, int]:
        """Client (line, character) of a linter (line, column)."""
        index = line - 1
        if index >= len(self._starts):
            last = len(self._starts) - 1
            return last, code_units(self.line(last), self.encoding)
        if index < 0:
            return 0, 0
        text = self.line(index)
        points = max(0, col - 1) + (1 if index == 0 and self.bom else 0)
        return index, code_units(text[:points], self.encoding)

    def range_of(self, span: Span) -> tuple[tuple[int, int], tuple[int, int]]:
        """Client ((line, character), (line, character)) of a linter span."""
        return self.to_client(span.start_line, span.start_col), self.to_client(
            span.end_line, span.end_col
        )

    def from_client(self, line: int, character: int) -> tuple[int, int]:
        """Linter (line, column) of a client position (clamped into the text)."""
        if line < 0:
            return 1, 1
        if line >= len(self._starts):
            line = len(self._starts) - 1
            character = code_units(self.line(line), self.encoding)
        points = code_point_index(self.line(line), character, self.encoding)
        if line == 0 and self.bom:
            points = max(0, points - 1)
        return line + 1, points + 1

    def line_of_offset(self, offset: int) -> int:
        """0-based line holding a raw offset."""
        return bisect_right(self._starts, offset) - 1
