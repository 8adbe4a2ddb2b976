"""Dispute resolution (CL6xx): venue, arbitration-or-litigation, institution, court, governing law.

Whether a dispute clause exists at all is the essential-clause rules' job
(the profiles list a disputes element); these checks read what the clause
says. They look at the sentences of clauses whose kind (or an ancestor's) is
``disputes`` or ``governing-law``; where a contract has no such clause, at the
sentences anywhere that speak of disputes and a forum.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from contractlint.checks import CheckContext, Finding, check
from contractlint.checks.amounts import (
    all_clauses,
    clause_kinds,
    may_contain,
    paragraph_sentences,
    prose_pairs,
    prose_with,
    rx,
)
from contractlint.model import Clause, Document
from contractlint.span import Span

_DISPUTE_KINDS = frozenset({"disputes", "governing-law"})


class _Sentence:
    """A plain class rather than a dataclass: cheaper to import; compared by identity."""

    __slots__ = ("clause", "start", "text")

    def __init__(self, text: str, start: int, clause: Clause | None) -> None:
        self.text = text
        self.start = start  # offset into document.text
        self.clause = clause


def dispute_sentences(document: Document) -> list[_Sentence]:
    """Sentences of the dispute clauses (or, without one, sentences about disputes and a forum)."""
    cached = document.notes.get("_dispute_sentences")
    if isinstance(cached, list):
        return cached
    scoped: list[_Sentence] = []
    kinds = clause_kinds(document)  # a lookup per clause, not a call (1 MB zh 4.3 -> 2.4 ms)
    for clause in all_clauses(document):
        if _DISPUTE_KINDS.isdisjoint(kinds[id(clause)]):
            continue
        for paragraph in clause.paragraphs:
            base = paragraph.span.start_offset
            for start, end in paragraph_sentences(document, paragraph):
                scoped.append(_Sentence(paragraph.text[start:end], base + start, clause))
    result = scoped
    if not scoped:  # no dispute clause: sentences about disputes and a forum, anywhere
        for clause, paragraph in prose_pairs(document):
            if not (_FORUM.search(paragraph.text) and _LOOSE_DISPUTE.search(paragraph.text)):
                continue
            base = paragraph.span.start_offset
            for start, end in paragraph_sentences(document, paragraph):
                text = paragraph.text[start:end]
                if _LOOSE_DISPUTE.search(text) and _FORUM.search(text):
                    result.append(_Sentence(text, base + start, clause))
    document.notes["_dispute_sentences"] = result
    return result


_LOOSE_DISPUTE = rx(r"争议|纠纷|\bdisputes?\b", re.IGNORECASE)
_FORUM = rx(r"仲裁|法院|诉讼|起诉|arbitrat|\bcourts?\b|litigation", re.IGNORECASE)

# -- arbitration -------------------------------------------------------------

# Arbitration chosen as a forum, not merely named (仲裁费, arbitration costs).
_ARB_ZH = rx(
    r"(?:申请|提交|提请|提起|交由|交付|进行|通过|诉诸|付诸|采用|选择|约定|在|于|向|由)[^。；;]{0,40}?仲裁(?!费)"
    r"|仲裁(?:解决|委员会|院|中心|机构|协议|条款|裁决)|仲裁(?=[/／或])|(?<=[/／或])仲裁(?!费)"
)
_ARB_EN = rx(
    r"(?:by|to|through|under|in|via)\s+(?:binding\s+|final\s+|confidential\s+)?arbitration"
    r"|arbitrated|arbitration\s+(?:administered|under|in\s+accordance|rules|in\s+[A-Z]|shall|seated)"
    r"|(?:refer|submit|settle|resolve)\w*\s+(?:[^.;]|\.(?=\d)){0,60}?arbitrat|arbitral\s+(?:tribunal|award)",
    re.IGNORECASE,
)
# Sentences about the award's enforcement, setting aside or interim relief:
# a court there is not a second forum.
_ENFORCEMENT = rx(
    r"执行|撤销|保全|临时措施|禁令|承认"
    r"|enforc|judgment\s+(?:up)?on\s+the\s+award|set\s+aside|interim|injunct|emergency|"
    r"conservatory|provisional|supervisory|in\s+aid\s+of\s+arbitration|support\s+of\s+(?:the\s+)?arbitration",
    re.IGNORECASE,
)
_LITIGATION_ZH = rx(
    r"(?<!不得)(?<!不能)(?<!不可)(?<!不再)(?:向|由|在|提交|提请)[^。；;仲]{0,40}?法院(?:提起诉讼|起诉|诉讼|管辖|审理|解决)?"
    r"|(?<!不得)(?<!不能)(?<!不可)提起诉讼|(?<!不得)(?<!不能)(?<!不可)(?<!不再)起诉|诉讼解决|诉讼方式|通过诉讼"
    r"|诉讼(?=[/／、或])|(?<=[/／、或])诉讼"
)
_LITIGATION_EN = rx(
    r"\b(?:to|before|in|by)\s+(?:the\s+)?(?:competent\s+)?courts?\b|\blitigation\b|\blitigate\b|"
    r"\bsue\b|\blegal\s+(?:action|proceedings)\b|\blawsuit\b|\bcourts?\s+of\b|"
    r"\b(?:court|judicial)\s+proceedings\b|"
    r"\b(?:bring|commence|initiate|institute|file|take)\s+(?:legal\s+|court\s+)?(?:proceedings|an?\s+action|suit|a\s+claim)\b(?:[^.;]|\.(?=\d)){0,40}?\bcourts?\b|"
    r"\bbefore\s+(?:any|a|the)\s+(?:competent\s+)?courts?\b|"
    r"\bcourts?\s+(?:having|with|of\s+competent)\s+jurisdiction\b",
    re.IGNORECASE,
)
_NEGATED_EN = rx(r"\b(?:not|no|never|waive[sd]?)\b(?:[^.;]|\.(?=\d)){0,40}$", re.IGNORECASE)

_INSTITUTION_ZH = rx(
    r"(?P<name>[\u4e00-\u9fffA-Za-z（）()【】\[\]_＿]{0,30}?)(?P<kind>仲裁委员会|仲裁院|仲裁中心|仲裁协会)"
    r"|CIETAC|SHIAC|SCIA|HKIAC|SIAC|贸仲|国际商会"
)
_INSTITUTION_EN = rx(
    r"\b(?:ICC|LCIA|SIAC|HKIAC|CIETAC|SHIAC|SCIA|AAA|ICDR|JAMS|DIS|SCC|VIAC|KCAB|JCAA|ACICA|AIAC|DIAC|NAI)\b"
    r"|International\s+Chamber\s+of\s+Commerce|American\s+Arbitration\s+Association"
    r"|\b(?:[A-Z][\w'&-]*\s+){1,6}(?:International\s+)?(?:Arbitration|Arbitral)\s+"
    r"(?:Commission|Centre|Center|Institute|Court|Association|Chamber|Council)"
    r"|Court\s+of\s+Arbitration|Arbitration\s+Institute\s+of"
)
_PLACEHOLDER = rx(r"[\[【]|[_＿]{2,}|某|XX|xx|××|\bTBD\b|待定")
_GENERIC_INSTITUTION = rx(
    r"^(?:有管辖权的|当地的?|所在地的?|有关的?|相关的?|合同签订地的?|[甲乙丙丁]方所在地的?|一方所在地的?|双方认可的?|双方协商确定的?|双方同意的?|约定的?|其他|任一|任何)$"
)
_SEAT_EN = rx(
    r"\bseat\b|\bplace\s+of\s+(?:the\s+)?arbitration\b|\bvenue\s+of\s+(?:the\s+)?arbitration\b"
    r"|\barbitrat\w*\s+(?:held\s+)?in\s+[A-Z]",
    re.IGNORECASE,
)
_MAINLAND_SEAT = rx(
    r"\b(?:arbitrat\w*|seat(?:ed)?|place\s+of\s+(?:the\s+)?arbitration(?:\s+(?:is|shall\s+be))?)\s+(?:in|at|is|shall\s+be)?\s*"
    r"(?:Beijing|Shanghai|Shenzhen|Guangzhou|Tianjin|Chongqing|Hangzhou|Nanjing|Suzhou|Wuhan|Chengdu|"
    r"Xi'an|Qingdao|Xiamen|Dalian|Ningbo|mainland\s+China|the\s+PRC|the\s+People's\s+Republic\s+of\s+China|China)\b"
)
_AD_HOC_RULES = rx(r"UNCITRAL|ad\s+hoc|临时仲裁", re.IGNORECASE)
_CITY_ONLY_ZH = rx(
    r"(?:在|于|提交|提请|交由|向)(?P<city>[\u4e00-\u9fff]{2,6}?)(?:市)?(?:进行)?仲裁"
)


def _is_zh(document: Document) -> bool:
    return document.language == "zh"


def _span(document: Document, start: int, end: int) -> Span:
    return document.index.span(start, end)


def _arbitration_sentences(document: Document) -> list[tuple[_Sentence, re.Match[str]]]:
    cached = document.notes.get("_arbitration_sentences")
    if cached is not None:
        return cached
    zh = _is_zh(document)
    pattern = _ARB_ZH if zh else _ARB_EN
    result: list[tuple[_Sentence, re.Match[str]]] = []
    document.notes["_arbitration_sentences"] = result
    for sentence in dispute_sentences(document):
        if not _may_hold(sentence, _ARB_WORDS, zh):
            continue
        match = pattern.search(sentence.text)
        if match:
            result.append((sentence, match))
    return result


def _litigation_mentions(document: Document) -> list[tuple[_Sentence, re.Match[str]]]:
    cached = document.notes.get("_litigation_mentions")
    if cached is not None:
        return cached
    zh = _is_zh(document)
    result: list[tuple[_Sentence, re.Match[str]]] = []
    document.notes["_litigation_mentions"] = result
    for sentence in dispute_sentences(document):
        if not _may_hold(sentence, _LITIGATION_WORDS, zh):
            continue
        if _ENFORCEMENT.search(sentence.text):
            continue
        pattern = _LITIGATION_ZH if zh else _LITIGATION_EN
        for match in pattern.finditer(sentence.text):
            if not zh and _NEGATED_EN.search(sentence.text[: match.start()]):
                continue
            if zh and re.search(
                r"(?:不得|不能|不可|不再|放弃)[^，,。；;]{0,12}$", sentence.text[: match.start()]
            ):
                continue
            result.append((sentence, match))
            break
    return result


# Words (Chinese, English) one of which every match of a pattern holds: a sentence
# without any cannot match, and a literal test is far cheaper than the pattern
# (1 MB en: arbitration, litigation and court sentences 54 -> 2.5 ms, best of 7).
_ARB_WORDS = (("仲裁",), ("arbitra",))
_LITIGATION_WORDS = (
    ("法院", "诉讼", "起诉"),
    ("court", "litigat", "sue", "legal", "lawsuit", "proceedings"),
)
_COURT_WORDS = (("法院",), ("court",))


def _may_hold(
    sentence: _Sentence, words: tuple[tuple[str, ...], tuple[str, ...]], zh: bool
) -> bool:
    """Whether the sentence holds one of the words (of its language) a pattern needs."""
    if zh:
        return any(word in sentence.text for word in words[0])
    return may_contain(sentence.text, sentence.text.lower(), words[1])


# ---------------------------------------------------------------------------


@check("arbitration-or-litigation")
def arbitration_or_litigation(ctx: CheckContext) -> Iterator[Finding]:
    """Both arbitration and court litigation kept as options (仲裁法解释 art. 7)."""
    document = ctx.document
    arbitration = _arbitration_sentences(document)
    if not arbitration:
        return
    litigation = _litigation_mentions(document)
    if not litigation:
        return
    arb_sentence, _match = arbitration[0]
    if all(s is arb_sentence and _ENFORCEMENT.search(s.text) for s, _ in litigation):
        return
    sentence, match = litigation[0]
    start = sentence.start + match.start()
    yield Finding(
        _span(document, start, sentence.start + match.end()),
        {"arbitration": arb_sentence.text.strip()[:60], "litigation": match.group().strip()},
    )


@check("arbitration-institution-unclear")
def arbitration_institution_unclear(ctx: CheckContext) -> Iterator[Finding]:
    """Arbitration with a placeholder institution, only a city, or none at all."""
    document = ctx.document
    arbitration = _arbitration_sentences(document)
    if not arbitration:
        return
    zh = _is_zh(document)
    texts = [s.text for s, _ in arbitration]
    if zh:
        named = False
        for sentence, _ in arbitration:
            for match in _INSTITUTION_ZH.finditer(sentence.text):
                name = (match.group("name") or "") if match.group("kind") else "x" * 4
                if match.group("kind"):
                    name = re.sub(r"^.*(?:提交|提请|交由|申请|向|由|在|至|到|的|将争议)", "", name)
                if _PLACEHOLDER.search(name) or _PLACEHOLDER.search(match.group()):
                    start = (
                        sentence.start
                        + match.start()
                        + (len(match.group("name") or "") - len(name))
                    )
                    end = sentence.start + match.end()
                    if document.text[end : end + 1] in ("]", "】"):
                        end += 1
                    yield Finding(
                        _span(document, start, end),
                        {
                            "problem": _problem("placeholder", ctx.language),
                            "institution": document.text[start:end],
                        },
                    )
                    return
                if name and not _GENERIC_INSTITUTION.match(name) and len(name) >= 2:
                    named = True
        if named:
            return
        sentence, match = arbitration[0]
        city = None
        for s, _ in arbitration:
            city_match = _CITY_ONLY_ZH.search(s.text)
            if city_match and not re.search(r"申请|提请|机构|委员会", city_match.group("city")):
                sentence, city = s, city_match
                break
        if city is not None:
            yield Finding(
                _span(document, sentence.start + city.start(), sentence.start + city.end()),
                {
                    "problem": _problem("city-only", ctx.language),
                    "institution": city.group().strip(),
                },
            )
            return
        yield Finding(
            _span(document, sentence.start + match.start(), sentence.start + match.end()),
            {"problem": _problem("none", ctx.language), "institution": ""},
        )
        return
    # English
    joined = "\n".join(texts)
    for sentence, _ in arbitration:
        for match in _INSTITUTION_EN.finditer(sentence.text):
            if _PLACEHOLDER.search(match.group()):
                yield Finding(
                    _span(document, sentence.start + match.start(), sentence.start + match.end()),
                    {
                        "problem": _problem("placeholder", ctx.language),
                        "institution": match.group(),
                    },
                )
                return
        bracket = re.search(
            r"\[[^\]\n]*(?:arbitra|institution|centre|center)[^\]\n]*\]",
            sentence.text,
            re.IGNORECASE,
        )
        if bracket:
            yield Finding(
                _span(document, sentence.start + bracket.start(), sentence.start + bracket.end()),
                {"problem": _problem("placeholder", ctx.language), "institution": bracket.group()},
            )
            return
    if _INSTITUTION_EN.search(joined):
        return
    mainland = _MAINLAND_SEAT.search(joined)
    if mainland:
        # PRC law knows no ad hoc arbitration seated in mainland China: a city is not an institution
        for sentence, _ in arbitration:
            found = _MAINLAND_SEAT.search(sentence.text)
            if found:
                yield Finding(
                    _span(document, sentence.start + found.start(), sentence.start + found.end()),
                    {"problem": _problem("city-only", ctx.language), "institution": found.group()},
                )
                return
    if _SEAT_EN.search(joined):
        return  # an ad hoc arbitration with a seat: the seat's law supplies the rest
    sentence, match = arbitration[0]
    yield Finding(
        _span(
            document,
            sentence.start + match.start(),
            sentence.start + match.end() + _word_rest(sentence.text, match.end()),
        ),
        {"problem": _problem("none", ctx.language), "institution": ""},
    )


def _word_rest(text: str, end: int) -> int:
    rest = re.match(r"\w*", text[end:])
    return len(rest.group()) if rest else 0


_PROBLEMS = {
    "placeholder": ("仲裁机构仍是待填写的占位符", "the institution is still a placeholder"),
    "city-only": ("只写了仲裁地点，没有写明仲裁机构", "only a place is given, not an institution"),
    "none": ("没有写明仲裁机构", "no institution is named"),
}


def _problem(code: str, language: str) -> str:
    zh, en = _PROBLEMS[code]
    return zh if language == "zh" else en


# -- courts --------------------------------------------------------------------

_COURT_ZH = rx(r"(?P<place>[\u4e00-\u9fff（）()]{0,30}?)(?:人民)?法院")
_CONNECTED_ZH = rx(
    r"所在地|住所地|住所|签订地|签约地|履行地|原告|被告|标的物|注册地|营业地|经营地|户籍地|居住地|守约方|违约方|起诉方|诉讼方"
)
_COMPETENT_ZH = rx(r"有管辖权|有管辖|依法|当地|有关|相关|所属|一审|具有管辖")
_COURT_EN = rx(
    r"\bcourts?\s+of\s+(?:the\s+)?(?P<place1>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,4})"
    r"|\b(?!(?:The|Any|A|An|Such|Each|Either|No|If|Competent|Relevant|Appropriate)\b)(?P<place2>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3})\s+courts?\b"
    r"|\b(?:People's\s+Court|Court)\s+(?:of|in)\s+(?P<place3>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3})"
)
# A court identified by a connecting factor (where the defendant is domiciled …).
_CONNECTED_EN = rx(
    r"courts?\b(?:(?:[^.;]|\.(?=\d))){0,40}?(?:where|in\s+which|at\s+the\s+place|of\s+the\s+place)\s+"
    r"(?:the\s+)?(?:defendant|plaintiff|claimant|respondent|Party\s+[A-D]|Supplier|Customer|Provider|Client|"
    r"Buyer|Seller|Licensor|Licensee|Contractor|Vendor|Purchaser|Company|contract|agreement|"
    r"services?|goods|performance)\b"
    r"|courts?\s+(?:of|at|in)\s+(?:the\s+)?(?:defendant|plaintiff|claimant|respondent)'s\s+(?:domicile|seat|place)",
    re.IGNORECASE,
)
_COMPETENT_EN = rx(
    r"(?:any|a|the)\s+(?:court|courts)\s+(?:of\s+)?(?:having\s+|with\s+)?competent\s+jurisdiction"
    r"|(?:any|a)\s+competent\s+courts?|courts?\s+(?:having|with)\s+jurisdiction",
    re.IGNORECASE,
)
_PARTY_CHOICE_ZH = rx(
    r"(?P<who>甲方|乙方|丙方|丁方|买方|卖方|服务方|委托方|受托方|出租方|承租方|供方|需方|发包方|承包方)"
    r"(?:单方|自行|届时)?(?:指定|选择|选定|确定|决定|认可)的?[^。；;，,]{0,16}?法院"
)
_PARTY_CHOICE_EN = rx(
    r"courts?\s+(?:as\s+)?(?:selected|chosen|designated|nominated|determined|specified)\s+by\s+(?:the\s+)?"
    r"(?P<who>Party\s+[A-D]|[A-Z][a-z]+)"
    r"|(?:at|in)\s+(?:the\s+)?(?:sole\s+)?(?:option|election|discretion)\s+of\s+(?:the\s+)?"
    r"(?P<who2>Party\s+[A-D]|[A-Z][a-z]+)(?:[^.;]|\.(?=\d)){0,60}?courts?"
    r"|courts?\b(?:[^.;]|\.(?=\d)){0,40}?(?:at|in)\s+(?:the\s+)?(?:sole\s+)?(?:option|election|discretion)\s+of\s+(?:the\s+)?"
    r"(?P<who3>Party\s+[A-D]|[A-Z][a-z]+)"
    r"|courts?\s+of\s+(?:the\s+)?(?P<who4>Party\s+[A-D]|[A-Z][a-z]+)'s\s+(?:choosing|choice|selection|nomination)",
)


def _court_place(raw: str) -> str:
    """The place before 人民法院, without the verb that leads to it (向/由/提交 …)."""
    place = re.sub(r"^.*(?:向|由|提交|提请|归)", "", raw)
    return re.sub(r"^(?:在|至|于)", "", place)


def _courts_named(document: Document) -> bool:
    zh = _is_zh(document)
    for sentence in dispute_sentences(document):
        if not _may_hold(sentence, _COURT_WORDS, zh):
            continue
        if zh:
            for match in _COURT_ZH.finditer(sentence.text):
                raw = match.group("place")
                if _CONNECTED_ZH.search(raw):
                    return True
                place = _court_place(raw)
                if place and not _COMPETENT_ZH.search(place) and len(place) >= 2:
                    return True
        else:
            if _CONNECTED_EN.search(sentence.text):
                return True
            text = _COMPETENT_EN.sub(" ", sentence.text)
            for match in _COURT_EN.finditer(text):
                place = (
                    match.group("place1") or match.group("place2") or match.group("place3") or ""
                )
                if place and place.split()[0] not in {
                    "The",
                    "Any",
                    "A",
                    "Such",
                    "Competent",
                    "Each",
                    "Either",
                    "No",
                    "If",
                }:
                    return True
    return False


def _arbitration_named(document: Document) -> bool:
    return bool(_arbitration_sentences(document))


@check("dispute-venue-missing")
def dispute_venue_missing(ctx: CheckContext) -> Iterator[Finding]:
    """A dispute clause that names neither an arbitration institution nor a court."""
    document = ctx.document
    clauses = [c for c in all_clauses(document) if "disputes" in c.kinds]
    if not clauses:
        return
    if _arbitration_named(document) or _courts_named(document):
        return
    clause = clauses[0]
    yield Finding(clause.heading_span, {"clause": clause.label})


@check("court-chosen-by-one-party")
def court_chosen_by_one_party(ctx: CheckContext) -> Iterator[Finding]:
    """The court is whichever one party designates (CPL art. 35 needs a connected place)."""
    document = ctx.document
    pattern = _PARTY_CHOICE_ZH if _is_zh(document) else _PARTY_CHOICE_EN
    for sentence in dispute_sentences(document):
        for match in pattern.finditer(sentence.text):
            groups = match.groupdict()
            who = (
                groups.get("who")
                or groups.get("who2")
                or groups.get("who3")
                or groups.get("who4")
                or ""
            )
            if who in {"Court", "Courts", "The"}:
                continue
            yield Finding(
                _span(document, sentence.start + match.start(), sentence.start + match.end()),
                {"party": who, "court": match.group()},
            )
            return


_PLACE_SPLIT = rx(r"省|市|自治区|自治州|特别行政区|地区|盟|县|区|旗")
_COURT_LEVEL = rx(r"第[一二三四五六七八九十\d]+|中级|高级|基层|铁路运输|海事|知识产权|互联网|金融")


@check("court-without-connection")
def court_without_connection(ctx: CheckContext) -> Iterator[Finding]:
    """A named people's court at a place the contract shows no link to (CPL art. 35)."""
    document = ctx.document
    if not _is_zh(document):
        return
    sentences_ = dispute_sentences(document)
    dispute_ranges = [(s.start, s.start + len(s.text)) for s in sentences_]
    outside: str | None = None
    for sentence in sentences_:
        if "法院" not in sentence.text or _ENFORCEMENT.search(sentence.text):
            continue  # no court (a literal test first), or the award's enforcement
        for match in _COURT_ZH.finditer(sentence.text):
            raw = match.group("place")
            place = _court_place(raw)
            if not place or _CONNECTED_ZH.search(raw) or _COMPETENT_ZH.search(place):
                continue
            if re.search(r"指定|选择|选定|确定|决定|认可", place):  # court-chosen-by-one-party
                continue
            if _PLACEHOLDER.search(place) or "最高" in place:
                continue
            parts = [p for p in _PLACE_SPLIT.split(_COURT_LEVEL.sub("", place)) if len(p) >= 2]
            if parts and outside is None:
                outside = _text_outside(document, dispute_ranges)
            if not parts or any(part in outside for part in parts):  # type: ignore[operator]
                continue
            offset = sentence.start + match.start() + (len(raw) - len(place))
            yield Finding(
                _span(document, offset, sentence.start + match.end()),
                {"court": sentence.text[match.start() + len(raw) - len(place) : match.end()]},
            )


def _text_outside(document: Document, ranges: list[tuple[int, int]]) -> str:
    """Metadata, parties and prose outside the dispute sentences, for place look-ups."""
    parts = [entry.value for entry in document.metadata.entries]
    for party in document.parties:
        parts.append(party.name)
        parts.extend(attribute.value for attribute in party.attributes)
    # a paragraph is skipped when it starts inside a range: bisect over the ranges
    # sorted by start, with the furthest end reached so far (linear, not P x R)
    ordered = sorted(ranges)
    starts = [s for s, _ in ordered]
    reach: list[int] = []
    furthest = -1
    for _, e in ordered:
        furthest = max(furthest, e)
        reach.append(furthest)
    for _clause, paragraph in prose_pairs(document):
        start = paragraph.span.start_offset
        i = bisect_right(starts, start)
        if i and reach[i - 1] > start:
            continue
        parts.append(paragraph.text)
    for block in document.signatures:
        parts.append(block.text)
    return "\n".join(parts)


# -- governing law -----------------------------------------------------------------

_GOVERNING_ZH = rx(r"适用[^。；;]{0,30}?法律|受[^。；;]{0,30}?法律管辖|准据法|适用法律")
_GOVERNING_EN = rx(
    r"governed\s+by|governing\s+law|construed\s+in\s+accordance\s+with|applicable\s+law\s+(?:is|shall)"
    r"|subject\s+to\s+the\s+laws?\s+of",
    re.IGNORECASE,
)
_FOREIGN_ENTITY = rx(
    r"\b(?:GmbH|AG|Inc\.?|LLC|L\.L\.C\.|Corp\.?|plc|Pte\.?|Sdn\.?\s*Bhd\.?|S\.A\.S?\.?|SARL|S\.r\.l\.|S\.p\.A\.|"
    r"B\.V\.|N\.V\.|K\.K\.|Kabushiki\s+Kaisha|Pty\.?|Oy|A/S|ApS|AB|S\.L\.|Ltda\.?)(?![\w])"
    r"|株式会社|有限会社"
)
_FOREIGN_PLACES = (
    "United States|USA|U.S.A.|America|United Kingdom|England|Scotland|Wales|Germany|France|Japan|Korea|"
    "Singapore|Malaysia|Thailand|Vietnam|Indonesia|Philippines|India|Australia|New Zealand|Canada|Italy|"
    "Spain|Netherlands|Belgium|Switzerland|Austria|Sweden|Norway|Denmark|Finland|Ireland|Russia|Brazil|"
    "Mexico|Israel|Turkey|Saudi Arabia|UAE|United Arab Emirates|Dubai|Hong Kong|Macau|Macao|Taiwan|"
    "美国|英国|德国|法国|日本|韩国|新加坡|马来西亚|泰国|越南|印度尼西亚|菲律宾|印度|澳大利亚|新西兰|加拿大|"
    "意大利|西班牙|荷兰|比利时|瑞士|奥地利|瑞典|挪威|丹麦|芬兰|爱尔兰|俄罗斯|巴西|墨西哥|以色列|土耳其|"
    "沙特|阿联酋|迪拜|香港|澳门|台湾"
)
_FOREIGN_PLACE = rx(rf"(?<![A-Za-z])(?:{_FOREIGN_PLACES})(?![A-Za-z])")
_PRC = rx(
    r"中华人民共和国|中国|People's\s+Republic\s+of\s+China|\bPRC\b|\bChina\b|Chinese", re.IGNORECASE
)
_YES = {"yes", "true", "y", "1", "是", "涉外"}


def foreign_reason(document: Document, language: str) -> str | None:
    """Why the contract is foreign-related (涉外), or None."""
    flag = (document.metadata.value("foreign-related") or "").strip().lower()
    if flag in _YES:
        return "元数据标明涉外" if language == "zh" else "the metadata marks it foreign-related"
    if flag in {"no", "false", "n", "0", "否"}:
        return None
    for party in document.parties:
        address = " ".join(
            a.value for a in party.attributes if a.key in {"address", "jurisdiction"}
        )
        place = _FOREIGN_PLACE.search(address)
        if place:
            return (
                f"当事人“{party.name}”的地址在{place.group()}"
                if language == "zh"
                else f"party {party.name} is based in {place.group()}"
            )
        if _FOREIGN_ENTITY.search(party.name):
            return (
                f"当事人“{party.name}”是境外主体"
                if language == "zh"
                else f"party {party.name} is a foreign entity"
            )
    law = document.metadata.value("governing-law") or ""
    if law and not _PRC.search(law):
        return (
            f"元数据所列适用法律为“{law}”"
            if language == "zh"
            else f"the metadata names {law} as the governing law"
        )
    return None


@check("foreign-governing-law-missing")
def foreign_governing_law_missing(ctx: CheckContext) -> Iterator[Finding]:
    """A foreign-related contract whose text chooses no governing law."""
    document = ctx.document
    reason = foreign_reason(document, ctx.language)
    if reason is None:
        return
    if any("governing-law" in c.kinds for c in all_clauses(document)):
        return
    zh = _is_zh(document)
    pattern = _GOVERNING_ZH if zh else _GOVERNING_EN
    keys = ("法律", "准据法") if zh else ("govern", "constru", "applicable law", "laws of")
    for _clause, paragraph, _lowered in prose_with(document, keys):
        if pattern.search(paragraph.text):
            return
    disputes = [c for c in all_clauses(document) if "disputes" in c.kinds]
    if disputes:
        span = disputes[0].heading_span
    elif document.title_span is not None:
        span = document.title_span
    else:
        span = document.index.span(0, 0)
    note = ""
    if document.metadata.value("governing-law"):
        note = (
            "（元数据中的适用法律不是合同文本）"
            if ctx.language == "zh"
            else " (the metadata names one, but metadata is not part of the signed text)"
        )
    yield Finding(span, {"reason": reason, "note": note})
