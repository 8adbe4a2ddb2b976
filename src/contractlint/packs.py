"""Rule packs: load, validate, cache; the one rule-metadata model for every consumer.

Packs are ``rules/*.yaml`` files (plus any extra paths from settings). The cold
path parses them safely (:mod:`contractlint.yamlload`) and validates them with
pydantic (:mod:`contractlint.packmodel`); the result, plain dataclasses, is
cached as JSON in the user cache, keyed by the packs' content hashes and the
package version. A warm run reads that JSON and never imports yaml or pydantic
(JSON rather than pickle: a cache file can never execute code).

Consumers (engine, ``contractlint rule``, docs, LSP, SARIF, HTML report) call
:func:`all_rules` and :func:`get_rule`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from contractlint import digest as digests
from contractlint.resources import cache_dir, keep_newest, rules_dir

DEFAULT_DOCS_BASE = "https://github.com/contractlint/contractlint/blob/main/docs/rules.md"
DOCS_BASE = os.environ.get("CONTRACTLINT_DOCS_URL", DEFAULT_DOCS_BASE)

# Files in rules/ that are tables, not rule packs.
NOT_PACKS = frozenset({"clause-kinds.yaml"})
_KEEP_CACHES = 8  # pack caches kept in the user cache (one per set of pack contents)
_CACHE_FORMAT = 3


class PackError(ValueError):
    """A rule pack that cannot be used; the message names file, line and field."""


class Example(NamedTuple):
    lang: str
    expect: str  # fail | pass
    text: str
    at: str | None = None  # "line:col" of the finding, for failing examples
    profile: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule's metadata, as validated from its pack: the single model every consumer reads."""

    code: str
    name: str
    severity: str
    languages: tuple[str, ...]
    profiles: tuple[str, ...]
    check: str
    options: dict[str, Any]
    message: dict[str, str]
    help: dict[str, str]
    why: dict[str, str]
    source: str
    fix_safety: str
    examples: tuple[Example, ...]
    pack: str = ""
    path: str = ""
    line: int = 0
    declarative: bool = False
    summary: dict[str, str] = field(default_factory=dict)  # what it checks (rule page)
    cover_page_terms: tuple[str, ...] = ()  # terms a cover page may supply instead

    def __hash__(self) -> int:  # options/texts are dicts; a code is unique across packs
        return hash(self.code)

    @property
    def url(self) -> str:
        base = os.environ.get("CONTRACTLINT_DOCS_URL", DOCS_BASE)
        return f"{base}#{self.code.lower()}"

    def text(self, field_name: str, language: str) -> str:
        """``message``/``help``/``why``/``summary`` in ``language``, else any language."""
        return pick_text(getattr(self, field_name), language)

    def applies_to(self, profile: str) -> bool:
        return "all" in self.profiles or profile in self.profiles


def pick_text(texts: dict[str, str], language: str) -> str:
    """A rule text in ``language``, else English, else any language ("" if none)."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def find_rule(code: str) -> Rule | None:
    """:func:`get_rule` for the shells that only decorate findings (reports, the
    language server): a broken pack there means no rule metadata, not a crash."""
    try:
        return get_rule(code)
    except Exception:  # PackError, an unreadable cache …: the findings still stand
        return None


def builtin_pack_paths() -> list[str]:
    folder = rules_dir()
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(
        os.path.join(folder, name)
        for name in names
        if name.endswith(".yaml") and name not in NOT_PACKS
    )


def load_rules(extra: tuple[str, ...] | list[str] = ()) -> tuple[Rule, ...]:
    """Every rule of the built-in packs and of ``extra`` pack paths, validated."""
    return _load(tuple(str(p) for p in extra))


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> tuple[Rule, ...]:
    paths = builtin_pack_paths() + list(extra)
    contents: list[tuple[str, bytes]] = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                contents.append((path, handle.read()))
        except OSError as error:
            raise PackError(f"{path}: cannot read rule pack: {error.strerror or error}") from None
    digest = digests.new(_version().encode() + f"|{_CACHE_FORMAT}".encode())
    for path, data in contents:
        digest.update(path.encode() + b"\0" + digests.new(data).digest())
    key = digest.hexdigest()[:32]
    cached = _read_cache(key)
    if cached is not None:
        return cached
    from contractlint.packmodel import validate_packs

    rules = tuple(validate_packs(contents))
    _write_cache(key, rules)
    return rules


def all_rules(extra: tuple[str, ...] | list[str] = ()) -> list[Rule]:
    """All rules, sorted by code."""
    return sorted(load_rules(extra), key=lambda rule: rule.code)


def get_rule(code: str, extra: tuple[str, ...] | list[str] = ()) -> Rule | None:
    wanted = code.strip().upper()
    for rule in load_rules(extra):
        if rule.code == wanted or rule.name == code.strip().lower():
            return rule
    return None


def _version() -> str:
    from contractlint import __version__

    return __version__


def _cache_path(key: str) -> str | None:
    folder = cache_dir()
    if folder is None:
        return None
    return os.path.join(folder, f"packs-{key}.json")


def _to_json(rule: Rule) -> dict[str, Any]:
    data = {name: getattr(rule, name) for name in Rule.__dataclass_fields__}
    data["examples"] = [{name: getattr(e, name) for name in Example._fields} for e in rule.examples]
    return data


def _from_json(data: dict[str, Any]) -> Rule:
    data = dict(data)
    data["examples"] = tuple(Example(**e) for e in data["examples"])
    for name in ("languages", "profiles", "cover_page_terms"):
        data[name] = tuple(data.get(name, ()))
    return Rule(**data)


def _read_cache(key: str) -> tuple[Rule, ...] | None:
    path = _cache_path(key)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return tuple(_from_json(item) for item in json.load(handle))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _write_cache(key: str, rules: tuple[Rule, ...]) -> None:
    path = _cache_path(key)
    if path is None:
        return
    try:
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump([_to_json(rule) for rule in rules], handle, ensure_ascii=False)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        return
    keep_newest(os.path.dirname(path), "packs-", ".json", _KEEP_CACHES)
