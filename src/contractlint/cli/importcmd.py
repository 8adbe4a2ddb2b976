"""``contractlint import DRAFT -o FILE.contract``: a draft in the contract language.

Reads a Word, Markdown or plain-text draft with the draft readers, writes it
with :mod:`contractlint.writer` (metadata, parties, numbered clauses with kind
tags, annexes, signatures made explicit; prose copied unchanged) and says what
was guessed, so that the lawyer can correct it in the written file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_OK, EXIT_ERROR = 0, 2


@click.command("import")
@click.argument("draft")
@click.option(
    "-o",
    "--output",
    metavar="FILE.contract",
    help="Where to write the contract (default: standard output).",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print what was recognised and guessed.")
def import_command(draft: str, output: str | None, force: bool, quiet: bool) -> None:
    """Write DRAFT (.docx, .md, .markdown or .txt) in the contract language."""
    from contractlint.decode import DecodeError
    from contractlint.readers import DRAFT_SUFFIXES, guess_summary, is_draft, read_draft
    from contractlint.readers.coverpage import cover_page_terms
    from contractlint.writer import write_contract

    if not is_draft(draft):
        _fail(
            f"{draft}: cannot import this kind of file: give a draft ending in "
            f"{', '.join(DRAFT_SUFFIXES)}"
        )
    if output is not None and output != "-":
        target = Path(output)
        if target.exists() and not force:
            _fail(f"{output}: already exists; use --force to overwrite it")
        if target.exists() and target.resolve() == Path(draft).resolve():
            _fail(f"{output}: is the draft itself; choose another output file")
    try:
        document = read_draft(draft)
    except IsADirectoryError:
        _fail(f"{draft}: is a folder; import one draft at a time")
    except OSError as error:
        _fail(f"{draft}: cannot read: {error.strerror or error}")
    except DecodeError as error:
        _fail(f"{draft}: {error}")
    cover_page_terms(document)
    text = write_contract(document, Path(draft).name)
    if output is None or output == "-":
        click.get_text_stream("stdout").write(text)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            _fail(f"{output}: cannot write: {error.strerror or error}")
    if not quiet:
        clauses = sum(1 for _ in document.walk_clauses())
        where = output if output and output != "-" else "standard output"
        click.echo(
            f"imported {draft} → {where}: {clauses} clause(s), {len(document.parties)} "
            f"part{'y' if len(document.parties) == 1 else 'ies'}, {len(document.annexes)} annex(es), "
            f"{len(document.signatures)} signature block(s)",
            err=True,
        )
        click.echo(f"guessed: {guess_summary(document)}", err=True)
        click.echo(
            "Check the kind tags {…} and the party lines, then run: contractlint check "
            f"{output if output and output != '-' else 'FILE.contract'}",
            err=True,
        )
    sys.exit(EXIT_OK)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_ERROR)
