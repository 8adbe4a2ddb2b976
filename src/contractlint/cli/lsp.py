"""``contractlint lsp``: the language server over standard input and output.

The only module that imports :mod:`contractlint.lsp.server` (and so pygls).
"""

from __future__ import annotations

import logging
import sys

import click


@click.command()
@click.option(
    "--stdio",
    is_flag=True,
    help="Serve over standard input/output (the default; accepted for editors that pass it).",
)
@click.option(
    "--debounce-ms",
    type=click.IntRange(0, 10_000),
    default=100,
    show_default=True,
    help="While typing, lint this long after the last keystroke (a single edit after a pause is linted at once).",
)
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write the server's log here.")
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages (lint times, requests).")
def lsp(stdio: bool, debounce_ms: int, log_file: str | None, verbose: bool) -> None:
    """Run the language server (for VS Code, Neovim, Emacs, Helix …) on stdin/stdout."""
    try:
        from contractlint.lsp.server import serve
    except ImportError as error:
        click.echo(
            f"error: the language server needs pygls and lsprotocol ({error}); "
            "install them with: pip install 'contractlint[lsp]'",
            err=True,
        )
        sys.exit(2)
    handler: logging.Handler = (
        logging.FileHandler(log_file, encoding="utf-8")
        if log_file
        else logging.StreamHandler(sys.stderr)
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    if verbose:  # our own debug lines only: pygls's print every message in full
        logging.getLogger("contractlint").setLevel(logging.DEBUG)
    serve(debounce_ms / 1000)
