"""Liability (CL5xx): caps, unbounded losses, indemnities, void exclusions, LDs.

Most triggers are phrases within one sentence; the cap is looked for in the
whole contract, because a cap in its own clause bounds every other clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from contractlint.checks import CheckContext, Finding, check
from contractlint.checks.amounts import (
    LazyPattern,
    all_clauses,
    kinds_of,
    may_contain,
    paragraph_sentences,
    prose,
    prose_with,
    rx,
)
from contractlint.checks.parties import party_key, party_pattern
from contractlint.model import Clause, Document
from contractlint.numerals import chinese_int
from contractlint.span import Span

_LIABILITY_KINDS = frozenset({"liability", "limitation-of-liability", "indemnity"})


class _Sentence:
    """A plain class rather than a dataclass: cheaper to import; compared by identity."""

    __slots__ = ("clause", "kinds", "start", "text")

    def __init__(self, text: str, start: int, clause: Clause | None, kinds: frozenset[str]) -> None:
        self.text = text
        self.start = start
        self.clause = clause
        self.kinds = kinds


# Literal words one of which a paragraph must contain before a pattern runs.
_CAP_KEYS_ZH = ("不超过", "不得超过", "不应超过", "不高于", "最高", "为限", "上限", "限额")
_CAP_KEYS_EN = ("exceed", "capped", "cap on", "limit on", "liability cap", "limited to")
_UNBOUNDED_KEYS_ZH = ("一切", "全部", "所有", "无限", "任何")
_UNBOUNDED_KEYS_EN = (
    "any and all",
    "all losses",
    "all damages",
    "all liabilities",
    "unlimited",
    "without",
)
_UNCAPPED_KEYS_ZH = ("不受", "不适用", "上限", "限额", "无上限")
_UNCAPPED_KEYS_EN = (
    "subject to",
    "notwithstanding",
    "not apply",
    "uncapped",
    "unlimited",
    "without",
    "outside",
    "excluded from",
)
_EXCLUDE_KEYS_ZH = (
    "不承担",
    "不对",
    "不负",
    "概不",
    "不予赔偿",
    "不赔偿",
    "免除",
    "免责",
    "无需",
    "无须",
)
_EXCLUDE_KEYS_EN = (
    "waive",
    "be liable",
    "is liable",
    "is responsible",
    "be responsible",
    "no liability",
    "not liable",
    "not responsible",
    "exclude",
    "disclaim",
)
_HARM_KEYS_ZH = ("人身", "伤亡", "死亡", "身体", "生命", "故意", "重大过失")
_HARM_KEYS_EN = ("death", "injur", "negligen", "misconduct", "fraud", "intentional", "deliberate")
_LD_KEYS_ZH = ("违约金", "滞纳金")
_LD_KEYS_EN = ("liquidated damages", "late payment", "penalt")


# Words one of which every match of a trigger contains (lower case, no spaces:
# the pattern's \s+ may be any run of spaces). Unlike the keys above they are exact: a paragraph
# without any of them cannot match, so the pattern need not run (see may_contain).
_TRIGGER_WORDS: dict[str, tuple[str, ...]] = {}


def _sentences(
    document: Document, trigger: LazyPattern, keys: tuple[str, ...] = ()
) -> list[_Sentence]:
    """Sentences that match ``trigger`` (paragraphs without a match are never split)."""
    cache = document.notes.setdefault("_liability_sentences", {})
    cached = cache.get(trigger.pattern)
    if cached is not None:
        return cached
    result = []
    words = _TRIGGER_WORDS.get(trigger.pattern)
    for clause, paragraph, lowered in prose_with(document, keys) if keys else prose(document):
        if words and not may_contain(paragraph.text, lowered, words):
            continue
        if not trigger.search(paragraph.text):
            continue
        kinds = kinds_of(document, clause)
        base = paragraph.span.start_offset
        for start, end in paragraph_sentences(document, paragraph):
            text = paragraph.text[start:end]
            if trigger.search(text):
                result.append(_Sentence(text, base + start, clause, kinds))
    cache[trigger.pattern] = result
    return result


def _zh(document: Document) -> bool:
    return document.language == "zh"


# ---------------------------------------------------------------------------
# Caps and unbounded losses
# ---------------------------------------------------------------------------

_CAP_ZH = rx(
    r"(?:赔偿|责任)[^。；;]{0,25}?(?:不超过|不得超过|不应超过|不高于|最高为|以[^。；;]{1,25}?为限|上限|限额)"
    r"|责任上限|赔偿限额|责任限额|最高赔偿"
)
_CAP_EN = rx(
    r"liabilit(?:y|ies)(?:[^.;]|\.(?=\d)){0,100}?(?:shall\s+not\s+exceed|will\s+not\s+exceed|not\s+exceed|is\s+capped|"
    r"are\s+capped|capped\s+at|limited\s+to|in\s+no\s+event\s+exceed)"
    r"|in\s+no\s+event\s+shall(?:[^.;]|\.(?=\d)){0,80}liabilit(?:[^.;]|\.(?=\d)){0,80}exceed"
    r"|(?:cap|limit)\s+on\s+(?:its\s+|their\s+|the\s+)?(?:total\s+|aggregate\s+)?liability|liability\s+cap",
    re.IGNORECASE,
)

_TRIGGER_WORDS[_CAP_EN.pattern] = ("liabilit",)


def has_cap(document: Document) -> bool:
    pattern = _CAP_ZH if _zh(document) else _CAP_EN
    keys = _CAP_KEYS_ZH if _zh(document) else _CAP_KEYS_EN
    return bool(_sentences(document, pattern, keys))


_UNBOUNDED_ZH = rx(
    r"一切(?:直接(?:和|及|与)?间接)?(?:经济)?损失|全部(?:经济)?损失|所有(?:经济)?损失|一切后果|全部后果|一切责任|全部责任|无限责任|任何(?:及所有)?损失"
)
_UNBOUNDED_EN = rx(
    r"any\s+and\s+all\s+(?:direct\s+or\s+indirect\s+)?(?:losses|damages|liabilities|claims|costs)|all\s+(?:losses|damages|liabilities)"
    r"|unlimited\s+liability|liability\s+(?:shall\s+be|is)\s+unlimited|without\s+(?:any\s+)?limit(?:ation)?",
    re.IGNORECASE,
)
_TRIGGER_WORDS[_UNBOUNDED_EN.pattern] = (
    "losses",
    "damages",
    "liabilities",
    "claims",
    "costs",
    "limit",
)
_EXCLUSION_ZH = rx(
    r"不承担|不负|概不负责|不予赔偿|免除|免责|无需承担|无须承担|不对|不赔偿|无权要求|不得要求|不包括"
)
_EXCLUSION_EN = rx(
    r"not\s+be\s+(?:liable|responsible)|no\s+liability|not\s+liable|exclud|disclaim|waive",
    re.IGNORECASE,
)
_BOUNDED_ZH = rx(
    r"直接损失|可预见|预见到|不超过|为限|上限|限额|受[^。；;]{0,20}限制|按照?第[^。；;]{0,10}条"
)
_BOUNDED_EN = rx(
    r"direct\s+loss|foreseeab|not\s+exceed|limited\s+to|cap|subject\s+to\s+(?:clause|section|article|the\s+limitation)",
    re.IGNORECASE,
)


def _unbounded(document: Document) -> list[tuple[_Sentence, re.Match[str]]]:
    cached = document.notes.get("_unbounded")
    if cached is not None:
        return cached
    found = document.notes["_unbounded"] = _find_unbounded(document)
    return found


def _find_unbounded(document: Document) -> list[tuple[_Sentence, re.Match[str]]]:
    zh = _zh(document)
    phrase = _UNBOUNDED_ZH if zh else _UNBOUNDED_EN
    exclusion = _EXCLUSION_ZH if zh else _EXCLUSION_EN
    bounded = _BOUNDED_ZH if zh else _BOUNDED_EN
    found = []
    for sentence in _sentences(document, phrase, _UNBOUNDED_KEYS_ZH if zh else _UNBOUNDED_KEYS_EN):
        if sentence.kinds & {"definitions", "force-majeure"}:
            continue
        match = phrase.search(sentence.text)
        if not match or exclusion.search(sentence.text) or bounded.search(sentence.text):
            continue
        if zh and not re.search(r"赔偿|承担|负责|补偿|支付", sentence.text):
            continue
        if not zh and not re.search(
            r"liab|indemnif|compensat|reimburs|pay|responsib", sentence.text, re.IGNORECASE
        ):
            continue
        found.append((sentence, match))
    return found


def _span(document: Document, start: int, end: int) -> Span:
    return document.index.span(start, end)


@check("unbounded-loss")
def unbounded_loss(ctx: CheckContext) -> Iterator[Finding]:
    """一切损失 / any and all losses / unlimited liability with no cap anywhere to bound it."""
    document = ctx.document
    if ctx.profile == "nda" or effective_cap(document):
        return  # an NDA is expected to leave liability uncapped
    for sentence, match in _unbounded(document):
        yield Finding(
            _span(document, sentence.start + match.start(), sentence.start + match.end()),
            {"phrase": match.group()},
        )


@check("liability-cap-missing")
def liability_cap_missing(ctx: CheckContext) -> Iterator[Finding]:
    """A liability clause with no cap anywhere (not reported for NDAs, where none is expected)."""
    document = ctx.document
    if ctx.profile == "nda":
        return
    clauses = [c for c in all_clauses(document) if not _LIABILITY_KINDS.isdisjoint(c.kinds)]
    if not clauses or has_cap(document) or _unbounded(document):
        return  # no clause: the essential-clause rules; an unbounded phrase: unbounded-loss
    yield Finding(clauses[0].heading_span, {"clause": clauses[0].label})


# ---------------------------------------------------------------------------
# Indemnities outside the cap
# ---------------------------------------------------------------------------

_INDEMNITY_ZH = rx(r"补偿|免受|使[^。；;]{0,10}不受损|赔偿并")
_UNCAPPED_ZH = rx(
    r"不受[^。；;]{0,20}?(?:限制|上限|限额)|不适用[^。；;]{0,12}?(?:上限|限额|责任限制|限制)|不设上限|无上限|不受限"
)
_UNCAPPED_ZH_2 = rx(
    r"(?:上限|限额|责任限制|上述限制)[^。；;]{0,20}?不适用于[^。；;]{0,30}?(?:补偿|赔偿)"
)
_UNCAPPED_ZH_ANY = rx(f"{_UNCAPPED_ZH.pattern}|{_UNCAPPED_ZH_2.pattern}")
_INDEMNITY_EN = rx(r"indemnif|indemnit|hold\s+harmless", re.IGNORECASE)
_UNCAPPED_EN = rx(
    r"not\s+(?:be\s+)?subject\s+to\s+(?:the\s+|any\s+)?(?:cap|limit)|notwithstanding\s+(?:clause|section|article|the\s+limitation|any\s+limitation)"
    r"|(?:cap|limitation|limit)s?(?:[^.;]|\.(?=\d)){0,60}?(?:shall|will|does|do)\s+not\s+apply\s+to(?:[^.;]|\.(?=\d)){0,60}?indemn"
    r"|uncapped|unlimited|without\s+(?:any\s+)?limit|outside\s+(?:the\s+|any\s+)?(?:cap|limit)|excluded\s+from\s+the\s+cap",
    re.IGNORECASE,
)
_TRIGGER_WORDS[_UNCAPPED_EN.pattern] = (
    "subject",
    "notwithstanding",
    "apply",
    "uncapped",
    "limit",
    "outside",
    "excluded",
)
_USUAL_CARVE_OUT = rx(
    r"知识产权|侵权|人身|死亡|故意|重大过失|欺诈|保密"
    r"|intellectual\s+property|infring|\bIP\b|death|personal\s+injury|fraud|wil+ful|gross\s+negligence|confidential",
    re.IGNORECASE,
)


@check("indemnity-outside-cap")
def indemnity_outside_cap(ctx: CheckContext) -> Iterator[Finding]:
    """An indemnity or liability taken out of the cap without a usual reason (IP, injury, fraud …)."""
    document = ctx.document
    if not has_cap(document):
        return
    for sentence, uncapped in _uncapping(document):
        yield Finding(
            _span(document, sentence.start + uncapped.start(), sentence.start + uncapped.end()),
            {"phrase": uncapped.group()},
        )


def _uncapping(document: Document) -> list[tuple[_Sentence, re.Match[str]]]:
    """Sentences that take an indemnity or liability outside the cap for no usual reason."""
    zh = _zh(document)
    trigger = _UNCAPPED_ZH_ANY if zh else _UNCAPPED_EN
    found = []
    for sentence in _sentences(document, trigger, _UNCAPPED_KEYS_ZH if zh else _UNCAPPED_KEYS_EN):
        text = sentence.text
        if zh:
            liability = (
                "indemnity" in sentence.kinds or _INDEMNITY_ZH.search(text) or "赔偿" in text
            )
            uncapped = _UNCAPPED_ZH.search(text) or _UNCAPPED_ZH_2.search(text)
        else:
            liability = _INDEMNITY_EN.search(text) or re.search(r"liabilit", text, re.I)
            uncapped = _UNCAPPED_EN.search(text)
        if not liability or not uncapped or _USUAL_CARVE_OUT.search(text):
            continue
        if _BACK_REFERENCE.search(text) and sentence.clause is not None:
            paragraph = next(
                (
                    p
                    for p in sentence.clause.paragraphs
                    if p.span.start_offset <= sentence.start < p.span.end_offset
                ),
                None,
            )
            if paragraph is not None and _USUAL_CARVE_OUT.search(paragraph.text):
                continue  # "This indemnity …" is the IP or injury indemnity stated just before
        if _refers_to_usual_carve_out(document, text):
            continue  # "the indemnity in clause 4", and clause 4 is an IP indemnity
        found.append((sentence, uncapped))
    return found


_CLAUSE_REFERENCE = rx(
    r"(?:clause|section|article)\s+(\d+(?:\.\d+)*)|第([一二三四五六七八九十百\d]+)条",
    re.IGNORECASE,
)


def _refers_to_usual_carve_out(document: Document, text: str) -> bool:
    """The sentence names a clause whose text is about IP, injury, fraud … ."""
    for match in _CLAUSE_REFERENCE.finditer(text):
        wanted = match.group(1) or match.group(2)
        for clause in all_clauses(document):
            if clause.number is None:
                continue
            number = clause.number.rstrip(".")
            if number != wanted and number != f"第{wanted}条":
                continue
            body = clause.heading + "\n" + "\n".join(p.text for p in clause.all_paragraphs())
            if _USUAL_CARVE_OUT.search(body):
                return True
    return False


_BACK_REFERENCE = rx(
    r"(?:this|such|these|that)\s+indemnit|该(?:项)?(?:补偿|赔偿)|上述(?:补偿|赔偿)|本(?:条|款)(?:补偿|赔偿)|此项",
    re.IGNORECASE,
)


_GENERAL_UNCAPPING = rx(
    r"(?:一切|全部|所有|任何)[^。；;]{0,8}?(?:赔偿)?责任"
    r"|\b(?:all|any)\s+(?:of\s+its\s+|their\s+)?liabilit|\bliability\s+under\s+this\s+agreement",
    re.IGNORECASE,
)


def effective_cap(document: Document) -> bool:
    """A cap that no sentence takes away in general (一切赔偿责任不受前述上限限制).

    Taking one indemnity out of the cap leaves the cap standing for the rest.
    """
    if not has_cap(document):
        return False
    return not any(
        _GENERAL_UNCAPPING.search(sentence.text) and not _INDEMNITY_EN.search(sentence.text)
        for sentence, _ in _uncapping(document)
    )


# ---------------------------------------------------------------------------
# Void exclusions (CC 506; UCTA s.2(1))
# ---------------------------------------------------------------------------

_EXCLUDE_ZH = rx(
    r"不承担(?:任何)?(?:赔偿|法律|违约)?责任|不负(?:任何)?(?:赔偿|法律)?责任|概不负责|概不承担|不负责|不予赔偿|不赔偿"
    r"|免除[^。，,；;]{0,20}责任|免责|无需承担|无须承担"
    r"|不对[^。；;]{0,40}?(?:承担|负)(?:任何)?(?:赔偿|法律)?责任"
)
_EXCLUDE_EN = rx(
    r"(?:shall|will|is|are)\s+not\s+be\s+(?:liable|responsible)|(?:shall|will)\s+have\s+no\s+liability"
    r"|(?:is|are)\s+not\s+(?:liable|responsible)|excludes?\s+(?:all\s+)?liability|disclaims?\s+(?:all\s+)?liability"
    r"|in\s+no\s+event\s+(?:shall|will)\s+\w+(?:\s+\w+)?\s+be\s+liable|no\s+liability\s+(?:for|whatsoever)"
    r"|(?:neither|no)\s+party\s+(?:shall|will|is)\s+(?:be\s+)?(?:liable|responsible)"
    r"|waives?\s+(?:all|any)\s+(?:claims?|rights?)\s+against",
    re.IGNORECASE,
)
_TRIGGER_WORDS[_EXCLUDE_EN.pattern] = ("liab", "responsible", "against")
_INJURY_ZH = rx(r"人身(?:伤害|损害|伤亡|损伤)|人员伤亡|伤亡|死亡|身体伤害|生命健康")
_FAULT_ZH = rx(r"故意|重大过失")
_BLANKET_ZH = rx(r"无论(?:任何|何种)原因|任何原因|无论是否[^。；;]{0,6}过错")
_INJURY_EN = rx(
    r"death|personal\s+injur|bodily\s+injur|injury\s+to\s+(?:any\s+)?person", re.IGNORECASE
)
_FAULT_EN = rx(
    r"gross(?:ly)?\s+negligen|wil+ful\s+misconduct|fraud|intentional|deliberate", re.IGNORECASE
)
_BLANKET_EN = rx(
    r"however\s+caused|for\s+any\s+reason\s+whatsoever|whether\s+or\s+not\s+caused\s+by\s+(?:its\s+)?negligence",
    re.IGNORECASE,
)
_CARVE_OUT_ZH = rx(
    r"除外|不适用|不在此限|不受[^。；;]{0,12}限制|依法承担|仍应承担|仍须承担|应当承担|应承担|不免除|不能免除"
)
_CARVE_OUT_EN = rx(
    r"\bexcept\b|\bexcluding\s+liability\b|\bother\s+than\b|\bsave\s+(?:for|in)\b|does\s+not\s+(?:limit|exclude|apply)"
    r"|\bnothing\s+in\b|shall\s+not\s+(?:limit|exclude|apply)|neither\s+party\s+(?:excludes|limits)|not\s+exclude"
    r"|\bsubject\s+to\s+(?:clause|section|article|paragraph)",
    re.IGNORECASE,
)
_HARM_ZH = rx(f"{_INJURY_ZH.pattern}|{_FAULT_ZH.pattern}")
_HARM_EN = rx(f"{_INJURY_EN.pattern}|{_FAULT_EN.pattern}", re.IGNORECASE)
_OTHER_CAUSE_ZH = rx(r"第三方|不可抗力|自身原因|其自身|自行|擅自|违规操作|不当使用|未按")
_OTHER_CAUSE_EN = rx(
    r"third\s+part|force\s+majeure|its\s+own\s+(?:negligence|fault|act)|misuse", re.IGNORECASE
)


def _subject(document: Document, text: str, position: int) -> str | None:
    """The party named last before ``position`` (the one excluding liability)."""
    last = None
    for match in party_pattern(document).finditer(text, 0, position):
        last = match.group()
    return party_key(document, last) if last else None


def _cause(document: Document, text: str, harm_start: int, zh: bool) -> str | None:
    """The party whose act caused the harm, if the sentence says (因乙方…, caused by the Customer)."""
    window = text[max(0, harm_start - 40) : harm_start]
    lead = (
        r"(?:因|由于|由|系)"
        if zh
        else r"(?:caused\s+by|resulting\s+from|arising\s+from|due\s+to|attributable\s+to)\s+(?:the\s+)?"
    )
    pattern = party_pattern(document)
    for match in re.finditer(lead, window, re.IGNORECASE):
        after = window[match.end() :]
        label = pattern.match(after)
        if label:
            return party_key(document, label.group())
    return None


@check("void-exclusion")
def void_exclusion(ctx: CheckContext) -> Iterator[Finding]:
    """An exclusion of liability for personal injury, or for loss caused by intent or gross negligence."""
    document = ctx.document
    zh = _zh(document)
    exclude = _EXCLUDE_ZH if zh else _EXCLUDE_EN
    injury, fault, blanket = (
        (_INJURY_ZH, _FAULT_ZH, _BLANKET_ZH) if zh else (_INJURY_EN, _FAULT_EN, _BLANKET_EN)
    )
    carve_out = _CARVE_OUT_ZH if zh else _CARVE_OUT_EN
    other_cause = _OTHER_CAUSE_ZH if zh else _OTHER_CAUSE_EN
    index = 0 if ctx.language == "zh" else 1
    general_carve_out: bool | None = None  # looked for only when a sentence needs it
    for sentence in _sentences(document, exclude, _EXCLUDE_KEYS_ZH if zh else _EXCLUDE_KEYS_EN):
        text = sentence.text
        verb = exclude.search(text)
        if not verb:
            continue
        if carve_out.search(text):
            continue
        harm = injury.search(text) or fault.search(text) or blanket.search(text)
        if not harm:
            continue
        if not (injury.search(text) or fault.search(text)):
            if general_carve_out is None:
                general_carve_out = _general_carve_out(document, zh)
            if general_carve_out:
                continue
        if other_cause.search(text):
            continue
        subject = _subject(document, text, verb.start())
        cause = _cause(document, text, harm.start(), zh)
        if cause is not None and subject is not None and cause != subject:
            continue
        if injury.search(text):
            kind = ("人身损害", "death or personal injury")[index]
        elif fault.search(text):
            kind = ("因故意或重大过失造成的财产损失", "loss caused by intent or gross negligence")[
                index
            ]
        else:
            kind = (
                "包括故意或重大过失在内的任何原因造成的损失",
                "loss however caused, including by intent or gross negligence",
            )[index]
        yield Finding(
            _span(document, sentence.start + verb.start(), sentence.start + verb.end()),
            {"harm": kind, "phrase": verb.group()},
        )


def _general_carve_out(document: Document, zh: bool) -> bool:
    """A general carve-out anywhere (下列责任不受本款限制：人身损害…; Nothing in this
    Agreement limits liability for death …), which saves the blanket exclusions.

    Only asked for when a blanket exclusion is found: most contracts have none,
    and the search for harm words costs a pass over the prose per word.
    """
    carve_out = _CARVE_OUT_ZH if zh else _CARVE_OUT_EN
    harm_any = _HARM_ZH if zh else _HARM_EN
    keys = _HARM_KEYS_ZH if zh else _HARM_KEYS_EN
    return any(carve_out.search(s.text) for s in _sentences(document, harm_any, keys))


# ---------------------------------------------------------------------------
# Breach liability for one party only
# ---------------------------------------------------------------------------

_MUTUAL_ZH = rx(r"任何一方|任一方|一方违约|一方违反|违约方|守约方|双方均|双方各自|各方|双方应")
_MUTUAL_EN = rx(
    r"either\s+party|each\s+party|a\s+party\s+(?:that|who|which)|the\s+(?:defaulting|breaching|non-defaulting)\s+party"
    r"|party\s+in\s+breach|party\s+not\s+in\s+breach|if\s+a\s+party|the\s+parties\s+shall\s+each",
    re.IGNORECASE,
)


def _breaching_parties(document: Document, clauses: list[Clause]) -> set[str]:
    zh = _zh(document)
    pattern = party_pattern(document)
    found: set[str] = set()
    for clause in clauses:
        texts = [clause.heading] + [p.text for p in clause.all_paragraphs()]
        for text in texts:
            if zh:
                found |= _zh_liable_subjects(document, text)
                continue
            for match in pattern.finditer(text):
                after = text[match.end() : match.end() + 40]
                trigger = _EN_LIABLE_AFTER.match(after)
                if not trigger:
                    before = text[max(0, match.start() - 20) : match.start()]
                    trigger = _EN_LIABLE_BEFORE.search(before)
                if trigger:
                    found.add(party_key(document, match.group()))
    return found


_EN_LIABLE_AFTER = rx(
    r"(?:'s)?\s*(?:fails|breaches|is\s+in\s+breach|defaults|does\s+not|pays\s+late|delays|"
    r"is\s+late|shall\s+pay\s+(?:liquidated\s+damages|damages|compensation|a\s+service\s+credit|interest)|"
    r"shall\s+(?:indemnify|compensate)|breach|default|shall\s+give\s+a\s+service\s+credit|"
    r"(?:total\s+|aggregate\s+)?liability|(?:shall\s+be|is)\s+liable)",
    re.IGNORECASE,
)
_EN_LIABLE_BEFORE = rx(r"(?:breach|default|delay|late\s+\w+)\s+by\s+(?:the\s+)?$", re.IGNORECASE)
_OBJECT_BEFORE = rx(r"(?:向|对|给|与|为|自)$")
_ZH_LIABLE = rx(
    r"违约|未按|未能|未在|未及时|未|逾期|迟延|延迟|延误|违反|不履行|拒绝|擅自|超过|超时|到场|修复"
    r"|支付违约金|赔偿|责任|减免|退还|补足"
)
_CLAUSE_STOP = rx(r"[。；;]")


def _zh_liable_subjects(document: Document, text: str) -> set[str]:
    """Parties that are the subject of a breach or liability phrase (甲方逾期付款的 …).

    A party after 向/对/给 … is the object (向甲方支付违约金 is 乙方的 duty);
    the phrase belonging to a subject runs to the next subject or the end of
    the sentence.
    """
    subjects = [
        m
        for m in party_pattern(document).finditer(text)
        if not _OBJECT_BEFORE.search(text[max(0, m.start() - 2) : m.start()])
    ]
    found: set[str] = set()
    for i, match in enumerate(subjects):
        end = subjects[i + 1].start() if i + 1 < len(subjects) else len(text)
        stop = _CLAUSE_STOP.search(text, match.end(), end)
        segment = text[match.end() : min(stop.start() if stop else end, match.end() + 60)]
        if _ZH_LIABLE.search(segment):
            found.add(party_key(document, match.group()))
    return found


@check("one-sided-breach-liability")
def one_sided_breach_liability(ctx: CheckContext) -> Iterator[Finding]:
    """Breach liability is written for one party only."""
    document = ctx.document
    declared = [p.id for p in document.parties]
    if len(declared) < 2 or ctx.profile == "nda":
        return  # a one-way NDA binds the recipient alone
    clauses = [c for c in all_clauses(document) if "liability" in c.kinds]
    if not clauses:
        return
    mutual = _MUTUAL_ZH if _zh(document) else _MUTUAL_EN
    for clause in clauses:
        if mutual.search(clause.heading) or any(
            mutual.search(p.text) for p in clause.all_paragraphs()
        ):
            return
    parties = _breaching_parties(document, clauses) & set(declared)
    if len(parties) != 1:
        return
    [liable] = parties
    others = [p for p in declared if p != liable]
    names = [_party_name(p) for p in others]
    yield Finding(
        clauses[0].heading_span,
        {
            "party": _party_name(liable),
            "other": ("、" if ctx.language == "zh" else ", ").join(names),
        },
    )


def _party_name(party_id: str) -> str:
    return f"Party {party_id}" if party_id.isascii() and len(party_id) <= 2 else party_id


# ---------------------------------------------------------------------------
# Liquidated damages
# ---------------------------------------------------------------------------

_LD_ZH = rx(r"违约金|滞纳金")
_LD_EN = rx(
    r"liquidated\s+damages|late\s+payment\s+(?:charge|interest|fee)|penalt(?:y|ies)", re.IGNORECASE
)
_NO_ADJUST_ZH = rx(
    r"违约金(?:(?!违约金)[^。；;]){0,12}?(?:均|都|一律)?不(?!足|超过|低于|高于|少于)(?:因任何理由|因任何原因|得|予|作|可|能|再)?(?:予以|进行|请求|要求|申请)?"
    r"(?:调整|调减|调低|减少|降低|变更|增减)"
    r"|(?:不得|放弃|不再)[^。；;]{0,12}?(?:请求|要求|主张|申请)?[^。；;]{0,10}?(?:调整|调减|调低|减少|降低)[^。；;]{0,6}?违约金"
    r"|(?:不得|放弃|不再)[^。；;]{0,6}?以?违约金[^。；;]{0,12}?(?:调整|调减|调低|减少|降低)"
)
# every alternative ends in (or holds) 调…, …减…, 降低 or 变更
_TRIGGER_WORDS[_NO_ADJUST_ZH.pattern] = ("调", "减", "降低", "变更")
_NO_ADJUST_EN = rx(
    r"liquidated\s+damages(?:[^.;]|\.(?=\d)){0,80}?(?:shall|will|may)\s+not\s+be\s+(?:subject\s+to\s+(?:any\s+)?)?(?:reduc|adjust|challeng|modif|revis|varied)\w*"
    r"|waives?(?:[^.;]|\.(?=\d)){0,60}?(?:right|claim)(?:[^.;]|\.(?=\d)){0,40}?(?:reduc|adjust|challeng)(?:[^.;]|\.(?=\d)){0,40}?liquidated\s+damages"
    r"|liquidated\s+damages(?:[^.;]|\.(?=\d)){0,60}?not\s+(?:be\s+)?subject\s+to\s+(?:any\s+)?(?:reduction|adjustment)",
    re.IGNORECASE,
)


@check("ld-not-adjustable")
def ld_not_adjustable(ctx: CheckContext) -> Iterator[Finding]:
    """A clause saying the liquidated damages cannot be adjusted by a court."""
    document = ctx.document
    pattern = _NO_ADJUST_ZH if _zh(document) else _NO_ADJUST_EN
    for sentence in _sentences(
        document, pattern, ("违约金",) if _zh(document) else ("liquidated damages",)
    ):
        match = pattern.search(sentence.text)
        if match:
            yield Finding(
                _span(document, sentence.start + match.start(), sentence.start + match.end()),
                {"phrase": match.group()},
            )


_DAILY = rx(
    r"每日|每天|按日|日(?:千分之|万分之)|每(?:超过|逾期|迟延|延迟|延误|超时|拖延)?\s*[一1]\s*(?:个)?(?:日|天|工作日)"
    r"|per\s+(?:calendar\s+|business\s+)?day|each\s+(?:calendar\s+|business\s+)?day|every\s+day|daily",
    re.IGNORECASE,
)
# A percentage that measures performance (可用率低于99.5%, below 95%) is a threshold, not a rate.
_THRESHOLD_BEFORE = rx(
    r"(?:低于|高于|超过|达到|不足|少于|未达到?|大于|小于|率|below|above|less\s+than|more\s+than|under|over|exceeds?|"
    r"availability|uptime|rate\s+of)\s*$",
    re.IGNORECASE,
)
_RATE = rx(
    r"(?P<num>\d+(?:\.\d+)?)\s*(?:%|％|percent|per\s+cent)"
    r"|(?P<base>千分之|万分之|百分之)(?P<cn>[零一二三四五六七八九十百\d.点]+)",
    re.IGNORECASE,
)
_CAP_BEFORE = rx(
    r"(?:不超过|不得超过|不高于|最高|上限|为限|capped\s+at|not\s+exceed|maximum\s+of|up\s+to|limited\s+to)[^。；;，,]{0,20}$",
    re.IGNORECASE,
)


def _rates(text: str) -> list[tuple[Decimal, bool, re.Match[str]]]:
    """(percent value, is-a-cap, match) for each rate in a sentence."""
    result: list[tuple[Decimal, bool, re.Match[str]]] = []
    if not ("%" in text or "％" in text or "分之" in text or "cent" in text.lower()):
        return result  # every alternative of _RATE holds one of these
    for match in _RATE.finditer(text):
        if match.group("num"):
            value = Decimal(match.group("num"))
        else:
            raw = match.group("cn")
            whole, _, frac = raw.replace("点", ".").partition(".")
            number = chinese_int(whole) if not whole.isdigit() else int(whole)
            if number is None:
                continue
            value = Decimal(f"{number}.{frac}" if frac.isdigit() else number)
            value = (
                value
                * {"千分之": Decimal("0.1"), "万分之": Decimal("0.01"), "百分之": Decimal(1)}[
                    match.group("base")
                ]
            )
        is_cap = bool(_CAP_BEFORE.search(text[: match.start()]))
        result.append((value, is_cap, match))
    return result


@check("ld-review")
def ld_review(ctx: CheckContext) -> Iterator[Finding]:
    """Liquidated damages at a rate a court may well reduce (screening thresholds, not law)."""
    document = ctx.document
    daily_limit = Decimal(str(ctx.options.get("daily-percent", "0.1")))
    total_limit = Decimal(str(ctx.options.get("total-percent", 30)))
    ld = _LD_ZH if _zh(document) else _LD_EN
    for sentence in _sentences(document, ld, _LD_KEYS_ZH if _zh(document) else _LD_KEYS_EN):
        text = sentence.text
        rates = _rates(text)
        if not rates:
            continue
        caps = [value for value, is_cap, _ in rates if is_cap]
        daily = bool(_DAILY.search(text))
        for value, is_cap, match in rates:
            if is_cap:
                continue
            if _THRESHOLD_BEFORE.search(text[max(0, match.start() - 8) : match.start()]):
                continue
            near = text[max(0, match.start() - 40) : match.end() + 40]
            if not ld.search(near):
                continue  # a percentage of something else (an advance, a share) in the same sentence
            if daily:
                if value < daily_limit or (caps and min(caps) <= total_limit):
                    continue
                why = "daily"
            else:
                if value < total_limit:
                    continue
                why = "total"
            yield Finding(
                _span(document, sentence.start + match.start(), sentence.start + match.end()),
                {"rate": match.group(), "basis": _basis(why, ctx.language)},
            )
            break


def _basis(why: str, language: str) -> str:
    if why == "daily":
        return (
            "按日计算且没有不超过30%的累计上限"
            if language == "zh"
            else "charged per day with no overall cap of 30% or less"
        )
    return "达到或超过30%" if language == "zh" else "30% or more"
