"""Code actions: a finding's own fix, an inline suppression, a missing clause's skeleton.

Every edit is computed on the linter's text (code points, ``\\n``) and
converted to the client's positions and line breaks at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lsprotocol import types

from contractlint.diagnostic import Applicability, Diagnostic, Edit
from contractlint.lsp.analysis import SYNTAX_CODE, Analysis
from contractlint.lsp.convert import to_lsp_diagnostic, to_lsp_range
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
    "en": "[Write the {heading_lower} terms here.]",
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
    text = edit.new_text.replace("\n", newline) if newline != "\n" else edit.new_text
    return types.TextEdit(range=to_lsp_range(analysis, edit.span), new_text=text)


def _workspace_edit(analysis: Analysis, edits: Iterable[Edit]) -> types.WorkspaceEdit:
    newline = analysis.newline()
    return types.WorkspaceEdit(
        changes={analysis.uri: [_text_edit(analysis, edit, newline) for edit in edits]}
    )


def _lsp_diagnostic(analysis: Analysis, diagnostic: Diagnostic) -> types.Diagnostic:
    return to_lsp_diagnostic(diagnostic, analysis)


FIX_ALL = "source.fixAll.contractlint"


def _wants(only: list[str] | None, kind: str) -> bool:
    """Whether a request limited to ``only`` kinds accepts actions of ``kind``."""
    if not only:
        return kind == str(QUICKFIX)  # unlimited requests: quick fixes, not source actions
    return any(kind == wanted or kind.startswith(f"{wanted}.") for wanted in map(str, only))


def code_actions(analysis: Analysis, params: types.CodeActionParams) -> list[types.CodeAction]:
    only = params.context.only if params.context else None
    only = [str(getattr(kind, "value", kind)) for kind in only] if only else None
    result: list[types.CodeAction] = []
    if only and _wants(only, FIX_ALL):
        fix_all = fix_all_action(analysis)
        if fix_all is not None:
            result.append(fix_all)
    if not _wants(only, str(QUICKFIX)):
        return result
    start = analysis.offset_at(params.range.start.line, params.range.start.character)
    end = analysis.offset_at(params.range.end.line, params.range.end.character)
    language = analysis.settings.message_language or analysis.document.language
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


def fix_all_action(analysis: Analysis) -> types.CodeAction | None:
    """Every safe fix at once, as ``contractlint check --fix`` would apply them
    (re-linted pass by pass by :func:`contractlint.fixer.fix_text`), as one edit
    of the region that changed. Computed only when the editor asks for it (for
    example ``editor.codeActionsOnSave``): it lints once per pass."""
    if not any(
        d.fix is not None and d.fix.applicability is Applicability.SAFE
        for d in analysis.diagnostics
    ):
        return None
    from contractlint.fixer import fix_text
    from contractlint.lsp.analysis import lint_like_the_cli

    def relint(text: str, path: str, settings: object) -> list[Diagnostic]:
        return lint_like_the_cli(text, path, analysis.settings)[1]  # drafts through their reader

    result = fix_text(
        analysis.document.text,
        analysis.path,
        analysis.settings,
        diagnostics=analysis.diagnostics,
        lint_function=relint,
    )
    if not result.changed:
        return None
    before, after = result.original, result.fixed
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    tail = 0
    while tail < limit - start and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    edit = Edit(
        analysis.document.index.span(start, len(before) - tail), after[start : len(after) - tail]
    )
    count = len(result.applied)
    title = (
        f"修复全部可安全修复的问题（{count} 处）"
        if (analysis.settings.message_language or analysis.document.language) == "zh"
        else f"Fix all safely fixable findings ({count})"
    )
    return types.CodeAction(title=title, kind=FIX_ALL, edit=_workspace_edit(analysis, [edit]))


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


def _missing_element(diagnostic: Diagnostic, document: Document) -> MissingElement | None:
    """The element a missing-clause finding (CL1xx) asks for, from its data and profile."""
    data = diagnostic.data or {}
    element_id = data.get("element")
    if not element_id:
        return None
    language = document.language
    heading = str(data.get("element_title") or "")
    kinds: tuple[str, ...] = ()
    signatures = parties = False
    try:
        from contractlint import profiles

        profile = profiles.get_profile(str(data.get("profile_id") or data.get("profile") or ""))
        for element in profile.elements if profile is not None else ():
            if element.id == element_id:
                heading = heading or element.title(language)
                kinds = tuple(element.kinds)
                signatures, parties = element.signatures, element.parties
                break
    except Exception:  # profile data unavailable: use what the finding says
        pass
    if parties or not heading:
        return None
    return MissingElement(str(element_id), heading, kinds, signatures)


@dataclass(frozen=True, slots=True)
class MissingElement:
    id: str
    heading: str
    kinds: tuple[str, ...]
    signatures: bool = False


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


def _insertion_point(document: Document, after: Clause | None) -> int:
    """Start of the line after ``after``'s content, else before the first clause or annex."""
    text = document.text
    if after is not None:
        line_end = text.find("\n", max(after.span.end_offset - 1, after.span.start_offset))
        return len(text) if line_end == -1 else line_end + 1
    if document.annexes:
        return _line_start(text, document.annexes[0].span.start_offset)
    return len(text)


def _signature_skeleton(document: Document, level: int) -> str:
    zh = document.language == "zh"
    heading = "签署" if zh else "Signatures"
    parties = [party.id for party in document.parties] or (["甲方", "乙方"] if zh else ["A", "B"])
    lines = [f"{'#' * level} {heading} {{signatures}}", ""]
    for party in parties:
        if zh:
            lines += [f"{party}（盖章）：", "法定代表人或授权代表（签字）：", "日期：", ""]
        else:
            lines += [f"Party {party}:", "Name and title:", "Signature:", "Date:", ""]
    return "\n".join(lines) + "\n"


def _number_prefix(document: Document, previous: Clause | None, number: str) -> str:
    """The new number written as the previous clause writes its own ("2. " → "3. ")."""
    if previous is None or previous.number is None or previous.title_span is None:
        return f"{number} "
    written = document.text[previous.heading_span.start_offset : previous.title_span.start_offset]
    if previous.number not in written or not written.strip():
        return f"{number} "
    return written.replace(previous.number, number, 1)


def skeleton_edit(document: Document, diagnostic: Diagnostic) -> tuple[str, Edit] | None:
    """A numbered clause for a missing element, after the last numbered top-level
    clause (so no later number changes, and before an unnumbered signature page);
    a signature page after the last clause, before the annexes."""
    element = _missing_element(diagnostic, document)
    if element is None:
        return None
    language = document.language
    text = document.text
    top = document.clauses
    level = top[0].level if top else 2
    if element.signatures:
        at = _insertion_point(document, top[-1] if top else None)
        block = _signature_skeleton(document, level)
        label = "签署" if language == "zh" else "Signatures"
    else:
        numbered = [c for c in top if c.number_path]
        previous = numbered[-1] if numbered else None
        if previous is not None:
            level = previous.level
        number, _value = _format_number(previous, language)
        if previous is not None:
            at = _insertion_point(document, previous)
        elif top:
            at = _line_start(text, top[0].span.start_offset)
        else:
            at = _insertion_point(document, None)
        kind = next((k for k in element.kinds if k), "")
        tag = f" {{{kind}}}" if kind else ""
        body = (_SKELETON_BODY.get(language) or _SKELETON_BODY["en"]).format(
            heading=element.heading, heading_lower=element.heading.lower()
        )
        prefix = _number_prefix(document, previous, number)
        block = f"{'#' * level} {prefix}{element.heading}{tag}\n{body}\n"
        label = f"{prefix.strip()} {element.heading}"
    before, after = text[:at], text[at:]
    if before and not before.endswith("\n"):
        block = "\n" + block
    if before.strip() and not before.endswith("\n\n"):
        block = "\n" + block
    if after.strip() and not block.endswith("\n\n") and not after.startswith("\n"):
        block += "\n"
    elif not after.strip():
        block = block.rstrip("\n") + "\n"
    return label, Edit(document.index.span(at, at), block)
