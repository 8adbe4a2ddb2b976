"""Text to document model, with every syntax error as a diagnostic.

The Lark grammar (``grammar/contract.lark``) is built once per process, from a
standalone parser module cached on disk (see ``larkrt``), so a CLI run pays
neither for building the LALR tables nor for importing Lark's grammar compiler. The
parse is driven through Lark's interactive parser so that after a syntax error
it can recover at the line level (insert what is missing, skip the rest of the
line) and report every error in the file, not only the first.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from contractlint import rxcache
from contractlint.diagnostic import Diagnostic, Severity
from contractlint.gcpause import collector_paused
from contractlint.larkrt import Runtime, load
from contractlint.model import Document
from contractlint.span import LineIndex

if TYPE_CHECKING:
    from lark import Token
    from lark.exceptions import UnexpectedInput

SYNTAX_CODE = "CL001"
SYNTAX_NAME = "syntax-error"
MAX_SYNTAX_ERRORS = 200

# Terminals we may insert to finish a construct, in order of preference.
_INSERTABLE = ("PARTY_NAME", "FM_FENCE", "_NL", "PARTY_ID", "_WS")


_current = threading.local()


class _Items:
    """Inline callbacks: each parsed line goes straight to the model builder.

    Lark looks callbacks up by rule name, so this need not subclass its
    ``Transformer`` (which would tie it to one of the two runtimes in larkrt).

    Feeding the builder as the parser reduces (rather than building a list of
    all lines first) keeps memory flat on large files: a token is dropped as
    soon as its line is modelled.
    """

    def start(self, children: list[Any]) -> None:
        return None

    def front_matter(self, children: list[Any]) -> None:
        _current.builder.feed(("front_matter", [c for c in children if c is not None]))

    def fm_entry(self, children: list[Token]) -> tuple[str, Token]:
        return ("fm", children[0])

    def party(self, children: list[Any]) -> None:
        _current.builder.feed(("party", children))

    def party_attr(self, children: list[Token]) -> Token:
        return children[0]

    def heading(self, children: list[Token]) -> None:
        _current.builder.feed(("heading", children))

    def comment(self, children: list[Token]) -> None:
        _current.builder.feed(("comment", children[0]))

    def text_line(self, children: list[Token]) -> None:
        _current.builder.feed(("text", children[0]))


@lru_cache(maxsize=1)
def _lark() -> Runtime:
    return load(_Items())


class ParseResult(NamedTuple):
    document: Document
    diagnostics: list[Diagnostic]


def parse(text: str, path: str = "-") -> ParseResult:
    """Parse contract-language text (``\\n`` line breaks) into a document.

    Never raises on bad input: syntax errors come back as diagnostics and the
    rest of the file is still modelled.
    """
    from contractlint.build import new_builder

    source = text if text.endswith("\n") else text + "\n"
    index = LineIndex(text)
    errors: list[Diagnostic] = []
    builder = new_builder(text, path, errors, index)
    previous = getattr(_current, "builder", None)
    _current.builder = builder
    try:
        with collector_paused():  # see gcpause: the nodes live as long as the document
            lark = _lark()  # outside the block below: a first run compiles one-off patterns
            with rxcache.warmed("lexer"):  # the lexer's patterns, compiled as states are reached
                _run(lark, source, index, errors, path)
            document = builder.done()
    finally:
        _current.builder = previous
    return ParseResult(document, errors)


# ---------------------------------------------------------------------------
# Driving the parser with recovery
# ---------------------------------------------------------------------------


def _run(
    lark: Runtime, source: str, index: LineIndex, errors: list[Diagnostic], path: str
) -> list[Any]:
    interactive = lark.parser.parse_interactive(source)
    reported_lines: set[int] = set()
    last_error_pos = -1
    while True:
        try:
            for _token in interactive.iter_parse():
                pass
            break
        except lark.UnexpectedInput as error:
            pos = _error_pos(error)
            if len(errors) < MAX_SYNTAX_ERRORS:
                _report(error, source, index, errors, reported_lines, path)
            forced_skip = pos == last_error_pos
            last_error_pos = pos
            _recover(interactive, error, source, pos, forced_skip)
    return _finish(interactive, source, index, errors, reported_lines, path)


def _error_pos(error: UnexpectedInput) -> int:
    if isinstance(error, _lark().UnexpectedToken):
        token = error.token
        return int(token.start_pos) if token.start_pos is not None else 0
    return int(error.pos_in_stream or 0)


def _finish(
    interactive: Any,
    source: str,
    index: LineIndex,
    errors: list[Diagnostic],
    reported_lines: set[int],
    path: str,
) -> list[Any]:
    """Feed the end of input, closing whatever construct is still open."""
    end = len(source)
    for _attempt in range(6):
        try:
            return interactive.feed_token(_synthetic("$END", end, source))
        except _lark().UnexpectedToken as error:
            if len(errors) < MAX_SYNTAX_ERRORS:
                _report(error, source, index, errors, reported_lines, path)
            if not _insert_until(interactive, "$END", end, source):
                break
    return []  # unreachable for this grammar; keep the document empty rather than crash


def _recover(interactive: Any, error: UnexpectedInput, source: str, pos: int, forced: bool) -> None:
    line_start = source.rfind("\n", 0, pos) + 1
    next_line = source.find("\n", pos)
    next_line = len(source) if next_line == -1 else next_line + 1
    accepts = interactive.accepts()
    at_line_start = pos == line_start or not source[line_start:pos].strip()
    in_front_matter = "FM_ENTRY" in accepts
    if at_line_start and not forced:
        if in_front_matter and not source[pos:next_line].lstrip().startswith("#"):
            # A stray line inside the front matter: skip it, stay in the front matter.
            _rewind(interactive, source, next_line)
            return
        # The line cannot start here: finish the open construct, then re-read the line.
        _insert_until(interactive, "TEXT_LINE", line_start, source)
        _rewind(interactive, source, line_start)
        return
    # Mid-line (or no progress): finish this line and continue with the next one.
    _insert_until(interactive, "_NL", pos, source)
    accepts = interactive.accepts()
    if "_NL" in accepts:
        interactive.feed_token(_synthetic("_NL", pos, source))
    elif in_front_matter or "TEXT_LINE" not in interactive.accepts():
        _insert_until(interactive, "TEXT_LINE", pos, source)
    _rewind(interactive, source, next_line)


def _insert_until(interactive: Any, target: str, pos: int, source: str) -> bool:
    """Insert synthetic tokens until ``target`` is acceptable (at most four)."""
    for _step in range(4):
        accepts = interactive.accepts()
        if target in accepts:
            return True
        for name in _INSERTABLE:
            if name in accepts:
                interactive.feed_token(_synthetic(name, pos, source))
                break
        else:
            return False
    return target in interactive.accepts()


def _synthetic(name: str, pos: int, source: str) -> Token:
    line = source.count("\n", 0, pos) + 1
    column = pos - (source.rfind("\n", 0, pos) + 1) + 1
    return _lark().Token(name, "", pos, line, column, line, column, pos)


def _rewind(interactive: Any, source: str, pos: int) -> None:
    """Move the lexer to ``pos`` (a line start), discarding what lay between."""
    counter = interactive.lexer_thread.state.line_ctr
    pos = min(pos, len(source))
    counter.char_pos = pos
    counter.line = source.count("\n", 0, pos) + 1
    counter.line_start_pos = source.rfind("\n", 0, pos) + 1 if pos else 0
    counter.column = pos - counter.line_start_pos + 1


# ---------------------------------------------------------------------------
# Messages a lawyer can act on
# ---------------------------------------------------------------------------


def _report(
    error: UnexpectedInput,
    source: str,
    index: LineIndex,
    errors: list[Diagnostic],
    reported_lines: set[int],
    path: str,
) -> None:
    pos = _error_pos(error)
    line, _col = index.position(min(pos, len(index.text)))
    if line in reported_lines:
        return
    reported_lines.add(line)
    expected = _expected(error)
    line_start = source.rfind("\n", 0, pos) + 1
    line_end = source.find("\n", pos)
    line_end = len(source) if line_end == -1 else line_end
    found = source[pos:line_end]
    message = _describe(expected, source[line_start:line_end], found, pos >= len(index.text))
    end = line_end if found.strip() else pos
    if pos >= len(index.text) and "FM_FENCE" in expected:
        pos, end = 0, 3  # point at the opening fence rather than past the last line
    span = index.span(min(pos, len(index.text)), min(end, len(index.text)))
    errors.append(
        Diagnostic(
            code=SYNTAX_CODE,
            name=SYNTAX_NAME,
            severity=Severity.ERROR,
            message=message,
            span=span,
            path=path,
            help="See docs/language.md for the syntax of this line.",
        )
    )


def _expected(error: UnexpectedInput) -> set[str]:
    if isinstance(error, _lark().UnexpectedToken):
        return set(error.expected)
    allowed = getattr(error, "allowed", None)
    return set(allowed or ())


def _describe(expected: set[str], line: str, found: str, at_end: bool) -> str:
    stripped = line.strip()
    if "FM_FENCE" in expected and ("FM_ENTRY" in expected or at_end):
        if at_end or stripped.startswith("#"):
            return (
                "the front matter that starts on line 1 is not closed: "
                "add a line with three dashes (---) after its last `key: value` line"
            )
        return (
            "front matter lines are `key: value` (for example `type: after-sales-service`); "
            "this line has no colon"
        )
    if "PARTY_NAME" in expected:
        if found.lstrip().startswith(('"', "“")):
            return "the party's name is missing its closing quote"
        return (
            "a party needs its name in quotes after its id and role, "
            'for example: party 甲方 服务方 "上海某某设备有限公司"'
        )
    if "PARTY_ID" in expected:
        return 'a party needs an id (such as 甲方 or A) after the word "party"'
    if stripped.startswith(("party", "当事人")):
        return (
            "unexpected text after the party's name: put details such as the address "
            "on indented `key: value` lines below it"
        )
    if "PARTY_ATTR" in expected or "_NL" in expected:
        return "unexpected text at the end of this line"
    return "this line cannot be read here"
