"""Hover text: the rule behind a finding, a term's definition, a reference's target.

Returns Markdown and the span it is about; the server turns that into an LSP
``Hover``. Pure, no pygls.
"""

from __future__ import annotations

from contractlint.diagnostic import Diagnostic
from contractlint.lsp.analysis import Analysis
from contractlint.lsp.navigate import party_at, term_at, xref_at
from contractlint.lsp.rules import example_pairs, pick, rule_info
from contractlint.span import Span

_LABELS = {
    "zh": {
        "what": "检查什么",
        "quickfix": "快速修复",
        "why": "为什么",
        "source": "依据",
        "example": "示例",
        "fails": "不合格",
        "passes": "合格",
        "fix": "如何修改",
        "docs": "规则说明",
        "defined": "定义于第 {line} 行",
        "points_to": "指向",
        "missing": "未找到所引用的条款或附件",
        "line": "第 {line} 行",
    },
    "en": {
        "what": "What it checks",
        "quickfix": "Quick fix",
        "why": "Why",
        "source": "Source",
        "example": "Example",
        "fails": "Fails",
        "passes": "Passes",
        "fix": "How to fix",
        "docs": "Rule documentation",
        "defined": "defined on line {line}",
        "points_to": "Points to",
        "missing": "no clause or annex with this number was found",
        "line": "line {line}",
    },
}


FULL_EXPLANATIONS = 3  # more findings at one spot are listed one line each


def _labels(language: str) -> dict[str, str]:
    return _LABELS.get(language, _LABELS["en"])


def _touches(span: Span, offset: int) -> bool:
    if span.start_offset == span.end_offset:
        return offset == span.start_offset
    return span.start_offset <= offset < span.end_offset or offset == span.end_offset


def findings_at(analysis: Analysis, offset: int) -> list[Diagnostic]:
    return [d for d in analysis.diagnostics if _touches(d.span, offset)]


def explain_finding(diagnostic: Diagnostic, language: str) -> str:
    """What the rule checks, why (with its legal source), an example, a link."""
    labels = _labels(language)
    sep = "：" if language == "zh" else ":"
    head = f"**{diagnostic.code}**"
    if diagnostic.name:
        head += f" `{diagnostic.name}`"
    head += f" ({diagnostic.severity.value})"
    parts = [head, diagnostic.message]
    info = rule_info(diagnostic.code)
    if info is not None and (summary := pick(info.summary, language)):
        parts.append(f"**{labels['what']}**{sep} {summary}")
    if info is not None and (why := pick(info.why, language)):
        parts.append(f"**{labels['why']}**{sep} {why}")
    if info is not None and info.source:
        parts.append(f"**{labels['source']}**{sep} {info.source}")
    help_text = diagnostic.help or (pick(info.help, language) if info else "")
    if help_text:
        parts.append(f"**{labels['fix']}**{sep} {help_text}")
    if info is not None:
        shown: set[str] = set()
        for label, text in example_pairs(info, language):
            if label in shown:
                continue
            shown.add(label)
            title = labels.get(label, labels["example"])
            parts.append(f"**{labels['example']} ({title})**{sep}\n\n```\n{text}\n```")
    if diagnostic.fix is not None and diagnostic.fix.message:
        parts.append(f"_{labels['quickfix']}: {diagnostic.fix.message}_")
    url = (diagnostic.data or {}).get("url") or (info.url if info else None)
    if url:
        parts.append(f"[{labels['docs']}]({url})")
    return "\n\n".join(part for part in parts if part)


def hover_at(analysis: Analysis, offset: int) -> tuple[str, Span] | None:
    document = analysis.document
    language = analysis.settings.message_language or document.language
    labels = _labels(language)
    sections: list[str] = []
    span: Span | None = None

    findings = findings_at(analysis, offset)
    if len(findings) <= FULL_EXPLANATIONS:
        sections.extend(explain_finding(d, language) for d in findings)
    elif findings:
        # Many findings on one spot (missing clauses all point at the title):
        # each with its reason and source, without the examples.
        lines = []
        for diagnostic in findings:
            info = rule_info(diagnostic.code)
            url = (diagnostic.data or {}).get("url") or (info.url if info else None)
            code = f"[{diagnostic.code}]({url})" if url else diagnostic.code
            lines.append(f"- **{code}** {diagnostic.message}")
            why = pick(info.why, language) if info else ""
            if why:
                source = f" ({info.source})" if info and info.source else ""
                lines.append(f"  {why}{source}")
        sections.append("\n".join(lines))
    if findings:
        span = min((d.span for d in findings), key=lambda s: s.end_offset - s.start_offset)

    term = term_at(document, offset)
    if term is not None:
        definition = term.definition
        line = definition.term_span.start_line
        sections.append(
            f"**“{term.term}”**, {labels['defined'].format(line=line)}\n\n> {_quote(definition.text)}"
        )
        span = span or term.span

    xref = xref_at(document, offset)
    if xref is not None:
        if xref.clause is not None:
            clause = xref.clause
            text = f"**{labels['points_to']}:** {clause.label} ({labels['line'].format(line=clause.heading_span.start_line)})"
            first = next(iter(clause.all_paragraphs()), None)
            if first is not None:
                text += f"\n\n> {_quote(first.text)}"
        elif xref.annex is not None:
            annex = xref.annex
            heading = document.text[annex.heading_span.start_offset : annex.heading_span.end_offset]
            text = f"**{labels['points_to']}:** {heading} ({labels['line'].format(line=annex.heading_span.start_line)})"
        else:
            text = f"**{xref.fact.text}**: {labels['missing']}"
        sections.append(text)
        span = span or xref.fact.span

    if not sections:
        party = party_at(document, offset)
        if party is not None:
            role = f" ({party.role})" if party.role else ""
            details = "\n".join(f"- {a.raw_key}: {a.value}" for a in party.attributes)
            sections.append(f"**{party.id}**{role}: {party.name}\n\n{details}".rstrip())
            span = party.id_span

    if not sections or span is None:
        return None
    return "\n\n---\n\n".join(sections), span


def _quote(text: str, limit: int = 600) -> str:
    text = text.strip()
    if len(text) > limit:
        text = text[:limit].rstrip() + " …"
    return text.replace("\n", "\n> ")
