"""``contractlint report``: write a self-contained HTML review report."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

EXIT_OK, EXIT_ERROR = 0, 2
CONTRACT_SUFFIXES = (".contract",)
PARALLEL_THRESHOLD = 40  # below this many files a process pool costs more than it saves


def _expand(paths: tuple[str, ...], problems: list[str]) -> Iterator[str]:
    """Files as given; folders become their ``*.contract`` files, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted(
                    p for p in path.rglob("*") if p.suffix in CONTRACT_SUFFIXES and p.is_file()
                )
            except OSError as error:
                problems.append(f"{raw}: cannot read folder: {error.strerror or error}")
                continue
            if not found:
                problems.append(f"{raw}: no *.contract files in this folder")
            yield from (str(p) for p in found)
        elif path.is_file():
            yield raw
        else:
            problems.append(f"{raw}: no such file or folder")


def _load_settings(profile: str | None, language: str | None) -> Any:
    """The configured settings (nearest pyproject/contractlint.toml) with our overrides."""
    from dataclasses import replace

    from contractlint.settings import DEFAULT_SETTINGS

    settings = DEFAULT_SETTINGS
    try:
        from contractlint import config  # the config engineer's discovery, when present

        loader = getattr(config, "load_settings", None) or getattr(config, "discover", None)
        if loader is not None:
            settings = loader(Path.cwd())
    except ImportError:
        pass
    except Exception as error:  # a bad config is reported by `check`; here, say so and go on
        click.echo(f"warning: configuration ignored: {error}", err=True)
    overrides: dict[str, Any] = {}
    if profile:
        overrides["profile"] = profile
    if language:
        overrides["message_language"] = language
    return replace(settings, **overrides) if overrides else settings


def _analyse_one(args: tuple[str, Any]) -> Any:
    """Read, decode and lint one file (runs in a worker process for big folders)."""
    from contractlint.decode import DecodeError, decode_bytes
    from contractlint.report_html import analyse, unreadable

    name, settings = args
    try:
        text = decode_bytes(Path(name).read_bytes()).text
    except OSError as error:
        return unreadable(name, f"cannot read: {error.strerror or error}")
    except DecodeError as error:
        return unreadable(name, str(error))
    report = analyse(name, text, settings)
    report.document = None  # the renderer needs none of it; keep the pickle small
    return report


def analyse_all(files: list[str], settings: Any, jobs: int) -> list[Any]:
    work = [(name, settings) for name in files]
    if jobs == 1 or len(files) < PARALLEL_THRESHOLD:
        return [_analyse_one(item) for item in work]
    from concurrent.futures import ProcessPoolExecutor

    workers = jobs or min(os.cpu_count() or 1, 16)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_analyse_one, work, chunksize=8))


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The HTML file to write.",
)
@click.option(
    "--lang",
    type=click.Choice(["auto", "zh", "en"]),
    default="auto",
    show_default=True,
    help="Language of the report's interface (auto: the contracts' language).",
)
@click.option("--title", help="Title of the report (default: 'Contract review report').")
@click.option("--profile", help="Check every contract against this profile (e.g. general).")
@click.option(
    "--message-language",
    type=click.Choice(["zh", "en"]),
    help="Language of rule messages (default: each contract's language).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes for large folders (0: one per CPU).",
)
def report(
    paths: tuple[str, ...],
    output: str,
    lang: str,
    title: str | None,
    profile: str | None,
    message_language: str | None,
    jobs: int,
) -> None:
    """Write one self-contained HTML report for contracts (files or folders)."""
    started = time.perf_counter()
    problems: list[str] = []
    files = list(dict.fromkeys(_expand(paths, problems)))
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if not files:
        click.echo("error: no contracts to report on", err=True)
        sys.exit(EXIT_ERROR)
    settings = _load_settings(profile, message_language)
    reports = analyse_all(files, settings, jobs)

    from contractlint.report_html import render_report

    html = render_report(reports, language=None if lang == "auto" else lang, title=title)
    try:
        Path(output).write_text(html, encoding="utf-8")
    except OSError as error:
        click.echo(f"error: {output}: cannot write: {error.strerror or error}", err=True)
        sys.exit(EXIT_ERROR)
    findings = sum(len(r.diagnostics) for r in reports)
    unread = sum(1 for r in reports if r.problem is not None)
    elapsed = time.perf_counter() - started
    click.echo(
        f"Wrote {output}: {len(reports)} contract{'s' if len(reports) != 1 else ''}, "
        f"{findings} finding{'s' if findings != 1 else ''}"
        + (f", {unread} unreadable" if unread else "")
        + f" ({len(html.encode('utf-8')) / 1024:.0f} KiB, {elapsed:.1f}s).",
        err=True,
    )
    sys.exit(EXIT_ERROR if problems or unread else EXIT_OK)
