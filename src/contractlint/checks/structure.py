"""Structure checks: the profile note (CL002) and signature blocks (CL706)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from contractlint import rxcache
from contractlint.checks import CheckContext, Finding, check
from contractlint.checks.amounts import prose_with
from contractlint.matchers import anchor_span
from contractlint.profiles import get_profile, resolve

_REASONS = {
    "title": {
        "zh": "合同未写明类型（type），根据标题“{evidence}”推断",
        "en": "the contract declares no type; inferred from its title “{evidence}”",
    },
    "default": {
        "zh": "合同未写明类型（type），标题也未指明已知的合同类型",
        "en": "the contract declares no type and its title names no known contract type",
    },
    "unknown-type": {
        "zh": "合同类型“{evidence}”没有对应的检查配置",
        "en": "no profile matches the declared type “{evidence}”",
    },
}


@check("reported-elsewhere")
def reported_elsewhere(ctx: CheckContext) -> Iterator[Finding]:
    """For codes another stage emits (CL001 by the parser): metadata only, no findings."""
    return iter(())


@check("profile-note")
def profile_note(ctx: CheckContext) -> Iterator[Finding]:
    resolution = ctx.document.notes.get("_profile") or resolve(ctx.document)
    reason = _REASONS.get(resolution.how)
    if reason is None:
        return  # chosen by configuration or declared: nothing to explain
    text = reason.get(ctx.language, reason["en"]).format(evidence=resolution.evidence)
    profile = get_profile(resolution.profile)
    title = profile.title(ctx.language) if profile else resolution.profile
    yield Finding(
        anchor_span(ctx.document),
        {"profile": resolution.profile, "profile_title": title, "reason": text},
    )


_ORGANISATION = rxcache.compile(
    r"公司|有限|集团|厂|中心|研究院|研究所|学院|大学|医院|银行|事务所|委员会|协会|合作社|局$"
    r"|\b(?:Co|Ltd|Inc|LLC|LLP|GmbH|AG|PLC|Corp|Corporation|Company|Limited|Bank|University)\b",
    re.IGNORECASE,
)
_PARTS = {
    "signatory": {"zh": "签字人", "en": "signatory"},
    "seal": {"zh": "盖章", "en": "seal"},
    "date": {"zh": "日期", "en": "date"},
    "block": {"zh": "签署栏", "en": "signature block"},
}


@check("signature-block-incomplete")
def signature_block_incomplete(ctx: CheckContext) -> Iterator[Finding]:
    """Each party's block has a signatory, a date and (for a Chinese organisation) a seal."""
    document = ctx.document
    language = ctx.language
    joiner = "、" if language == "zh" else ", "
    signed: set[str] = set()
    for block in document.signatures:
        keys = {item.key for item in block.fields}
        if "e-signature" in keys:
            keys |= {"signatory", "seal"}
        if any(w in block.label for w in ("盖章", "公章", "签章")) or "seal" in block.label.lower():
            keys.add("seal")
        party = document.party(block.party_id) if block.party_id else None
        if block.party_id:
            signed.add(block.party_id)
        name = party.name if party else (block.field_value("name") or block.label)
        needed = ["signatory", "date"]
        if document.language == "zh" and _ORGANISATION.search(name or ""):
            needed.insert(1, "seal")
        missing = [_PARTS[key][language] for key in needed if key not in keys]
        if missing:
            yield Finding(block.span, {"party": block.label, "missing": joiner.join(missing)})
    if not document.signatures:
        return
    for party in document.parties:
        if party.id not in signed:
            yield Finding(party.id_span, {"party": party.id, "missing": _PARTS["block"][language]})


_INCORPORATION = rxcache.compile(
    r"组成部分|不可分割|具有同等(?:法律)?效力|integral part|forms? (?:an? )?(?:integral )?part of|"
    r"(?:are|is) (?:deemed )?incorporated|part of this (?:agreement|contract)",
    re.IGNORECASE,
)
# One of these is in every wording _INCORPORATION accepts (lower-cased).
_INCORPORATION_WORDS = ("部分", "分割", "效力", "part", "incorporated")


@check("annexes-not-incorporated")
def annexes_not_incorporated(ctx: CheckContext) -> Iterator[Finding]:
    """The contract carries annexes but never says they form part of it."""
    document = ctx.document
    if not document.annexes:
        return
    # Only paragraphs whose lower-cased text holds a word every wording needs
    # reach the pattern (1 MB zh 1.65 -> 1.2 ms).
    for _clause, paragraph, _lowered in prose_with(document, _INCORPORATION_WORDS):
        if _INCORPORATION.search(paragraph.text):
            return
    first = document.annexes[0]
    yield Finding(first.heading_span, {"annex": first.title})
