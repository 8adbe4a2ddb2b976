"""Document model to contract-language text (``contractlint import``).

Writes what a draft reader recognised explicitly: a front-matter block for the
metadata, the title, ``party`` declarations with their details, numbered
clauses with kind tags, annexes and a tagged signature section. Prose is
copied character for character, in source order; only a line that the grammar
would read as structure (a prose line starting with ``# ``) is indented by one
space so that it stays prose.
"""

from __future__ import annotations

import re
from typing import Any

from contractlint.model import Annex, Clause, Document, Paragraph

_HEADING_LIKE = re.compile(r"^#{1,6}[ \t]")
_PARTY_LIKE = re.compile(r"^(?:party|当事人)[ \t][^\n]*[\"“”]")
_FENCE = re.compile(r"^---[ \t]*$")
_BOLD_TERM = re.compile(r"([\"“])(\*\*|__)([^\"”*_\n]{1,60})\2([\"”])")


def write_contract(document: Document, source: str | None = None) -> str:
    """The contract-language text of ``document``; ``source`` names the draft in a comment."""
    return _Writer(document).write(source)


class _Writer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.out: list[str] = []
        self.breaks = set(document.notes.get("docx_breaks") or ())
        self.auto_numbers: dict[int, str] = document.notes.get("docx_auto_numbers") or {}
        segments = document.notes.get("signature_segments") or []
        self.segments: list[tuple[int, int]] = [(int(s), int(e)) for s, e in segments]

    def write(self, source: str | None) -> str:
        document = self.document
        out = self.out
        if document.metadata.entries:
            out.append("---")
            for entry in document.metadata.entries:
                out.append(f"{_one_line(entry.raw_key)}: {_one_line(entry.value)}".rstrip())
            out.append("---")
            out.append("")
        if source:
            out.append(
                f"<!-- imported from {_one_line(source).replace('--', '-')} by contractlint import -->"
            )
            out.append("")
        if document.title:
            out.append(f"# {_heading_text(document.title)}")
            out.append("")
        for party in document.parties:
            role = f" {party.role}" if party.role else ""
            name = party.name.replace('"', "＂").replace("“", "「").replace("”", "」")
            out.append(f'party {party.id}{role} "{_one_line(name)}"')
            for attribute in party.attributes:
                out.append(
                    f"  {_one_line(attribute.raw_key)}: {_one_line(attribute.value)}".rstrip()
                )
            out.append("")
        for _offset, _order, item in self.events():
            kind = item[0]
            if kind == "paragraph":
                self.paragraph(item[1])
            elif kind == "comment":
                out.append(self.text[item[1].span.start_offset : item[1].span.end_offset])
                out.append("")
            elif kind == "clause":
                self.heading(item[1])
            elif kind == "annex":
                self.annex_heading(item[1])
            elif kind == "signature":
                self.signature(item[1])
        while out and not out[-1]:
            out.pop()
        return "\n".join(out) + "\n"

    def events(self) -> list[tuple[int, int, tuple[str, Any]]]:
        document = self.document
        events: list[tuple[int, int, tuple[str, Any]]] = []
        for paragraph in document.preamble:
            events.append((paragraph.span.start_offset, 2, ("paragraph", paragraph)))
        for comment in document.comments:
            events.append((comment.span.start_offset, 1, ("comment", comment)))

        def add_clause(clause: Clause) -> None:
            events.append((clause.heading_span.start_offset, 0, ("clause", clause)))
            if "signatures" in clause.kinds and not clause.children and self.segments:
                events.append((clause.heading_span.start_offset, 1, ("signature", clause)))
            else:
                for paragraph in clause.paragraphs:
                    events.append((paragraph.span.start_offset, 2, ("paragraph", paragraph)))
            for child in clause.children:
                add_clause(child)

        for clause in document.clauses:
            add_clause(clause)
        for annex in document.annexes:
            events.append((annex.heading_span.start_offset, 0, ("annex", annex)))
            for paragraph in annex.paragraphs:
                events.append((paragraph.span.start_offset, 2, ("paragraph", paragraph)))
            for clause in annex.clauses:
                add_clause(clause)
        events.sort(key=lambda event: (event[0], event[1]))
        return events

    def heading(self, clause: Clause) -> None:
        parts: list[str] = []
        if (
            clause.number_span is not None
            and clause.number_span.end_offset > clause.number_span.start_offset
        ):
            parts.append(self.text[clause.number_span.start_offset : clause.number_span.end_offset])
        elif clause.number:
            auto = self.auto_numbers.get(clause.heading_span.start_line)
            parts.append(auto.strip() if auto else clause.number)
        if (
            clause.title_span is not None
            and clause.title_span.end_offset > clause.title_span.start_offset
        ):
            title = self.text[clause.title_span.start_offset : clause.title_span.end_offset]
            parts.append(title.replace("**", "").replace("__", "").strip())
        text = _heading_text(" ".join(part for part in parts if part))
        tag = f" {{{' '.join(clause.kinds)}}}" if clause.kinds else ""
        line = f"{'#' * max(2, min(clause.level, 6))} {text}{tag}".replace("  {", " {").rstrip()
        self.out.append(line if text or tag else f"{'#' * max(2, min(clause.level, 6))} {{other}}")
        self.out.append("")

    def annex_heading(self, annex: Annex) -> None:
        heading = self.text[annex.heading_span.start_offset : annex.heading_span.end_offset]
        self.out.append(f"## {_heading_text(heading)}")
        self.out.append("")

    def paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text
        if self.breaks:
            base = paragraph.span.start_offset
            chars = list(text)
            for i in range(len(chars)):
                if base + i in self.breaks:
                    chars[i] = "\n"
            text = "".join(chars)
        if self.document.source_format == "markdown" and ("**" in text or "__" in text):
            # (“**MNDA**”): the grammar reads definitions without Markdown's bold markers.
            text = _BOLD_TERM.sub(r"\1\3\4", text)
        for line in text.split("\n"):
            self.out.append(_prose_line(line))
        self.out.append("")

    def signature(self, clause: Clause) -> None:
        """Signature lines as the reader read them: each party's lines together."""
        start = clause.span.start_offset
        end = clause.span.end_offset
        for seg_start, seg_end in self.segments:
            if start <= seg_start and seg_end <= end:
                self.out.append(_prose_line(self.text[seg_start:seg_end]))
        self.out.append("")


def _prose_line(line: str) -> str:
    lead = line[: len(line) - len(line.lstrip())]
    if lead.strip(" \t"):
        # Full-width (U+3000) or other Unicode indentation: the grammar reads
        # only spaces and tabs as indentation, so the indent is dropped.
        line = line.lstrip()
    stripped = line.strip(" \t")
    if _HEADING_LIKE.match(stripped) or _PARTY_LIKE.match(stripped) or _FENCE.match(stripped):
        return " " + line
    return line


def _one_line(value: str) -> str:
    return " ".join(value.split("\n")).strip()


def _heading_text(text: str) -> str:
    """Heading text the grammar accepts: one line, no braces (they would read as a tag)."""
    return _one_line(text).replace("{", "｛").replace("}", "｝")
