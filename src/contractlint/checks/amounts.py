"""Amounts: 大写 beside figures, their values and format, payment shares, 定金.

Figures come from :mod:`contractlint.extract` (money facts), 大写 amounts from
:func:`contractlint.cnmoney.capitals`. A 大写 belongs to the figures it stands
next to (in the parenthesis after them, or with the figures in a parenthesis
after it); values are compared in 分.

Also home to the small helpers the other check modules share: lazily
compiled patterns, sentence splitting, the prose and clause lists walked once
per document, and clause kinds together with their ancestors'.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from contractlint import docindex, rxcache
from contractlint.checks import CheckContext, Finding, check
from contractlint.cnmoney import (
    MAX_FEN,
    CapitalAmount,
    capitals,
    check_format,
    figures_to_fen,
    format_capital,
)
from contractlint.diagnostic import Applicability, Edit, Fix
from contractlint.extract import Fact, facts
from contractlint.model import Clause, Document, Paragraph

# ---------------------------------------------------------------------------
# Shared prose helpers
# ---------------------------------------------------------------------------


class LazyPattern:
    """A regular expression compiled on first use.

    The check modules hold a hundred patterns; compiling them all at import
    would cost the CLI tens of milliseconds on every run, while a given
    contract (one language, a few clause kinds) needs only some of them.
    """

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> str:
        return self._args[0]

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = rxcache.compile(*self._args)
        return self._compiled

    def search(self, *args: Any) -> re.Match[str] | None:
        return self._get().search(*args)

    def match(self, *args: Any) -> re.Match[str] | None:
        return self._get().match(*args)

    def finditer(self, *args: Any) -> Iterator[re.Match[str]]:
        return self._get().finditer(*args)

    def sub(self, *args: Any) -> str:
        return self._get().sub(*args)

    def split(self, *args: Any) -> list[str]:
        return self._get().split(*args)


def rx(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)


# The '.' branch tests the character before it with a lookbehind *after* the dot:
# both branches then start with a literal, so the engine skips ahead by character
# set (twice as fast as a leading lookbehind; the same matches).
_SENTENCE_END = rx(r"[。；;！？!?\n]|\.(?<=[a-z0-9)\"”]\.)(?=\s+[A-Z(])")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph (split at 。；; and at '. X')."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip():
            yield start, end
        start = end
    if text[start:].strip():
        yield start, len(text)


# The only characters that IGNORECASE matches to an ASCII letter while lower() does
# not turn them into it: İ and ı (i) and ſ (s).
_FOLD_SPECIAL = ("\u0130", "\u0131", "\u017f")


def may_contain(text: str, lowered: str, words: tuple[str, ...]) -> bool:
    """Whether a case-insensitive pattern, every match of which holds one of the
    lower-case ASCII ``words``, may match ``text`` (``lowered`` is ``text.lower()``).

    A literal test before the pattern: far cheaper, and most text holds no such word.
    """
    for word in words:
        if word in lowered:
            return True
    if text.isascii():
        return False
    return any(char in text for char in _FOLD_SPECIAL)


def paragraph_sentences(document: Document, paragraph: Paragraph) -> list[tuple[int, int]]:
    """``list(sentences(paragraph.text))``, split once per paragraph and kept."""
    cache = document.notes.get("_ix_sentences")
    if cache is None:
        cache = document.notes["_ix_sentences"] = {}
    key = id(paragraph)
    found = cache.get(key)
    if found is None:
        found = cache[key] = list(sentences(paragraph.text))
    return found


def prose(document: Document) -> list[tuple[Clause | None, Paragraph, str]]:
    """(clause, paragraph, lower-cased text) for every paragraph, listed once per document.

    The checks each walk the prose; walking the clause tree once and keeping
    the list is several times cheaper than a generator per check.
    """
    cached = document.notes.get("_prose")
    if isinstance(cached, list):
        return cached
    result = [
        (clause, paragraph, paragraph.text.lower())
        for clause, paragraph in docindex.paragraphs(document)
    ]
    document.notes["_prose"] = result
    return result


def prose_with(
    document: Document, words: tuple[str, ...]
) -> list[tuple[Clause | None, Paragraph, str]]:
    """The entries of :func:`prose` whose lower-cased text holds one of ``words``.

    One ``str.find`` pass over all the prose per word, rather than an ``in``
    test per paragraph and word (1 MB zh, the liability checks' five key sets:
    14.6 -> 11.6 ms; the scan itself is most of what is left).
    """
    joined, starts = _joined_prose(document)
    hits: set[int] = set()
    for word in words:
        at = joined.find(word)
        while at != -1:
            i = bisect_right(starts, at) - 1
            hits.add(i)
            if i + 1 == len(starts):
                break
            at = joined.find(word, starts[i + 1])  # on to the next paragraph
    paragraphs = docindex.paragraphs(document)
    found = []
    for i in sorted(hits):
        clause, paragraph = paragraphs[i]
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(joined)
        found.append((clause, paragraph, joined[starts[i] : end]))
    return found


def _joined_prose(document: Document) -> tuple[str, list[int]]:
    """The lower-cased prose joined by NULs (no word holds one, so none spans two
    paragraphs), and where each paragraph starts in it.

    Lower-cased in one call, and each paragraph's lower-cased text is its slice
    of it (10 MB zh, the first two look-ups: 92 -> 70 ms; NUL is no letter, so
    no paragraph's lower-casing depends on its neighbours). Where a letter
    lowers to two (İ), paragraph by paragraph.
    """
    cached = document.notes.get("_prose_joined")
    if cached is None:
        texts = [paragraph.text for _clause, paragraph in docindex.paragraphs(document)]
        joined = "\0".join(texts).lower()
        if len(joined) != len(texts) + sum(map(len, texts)) - 1 and texts:
            texts = [lowered for _c, _p, lowered in prose(document)]
            joined = "\0".join(texts)
        starts = []
        at = 0
        for text in texts:
            starts.append(at)
            at += len(text) + 1
        cached = document.notes["_prose_joined"] = (joined, starts)
    return cached


def prose_pairs(document: Document) -> list[tuple[Clause | None, Paragraph]]:
    """Like ``document.paragraphs()``, from the cached list."""
    return docindex.paragraphs(document)


def all_clauses(document: Document) -> list[Clause]:
    """Every clause (annex clauses included), in document order, listed once."""
    return docindex.clauses(document)


def clause_kinds(document: Document) -> dict[int, frozenset[str]]:
    """id(clause) → its kinds together with every ancestor's (a sub-clause of a
    fees clause is about fees even when its own heading says nothing)."""
    cached = document.notes.get("_scoped_kinds")
    if isinstance(cached, dict):
        return cached
    result: dict[int, frozenset[str]] = {}
    _inherit_kinds(document.clauses, frozenset(), result)
    annex = frozenset({"annex"})
    for each in document.annexes:
        _inherit_kinds(each.clauses, annex, result)
    document.notes["_scoped_kinds"] = result
    return result


def _inherit_kinds(
    clauses: list[Clause], inherited: frozenset[str], result: dict[int, frozenset[str]]
) -> None:
    # A call per level, not per clause; most sub-clauses add no kind and share
    # their parent's set (1 MB zh 1.9 -> 1.0 ms). A module-level function: a
    # recursive closure would be a reference cycle holding the clauses.
    for clause in clauses:
        kinds = inherited.union(clause.kinds) if clause.kinds else inherited
        result[id(clause)] = kinds
        if clause.children:
            _inherit_kinds(clause.children, kinds, result)


def kinds_of(document: Document, clause: Clause | None) -> frozenset[str]:
    if clause is None:
        return frozenset()
    return clause_kinds(document).get(id(clause), frozenset(clause.kinds))


def _fix_text(ctx: CheckContext, zh: str, en: str) -> str:
    return zh if ctx.language == "zh" else en


# ---------------------------------------------------------------------------
# Pairing figures with 大写
# ---------------------------------------------------------------------------

_GAP_WORDS = rx(r"大写|小写|金额|人民币|RMB|CNY|即|为|计|合计|共计|总计")
_GAP_PUNCT = set(" \t\u3000\n（）()【】[]：:，,、/|｜")


def _gap_ok(gap: str) -> bool:
    """Text between figures and 大写 that still lets them belong together."""
    if len(gap) > 24 or any(c.isdigit() for c in gap) or any(c in "。；;" for c in gap):
        return False
    if "大写" in gap or "小写" in gap:
        return True
    rest = _GAP_WORDS.sub("", gap)
    return all(c in _GAP_PUNCT for c in rest)


class _Pair:
    """Figures and their 大写 (either may be missing). A plain class: a dataclass
    costs the CLI start about 0.4 ms to build, and no one compares pairs."""

    __slots__ = ("capital", "figure")

    def __init__(self, figure: Fact | None, capital: CapitalAmount | None) -> None:
        self.figure = figure
        self.capital = capital


def pairs(document: Document) -> list[_Pair]:
    """Figures (CNY) and 大写 amounts, each paired with its counterpart or alone."""
    cached = document.notes.get("_amount_pairs")
    if isinstance(cached, list):
        return cached
    money = sorted(
        (m for m in facts(document).money if m.unit == "CNY" and m.value is not None),
        key=lambda m: m.span.start_offset,
    )
    caps = capitals(document)
    text = document.text
    result: list[_Pair] = []
    used_caps: set[int] = set()
    used_figs: set[int] = set()
    by_start = sorted(caps, key=lambda c: c.span.start_offset)
    cap_starts = [c.span.start_offset for c in by_start]
    fig_starts = [m.span.start_offset for m in money]
    # 1. adjacency: 大写 right after its figures, then figures right after 大写
    for fi, figure in enumerate(money):
        end = figure.span.end_offset
        ci = bisect_left(cap_starts, end)
        if ci < len(by_start) and ci not in used_caps:
            if _gap_ok(text[end : by_start[ci].span.start_offset]):
                result.append(_Pair(figure, by_start[ci]))
                used_caps.add(ci)
                used_figs.add(fi)
    for ci, capital in enumerate(by_start):
        if ci in used_caps:
            continue
        end = capital.span.end_offset
        fi = bisect_left(fig_starts, end)
        if fi < len(money) and fi not in used_figs:
            if _gap_ok(text[end : money[fi].span.start_offset]):
                result.append(_Pair(money[fi], capital))
                used_caps.add(ci)
                used_figs.add(fi)
    for fi, figure in enumerate(money):
        if fi not in used_figs:
            result.append(_Pair(figure, None))
    for ci, capital in enumerate(by_start):
        if ci not in used_caps:
            result.append(_Pair(None, capital))
    result.sort(
        key=lambda p: (p.figure or p.capital).span.start_offset  # type: ignore[union-attr]
    )
    document.notes["_amount_pairs"] = result
    return result


def _fen(figure: Fact) -> int | None:
    """The figures in 分, or None when they are no amount 大写 could express."""
    value = figure.value
    fen = figures_to_fen(value) if isinstance(value, Decimal) else None
    return fen if fen is not None and fen < MAX_FEN else None


def _figures_text(fen: int) -> str:
    yuan, cents = divmod(fen, 100)
    return f"{yuan:,}" + (f".{cents:02d}" if cents else "")


_PRICE_WORDS = rx(
    r"合同总价|总价款|总价|总金额|合同金额|合同价款|价款总额|服务费总额|费用总额|总额|合同价"
)
_DAXIE_SLOT = rx(r"^\s*[（(]\s*大写")


def _in_fees(document: Document, clause: Clause | None) -> bool:
    return "fees" in kinds_of(document, clause)


@check("capital-missing")
def capital_missing(ctx: CheckContext) -> Iterator[Finding]:
    """CNY figures about the price or payment with no 大写 beside them."""
    document = ctx.document
    if document.language != "zh":
        return
    paired_values = {
        _fen(p.figure) for p in pairs(document) if p.figure is not None and p.capital is not None
    }
    text = document.text
    paired_offsets = sorted(
        p.figure.span.start_offset
        for p in pairs(document)
        if p.figure is not None and p.capital is not None
    )
    for pair in pairs(document):
        figure = pair.figure
        if figure is None or pair.capital is not None:
            continue
        fen = _fen(figure)
        if fen is None or fen == 0 or fen in paired_values:
            continue  # the value is stated in words elsewhere (the cheapest test first)
        end = figure.span.end_offset
        if _DAXIE_SLOT.match(text[end : end + 12]):
            continue  # a 大写 slot is there (a blank the placeholder rule reports)
        in_scope = _in_fees(document, figure.clause)
        if not in_scope:
            in_scope = bool(_PRICE_WORDS.search(_before(text, figure.span.start_offset, 30)))
        if not in_scope:
            continue
        if _UNIT_RATE.search(text[max(0, figure.span.start_offset - 8) : figure.span.start_offset]):
            if _sentence_has_paired_total(document, figure, paired_offsets):
                continue  # 每台每月1,200元，合计86,400元（大写…）: the total carries the words
        capital = format_capital(fen)
        if text[end : end + 1] == "整":
            end += 1  # 人民币50,000元整: the words go after 整
        fix = Fix(
            _fix_text(
                ctx,
                f"插入大写金额“{capital}”（请核对）",
                f"Insert the amount in words, {capital} (check it)",
            ),
            (Edit(document.index.span(end, end), f"（大写：{capital}）"),),
            Applicability.UNSAFE,
        )
        yield Finding(figure.span, {"amount": figure.text, "capital": capital}, fix)


_UNIT_RATE = rx(r"每[^，。；;,]{0,6}$|单价[为：:]?\s*$")


def _before(text: str, offset: int, width: int) -> str:
    """Up to ``width`` characters before ``offset`` on the same line."""
    start = max(0, offset - width)
    newline = text.rfind("\n", start, offset)
    return text[(newline + 1 if newline != -1 else start) : offset]


def _sentence_has_paired_total(document: Document, figure: Fact, paired: list[int]) -> bool:
    """Another figure of the figure's sentence stands beside its 大写."""
    text = document.text
    start = figure.span.start_offset
    low, high = max(0, start - 300), min(len(text), start + 300)  # a sentence, not a whole line
    left = max(low - 1, *(text.rfind(c, low, start) for c in "。；;\n")) + 1
    ends = [i for i in (text.find(c, start, high) for c in "。；;\n") if i != -1]
    right = min(ends) if ends else high
    i = bisect_left(paired, left)
    return i < len(paired) and paired[i] < right


@check("capital-without-figures")
def capital_without_figures(ctx: CheckContext) -> Iterator[Finding]:
    """A 大写 amount with no figures beside it or of its value in the same paragraph."""
    document = ctx.document
    if document.language != "zh":
        return
    all_pairs = pairs(document)
    # (fen, offset) of every figure, to find one of equal value in the same paragraph
    figures = sorted(
        (fen, p.figure.span.start_offset)
        for p in all_pairs
        if p.figure is not None and (fen := _fen(p.figure)) is not None
    )
    for pair in all_pairs:
        capital = pair.capital
        if capital is None or pair.figure is not None or capital.value is None:
            continue
        paragraph = capital.paragraph
        if paragraph is not None:
            first = bisect_left(figures, (capital.value, paragraph.span.start_offset))
            if (
                first < len(figures)
                and figures[first][0] == capital.value
                and figures[first][1] < paragraph.span.end_offset
            ):
                continue  # the same amount in figures elsewhere in the paragraph
        written = f"¥{_figures_text(capital.value)}"
        end = capital.span.end_offset
        fix = Fix(
            _fix_text(
                ctx,
                f"在大写后插入小写金额“{written}”（请核对）",
                f"Insert the figures {written} after the words (check them)",
            ),
            (Edit(document.index.span(end, end), f"（{written}）"),),
            Applicability.UNSAFE,
        )
        yield Finding(capital.span, {"capital": capital.text, "figures": written}, fix)


@check("capital-mismatch")
def capital_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """A 大写 whose value differs from the figures it stands beside."""
    document = ctx.document
    for pair in pairs(document):
        if pair.figure is None or pair.capital is None or pair.capital.value is None:
            continue
        fen = _fen(pair.figure)
        if fen is None or fen == pair.capital.value:
            continue
        capital = pair.capital
        expected = format_capital(fen, currency=capital.text.startswith(("人民币", "RMB")))
        fix = Fix(
            _fix_text(
                ctx,
                f"改为与小写一致的“{expected}”（请核对哪一个正确）",
                f"Replace with {expected}, matching the figures (check which one is right)",
            ),
            (Edit(capital.span, expected),),
            Applicability.UNSAFE,
        )
        yield Finding(
            capital.span,
            {
                "amount": pair.figure.text,
                "capital": capital.text,
                "capital_value": _figures_text(capital.value),
                "figures_value": _figures_text(fen),
                "expected": format_capital(fen),
            },
            fix,
        )


_PROBLEM_TEXT = {
    "forbidden-char": (
        "使用了不得用于大写的字“{detail}”",
        "uses characters not allowed in 大写: {detail}",
    ),
    "missing-zheng": ("到“元”为止的金额后缺少“整”字", "an amount ending at 元 lacks 整"),
    "zheng-after-fen": (
        "到“分”为止的金额后不应写“整”字",
        "an amount ending at 分 must not end with 整",
    ),
    "missing-zero-jiao": (
        "角位为零而分位不为零时，“元”后应写“零”",
        "with 角 zero and 分 not, 零 must follow 元",
    ),
    "bare-shi": ("以“拾”开头时应写作“壹拾”", "a leading 拾 should be written 壹拾"),
    "nonstandard": ("“零”的用法不合规范", "the use of 零 departs from the standard"),
    "unreadable": ("无法读作一个金额", "cannot be read as an amount"),
}


def describe_problems(codes: list[tuple[str, str]], language: str) -> str:
    index = 0 if language == "zh" else 1
    parts = [_PROBLEM_TEXT[code][index].format(detail=detail) for code, detail in codes]
    return ("；" if language == "zh" else "; ").join(parts)


@check("capital-format")
def capital_format(ctx: CheckContext) -> Iterator[Finding]:
    """A 大写 written against PBOC 附一 (characters, 整, 零, 壹拾)."""
    document = ctx.document
    mismatched = {
        id(p.capital)
        for p in pairs(document)
        if p.capital is not None
        and p.figure is not None
        and p.capital.value is not None
        and _fen(p.figure) != p.capital.value
    }
    for capital in capitals(document):
        problems = check_format(capital.body)
        if not problems:
            continue
        problem = describe_problems([(p.code, p.detail) for p in problems], ctx.language)
        fix = None
        if capital.value is not None and id(capital) not in mismatched:
            standard = format_capital(capital.value, currency=False)
            fix = Fix(
                _fix_text(ctx, f"改写为规范的“{standard}”", f"Rewrite as the standard {standard}"),
                (Edit(capital.body_span, standard),),
                Applicability.UNSAFE,
            )
        standard_full = format_capital(capital.value) if capital.value is not None else ""
        yield Finding(
            capital.span,
            {"capital": capital.text, "problem": problem, "standard": standard_full},
            fix,
        )


@check("capital-currency-missing")
def capital_currency_missing(ctx: CheckContext) -> Iterator[Finding]:
    """A 大写 amount not introduced by 人民币."""
    document = ctx.document
    for capital in capitals(document):
        if capital.has_currency or capital.value is None:
            continue
        start = capital.body_span.start_offset
        fix = Fix(
            _fix_text(ctx, "在大写金额前加“人民币”", "Write 人民币 before the amount"),
            (Edit(document.index.span(start, start), "人民币"),),
            Applicability.SAFE,
        )
        yield Finding(capital.span, {"capital": capital.text}, fix)


# ---------------------------------------------------------------------------
# Payment shares
# ---------------------------------------------------------------------------

_ZH_BASE = rx(
    r"(?:总额|总价|价款|金额|服务费|费用|货款|合同价|报酬|价格|总费用)(?:总额)?的\s*(?:百分之)?$"
)
_EN_BASE = rx(
    r"^\s*\)?\s*of\s+(?:the\s+)?(?:total\s+|annual\s+|aggregate\s+)?(?:[A-Z][a-z]+\s+){0,3}"
    r"(?:fees?|price|sum|amount|value|consideration|charges?|contract\s+price)\b",
    re.IGNORECASE,
)
_SHARE_EXCLUDE = rx(
    r"税|违约金|滞纳金|逾期|迟延|延迟|利息|折扣|减免|扣减|扣除|罚|每日|每天|每周|每月|上浮|下浮|上调|下调|调整|"
    r"不超过|超过|不低于|至少|最高|最低|赔偿|退还|履约保证金|投标保证金|押金|tax|vat|interest|late|overdue|penalt|liquidated|"
    r"discount|credit|per\s+(?:day|week|month)|each\s+day|daily|increase|decrease|adjust|exceed|"
    r"cap|withh|not\s+more|at\s+least|refund|damages",
    re.IGNORECASE,
)
# A percentage in the same comma-delimited stretch as one of these is an instalment.
_PAY_WORDS = rx(
    r"付|进度款|尾款|余款|质保金|质量保证金|保修金|保留金|第[一二三四五六七八九十\d]+期"
    r"|\bpa(?:y|id|yable|yment)\b|\binstal+ments?\b|\bon\s+(?:signature|signing|acceptance|delivery)"
    r"|\bin\s+advance\b|\badvance\b|\bupon\b|\bprepay|\bretention\b|\bmilestone",
    re.IGNORECASE,
)
_REMAINDER = rx(r"余款|剩余|尾款|其余|余额|balance|remainder|remaining", re.IGNORECASE)
_FRAGMENT_END = rx(r"[。；;，！？!?\n]|,(?!\d{3})")


def _fragment_bounds(text: str, start: int, end: int, reach: int = 200) -> tuple[int, int]:
    """The comma-delimited stretch around [start, end), at most ``reach`` either side.

    Bounded so that a paragraph of one endless line stays linear to scan.
    """
    low = max(0, start - reach)
    left = max((m.end() for m in _FRAGMENT_END.finditer(text, low, start)), default=low)
    right_match = _FRAGMENT_END.search(text, end, min(len(text), end + reach))
    right = right_match.start() if right_match else min(len(text), end + reach)
    return left, right


def _fragment(text: str, start: int, end: int) -> str:
    """The comma-delimited stretch of text around [start, end)."""
    left, right = _fragment_bounds(text, start, end)
    return text[left:right]


def _outermost_fees(document: Document) -> dict[int, Clause]:
    """id(clause) → the outermost fees clause that holds it."""
    result: dict[int, Clause] = {}
    _under_fees(document.clauses, None, result)
    return result


def _under_fees(clauses: list[Clause], top: Clause | None, result: dict[int, Clause]) -> None:
    # A call per level; module-level, as a recursive closure would be a cycle.
    for clause in clauses:
        here = clause if top is None and "fees" in clause.kinds else top
        if here is not None:
            result[id(clause)] = here
        if clause.children:
            _under_fees(clause.children, here, result)


def payment_shares(document: Document) -> dict[int, list[Fact]]:
    """Percentages that are shares of the price, grouped by outermost fees clause."""
    tops = _outermost_fees(document)
    groups: dict[int, list[Fact]] = {}
    for percent in facts(document).percents:
        if percent.clause is None or percent.value is None:
            continue
        top = tops.get(id(percent.clause))
        if top is None:
            continue
        paragraph = next(
            (p for p in percent.clause.paragraphs if p.span.contains(percent.span)), None
        )
        if paragraph is None:
            continue
        text = paragraph.text
        start = percent.span.start_offset - paragraph.span.start_offset
        end = percent.span.end_offset - paragraph.span.start_offset
        fragment = _fragment(text, start, end)
        if _SHARE_EXCLUDE.search(fragment):
            continue
        before = text[max(0, start - 16) : start]
        after = text[end : end + 60]
        if not (_ZH_BASE.search(before) or _EN_BASE.match(after) or _PAY_WORDS.search(fragment)):
            continue
        groups.setdefault(id(top), []).append(percent)
    return groups


@check("payment-shares-sum")
def payment_shares_sum(ctx: CheckContext) -> Iterator[Finding]:
    """The shares of the price in a fees clause add up to more or less than 100 %."""
    document = ctx.document
    tops = {id(c): c for c in all_clauses(document)}
    for top_id, shares in payment_shares(document).items():
        if len(shares) < 2:
            continue
        bad = _unbalanced_run(shares)
        if bad is None:
            continue
        total = sum((s.value for s in bad), Decimal(0))
        if total < 100:
            clause = tops[top_id]
            if _balance_without_share(clause):
                continue  # the balance is paid without a percentage
        listed = " + ".join(s.text for s in bad)
        yield Finding(bad[-1].span, {"total": f"{total.normalize():f}%", "shares": listed})


def _balance_without_share(clause: Clause) -> bool:
    """余款/balance mentioned in a stretch of text that gives it no percentage."""
    for paragraph in clause.all_paragraphs():
        text = paragraph.text
        start = 0
        for end_match in [*_FRAGMENT_END.finditer(text), None]:
            end = end_match.start() if end_match else len(text)
            fragment = text[start:end]
            if _REMAINDER.search(fragment) and not _ANY_PERCENT.search(fragment):
                return True
            start = end_match.end() if end_match else end
    return False


_ANY_PERCENT = rx(r"[%％]|百分之|percent|per\s+cent", re.IGNORECASE)


def _unbalanced_run(shares: list[Fact]) -> list[Fact] | None:
    """The run of consecutive shares that fails to make 100 %, or None.

    A fees clause may hold two schedules (equipment 30/70, services 50/50) or
    state one schedule twice; each run that reaches 100 % is complete. A lone
    percentage left after a complete run is some other statement.
    """
    run: list[Fact] = []
    total = Decimal(0)
    complete = False
    for share in shares:
        run.append(share)
        total += share.value
        if abs(total - 100) <= Decimal("0.01"):
            run, total, complete = [], Decimal(0), True
        elif total > 100:
            return run
    if run and (len(run) >= 2 or not complete):
        return run
    return None


# ---------------------------------------------------------------------------
# 定金
# ---------------------------------------------------------------------------

# 定金 inside a longer word (约定金额, 规定金额 …) is not a deposit.
_DINGJIN = rx(r"(?<![约规确指固设限核认决制特鉴判议协商评选审法拟既待一稳否肯裁锁预])定金")
_PERCENT_ZH = rx(r"(\d+(?:\.\d+)?)\s*[%％]")


def contract_price(document: Document) -> int | None:
    """The contract price in 分: the largest CNY amount stated as a total or price."""
    best: int | None = None
    for figure in facts(document).money:
        if figure.unit != "CNY" or figure.value is None:
            continue
        if not _PRICE_WORDS.search(_before(document.text, figure.span.start_offset, 20)):
            continue
        fen = _fen(figure)
        if fen is not None and (best is None or fen > best):
            best = fen
    return best


@check("deposit-over-limit")
def deposit_over_limit(ctx: CheckContext) -> Iterator[Finding]:
    """A 定金 of more than 20 % of the price (CC 586): the excess is no 定金."""
    document = ctx.document
    if document.language != "zh":
        return
    limit = Decimal(str(ctx.options.get("limit-percent", 20)))
    price: int | bool | None = False
    all_money = [m for m in facts(document).money if m.unit == "CNY" and m.value is not None]
    caps = capitals(document)
    for _clause, paragraph in prose_pairs(document):
        text = paragraph.text
        if "定金" not in text:
            continue
        base = paragraph.span.start_offset
        for match in _DINGJIN.finditer(text):
            fragment_start, fragment_end = _fragment_bounds(text, match.start(), match.end())
            fragment = text[fragment_start:fragment_end]
            if re.search(r"罚则|双倍|返还|不予退还|抵作|抵扣", fragment):
                continue
            share: Decimal | None = None
            percent = _PERCENT_ZH.search(fragment)
            if percent and not re.search(r"每日|每天|逾期", fragment):
                share = Decimal(percent.group(1))
            else:
                amount = _amount_in(base + fragment_start, base + fragment_end, all_money, caps)
                if amount is None:
                    continue
                if price is False:
                    price = contract_price(document)
                if not price:
                    continue
                share = Decimal(amount) * 100 / Decimal(price)  # type: ignore[arg-type]
            if share is None or share <= limit:
                continue
            span = document.index.span(base + match.start(), base + match.end())
            yield Finding(span, {"share": f"{share.quantize(Decimal('0.1')).normalize():f}%"})
            break


def _amount_in(start: int, end: int, money: list[Fact], caps: list[CapitalAmount]) -> int | None:
    for figure in money:
        if start <= figure.span.start_offset and figure.span.end_offset <= end:
            return _fen(figure)
    for capital in caps:
        if start <= capital.span.start_offset and capital.span.end_offset <= end:
            return capital.value
    return None


_NOT_DINGJIN = rx(r"订金|押金|保证金|预付款|预付金|意向金|诚意金")
_DOUBLE_RETURN = rx(r"双倍返还|加倍返还|两倍返还|双倍退还|加倍退还")
# Forfeiture is the other half of the 定金 rule; it is checked for 订金 only, the
# word most often taken for 定金 (a forfeited 保证金 is an ordinary agreed sum).
_FORFEIT = rx(r"不予退还|不退还|无权要求返还|无权请求返还|不予返还|不得要求返还")


@check("deposit-not-dingjin")
def deposit_not_dingjin(ctx: CheckContext) -> Iterator[Finding]:
    """订金/押金/保证金 with a double-return penalty but no agreed 定金 nature."""
    document = ctx.document
    if document.language != "zh":
        return
    for _clause, paragraph in prose_pairs(document):
        text = paragraph.text
        # every double return holds 倍: a literal test first (1 MB zh: 3.0 -> 0.9 ms)
        double = "倍" in text and _DOUBLE_RETURN.search(text)
        if not (double or ("订金" in text and _FORFEIT.search(text))):
            continue
        base = paragraph.span.start_offset
        for start, end in sentences(text):
            sentence = text[start:end]
            word = _NOT_DINGJIN.search(sentence)
            if not word or _DINGJIN.search(sentence):
                continue
            penalty = _DOUBLE_RETURN.search(sentence)
            if penalty is None and word.group() == "订金":
                penalty = _FORFEIT.search(sentence)
            if penalty is None:
                continue
            span = document.index.span(base + start + word.start(), base + start + word.end())
            yield Finding(span, {"term": word.group(), "penalty": penalty.group()})
