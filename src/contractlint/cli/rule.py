"""``contractlint rule CODE`` and ``contractlint rule --all``: explain the rules."""

from __future__ import annotations

import json
import sys

import click

EXIT_ERROR = 2


@click.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
@click.option(
    "--output-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text (a rule page or a table) or JSON (the rule metadata).",
)
@click.option(
    "--language",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Show the texts in one language only (default: every language the rule has).",
)
@click.option(
    "--pack",
    "packs",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="An extra rule pack to load (repeatable).",
)
def rule(
    code: str | None,
    show_all: bool,
    output_format: str,
    language: str | None,
    packs: tuple[str, ...],
) -> None:
    """Explain a rule: what it checks, why (with its source), examples and the fix."""
    from contractlint.packs import PackError, all_rules, get_rule
    from contractlint.ruledoc import render_rule, rule_to_dict

    if not code and not show_all:
        click.echo("error: give a rule code (contractlint rule CL301) or --all", err=True)
        sys.exit(EXIT_ERROR)
    packs = (*_configured_packs(), *packs)
    try:
        rules = all_rules(packs) if show_all else []
        found = None if show_all else get_rule(code or "", packs)
    except PackError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    out = sys.stdout
    if show_all:
        if output_format == "json":
            out.write(json.dumps([rule_to_dict(r) for r in rules], ensure_ascii=False, indent=2))
            out.write("\n")
            return
        width = max((len(r.name) for r in rules), default=10)
        for item in rules:
            summary = item.summary.get(language or "en") or item.text("message", language or "en")
            out.write(
                f"{item.code}  {item.name:<{width}}  {item.severity:<7}  "
                f"{','.join(item.languages):<5}  {summary}\n"
            )
        return
    if found is None:
        click.echo(f"error: no rule {code!r} (list them with: contractlint rule --all)", err=True)
        sys.exit(EXIT_ERROR)
    if output_format == "json":
        out.write(json.dumps(rule_to_dict(found), ensure_ascii=False, indent=2) + "\n")
        return
    languages = (language,) if language else ("en", "zh")
    out.write(render_rule(found, languages, anchor=False))
    out.write(f"\n{found.url}\n")


def _configured_packs() -> tuple[str, ...]:
    """Extra packs named by the closest configuration ([tool.contractlint] packs)."""
    from contractlint.config import ConfigError, Resolver

    try:
        return tuple(Resolver().for_path("_.contract").packs)  # a file in the cwd
    except ConfigError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
