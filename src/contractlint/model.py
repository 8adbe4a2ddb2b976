"""The typed document model that the grammar (or a draft reader) produces.

Stdlib dataclasses rather than pydantic models: a 10 MB contract has hundreds of
thousands of nodes and the CLI must start in under 150 ms, which pydantic's
import and class-building cost (about 110 ms measured here) rules out. The
classes remain pydantic-compatible: :func:`document_json_schema` and
:func:`document_to_json` use ``pydantic.TypeAdapter`` when asked, lazily.

Every node carries the :class:`~contractlint.span.Span` of its source text.
Nodes compare by identity (``eq=False``): two clauses with the same words are
still two clauses, and no field-by-field ``__eq__`` is generated at import.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from contractlint.span import LineIndex, Span


@dataclass(slots=True, eq=False)
class Comment:
    """A comment (``<!-- … -->`` or ``// …``); ``text`` is the inside, trimmed."""

    text: str
    span: Span


@dataclass(slots=True, eq=False)
class MetaEntry:
    """One `key: value` line of the front matter."""

    key: str  # normalised key, e.g. "governing-law"
    raw_key: str  # as written, e.g. "适用法律"
    value: str
    span: Span
    value_span: Span


@dataclass(slots=True, eq=False)
class Metadata:
    """The front matter: its entries in order, and where it stands."""

    entries: list[MetaEntry] = field(default_factory=list)
    span: Span | None = None

    def get(self, key: str) -> MetaEntry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None

    def value(self, key: str) -> str | None:
        entry = self.get(key)
        return entry.value if entry and entry.value else None


@dataclass(slots=True, eq=False)
class Attribute:
    """A ``key: value`` detail line of a party (or a signature block)."""

    key: str  # normalised, e.g. "representative"
    raw_key: str
    value: str
    span: Span
    value_span: Span


@dataclass(slots=True, eq=False)
class Party:
    """A declared party (`party ID ROLE "NAME"`) with its indented details."""

    id: str  # 甲方, A, Seller …
    role: str | None
    name: str
    span: Span  # the whole declaration, attributes included
    id_span: Span
    name_span: Span
    attributes: list[Attribute] = field(default_factory=list)

    def attr(self, key: str) -> Attribute | None:
        for attribute in self.attributes:
            if attribute.key == key:
                return attribute
        return None


@dataclass(slots=True, eq=False)
class Paragraph:
    """Consecutive prose lines; ``text`` is the exact source slice at ``span``."""

    text: str
    span: Span


@dataclass(slots=True, eq=False)
class Definition:
    """A defined term and the text that defines it."""

    term: str
    text: str  # the defining sentence or paragraph
    span: Span  # the defining paragraph (or the inline definition)
    term_span: Span
    inline: bool = False  # (以下简称"X") / (the "X") rather than a definition paragraph


@dataclass(slots=True, eq=False)
class Clause:
    """A numbered (or unnumbered) heading with its prose and sub-clauses."""

    level: int  # number of '#'
    heading: str
    number: str | None
    number_path: tuple[int, ...] | None  # "1.2" -> (1, 2); 第三条 -> (3,)
    kind: str | None  # the primary kind: the first of ``kinds``
    kind_source: str | None  # "tag" | "heading" | None
    kinds: tuple[str, ...]  # every kind the tag or heading names
    span: Span  # heading line through the last line of its content
    heading_span: Span  # the heading text (number included, tag excluded)
    number_span: Span | None = None
    tag_span: Span | None = None
    title_span: Span | None = None  # heading text without the number
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Clause] = field(default_factory=list)

    def walk(self) -> Iterator[Clause]:
        """This clause and every sub-clause, in document order (iterative: no depth limit)."""
        stack = [self]
        while stack:
            clause = stack.pop()
            yield clause
            stack.extend(reversed(clause.children))

    def all_paragraphs(self) -> Iterator[Paragraph]:
        for clause in self.walk():
            yield from clause.paragraphs

    @property
    def label(self) -> str:
        return f"{self.number} {self.heading}".strip() if self.number else self.heading


@dataclass(slots=True, eq=False)
class Annex:
    """An annex, schedule or exhibit (附件): a heading whose text starts so."""

    id: str | None  # "A", "一", "1"
    title: str
    span: Span
    heading_span: Span
    paragraphs: list[Paragraph] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class SignatureBlock:
    """A signature block: whose it is and the lines that show signatory, seal and date."""

    party_id: str | None  # the declared party this block belongs to, if recognised
    label: str  # the first line's party label as written (甲方（盖章）, Party A)
    span: Span
    label_span: Span
    fields: list[Attribute] = field(default_factory=list)
    text: str = ""

    def field_value(self, key: str) -> str | None:
        for item in self.fields:
            if item.key == key and item.value.strip():
                return item.value
        return None


@dataclass(slots=True, eq=False)
class Document:
    """A whole contract. ``text`` is the newline-normalised source."""

    text: str
    path: str = "-"
    metadata: Metadata = field(default_factory=Metadata)
    title: str | None = None
    title_span: Span | None = None
    parties: list[Party] = field(default_factory=list)
    preamble: list[Paragraph] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    signatures: list[SignatureBlock] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    source_format: str = "contract"  # "contract" | "markdown" | "text" | "docx"
    notes: dict[str, Any] = field(default_factory=dict)  # reader notes (what was guessed)
    _index: LineIndex | None = field(default=None, repr=False)
    _detected_language: str | None = field(default=None, repr=False)

    # Read by pydantic (document_to_json): the LineIndex cache is an opaque type.
    __pydantic_config__ = {"arbitrary_types_allowed": True}  # noqa: RUF012

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index

    @property
    def language(self) -> str:
        """The declared language, else ``zh`` when the text is mostly CJK, else ``en``."""
        declared = (self.metadata.value("language") or "").lower()
        if declared.startswith("zh") or declared in {"chinese", "中文"}:
            return "zh"
        if declared.startswith("en") or declared in {"english", "英文"}:
            return "en"
        if self._detected_language is None:  # rules ask often; the text does not change
            self._detected_language = detect_language(self.text)
        return self._detected_language

    def walk_clauses(self) -> Iterator[Clause]:
        for clause in self.clauses:
            yield from clause.walk()
        for annex in self.annexes:
            for clause in annex.clauses:
                yield from clause.walk()

    def paragraphs(self) -> Iterator[tuple[Clause | None, Paragraph]]:
        """Every prose paragraph with the innermost clause that holds it."""
        for paragraph in self.preamble:
            yield None, paragraph
        for clause in self.walk_clauses():
            for paragraph in clause.paragraphs:
                yield clause, paragraph
        for annex in self.annexes:
            for paragraph in annex.paragraphs:
                yield None, paragraph

    def clauses_of_kind(self, kind: str) -> list[Clause]:
        return [clause for clause in self.walk_clauses() if kind in clause.kinds]

    def drop_caches(self) -> None:
        """Forget the rules' working caches (the ``notes`` whose keys start with ``_``).

        They refer back to the document (facts, the pattern scanner, span
        functions), so a checked document would otherwise live on as a garbage
        cycle until a full collection; without them it is freed as soon as it is
        dropped. Anything asked of the document later is computed again.
        """
        for key in [key for key in self.notes if key.startswith("_")]:
            del self.notes[key]

    def party(self, party_id: str) -> Party | None:
        for party in self.parties:
            if party.id == party_id:
                return party
        return None


def detect_language(text: str, sample: int = 4000) -> str:
    """``zh`` if CJK ideographs are at least a fifth of the letters in a sample."""
    cjk = letters = 0
    for char in text[:sample]:
        if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
            cjk += 1
            letters += 1
        elif char.isalpha():
            letters += 1
    if letters == 0:
        return "en"
    # One ideograph carries about as much as a short English word.
    return "zh" if cjk * 5 >= letters else "en"


# What the JSON form leaves out: runtime caches and the readers' and rules'
# working notes (facts, the resolved profile), which are not part of the model.
_NOT_SERIALISED = {"_index", "_detected_language", "notes"}


def document_to_json(document: Document) -> str:
    """Serialise a document with pydantic, imported on demand.

    A span is written as ``[start_line, start_col, end_line, end_col,
    start_offset, end_offset]`` (the :class:`~contractlint.span.Span` fields).
    """
    from pydantic import TypeAdapter

    adapter = TypeAdapter(Document)
    return adapter.dump_json(document, indent=2, exclude=_NOT_SERIALISED).decode()


def document_json_schema() -> dict[str, Any]:
    """The JSON Schema of :func:`document_to_json`'s output."""
    from pydantic import TypeAdapter
    from pydantic.json_schema import GenerateJsonSchema

    class _Schema(GenerateJsonSchema):
        def is_instance_schema(self, schema: Any) -> dict[str, Any]:
            return {}  # the private LineIndex cache, never serialised

    return TypeAdapter(Document).json_schema(schema_generator=_Schema)
