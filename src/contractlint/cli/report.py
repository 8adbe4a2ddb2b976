"""``contractlint report``: write a self-contained HTML review report.

Linting goes through the same machinery as ``contractlint check`` (closest
configuration, folder walking and excludes, the result cache, parallel
workers, per-file ignores), so the report shows exactly the findings ``check``
prints. Each file is then parsed once more, without rules, for the clause
structure the checklist and the marked-up text need.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import click

EXIT_OK, EXIT_ERROR = 0, 2


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The HTML file to write.",
)
@click.option(
    "--lang",
    type=click.Choice(["auto", "zh", "en"]),
    default="auto",
    show_default=True,
    help="Language of the report's interface (auto: the language most contracts use).",
)
@click.option("--title", help="Title of the report (default: 'Contract review report').")
@click.option("--profile", metavar="NAME", help="Check every contract against this profile.")
@click.option(
    "--message-language",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of rule messages (default: each contract's).",
)
@click.option("--select", multiple=True, metavar="CODES", help="Rules to enable.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rules to disable.")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Rules to add.")
@click.option("--exclude", multiple=True, metavar="GLOBS", help="Files or folders to skip.")
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Use this configuration file for every input.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel processes for linting (default: the number of cores).",
)
@click.option("-n", "--no-cache", is_flag=True, help="Lint every file, ignoring the cache.")
def report(**options: Any) -> None:
    """Write one self-contained HTML report for contracts (files or folders)."""
    started = time.perf_counter()
    from contractlint.config import ConfigError, Resolver, parse_overrides
    from contractlint.runner import RunOptions, iter_inputs, run

    try:
        overrides = parse_overrides(
            select=options["select"],
            ignore=options["ignore"],
            extend_select=options["extend_select"],
            profile=options["profile"],
            exclude=options["exclude"],
            message_language=options["message_language"],
        )
        resolver = Resolver(overrides, config=options["config_file"], isolated=options["isolated"])
        problems: list[str] = []
        paths = [p for p in options["paths"] if p != "-"]
        if len(paths) != len(options["paths"]):
            problems.append("-: the report reads files and folders, not standard input")
        inputs = list(iter_inputs(paths, resolver.for_path, problems))
    except ConfigError as error:
        _fail(str(error))
        return
    if not inputs:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        _fail("no contracts to report on")

    from contractlint.packs import PackError, load_rules

    try:
        for packs in {item.settings.packs for item in inputs}:
            load_rules(packs)
    except PackError as error:
        _fail(str(error))
    results = run(inputs, RunOptions(jobs=options["jobs"], cache=not options["no_cache"]))
    reports = _contract_reports(inputs, results, options["jobs"])

    from contractlint.report_html import render_report

    lang = options["lang"]
    html = render_report(reports, language=None if lang == "auto" else lang, title=options["title"])
    output = options["output"]
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(html)
    except OSError as error:
        _fail(f"{output}: cannot write: {error.strerror or error}")
    for result in reports:
        if result.problem:
            problems.append(f"{result.path}: {result.problem}")
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    findings = sum(len(r.diagnostics) for r in reports)
    elapsed = time.perf_counter() - started
    click.echo(
        f"Wrote {output}: {len(reports)} contract{'s' if len(reports) != 1 else ''}, "
        f"{findings} finding{'s' if findings != 1 else ''} "
        f"({len(html.encode('utf-8')) / 1024:.0f} KiB, {elapsed:.1f}s).",
        err=True,
    )
    sys.exit(EXIT_ERROR if problems else EXIT_OK)


PARALLEL_FROM = 40  # files; below this a process pool costs more than it saves


def _contract_reports(inputs: list[Any], results: list[Any], jobs: int | None) -> list[Any]:
    """Documents and checklists for every file, in worker processes for big folders."""
    from contractlint.runner import default_jobs

    jobs = jobs or default_jobs()
    pairs = list(zip(inputs, results, strict=True))
    if jobs < 2 or len(pairs) < PARALLEL_FROM:
        return [_contract_report(item, result) for item, result in pairs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
        return list(
            pool.map(_contract_report_pair, pairs, chunksize=max(1, len(pairs) // (jobs * 4)))
        )


def _contract_report_pair(pair: tuple[Any, Any]) -> Any:
    return _contract_report(*pair)


def _contract_report(item: Any, result: Any) -> Any:
    """The linter's findings for one file plus its document and checklist."""
    from contractlint.checklist import build_checklist, load_document
    from contractlint.decode import DecodeError
    from contractlint.report_html import ContractReport, unreadable

    if result.error:
        return unreadable(result.path, result.error)
    try:
        document = load_document(item.source, item.display, result.text)
    except (OSError, DecodeError) as error:  # changed or vanished since it was linted
        return unreadable(result.path, getattr(error, "strerror", None) or str(error))
    settings = item.settings
    language = settings.message_language or document.language
    checklist = build_checklist(document, result.diagnostics, settings, language=language)
    title = document.title or document.metadata.value("title") or result.path
    return ContractReport(
        result.path,
        document.text,
        None,
        list(result.diagnostics),
        checklist,
        language,
        extra={"title": title},
    )
