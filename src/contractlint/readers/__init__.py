"""Draft readers: Word (.docx), Markdown (.md) and plain text (.txt) to the document model.

Each reader builds the same :class:`~contractlint.model.Document` the grammar
builds, with spans into the file the user gave (for Word, into the text of its
paragraphs joined by newlines: line N is paragraph N). :func:`lint_draft` runs
every rule on it and adds one ``CL004`` info finding saying what the reader had
to guess. python-docx is imported only when a ``.docx`` file is read.
"""

from __future__ import annotations

import os

from contractlint.decode import DecodeError
from contractlint.diagnostic import Diagnostic, Severity
from contractlint.model import Document
from contractlint.settings import Settings

DRAFT_SUFFIXES: tuple[str, ...] = (".docx", ".md", ".markdown", ".txt")
GUESS_CODE = "CL004"
GUESS_NAME = "draft-structure-guessed"

_FORMAT_NAMES = {"docx": "Word", "markdown": "Markdown", "text": "plain-text"}


class DraftError(DecodeError):
    """A draft that cannot be read (not a Word file, not text); the message says why."""


def is_draft(path: str) -> bool:
    """True for the file names the draft readers take (by suffix, case-insensitive)."""
    return os.path.splitext(path)[1].lower() in DRAFT_SUFFIXES


def read_draft(path: str, data: bytes | None = None, display: str | None = None) -> Document:
    """Read a draft file (or its bytes) into a document; raise DraftError/OSError."""
    from contractlint.decode import decode_bytes, read_file

    name = display or path
    if data is None:
        data, _stamp = read_file(path)  # refuses FIFOs, devices and huge files
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".docx":
        from contractlint.readers.docx import read_docx

        return read_docx(data, name)
    try:
        decoded = decode_bytes(data)
    except DecodeError as error:
        raise DraftError(str(error)) from None
    if suffix in (".md", ".markdown"):
        from contractlint.readers.markdown import read_markdown

        return read_markdown(decoded.text, name, decoded.encoding)
    from contractlint.readers.text import read_text

    return read_text(decoded.text, name, decoded.encoding)


def lint_draft(
    path: str,
    settings: Settings | None = None,
    data: bytes | None = None,
    display: str | None = None,
) -> tuple[Document, list[Diagnostic]]:
    """Read a draft and run every rule on it; the CL004 note comes first in its file."""
    from contractlint.lint import check_document
    from contractlint.readers.coverpage import cover_page_terms

    document = read_draft(path, data, display)
    cover_page_terms(document)
    extra = (
        [guess_diagnostic(document, settings)]
        if _selected(GUESS_CODE, settings, document.path)
        else []
    )
    return document, check_document(document, extra, settings)


def guess_summary(document: Document) -> str:
    """What the reader had to guess, in one sentence."""
    guesses = document.notes.get("reader_guesses") or {}
    clauses = [c for c in document.walk_clauses() if c.kind_source != "reader"]
    parts: list[str] = []
    tagged = [c for c in clauses if c.kinds]
    from_heading = sum(1 for c in clauses if c.kind_source == "heading")
    from_text = sum(1 for c in clauses if c.kind_source == "text")
    if clauses:
        parts.append(
            f"clause kinds inferred from headings for {from_heading} of {len(clauses)} clauses"
        )
        if from_text:
            parts.append(f"from the first sentence for {from_text}")
        untyped = len(clauses) - len(tagged)
        if untyped:
            parts.append(f"no kind for {untyped}")
    else:
        parts.append(
            "no numbered clauses or headings found: the whole text is read as preamble prose"
        )
    parties = (
        guesses.get("parties_from_lines", 0)
        + guesses.get("parties_from_table", 0)
        + guesses.get("parties_from_sentence", 0)
    )
    if parties:
        how = []
        if guesses.get("parties_from_lines"):
            how.append("party lines")
        if guesses.get("parties_from_table"):
            how.append("the cover table")
        if guesses.get("parties_from_sentence"):
            how.append('the "made between" sentence')
        parts.append(
            f"{parties} part{'y' if parties == 1 else 'ies'} read from {' and '.join(how)}"
        )
    else:
        parts.append("no parties recognised")
    if guesses.get("title"):
        parts.append("the first line taken as the title")
    if guesses.get("signature_without_heading"):
        parts.append("the signature block recognised after the last clause (it has no heading)")
    if guesses.get("signature_columns"):
        parts.append("signature lines read column by column")
    if guesses.get("unnumbered_headings"):
        parts.append(f"{guesses['unnumbered_headings']} unnumbered line(s) taken as headings")
    if guesses.get("auto_numbers"):
        parts.append(f"Word's automatic numbers read for {guesses['auto_numbers']} paragraph(s)")
    if guesses.get("too_deep"):
        parts.append(f"{guesses['too_deep']} numbered line(s) nested too deep, kept as prose")
    cover = document.notes.get("cover_page_terms") or []
    left = [t for t in cover if t.get("status") == "left-to-cover-page"]
    if left:
        parts.append(f"{len(left)} key term(s) left to the cover page")
    return "; ".join(parts)


def guess_diagnostic(document: Document, settings: Settings | None = None) -> Diagnostic:
    """The CL004 note (severity info unless the settings say otherwise)."""
    severity = Severity.INFO
    if settings is not None:
        from contractlint.config import severity_for

        severity = Severity(severity_for(settings, GUESS_CODE, "info"))
    fmt = _FORMAT_NAMES.get(document.source_format, document.source_format)
    message = f"read as a {fmt} draft: {guess_summary(document)}"
    return Diagnostic(
        GUESS_CODE,
        GUESS_NAME,
        severity,
        message,
        document.index.span(0, 0),
        document.path,
        help="Run `contractlint import` to write the structure out explicitly and correct what was guessed.",
        data={"guesses": dict(document.notes.get("reader_guesses") or {})},
    )


def _selected(code: str, settings: Settings | None, path: str) -> bool:
    if settings is None:
        return True
    from contractlint.config import is_selected

    return is_selected(settings, code, path)


def folder_draft_hint(paths: tuple[str, ...] | list[str]) -> str | None:
    """When a folder walk found no contracts but the folder holds drafts, say how to check them.

    Folders are walked for ``*.contract`` only (a repository's READMEs are not
    contracts); drafts are checked when named on the command line.
    """
    from pathlib import Path  # a cold path: only when a folder held no contracts

    for raw in paths:
        folder = Path(raw)
        if not folder.is_dir():
            continue
        try:
            for found in folder.rglob("*"):
                if found.is_file() and is_draft(found.name):
                    return (
                        f"note: {raw} holds drafts such as {found.name}; folders are walked for "
                        f"*.contract only: name the drafts to check them "
                        f"(contractlint check {raw.rstrip('/')}/*{found.suffix})"
                    )
        except OSError:
            return None
    return None
