"""Markdown drafts (.md): headings, lists, tables, front matter, emphasis.

The text is the file itself, so spans are the file's own lines and columns;
Markdown markup stays in paragraph text (``**bold**`` is read as the source
says it). What Markdown knows is handed to the shared recogniser: ``#`` and
setext headings, ordered-list indentation (nesting), tables (a table in the
preamble is read as a cover table of parties and key terms), fenced code
(kept as prose, never read as structure) and HTML comments.
"""

from __future__ import annotations

import re

from contractlint.build import META_KEYS
from contractlint.model import Document, MetaEntry
from contractlint.readers.structure import Line, recognise
from contractlint.span import LineIndex

_ATX = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_ORDERED = re.compile(r"^(?P<indent>[ \t]*)(?P<num>\d+(?:\.\d+)*[.)]?)[ \t]+\S")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+")
_RULE = re.compile(r"^[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")
_FM_ENTRY = re.compile(r"^(?P<key>[^:：#\s][^:：\n]*?)[ \t]*[:：][ \t]*(?P<value>.*?)[ \t]*$")


def front_matter(text: str) -> tuple[list[MetaEntry], int]:
    """Entries of a leading ``---`` block and the number of lines it takes (0 if none)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return [], 0
    index = LineIndex(text)
    entries: list[MetaEntry] = []
    offset = len(lines[0]) + 1
    for number, raw in enumerate(lines[1:], start=2):
        if raw.strip() in ("---", "..."):
            return entries, number
        match = _FM_ENTRY.match(raw)
        if match:
            raw_key = match.group("key").strip()
            value = match.group("value")
            stripped = value.strip("\"'“”")
            vstart = offset + match.start("value") + (value.find(stripped) if stripped else 0)
            entries.append(
                MetaEntry(
                    key=META_KEYS.get(raw_key.lower(), raw_key.lower()),
                    raw_key=raw_key,
                    value=stripped,
                    span=index.span(offset, offset + len(raw.rstrip())),
                    value_span=index.span(vstart, vstart + len(stripped)),
                )
            )
        offset += len(raw) + 1
    return [], 0  # never closed: not front matter


def markdown_lines(text: str, skip: int = 0) -> list[Line]:
    """Line records for Markdown; the first ``skip`` lines (front matter) are markup."""
    raws = text.split("\n")
    lines: list[Line] = []
    offset = 0
    in_fence: str | None = None
    in_comment = False
    for number, raw in enumerate(raws, start=1):
        start, end = offset, offset + len(raw)
        offset = end + 1
        previous = lines[-1] if lines else None
        if number <= skip:
            lines.append(Line(start, end, kind="markup"))
            continue
        if in_fence is not None:
            lines.append(Line(start, end, kind="code", joinable=True))
            if raw.strip().startswith(in_fence):
                in_fence = None
            continue
        if in_comment:
            lines.append(Line(start, end, kind="comment", joinable=True))
            in_comment = "-->" not in raw
            continue
        stripped = raw.strip()
        if not stripped:
            lines.append(Line(start, end, kind="blank"))
            continue
        fence = _FENCE.match(raw)
        if fence:
            in_fence = fence.group(1)
            lines.append(Line(start, end, kind="code"))
            continue
        if stripped.startswith("<!--"):
            lines.append(Line(start, end, kind="comment"))
            in_comment = "-->" not in stripped[4:]
            continue
        if (
            _SETEXT.match(raw)
            and previous is not None
            and previous.kind == "text"
            and previous.heading is None
            and not previous.joinable
            and (len(lines) < 2 or lines[-2].kind in ("blank", "markup"))
        ):
            previous.heading = 1 if "=" in raw else 2
            previous.content = previous.start
            lines.append(Line(start, end, kind="markup"))
            continue
        if _RULE.match(raw):
            # A thematic break carries no words, but nothing of a draft is dropped:
            # it stays a line of its own (it renders as a rule in the .contract too).
            lines.append(Line(start, end))
            continue
        if stripped.startswith("|"):
            lines.append(Line(start, end, kind="table"))
            continue
        atx = _ATX.match(raw)
        if atx:
            content = start + atx.start("text")
            lines.append(
                Line(
                    start,
                    start + atx.end("text"),
                    heading=len(atx.group("hashes")),
                    content=content,
                )
            )
            continue
        joinable = previous is not None and previous.kind == "text"
        ordered = _ORDERED.match(raw)
        if ordered:
            indent = len(ordered.group("indent").expandtabs(4))
            lines.append(
                Line(start, end, content=start + len(ordered.group("indent")), indent=indent)
            )
            continue
        bullet = _BULLET.match(raw)
        indent = len(bullet.group("indent").expandtabs(4)) if bullet else 0
        lines.append(Line(start, end, joinable=joinable and not bullet, indent=indent))
    return lines


def read_markdown(text: str, path: str, encoding: str = "utf-8") -> Document:
    """The document model of a Markdown draft (``text`` already decoded)."""
    entries, skip = front_matter(text)
    document = recognise(text, path, "markdown", markdown_lines(text, skip), entries)
    document.notes["encoding"] = encoding
    return document
