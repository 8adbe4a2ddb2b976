"""``contractlint check``: lint files, folders and standard input."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from contractlint.diagnostic import Diagnostic, Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
CONTRACT_SUFFIXES = (".contract",)


def iter_inputs(paths: tuple[str, ...], problems: list[str]) -> Iterator[str]:
    """Expand folders to their ``*.contract`` files (sorted); keep order otherwise."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted(
                    p for p in path.rglob("*") if p.suffix in CONTRACT_SUFFIXES and p.is_file()
                )
            except OSError as error:
                problems.append(f"{raw}: cannot read folder: {error.strerror or error}")
                continue
            yield from (str(p) for p in found)
        elif path.exists():
            yield raw
        else:
            problems.append(f"{raw}: no such file or folder")


def read_input(name: str) -> str:
    """Decoded text of a file or of standard input (raises OSError/DecodeError)."""
    from contractlint.decode import decode_bytes

    data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    return decode_bytes(data).text


@click.command()
@click.argument("paths", nargs=-1, required=True)
def check(paths: tuple[str, ...]) -> None:
    """Lint contracts: files, folders (every *.contract inside) or - for standard input."""
    from contractlint.decode import DecodeError
    from contractlint.lint import lint

    problems: list[str] = []
    diagnostics: list[Diagnostic] = []
    files = 0
    for name in iter_inputs(paths, problems):
        try:
            text = read_input(name)
        except OSError as error:
            problems.append(f"{name}: cannot read: {error.strerror or error}")
            continue
        except DecodeError as error:
            problems.append(f"{name}: {error}")
            continue
        files += 1
        display = "-" if name == "-" else name
        diagnostics.extend(lint(text, display))

    out = click.get_text_stream("stdout")
    for diagnostic in diagnostics:
        span = diagnostic.span
        out.write(
            f"{diagnostic.path}:{span.start_line}:{span.start_col}: "
            f"{diagnostic.code} {diagnostic.severity.value} {diagnostic.message}\n"
        )
    out.write(_summary(diagnostics, files) + "\n")
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        sys.exit(EXIT_ERROR)
    sys.exit(
        EXIT_FINDINGS if any(d.severity is Severity.ERROR for d in diagnostics) else EXIT_CLEAN
    )


def _summary(diagnostics: list[Diagnostic], files: int) -> str:
    counts = {severity: 0 for severity in Severity}
    for diagnostic in diagnostics:
        counts[diagnostic.severity] += 1
    noun = "file" if files == 1 else "files"
    if not diagnostics:
        return f"All clear: {files} {noun} checked, no findings."
    return (
        f"Found {len(diagnostics)} finding{'s' if len(diagnostics) != 1 else ''} in {files} {noun}: "
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} info."
    )
