"""The contract text, one row per line, findings marked at their exact spans.

Each line is ``<div class="ln" id="c1-L17" data-n="17">`` holding the line's
text (``.tx``) and, beside it, the cards of the findings that start on it
(``.nt``). A finding's text is wrapped in ``<mark data-f="c1-f3">`` elements:
one per line it crosses, split where findings overlap (a mark then lists every
finding it belongs to). A finding with an empty span (an insertion point, or a
span that covers only a line break) is an empty mark at its start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from contractlint.diagnostic import Diagnostic, Severity
from contractlint.report_html.rules import family_of
from contractlint.report_html.strings import text as ui

_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}
_HEADING = re.compile(r"#{1,6}[ \t]")  # a clause heading line: shown in bold


@dataclass(slots=True)
class Marked:
    """A finding placed in the text: its id and its clamped offsets."""

    id: str
    diagnostic: Diagnostic
    start: int
    end: int  # == start for an empty mark

    @property
    def severity(self) -> str:
        return self.diagnostic.severity.value


def place(cid: str, text: str, diagnostics: list[Diagnostic]) -> list[Marked]:
    """Give each diagnostic an id and clamp its span into the text."""
    size = len(text)
    placed: list[Marked] = []
    for number, diagnostic in enumerate(diagnostics):
        start = max(0, min(diagnostic.span.start_offset, size))
        end = max(start, min(diagnostic.span.end_offset, size))
        if not text[start:end].strip("\n"):
            end = start  # nothing visible to highlight: show an insertion point
        placed.append(Marked(f"{cid}-f{number}", diagnostic, start, end))
    return placed


def render_body(cid: str, text: str, marked: list[Marked], language: str, out: list[str]) -> None:
    """Append the rows of the contract text to ``out``."""
    by_start = sorted(marked, key=lambda m: (m.start, m.end))
    cards_by_line: dict[int, list[Marked]] = {}
    line_starts = _line_starts(text)
    for item in marked:
        cards_by_line.setdefault(_line_of(line_starts, item.start), []).append(item)

    pointer = 0
    active: list[Marked] = []
    for number, line_start in enumerate(line_starts, start=1):
        line_end = line_starts[number] - 1 if number < len(line_starts) else len(text)
        while pointer < len(by_start) and by_start[pointer].start <= line_end:
            active.append(by_start[pointer])
            pointer += 1
        active = [m for m in active if m.end > line_start or m.start >= line_start]
        here = [m for m in active if m.start <= line_end]
        css = "ln h" if _HEADING.match(text, line_start, line_end) else "ln"
        out.append(f'<div class="{css}" id="{cid}-L{number}" data-n="{number}"><div class="tx">')
        _render_line(text, line_start, line_end, here, out)
        out.append("</div>")
        cards = cards_by_line.get(number)
        if cards:
            out.append('<div class="nt">')
            for item in cards:
                render_card(item, language, out)
            out.append("</div>")
        out.append("</div>\n")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset)


def _render_line(
    text: str, line_start: int, line_end: int, here: list[Marked], out: list[str]
) -> None:
    if not here:
        out.append(escape(text[line_start:line_end], quote=False))
        return
    points = {line_start, line_end}
    for item in here:
        if line_start < item.start < line_end:
            points.add(item.start)
        if line_start < item.end < line_end:
            points.add(item.end)
    ordered = sorted(points)
    empties = [m for m in here if m.start == m.end and line_start <= m.start <= line_end]
    for index, position in enumerate(ordered):
        for item in empties:
            if item.start == position:
                out.append(
                    f'<mark class="f z s-{item.severity}" data-f="{item.id}" '
                    f'title="{escape(item.diagnostic.code)}"></mark>'
                )
        if index + 1 == len(ordered):
            break
        segment_end = ordered[index + 1]
        covering = [
            m for m in here if m.start < m.end and m.start <= position and m.end >= segment_end
        ]
        chunk = escape(text[position:segment_end], quote=False)
        if not covering:
            out.append(chunk)
            continue
        worst = max(covering, key=lambda m: _RANK[m.diagnostic.severity])
        ids = " ".join(m.id for m in covering)
        out.append(f'<mark class="f s-{worst.severity}" data-f="{ids}">{chunk}</mark>')


def render_card(item: Marked, language: str, out: list[str]) -> None:
    """A finding's explanation: rule, message, fix; why and source come from the rule table."""
    d = item.diagnostic
    family = family_of(d.code)
    span = d.span
    out.append(
        f'<div class="card s-{d.severity.value} fam-{family}" id="{item.id}" '
        f'data-f="{item.id}" data-rule="{escape(d.code)}">'
        f'<div class="ch"><span class="sv">{ui(language, d.severity.value)}</span> '
        f'<b class="code">{escape(d.code)}</b> <span class="rn">{escape(d.name)}</span> '
        f'<span class="at">{span.start_line}:{span.start_col}</span></div>'
        f'<div class="msg">{escape(d.message)}</div>'
    )
    fix_parts: list[str] = []
    if d.help:
        fix_parts.append(escape(d.help))
    if d.fix is not None:
        if d.fix.message and d.fix.message != d.help:
            fix_parts.append(escape(d.fix.message))
        for edit in d.fix.edits[:5]:
            fix_parts.append(_edit_html(edit.new_text, edit.span, language))
    if fix_parts:
        out.append(
            f'<div class="fx"><span class="lb">{ui(language, "fix")}</span> '
            + " · ".join(fix_parts)
            + "</div>"
        )
    out.append('<div class="ex"></div>')  # legal source + why, filled from the rule table
    out.append("</div>")


def _edit_html(new_text: str, span: object, language: str) -> str:
    empty = getattr(span, "start_offset", 0) == getattr(span, "end_offset", 0)
    if empty:
        return f"{ui(language, 'insert')} <ins>{escape(new_text)}</ins>"
    if not new_text:
        return ui(language, "delete")
    return f"{ui(language, 'replace_with')} <ins>{escape(new_text)}</ins>"
