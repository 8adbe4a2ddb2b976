"""Chinese capital-numeral money amounts (大写金额): read, write, check, find.

The rules are those of 中国人民银行《支付结算办法》附一 (see
docs in ``shared/research/legal-rules.md`` §B). Amounts are handled as
integer 分 (fen) so that figures and words are compared by value, never as
strings: the standard allows several spellings of one amount (an optional 零
after a zero 万位 or 元位).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import product
from typing import TYPE_CHECKING

from contractlint import rxcache

if TYPE_CHECKING:
    from contractlint.model import Clause, Document, Paragraph
    from contractlint.span import Span

# ---------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------

STANDARD_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNIT_CHARS = {1: "拾", 2: "佰", 3: "仟"}
_BIG_UNITS = {1: "万", 2: "亿", 3: "万亿"}

# Traditional and variant forms that the standard accepts, mapped to the
# simplified standard character.
_TRADITIONAL = str.maketrans(
    {"貳": "贰", "參": "叁", "叄": "叁", "陸": "陆", "億": "亿", "萬": "万", "圓": "元", "正": "整"}
)
# Ordinary numerals the standard forbids in 大写, mapped to what they mean,
# so that an amount written with them can still be read and compared.
FORBIDDEN = "一二两三四五六七八九十百千念廿毛另〇0"
_LENIENT = str.maketrans(
    {
        "一": "壹",
        "二": "贰",
        "两": "贰",
        "三": "叁",
        "四": "肆",
        "五": "伍",
        "六": "陆",
        "七": "柒",
        "八": "捌",
        "九": "玖",
        "十": "拾",
        "百": "佰",
        "千": "仟",
        "毛": "角",
        "另": "零",
        "〇": "零",
        "0": "零",
    }
)
_DIGIT_VALUE = {c: i for i, c in enumerate(STANDARD_DIGITS)}
_UNIT_VALUE = {"拾": 10, "佰": 100, "仟": 1000}

# Characters that make a run of numerals look like a 大写 amount on their own
# (ordinary numerals such as 十万元 only count after the word 大写).
_CAPITAL_MARKERS = set("壹贰貳叁參叄肆伍陆陸柒捌玖拾佰仟")


def normalize(text: str) -> str:
    """Traditional forms to the standard simplified ones (貳→贰, 圓→元, 正→整 …)."""
    return text.translate(_TRADITIONAL)


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _integer_digits(yuan: int) -> list[int]:
    """Digits of ``yuan`` from the highest position down to 元位 (index = position)."""
    return [int(c) for c in str(yuan)]


def _variants(fen: int) -> list[str]:
    """Every standard spelling of ``fen``, without 人民币 and 整, the preferred one first."""
    return list(_variants_cached(fen))


@lru_cache(maxsize=1024)
def _variants_cached(fen: int) -> tuple[str, ...]:
    """Every standard spelling of ``fen``, without 人民币 and 整, the preferred one first.

    One 零 stands for each run of zeros between two nonzero digits. Where the
    run ends at 万位, 亿位 or 元位 and the next digit is not zero, the 零 is
    optional (PBOC 附一 rule 5): the preferred form keeps it after 元 and
    after a whole empty section, and drops it after a lone zero 万位/亿位, as
    the PBOC examples do (壹拾万柒仟元零伍角叁分).
    """
    if fen < 0 or fen >= MAX_FEN:
        raise ValueError(f"no 大写 for {fen} 分: amounts are between 0 and 10**16 元")
    yuan, jiao, cents = fen // 100, (fen // 10) % 10, fen % 10
    # positions: p >= 0 is 10**p 元; -1 is 角, -2 is 分
    digits = {i: int(c) for i, c in enumerate(reversed(str(yuan)))}
    digits[-1], digits[-2] = jiao, cents
    if not any(digits.values()):
        return ("零元",)
    top = max(digits)
    # (text, optional, kept in the preferred form)
    pieces: list[tuple[str, bool, bool]] = []
    previous: int | None = None  # position of the previous nonzero digit
    for p in range(top, -3, -1):
        d = digits[p]
        if p == -1 and yuan > 0:
            pieces.append(("元", False, True))
        if d:
            if previous is not None and previous - p > 1:
                lowest = p + 1
                optional = lowest in (0, 4, 8) and p in (-1, 3, 7)
                preferred = not optional or lowest == 0 or previous - p > 2
                pieces.append(("零", optional, preferred))
            unit = _UNIT_CHARS.get(p % 4, "") if p >= 0 else ("角" if p == -1 else "分")
            pieces.append((STANDARD_DIGITS[d] + unit, False, True))
            previous = p
        if p > 0 and p % 4 == 0 and any(digits.get(q, 0) for q in range(p, p + 4)):
            big = _BIG_UNITS[p // 4]
            if p == 12 and any(digits.get(q, 0) for q in range(8, 12)):
                big = "万"  # 壹万零伍佰亿
            pieces.append((big, False, True))
    optional_at = [i for i, (_, optional, _) in enumerate(pieces) if optional]
    preferred = tuple(pieces[i][2] for i in optional_at)
    choices = [preferred] + [
        c for c in product((True, False), repeat=len(optional_at)) if c != preferred
    ]
    results = []
    for choice in choices:
        keep = dict(zip(optional_at, choice, strict=True))
        results.append("".join(t for i, (t, _, _) in enumerate(pieces) if keep.get(i, True)))
    return tuple(results)


# 大写 has units up to 万亿; amounts of 亿亿 元 and more are not amounts at all.
MAX_FEN = 10**18


def format_capital(fen: int, currency: bool = True) -> str:
    """The standard 大写 of an amount in 分: ``100005`` → ``人民币壹仟元零伍分``.

    Writes the 零 wherever the standard allows one, 整 after 元 and after 角,
    never after 分.
    """
    body = _variants_cached(fen)[0]
    if fen == 0:
        body = "零元"
    if not body.endswith("分"):
        body += "整"
    return ("人民币" if currency else "") + body


@lru_cache(maxsize=4096)
def figures_to_fen(value: Decimal) -> int | None:
    """An amount in currency units (Decimal) as integer 分; None past two decimals.

    Cached: the amount checks ask for each figure's 分 four times, and a contract
    repeats its amounts (1 MB zh: some 4,500 calls, 3.7 -> 1.0 ms).
    """
    fen = value * 100
    if fen != fen.to_integral_value() or fen < 0:
        return None
    return int(fen)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _read_integer(text: str) -> int | None:
    """Read the part before 元 (already normalised and lenient-mapped); None if malformed."""
    if not text:
        return 0
    high = 0  # 亿 and above
    wan = 0  # the 万 section
    section = 0  # below 万
    digit: int | None = None
    last_unit = 10_000
    for char in text:
        if char == "零":
            if digit:
                return None  # 伍零: a digit without its unit
            digit = 0
        elif char in _DIGIT_VALUE:
            if digit:
                return None  # two digits in a row
            digit = _DIGIT_VALUE[char]
        elif char in _UNIT_VALUE:
            unit = _UNIT_VALUE[char]
            if not digit:
                if unit != 10 or section:
                    return None
                digit = 1  # a bare 拾 (拾万): read as 壹拾
            if unit >= last_unit:
                return None  # 伍拾伍佰: units out of order
            section += digit * unit
            last_unit = unit
            digit = None
        elif char == "万":
            amount = section + (digit or 0)
            if amount == 0 or wan:
                return None
            wan = amount * 10_000
            section, digit, last_unit = 0, None, 10_000
        elif char == "亿":
            amount = wan + section + (digit or 0)
            if amount == 0 or high:
                return None
            high = amount * 100_000_000
            wan = section = 0
            digit, last_unit = None, 10_000
        else:
            return None
    return high + wan + section + (digit or 0)


@lru_cache(maxsize=1024)
def parse_capital(text: str) -> int | None:
    """The value in 分 of a 大写 amount, or None if it cannot be read.

    Accepts 人民币, traditional forms (貳 陸 億 萬 圓) and 整/正, and, so that a
    badly written amount can still be compared, the forbidden ordinary numerals
    (一 二 十 毛 另 …). ``parse_capital("人民币壹拾万零伍拾元零伍分") == 10005005``.
    """
    body = normalize(text.strip()).translate(_LENIENT)
    for prefix in ("人民币", "RMB"):
        if body.startswith(prefix):
            body = body[len(prefix) :].lstrip("：: \u3000")
    body = body.rstrip("整")
    if not body:
        return None
    integer, sep, rest = body.partition("元")
    if not sep:
        integer, rest = "", body
    value = _read_integer(integer)
    if value is None:
        return None
    fen = value * 100
    rest = rest.lstrip("零")
    if rest:
        match = re.fullmatch(r"(?:([壹贰叁肆伍陆柒捌玖])角)?零?(?:([壹贰叁肆伍陆柒捌玖])分)?", rest)
        if not match or not (match.group(1) or match.group(2)):
            return None
        if match.group(1):
            fen += 10 * _DIGIT_VALUE[match.group(1)]
        if match.group(2):
            fen += _DIGIT_VALUE[match.group(2)]
    elif not integer:
        return None  # 元 alone, or nothing at all
    return fen


# ---------------------------------------------------------------------------
# Checking the format
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormatProblem:
    """One way a 大写 departs from the standard; ``code`` is stable, for tests."""

    code: str  # forbidden-char | missing-zheng | zheng-after-fen | missing-zero-jiao | bare-shi | nonstandard | unreadable
    detail: str = ""  # the offending characters, where there are some


def check_format(text: str) -> list[FormatProblem]:
    """Problems of a 大写 amount against PBOC 附一, without the currency (see :func:`has_currency`).

    ``text`` is the amount itself (人民币 may lead it; it is ignored here).
    """
    return list(_check_format(text))


@lru_cache(maxsize=1024)
def _check_format(text: str) -> tuple[FormatProblem, ...]:
    """:func:`check_format`, memoised: a contract repeats its few amounts many times."""
    problems: list[FormatProblem] = []
    raw = text.strip()
    for prefix in ("人民币", "RMB"):
        if raw.startswith(prefix):
            raw = raw[len(prefix) :].lstrip("：: \u3000")
    forbidden = "".join(dict.fromkeys(c for c in raw if c in FORBIDDEN))
    if forbidden:
        problems.append(FormatProblem("forbidden-char", forbidden))
    body = normalize(raw).translate(_LENIENT)
    value = parse_capital(body)
    if value is None:
        problems.append(FormatProblem("unreadable"))
        return tuple(problems)
    has_zheng = body.endswith("整")
    core = body.rstrip("整")
    if core.endswith("元") and not has_zheng:
        problems.append(FormatProblem("missing-zheng"))
    if core.endswith("分") and has_zheng:
        problems.append(FormatProblem("zheng-after-fen"))
    jiao, cents = (value // 10) % 10, value % 10
    if value >= 100 and jiao == 0 and cents and not re.search(r"元零", core):
        problems.append(FormatProblem("missing-zero-jiao"))
    if core.startswith("拾"):
        problems.append(FormatProblem("bare-shi"))
        core = "壹" + core
    if 0 < value < 100 and core.startswith("零元"):
        core = core[2:]
    accepted = set(_variants_cached(value))
    if value < 100 and value:
        accepted |= {"零元" + v for v in accepted}
    if core not in accepted and not any(p.code == "missing-zero-jiao" for p in problems):
        problems.append(FormatProblem("nonstandard"))
    return tuple(problems)


# ---------------------------------------------------------------------------
# Finding 大写 amounts in prose
# ---------------------------------------------------------------------------

_N = "零壹贰貳叁參叄肆伍陆陸柒捌玖拾佰仟万萬亿億一二两三四五六七八九十百千另〇0"
_NS = _N.replace("0", "")
CAPITAL_SOURCE = (
    rf"[{_NS}][{_N}]*"
    rf"(?:[元圆圓](?:[{_N}]{{0,2}}[角毛])?(?:[{_N}]{{0,2}}分)?|[角毛](?:[{_N}]{{0,2}}分)?|分)"
    r"[整正]?"
)


@lru_cache(maxsize=1)
def _capital_pattern() -> re.Pattern[str]:
    """Compiled on first use: most contracts checked in English never need it."""
    return rxcache.compile(CAPITAL_SOURCE)


_LABEL_GAP = rxcache.compile(r"[\s\u3000：:（）()【】\[\]大写金额为即计]*$")
_CURRENCY_BEFORE = rxcache.compile(r"(?:人民币|RMB|CNY)[\s\u3000]*$")


@dataclass(slots=True)
class CapitalAmount:
    """A 大写 amount found in prose.

    ``span`` covers the amount with a directly preceding 人民币 (the whole
    thing a fix would replace); ``body_span`` only the numerals from the first
    digit to 整.
    """

    text: str  # the source slice at ``span``
    body: str  # the numerals, 整 included
    span: Span
    body_span: Span
    value: int | None  # 分
    has_currency: bool  # 人民币 written directly before (labels such as 大写： may sit between)
    labelled: bool  # the word 大写 stands just before it
    clause: Clause | None = field(default=None, compare=False)
    paragraph: Paragraph | None = field(default=None, compare=False)


def find_capitals_in(text: str) -> list[tuple[int, int, int, bool, bool]]:
    """(start, body_start, end, has_currency, labelled) for each 大写 amount in ``text``."""
    found = []
    for match in _capital_pattern().finditer(text):
        start, end = match.start(), match.end()
        body = match.group()
        before_start = max(0, start - 12)
        before = text[before_start:start]
        gap = _LABEL_GAP.search(before)
        head = before[: gap.start()] if gap else before
        currency = _CURRENCY_BEFORE.search(head)
        labelled = "大写" in (gap.group() if gap else "")
        if currency and not labelled:
            label = _LABEL_GAP.search(head[: currency.start()])
            labelled = bool(label and "大写" in label.group())
        if not labelled and not any(c in _CAPITAL_MARKERS for c in body):
            continue
        if not any(c not in "零〇0元圆圓角毛分整正万萬亿億" for c in body):
            continue
        span_start = start
        if currency and gap is not None:
            span_start = before_start + currency.start()
            # only absorb 人民币 when nothing but spaces separates it
            if text[span_start + len(currency.group()) : start].strip(" \t\u3000"):
                span_start = start
        found.append((span_start, start, end, currency is not None, labelled))
    return found


# A numeral only 大写 uses. A lone character class: the regex engine skips ahead by
# it, which an alternation with 大写 prevents (1 MB zh: 3.5 -> 1.7 ms).
_CAPITAL_NUMERAL = rxcache.compile("[壹贰貳叁參叄肆伍陆陸柒捌玖拾佰仟]")


def capitals(document: Document) -> list[CapitalAmount]:
    """Every 大写 amount in the document's prose, computed once per document."""
    cached = document.notes.get("_capitals")
    if isinstance(cached, list):
        return cached
    from contractlint import docindex

    result: list[CapitalAmount] = []
    for i, (clause, paragraph) in enumerate(docindex.paragraphs(document)):
        text = paragraph.text
        if text.isascii() or ("大写" not in text and not _CAPITAL_NUMERAL.search(text)):
            continue  # isascii() is a flag lookup: English prose costs nothing here
        span = docindex.paragraph_spanner(document, i)
        for start, body_start, end, has_currency, labelled in find_capitals_in(text):
            result.append(
                CapitalAmount(
                    text=text[start:end],
                    body=text[body_start:end],
                    span=span(start, end),
                    body_span=span(body_start, end),
                    value=parse_capital(text[body_start:end]),
                    has_currency=has_currency,
                    labelled=labelled,
                    clause=clause,
                    paragraph=paragraph,
                )
            )
    document.notes["_capitals"] = result
    return result
