"""The declarative rule kinds, evaluated over the document structure.

Kinds (options are validated in :mod:`contractlint.packmodel`):

- ``require-clause``: the profile's element has a clause (kind tag or heading);
- ``clause-lacks``: a clause of kind K (that matches ``when``) meets each requirement;
- ``terms-in-scope`` / ``clause-contains`` / ``pattern``: terms found in clauses of
  kind K, unless ``unless`` (or a fact such as a duration) is in the same sentence;
- ``if-then``: where ``if`` matches, ``then`` must be in the same sentence.

Every pattern is compiled with RE2 (linear time: no pattern can hang the
linter) and run once per document over its UTF-8 bytes; matches are cached
and mapped back to code-point offsets. A named group ``hit`` moves the finding
onto part of the match (RE2 has no look-around, so context is matched and
the group marks what to underline). RE2's ``\\b`` is ASCII-only: term lists in
Chinese are matched as plain substrings.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from contractlint import docindex
from contractlint.model import Clause, Document
from contractlint.span import Span

# Prose is hard-wrapped, so a line break does not end a sentence. A "phrase" also
# ends at Chinese commas and semicolons (one duty per phrase in Chinese drafting).
_SENTENCE_END = frozenset("。！？!?")
_PHRASE_END = frozenset("。！？!?，；;")
_COMPILED: dict[str, Any] = {}
_HITS: dict[str, list[int]] = {}
# Code points between offset checkpoints: each conversion re-encodes up to this many
# (2048 -> 256: the declarative rules on 1 MB zh 45 -> 35 ms).
_CHUNK = 256
# Regions of a rule's scope closer than this are searched together (see
# Scanner.matches_in_regions): what a search of the gap costs is less than
# another search's fixed cost.
_MERGE_GAP = 1000
_FACT_LISTS = {  # a rule's fact kind -> the attribute of extract.Facts
    "duration": "durations",
    "percent": "percents",
    "money": "money",
    "date": "dates",
    "placeholder": "placeholders",
    "xref": "xrefs",
}


class PatternError(ValueError):
    pass


def compile_pattern(source: str) -> Any:
    """An RE2 pattern over UTF-8 bytes (cached)."""
    compiled = _COMPILED.get(source)
    if compiled is None:
        import re2

        options = re2.Options()
        options.log_errors = False
        options.max_mem = 64 << 20
        try:
            compiled = re2.compile(source.encode("utf-8"), options)
        except re2.error as error:
            message = error.args[0] if error.args else str(error)
            if isinstance(message, bytes):
                message = message.decode("utf-8", "replace")
            raise PatternError(message) from None
        _COMPILED[source] = compiled
    return compiled


def hit_groups(pattern: Any) -> list[int]:
    """Numbers of the groups named ``hit``, ``hit2`` … (the part to underline)."""
    names = pattern.groupindex or {}
    found = []
    for name, number in names.items():
        text = name.decode() if isinstance(name, bytes) else name
        if text == "hit" or (text.startswith("hit") and text[3:].isdigit()):
            found.append(number)
    return sorted(found)


def terms_pattern(terms: list[str]) -> str:
    """One alternation for a term list: ASCII terms on word boundaries, case-insensitive."""
    import re

    ascii_terms = sorted((t for t in terms if t.isascii()), key=len, reverse=True)
    other = sorted((t for t in terms if not t.isascii()), key=len, reverse=True)
    parts = []
    if ascii_terms:
        escaped = "|".join(re.escape(t).replace("\\ ", r"\s+") for t in ascii_terms)
        parts.append(rf"(?i:\b(?:{escaped})\b)")
    if other:
        parts.append("|".join(re.escape(t) for t in other))
    return "|".join(parts)


def pick(value: Any, language: str) -> str | None:
    """A language's pattern from ``str | {zh: …, en: …}``."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value.get(language)


class Scanner:
    """Per-document lookup tables shared by every declarative rule."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.data = self.text.encode("utf-8")
        self.ascii = len(self.data) == len(self.text)
        self._line_bytes: list[int] | None = None
        self._line_chars: list[int] | None = None
        self._byte_offsets: dict[int, int] = {}
        self._matches: dict[str, list[tuple[int, int, int, int]]] = {}
        paragraphs = [
            (p.span.start_offset, p.span.end_offset, c) for c, p in docindex.paragraphs(document)
        ]
        paragraphs.sort(key=itemgetter(0))  # annex paragraphs come last in that list
        self.paragraphs = paragraphs
        self.paragraph_starts = [p[0] for p in paragraphs]
        self._regions: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        self._outermost: dict[frozenset[str], list[Clause]] = {}
        self._clause_index: _ClauseIndex | None = None

    @classmethod
    def of(cls, document: Document) -> Scanner:
        scanner = document.notes.get("_scanner")
        if not isinstance(scanner, Scanner):
            scanner = cls(document)
            document.notes["_scanner"] = scanner
        return scanner

    # -- offsets -------------------------------------------------------------

    def _tables(self) -> tuple[list[int], list[int]]:
        """Byte and code-point offsets every ``_CHUNK`` characters (aligned pairs).

        Checkpoints rather than line starts, so that a single 1 MB line converts
        each offset in constant time too.
        """
        if self._line_bytes is None:
            text = self.text
            chars = list(range(0, len(text) + 1, _CHUNK))
            byte_marks = [0]
            total = 0
            for at in chars[1:]:
                total += len(text[at - _CHUNK : at].encode("utf-8"))
                byte_marks.append(total)
            self._line_bytes, self._line_chars = byte_marks, chars
        return self._line_bytes, self._line_chars or []

    def char_offset(self, byte_offset: int) -> int:
        if self.ascii:
            return byte_offset
        byte_marks, chars = self._tables()
        i = bisect_right(byte_marks, byte_offset) - 1
        start = byte_marks[i]
        return chars[i] + len(self.data[start:byte_offset].decode("utf-8", "ignore"))

    def byte_offset(self, char_offset: int) -> int:
        if self.ascii:
            return char_offset
        found = self._byte_offsets.get(char_offset)
        if found is None:  # the rules search the same clauses: their edges are kept
            byte_marks, chars = self._tables()
            i = bisect_right(chars, char_offset) - 1
            found = byte_marks[i] + len(self.text[chars[i] : char_offset].encode("utf-8"))
            self._byte_offsets[char_offset] = found
        return found

    # -- matches -------------------------------------------------------------

    def matches(
        self, source: str, start: int | None = None, end: int | None = None
    ) -> list[tuple[int, int, int, int]]:
        """(start, end, hit_start, hit_end) code-point offsets of every match, in order.

        With ``start``/``end`` only that part of the text is searched (a clause of
        the rule's scope), which keeps scoped rules cheap on a long contract.
        """
        if start is None or end is None:
            return self._search(source, None, None)
        whole = self._matches.get(source)
        if whole is not None:
            inside = _inside(whole, start, end)
            if inside is not None:
                return inside
        return self._search(source, start, end)

    def matches_in_regions(
        self, source: str, regions: list[tuple[int, int]]
    ) -> list[tuple[int, int, int, int]]:
        """The matches in each of ``regions`` (sorted, disjoint), as if each were
        searched alone.

        Regions less than ``_MERGE_GAP`` apart are searched together: a search has
        a fixed cost that a rule scoped to most clauses pays hundreds of times
        (1 MB: the declarative rules zh 33 -> 30 ms, en 26 -> 24). A region that a
        match of the joint search crosses into or out of is searched again alone;
        in the others the joint search finds what a search of the region alone
        would (see :func:`_inside`).
        """
        found: list[tuple[int, int, int, int]] = []
        for run in _runs(regions):
            if len(run) == 1:
                found.extend(self.matches(source, *run[0]))
                continue
            joint = self.matches(source, run[0][0], run[-1][1])
            for start, end in run:
                inside = _inside(joint, start, end)
                found.extend(self._search(source, start, end) if inside is None else inside)
        return found

    def _search(
        self, source: str, start: int | None, end: int | None
    ) -> list[tuple[int, int, int, int]]:
        """The matches of one search of the whole text or of [start, end), kept."""
        key = source if start is None or end is None else f"{start}:{end}:{source}"
        found = self._matches.get(key)
        if found is None:
            pattern = compile_pattern(source)
            hits = _HITS.get(source)
            if hits is None:
                hits = _HITS[source] = hit_groups(pattern)
            found = []
            convert = self.char_offset
            if start is None or end is None:
                iterator = pattern.finditer(self.data)
            else:
                iterator = pattern.finditer(
                    self.data, self.byte_offset(start), self.byte_offset(end)
                )
            for match in iterator:
                m_start, m_end = match.start(), match.end()
                if m_end == m_start:
                    continue
                hit_start, hit_end = m_start, m_end
                for group in hits:
                    if match.start(group) >= 0:
                        hit_start, hit_end = match.span(group)
                        break
                found.append(
                    (convert(m_start), convert(m_end), convert(hit_start), convert(hit_end))
                )
            self._matches[key] = found
        return found

    def any_match(self, source: str, start: int, end: int) -> bool:
        return bool(self.matches(source, start, end))

    def matches_in(
        self, source: str, start: int, end: int, prose: bool = False
    ) -> list[tuple[int, int, int, int]]:
        """Matches inside [start, end); with ``prose``, only those inside paragraphs."""
        hits = self.matches(source, start, end)
        if prose:
            paragraphs = self.regions(("all",))
            hits = [m for m in hits if self.in_regions(paragraphs, m[0], m[1])]
        return hits

    def any_fact(self, kinds: list[str] | tuple[str, ...], start: int, end: int) -> bool:
        """Whether a fact of one of ``kinds`` lies wholly inside [start, end)."""
        from contractlint.extract import facts

        found = facts(self.document)
        return any(found.within(_FACT_LISTS[kind], start, end) for kind in kinds)

    # -- structure -----------------------------------------------------------

    def paragraph_at(self, offset: int) -> tuple[int, int, Clause | None] | None:
        i = bisect_right(self.paragraph_starts, offset) - 1
        if i >= 0 and self.paragraphs[i][0] <= offset < self.paragraphs[i][1]:
            return self.paragraphs[i]
        return None

    @property
    def kinds_present(self) -> set[str]:
        """Every clause kind the document has (for the essential-clause rules)."""
        return self._clauses().kinds

    def outermost(self, kinds: frozenset[str]) -> list[Clause]:
        """Clauses with one of ``kinds`` that are not inside another such clause."""
        found = self._outermost.get(kinds)
        if found is None:
            found = self._outermost[kinds] = self._clauses().outermost(kinds)
        return found

    def _clauses(self) -> _ClauseIndex:
        if self._clause_index is None:
            self._clause_index = _ClauseIndex(self.document)
        return self._clause_index

    def regions(self, scope: tuple[str, ...]) -> list[tuple[int, int]]:
        """Sorted, disjoint (start, end) ranges of the clauses whose kinds are in scope."""
        found = self._regions.get(scope)
        if found is None:
            if "all" in scope:
                found = [(s, e) for s, e, _c in self.paragraphs]
            else:
                wanted = set(scope)
                found = []
                for clause in self.outermost(frozenset(wanted)):
                    found.append((clause.span.start_offset, clause.span.end_offset))
                found.sort()
            self._regions[scope] = found
        return found

    def in_regions(self, regions: list[tuple[int, int]], start: int, end: int) -> bool:
        i = bisect_right(regions, (start, float("inf"))) - 1
        return i >= 0 and regions[i][0] <= start and end <= regions[i][1]

    def bounds(self, offset: int, within: str) -> tuple[int, int]:
        """The phrase, sentence, paragraph or clause around ``offset``."""
        paragraph = self.paragraph_at(offset)
        if paragraph is None:
            return offset, offset
        p_start, p_end, clause = paragraph
        if within == "clause" and clause is not None:
            return clause.span.start_offset, clause.span.end_offset
        if within == "paragraph" or within == "clause":
            return p_start, p_end
        text = self.text
        ends = _PHRASE_END if within == "phrase" else _SENTENCE_END
        start = offset
        while start > p_start and not _is_end(text, start - 1, ends):
            start -= 1
        end = offset
        while end < p_end and not _is_end(text, end, ends):
            end += 1
        end = min(p_end, end + 1)
        if within == "phrase":
            start, end = _split_duties(text, start, end, offset)
        return start, end


# "respond forthwith and restore service within 4 hours": a second duty joined by
# "and" is its own phrase, so its deadline does not excuse the first one.
_SECOND_DUTY = re.compile(
    r",?\s+and\s+(?:shall\s+)?(?=(?:restore|repair|resolve|fix|arrive|attend|provide|deliver|"
    r"pay|notify|send|complete|replace|respond|issue|return|remedy|correct|rectify)\w*\b)"
)


def _split_duties(text: str, start: int, end: int, offset: int) -> tuple[int, int]:
    for match in _SECOND_DUTY.finditer(text, start, end):
        if match.end() <= offset:
            start = match.end()
        elif match.start() >= offset:
            return start, match.start()
    return start, end


def _is_end(text: str, i: int, ends: frozenset[str] = _SENTENCE_END) -> bool:
    char = text[i]
    if char in ends:
        return True
    if char == "." and i + 1 < len(text) and text[i + 1] in " \n":
        # "1." or "Co." are not sentence ends.
        before = text[max(0, i - 3) : i]
        return not (before[-1:].isdigit() or before.endswith(("Co", "No", "Ltd", "Inc")))
    return False


def _inside(
    found: list[tuple[int, int, int, int]], start: int, end: int
) -> list[tuple[int, int, int, int]] | None:
    """The matches of a search of a wider stretch that lie in [start, end), or None
    when one crosses ``start`` or ``end``.

    Searching [start, end) alone gives the same matches when none crosses its
    edges: RE2 reads the text around a searched part for ``\\b`` and the like, a
    search resumes where a match ends, so the two searches reach ``start`` in step,
    and a match that ends by ``end`` is found whether or not the text goes on.
    """
    i = bisect_left(found, (start, -1, -1, -1))
    if i and found[i - 1][1] > start:
        return None  # a match crosses into the stretch
    j = i
    while j < len(found) and found[j][0] < end:
        if found[j][1] > end:
            return None  # a match crosses out of it
        j += 1
    return found[i:j]


def _runs(regions: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """Groups of consecutive regions less than ``_MERGE_GAP`` code points apart."""
    run: list[tuple[int, int]] = []
    for region in regions:
        if run and region[0] - run[-1][1] >= _MERGE_GAP:
            yield run
            run = []
        run.append(region)
    if run:
        yield run


def _index_clauses(
    clauses: list[Clause], order: list[Clause], ends: list[int], by_kind: dict[str, list[int]]
) -> None:
    """Pre-order listing for :class:`_ClauseIndex`, a call per level (module-level:
    a recursive closure would be a reference cycle holding the clauses)."""
    for clause in clauses:
        i = len(order)
        order.append(clause)
        ends.append(i + 1)
        for kind in clause.kinds:
            at = by_kind.setdefault(kind, [])
            if not at or at[-1] != i:  # a kind named twice
                at.append(i)
        if clause.children:
            _index_clauses(clause.children, order, ends, by_kind)
            ends[i] = len(order)


class _ClauseIndex:
    """Where each kind's clauses are in document order, and where each clause's
    sub-clauses end there.

    Rules scope themselves to a dozen kind sets; walking the clause tree once
    per set cost more than the rules' searches on a long contract. Built in one
    walk with a call per level (a position map of every clause: 1 MB zh 4.3 ->
    1.4 ms, 10 MB 63 -> 21 ms).
    """

    __slots__ = ("_by_kind", "_ends", "_order", "kinds")

    def __init__(self, document: Document) -> None:
        order: list[Clause] = []  # pre-order: a clause, then its sub-clauses
        ends: list[int] = []  # order[i + 1 : ends[i]] are the sub-clauses of order[i]
        by_kind: dict[str, list[int]] = {}
        _index_clauses(document.clauses, order, ends, by_kind)
        for annex in document.annexes:
            _index_clauses(annex.clauses, order, ends, by_kind)
        self._order, self._ends, self._by_kind = order, ends, by_kind
        self.kinds = set(by_kind)

    def outermost(self, kinds: frozenset[str]) -> list[Clause]:
        """The clauses of ``kinds`` that no other clause of ``kinds`` holds, in order."""
        hits = sorted({i for kind in kinds for i in self._by_kind.get(kind, ())})
        found = []
        inside_until = 0
        for i in hits:
            if i >= inside_until:
                found.append(self._order[i])
                inside_until = self._ends[i]
        return found


def anchor_span(document: Document) -> Span:
    """Where a whole-document finding goes: line 1 (as ruff does), the whole first line."""
    first = document.text.split("\n", 1)[0]
    return document.index.span(0, len(first))
