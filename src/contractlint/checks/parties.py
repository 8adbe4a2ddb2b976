"""Parties (CL2xx): details, undeclared parties, two spellings, 统一社会信用代码.

Also the party-label helper the liability checks use to tell who is excluding
liability and whose fault caused a loss.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from contractlint.checks import CheckContext, Finding, check
from contractlint.checks.amounts import prose_pairs, prose_with, rx
from contractlint.model import Document, Party
from contractlint.span import Span

# ---------------------------------------------------------------------------
# Party labels
# ---------------------------------------------------------------------------

_GENERIC_ZH = ("甲方", "乙方", "丙方", "丁方")
_ROLE_WORDS_ZH = (
    "买方",
    "卖方",
    "服务方",
    "委托方",
    "受托方",
    "供方",
    "需方",
    "出租方",
    "承租方",
    "发包方",
    "承包方",
)
_ROLE_WORDS_EN = (
    "Supplier",
    "Customer",
    "Provider",
    "Client",
    "Buyer",
    "Seller",
    "Licensor",
    "Licensee",
    "Contractor",
    "Vendor",
    "Purchaser",
    "Company",
    "Consultant",
    "Service Provider",
)


def display_name(party_id: str) -> str:
    """How a message names a party: 甲方 as is, a letter id as Party A."""
    return f"Party {party_id}" if party_id.isascii() and len(party_id) <= 2 else party_id


def party_labels(document: Document) -> list[tuple[str, str]]:
    """(label, party key) for every way the text may name a party, longest first.

    The key is the declared party id where the label is known to be that
    party's, otherwise the label itself (甲方, Party C, Supplier …).
    """
    cached = document.notes.get("_party_labels")
    if isinstance(cached, list):
        return cached
    labels: dict[str, str] = {}
    for generic in _GENERIC_ZH:
        labels[generic] = generic
    for letter in "ABCD":
        labels[f"Party {letter}"] = letter
    for word in (*_ROLE_WORDS_ZH, *_ROLE_WORDS_EN):
        labels[word] = word
    for party in document.parties:
        labels[party.id] = party.id
        if party.id.isascii() and len(party.id) <= 2:
            labels[f"Party {party.id}"] = party.id
        if party.role and len(party.role) >= 2:
            labels[party.role] = party.id
            if party.role.isascii():
                labels[party.role.capitalize()] = party.id
        if party.name:
            labels[party.name] = party.id
        short = party.attr("short-name")
        if short and short.value:
            labels[short.value] = party.id
    for definition in document.definitions:
        # (the "Provider") after a party's name makes Provider that party
        if not definition.inline:
            continue
        for party in document.parties:
            if party.name and party.name in definition.text:
                before = definition.text.split(f'"{definition.term}"')[0]
                if before.rstrip().endswith(("(the", "（以下简称", "(hereinafter")) and (
                    party.name in before[-len(party.name) - 12 :]
                ):
                    labels[definition.term] = party.id
    ordered = sorted(labels.items(), key=lambda item: len(item[0]), reverse=True)
    document.notes["_party_labels"] = ordered
    return ordered


def party_pattern(document: Document) -> re.Pattern[str]:
    cached = document.notes.get("_party_pattern")
    if isinstance(cached, re.Pattern):
        return cached
    parts = []
    for label, _key in party_labels(document):
        escaped = re.escape(label)
        parts.append(rf"(?<![A-Za-z]){escaped}(?![A-Za-z])" if label.isascii() else escaped)
    pattern = re.compile("|".join(parts))
    document.notes["_party_pattern"] = pattern
    return pattern


def party_key(document: Document, label: str) -> str:
    for known, key in party_labels(document):
        if known == label:
            return key
    return label


# ---------------------------------------------------------------------------
# Details
# ---------------------------------------------------------------------------

_ORG = rx(
    r"公司|集团|企业|中心|研究院|研究所|学院|大学|学校|医院|银行|事务所|合作社|协会|委员会|厂|局|院|所|店|行|部"
    r"|\b(?:Co\.|Ltd\.?|Limited|Inc\.?|LLC|Corp\.?|Corporation|Company|GmbH|AG|plc|Pte|Bhd|S\.A\.|B\.V\.|"
    r"University|Institute|Bank|Group|Holdings|Partners|LLP|Foundation|Association)\b",
    re.IGNORECASE,
)
_GENERIC_NAME = rx(
    r"^(?:贵司|本公司|我司|我公司|贵公司|公司|甲方|乙方|丙方|丁方|the\s+company|company|party\s+[a-d])$",
    re.IGNORECASE,
)
_PLACEHOLDER = rx(r"[\[【_＿]|X{2,}|x{3,}|×{2,}|某某|\bTBD\b|待定|待填")


def is_organisation(name: str) -> bool:
    return bool(_ORG.search(name))


def _is_individual(party: Party) -> bool:
    if party.attr("id-number") or any("身份证" in a.raw_key for a in party.attributes):
        return True
    name = party.name.strip()
    if not name or is_organisation(name):
        return False
    if name.isascii():
        return 2 <= len(name.split()) <= 4  # John Smith, Mary Ann Lee
    return len(name) <= 4  # 张伟, 欧阳明华


@check("party-name-incomplete")
def party_name_incomplete(ctx: CheckContext) -> Iterator[Finding]:
    """A declared party whose name is empty or generic (贵司, 本公司, the Company)."""
    for party in ctx.document.parties:
        name = party.name.strip()
        if not name or _GENERIC_NAME.match(name) or _PLACEHOLDER.search(name):
            yield Finding(party.name_span, {"party": display_name(party.id), "name": name})


_DETAIL_KEYS = {
    "representative": ("representative",),
    "address": ("address",),
    "contact": ("contact", "phone", "email", "fax"),
}
_DETAIL_WORDS = {
    "representative": ("法定代表人或授权代表", "representative"),
    "address": ("住所或地址", "address"),
    "contact": ("联系人及联系方式", "contact details"),
}


def _missing(document: Document, party: Party, detail: str) -> bool:
    keys = _DETAIL_KEYS[detail]
    if any(a.key in keys and a.value.strip() for a in party.attributes):
        return False
    # An organisation's representative belongs in its declaration, beside name and
    # address (a signatory in the signature block alone is not enough).
    return not (detail == "representative" and _is_individual(party))


def _detail_check(ctx: CheckContext, detail: str) -> Iterator[Finding]:
    index = 0 if ctx.language == "zh" else 1
    for party in ctx.document.parties:
        if _missing(ctx.document, party, detail):
            yield Finding(
                party.id_span,
                {
                    "party": display_name(party.id),
                    "name": party.name,
                    "detail": _DETAIL_WORDS[detail][index],
                },
            )


@check("party-representative-missing")
def party_representative_missing(ctx: CheckContext) -> Iterator[Finding]:
    """An organisation with no representative, neither declared nor signing."""
    yield from _detail_check(ctx, "representative")


@check("party-address-missing")
def party_address_missing(ctx: CheckContext) -> Iterator[Finding]:
    """A party with no address (住所, CC 470(1))."""
    yield from _detail_check(ctx, "address")


@check("party-contact-missing")
def party_contact_missing(ctx: CheckContext) -> Iterator[Finding]:
    """A party with no contact person, phone or email for notices."""
    yield from _detail_check(ctx, "contact")


# ---------------------------------------------------------------------------
# Undeclared parties and two spellings
# ---------------------------------------------------------------------------


@check("party-undeclared")
def party_undeclared(ctx: CheckContext) -> Iterator[Finding]:
    """A party signing or named in the text (丙方, Party C) that no declaration introduces."""
    document = ctx.document
    if not document.parties:
        return
    declared = {p.id for p in document.parties}
    declared |= {p.role for p in document.parties if p.role}
    found: list[tuple[int, str, Span]] = []  # (offset, party key, span)
    for block in document.signatures:
        key = block.party_id or block.label
        if key and key not in declared:
            found.append((block.label_span.start_offset, key, block.label_span))
    # Only labels that are not declared can be reported: look for those alone
    # (a mention of a declared party, the common case, is skipped by the pattern).
    # … and of those only the ones the text holds at all: a literal test of the
    # whole text spares a search of every paragraph (1 MB zh: 4.8 -> 2.9 ms)
    text = document.text
    zh_labels = "".join(c for c in "甲乙丙丁" if f"{c}方" not in declared and f"{c}方" in text)
    en_letters = "".join(c for c in "ABCD" if c not in declared and f"Party {c}" not in declared)
    mention_zh = _mention_pattern(f"[{zh_labels}]方") if zh_labels else None
    mention_en = (
        _mention_pattern(rf"(?<![A-Za-z])Party\s+([{en_letters}])(?![A-Za-z])")
        if en_letters
        else None
    )
    for _clause, paragraph in prose_pairs(document) if mention_zh or mention_en else ():
        base = paragraph.span.start_offset
        has_zh = mention_zh is not None and "方" in paragraph.text
        has_en = mention_en is not None and "Party" in paragraph.text
        if not (has_zh or has_en):
            continue
        for match in mention_zh.finditer(paragraph.text) if has_zh else ():  # type: ignore[union-attr]
            label = match.group()
            if label in declared or _is_generic_use(paragraph.text, match.start(), match.end()):
                continue
            span = document.index.span(base + match.start(), base + match.end())
            found.append((span.start_offset, label, span))
        for match in mention_en.finditer(paragraph.text) if has_en else ():  # type: ignore[union-attr]
            letter = match.group(1)
            if letter in declared or f"Party {letter}" in declared:
                continue
            span = document.index.span(base + match.start(), base + match.end())
            found.append((span.start_offset, letter, span))
    reported: set[str] = set()
    for _offset, key, span in sorted(found, key=lambda item: item[0]):
        if key in reported:
            continue
        reported.add(key)  # the first mention, signing or in the text
        yield Finding(span, {"party": display_name(key)})


@lru_cache(maxsize=32)
def _mention_pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _is_generic_use(text: str, start: int, end: int) -> bool:
    """甲方/乙方 in a slash alternative (甲方/乙方所在地) is the blank rule's, not a party."""
    after = text[end : end + 1]
    before = text[start - 1 : start] if start else ""
    return (bool(after) and after in "/／") or (bool(before) and before in "/／")


_NORMALISE = str.maketrans({"（": "(", "）": ")", "，": ",", "．": ".", "　": " "})


def _normal(name: str) -> str:
    name = name.translate(_NORMALISE)
    name = re.sub(
        r"\((?:盖章|公章|合同专用章|seal|chop|签章|签字)\)", "", name, flags=re.IGNORECASE
    )
    return re.sub(r"[\s,.]", "", name).lower()


@check("party-name-inconsistent")
def party_name_inconsistent(ctx: CheckContext) -> Iterator[Finding]:
    """A party's name written differently in a signature block or in the text."""
    document = ctx.document
    by_id = {p.id: p for p in document.parties}
    reported: set[tuple[str, str]] = set()
    for block in document.signatures:
        party = by_id.get(block.party_id or "")
        if party is None or not is_organisation(party.name):
            continue
        for item in block.fields:
            if item.key not in {"name", "seal"}:
                continue
            value = item.value.strip()
            if not value or _PLACEHOLDER.search(value) or not is_organisation(value):
                continue
            if _normal(party.name) in _normal(value) or _normal(value) == _normal(party.name):
                continue
            key = (party.id, _normal(value))
            if key in reported:
                continue
            reported.add(key)
            yield Finding(
                item.value_span,
                {"party": display_name(party.id), "written": value, "declared": party.name},
            )
    yield from _text_variants(document, reported)


_ZH_ORG_END = rx(r"有限责任公司|股份有限公司|有限公司|集团公司|公司")


def _text_variants(document: Document, reported: set[tuple[str, str]]) -> Iterator[Finding]:
    """Chinese organisation names in the prose that start like a party's name but end differently."""
    declared = [p for p in document.parties if _is_zh_org(p.name.strip())]
    if not declared:
        return
    text = document.text
    skip = [(p.span.start_offset, p.span.end_offset) for p in document.parties]
    for party in declared:
        name = party.name.strip()
        limit = len(name) + 4
        pattern = re.compile(
            re.escape(name[:4])
            + rf"[^\s，。；、,;:：“”\"]{{0,{limit}}}?"
            + "(?:有限责任公司|股份有限公司|有限公司|集团公司|公司)"
        )
        for match in pattern.finditer(text):
            written = match.group()
            if written == name or name.startswith(written) or written.startswith(name):
                continue
            if not _looks_like(written, name):
                continue  # another company with the same first characters (a parent, a branch)
            if any(s <= match.start() < e for s, e in skip):
                continue
            key = (party.id, _normal(written))
            if key in reported:
                continue
            reported.add(key)
            yield Finding(
                document.index.span(match.start(), match.end()),
                {"party": display_name(party.id), "written": written, "declared": name},
            )


def _looks_like(written: str, name: str) -> bool:
    """A misspelling of ``name``: one is the other with characters left out, or they differ by two."""
    return (
        _subsequence(written, name) or _subsequence(name, written) or _distance(written, name) <= 2
    )


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(char in chars for char in short)


def _distance(a: str, b: str) -> int:
    if abs(len(a) - len(b)) > 2:
        return 3
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _is_zh_org(name: str) -> bool:
    return len(name) >= 6 and not name.isascii() and bool(_ZH_ORG_END.search(name))


# ---------------------------------------------------------------------------
# 统一社会信用代码 (GB 32100-2015)
# ---------------------------------------------------------------------------

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_IN_TEXT = rx(
    r"(?:统一社会信用代码|unified\s+social\s+credit\s+code)\s*(?:[:：为是]|is|no\.?)?\s*([0-9A-Za-z]{15,20})(?![0-9A-Za-z])",
    re.IGNORECASE,
)


def uscc_problem(code: str) -> str | None:
    """None if ``code`` is a well-formed 统一社会信用代码, else what is wrong (a stable word)."""
    code = code.strip().upper()
    if len(code) != 18:
        return "length"
    if any(c not in USCC_CHARS for c in code):
        return "characters"
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code[:17], _WEIGHTS, strict=True))
    expected = USCC_CHARS[(31 - total % 31) % 31]
    return None if code[17] == expected else "checksum"


_USCC_TEXT = {
    "length": ("应为18位", "it must have 18 characters"),
    "characters": (
        "含有不允许的字符（I、O、S、V、Z或符号）",
        "it contains characters not allowed (I, O, S, V, Z or symbols)",
    ),
    "checksum": ("校验码不符", "its check character is wrong"),
}


@check("uscc-invalid")
def uscc_invalid(ctx: CheckContext) -> Iterator[Finding]:
    """A 统一社会信用代码 that fails the GB 32100-2015 length, character set or check digit."""
    document = ctx.document
    index = 0 if ctx.language == "zh" else 1
    seen: set[int] = set()
    for party in document.parties:
        for attribute in party.attributes:
            if attribute.key != "credit-code" or not attribute.value.strip():
                continue
            if _PLACEHOLDER.search(attribute.value):
                continue
            problem = uscc_problem(attribute.value)
            if problem:
                seen.add(attribute.value_span.start_offset)
                yield Finding(
                    attribute.value_span,
                    {
                        "code": attribute.value.strip(),
                        "problem": _USCC_TEXT[problem][index],
                        "party": display_name(party.id),
                    },
                )
    # found in the shared lower-cased prose, not by lowering each paragraph (1 MB zh 2.1 -> 0.4 ms)
    for _clause, paragraph, _lowered in prose_with(document, ("统一社会信用代码", "credit code")):
        base = paragraph.span.start_offset
        for match in _USCC_IN_TEXT.finditer(paragraph.text):
            start = base + match.start(1)
            if start in seen:
                continue
            problem = uscc_problem(match.group(1))
            if problem:
                span: Span = document.index.span(start, base + match.end(1))
                yield Finding(
                    span,
                    {"code": match.group(1), "problem": _USCC_TEXT[problem][index], "party": ""},
                )
