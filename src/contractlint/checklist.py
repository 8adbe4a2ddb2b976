"""The essential-elements checklist: which of a profile's elements a contract has.

A reviewer reads a contract against a list of elements it should contain: the
13 elements of the after-sales service guide, or the items of PRC Civil Code
art. 470 for any other contract. For each element the checklist says whether
the contract has it and whether the linter found anything wrong inside it:

- ``ok``: present and sound (a clause of the right kind, no finding in it);
- ``findings``: present, with findings inside its clauses;
- ``missing``: no clause of the right kind (or an essential-clause rule says so).

An element is satisfied by clauses of given kinds (see
``rules/clause-kinds.yaml``), and some by other parts of the document: the
parties by their declarations, the signature page by signature blocks, the
"other terms and annexes" element by annexes.

Profiles and their elements are the rule engine's (``contractlint.profiles``),
the same ones the essential-clause rules (CL1xx) read, so a missing element in
the checklist and a CL1xx finding always agree. This module is never imported
by ``lint()`` or a plain ``contractlint check``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from contractlint.diagnostic import Diagnostic
from contractlint.model import Document
from contractlint.profiles import Element, Profile, get_profile, resolve_profile
from contractlint.span import Span

__all__ = [
    "FINDINGS",
    "MISSING",
    "OK",
    "Checklist",
    "ChecklistItem",
    "Element",
    "Profile",
    "build_checklist",
    "format_table",
]

OK, FINDINGS, MISSING = "ok", "findings", "missing"
STATUSES = (OK, FINDINGS, MISSING)


# ---------------------------------------------------------------------------
# Profiles come from the rule engine, so the checklist and the CL1xx rules agree
# ---------------------------------------------------------------------------


def resolve_profile_id(document: Document, settings: Any = None) -> str:
    """The profile in force: settings, then front matter, then the title, else general."""
    return resolve_profile(document, settings)


def load_document(source: str, display: str | None = None, text: str | None = None) -> Document:
    """The document a linted file's spans refer to, rebuilt without running the rules.

    ``contractlint check`` keeps only diagnostics (they may come from its cache);
    the checklist also needs the clauses, so the file is parsed again (a few ms),
    or read by its draft reader for ``.docx``/``.md``/``.txt``. Raises OSError or
    DecodeError like the linter does.
    """
    display = display or source
    if text is None:
        from contractlint.readers import is_draft, read_draft

        if is_draft(source):
            return read_draft(source, display=display)
        from contractlint.decode import read_text

        text = read_text(source).text
    from contractlint.decode import normalize_newlines
    from contractlint.parse import parse

    if text.startswith("\ufeff"):
        text = text[1:]
    return parse(normalize_newlines(text), display).document


# ---------------------------------------------------------------------------
# Building the checklist
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Anchor:
    """A place in the contract that satisfies an element: a clause, a party, a block."""

    label: str
    span: Span  # the whole region (a finding inside it belongs to the element)
    target: Span  # what to bring into view (the heading or the declaration line)


@dataclass(slots=True)
class ChecklistItem:
    element: Element
    status: str
    anchors: list[Anchor] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # findings inside, or "missing"

    @property
    def line(self) -> int | None:
        """The line to jump to: the element's first clause, else its first finding."""
        if self.anchors:
            return self.anchors[0].target.start_line
        if self.diagnostics:
            return self.diagnostics[0].span.start_line
        return None


@dataclass(slots=True)
class Checklist:
    profile: Profile
    language: str
    items: list[ChecklistItem]

    def counts(self) -> dict[str, int]:
        result = dict.fromkeys(STATUSES, 0)
        for item in self.items:
            result[item.status] += 1
        return result

    def item(self, element_id: str) -> ChecklistItem | None:
        for item in self.items:
            if item.element.id == element_id:
                return item
        return None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape carried by ``contractlint check --output-format json``."""
        return {
            "profile": self.profile.id,
            "profile_title": self.profile.title(self.language),
            "counts": self.counts(),
            "elements": [
                {
                    "id": item.element.id,
                    "number": number,
                    "title": item.element.title(self.language),
                    "status": item.status,
                    "source": item.element.source,
                    "clauses": [
                        {"label": a.label, "line": a.target.start_line, "span": a.span.to_dict()}
                        for a in item.anchors
                    ],
                    "findings": [
                        {
                            "code": d.code,
                            "severity": d.severity.value,
                            "line": d.span.start_line,
                            "column": d.span.start_col,
                        }
                        for d in item.diagnostics
                    ],
                }
                for number, item in enumerate(self.items, start=1)
            ],
        }


def build_checklist(
    document: Document,
    diagnostics: Iterable[Diagnostic],
    settings: Any = None,
    profile: str | Profile | None = None,
    language: str | None = None,
) -> Checklist:
    """Match a document and its diagnostics against its profile's elements."""
    if isinstance(profile, Profile):
        chosen = profile
    else:
        profile_id = profile or resolve_profile_id(document, settings)
        chosen = get_profile(profile_id) or get_profile("general")
        assert chosen is not None, "the engine always defines the general profile"
    language = language or getattr(settings, "message_language", None) or document.language
    diagnostics = list(diagnostics)

    anchors = {element.id: _anchors(document, element) for element in chosen.elements}
    missing_reported = _missing_reports(diagnostics, chosen)
    reported_missing = {d for ds in missing_reported.values() for d in ds}
    for element in chosen.elements:
        if not anchors[element.id] and element.id not in missing_reported:
            # The CL1xx rule also accepts a mention in the prose (no clause of its own).
            anchors[element.id] = _mentions(document, element, chosen.id, language)
    # Syntax errors count too: they sit in some clause and make it doubtful.
    attributed = _attribute([d for d in diagnostics if d not in reported_missing], anchors)

    items: list[ChecklistItem] = []
    for element in chosen.elements:
        found = anchors[element.id]
        if missing_reported.get(element.id) or not found:
            status = MISSING
            inside = missing_reported.get(element.id, [])
        else:
            inside = sorted(attributed.get(element.id, []), key=Diagnostic.sort_key)
            status = FINDINGS if inside else OK
        items.append(ChecklistItem(element, status, found, list(inside)))
    return Checklist(chosen, language, items)


def _anchors(document: Document, element: Element) -> list[Anchor]:
    found: list[Anchor] = []
    if element.parties:
        for party in document.parties:
            found.append(Anchor(f"{party.id} {party.name}".strip(), party.span, party.span))
    wanted = set(element.kinds)
    if wanted:
        for clause in document.walk_clauses():
            if wanted.intersection(clause.kinds):
                found.append(Anchor(clause.label, clause.span, clause.heading_span))
    if element.signatures:
        for block in document.signatures:
            if not any(a.span.contains(block.span) for a in found):
                found.append(Anchor(block.label, block.span, block.label_span))
    if element.annexes:
        for annex in document.annexes:
            title = document.text[annex.heading_span.start_offset : annex.heading_span.end_offset]
            found.append(Anchor(title, annex.span, annex.heading_span))
    found.sort(key=lambda a: a.span.start_offset)
    return found


_MENTIONED = {"zh": "（正文提及）", "en": " (mentioned)"}


def _mentions(document: Document, element: Element, profile_id: str, language: str) -> list[Anchor]:
    """Where the prose mentions an element that has no clause of its own.

    Uses the ``mentions`` pattern of the essential-clause rule for the element,
    so the checklist accepts exactly what that rule accepts.
    """
    try:
        from contractlint.matchers import Scanner, pick
        from contractlint.packs import all_rules
    except ImportError:
        return []
    try:
        rules = [
            r
            for r in all_rules()
            if r.check == "require-clause"
            and element.id in (r.options.get("elements") or ())
            and r.applies_to(profile_id)
        ]
    except Exception:  # a broken pack is reported by check; the checklist goes on without
        return []
    scanner = Scanner.of(document)
    prose = scanner.regions(("all",))
    for rule in rules:
        pattern = pick(rule.options.get("mentions"), document.language)
        if not pattern:
            continue
        for start, end, _hit_start, _hit_end in scanner.matches(pattern):
            if not scanner.in_regions(prose, start, end):
                continue
            found = scanner.paragraph_at(start)
            if found is None:
                continue
            p_start, p_end, clause = found
            label = clause.label if clause is not None else document.text[p_start:p_end][:24]
            span = document.index.span(p_start, p_end)
            suffix = _MENTIONED.get(language, _MENTIONED["en"])
            return [Anchor(label + suffix, span, span)]
    return []


def _attribute(
    diagnostics: list[Diagnostic], anchors: dict[str, list[Anchor]]
) -> dict[str, list[Diagnostic]]:
    """Give each finding to the element(s) of the smallest region that contains it."""
    regions: list[tuple[int, int, str]] = []
    for element_id, found in anchors.items():
        for anchor in found:
            regions.append((anchor.span.start_offset, anchor.span.end_offset, element_id))
    result: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        start, end = diagnostic.span.start_offset, diagnostic.span.end_offset
        best: int | None = None
        owners: list[str] = []
        for r_start, r_end, element_id in regions:
            if r_start <= start and end <= r_end and (start < r_end or r_start == r_end):
                size = r_end - r_start
                if best is None or size < best:
                    best, owners = size, [element_id]
                elif size == best and element_id not in owners:
                    owners.append(element_id)
        for element_id in owners:
            result.setdefault(element_id, []).append(diagnostic)
    return result


def _missing_reports(
    diagnostics: list[Diagnostic], profile: Profile
) -> dict[str, list[Diagnostic]]:
    """Essential-clause findings (CL1xx) that name a missing element or clause kind."""
    by_kind: dict[str, str] = {}
    for element in profile.elements:
        for kind in element.kinds:
            by_kind.setdefault(kind, element.id)
    ids = {element.id for element in profile.elements}
    result: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        if not diagnostic.code.startswith("CL1"):
            continue
        data = diagnostic.data or {}
        element_id = data.get("element")
        if element_id not in ids:
            kind = data.get("kind")
            element_id = by_kind.get(str(kind)) if kind else None
        if element_id is None or data.get("missing") is False:
            continue
        result.setdefault(str(element_id), []).append(diagnostic)
    return result


# ---------------------------------------------------------------------------
# The terminal table
# ---------------------------------------------------------------------------

STATUS_TEXT = {
    "zh": {OK: "✓ 完备", FINDINGS: "! 有问题", MISSING: "✗ 缺失"},
    "en": {OK: "✓ ok", FINDINGS: "! findings", MISSING: "✗ missing"},
}
HEADERS = {
    "zh": ("#", "要素", "状态", "条款", "问题"),
    "en": ("#", "Element", "Status", "Clause", "Findings"),
}


def display_width(text: str) -> int:
    """Columns a terminal uses for ``text``: wide and full-width characters take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` columns, marking the cut with an ellipsis."""
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        w = display_width(char)
        if used + w > width - 1:
            break
        out += char
        used += w
    return out + "…"


_COLORS = {OK: "\x1b[32m", FINDINGS: "\x1b[33m", MISSING: "\x1b[31m"}


def format_table(
    checklist: Checklist, path: str = "", max_clause_width: int = 28, color: bool = False
) -> str:
    """The checklist as an aligned text table (Chinese text counts double width)."""
    language = "zh" if checklist.language == "zh" else "en"
    statuses = STATUS_TEXT[language]
    rows: list[tuple[str, ...]] = [HEADERS[language]]
    for number, item in enumerate(checklist.items, start=1):
        clause = "; ".join(a.label for a in item.anchors) or "—"
        codes = sorted({d.code for d in item.diagnostics})
        where = f"{len(item.diagnostics)} ({', '.join(codes)})" if item.diagnostics else ""
        rows.append(
            (
                str(number),
                item.element.title(language),
                statuses[item.status],
                truncate(clause, max_clause_width),
                where,
            )
        )
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    counts = checklist.counts()
    heading = checklist.profile.title(language)
    if language == "zh":
        summary = f"完备 {counts[OK]} · 有问题 {counts[FINDINGS]} · 缺失 {counts[MISSING]}"
    else:
        summary = f"{counts[OK]} ok · {counts[FINDINGS]} with findings · {counts[MISSING]} missing"
    lines.append(f"{path}: {heading} — {summary}" if path else f"{heading} — {summary}")
    for index, row in enumerate(rows):
        cells = [pad(cell, widths[i]) for i, cell in enumerate(row)]
        if color and index > 0:  # after padding: escape codes take no columns
            status = checklist.items[index - 1].status
            cells[2] = f"{_COLORS[status]}{cells[2]}\x1b[0m"
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# ``contractlint check --checklist``
# ---------------------------------------------------------------------------


def checklists_for(inputs: Sequence[Any], results: Sequence[Any]) -> list[tuple[str, Checklist]]:
    """A checklist per linted file (runner inputs and results, in the same order)."""
    from contractlint.decode import DecodeError

    found: list[tuple[str, Checklist]] = []
    for item, result in zip(inputs, results, strict=False):
        if getattr(result, "error", None):
            continue
        try:
            document = load_document(item.source, item.display, getattr(result, "text", None))
        except (OSError, DecodeError):
            continue  # vanished or changed since linting; check already reported the file
        settings = item.settings
        language = getattr(settings, "message_language", None) or document.language
        checklist = build_checklist(document, result.diagnostics, settings, language=language)
        found.append((result.path, checklist))
    return found


def attach(
    text: str, output_format: str, checklists: list[tuple[str, Checklist]], color: bool = False
) -> str:
    """Add the checklists to a rendered report.

    ``full``/``concise``: a table per file after the findings. ``json``: the
    array of findings becomes ``{"diagnostics": [...], "checklists": [...]}``.
    ``json-lines``: one ``{"type": "checklist", ...}`` line per file. Other
    formats have no place for it and are returned unchanged.
    """
    import json

    if output_format in ("full", "concise"):
        tables = [format_table(c, path, color=color) for path, c in checklists]
        return (
            text
            + ("\n" if text and not text.endswith("\n\n") else "")
            + "\n\n".join(tables)
            + ("\n\n" if tables else "")
        )
    records = [{"filename": path, **c.to_dict()} for path, c in checklists]
    if output_format == "json":
        wrapped = {"diagnostics": json.loads(text or "[]"), "checklists": records}
        return json.dumps(wrapped, ensure_ascii=False, indent=2) + "\n"
    if output_format == "json-lines":
        lines = (json.dumps({"type": "checklist", **r}, ensure_ascii=False) for r in records)
        return text + "".join(line + "\n" for line in lines)
    return text
