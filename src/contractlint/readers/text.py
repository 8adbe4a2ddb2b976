"""Plain-text drafts (.txt): one line per line, paragraphs by punctuation and blank lines.

The text is the decoded file itself (any encoding :mod:`contractlint.decode`
knows, GBK/GB18030 included), so every span is the file's own line and column.
A line continues the previous one's paragraph only when that one looks hard-
wrapped: long, and not ending a sentence. Chinese templates put one paragraph
on a line, and lines indented with full-width spaces start a new one.
"""

from __future__ import annotations

import re

from contractlint.model import Document
from contractlint.readers.structure import TERMINAL, Line, recognise

ATX_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>\S.*?)[ \t]*$")
COMMENT_LINE = re.compile(r"[ \t]*(?:<!--(?:[^-]|-(?!->))*-->|//[^\n]*)[ \t]*$")


def text_lines(text: str) -> list[Line]:
    """Line records for plain text."""
    lines: list[Line] = []
    offset = 0
    previous = ""
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        stripped = raw.strip(" \t\u3000\u00a0")
        if not stripped:
            lines.append(Line(start, end, kind="blank"))
            previous = ""
            continue
        if COMMENT_LINE.fullmatch(raw):
            lines.append(Line(start, end, kind="comment"))
            previous = ""
            continue
        atx = ATX_HEADING.match(raw)
        if atx:  # plain text written Markdown-style: "## 第一条 服务范围"
            lines.append(
                Line(
                    start,
                    start + atx.end("text"),
                    heading=len(atx.group("hashes")),
                    content=start + atx.start("text"),
                )
            )
            previous = ""
            continue
        indented = raw.startswith(("\u3000", "  ", "\t"))
        joinable = (
            bool(previous)
            and len(previous) >= 30
            and previous[-1] not in TERMINAL + "：:"
            and not indented
        )
        lines.append(Line(start, end, joinable=joinable))
        previous = stripped
    return lines


def read_text(text: str, path: str, encoding: str = "utf-8") -> Document:
    """The document model of a plain-text draft (``text`` already decoded)."""
    document = recognise(text, path, "text", text_lines(text))
    document.notes["encoding"] = encoding
    return document
