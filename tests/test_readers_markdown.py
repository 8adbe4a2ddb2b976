"""Markdown drafts: headings, cover tables, lists, cover-page terms; spans exact.

The fixtures are written for these tests in the shape of standard agreements
published as Markdown: key terms in a cover table or left to a separate cover
page, numbered sections as headings or as an ordered list with bold titles.
"""

from __future__ import annotations

from contractlint.readers import lint_draft, read_draft
from contractlint.readers.coverpage import cover_page_terms, left_to_cover_page
from contractlint.readers.markdown import read_markdown

EN_DRAFT = """\
---
title: Cloud Service Agreement
version: 2.0
---

# Cloud Service Agreement

| Term | Value |
| --- | --- |
| Provider | Nimbus Hosting Ltd. |
| Customer | [Customer name] |
| Effective Date | 1 March 2026 |
| Subscription Period | [to be agreed] |

This Agreement is made between Nimbus Hosting Ltd. ("Provider") and the Customer named above.

## 1. Definitions

"Service" means the hosted software described in Exhibit A.

"Fees" means the amounts stated on the Order Form.

## 2. Services

2.1 Provider shall make the Service available 99.9% of each month.

2.2 Provider shall provide support by email.

## 3. Fees and Payment

Customer shall pay the Fees within 30 days of invoice. The Subscription Period is set out in the Cover Page.

## 4. Governing Law

This Agreement is governed by the Governing Law specified in the Order Form.

<!-- drafting note: check the venue -->

## Signatures

Provider: Nimbus Hosting Ltd.
Name: Jane Roe
Date: 1 March 2026

Customer: [Customer name]
Name:
Date:

## Exhibit A – Service Description

The Service is a hosted ticketing system.
"""

LIST_DRAFT = """\
# Mutual Non-Disclosure Agreement

This Mutual Non-Disclosure Agreement is entered into between Alpha Labs Inc. ("Alpha") and Beta Works LLC ("Beta").

1. **Introduction.** This agreement allows the parties to evaluate a business relationship.
2. **Use and Protection of Confidential Information.** The Recipient shall:
    1. use Confidential Information only for the Purpose;
    2. protect it with reasonable care.
3. **Term.** This agreement lasts for the MNDA Term stated on the Cover Page.
4. **Governing Law and Jurisdiction.** The Governing Law is as stated on the Cover Page.
"""


def test_markdown_structure():
    document = read_markdown(EN_DRAFT, "agreement.md")
    assert document.source_format == "markdown"
    assert document.title == "Cloud Service Agreement"
    assert document.metadata.value("title") == "Cloud Service Agreement"
    assert document.metadata.value("version") == "2.0"
    assert document.metadata.value("effective-date") == "1 March 2026"
    names = {(p.id, p.name) for p in document.parties}
    assert ("Provider", "Nimbus Hosting Ltd.") in names
    assert ("Customer", "[Customer name]") in names
    heads = [(c.number, c.heading, c.kinds) for c in document.clauses]
    assert heads == [
        ("1", "Definitions", ("definitions",)),
        ("2", "Services", ("scope",)),
        ("3", "Fees and Payment", ("fees",)),
        ("4", "Governing Law", ("governing-law",)),
        (None, "Signatures", ("signatures",)),
    ]
    assert [c.number for c in document.clauses[1].children] == ["2.1", "2.2"]
    assert {d.term for d in document.definitions} >= {"Service", "Fees"}
    assert [c.text for c in document.comments] == ["drafting note: check the venue"]
    blocks = {b.party_id: b for b in document.signatures}
    assert blocks["Provider"].field_value("signatory") == "Jane Roe"
    (annex,) = document.annexes
    assert annex.id == "A" and annex.title == "Service Description"


def test_markdown_spans_point_into_the_file():
    document = read_markdown(EN_DRAFT, "agreement.md")
    lines = EN_DRAFT.split("\n")
    for clause in document.walk_clauses():
        span = clause.heading_span
        line = lines[span.start_line - 1]
        assert (
            line[span.start_col - 1 : span.end_col - 1]
            == document.text[span.start_offset : span.end_offset]
        )
    fees = document.clauses[2]
    assert fees.heading_span.start_line == lines.index("## 3. Fees and Payment") + 1
    assert fees.number_span.start_col == 4


def test_cover_page_terms_left_or_given():
    document = read_markdown(EN_DRAFT, "agreement.md")
    terms = {t["term"]: t for t in cover_page_terms(document)}
    # Given a value in the cover table of this very file:
    assert terms["Subscription Period"]["status"] == "left-to-cover-page"  # "[to be agreed]"
    assert terms["Fees"]["status"] == "left-to-cover-page"
    assert terms["Governing Law"]["status"] == "left-to-cover-page"
    assert terms["Fees"]["page"] == "Order Form"
    span = terms["Governing Law"]["span"]
    assert document.text[span.start_offset : span.end_offset] == "Governing Law"
    assert left_to_cover_page(document, "governing law")
    assert not left_to_cover_page(document, "Service")


def test_cover_page_term_given_in_the_cover_table():
    text = (
        "| Effective Date | 1 May 2026 |\n|---|---|\n\n"
        "## 1. Term\nThis agreement starts on the Effective Date stated on the Cover Page.\n"
    )
    document = read_markdown(text, "x.md")
    (term,) = cover_page_terms(document)
    assert term["term"] == "Effective Date"
    assert term["status"] == "given" and term["value"] == "1 May 2026"


def test_ordered_list_agreement():
    document = read_markdown(LIST_DRAFT, "mnda.md")
    assert [(p.id, p.name) for p in document.parties] == [
        ("Alpha", "Alpha Labs Inc."),
        ("Beta", "Beta Works LLC"),
    ]
    heads = [(c.number, c.heading, c.kinds) for c in document.clauses]
    assert heads == [
        ("1", "Introduction.", ()),
        ("2", "Use and Protection of Confidential Information.", ("confidentiality",)),
        ("3", "Term.", ("term",)),
        ("4", "Governing Law and Jurisdiction.", ("governing-law", "disputes")),
    ]
    # The indented list nests under section 2.
    assert [c.number for c in document.clauses[1].children] == ["1", "2"]
    assert document.clauses[0].paragraphs[0].text.startswith("This agreement allows")
    cover = {t["term"] for t in cover_page_terms(document)}
    assert {"MNDA Term", "Governing Law"} <= cover


def test_lint_markdown_file(tmp_path):
    path = tmp_path / "agreement.md"
    path.write_text(EN_DRAFT, encoding="utf-8")
    document, diagnostics = lint_draft(str(path))
    assert document.path == str(path)
    (note,) = [d for d in diagnostics if d.code == "CL004"]
    assert note.message.startswith("read as a Markdown draft")
    assert "key term(s) left to the cover page" in note.message
    for diagnostic in diagnostics:
        span = diagnostic.span
        assert 1 <= span.start_line <= EN_DRAFT.count("\n") + 1


def test_fenced_code_is_never_structure():
    text = "# T\n\n```\n1. not a clause\n甲方：不是当事人\n```\n\n## 1. Scope\nWords.\n"
    document = read_markdown(text, "x.md")
    assert document.parties == []
    assert [c.number for c in document.walk_clauses()] == ["1"]
    assert "1. not a clause" in document.preamble[0].text


def test_read_draft_dispatches_markdown_suffixes(tmp_path):
    for name in ("a.md", "b.markdown", "C.MD"):
        path = tmp_path / name
        path.write_text("# Agreement\n\n## 1. Fees\nUSD 5.\n", encoding="utf-8")
        assert read_draft(str(path)).source_format == "markdown"


STANDARD_TERMS = """\
# Standard Terms

1. **Scope**. These terms (“**Terms**”) govern each Order under the <span class="coverpage_link">Agreement</span>, and capitalized terms have the meanings given here or on the Cover Page.
2. **Confidentiality**. Each party keeps the other's information secret for the <span class="coverpage_link">Confidentiality Period</span>.
3. **Law**. The <span class="coverpage_link">Governing Law</span> applies.
"""


def test_bold_run_in_titles_and_bold_defined_terms(tmp_path):
    document = read_markdown(STANDARD_TERMS, "terms.md")
    heads = [(c.number, c.heading, c.kinds) for c in document.clauses]
    assert heads == [
        ("1", "Scope.", ("scope",)),
        ("2", "Confidentiality.", ("confidentiality",)),
        ("3", "Law.", ()),
    ]
    assert document.clauses[0].paragraphs[0].text.startswith("These terms")
    (definition,) = document.definitions
    assert definition.term == "Terms"
    span = definition.term_span
    assert document.text[span.start_offset : span.end_offset] == "Terms"
    terms = {t["term"]: t["status"] for t in cover_page_terms(document)}
    assert terms == {
        "Agreement": "left-to-cover-page",
        "Confidentiality Period": "left-to-cover-page",
        "Governing Law": "left-to-cover-page",
    }
    assert document.notes["cover_page"]["general"] is True
    assert left_to_cover_page(document, "Order")  # any capitalised term, by the general clause


BOLD_NUMBER_TERMS = """\
# Hosting Terms

**1. Service**. Provider hosts the Customer's shop. Provider keeps the
**Backup Plan** identified on the Cover Page.

**2. Payment**.

**2.1. Invoices**. Customer pays each invoice within 30 days.
"""


def test_bold_numbers_and_hard_wrapped_sections():
    document = read_markdown(BOLD_NUMBER_TERMS, "hosting.md")
    heads = [(c.number, c.heading) for c in document.walk_clauses()]
    assert heads == [("1", "Service."), ("2", "Payment."), ("2.1", "Invoices.")]
    (paragraph,) = document.clauses[0].paragraphs
    assert paragraph.text.startswith("Provider hosts") and paragraph.span.end_line == 4
    assert document.clauses[1].kinds == ("fees",)
    (term,) = cover_page_terms(document)
    assert (term["term"], term["status"]) == ("Backup Plan", "left-to-cover-page")
    assert (term["span"].start_line, term["span"].start_col) == (4, 3)


def test_a_term_left_to_the_cover_page_is_reported_as_such_not_as_missing(tmp_path):
    from contractlint.diagnostic import Severity
    from contractlint.readers import lint_draft

    path = tmp_path / "terms.md"
    path.write_text(STANDARD_TERMS, encoding="utf-8")
    _document, diagnostics = lint_draft(str(path))
    (duration,) = [d for d in diagnostics if d.code == "CL705"]
    assert duration.severity is Severity.INFO
    assert "Confidentiality Period is left to the Cover Page" in duration.message
    # The same clause with no cover page behind it: the duration is missing.
    plain = tmp_path / "plain.md"
    plain.write_text(
        "# Terms\n\n1. **Confidentiality**. Each party keeps the other's information secret.\n",
        encoding="utf-8",
    )
    _document, diagnostics = lint_draft(str(plain))
    (missing,) = [d for d in diagnostics if d.code == "CL705"]
    assert missing.severity is Severity.WARNING
    assert "Cover Page" not in missing.message
