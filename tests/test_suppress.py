"""Inline suppressions: a clause, a paragraph, the whole file; reasons; unused ones (CL003)."""

from __future__ import annotations

from contractlint.diagnostic import Diagnostic, Severity
from contractlint.lint import lint_with_document
from contractlint.settings import Settings
from contractlint.suppress import apply_suppressions, directives, parse_directive

HEAD = "---\ntitle: Test\nlanguage: en\n---\n\n"
TEXT = HEAD + (
    "<!-- contractlint: disable CL301, CL8 -- customer accepted the risk -->\n"
    "## 1 Scope {scope}\n"
    "First paragraph.\n"
    "\n"
    "### 1.1 Detail\n"
    "Nested paragraph.\n"
    "\n"
    "## 2 Fees {fees}\n"
    "// contractlint: disable CL401\n"
    "Fees paragraph one.\n"
    "\n"
    "Fees paragraph two.\n"
)


def _document(text: str = TEXT):
    document, _ = lint_with_document(text, "x.contract", Settings(select=("CL001",)))
    return document


def _at(document, needle: str, code: str, length: int = 3) -> Diagnostic:
    start = document.text.index(needle)
    return Diagnostic(
        code,
        "rule",
        Severity.WARNING,
        "m",
        document.index.span(start, start + length),
        "x.contract",
    )


def test_parse_directive_forms() -> None:
    assert parse_directive("contractlint: disable CL301,CL8 -- reason here") == (
        "disable",
        ("CL301", "CL8"),
        "reason here",
    )
    assert parse_directive("contractlint：disable-file CL401") == ("disable-file", ("CL401",), None)
    assert parse_directive("contractlint: disable") == ("disable", (), None)
    assert parse_directive("a normal comment") is None
    assert "unknown suppression directive `enable`" in parse_directive("contractlint: enable CL1")
    assert "`cl301` is not a rule code" in parse_directive("contractlint: disable cl301")


def test_clause_scope_covers_sub_clauses_and_nothing_else() -> None:
    document = _document()
    findings = [
        _at(document, "First paragraph", "CL301"),
        _at(document, "Nested paragraph", "CL802"),  # prefix CL8, inside sub-clause 1.1
        _at(document, "Nested paragraph", "CL601"),  # not listed
        _at(document, "Fees paragraph one", "CL301"),  # outside the clause
    ]
    kept = apply_suppressions(document, findings, Settings())
    assert [(d.code, d.span.start_line) for d in kept] == [
        ("CL601", 11),
        ("CL301", 15),
        ("CL003", 14),  # the paragraph directive for CL401 suppressed nothing
    ]


def test_paragraph_scope_and_unused_report() -> None:
    document = _document()
    findings = [
        _at(document, "Fees paragraph one", "CL401"),
        _at(document, "Fees paragraph two", "CL401"),
    ]
    kept = apply_suppressions(document, findings, Settings())
    # the paragraph after the comment is covered, the next paragraph is not; the clause
    # directive suppressed nothing, so CL003 reports it with a fix that deletes its line
    assert [(d.code, d.span.start_line) for d in kept] == [("CL401", 17), ("CL003", 6)]
    unused = kept[1]
    assert unused.name == "unused-suppression" and unused.severity is Severity.WARNING
    assert "CL301, CL8" in unused.message
    edit = unused.fix.edits[0]
    assert (edit.span.start_line, edit.span.start_col, edit.span.end_line, edit.new_text) == (
        6,
        1,
        7,
        "",
    )


def test_partly_used_suppression_names_the_unused_codes() -> None:
    document = _document()
    kept = apply_suppressions(
        document,
        [_at(document, "First paragraph", "CL301"), _at(document, "Fees paragraph one", "CL401")],
        Settings(),
    )
    assert [d.code for d in kept] == ["CL003"]  # CL301 was used, CL8 was not
    assert "Unused code(s) in suppression: CL8" in kept[0].message
    document = _document()
    kept = apply_suppressions(
        document,
        [_at(document, "First paragraph", "CL804"), _at(document, "Fees paragraph one", "CL401")],
        Settings(),
    )
    assert [d.code for d in kept] == ["CL003"]
    assert "CL301" in kept[0].message and "CL8" not in kept[0].message
    assert kept[0].fix is None  # only part of it is unused: no automatic deletion


def test_file_scope_with_reason() -> None:
    text = (
        HEAD + "<!-- contractlint: disable-file CL4 -- legacy template -->\n## 1 A\nx\n## 2 B\ny\n"
    )
    document = _document(text)
    (directive,) = directives(document)
    assert directive.scope is None and directive.reason == "legacy template"
    kept = apply_suppressions(
        document,
        [
            _at(document, "x\n", "CL401", 1),
            _at(document, "y\n", "CL403", 1),
            _at(document, "y\n", "CL601", 1),
        ],
        Settings(),
    )
    assert [d.code for d in kept] == ["CL601"]


def test_cl003_respects_selection_and_severity() -> None:
    text = HEAD + "// contractlint: disable CL999\n## 1 A\nx\n"
    document = _document(text)
    assert apply_suppressions(document, [], Settings(ignore=("CL003",))) == []
    kept = apply_suppressions(document, [], Settings(severity=(("CL003", "error"),)))
    assert kept[0].severity is Severity.ERROR


def test_unreadable_directive_is_reported() -> None:
    text = HEAD + "// contractlint: disabel CL401\n## 1 A\nx\n"
    kept = apply_suppressions(_document(text), [], Settings())
    assert [d.code for d in kept] == ["CL003"]
    assert "cannot be read" in kept[0].message and "disabel" in kept[0].message


def test_end_to_end_syntax_error_suppressed_by_clause_directive() -> None:
    from contractlint.lint import lint

    text = HEAD + "<!-- contractlint: disable CL001 -- tag fixed later -->\n## 1 Scope {scope\nx\n"
    assert [d.code for d in lint(text, "x.contract", Settings(select=("CL001", "CL003")))] == []
    bare = HEAD + "## 1 Scope {scope\nx\n"
    assert [d.code for d in lint(bare, "x.contract", Settings(select=("CL001", "CL003")))] == [
        "CL001"
    ]


def test_chinese_messages_follow_the_contract_language() -> None:
    text = "---\ntitle: 合同\nlanguage: zh\n---\n<!-- contractlint: disable CL999 -->\n## 第一条 范围\n内容。\n"
    kept = apply_suppressions(_document(text), [], Settings())
    assert kept[0].message == "抑制注释（CL999）没有抑制任何诊断"
