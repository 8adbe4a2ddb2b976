"""Recognise a contract's structure in the lines of a draft.

Every draft reader (plain text, Markdown, Word) turns its file into one text
and a list of :class:`Line` records that say what the format itself knows
about each line (a Markdown ``#`` heading, a Word heading style, a bold lead,
a table cell, Word's automatic number). This module does the rest, the same
way for every format: title, metadata and parties in the preamble, clauses
from numbering and headings, kinds, annexes, the signature block, and
definitions. It builds the same :class:`~contractlint.model.Document` the
grammar builds, with spans into the text the reader gave.

Nothing is dropped: a line that is not recognised as structure stays prose in
the paragraph list of whatever holds it, and everything recognised keeps its
text in the model (a party line becomes a party with its raw keys and values).
What was guessed is counted in ``document.notes["reader_guesses"]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from contractlint.build import (
    _ANNEX,
    _LIST_MARKER,
    ATTRIBUTE_KEYS,
    META_KEYS,
    _read_number,
    read_signatures,
)
from contractlint.model import (
    Annex,
    Attribute,
    Clause,
    Comment,
    Definition,
    Document,
    Metadata,
    MetaEntry,
    Paragraph,
    Party,
)
from contractlint.span import Span

TERMINAL = "。；！？.;!?"
_KV = re.compile(r"^(?P<key>[^:：\n]{1,24}?)[ \t\u3000]*[:：][ \t\u3000]*(?P<value>.*)$")
_ZH_PARTY = re.compile(r"(甲方|乙方|丙方|丁方)")
_ZH_ROLES = (
    "委托方|受托方|委托人|受托人|服务方|客户方|买方|卖方|出卖人|买受人|出租人|承租人|发包人|承包人"
    "|发包方|承包方|许可方|被许可方|供方|需方|供货方|采购方|转让方|受让方|借款人|贷款人|出借人"
    "|保证人|雇主|用人单位|劳动者|披露方|接收方|合作方"
)
_EN_ROLES = (
    "Provider|Customer|Supplier|Buyer|Seller|Licensor|Licensee|Company|Client|Contractor"
    "|Lessor|Lessee|Landlord|Tenant|Employer|Employee|Discloser|Recipient|Vendor|Purchaser"
    "|Disclosing Party|Receiving Party|Service Provider|Consultant|Distributor|Principal|Agent"
)
_PARTY_KEY = re.compile(
    rf"^(?:(?P<zh>甲方|乙方|丙方|丁方)|(?P<zhrole>{_ZH_ROLES})"
    rf"|Party\s+(?P<letter>[A-D1-4])|(?P<enrole>{_EN_ROLES}))"
    r"(?:\s*[（(](?P<paren>[^）)]{1,20})[）)])?$",
    re.IGNORECASE,
)
_SIGNATURE_WORDS = re.compile(
    r"盖章|签章|签字|签名|公章|签署|\bseal\b|signature|signed", re.IGNORECASE
)
_SIGNATURE_START = re.compile(
    r"^(?:IN WITNESS WHEREOF|SIGNED\b|Signed by\b|Executed by\b|For and on behalf of\b|Agreed and accepted\b)",
    re.IGNORECASE,
)
_BETWEEN = re.compile(
    r"(?:made|entered\s+into|concluded|dated)[^\n]{0,120}?\bbetween\s*:?\s+"
    r"(?P<a>[A-Z][^()\n]{1,160}?)\s*(?:\((?P<ashort>[^)\n]{1,60})\))?,?\s+and\s+"
    r"(?P<b>[A-Z][^()\n]{1,160}?)"
    r"(?:\s*\((?P<bshort>[^)\n]{1,60})\)\s*(?:[.;,]|$)|\s*(?:[.;,](?!\s*\()|$))"
)
_NAME_TAIL = re.compile(
    r",\s+(?:a|an|the|with|whose|having|incorporated|registered|organi[sz]ed|of)\s.*$", re.DOTALL
)
_QUOTED = re.compile(r"[\"“](?P<q>[^\"”\n]{1,40})[\"”]")
_EN_RUN_IN = re.compile(r"(?P<title>[A-Z][A-Za-z0-9'’&/,\- ]{0,60}?[.:])(?:[ \t]+|$)")
_SMALL_WORDS = {"of", "and", "the", "to", "in", "for", "on", "or", "with", "by", "a", "an", "as"}
_BRACKET_TITLE = re.compile(r"【[^】\n]{1,20}】|\[[^\]\n]{1,30}\]")
_ZH_COLON_TITLE = re.compile(r"(?P<title>[^，。；：:,;\s]{1,12}[：:])")
# Kinds a clause's first sentence does not establish: "本合同自双方签字盖章之日起生效"
# is not a signature block, and "其他" appears in any sentence.
_NOT_FROM_TEXT = frozenset({"signatures", "miscellaneous", "annexes", "definitions"})
_TIGHT_NUMBER = re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?(?=[\u4e00-\u9fff（【“])")
_COLUMN_START = re.compile(r"[^\s:：]{1,24}[:：]|(?:甲方|乙方|丙方|丁方|Party\s+[A-D])")
_NO_TEXT_FOLLOWS = re.compile(r"以下无正文|以下无合同正文|signature page follows", re.IGNORECASE)


@dataclass(slots=True)
class Line:
    """One line of the draft's text and what the file format says about it."""

    start: int  # offset of the line's first character
    end: int  # offset just after its last character (the newline excluded)
    kind: str = "text"  # text | blank | comment | code | table | cell
    heading: int | None = None  # Markdown '#' count or Word heading level
    content: int | None = None  # where the text starts after markup ('# ', list marker)
    lead: tuple[int, int, int] | None = None  # emphasised lead: (inner start, inner end, after)
    whole_bold: bool = False  # every visible character is bold (Word) or wrapped in ** (Markdown)
    title_style: bool = False  # Word "Title" style
    auto_number: str | None = None  # Word's generated number text ("第一条", "1.1")
    auto_key: tuple[Any, ...] | None = None  # Word numbering (list, level)
    indent: int = 0  # Markdown list indent (spaces)
    joinable: bool = False  # may continue the previous line's paragraph
    breaks: tuple[int, ...] = ()  # offsets of characters that stand for a soft line break
    column: int | None = None  # Word table cell index (for side-by-side signature tables)


@dataclass(slots=True)
class _Heading:
    number: str | None
    path: tuple[int, ...] | None
    number_span: tuple[int, int] | None
    title: tuple[int, int]  # offsets of the title (may be empty)
    body: int | None  # where body text starts on the same line, if any
    key: tuple[Any, ...]


@dataclass
class _Open:
    clause: Clause
    end: int
    children: list[_Open] = field(default_factory=list)


@dataclass
class _Entry:
    key: tuple[Any, ...]
    last: int | None
    node: _Open


class Recogniser:
    """Builds a Document from a text and its lines (see module docstring)."""

    def __init__(
        self,
        text: str,
        path: str,
        source_format: str,
        lines: list[Line],
        front_matter: list[MetaEntry] | None = None,
    ) -> None:
        self.text = text
        self.lines = lines
        self.document = Document(text=text, path=path, source_format=source_format)
        self.index = self.document.index
        self.stack: list[_Entry] = []
        self.roots: list[_Open | tuple[Annex, _Open]] = []
        self.annex: tuple[Annex, _Open] | None = None
        self.signature: _Open | None = None
        self.seen_clause = False
        self.current_party: Party | None = None
        self.party_contiguous = False
        self.meta_entries: list[MetaEntry] = list(front_matter or [])
        self.line_index = {line.start: i for i, line in enumerate(lines)}
        self.consumed: set[int] = set()  # lines already read as part of a Word cover row
        self.guesses: dict[str, Any] = {
            "title": False,
            "parties_from_lines": 0,
            "parties_from_sentence": 0,
            "parties_from_table": 0,
            "metadata_from_lines": 0,
            "signature_without_heading": False,
            "signature_columns": False,
            "unnumbered_headings": 0,
            "kinds_from_text": 0,
            "too_deep": 0,
        }

    # -- small helpers -------------------------------------------------------

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, end)

    def strip(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of text[start:end] without surrounding whitespace."""
        while start < end and self.text[start] in " \t\u3000\u00a0":
            start += 1
        while end > start and self.text[end - 1] in " \t\u3000\u00a0":
            end -= 1
        return start, end

    # -- grouping lines into blocks -------------------------------------------

    def blocks(self) -> list[list[Line]]:
        blocks: list[list[Line]] = []
        previous: Line | None = None
        for line in self.lines:
            if line.kind in ("blank", "markup"):
                previous = None
                continue
            if (
                previous is not None
                and blocks
                and (
                    (line.kind == previous.kind and line.kind in ("table", "code"))
                    or (line.kind == previous.kind == "comment" and line.joinable)
                    or (
                        line.kind == "text"
                        and previous.kind == "text"
                        and line.joinable
                        and not self.structural(line)
                        and (not self.structural(previous) or self.wrapped_item(previous))
                    )
                )
            ):
                blocks[-1].append(line)
            else:
                blocks.append([line])
            previous = line
        return blocks

    def structural(self, line: Line) -> bool:
        """A line that always starts its own block: a heading, number, key: value, list item."""
        if line.heading is not None or line.auto_number or line.title_style:
            return True
        start, end = self.strip(line.content if line.content is not None else line.start, line.end)
        body = self.text[start:end]
        if not body:
            return False
        if _LIST_MARKER.match(body) or _read_number(_unemphasise(body))[0] is not None:
            return True
        tight = _TIGHT_NUMBER.match(body)
        if tight and "." in tight.group(0):
            return True
        if re.match(r"\d+、", body):
            return True
        return self.key_value(start, end) is not None

    def wrapped_item(self, line: Line) -> bool:
        """A long numbered line whose text runs on to the next line (hard-wrapped text)."""
        if line.heading is not None or line.auto_number or line.title_style:
            return False
        start, end = self.strip(line.content if line.content is not None else line.start, line.end)
        body = self.text[start:end]
        return (
            len(body) >= 50
            and body[-1] not in TERMINAL + "：:"
            and _read_number(_unemphasise(body))[0] is not None
        )

    def key_value(self, start: int, end: int) -> tuple[str, int, int] | None:
        """(raw key, value start, value end) for a short ``key: value`` line."""
        match = _KV.match(self.text[start:end])
        if not match:
            return None
        key = match.group("key").strip()
        value = match.group("value")
        if not key or any(c in key for c in '，。,;；.!?"“”'):
            return None
        if len(key.split()) > 4 or value.startswith("//"):
            return None
        vstart = start + match.start("value")
        vstart, vend = self.strip(vstart, end)
        return key, vstart, vend

    # -- main loop -------------------------------------------------------------

    def run(self) -> Document:
        blocks = self.blocks()
        candidates = [self.heading_of(block[0]) for block in blocks]
        last_body_heading = -1
        for i, (block, cand) in enumerate(zip(blocks, candidates, strict=True)):
            if cand is not None and not self.is_annex_heading(block[0], cand):
                last_body_heading = i
            elif cand is not None:
                break
        for i, (block, cand) in enumerate(zip(blocks, candidates, strict=True)):
            self.handle(block, cand, after_last_heading=i > last_body_heading)
        self.finish()
        return self.document

    def handle(self, block: list[Line], cand: _Heading | None, after_last_heading: bool) -> None:
        first = block[0]
        if first.start in self.consumed:
            return
        if first.kind == "comment":
            start, end = self.strip(first.start, block[-1].end)
            raw = self.text[start:end]
            inner = raw[4:-3] if raw.startswith("<!--") else raw[2:]
            self.document.comments.append(Comment(inner.strip(), self.span(start, end)))
            return
        if not self.seen_clause and self.annex is None:
            if self.preamble(block, cand):
                return
        if cand is not None:
            if self.is_annex_heading(first, cand):
                self.open_annex(first, cand)
                return
            if self.open_clause(block, cand):
                return
        if (
            self.seen_clause
            and self.annex is None
            and self.signature is None
            and after_last_heading
            and self.signature_start(first)
        ):
            self.open_signature(first)
        self.prose(block)

    # -- the preamble -------------------------------------------------------

    def preamble(self, block: list[Line], cand: _Heading | None) -> bool:
        """Title, metadata and party lines before the first clause; True if consumed."""
        first = block[0]
        start, end = self.strip(
            first.content if first.content is not None else first.start, first.end
        )
        if (
            self.document.title is None
            and not self.document.parties
            and not self.document.preamble
            and len(block) == 1
            and self.title_like(first, cand, start, end)
        ):
            self.document.title = self.text[start:end]
            self.document.title_span = self.span(start, end)
            if first.heading is None and not first.title_style:
                self.guesses["title"] = True
            return True
        if first.kind == "table":
            return self.cover_table(block)
        if first.kind == "cell" and self.word_cover_row(first, start, end):
            return True
        if cand is not None or first.kind not in ("text", "cell") or len(block) > 1:
            self.party_contiguous = False
            return False
        kv = self.key_value(start, end)
        if kv is None:
            self.party_contiguous = False
            return False
        parts = [
            (s0 + start, e0 + start)
            for s0, e0, _gap in _split_parts(self.text[start:end], [])
            if self.text[s0 + start : e0 + start].strip()
        ]
        if len(parts) > 1:  # "法定代表人：＿＿　　联系电话：＿＿": two fields on one line
            results = []
            for part_start, part_end in parts:
                part_start, part_end = self.strip(part_start, part_end)
                part_kv = self.key_value(part_start, part_end)
                if part_kv is None:
                    results.append(False)
                    continue
                results.append(
                    self.key_line(
                        part_kv[0],
                        part_start,
                        part_end,
                        part_kv[1],
                        part_kv[2],
                        "parties_from_lines",
                    )
                )
                self.party_contiguous = self.current_party is not None
            if all(results):
                return True
            if any(results):
                # Keep what was not understood as prose, never drop it.
                for (part_start, part_end), used in zip(parts, results, strict=True):
                    if not used:
                        self.add_paragraph(part_start, part_end, part_end)
                return True
            return False
        raw_key, vstart, vend = kv
        return self.key_line(raw_key, start, end, vstart, vend, "parties_from_lines")

    def key_line(
        self, raw_key: str, start: int, end: int, vstart: int, vend: int, counter: str
    ) -> bool:
        lowered = raw_key.lower()
        meta_key = META_KEYS.get(lowered) or META_KEYS.get(re.sub(r"\s+", "-", lowered))
        party_match = _PARTY_KEY.match(raw_key)
        value = self.text[vstart:vend]
        if party_match and not _SIGNATURE_WORDS.search(raw_key):
            self.add_party(party_match, start, end, vstart, vend, raw_key)
            self.guesses[counter] += 1
            return True
        if self.current_party is not None and (
            lowered in ATTRIBUTE_KEYS or (self.party_contiguous and meta_key is None)
        ):
            self.current_party.attributes.append(
                Attribute(
                    key=ATTRIBUTE_KEYS.get(lowered, lowered),
                    raw_key=raw_key,
                    value=value,
                    span=self.span(start, end),
                    value_span=self.span(vstart, vend),
                )
            )
            self.current_party.span = self.span(self.current_party.span.start_offset, end)
            return True
        if meta_key is not None:
            stripped = value.strip("\"'“”")
            offset = vstart + value.find(stripped) if stripped else vstart
            self.meta_entries.append(
                MetaEntry(
                    key=meta_key,
                    raw_key=raw_key,
                    value=stripped,
                    span=self.span(start, end),
                    value_span=self.span(offset, offset + len(stripped)),
                )
            )
            self.guesses["metadata_from_lines"] += 1
            self.party_contiguous = False
            return True
        self.party_contiguous = False
        return False

    def add_party(
        self, match: re.Match[str], start: int, end: int, vstart: int, vend: int, raw_key: str
    ) -> None:
        paren = match.group("paren")
        if match.group("zh"):
            party_id, role = match.group("zh"), paren
        elif match.group("letter"):
            party_id, role = match.group("letter").upper(), paren
        else:
            word = match.group("zhrole") or match.group("enrole")
            if paren and _ZH_PARTY.fullmatch(paren.strip()):
                party_id, role = paren.strip(), word
            elif paren and re.fullmatch(r"Party\s+[A-D]", paren.strip(), re.IGNORECASE):
                party_id, role = paren.strip()[-1].upper(), word
            else:
                party_id, role = word, None
        party_id = re.sub(r"\s+", "-", party_id)
        role = re.sub(r"\s+", "-", role.strip()) if role else None
        key_start = start
        self.current_party = Party(
            id=party_id,
            role=role,
            name=self.text[vstart:vend],
            span=self.span(start, end),
            id_span=self.span(key_start, key_start + len(raw_key)),
            name_span=self.span(vstart, vend)
            if vend > vstart
            else self.span(start, start + len(raw_key)),
        )
        self.document.parties.append(self.current_party)
        self.party_contiguous = True

    def word_cover_row(self, line: Line, start: int, end: int) -> bool:
        """A Word table row | 甲方： | 上海某某公司 |: the key cell and the value cell."""
        if line.column != 0:
            return False
        position = self.line_index.get(line.start)
        if position is None or position + 1 >= len(self.lines):
            return False
        following = self.lines[position + 1]
        if following.column != 1 or following.kind not in ("cell", "blank"):
            return False
        key = _unemphasise(self.text[start:end]).rstrip("：: ")
        lowered = key.lower()
        known = (
            _PARTY_KEY.match(key)
            or lowered in ATTRIBUTE_KEYS
            or lowered in META_KEYS
            or re.sub(r"\s+", "-", lowered) in META_KEYS
        )
        inline = self.key_value(start, end)
        if not key or not known or (inline is not None and inline[2] > inline[1]):
            return False  # "甲方：某公司" in one cell is read as a line of its own
        vstart, vend = self.strip(following.start, following.end)
        if not self.key_line(key, start, vend, vstart, vend, "parties_from_table"):
            return False
        self.consumed.add(following.start)
        return True

    def cover_table(self, block: list[Line]) -> bool:
        """A Markdown table in the preamble: rows ``| key | value |`` become parties/metadata."""
        consumed: list[bool] = []
        for line in block:
            cells = _table_cells(self.text, line.start, line.end)
            used = False
            if len(cells) == 2:
                (ks, ke), (vs, ve) = cells
                key = _unemphasise(self.text[ks:ke]).strip()
                if key and not set(key) <= set("-: "):
                    before = self.current_party
                    self.party_contiguous = before is not None and bool(consumed and consumed[-1])
                    used = self.key_line(key, line.start, line.end, vs, ve, "parties_from_table")
            consumed.append(used)
        # Rows not consumed stay prose, in runs of consecutive rows.
        run: list[Line] = []
        for line, used in zip(block, consumed, strict=True):
            if used:
                if run:
                    self.prose(run)
                run = []
            else:
                run.append(line)
        if run:
            self.prose(run)
        return True

    def title_like(self, line: Line, cand: _Heading | None, start: int, end: int) -> bool:
        if line.title_style:
            return True
        text = self.text[start:end]
        if line.heading is not None:
            return line.heading == 1 and (cand is None or cand.number is None)
        if cand is not None and cand.number is not None:
            return False
        if line.kind != "text" or not text or len(text) > 60 or text[-1] in TERMINAL + "，,：:":
            return False
        if self.key_value(start, end) is not None:
            return False
        return bool(re.search(r"合同|协议|契约|Agreement|Contract|Terms|Deed", text, re.IGNORECASE))

    # -- clauses ------------------------------------------------------------

    def heading_of(self, line: Line) -> _Heading | None:
        """Whether a block's first line starts a clause, and how it splits."""
        if line.kind != "text":
            return None
        base = line.content if line.content is not None else line.start
        start, end = self.strip(base, line.end)
        if start >= end and line.auto_number is None:
            return None
        raw = self.text[start:end]
        lead_markup = len(raw) - len(raw.lstrip("*_")) if line.lead is None else 0
        if line.lead is not None and line.lead[0] == start + 2 and raw.startswith(("**", "__")):
            lead_markup = 2
        num_start = start + lead_markup
        number, path, length = _read_number(self.text[num_start:end])
        if number is None:  # "1.1甲方应……", "2.服务费用": no space after the number
            tight = _TIGHT_NUMBER.match(self.text, num_start, end)
            if tight and "." in tight.group(0):
                number = tight.group("num")
                path = tuple(int(part) for part in number.split("."))
                length = tight.end() - num_start
        if line.auto_number is not None:
            auto_number, auto_path, _ = _read_number(line.auto_number.strip())
            if auto_number is None:
                auto_path = None
            key: tuple[Any, ...] = ("h", line.heading) if line.heading else ("auto", line.auto_key)
            title, body = self.split_title(line, start, end)
            return _Heading(
                auto_number or line.auto_number.strip() or None,
                auto_path,
                (start, start),
                title,
                body,
                key,
            )
        if number is not None:
            written = self.text[num_start : num_start + length]
            if written.startswith(("(", "（")) and written[1:2].isdigit() and line.heading is None:
                return None  # (1) items are lists inside a clause
            key = self.number_key(written, number, line)
            after = num_start + length
            # **1. The Agreement**. Text — the bold opened before the number
            open_mark = raw[:2] if lead_markup == 2 else None
            title, body = self.split_title(line, after, end, open_mark)
            return _Heading(number, path, (num_start, num_start + length), title, body, key)
        if line.heading is not None:
            title, body = (start, end), None
            return _Heading(None, None, None, title, body, ("h", line.heading))
        # Unnumbered headings: a whole-bold short line, a short all-caps line, a
        # short line that names a clause kind, or an annex title.
        text = _unemphasise(raw).strip()
        if not text or len(text) > 40 or text[-1] in TERMINAL + "，,：:":
            return None
        annex = bool(_annex_match(text))
        if not annex and self.key_value(start, end) is not None:
            return None
        from contractlint.kinds import infer_kinds

        bold = line.whole_bold or (raw.startswith(("**", "__")) and raw.endswith(("**", "__")))
        caps = text.isupper() and len(text.split()) <= 6 and text.isascii()
        named = len(text) <= 12 and not text.isascii() and bool(infer_kinds(text))
        if bold or caps or named or annex:
            inner_start = start + (len(raw) - len(raw.lstrip("*_")))
            inner_end = end - (len(raw) - len(raw.rstrip("*_")))
            return _Heading(None, None, None, (inner_start, inner_end), None, ("plain",))
        return None

    def number_key(self, written: str, number: str, line: Line) -> tuple[Any, ...]:
        if line.heading is not None:
            return ("h", line.heading)
        if written.startswith("第"):
            return ("zh-ord", written[-1])
        if re.match(r"(?i)article|section|clause", written):
            return (written.split()[0].lower(), number.count(".") + 1, line.indent)
        if written.endswith("、"):
            return ("zh-comma",)
        if written.startswith(("(", "（")):
            return ("zh-paren",)
        return ("dec", number.count(".") + 1, line.indent)

    def split_title(
        self, line: Line, start: int, end: int, open_mark: str | None = None
    ) -> tuple[tuple[int, int], int | None]:
        """Split the rest of a numbered line into (title span, body start)."""
        start, end = self.strip(start, end)
        text = self.text[start:end]
        # Leading separators after the number ("1.  ", "第一条：", "1.**")
        skip = len(text) - len(text.lstrip(" \t\u3000:：.、"))
        start += skip
        text = text[skip:]
        if not text:
            return (start, start), None
        if open_mark is not None:
            close = text.find(open_mark)
            if close == 0:  # **1.** Title: the bold closed right after the number
                return self.split_title(line, start + 2, end)
            if 0 < close <= 100:
                title_end = rest = start + close + 2
                if text[close + 2 : close + 3] in (".", ":", "："):
                    title_end = rest = rest + 1
                rest_start, _ = self.strip(rest, end)
                return (start, title_end), rest_start if rest_start < end else None
        if line.heading is not None or line.title_style:
            return (start, end), None
        # Markdown **Title.** body, or Word's leading bold run.
        if text.startswith(("**", "__")):
            close = text.find(text[:2], 2)
            if close > 2:
                title_end = start + close
                rest = start + close + 2
                if text[close + 2 : close + 3] in (".", ":", "：") and close + 3 <= len(text):
                    title_end = rest = rest + 1  # **Term**. — the full stop belongs to the title
                title = (start + 2, title_end)
                rest_start, _ = self.strip(rest, end)
                return title, rest_start if rest_start < end else None
        if line.lead is not None and line.lead[0] <= start < line.lead[1] < end:
            rest_start, _ = self.strip(line.lead[1], end)
            return (start, line.lead[1]), rest_start if rest_start < end else None
        if line.whole_bold and len(text) <= 80:
            return (start, end), None
        match = _BRACKET_TITLE.match(text)
        if match and not text.isascii():
            rest_start, _ = self.strip(start + match.end(), end)
            return (start, start + match.end()), rest_start if rest_start < end else None
        match = _EN_RUN_IN.match(text)
        if match and text.isascii() and _title_case(match.group("title")[:-1]):
            title_end = start + match.end("title")
            rest_start, _ = self.strip(title_end, end)
            return (start, title_end), rest_start if rest_start < end else None
        if _short_title(text):
            return (start, end), None
        match = _ZH_COLON_TITLE.match(text)
        if match and not text.isascii():
            rest_start, _ = self.strip(start + match.end(), end)
            return (start, start + match.end()), rest_start if rest_start < end else None
        match = _EN_RUN_IN.match(text)
        if match and _title_case(match.group("title")[:-1]):
            title_end = start + match.end("title")
            rest_start, _ = self.strip(title_end, end)
            return (start, title_end), rest_start if rest_start < end else None
        return (start, start), start

    def is_annex_heading(self, line: Line, cand: _Heading) -> bool:
        if cand.number is not None:
            return False
        title = self.text[cand.title[0] : cand.title[1]]
        return bool(_annex_match(title))

    def place(self, key: tuple[Any, ...], number: int | None) -> int | None:
        """Put a heading with this style key on the style stack; its depth (1-based)."""
        stack = self.stack
        if key[0] == "h":
            level = key[1]
            while stack and (stack[-1].key[0] != "h" or stack[-1].key[1] >= level):
                stack.pop()
            return len(stack) + 1
        chosen = fallback = None
        for i in range(len(stack) - 1, -1, -1):
            entry = stack[i]
            if entry.key == key:
                if number is None or entry.last is None or number == entry.last + 1:
                    chosen = i
                    break
                if fallback is None:
                    fallback = i
            if entry.key[0] == "h":
                break
        if chosen is None and fallback is not None and number != 1:
            chosen = fallback
        if chosen is not None:
            del stack[chosen:]
        return len(stack) + 1

    def open_clause(self, block: list[Line], cand: _Heading) -> bool:
        from contractlint.kinds import infer_kinds

        line = block[0]
        saved = list(self.stack)
        last = cand.path[-1] if cand.path else None
        depth = self.place(cand.key, last)
        base = 2 if self.annex is not None else 1
        level = depth + base
        if depth is None or level > 6:
            self.stack = saved
            self.guesses["too_deep"] += 1
            return False
        title = clean_heading(self.text[cand.title[0] : cand.title[1]])
        kinds = infer_kinds(title) if title else ()
        kind_source = "heading" if kinds else None
        if not title and cand.body is not None and depth == 1:
            first = re.split(r"[。；;.!?！？，,]", self.text[cand.body : line.end], maxsplit=1)[0]
            first = first[:40]
            found = tuple(k for k in infer_kinds(first) if k not in _NOT_FROM_TEXT)
            if found:
                kinds = found[:1]
                kind_source = "text"
                self.guesses["kinds_from_text"] += 1
        if cand.number is None and cand.key == ("plain",):
            self.guesses["unnumbered_headings"] += 1
        heading_start = cand.number_span[0] if cand.number_span else cand.title[0]
        heading_end = max(cand.title[1], cand.number_span[1] if cand.number_span else 0)
        heading_span = self.span(heading_start, heading_end)
        line_start = self.text.rfind("\n", 0, line.start) + 1
        clause = Clause(
            level=level,
            heading=title or (cand.number or ""),
            number=cand.number,
            number_path=cand.path,
            kind=kinds[0] if kinds else None,
            kind_source=kind_source,
            kinds=kinds,
            span=self.span(line_start, line.end),
            heading_span=heading_span,
            number_span=self.span(*cand.number_span) if cand.number_span else None,
            title_span=self.span(*cand.title),
        )
        node = _Open(clause, heading_end)
        if self.stack:
            self.stack[-1].node.children.append(node)
        elif self.annex is not None:
            self.annex[1].children.append(node)
        else:
            self.roots.append(node)
        self.stack.append(_Entry(cand.key, last, node))
        self.signature = None
        self.seen_clause = True
        if cand.body is not None:
            self.add_paragraph(cand.body, block[-1].end, block[-1].end)
        elif len(block) > 1:
            self.prose(block[1:])
        return True

    def open_annex(self, line: Line, cand: _Heading) -> None:
        start, end = cand.title
        title = self.text[start:end]
        match = _annex_match(title)
        annex_id = match.group("id") if match else None
        rest = title[match.end() :].lstrip(" \t:：.、-–—") if match else title
        heading_span = self.span(start, end)
        annex = Annex(
            id=annex_id, title=rest or title, span=heading_span, heading_span=heading_span
        )
        holder = Clause(
            2, title, None, None, "annex", "heading", ("annex",), heading_span, heading_span
        )
        opened = _Open(holder, end)
        self.annex = (annex, opened)
        self.roots.append(self.annex)
        self.stack = []
        self.signature = None
        self.seen_clause = True

    def signature_start(self, line: Line) -> bool:
        start, end = self.strip(line.content if line.content is not None else line.start, line.end)
        text = _unemphasise(self.text[start:end]).strip()
        if _SIGNATURE_START.match(text):
            return True
        label = re.match(
            r"^(甲方|乙方|丙方|丁方|Party\s+[A-D])\s*(?:[（(][^）)]{0,16}[）)])?\s*(?:[:：]|$)",
            text,
        )
        if label:
            return True
        for party in self.document.parties:
            for name in (party.name, party.role):
                if name and len(name) >= 2 and text.upper().startswith(name.upper()):
                    rest = text[len(name) :]
                    if not rest or _SIGNATURE_WORDS.search(rest[:12]) or rest[0] in ":：":
                        return True
        return False

    def open_signature(self, line: Line) -> None:
        start = line.content if line.content is not None else line.start
        start, _ = self.strip(start, line.end)
        here = self.span(start, start)
        clause = Clause(
            level=2,
            heading="",
            number=None,
            number_path=None,
            kind="signatures",
            kind_source="reader",
            kinds=("signatures",),
            span=here,
            heading_span=here,
        )
        node = _Open(clause, start)
        self.stack = [_Entry(("signatures",), None, node)]
        self.roots.append(node)
        self.signature = node
        self.guesses["signature_without_heading"] = True

    # -- prose ----------------------------------------------------------------

    def prose(self, block: list[Line]) -> None:
        start, _ = self.strip(block[0].start, block[0].end)
        _, end = self.strip(block[-1].start, block[-1].end)
        if end <= start:
            return
        self.add_paragraph(start, end, end)

    def add_paragraph(self, start: int, end: int, extent: int) -> None:
        start, end = self.strip(start, end)
        if end <= start:
            return
        paragraph = Paragraph(self.text[start:end], self.span(start, end))
        if self.stack:
            self.stack[-1].node.clause.paragraphs.append(paragraph)
            for entry in self.stack:
                entry.node.end = max(entry.node.end, extent)
            if self.annex is not None:
                self.annex[1].end = max(self.annex[1].end, extent)
        elif self.annex is not None:
            self.annex[0].paragraphs.append(paragraph)
            self.annex[1].end = max(self.annex[1].end, extent)
        else:
            self.document.preamble.append(paragraph)
            if not self.seen_clause:
                self.parties_from_sentence(paragraph)

    def parties_from_sentence(self, paragraph: Paragraph) -> None:
        """ "This Agreement is made between X ("A") and Y ("B")": two parties, text stays prose."""
        if len(self.document.parties) >= 2 or len(self.document.preamble) > 6:
            return
        if len(paragraph.text) > 3000 or " between" not in paragraph.text:
            return  # bound the regular expression's work on long preambles
        match = _BETWEEN.search(paragraph.text)
        if not match:
            return
        base = paragraph.span.start_offset
        for order, (name_group, short_group) in enumerate((("a", "ashort"), ("b", "bshort"))):
            name = _NAME_TAIL.sub("", match.group(name_group)).strip().rstrip(",")
            name_start = base + match.start(name_group)
            short = match.group(short_group)
            party_id = "AB"[order]
            id_span = self.span(name_start, name_start + len(name))
            if short:
                quoted = _QUOTED.search(short)
                if quoted:
                    word = quoted.group("q").strip()
                    q_start = base + match.start(short_group) + quoted.start("q")
                    id_span = self.span(q_start, q_start + len(word))
                    letter = re.fullmatch(r"Party\s+([A-D])", word, re.IGNORECASE)
                    if letter:
                        party_id = letter.group(1).upper()
                    elif " " not in word:
                        party_id = word
            if any(p.id == party_id for p in self.document.parties):
                continue
            self.document.parties.append(
                Party(
                    id=party_id,
                    role=None,
                    name=name,
                    span=self.span(name_start, name_start + len(name)),
                    id_span=id_span,
                    name_span=self.span(name_start, name_start + len(name)),
                )
            )
            self.guesses["parties_from_sentence"] += 1

    # -- finishing ---------------------------------------------------------------

    def finish(self) -> None:
        from contractlint.extract import find_definitions

        document = self.document
        if self.meta_entries:
            first = self.meta_entries[0].span.start_offset
            last = self.meta_entries[-1].span.end_offset
            document.metadata = Metadata(self.meta_entries, self.span(first, last))
        for root in self.roots:
            if isinstance(root, tuple):
                annex, holder = root
                annex.clauses = [self.close(child) for child in holder.children]
                end = holder.end
                for clause in annex.clauses:
                    end = max(end, clause.span.end_offset)
                line_start = self.text.rfind("\n", 0, annex.heading_span.start_offset) + 1
                annex.span = self.span(line_start, end)
                document.annexes.append(annex)
            else:
                document.clauses.append(self.close(root))
        for clause in document.walk_clauses():
            if "signatures" in clause.kinds:
                segments = self.signature_segments(clause.paragraphs)
                document.notes.setdefault("signature_segments", []).extend(
                    (piece.span.start_offset, piece.span.end_offset) for piece in segments
                )
                document.signatures.extend(read_signatures(segments, document, self.index))
        document.definitions = [
            _unemphasised_term(d, self.index) for d in find_definitions(document)
        ]

    def close(self, node: _Open) -> Clause:
        clause = node.clause
        clause.children = [self.close(child) for child in node.children]
        end = node.end
        for child in clause.children:
            end = max(end, child.span.end_offset)
        start = clause.span.start_offset
        clause.span = self.span(start, max(end, clause.heading_span.end_offset))
        return clause

    def signature_segments(self, paragraphs: list[Paragraph]) -> list[Paragraph]:
        """Signature lines cut at soft breaks and wide gaps, ordered column by column.

        Word tables and space-aligned text put the parties side by side
        ("甲方（盖章）：      乙方（盖章）："); the signature reader wants one
        party's lines after the other. Each piece keeps its exact span.
        """
        by_start = {line.start: line for line in self.lines}
        pieces: list[tuple[int, int, Paragraph]] = []  # (column, order, piece)
        order = 0
        for paragraph in paragraphs:
            offset = paragraph.span.start_offset
            for raw in paragraph.text.split("\n"):
                line_start = self.text.rfind("\n", 0, offset) + 1
                info = by_start.get(line_start)
                cuts = [
                    b - offset
                    for b in (info.breaks if info else ())
                    if offset <= b < offset + len(raw)
                ]
                column_base = info.column if info is not None and info.column is not None else 0
                parts = _split_parts(raw, cuts)
                gap_column = 0
                for part_start, part_end, after_gap in parts:
                    if after_gap:
                        gap_column += 1
                    s, e = self.strip(offset + part_start, offset + part_end)
                    if e > s:
                        column = column_base + gap_column
                        if column:
                            self.guesses["signature_columns"] = True
                        pieces.append((column, order, Paragraph(self.text[s:e], self.span(s, e))))
                        order += 1
                offset += len(raw) + 1
        pieces.sort(key=lambda item: (item[0], item[1]))
        return [piece for _c, _o, piece in pieces]


def _split_parts(raw: str, cuts: list[int]) -> list[tuple[int, int, bool]]:
    """Split a line at soft-break offsets (same column) and wide gaps (next column)."""
    parts: list[tuple[int, int, bool]] = []
    bounds = sorted(set(cuts))
    pieces: list[tuple[int, int]] = []
    start = 0
    for cut in bounds:
        pieces.append((start, cut))
        start = cut + 1
    pieces.append((start, len(raw)))
    for piece_start, piece_end in pieces:
        segment = raw[piece_start:piece_end]
        last = 0
        after_gap = False
        for gap in re.finditer(r"[ \t]{3,}|\t+|\u3000{2,}", segment):
            if not _COLUMN_START.match(segment[gap.end() :]):
                continue  # "日期：    年  月  日": a gap inside one field
            if segment[last : gap.start()].strip():
                parts.append((piece_start + last, piece_start + gap.start(), after_gap))
                after_gap = True
            last = gap.end()
        parts.append((piece_start + last, piece_end, after_gap and bool(segment[last:].strip())))
    return parts


def _annex_match(text: str) -> re.Match[str] | None:
    match = _ANNEX.match(text)
    if not match:
        return None
    after = text[match.end("word") : match.end("word") + 1]
    if after.isalpha() and after.isascii():
        return None  # "Exhibits", "Appendixes": a heading about annexes, not one
    return match


def clean_heading(text: str) -> str:
    """Heading text without Markdown emphasis markers (``**Term**.`` → ``Term.``)."""
    if "**" in text or "__" in text:
        text = text.replace("**", "").replace("__", "")
    return text.strip()


def _unemphasise(text: str) -> str:
    """Text without Markdown emphasis markers at its ends (**, __)."""
    return text.strip().strip("*_").strip()


def _short_title(text: str) -> bool:
    """A heading rather than a sentence: short and without sentence punctuation."""
    if not text or text[-1] in "。；;，,":
        return False
    if text.isascii():
        words = text.split()
        return len(words) <= 8 and len(text) <= 70 and not text.endswith((".", ":"))
    return len(text) <= 20 and not any(c in text for c in "，。；,;")


def _title_case(text: str) -> bool:
    words = [w for w in re.split(r"[\s/-]+", text) if w]
    if not words or len(words) > 8:
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS or w[0].isdigit() for w in words)


def _table_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the cells of a Markdown table row ``| a | b |`` (trimmed)."""
    row = text[start:end]
    bars = [i for i, c in enumerate(row) if c == "|" and (i == 0 or row[i - 1] != "\\")]
    if len(bars) < 2:
        return []
    cells: list[tuple[int, int]] = []
    for left, right in pairwise(bars):
        s, e = start + left + 1, start + right
        while s < e and text[s] in " \t":
            s += 1
        while e > s and text[e - 1] in " \t":
            e -= 1
        cells.append((s, e))
    if not row.rstrip().endswith("|"):
        s, e = start + bars[-1] + 1, end
        if text[s:e].strip():
            cells.append((s, e))
    if not row.lstrip().startswith("|") and bars[0] > 0:
        cells.insert(0, (start, start + bars[0]))
    return cells


def recognise(
    text: str,
    path: str,
    source_format: str,
    lines: list[Line],
    front_matter: list[MetaEntry] | None = None,
) -> Document:
    """The document model of a draft, from its text and line records."""
    recogniser = Recogniser(text, path, source_format, lines, front_matter)
    document = recogniser.run()
    document.notes["reader_guesses"] = recogniser.guesses
    return document


def _unemphasised_term(definition: Definition, index: Any) -> Definition:
    """(“**MNDA**”) defines MNDA: Markdown's bold markers are not part of the term."""
    term = definition.term
    stripped = term.strip("*_")
    if stripped == term or not stripped:
        return definition
    lead = term.find(stripped)
    start = definition.term_span.start_offset + lead
    definition.term = stripped
    definition.term_span = index.span(start, start + len(stripped))
    return definition
