"""Parse items to document model: nesting, paragraphs, numbers, kinds, signatures.

The grammar hands over a flat list of lines (front matter, parties, headings,
comments, prose). This module nests clauses by heading level, groups prose
lines into paragraphs, reads clause numbers and kind tags, recognises annexes
and the signature section, and finds definitions. Structural mistakes it can
see (a comment never closed, a party line without quotes) are syntax errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contractlint import rxcache
from contractlint.diagnostic import Diagnostic, Severity
from contractlint.kinds import infer_kinds
from contractlint.model import (
    Annex,
    Attribute,
    Clause,
    Comment,
    Document,
    Metadata,
    MetaEntry,
    Paragraph,
    Party,
    SignatureBlock,
)
from contractlint.numerals import CHINESE_NUMERAL_CHARS, any_int
from contractlint.span import LineIndex, Span

if TYPE_CHECKING:
    from lark import Token

# ---------------------------------------------------------------------------
# Vocabulary of the language itself (keys written in English or Chinese)
# ---------------------------------------------------------------------------

META_KEYS: dict[str, str] = {
    "title": "title",
    "标题": "title",
    "合同名称": "title",
    "名称": "title",
    "type": "type",
    "contract-type": "type",
    "类型": "type",
    "合同类型": "type",
    "language": "language",
    "lang": "language",
    "语言": "language",
    "date": "date",
    "日期": "date",
    "签订日期": "date",
    "签署日期": "date",
    "place": "place",
    "地点": "place",
    "签订地点": "place",
    "签订地": "place",
    "governing-law": "governing-law",
    "governing law": "governing-law",
    "适用法律": "governing-law",
    "准据法": "governing-law",
    "number": "number",
    "编号": "number",
    "合同编号": "number",
    "version": "version",
    "版本": "version",
    "effective-date": "effective-date",
    "生效日期": "effective-date",
    "profile": "profile",
    "foreign-related": "foreign-related",
    "涉外": "foreign-related",
    "currency": "currency",
    "币种": "currency",
}

ATTRIBUTE_KEYS: dict[str, str] = {
    "representative": "representative",
    "legal representative": "representative",
    "authorised representative": "representative",
    "authorized representative": "representative",
    "法定代表人": "representative",
    "授权代表": "representative",
    "代表人": "representative",
    "负责人": "representative",
    "法定代表人或授权代表": "representative",
    "address": "address",
    "registered address": "address",
    "地址": "address",
    "住所": "address",
    "住所地": "address",
    "注册地址": "address",
    "通讯地址": "address",
    "contact": "contact",
    "联系人": "contact",
    "联系方式": "contact",
    "phone": "phone",
    "telephone": "phone",
    "tel": "phone",
    "电话": "phone",
    "联系电话": "phone",
    "手机": "phone",
    "email": "email",
    "e-mail": "email",
    "邮箱": "email",
    "电子邮箱": "email",
    "credit-code": "credit-code",
    "unified social credit code": "credit-code",
    "uscc": "credit-code",
    "统一社会信用代码": "credit-code",
    "信用代码": "credit-code",
    "registration number": "registration",
    "company number": "registration",
    "bank": "bank",
    "开户行": "bank",
    "开户银行": "bank",
    "account": "account",
    "account number": "account",
    "账号": "account",
    "银行账号": "account",
    "account-name": "account-name",
    "account name": "account-name",
    "户名": "account-name",
    "short-name": "short-name",
    "short name": "short-name",
    "简称": "short-name",
    "fax": "fax",
    "传真": "fax",
    "postcode": "postcode",
    "邮编": "postcode",
    "jurisdiction": "jurisdiction",
    "注册地": "jurisdiction",
}

SIGNATURE_KEYS: dict[str, str] = {
    "签字": "signatory",
    "签署": "signatory",
    "签名": "signatory",
    "签署人": "signatory",
    "法定代表人": "signatory",
    "授权代表": "signatory",
    "法定代表人或授权代表": "signatory",
    "法定代表人或授权代表（签字）": "signatory",
    "法定代表人（签字）": "signatory",
    "授权代表（签字）": "signatory",
    "代表": "signatory",
    "signed by": "signatory",
    "signature": "signatory",
    "by": "signatory",
    "name": "signatory",
    "signatory": "signatory",
    "authorised signatory": "signatory",
    "authorized signatory": "signatory",
    "authorised representative": "signatory",
    "authorized representative": "signatory",
    "legal representative": "signatory",
    "职务": "title",
    "title": "title",
    "position": "title",
    "capacity": "title",
    "盖章": "seal",
    "公章": "seal",
    "合同专用章": "seal",
    "seal": "seal",
    "company seal": "seal",
    "chop": "seal",
    "(盖章)": "seal",
    "（盖章）": "seal",
    "日期": "date",
    "签署日期": "date",
    "签订日期": "date",
    "签字日期": "date",
    "date": "date",
    "电子签名": "e-signature",
    "e-signature": "e-signature",
    "electronic signature": "e-signature",
}

_NUMBER_PATTERNS: tuple[re.Pattern[str], ...] = (
    rxcache.compile(r"(?P<num>\d+(?:\.\d+)*)\.?(?=[\s\u3000]|$)"),
    rxcache.compile(rf"(?P<num>第(?P<n>[{CHINESE_NUMERAL_CHARS}\d]+)[条章节款部分]+)"),
    rxcache.compile(
        r"(?P<num>(?:Article|Section|Clause|ARTICLE|SECTION|CLAUSE)\s+"
        r"(?P<n>\d+(?:\.\d+)*|[IVXLC]+))\.?(?=[\s:：]|$)"
    ),
    rxcache.compile(rf"(?P<num>(?P<n>[{CHINESE_NUMERAL_CHARS}]+))、"),
    rxcache.compile(rf"(?P<num>[（(](?P<n>[{CHINESE_NUMERAL_CHARS}\d]+)[)）])"),
)

_ANNEX = rxcache.compile(
    r"^(?P<word>Annex|Schedule|Exhibit|Appendix|Attachment|附件|附表|附录)"
    rf"(?:\s*(?P<id>[A-Z]|\d+|[IVX]+|[{CHINESE_NUMERAL_CHARS}]+)(?![a-z]))?",
    re.IGNORECASE,
)
_ANNEX_STARTS = frozenset("AaSsEeAa附")
_LIST_STARTS = frozenset(" \t-*•·0123456789（(abcdefghijklmnopqrstuvwxyz")
_LIST_MARKER = rxcache.compile(r"[ \t]*(?:[-*•·][ \t]|\d+[.)][ \t]|[（(]\d+[)）]|[a-z][.)][ \t])")
_KEY_VALUE = rxcache.compile(r"^(?P<key>[^:：\n]{1,40}?)[ \t]*[:：][ \t]*(?P<value>.*)$")
_PARTY_LIKE = rxcache.compile(r"^(party|当事人)[ \t]+\S+")
_TAG_WORD = rxcache.compile(r"[A-Za-z][\w-]*")
_DOTTED = rxcache.compile(r"\d+(?:\.\d+)*")


@dataclass
class _Open:
    """A clause (or annex) under construction, with the offset of its last content."""

    clause: Clause
    end_offset: int
    children: list[_Open] = field(default_factory=list)


class _Builder:
    def __init__(
        self, text: str, path: str, errors: list[Diagnostic], index: LineIndex | None = None
    ) -> None:
        self.text = text
        self.index = index or LineIndex(text)
        self.path = path
        self.errors = errors
        self.document = Document(text=text, path=path, _index=self.index)
        self.stack: list[tuple[int, _Open]] = []  # (level, open clause)
        self.roots: list[_Open] = []
        self.annexes: list[tuple[Annex, _Open]] = []
        self.current_annex: tuple[Annex, _Open] | None = None
        self.pending: list[Token] = []  # prose lines of the paragraph being built
        self.seen_clause = False

    # -- helpers -----------------------------------------------------------

    def span(self, start: int, end: int) -> Span:
        return self.index.span(min(start, len(self.text)), min(end, len(self.text)))

    def token_span(self, token: Token, strip: bool = True) -> Span:
        """Span of a one-line token's value (without its newline), optionally trimmed."""
        value = token.value.split("\n", 1)[0]
        start, end = 0, len(value)
        if strip:
            stripped = value.lstrip()
            start = len(value) - len(stripped)
            end = start + len(stripped.rstrip())
        return sub_span(token, start, end)

    def syntax_error(self, span: Span, message: str) -> None:
        self.errors.append(
            Diagnostic(
                "CL001",
                "syntax-error",
                Severity.ERROR,
                message,
                span,
                self.path,
                help="See docs/language.md for the syntax of this line.",
            )
        )

    # -- items -------------------------------------------------------------

    def feed(self, item: tuple[str, Any]) -> None:
        """Take one parsed line item, in document order."""
        tag = item[0]
        if tag == "text":
            self.text_line(item[1])
            return
        self.flush()
        if tag == "heading":
            self.heading(item[1])
        elif tag == "party":
            self.party(item[1])
        elif tag == "comment":
            self.comment(item[1])
        elif tag == "front_matter":
            self.front_matter(item[1])

    def done(self) -> Document:
        self.flush()
        self.finish()
        return self.document

    def front_matter(self, children: list[Any]) -> None:
        entries: list[MetaEntry] = []
        tokens = [c for c in children if isinstance(c, str)]  # lark tokens are str
        for child in children:
            if isinstance(child, tuple) and child[0] == "fm":
                token: Token = child[1]
                match = _KEY_VALUE.match(token.value)
                if not match:
                    continue
                start = int(token.start_pos)
                raw_key = match.group("key").strip()
                value = match.group("value").strip()
                value_start = start + match.start("value")
                entries.append(
                    MetaEntry(
                        key=META_KEYS.get(raw_key.lower(), raw_key.lower()),
                        raw_key=raw_key,
                        value=value.strip("\"'“”"),
                        span=self.token_span(token),
                        value_span=self.span(value_start, value_start + len(value)),
                    )
                )
        span = None
        if tokens:
            span = self.span(
                int(tokens[0].start_pos), int(tokens[-1].end_pos or tokens[-1].start_pos)
            )
        self.document.metadata = Metadata(entries, span)

    def comment(self, token: Token) -> None:
        raw = token.value.strip()
        inner = raw[4:-3] if raw.startswith("<!--") else raw[2:]
        value = token.value.rstrip()
        lead = len(value) - len(value.lstrip())
        start = int(token.start_pos) + lead
        self.document.comments.append(
            Comment(inner.strip(), self.span(start, int(token.start_pos) + len(value)))
        )

    def party(self, children: list[Any]) -> None:
        tokens = [c for c in children if isinstance(c, str)]  # lark tokens are str
        by_type: dict[str, Token] = {}
        attrs: list[Token] = []
        for token in tokens:
            if token.type == "PARTY_ATTR":
                attrs.append(token)
            else:
                by_type.setdefault(token.type, token)
        keyword = by_type.get("PARTY_KW")
        ident = by_type.get("PARTY_ID")
        name = by_type.get("PARTY_NAME")
        role = by_type.get("PARTY_ROLE")
        if keyword is None or ident is None:
            return
        name_value = name.value[1:-1].strip() if name is not None and len(name.value) >= 2 else ""
        attributes = [a for a in (self.attribute(t, ATTRIBUTE_KEYS) for t in attrs) if a]
        last = attrs[-1] if attrs else (name or ident)
        end = int(last.start_pos) + len(last.value.rstrip())
        self.document.parties.append(
            Party(
                id=ident.value,
                role=role.value if role is not None else None,
                name=name_value,
                span=self.span(int(keyword.start_pos), end),
                id_span=self.token_span(ident),
                name_span=self.token_span(name)
                if name is not None and name.value
                else self.token_span(ident),
                attributes=attributes,
            )
        )

    def attribute(self, token: Token, table: dict[str, str]) -> Attribute | None:
        match = _KEY_VALUE.match(token.value.rstrip("\n"))
        if not match:
            return None
        start = int(token.start_pos)
        raw_key = match.group("key").strip()
        value = match.group("value").strip()
        value_start = start + match.start("value")
        return Attribute(
            key=table.get(raw_key.lower(), raw_key.lower()),
            raw_key=raw_key,
            value=value,
            span=self.token_span(token),
            value_span=self.span(value_start, value_start + len(value)),
        )

    def text_line(self, token: Token) -> None:
        value = token.value
        if not value.strip():  # only full-width or other Unicode spaces: a blank line
            self.flush()
            return
        if self.pending:
            previous = self.pending[-1].value
            # A blank line after the previous line (kept in its token) or a list
            # marker on this one starts a new paragraph.
            if previous.count("\n") > 1 or (
                value[:1] in _LIST_STARTS and _LIST_MARKER.match(value)
            ):
                self.flush()
        self.pending.append(token)
        first = value.lstrip()[:1]
        if first == "<" and value.lstrip().startswith("<!--"):
            self.syntax_error(
                self.token_span(token), "this comment is never closed: end it with -->"
            )
        elif first in "p当" and not self.seen_clause and len(self.pending) == 1:
            if _PARTY_LIKE.match(value.strip()):
                self.syntax_error(
                    self.token_span(token),
                    "a party needs its name in quotes, for example: "
                    'party 甲方 服务方 "上海某某设备有限公司" '
                    "(if this line is prose, rewrap it so that it does not start with the word party)",
                )

    def flush(self) -> None:
        if not self.pending:
            return
        first, last = self.pending[0], self.pending[-1]
        lead = len(first.value) - len(first.value.lstrip())
        start = int(first.start_pos) + lead
        tail = len(last.value.rstrip())
        end = int(last.start_pos) + tail
        span = Span(first.line, first.column + lead, last.line, last.column + tail, start, end)
        paragraph = Paragraph(self.text[start:end], span)
        self.pending = []
        target = self.stack[-1][1] if self.stack else None
        if target is not None:
            target.clause.paragraphs.append(paragraph)
            self.extend(end)
        elif self.current_annex is not None:
            annex, holder = self.current_annex
            annex.paragraphs.append(paragraph)
            holder.end_offset = max(holder.end_offset, end)
        else:
            self.document.preamble.append(paragraph)

    def extend(self, end: int) -> None:
        """Record content up to ``end`` in the innermost open clause (parents take
        the maximum of their children when closed)."""
        if self.stack:
            node = self.stack[-1][1]
            node.end_offset = max(node.end_offset, end)
        if self.current_annex is not None:
            self.current_annex[1].end_offset = max(self.current_annex[1].end_offset, end)

    def heading(self, children: list[Token]) -> None:
        token = children[0]
        value = token.value
        newline = value.find("\n")
        line = (value if newline == -1 else value[:newline]).rstrip()
        after_hashes = line.lstrip("#")
        level = len(line) - len(after_hashes)
        rest = after_hashes.lstrip()
        rest_start = len(line) - len(rest)
        tag = ""
        tag_start = -1
        brace = rest.find("{")
        if brace != -1:
            closing = rest.find("}", brace)
            if closing == len(rest) - 1 and "{" not in rest[brace + 1 :]:
                tag, tag_start = rest[brace:], rest_start + brace
            elif closing == -1:
                self.syntax_error(
                    sub_span(token, rest_start + brace, len(line)),
                    "the kind tag is not closed: write it as {kind} at the end of the heading",
                )
            else:
                self.syntax_error(
                    sub_span(token, rest_start + brace, len(line)),
                    "a kind tag such as {scope} must be the last thing on the heading line",
                )
            rest = rest[:brace]
        heading = rest.strip()
        heading_span = sub_span(token, rest_start, rest_start + len(heading))
        base = heading_span.start_offset
        line_end = int(token.start_pos) + len(line)
        number, number_path, number_len = _read_number(heading)
        title = heading[number_len:].lstrip(" \t\u3000:：.、") if number else heading
        title_start = base + (len(heading) - len(title))

        kinds: tuple[str, ...] = ()
        kind_source = None
        tag_span = None
        if tag:
            inner = tag[1:-1]
            words = tuple(_TAG_WORD.findall(inner))
            tag_span = sub_span(token, tag_start, tag_start + len(tag))
            if words:
                kinds = tuple(w.lower() for w in words)
                kind_source = "tag"
            else:
                self.syntax_error(tag_span, "the kind tag is empty: write a kind such as {scope}")

        # The document title: a first, level-1, unnumbered, untagged heading.
        if (
            level == 1
            and number is None
            and not kinds
            and self.document.title is None
            and not self.seen_clause
            and not self.stack
        ):
            self.document.title = heading
            self.document.title_span = heading_span
            return

        annex_match = (
            _ANNEX.match(title) if "annex" not in kinds and title[:1] in _ANNEX_STARTS else None
        )
        if "annex" in kinds or (annex_match and number is None):
            self.open_annex(level, heading, annex_match, heading_span, line_end)
            return

        if not kinds:
            kinds = infer_kinds(title) if title else ()
            kind_source = "heading" if kinds else None
        clause = Clause(
            level,
            title or heading,
            number,
            number_path,
            kinds[0] if kinds else None,
            kind_source,
            kinds,
            heading_span,
            heading_span,
            _shift(heading_span, 0, number_len) if number else None,
            tag_span,
            _shift(heading_span, title_start - base, title_start - base + len(title)),
        )
        node = _Open(clause, line_end)
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        if self.stack:
            self.stack[-1][1].children.append(node)
        elif self.current_annex is not None and level > self.current_annex[1].clause.level:
            self.current_annex[1].children.append(node)
        else:
            self.current_annex = None
            self.roots.append(node)
        self.stack.append((level, node))
        self.seen_clause = True
        self.extend(line_end)

    def open_annex(
        self,
        level: int,
        heading: str,
        match: re.Match[str] | None,
        heading_span: Span,
        line_end: int,
    ) -> None:
        self.stack.clear()
        annex_id = match.group("id") if match else None
        title = heading[match.end() :].lstrip(" \t:：.、-—") if match else heading
        annex = Annex(
            id=annex_id, title=title or heading, span=heading_span, heading_span=heading_span
        )
        holder_clause = Clause(
            level, heading, None, None, "annex", "heading", ("annex",), heading_span, heading_span
        )
        holder = _Open(holder_clause, line_end)
        self.annexes.append((annex, holder))
        self.current_annex = (annex, holder)
        self.seen_clause = True

    # -- finishing -----------------------------------------------------------

    def finish(self) -> None:
        from contractlint.extract import find_definitions

        document = self.document
        document.clauses = [self.close(node) for node in self.roots]
        for annex, holder in self.annexes:
            annex.clauses = [self.close(child) for child in holder.children]
            end = max([holder.end_offset, *(c.span.end_offset for c in annex.clauses)])
            annex.span = self.span(self.line_start(annex.span.start_offset), end)
            document.annexes.append(annex)
        for clause in document.walk_clauses():
            if "signatures" in clause.kinds:
                document.signatures.extend(read_signatures(clause.paragraphs, document, self.index))
        document.definitions = find_definitions(document)

    def close(self, node: _Open) -> Clause:
        clause = node.clause
        clause.children = [self.close(child) for child in node.children]
        end = node.end_offset
        for child in clause.children:
            end = max(end, child.span.end_offset)
        clause.span = self.span(self.line_start(clause.heading_span.start_offset), end)
        return clause

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1


def sub_span(token: Token, start: int, end: int) -> Span:
    """Span of ``token.value[start:end]`` for a token that lies on one line."""
    pos = int(token.start_pos)
    return Span(
        token.line, token.column + start, token.line, token.column + end, pos + start, pos + end
    )


def _shift(span: Span, start: int, end: int) -> Span:
    """A sub-span of a one-line span, by character offsets relative to its start."""
    return Span(
        span.start_line,
        span.start_col + start,
        span.start_line,
        span.start_col + end,
        span.start_offset + start,
        span.start_offset + end,
    )


def _read_number(heading: str) -> tuple[str | None, tuple[int, ...] | None, int]:
    """The clause number at the start of a heading: (as written, path, length)."""
    if not heading:
        return None, None, 0
    first = heading[0]
    if first.isdigit():
        candidates = _NUMBER_PATTERNS[:1]
    elif first == "第":
        candidates = _NUMBER_PATTERNS[1:2]
    elif first in "ASCasc":
        candidates = _NUMBER_PATTERNS[2:3]
    elif first in "（(":
        candidates = _NUMBER_PATTERNS[4:]
    elif first in CHINESE_NUMERAL_CHARS:
        candidates = _NUMBER_PATTERNS[3:4]
    else:
        return None, None, 0
    for pattern in candidates:
        match = pattern.match(heading)
        if not match:
            continue
        written = match.group("num")
        digits = (match.group("n") if "n" in pattern.groupindex else None) or written
        if _DOTTED.fullmatch(digits):
            parts = digits.split(".")
            if any(len(part) > 18 for part in parts):
                continue  # not a clause number (and int() refuses 4,300+ digits)
            path = tuple(map(int, parts))
        else:
            value = any_int(digits)
            if value is None:
                continue
            path = (value,)
        return written, path, match.end()
    return None, None, 0


def read_signatures(
    paragraphs: list[Paragraph], document: Document, index: LineIndex
) -> list[SignatureBlock]:
    """Read signature blocks: each starts with a line naming a party."""
    labels = _party_labels(document)
    blocks: list[SignatureBlock] = []
    current: SignatureBlock | None = None
    for paragraph in paragraphs:
        offset = paragraph.span.start_offset
        for line in paragraph.text.split("\n"):
            start = offset + (len(line) - len(line.lstrip()))
            stripped = line.strip()
            offset += len(line) + 1
            if not stripped:
                continue
            party_id = _match_label(stripped, labels)
            match = _KEY_VALUE.match(stripped)
            if party_id is not None:
                key = match.group("key").strip() if match else stripped
                label_span = index.span(start, start + len(key))
                current = SignatureBlock(
                    party_id=party_id or None,
                    label=key,
                    span=index.span(start, start + len(stripped)),
                    label_span=label_span,
                )
                blocks.append(current)
                if match:
                    value = match.group("value").strip()
                    value_start = start + match.start("value")
                    field_key = "seal" if _mentions_seal(key) else "name"
                    current.fields.append(
                        Attribute(
                            field_key,
                            key,
                            value,
                            index.span(start, start + len(stripped)),
                            index.span(value_start, value_start + len(value)),
                        )
                    )
                    if field_key == "name" and _mentions_seal(value):
                        current.fields.append(
                            Attribute(
                                "seal",
                                key,
                                value,
                                index.span(start, start + len(stripped)),
                                index.span(value_start, value_start + len(value)),
                            )
                        )
                current.text = stripped
                continue
            if current is None:
                continue
            current.span = index.span(current.span.start_offset, start + len(stripped))
            current.text += "\n" + stripped
            if match:
                raw_key = match.group("key").strip()
                value = match.group("value").strip()
                value_start = start + match.start("value")
                key = SIGNATURE_KEYS.get(raw_key.lower())
                if key is None:
                    key = _guess_signature_key(raw_key)
                current.fields.append(
                    Attribute(
                        key,
                        raw_key,
                        value,
                        index.span(start, start + len(stripped)),
                        index.span(value_start, value_start + len(value)),
                    )
                )
    return blocks


def _guess_signature_key(raw_key: str) -> str:
    lowered = raw_key.lower()
    if "日期" in raw_key or "date" in lowered:
        return "date"
    if _mentions_seal(raw_key):
        return "seal"
    if any(w in raw_key for w in ("签字", "签名", "签署", "代表")) or any(
        w in lowered for w in ("sign", "representative", "name", "by")
    ):
        return "signatory"
    if "职务" in raw_key or "title" in lowered:
        return "title"
    return lowered


def _mentions_seal(text: str) -> bool:
    lowered = text.lower()
    return any(w in text for w in ("盖章", "公章", "合同专用章", "印章")) or any(
        w in lowered for w in ("seal", "chop")
    )


def _party_labels(document: Document) -> list[tuple[str, str]]:
    """(label as it may start a line, party id), longest first."""
    labels: list[tuple[str, str]] = []
    for party in document.parties:
        labels.append((party.id, party.id))
        if party.id.isascii() and len(party.id) <= 2:
            labels.append((f"Party {party.id}", party.id))
        if party.name:
            labels.append((party.name, party.id))
        if party.role:
            labels.append((party.role, party.id))
    for generic in ("甲方", "乙方", "丙方", "丁方"):
        labels.append((generic, generic))
    for letter in "ABCD":
        labels.append((f"Party {letter}", letter))
    labels.sort(key=lambda item: len(item[0]), reverse=True)
    return labels


def _match_label(line: str, labels: list[tuple[str, str]]) -> str | None:
    for label, party_id in labels:
        if line.startswith(label):
            rest = line[len(label) :]
            if not rest or rest[0] in ":：（( \t,，":
                return party_id
    return None


def new_builder(
    text: str, path: str, errors: list[Diagnostic], index: LineIndex | None = None
) -> _Builder:
    """A builder to :meth:`~_Builder.feed` items as the parser reduces them."""
    return _Builder(text, path, errors, index)
