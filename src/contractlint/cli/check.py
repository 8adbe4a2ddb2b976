"""``contractlint check``: lint files, folders and standard input.

The options are a list of click decorators (``CHECK_OPTIONS``) and arrive as one
namespace, so adding a flag (``--fix``, ``--checklist`` …) is one entry here and
one ``opts.name`` where it is used. Everything heavy (pydantic for a config
file, the report formats) is imported only when needed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import click

from contractlint.config import OUTPUT_FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

CHECK_OPTIONS: list[Callable[[Any], Any]] = [
    click.argument("paths", nargs=-1),
    # Rule selection
    click.option(
        "--select",
        multiple=True,
        metavar="CODES",
        help="Rules to enable (codes, prefixes such as CL6, or ALL); replaces the config's.",
    ),
    click.option("--ignore", multiple=True, metavar="CODES", help="Rules to disable."),
    click.option(
        "--extend-select",
        multiple=True,
        metavar="CODES",
        help="Rules to enable on top of the selection.",
    ),
    click.option(
        "--per-file-ignores",
        multiple=True,
        metavar="GLOB:CODES",
        help="Disable rules for files matching a glob (repeatable).",
    ),
    click.option(
        "--severity",
        multiple=True,
        metavar="CODE=LEVEL",
        help="Override a rule's severity: error, warning or info (repeatable).",
    ),
    click.option(
        "--profile", metavar="NAME", help="Contract profile (default: from the contract)."
    ),
    click.option(
        "--pack", "packs", multiple=True, metavar="PATH", help="Extra rule pack (repeatable)."
    ),
    click.option(
        "--exclude",
        multiple=True,
        metavar="GLOBS",
        help="Files or folders to skip when walking folders.",
    ),
    click.option(
        "--force-exclude",
        is_flag=True,
        help="Apply --exclude to files named on the command line too (for pre-commit).",
    ),
    # Configuration
    click.option(
        "--config",
        "config_file",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help="Use this configuration file for every input.",
    ),
    click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
    click.option("--show-settings", is_flag=True, help="Print the resolved settings and exit."),
    # Output
    click.option(
        "--output-format",
        type=click.Choice(OUTPUT_FORMATS),
        default=None,
        envvar="CONTRACTLINT_OUTPUT_FORMAT",
        show_envvar=True,
        help="Output format (default: full).",
    ),
    click.option("-o", "--output-file", metavar="FILE", help="Write the report to FILE."),
    click.option(
        "--statistics", is_flag=True, help="Count findings per rule instead of listing them."
    ),
    click.option(
        "--message-language",
        type=click.Choice(["zh", "en"]),
        default=None,
        help="Language of messages (default: the contract's).",
    ),
    click.option(
        "--stdin-filename",
        metavar="PATH",
        help="The name of standard input (for config lookup and reports).",
    ),
    # Exit status
    click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings."),
    click.option(
        "--max-warnings",
        type=click.IntRange(min=0),
        default=None,
        metavar="N",
        help="Also fail when there are more than N warnings.",
    ),
    # Baseline
    click.option("--write-baseline", metavar="FILE", help="Record today's findings in FILE."),
    click.option(
        "--baseline",
        "baseline_file",
        metavar="FILE",
        help="Report only findings not recorded in FILE.",
    ),
    # Running
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help="Parallel processes (default: the number of cores).",
    ),
    click.option("-n", "--no-cache", is_flag=True, help="Lint every file, ignoring the cache."),
    click.option("--fix", is_flag=True, help="Apply safe fixes, then report what remains."),
    click.option(
        "--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too."
    ),
    click.option("--diff", is_flag=True, help="Show the fixes as a diff; change no file."),
    click.option("--cache-dir", metavar="DIR", help="Cache folder (default: .contractlint_cache)."),
    click.option(
        "--checklist",
        is_flag=True,
        help="Also show each contract's essential-elements checklist (full, concise, json).",
    ),
]


def _with_options(function: Callable[..., Any]) -> Callable[..., Any]:
    for decorator in reversed(CHECK_OPTIONS):
        function = decorator(function)
    return function


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def use_color(stream: Any, to_file: bool) -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` set (https://no-color.org)."""
    if to_file or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


@click.command()
@_with_options
def check(**options: Any) -> None:
    """Lint contracts: files, folders (every *.contract inside; default: the current
    folder) or - for standard input."""
    opts = SimpleNamespace(**options)
    from contractlint.config import ConfigError, Resolver, parse_overrides, show_settings

    # Like ruff: with no paths, lint the current folder (what CI in a contract
    # repository wants); standard input is always asked for explicitly with -.
    paths: tuple[str, ...] = opts.paths or (".",)
    try:
        overrides = parse_overrides(
            select=opts.select,
            ignore=opts.ignore,
            extend_select=opts.extend_select,
            per_file_ignores=opts.per_file_ignores,
            severity=opts.severity,
            profile=opts.profile,
            packs=opts.packs,
            exclude=opts.exclude,
            message_language=opts.message_language,
        )
        resolver = Resolver(overrides, config=opts.config_file, isolated=opts.isolated)
        if opts.show_settings:
            first = paths[0] if paths[0] != "-" else (opts.stdin_filename or "-")
            target = first
            if os.path.isdir(first):
                target = os.path.join(first, "_.contract")
            click.echo(show_settings(resolver.for_path(target), first))
            sys.exit(EXIT_CLEAN)
        from contractlint.runner import RunOptions, iter_inputs, run

        problems: list[str] = []
        inputs = list(
            iter_inputs(paths, resolver.for_path, problems, opts.stdin_filename, opts.force_exclude)
        )
    except ConfigError as error:
        _fail(str(error))
        return

    if not inputs and not problems:  # like ruff: not an error, but worth saying
        click.echo(f"warning: no contract files found in {', '.join(paths)}", err=True)
        from contractlint.readers import folder_draft_hint

        hint = folder_draft_hint(paths)
        if hint:
            click.echo(hint, err=True)
    first_settings = inputs[0].settings if inputs else resolver.for_path(".")
    from contractlint.engine import validate_settings
    from contractlint.packs import PackError

    try:  # a bad rule pack or profile is a usage error (exit 2), named precisely
        seen: set[tuple[object, ...]] = set()
        for settings in [item.settings for item in inputs] or [first_settings]:
            if (settings.packs, settings.profile) not in seen:
                seen.add((settings.packs, settings.profile))
                validate_settings(settings)
    except PackError as error:
        _fail(str(error))
        return
    if opts.fix or opts.diff:  # fix first (atomically), then report what remains
        from contractlint.fixer import fix_inputs

        fixes = fix_inputs(inputs, unsafe=opts.unsafe_fixes, write=not opts.diff)
        for message in fixes.messages:
            click.echo(message, err=True)
        problems.extend(fixes.problems)
        if opts.diff:
            sys.stdout.write(fixes.diff)
            click.echo(f"Would fix {fixes.fixed} finding(s).", err=True)
            sys.exit(EXIT_ERROR if problems else EXIT_FINDINGS if fixes.fixed else EXIT_CLEAN)
    extra = first_settings.extra or {}
    cache_dir = opts.cache_dir or None
    results = run(inputs, RunOptions(jobs=opts.jobs, cache=not opts.no_cache, cache_dir=cache_dir))
    problems.extend(f"{r.path}: {r.error}" for r in results if r.error)

    baselined = 0
    if opts.write_baseline or opts.baseline_file:
        from contractlint.baseline import BaselineError, apply_baseline, write_baseline

        try:
            if opts.write_baseline:  # like ESLint's --suppress-all: recorded = known from now on
                count = write_baseline(opts.write_baseline, results)
                click.echo(
                    f"Wrote {count} finding(s) to the baseline {opts.write_baseline}.", err=True
                )
            source = opts.write_baseline or opts.baseline_file
            baselined, stale = apply_baseline(source, results)
            if stale and not opts.write_baseline:
                click.echo(
                    f"note: {stale} baseline entr{'y' if stale == 1 else 'ies'} for the checked "
                    f"files match{'es' if stale == 1 else ''} nothing now (fixed?); "
                    f"refresh it with --write-baseline {source}",
                    err=True,
                )
        except BaselineError as error:  # a bad file: named in the message
            _fail(str(error))

    output_format = opts.output_format or str(extra.get("output_format") or "full")
    if opts.checklist:  # the essential-elements table per contract
        from contractlint.checklist import checklists_for

        opts.checklists = checklists_for(inputs, results)
    _emit(results, opts, output_format, first_settings.message_language, baselined, len(problems))

    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(exit_code(results, problems, opts.exit_zero, opts.max_warnings))


def _emit(
    results: list[Any],
    opts: SimpleNamespace,
    output_format: str,
    language: str | None,
    baselined: int,
    unreadable: int = 0,
) -> None:
    from contractlint.report import TEXT_FORMATS, ReportContext, render

    stream = sys.stdout
    to_file = bool(opts.output_file)
    context = ReportContext(results, color=use_color(stream, to_file), language=language)
    if opts.statistics:
        from contractlint.report.statistics import render_statistics_json, render_statistics_text

        machine = output_format not in TEXT_FORMATS
        text = render_statistics_json(context) if machine else render_statistics_text(context)
    else:
        text = render(output_format, context)
        if getattr(opts, "checklists", None) is not None:
            from contractlint.checklist import attach

            text = attach(text, output_format, opts.checklists, context.color)
        if output_format in TEXT_FORMATS:
            from contractlint.report.text import summary

            text += summary(results, baselined, unreadable) + "\n"
    if to_file:
        try:
            with open(opts.output_file, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as error:
            _fail(f"{opts.output_file}: cannot write: {error.strerror or error}")
        if output_format not in TEXT_FORMATS:  # tell a human what happened
            from contractlint.report.text import summary

            click.echo(summary(results, baselined, unreadable), err=True)
    else:
        stream.write(text)
        stream.flush()


def exit_code(
    results: list[Any], problems: list[str], exit_zero: bool, max_warnings: int | None
) -> int:
    """2 for unreadable input; else 1 for any error (or too many warnings); else 0."""
    if problems:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_CLEAN
    errors = warnings = 0
    for result in results:
        for diagnostic in result.diagnostics:
            if diagnostic.severity.value == "error":
                errors += 1
            elif diagnostic.severity.value == "warning":
                warnings += 1
    if errors or (max_warnings is not None and warnings > max_warnings):
        return EXIT_FINDINGS
    return EXIT_CLEAN
