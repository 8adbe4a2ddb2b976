"""Key terms a draft leaves to a separate cover page (or order form).

Standard agreements published as Markdown (mutual NDAs, cloud service terms)
keep their variables on a cover page: "the Effective Date stated on the Cover
Page", "the Fees set out in the Order Form". Such a term is referenced but has
no value in the text, and that is by design, not a gap. This module finds those
references and whether the draft itself gives a value (a cover table row or a
``key: value`` line), and records them in ``document.notes["cover_page_terms"]``
so that the hygiene rules can say "left to the cover page" instead of "missing".

It reads only the document model, so it works the same for a ``.contract``
file; :func:`cover_page_terms` computes once and caches in the notes.
"""

from __future__ import annotations

import re
from typing import Any

from contractlint.model import Document

_PAGES = (
    r"Cover\s+Page|Order\s+Form|Key\s+Terms|Order|Statement\s+of\s+Work|SOW"
    r"|Signature\s+Page|Schedule|Term\s+Sheet|Quote"
)
_VERBS = (
    r"set\s+(?:out|forth)|stated|specified|identified|listed|designated|indicated"
    r"|defined|described|selected|entered|provided|shown|named"
)
_TERM = r"(?P<term>[A-Z][\w'’-]*(?:\s+(?:of\s+|and\s+|for\s+)?[A-Z][\w'’-]*){0,5})"
EN_REFERENCE = re.compile(
    rf"(?<![\w\"“]){_TERM}(?:\*\*|__)?(?:\s*\([^)\n]{{0,40}}\))?,?\s+"
    r"(?:(?:that\s+)?(?:is|are|will\s+be|has\s+been|shall\s+be)\s+)?(?:as\s+)?"
    rf"(?:{_VERBS})\s+(?:in|on|by)\s+"
    rf"(?:the\s+|any\s+|each\s+|an?\s+)?(?:applicable\s+|relevant\s+)?(?P<page>{_PAGES})\b"
)
EN_DEFINED_BY_PAGE = re.compile(
    rf"[\"“](?P<term>[^\"”\n]{{1,40}})[\"”]\s+(?:means|shall\s+mean|has\s+the\s+meaning)"
    rf"[^.\n]{{0,160}}?(?P<page>{_PAGES})\b"
)
EN_GENERAL = re.compile(
    rf"(?:Capitali[sz]ed|Defined)\s+terms[^.\n]{{0,120}}?(?P<page>{_PAGES})\b", re.IGNORECASE
)
# Markdown agreements that mark their cover-page variables in the source:
# <span class="coverpage_link">Effective Date</span>
HTML_MARKED = re.compile(
    r"<span\s+class=[\"'](?:coverpage_link|keyterms_link|orderform_link)[\"']>(?P<term>[^<\n]{1,60})</span>"
)
ZH_REFERENCE = re.compile(
    r"(?P<term>[\u4e00-\u9fff]{2,8}?)(?:以|详见|见|按照|按|依)(?:本合同|本协议)?"
    r"(?P<page>首页|封面|订单|订购单|主要条款页?|合同信息页|基本信息表|签署页)"
)
_BLANK = re.compile(r"^(?:\[[^\]]*\]|【[^】]*】|_+|＿+|\s|TBD|TBC|待定|\{\{[^}]*\}\})*$")


def cover_page_terms(document: Document) -> list[dict[str, Any]]:
    """References to cover-page terms, each with whether the draft gives a value.

    Each item: ``term``, ``page`` ("Cover Page"), ``status`` ("left-to-cover-page"
    or "given"), ``value`` (str or None), ``span`` (the reference's term) and
    ``value_span`` (where the value is given, or None). Also sets
    ``document.notes["cover_page"] = {"general": bool, "pages": [...]}``.
    """
    cached = document.notes.get("cover_page_terms")
    if isinstance(cached, list):
        return cached
    given = _given_values(document)
    found: dict[str, dict[str, Any]] = {}
    pages: list[str] = []
    general = False
    index = document.index
    for _clause, paragraph in document.paragraphs():
        base = paragraph.span.start_offset
        text = paragraph.text
        for pattern in (HTML_MARKED, EN_DEFINED_BY_PAGE, EN_REFERENCE, ZH_REFERENCE):
            for match in pattern.finditer(text):
                term = _clean_term(match.group("term"))
                page = _page_name(match)
                if not term or term.lower() in found or term.lower() == page.lower():
                    continue
                if page not in pages:
                    pages.append(page)
                value = given.get(term.lower())
                start = base + match.start("term")
                found[term.lower()] = {
                    "term": term,
                    "page": page,
                    "status": "given"
                    if value and not _BLANK.match(value[0])
                    else "left-to-cover-page",
                    "value": value[0] if value else None,
                    "span": index.span(start, start + len(match.group("term").rstrip())),
                    "value_span": value[1] if value else None,
                }
        general_match = EN_GENERAL.search(text)
        if general_match:
            general = True
            page = re.sub(r"\s+", " ", general_match.group("page"))
            if page not in pages:
                pages.append(page)
    terms = list(found.values())
    document.notes["cover_page_terms"] = terms
    document.notes["cover_page"] = {"general": general, "pages": pages}
    return terms


def left_to_cover_page(document: Document, term: str) -> bool:
    """True when ``term`` is a cover-page term with no value in this draft.

    With a general clause ("Capitalized terms not defined here have the
    meanings given in the Cover Page"), any capitalised term counts.
    """
    for item in cover_page_terms(document):
        if item["term"].lower() == term.lower():
            return item["status"] == "left-to-cover-page"
    general = (document.notes.get("cover_page") or {}).get("general", False)
    return bool(general and term[:1].isupper())


def _page_name(match: re.Match[str]) -> str:
    if "page" not in match.re.groupindex:
        kind = re.search(r"(coverpage|keyterms|orderform)_link", match.group(0))
        return {"keyterms": "Key Terms", "orderform": "Order Form"}.get(
            kind.group(1) if kind else "", "Cover Page"
        )
    return re.sub(r"\s+", " ", match.group("page"))


def _clean_term(raw: str) -> str:
    term = raw.strip()
    term = re.sub(r"^(?:The|Each|Any|All|Such)\s+", "", term)
    return term.strip()


def _given_values(document: Document) -> dict[str, tuple[str, Any]]:
    """Values the draft itself gives: table rows ``| key | value |``, ``key: value`` lines, metadata."""
    values: dict[str, tuple[str, Any]] = {}
    index = document.index
    for entry in document.metadata.entries:
        values.setdefault(entry.raw_key.lower(), (entry.value, entry.value_span))
    for _clause, paragraph in document.paragraphs():
        offset = paragraph.span.start_offset
        for line in paragraph.text.split("\n"):
            cells = [c for c in line.strip().strip("|").split("|")] if "|" in line else []
            if len(cells) >= 2:
                key = cells[0].strip().strip("*_ ").lower()
                value = cells[1].strip()
                if key and not set(key) <= set("-: "):
                    start = offset + line.find(value) if value else offset
                    values.setdefault(key, (value, index.span(start, start + len(value))))
            else:
                match = re.match(r"^\s*(?P<key>[^:：\n]{1,40}?)\s*[:：]\s*(?P<value>.*)$", line)
                if match:
                    key = match.group("key").strip().strip("*_ ").lower()
                    value = match.group("value").strip()
                    start = offset + match.start("value")
                    values.setdefault(key, (value, index.span(start, start + len(value))))
            offset += len(line) + 1
    # Word tables: a row's first cell is the key, the next cell the value.
    cells = document.notes.get("docx_lines") or []
    for number, info in enumerate(cells, start=1):
        if info.get("kind") == "cell" and info.get("cell") == 0:
            following = cells[number] if number < len(cells) else None
            if (
                following
                and following.get("row") == info.get("row")
                and following.get("table") == info.get("table")
            ):
                key = index.line_text(number).strip().lower()
                value = index.line_text(number + 1).strip()
                start = index.offset(number + 1, 1)
                values.setdefault(key, (value, index.span(start, start + len(value))))
    return values
