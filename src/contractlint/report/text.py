"""Human formats: ``concise`` (one line a finding) and ``full`` (with a code frame).

Carets are placed by display width: a Chinese (full-width) character or an emoji
takes two terminal cells, a combining mark none, a tab goes to the next stop of 4.
"""

from __future__ import annotations

import unicodedata

from contractlint.diagnostic import Diagnostic, Severity
from contractlint.report import ReportContext
from contractlint.runner import FileResult

TAB = 4
_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def char_width(char: str) -> int:
    """Terminal cells taken by one code point."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def expand(line: str) -> tuple[str, list[int]]:
    """The line as displayed (tabs expanded) and the display column of each code point."""
    shown: list[str] = []
    columns: list[int] = []
    width = 0
    for char in line:
        columns.append(width)
        if char == "\t":
            step = TAB - width % TAB
            shown.append(" " * step)
            width += step
        else:
            shown.append(char)
            width += char_width(char)
    columns.append(width)
    return "".join(shown), columns


def headline(diagnostic: Diagnostic, color: bool = False) -> str:
    span = diagnostic.span
    where = f"{diagnostic.path}:{span.start_line}:{span.start_col}:"
    severity = diagnostic.severity
    code = _paint(diagnostic.code, "1;" + _COLORS[severity], color)
    label = _paint(severity.value, _COLORS[severity], color)
    return f"{_paint(where, '1', color)} {code} {label} {diagnostic.message}"


def render_concise(context: ReportContext) -> str:
    lines = [headline(d, context.color) for _, d in context.diagnostics()]
    return "".join(line + "\n" for line in lines)


MAX_FRAME = 120  # code points of a long line shown around the span


def frame(text: str, diagnostic: Diagnostic, color: bool = False) -> list[str]:
    """The source line with carets under the span (first line of a multi-line span)."""
    return frame_line(text.split("\n"), diagnostic, color)


def frame_line(lines: list[str], diagnostic: Diagnostic, color: bool = False) -> list[str]:
    span = diagnostic.span
    if not 1 <= span.start_line <= len(lines):
        return []
    raw = lines[span.start_line - 1]
    start = min(max(span.start_col - 1, 0), len(raw))
    end = min(span.end_col - 1, len(raw)) if span.end_line == span.start_line else len(raw)
    end = max(end, start)
    head = tail = ""
    if len(raw) > MAX_FRAME:  # a long line: a window around the span, marked with …
        first = max(0, start - MAX_FRAME // 3)
        last = min(len(raw), max(end, first + MAX_FRAME))
        last = min(last, start + MAX_FRAME)
        head = "…" if first > 0 else ""
        tail = "…" if last < len(raw) else ""
        raw = raw[first:last]
        start, end = start - first, min(end, last) - first
    shown, columns = expand(raw)
    left = columns[start] + len(head)
    right = columns[end] + len(head)
    carets = max(1, right - left)
    number = str(span.start_line)
    gutter = " " * len(number)
    paint = _COLORS[diagnostic.severity]
    bar = _paint("|", "34", color)
    return [
        f"{gutter} {bar}",
        f"{_paint(number, '34', color)} {bar} {head}{shown}{tail}".rstrip(),
        f"{gutter} {bar} {' ' * left}{_paint('^' * carets, '1;' + paint, color)}",
    ]


def render_full(context: ReportContext) -> str:
    out: list[str] = []
    split_for: str | None = None
    lines: list[str] | None = None
    for result, diagnostic in context.diagnostics():
        out.append(headline(diagnostic, context.color))
        if result.path != split_for:
            text = context.source(result)
            lines = text.split("\n") if text is not None else None
            split_for = result.path
        if lines is not None:
            out.extend(frame_line(lines, diagnostic, context.color))
        hint = diagnostic.help or (diagnostic.fix.message if diagnostic.fix else None)
        if hint:
            label = _paint("help", "1;32", context.color)
            fixable = " [*]" if diagnostic.fix is not None else ""
            out.append(
                f"{' ' * (len(str(diagnostic.span.start_line)) + 1)}= {label}: {hint}{fixable}"
            )
        out.append("")
    return "".join(line + "\n" for line in out)


def summary(results: list[FileResult], baselined: int = 0, unreadable: int = 0) -> str:
    """``All clear …`` or ``Found N findings in M files: …`` (the last line of text output).

    ``unreadable`` counts inputs that could not be linted (missing, binary, …):
    their errors follow on standard error, and the summary must not call the run clear.
    """
    files = sum(1 for r in results if r.error is None)
    counts = dict.fromkeys(Severity, 0)
    total = 0
    for result in results:
        for diagnostic in result.diagnostics:
            counts[diagnostic.severity] += 1
            total += 1
    noun = "file" if files == 1 else "files"
    note = f" ({baselined} known finding(s) hidden by the baseline)" if baselined else ""
    if unreadable:
        note += f" {unreadable} input(s) could not be linted: see the errors."
    if not total and not unreadable:
        return f"All clear: {files} {noun} checked, no findings.{note}"
    if not total:
        return f"No findings in {files} {noun} checked.{note}"
    return (
        f"Found {total} finding{'s' if total != 1 else ''} in {files} {noun}: "
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} info.{note}"
    )
