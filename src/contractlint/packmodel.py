"""Validation of rule packs (the cold path only: imports yaml and pydantic).

Each pack is parsed safely (aliases refused), validated against the pydantic
models below, its patterns compiled with RE2, its check names resolved. Any
problem becomes a :class:`~contractlint.packs.PackError` whose message names
the file, the line and the field, e.g.
``rules/vague.yaml:42: rules[3].severity: Input should be 'error', 'warning' or 'info'``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from contractlint.packs import Example, PackError, Rule
from contractlint.profiles import PROFILES

Lang = Literal["zh", "en"]
LangText = dict[Lang, Annotated[str, Field(min_length=1)]]
LangPattern = str | dict[Lang, str]
FactKind = Literal["duration", "percent", "money", "date", "placeholder", "xref"]
Scope = Literal["phrase", "sentence", "paragraph", "clause"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class RequireClause(_Strict):
    """An element of the profile must have a clause (by kind tag or inferred heading)."""

    elements: list[str] = Field(min_length=1)  # the first one the profile lists is used
    mentions: LangPattern | None = None  # prose that also counts as having the element


class Requirement(_Strict):
    label: LangText
    pattern: LangPattern | None = None
    facts: list[FactKind] = []
    # with-facts: only a match of ``pattern`` with such a fact in its sentence counts
    with_facts: list[FactKind] = Field(default=[], alias="with-facts")

    @model_validator(mode="after")
    def _something(self) -> Requirement:
        if self.pattern is None and not self.facts:
            raise ValueError("a requirement needs a pattern or facts")
        return self


class ClauseLacks(_Strict):
    """A clause of kind K (optionally: that matches ``when``) must meet every requirement."""

    scope: list[str] = Field(min_length=1)
    when: LangPattern | None = None
    requires: list[Requirement] = Field(min_length=1)
    anchor: LangPattern | None = None  # the finding lands on its first match, else the heading
    together: bool = True  # judge all such clauses as one (a warranty split in sub-clauses)


class TermsInScope(_Strict):
    """Terms or a pattern found within clauses of given kinds, unless ``unless`` is near."""

    scope: list[str] = ["all"]
    terms: dict[Lang, list[str]] | None = None
    pattern: LangPattern | None = None
    unless: LangPattern | None = None
    unless_facts: list[FactKind] = Field(default=[], alias="unless-facts")
    within: Scope = "sentence"

    @model_validator(mode="after")
    def _something(self) -> TermsInScope:
        if self.terms is None and self.pattern is None:
            raise ValueError("give terms or a pattern")
        return self


class IfThen(_Strict):
    """Where ``if`` matches, ``then`` (or a fact of ``then-facts``) must be near."""

    if_: LangPattern = Field(alias="if")
    then: LangPattern | None = None
    then_facts: list[FactKind] = Field(default=[], alias="then-facts")
    scope: list[str] = ["all"]
    within: Scope = "sentence"


DECLARATIVE: dict[str, type[_Strict]] = {
    "require-clause": RequireClause,
    "clause-lacks": ClauseLacks,
    "terms-in-scope": TermsInScope,
    "clause-contains": TermsInScope,
    "pattern": TermsInScope,
    "if-then": IfThen,
}


class ExampleModel(_Strict):
    lang: Lang
    expect: Literal["fail", "pass"]
    text: str = Field(min_length=1)
    at: Annotated[str, Field(pattern=r"^\d+:\d+$")] | None = None
    profile: str | None = None


class RuleModel(_Strict):
    code: Annotated[str, Field(pattern=r"^CL\d{3}$")]
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")]
    severity: Literal["error", "warning", "info"]
    languages: list[Lang] = Field(min_length=1)
    profiles: list[str] = ["all"]
    check: str
    options: dict[str, Any] = {}
    summary: LangText | None = None
    message: LangText
    help: LangText
    why: LangText
    source: str = Field(min_length=1)
    fix_safety: Literal["safe", "unsafe", "none"] = Field(default="none", alias="fix-safety")
    # Key terms that, when a draft leaves them to its cover page, supply what this
    # rule would report missing (a Governing Law stated on the Cover Page).
    cover_page_terms: list[str] = Field(default=[], alias="cover-page-terms")
    examples: list[ExampleModel] = Field(min_length=2)

    @model_validator(mode="after")
    def _complete(self) -> RuleModel:
        for profile in self.profiles:
            if profile != "all" and profile not in PROFILES:
                raise ValueError(f"profiles: unknown profile {profile!r} (known: {_known()})")
        for language in self.languages:
            for name in ("message", "help", "why"):
                if language not in getattr(self, name):
                    raise ValueError(f"{name}: no {language} text for a rule in {language}")
            for expect in ("fail", "pass"):
                if not any(e.lang == language and e.expect == expect for e in self.examples):
                    raise ValueError(f"examples: no {expect}ing example in {language}")
            if not any(e.lang == language and e.expect == "fail" and e.at for e in self.examples):
                raise ValueError(
                    f"examples: no failing example in {language} says where the finding "
                    'lands (at: "line:col")'
                )
        return self


class PackModel(_Strict):
    pack: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    rules: list[RuleModel] = Field(min_length=1)


def _known() -> str:
    return ", ".join(sorted(PROFILES))


# ---------------------------------------------------------------------------


def validate_packs(contents: list[tuple[Path, bytes]]) -> list[Rule]:
    """Validate every pack; raise PackError on the first bad one."""
    from contractlint.checks import check_names

    known_checks = set(check_names())
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, data in contents:
        for rule in validate_pack(path, data, known_checks):
            if rule.code in seen:
                raise PackError(
                    f"{path}:{rule.line}: code: {rule.code} is already defined in {seen[rule.code]}"
                )
            seen[rule.code] = f"{path}:{rule.line}"
            rules.append(rule)
    return rules


def validate_pack(path: Path, data: bytes, known_checks: set[str]) -> list[Rule]:
    from contractlint.yamlload import YamlError, parse_yaml

    name = str(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackError(f"{name}: not UTF-8 ({error.reason} at byte {error.start})") from None
    try:
        raw = parse_yaml(text, name)
    except YamlError as error:
        raise PackError(str(error)) from None
    if not isinstance(raw, dict):
        raise PackError(f"{name}:1: a rule pack is a mapping with `pack:` and `rules:`")
    try:
        pack = PackModel.model_validate(raw)
    except ValidationError as error:
        raise PackError(_describe(name, text, error, ())) from None

    rules: list[Rule] = []
    for number, rule in enumerate(pack.rules):
        loc: tuple[Any, ...] = ("rules", number)
        line = _line_of(text, loc)
        declarative = rule.check in DECLARATIVE
        options = rule.options
        if declarative:
            try:
                model = DECLARATIVE[rule.check].model_validate(options)
            except ValidationError as error:
                raise PackError(_describe(name, text, error, (*loc, "options"))) from None
            options = model.model_dump(by_alias=True, exclude_none=True)
            _check_patterns(name, text, (*loc, "options"), options)
            _check_scopes(name, text, (*loc, "options"), options)
        elif rule.check not in known_checks:
            known = ", ".join(sorted(set(DECLARATIVE) | known_checks))
            raise PackError(
                f"{name}:{_line_of(text, (*loc, 'check'))}: rules[{number}].check: "
                f"unknown check {rule.check!r} (known: {known})"
            )
        rules.append(
            Rule(
                code=rule.code,
                name=rule.name,
                severity=rule.severity,
                languages=tuple(rule.languages),
                profiles=tuple(rule.profiles),
                check=rule.check,
                options=options,
                message=dict(rule.message),
                help=dict(rule.help),
                why=dict(rule.why),
                source=rule.source,
                fix_safety=rule.fix_safety,
                examples=tuple(
                    Example(e.lang, e.expect, e.text, e.at, e.profile) for e in rule.examples
                ),
                pack=pack.pack,
                path=name,
                line=line,
                declarative=declarative,
                summary=dict(rule.summary or {}),
                cover_page_terms=tuple(rule.cover_page_terms),
            )
        )
    return rules


def _check_patterns(name: str, text: str, loc: tuple[Any, ...], options: Any) -> None:
    """Compile every pattern of a declarative rule with RE2 now, not at lint time."""
    from contractlint.matchers import PatternError, compile_pattern

    def visit(value: Any, where: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("pattern", "mentions", "unless", "when", "if", "then", "anchor"):
                    for lang, source in _by_lang(item):
                        try:
                            compile_pattern(source)
                        except PatternError as error:
                            spot = (*where, key) if lang is None else (*where, key, lang)
                            raise PackError(
                                f"{name}:{_line_of(text, spot)}: {_dotted(spot)}: "
                                f"bad regular expression: {error}"
                            ) from None
                else:
                    visit(item, (*where, key))
        elif isinstance(value, list):
            for number, item in enumerate(value):
                visit(item, (*where, number))

    visit(options, loc)


def _check_scopes(name: str, text: str, loc: tuple[Any, ...], options: dict[str, Any]) -> None:
    from contractlint.kinds import known_kinds

    known = set(known_kinds()) | {"all"}
    for number, kind in enumerate(options.get("scope") or ()):
        if kind not in known:
            spot = (*loc, "scope", number)
            raise PackError(
                f"{name}:{_line_of(text, spot)}: {_dotted(spot)}: unknown clause kind "
                f"{kind!r} (known: {', '.join(sorted(known))})"
            )


def _by_lang(item: Any) -> list[tuple[str | None, str]]:
    if isinstance(item, str):
        return [(None, item)]
    if isinstance(item, dict):
        return [(lang, source) for lang, source in item.items() if isinstance(source, str)]
    return []


def _describe(name: str, text: str, error: ValidationError, prefix: tuple[Any, ...]) -> str:
    # An unknown key is usually the cause of the "missing" one next to it: report it first.
    errors = sorted(error.errors(), key=lambda e: e["type"] != "extra_forbidden")
    first = errors[0]
    loc = (*prefix, *first["loc"])
    # pydantic puts union-member names into loc ("str", "dict[...]"); drop them.
    loc = tuple(part for part in loc if not (isinstance(part, str) and re.search(r"[\[\]]", part)))
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key (misspelt?)"
    more = len(error.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{name}:{_line_of(text, loc)}: {_dotted(loc) or 'pack'}: {message}{suffix}"


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _line_of(text: str, loc: tuple[Any, ...]) -> int:
    """The 1-based line of the YAML node at ``loc`` (or of its nearest existing parent)."""
    import yaml

    try:
        node: Any = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return 1
    line = 1
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = None
            for key, value in node.value:
                if key.value == part:
                    found = value
                    line = key.start_mark.line + 1
                    break
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


def pack_json_schema() -> dict[str, Any]:
    """JSON Schema of a rule pack, for editors (YAML language servers) and CI."""
    schema = PackModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "contractlint rule pack"
    return schema


if __name__ == "__main__":  # python -m contractlint.packmodel > rule-pack.schema.json
    import json
    import sys

    sys.stdout.write(json.dumps(pack_json_schema(), indent=2, ensure_ascii=False) + "\n")
