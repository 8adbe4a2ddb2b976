"""Inline suppressions written as contract comments.

Syntax (a comment alone on its line, ``<!-- … -->`` or ``// …``)::

    <!-- contractlint: disable CL301, CL8 -- the customer accepted this risk -->
    ## 7 Liability

    <!-- contractlint: disable-file CL401 -- legacy template, reviewed 2026-02 -->

* ``disable CODES`` applies to the next thing after the comment (blank lines and
  other comments skipped): a clause heading → the whole clause with its
  sub-clauses; a paragraph → that paragraph; a party → its declaration;
  anything else → that line.
* ``disable-file CODES`` applies to the whole file, wherever it stands.
* ``CODES`` is a comma or space separated list of codes or prefixes (``CL8``);
  with no codes, every rule is suppressed. ``-- reason`` is optional and kept.

A directive that suppressed nothing (or a code in it that matched nothing, or a
comment that starts ``contractlint:`` but cannot be read) is reported as
``CL003 unused-suppression``, with a fix that deletes the comment line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from contractlint.diagnostic import Applicability, Diagnostic, Edit, Fix, Severity
from contractlint.model import Document
from contractlint.settings import Settings
from contractlint.span import Span

UNUSED_CODE, UNUSED_NAME = "CL003", "unused-suppression"
_DIRECTIVE = re.compile(r"^\s*contractlint\s*[:：]\s*(?P<body>.*?)\s*$", re.DOTALL | re.IGNORECASE)
_ACTION = re.compile(r"^(?P<action>disable-file|disable)(?![\w-])\s*(?P<rest>.*)$", re.DOTALL)
_CODE = re.compile(r"^(?:ALL|[A-Z]{1,4}[0-9]{0,3})$")


@dataclass
class Directive:
    """One parsed suppression comment."""

    comment_span: Span
    scope: Span | None  # None: the whole file
    codes: tuple[str, ...]  # empty: every rule
    reason: str | None
    used: set[str] = field(default_factory=set)  # the selectors that suppressed something
    error: str | None = None  # why the comment could not be read


def parse_directive(text: str) -> tuple[str, tuple[str, ...], str | None] | str | None:
    """``(action, codes, reason)``; an error message; or None when not a directive."""
    match = _DIRECTIVE.match(text)
    if not match:
        return None
    body = match.group("body")
    action = _ACTION.match(body)
    if not action:
        word = body.split()[0] if body.split() else ""
        return f"unknown suppression directive `{word}` (expected `disable` or `disable-file`)"
    rest, _, reason = action.group("rest").partition("--")
    codes = tuple(part for part in re.split(r"[,\s]+", rest.strip()) if part)
    bad = [code for code in codes if not _CODE.match(code)]
    if bad:
        return f"`{bad[0]}` is not a rule code or prefix"
    return action.group("action"), codes, reason.strip() or None


def _next_line_start(text: str, offset: int) -> int | None:
    """Offset of the next line after ``offset`` that is neither blank nor a comment."""
    pos = text.find("\n", offset)
    while pos != -1:
        start = pos + 1
        end = text.find("\n", start)
        line = text[start:] if end == -1 else text[start:end]
        stripped = line.strip()
        if stripped and not (stripped.startswith("<!--") or stripped.startswith("//")):
            return start
        if end == -1:
            return None
        pos = end
    return None


def _scope_after(document: Document, comment: Span) -> Span | None:
    """What a ``disable`` comment governs: the clause, paragraph, party or line after it."""
    text = document.text
    start = _next_line_start(text, comment.end_offset)
    if start is None:
        return None
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    for clause in document.walk_clauses():
        if start <= clause.span.start_offset <= end:
            return clause.span
    for annex in document.annexes:
        if start <= annex.span.start_offset <= end:
            return annex.span
    for _clause, paragraph in document.paragraphs():
        if paragraph.span.start_offset <= end and paragraph.span.end_offset > start:
            return paragraph.span
    for party in document.parties:
        if start <= party.span.start_offset <= end:
            return party.span
    return document.index.span(start, end)


def directives(document: Document) -> list[Directive]:
    found: list[Directive] = []
    for comment in document.comments:
        parsed = parse_directive(comment.text)
        if parsed is None:
            continue
        if isinstance(parsed, str):
            found.append(Directive(comment.span, None, (), None, error=parsed))
            continue
        action, codes, reason = parsed
        if action == "disable-file":
            scope = None
        else:
            scope = _scope_after(document, comment.span)
            if scope is None:
                found.append(
                    Directive(comment.span, None, codes, reason, error="nothing follows it")
                )
                continue
        found.append(Directive(comment.span, scope, codes, reason))
    return found


def _matching(directive: Directive, diagnostic: Diagnostic) -> str | None:
    """The selector of ``directive`` that covers ``diagnostic`` (``""`` for a bare one)."""
    if directive.error is not None:
        return None
    scope = directive.scope
    if scope is not None and not (
        scope.start_offset
        <= diagnostic.span.start_offset
        < max(scope.end_offset, scope.start_offset + 1)
    ):
        return None
    if not directive.codes:
        return ""
    for code in directive.codes:
        if code == "ALL" or diagnostic.code.startswith(code):
            return code
    return None


def _unused_diagnostic(
    document: Document, directive: Directive, unused: list[str], settings: Settings, language: str
) -> Diagnostic:
    from contractlint.config import severity_for

    if directive.error:
        message = (
            f"这条抑制注释无法识别（{directive.error}），因此没有抑制任何诊断"
            if language == "zh"
            else f"This suppression comment cannot be read ({directive.error}), "
            "so it suppresses nothing"
        )
    elif unused == ["*"] or (directive.codes and len(unused) == len(directive.codes)):
        shown = ", ".join(directive.codes) or "all rules"
        message = (
            f"抑制注释（{shown}）没有抑制任何诊断"
            if language == "zh"
            else f"Unused suppression ({shown}): nothing here was reported"
        )
    else:
        message = (
            f"抑制注释中的 {', '.join(unused)} 没有抑制任何诊断"
            if language == "zh"
            else f"Unused code(s) in suppression: {', '.join(unused)}"
        )
    fix = None
    if directive.error or unused == ["*"] or len(unused) == len(directive.codes):
        index = document.index
        line_start = index.offset(directive.comment_span.start_line, 1)
        next_line = document.text.find("\n", directive.comment_span.end_offset)
        line_end = len(document.text) if next_line == -1 else next_line + 1
        fix = Fix(
            "删除这条注释" if language == "zh" else "Remove the suppression comment",
            (Edit(index.span(line_start, line_end), ""),),
            Applicability.SAFE,
        )
    level = severity_for(settings, UNUSED_CODE, "warning")
    return Diagnostic(
        code=UNUSED_CODE,
        name=UNUSED_NAME,
        severity=Severity(level),
        message=message,
        span=directive.comment_span,
        path=document.path,
        help="删除这条注释，或修正其中的规则代码"
        if language == "zh"
        else "Delete the comment, or correct the rule codes in it",
        fix=fix,
    )


def apply_suppressions(
    document: Document, diagnostics: list[Diagnostic], settings: Settings
) -> list[Diagnostic]:
    """Drop suppressed diagnostics and add ``CL003`` for suppressions that did nothing."""
    if not document.comments:
        return diagnostics
    found = directives(document)
    if not found:
        return diagnostics
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        suppressed = False
        for directive in found:
            selector = _matching(directive, diagnostic)
            if selector is not None:
                directive.used.add(selector or "*")
                suppressed = True
        if not suppressed:
            kept.append(diagnostic)
    from contractlint.config import is_selected

    if not is_selected(settings, UNUSED_CODE, document.path):
        return kept
    language = settings.message_language or document.language
    for directive in found:
        if directive.error:
            unused = ["*"]
        elif not directive.codes:
            unused = [] if directive.used else ["*"]
        else:
            unused = [code for code in directive.codes if code not in directive.used]
        # A suppression of CL003 itself is never reported as unused (it would loop).
        unused = [code for code in unused if not UNUSED_CODE.startswith(code) or code == "*"]
        if unused:
            report = _unused_diagnostic(document, directive, unused, settings, language)
            if not any(
                _matching(other, report) is not None and other is not directive for other in found
            ):
                kept.append(report)
    return kept
