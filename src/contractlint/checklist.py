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

Profile definitions come from the rule engine (``contractlint.profiles``) when
it provides them; :data:`FALLBACK_PROFILES` only covers the time before.
This module is never imported by ``lint()`` or a plain ``contractlint check``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from contractlint.diagnostic import Diagnostic
from contractlint.model import Document
from contractlint.span import Span

OK, FINDINGS, MISSING = "ok", "findings", "missing"
STATUSES = (OK, FINDINGS, MISSING)


@dataclass(frozen=True, slots=True)
class Element:
    """One essential element of a profile and the clause kinds that satisfy it."""

    id: str
    label: dict[str, str]  # language -> label
    kinds: tuple[str, ...]
    source: str = ""  # where the element comes from (guide section, statute)
    parties: bool = False  # satisfied by party declarations
    signatures: bool = False  # satisfied by signature blocks
    annexes: bool = False  # satisfied by annexes

    def title(self, language: str) -> str:
        return self.label.get(language) or self.label.get("en") or self.id


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    label: dict[str, str]
    elements: tuple[Element, ...]

    def title(self, language: str) -> str:
        return self.label.get(language) or self.label.get("en") or self.id


def _e(id_: str, zh: str, en: str, kinds: Sequence[str], source: str, **flags: bool) -> Element:
    return Element(id_, {"zh": zh, "en": en}, tuple(kinds), source, **flags)


_GUIDE = "售后服务合同指南 二"
FALLBACK_PROFILES: dict[str, Profile] = {
    "after-sales-service": Profile(
        "after-sales-service",
        {"zh": "售后服务合同（13项核心要素）", "en": "After-sales service contract (13 elements)"},
        (
            _e(
                "parties",
                "合同双方当事人信息",
                "Parties",
                (),
                f"{_GUIDE}(一); CC 470(1)",
                parties=True,
            ),
            _e(
                "scope",
                "服务范围与内容",
                "Scope of services",
                ("scope", "warranty", "training", "installation"),
                f"{_GUIDE}(二); CC 470(2)",
            ),
            _e(
                "service-method",
                "服务方式与期限",
                "Service method and term",
                ("service-method", "term"),
                f"{_GUIDE}(三); CC 470(6)",
            ),
            _e(
                "fees",
                "服务费用与支付方式",
                "Fees and payment",
                ("fees",),
                f"{_GUIDE}(四); CC 470(5)",
            ),
            _e(
                "obligations",
                "双方权利与义务",
                "Rights and obligations",
                ("obligations",),
                f"{_GUIDE}(五)",
            ),
            _e(
                "service-levels",
                "服务质量标准与验收",
                "Service levels and acceptance",
                ("service-levels", "acceptance"),
                f"{_GUIDE}(六); CC 470(4)",
            ),
            _e(
                "liability",
                "违约责任",
                "Liability for breach",
                ("liability", "limitation-of-liability", "indemnity"),
                f"{_GUIDE}(七); CC 470(7)",
            ),
            _e(
                "force-majeure",
                "不可抗力",
                "Force majeure",
                ("force-majeure",),
                f"{_GUIDE}(八); CC 590",
            ),
            _e(
                "disputes",
                "争议解决方式",
                "Dispute resolution",
                ("disputes", "governing-law"),
                f"{_GUIDE}(九); CC 470(8)",
            ),
            _e(
                "termination",
                "合同的变更、解除与终止",
                "Amendment and termination",
                ("termination",),
                f"{_GUIDE}(十); CC 563",
            ),
            _e(
                "confidentiality",
                "保密条款",
                "Confidentiality",
                ("confidentiality", "data-protection"),
                f"{_GUIDE}(十一); CC 509, 558",
            ),
            _e(
                "miscellaneous",
                "其他约定与附件",
                "Other terms and annexes",
                ("miscellaneous", "notices", "annexes"),
                f"{_GUIDE}(十二)",
                annexes=True,
            ),
            _e(
                "signatures",
                "签署页",
                "Signature page",
                ("signatures",),
                f"{_GUIDE}(十三); CC 490",
                signatures=True,
            ),
        ),
    ),
    "general": Profile(
        "general",
        {"zh": "一般合同（民法典第470条）", "en": "General contract (Civil Code art. 470)"},
        (
            _e(
                "parties",
                "当事人的姓名或者名称和住所",
                "Names and domiciles of the parties",
                (),
                "CC 470(1)",
                parties=True,
            ),
            _e("subject", "标的", "Subject matter", ("scope",), "CC 470(2)"),
            _e("quantity", "数量", "Quantity", ("scope",), "CC 470(3)"),
            _e(
                "quality",
                "质量",
                "Quality",
                ("service-levels", "warranty", "acceptance"),
                "CC 470(4); CC 511(1)",
            ),
            _e("price", "价款或者报酬", "Price or remuneration", ("fees",), "CC 470(5); CC 511(2)"),
            _e(
                "performance",
                "履行期限、地点和方式",
                "Time, place and manner of performance",
                ("term", "service-method", "delivery", "installation"),
                "CC 470(6); CC 511(3)-(5)",
            ),
            _e(
                "liability",
                "违约责任",
                "Liability for breach",
                ("liability", "limitation-of-liability", "indemnity"),
                "CC 470(7)",
            ),
            _e(
                "disputes",
                "解决争议的方法",
                "Dispute resolution",
                ("disputes", "governing-law"),
                "CC 470(8)",
            ),
        ),
    ),
}

# Title words that name a profile when the front matter gives no type.
_TITLE_HINTS: tuple[tuple[str, str], ...] = (
    ("售后服务", "after-sales-service"),
    ("after-sales", "after-sales-service"),
    ("after sales", "after-sales-service"),
)


# ---------------------------------------------------------------------------
# Profiles: the engine's when it has them, ours until then
# ---------------------------------------------------------------------------


def resolve_profile_id(document: Document, settings: Any = None) -> str:
    """The profile in force: settings, then front matter, then the title, else general."""
    engine = _engine_profiles()
    if engine is not None and hasattr(engine, "resolve_profile"):
        try:
            return str(engine.resolve_profile(document, settings))
        except Exception:  # the engine API is young; fall back quietly
            pass
    chosen = getattr(settings, "profile", None) if settings is not None else None
    for candidate in (
        chosen,
        document.metadata.value("profile"),
        document.metadata.value("type"),
    ):
        if candidate and get_profile(candidate.strip().lower()) is not None:
            return candidate.strip().lower()
    title = (document.title or document.metadata.value("title") or "").lower()
    for word, profile_id in _TITLE_HINTS:
        if word in title:
            return profile_id
    return "general"


def get_profile(profile_id: str) -> Profile | None:
    """A profile's checklist elements, from the engine's definitions when available."""
    engine = _engine_profiles()
    if engine is not None:
        converted = _from_engine(engine, profile_id)
        if converted is not None:
            return converted
    return FALLBACK_PROFILES.get(profile_id)


def _engine_profiles() -> Any:
    try:
        from contractlint import profiles  # type: ignore[attr-defined]
    except ImportError:
        return None
    return profiles


def _from_engine(engine: Any, profile_id: str) -> Profile | None:
    """Adapt the engine's profile object, whatever its exact shape, to :class:`Profile`."""
    getter = getattr(engine, "get_profile", None)
    if getter is None:
        return None
    try:
        raw = getter(profile_id)
    except Exception:
        return None
    if raw is None:
        return None
    raw_elements = _field(raw, "elements")
    if not raw_elements:
        return None
    fallback = {e.id: e for e in FALLBACK_PROFILES.get(profile_id, Profile("", {}, ())).elements}
    elements: list[Element] = []
    for item in raw_elements:
        element_id = str(_field(item, "id") or _field(item, "name") or "")
        if not element_id:
            return None
        known = fallback.get(element_id)
        label = _field(item, "label") or _field(item, "title") or (known.label if known else {})
        if isinstance(label, str):
            label = {"zh": label, "en": label}
        kinds = tuple(_field(item, "kinds") or (known.kinds if known else ()))
        special = set(_field(item, "satisfied_by") or ())
        elements.append(
            Element(
                element_id,
                dict(label),
                kinds,
                str(_field(item, "source") or (known.source if known else "")),
                parties=bool(_field(item, "parties"))
                or "parties" in special
                or bool(known and known.parties),
                signatures=bool(_field(item, "signatures"))
                or "signatures" in special
                or bool(known and known.signatures),
                annexes=bool(_field(item, "annexes"))
                or "annexes" in special
                or bool(known and known.annexes),
            )
        )
    label = _field(raw, "label") or _field(raw, "title") or {"en": profile_id}
    if isinstance(label, str):
        label = {"zh": label, "en": label}
    return Profile(profile_id, dict(label), tuple(elements))


def _field(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


# ---------------------------------------------------------------------------
# Building the checklist
# ---------------------------------------------------------------------------


def load_document(source: str, display: str | None = None, text: str | None = None) -> Document:
    """The document a linted file's spans refer to, rebuilt without running the rules.

    ``contractlint check`` keeps only diagnostics (they may come from its cache);
    the checklist also needs the clauses, so the file is parsed again (a few ms),
    or read by its draft reader for ``.docx``/``.md``/``.txt``. Raises OSError or
    DecodeError like the linter does.
    """
    display = display or source
    if text is None:
        try:
            from contractlint.readers import is_draft, read_draft
        except ImportError:  # readers are optional
            is_draft = None  # type: ignore[assignment]
        if is_draft is not None and is_draft(source):
            return read_draft(source, display=display)
        from contractlint.decode import read_text

        text = read_text(source).text
    from contractlint.decode import normalize_newlines
    from contractlint.parse import parse

    if text.startswith("\ufeff"):
        text = text[1:]
    return parse(normalize_newlines(text), display).document


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
        chosen = get_profile(profile_id) or FALLBACK_PROFILES["general"]
    language = language or getattr(settings, "message_language", None) or document.language
    diagnostics = list(diagnostics)

    anchors = {element.id: _anchors(document, element) for element in chosen.elements}
    missing_reported = _missing_reports(diagnostics, chosen)
    reported_missing = {d for ds in missing_reported.values() for d in ds}
    attributed = _attribute(
        [d for d in diagnostics if d not in reported_missing and d.code != "CL001"],
        anchors,
    )
    # Syntax errors count too: they sit in some clause and make it doubtful.
    attributed_syntax = _attribute([d for d in diagnostics if d.code == "CL001"], anchors)

    items: list[ChecklistItem] = []
    for element in chosen.elements:
        found = anchors[element.id]
        if missing_reported.get(element.id) or not found:
            status = MISSING
            inside = missing_reported.get(element.id, [])
        else:
            inside = sorted(
                attributed.get(element.id, []) + attributed_syntax.get(element.id, []),
                key=Diagnostic.sort_key,
            )
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


def format_table(checklist: Checklist, path: str = "", max_clause_width: int = 28) -> str:
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
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
