"""Code actions: a finding's own fix, an inline suppression, a missing clause's skeleton.

Every edit is computed on the linter's text (code points, ``\\n``) and
converted to the client's positions and line breaks at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lsprotocol import types

from contractlint.diagnostic import Applicability, Diagnostic, Edit
from contractlint.lsp.analysis import SYNTAX_CODE, Analysis
from contractlint.model import Clause, Document
from contractlint.span import Span

QUICKFIX = types.CodeActionKind.QuickFix

_REASON = {"zh": "理由：（请写明为何可以接受）", "en": "reason: (say why this is acceptable)"}
_TITLES = {
    "suppress": {
        "zh": "以注释停用 {code}（并写明理由）",
        "en": "Suppress {code} here with a comment (give a reason)",
    },
    "skeleton": {"zh": "插入条款骨架：{heading}", "en": "Insert a skeleton clause: {heading}"},
}
_SKELETON_BODY = {
    "zh": "[请在此写明{heading}的具体约定]",
    "en": "[State the terms on {heading} here.]",
}


def _title(key: str, language: str, **values: str) -> str:
    table = _TITLES[key]
    return (table.get(language) or table["en"]).format(**values)


def _overlaps(diagnostic: Diagnostic, start: int, end: int) -> bool:
    span = diagnostic.span
    if start == end:
        return span.start_offset <= start <= span.end_offset
    return (span.start_offset < end and start < span.end_offset) or span.start_offset == start


def _text_edit(analysis: Analysis, edit: Edit, newline: str) -> types.TextEdit:
    from contractlint.lsp.server import to_lsp_range

    text = edit.new_text.replace("\n", newline) if newline != "\n" else edit.new_text
    return types.TextEdit(range=to_lsp_range(analysis, edit.span), new_text=text)


def _workspace_edit(analysis: Analysis, edits: Iterable[Edit]) -> types.WorkspaceEdit:
    newline = analysis.newline()
    return types.WorkspaceEdit(
        changes={analysis.uri: [_text_edit(analysis, edit, newline) for edit in edits]}
    )


def _lsp_diagnostic(analysis: Analysis, diagnostic: Diagnostic) -> types.Diagnostic:
    index = analysis.diagnostics.index(diagnostic)
    lsp = analysis.extra.get("lsp")
    if isinstance(lsp, list) and index < len(lsp):
        return lsp[index]
    from contractlint.lsp.server import to_lsp_diagnostic

    return to_lsp_diagnostic(diagnostic, analysis)


def code_actions(analysis: Analysis, params: types.CodeActionParams) -> list[types.CodeAction]:
    only = params.context.only if params.context else None
    if only and not any(str(kind).startswith("quickfix") for kind in only):
        return []
    start = analysis.offset_at(params.range.start.line, params.range.start.character)
    end = analysis.offset_at(params.range.end.line, params.range.end.character)
    language = analysis.document.language
    result: list[types.CodeAction] = []
    for diagnostic in analysis.diagnostics:
        if not _overlaps(diagnostic, start, end):
            continue
        lsp = _lsp_diagnostic(analysis, diagnostic)
        if diagnostic.fix is not None and diagnostic.fix.edits:
            result.append(
                types.CodeAction(
                    title=diagnostic.fix.message or f"Fix {diagnostic.code}",
                    kind=QUICKFIX,
                    diagnostics=[lsp],
                    edit=_workspace_edit(analysis, diagnostic.fix.edits),
                    is_preferred=diagnostic.fix.applicability is Applicability.SAFE,
                )
            )
        elif (skeleton := skeleton_edit(analysis.document, diagnostic)) is not None:
            heading, edit = skeleton
            result.append(
                types.CodeAction(
                    title=_title("skeleton", language, heading=heading),
                    kind=QUICKFIX,
                    diagnostics=[lsp],
                    edit=_workspace_edit(analysis, [edit]),
                    is_preferred=True,
                )
            )
        if diagnostic.code not in (SYNTAX_CODE, "CL000", "CL003"):
            result.append(
                types.CodeAction(
                    title=_title("suppress", language, code=diagnostic.code),
                    kind=QUICKFIX,
                    diagnostics=[lsp],
                    edit=_workspace_edit(
                        analysis, [suppression_edit(analysis.document, diagnostic)]
                    ),
                )
            )
    return result


# ---------------------------------------------------------------------------
# Inline suppression (syntax: contractlint.suppress)
# ---------------------------------------------------------------------------


def _innermost_clause(document: Document, span: Span) -> Clause | None:
    best: Clause | None = None
    for clause in document.walk_clauses():
        if clause.span.start_offset <= span.start_offset < max(
            clause.span.end_offset, clause.span.start_offset + 1
        ) and (best is None or clause.span.start_offset >= best.span.start_offset):
            best = clause
    return best


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def suppression_edit(document: Document, diagnostic: Diagnostic) -> Edit:
    """A ``disable`` comment on the line before the clause (or paragraph, party,
    line) that holds the finding; ``disable-file`` for a finding outside all of them."""
    language = document.language
    reason = _REASON.get(language, _REASON["en"])
    text = document.text
    clause = _innermost_clause(document, diagnostic.span)
    anchor: int | None = None
    if clause is not None:
        anchor = _line_start(text, clause.span.start_offset)
    else:
        for _clause, paragraph in document.paragraphs():
            if (
                paragraph.span.start_offset
                <= diagnostic.span.start_offset
                <= paragraph.span.end_offset
            ):
                anchor = _line_start(text, paragraph.span.start_offset)
                break
        else:
            for party in document.parties:
                if party.span.contains(diagnostic.span):
                    anchor = _line_start(text, party.span.start_offset)
                    break
    if anchor is not None and _in_front_matter(document, anchor):
        anchor = None
    if anchor is None:
        anchor = _after_front_matter(document)
        comment = f"<!-- contractlint: disable-file {diagnostic.code} -- {reason} -->\n"
    else:
        comment = f"<!-- contractlint: disable {diagnostic.code} -- {reason} -->\n"
    return Edit(document.index.span(anchor, anchor), comment)


def _in_front_matter(document: Document, offset: int) -> bool:
    span = document.metadata.span
    return span is not None and span.start_offset <= offset < span.end_offset


def _after_front_matter(document: Document) -> int:
    span = document.metadata.span
    if span is None:
        return 0
    end = document.text.find("\n", max(span.end_offset - 1, 0))
    return len(document.text) if end == -1 else end + 1


# ---------------------------------------------------------------------------
# Skeleton of a missing essential clause
# ---------------------------------------------------------------------------

_ZH_NUMBER = re.compile(r"^第(?P<n>[一二三四五六七八九十百零〇两\d]+)条$")


def _missing_element(diagnostic: Diagnostic, document: Document) -> tuple[str, str] | None:
    """(heading, kind) for a missing-clause finding, from its data and the profile."""
    data = diagnostic.data or {}
    if data.get("missing") is False:
        return None
    kind = data.get("kind")
    element_id = data.get("element")
    if not element_id and not (kind and data.get("missing")):
        return None
    language = document.language
    heading = data.get("heading")
    if element_id and (not heading or not kind):
        try:
            from contractlint import profiles

            profile = profiles.get_profile(str(data.get("profile") or "")) or None
            candidates = [profile] if profile else []
            candidates += [profiles.get_profile(name) for name in profiles.profile_names()]
            for candidate in candidates:
                if candidate is None:
                    continue
                for element in candidate.elements:
                    if element.id == element_id:
                        heading = heading or element.title(language)
                        kind = kind or (element.kinds[0] if element.kinds else None)
                        break
                if heading:
                    break
        except Exception:
            pass
    if element_id and not heading:
        heading = str(element_id).replace("-", " ")
    if not heading:
        return None
    if data.get("parties") or data.get("signatures"):
        return None
    return str(heading), str(kind or "")


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as clause numbers are written)."""
    if value < 10:
        return _DIGITS[value]
    if value < 20:
        return "十" + (_DIGITS[value - 10] if value > 10 else "")
    if value < 100:
        tens, units = divmod(value, 10)
        return _DIGITS[tens] + "十" + (_DIGITS[units] if units else "")
    hundreds, rest = divmod(value, 100)
    if rest == 0:
        return _DIGITS[hundreds] + "百"
    middle = "零" if rest < 10 else ""
    tail = (
        _DIGITS[rest]
        if rest < 10
        else chinese_numeral(rest)
        if rest >= 20
        else "一" + chinese_numeral(rest)
    )
    return _DIGITS[hundreds] + "百" + middle + tail


def _format_number(previous: Clause | None, language: str) -> tuple[str, int]:
    """The next top-level number, in the style of the last numbered clause."""
    if previous is None or previous.number is None or not previous.number_path:
        return ("第一条" if language == "zh" else "1"), 1
    following = previous.number_path[0] + 1
    if _ZH_NUMBER.match(previous.number):
        return f"第{chinese_numeral(following)}条", following
    if previous.number.rstrip(".").isdigit():
        return f"{following}{'.' if previous.number.endswith('.') else ''}", following
    return str(following), following


def skeleton_edit(document: Document, diagnostic: Diagnostic) -> tuple[str, Edit] | None:
    """Insert a numbered clause for a missing element after the last numbered
    top-level clause (so no later number changes), before signatures and annexes."""
    found = _missing_element(diagnostic, document)
    if found is None:
        return None
    heading, kind = found
    language = document.language
    numbered = [c for c in document.clauses if c.number_path]
    previous = numbered[-1] if numbered else None
    level = previous.level if previous else (document.clauses[0].level if document.clauses else 2)
    number, _value = _format_number(previous, language)
    text = document.text
    if previous is not None:
        at = previous.span.end_offset
        line_end = text.find("\n", at)
        at = len(text) if line_end == -1 else line_end + 1
    elif document.clauses:
        at = _line_start(text, document.clauses[0].span.start_offset)
    elif document.annexes:
        at = _line_start(text, document.annexes[0].span.start_offset)
    else:
        at = len(text)
    tag = f" {{{kind}}}" if kind else ""
    body = (_SKELETON_BODY.get(language) or _SKELETON_BODY["en"]).format(heading=heading)
    block = f"{'#' * level} {number} {heading}{tag}\n{body}\n\n"
    before = text[:at]
    if before and not before.endswith("\n"):
        block = "\n" + block
    if before and not before.endswith("\n\n"):
        block = "\n" + block
    return f"{number} {heading}", Edit(document.index.span(at, at), block)
