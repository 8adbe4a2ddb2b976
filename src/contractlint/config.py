"""Configuration: find, read, validate and merge settings into :class:`Settings`.

Like ruff: ``.contractlint.toml``, ``contractlint.toml`` (keys at the top level) or
``pyproject.toml`` (under ``[tool.contractlint]``), the closest one to each linted
file wins with no merging, ``extend = "../base.toml"`` inherits explicitly,
``--config FILE`` uses one file for everything and ``--isolated`` ignores them all.
Command-line options are layered on top.

This module is on the hot path: pydantic is imported only when a configuration
file is actually read, and tomllib only when a candidate file exists.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from contractlint import filecache
from contractlint.settings import Settings

CONFIG_NAMES = (".contractlint.toml", "contractlint.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
LANGUAGES = ("zh", "en")
OUTPUT_FORMATS = (
    "full",
    "concise",
    "json",
    "json-lines",
    "sarif",
    "github",
    "gitlab",
    "junit",
)
# Diagnostics made outside the rule packs (by the parser and by this package).
BUILTIN_CODES = {
    "CL001": "syntax-error",
    "CL003": "unused-suppression",
    "CL004": "draft-structure-guessed",  # made by the draft readers (contractlint.readers)
}
_SELECTOR = re.compile(r"^(?:ALL|[A-Z]{1,4}[0-9]{0,3})$")


class ConfigError(Exception):
    """Bad configuration or option: the message names the file, line and key."""


class Overrides(NamedTuple):
    """Settings given on the command line; ``None``/empty means "not given"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    profile: str | None = None
    packs: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    message_language: str | None = None


# ---------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------


def split_list(values: Iterable[str] | None) -> tuple[str, ...]:
    """``("CL1,CL2", "CL3")`` -> ``("CL1", "CL2", "CL3")`` (repeatable comma lists)."""
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(out)


def known_codes(extra_packs: tuple[str, ...] = ()) -> set[str]:
    """Every rule code we know: the rule packs' (with ``extra_packs``) and the built-in ones."""
    codes = set(BUILTIN_CODES)
    try:
        from contractlint import packs  # the engine's rule registry

        codes.update(str(rule.code) for rule in packs.all_rules(extra_packs))
    except Exception:
        pass
    return codes


def check_selectors(selectors: Iterable[str], where: str, codes: set[str] | None = None) -> None:
    """Raise :class:`ConfigError` for a selector that can select no rule."""
    codes = known_codes() if codes is None else codes
    prefixes = {re.match(r"[A-Z]*", code).group(0) for code in codes}  # type: ignore[union-attr]
    for selector in selectors:
        upper = selector.strip()
        if upper == "ALL":
            continue
        if not _SELECTOR.match(upper):
            raise ConfigError(f"{where}: unknown rule selector `{selector}`")
        letters = re.match(r"[A-Z]*", upper).group(0)  # type: ignore[union-attr]
        if any(code.startswith(upper) for code in codes):
            continue
        if letters in prefixes and len(codes) <= len(BUILTIN_CODES):
            continue  # the registry is not available: accept well-formed codes
        raise ConfigError(f"{where}: unknown rule selector `{selector}`")


def specificity(selector: str, code: str) -> int | None:
    """How specifically ``selector`` names ``code`` (ALL = 0, else its length), or None."""
    selector = selector.strip().upper()
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else None


def selector_matches(selector: str, code: str) -> bool:
    return specificity(selector, code) is not None


def is_selected(settings: Settings, code: str, path: str | None = None) -> bool:
    """Whether ``code`` is on: the most specific matching selector wins, ignore on a tie
    (ruff's rule). The engine selects rules with this too: one semantics for all codes."""
    on = [specificity(s, code) for s in (*settings.select, *settings.extend_select)]
    best_on = max((s for s in on if s is not None), default=-1)
    off = [specificity(s, code) for s in settings.ignore]
    best_off = max((s for s in off if s is not None), default=-1)
    if best_on < 0 or best_off >= best_on:
        return False
    return not (path is not None and code in ignored_for_path(settings, path, (code,)))


def severity_for(settings: Settings, code: str, default: str) -> str:
    """The configured severity of ``code`` (the most specific selector wins; later on a tie)."""
    best, level = -1, default
    for selector, value in settings.severity:
        weight = specificity(selector, code)
        if weight is not None and weight >= best:
            best, level = weight, value
    return level


def apply_selection(diagnostics: list[Any], settings: Settings) -> list[Any]:
    """Drop unselected diagnostics and apply severity overrides (for non-rule findings)."""
    from dataclasses import replace as _replace

    from contractlint.diagnostic import Severity

    out = []
    for diagnostic in diagnostics:
        if not is_selected(settings, diagnostic.code):
            continue
        level = severity_for(settings, diagnostic.code, diagnostic.severity.value)
        if level != diagnostic.severity.value:
            diagnostic = _replace(diagnostic, severity=Severity(level))
        out.append(diagnostic)
    return out


def glob_matches(pattern: str, path: str, root: str | None = None) -> bool:
    """ruff-like glob matching on the path relative to ``root``, or on its file name."""
    from fnmatch import fnmatchcase

    pattern = pattern.replace("\\", "/")
    candidate = path.replace("\\", "/")
    if root:
        try:
            candidate = _relative_to(os.path.abspath(path), root)
        except ValueError:
            pass
    candidate = candidate.removeprefix("./")
    pattern = pattern.removeprefix("./")
    if fnmatchcase(candidate, pattern) or fnmatchcase(candidate.rsplit("/", 1)[-1], pattern):
        return True
    if pattern.startswith("**/") and fnmatchcase(candidate, pattern[3:]):
        return True
    # A pattern naming a folder excludes everything below it.
    parts = candidate.split("/")
    return any(fnmatchcase("/".join(parts[:i]), pattern.rstrip("/")) for i in range(1, len(parts)))


def ignored_for_path(settings: Settings, path: str, codes: Iterable[str]) -> set[str]:
    """The subset of ``codes`` that a per-file ignore turns off for ``path``."""
    root = settings.extra.get("root") if settings.extra else None
    off: set[str] = set()
    wanted = tuple(codes)
    for pattern, selectors in settings.per_file_ignores:
        if glob_matches(pattern, path, root if isinstance(root, str) else None):
            off.update(c for c in wanted if any(selector_matches(s, c) for s in selectors))
    return off


# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------


def _relative_to(path: str, root: str) -> str:
    """``path`` below ``root`` in ``/`` form (ValueError if not below it), as pathlib's
    (which ignores case on Windows, as ``normcase`` does)."""
    root = os.path.normpath(root)
    path = os.path.normpath(path)
    if os.path.normcase(path) == os.path.normcase(root):
        return "."
    prefix = root if root.endswith(os.sep) else root + os.sep
    if not os.path.normcase(path).startswith(os.path.normcase(prefix)):
        raise ValueError(f"{path} is not below {root}")
    return path[len(prefix) :].replace(os.sep, "/")


def _has_section(path: str) -> bool:
    """Whether a pyproject.toml has a ``[tool.contractlint]`` table (cheap text test first)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return False
    return "tool.contractlint" in text or ("[tool]" in text and "contractlint" in text)


def find_config(start: str | os.PathLike[str]) -> str | None:
    """The closest configuration file at or above folder ``start``."""
    folder = os.fspath(start)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_section(candidate)):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


# ---------------------------------------------------------------------------
# Reading and validating one file
# ---------------------------------------------------------------------------


def _line_of(text: str, *path: str) -> int | None:
    """Best-effort line of a (nested) key: ``key =`` or a ``[table.key]`` header."""
    pos, line = max(0, text.find("[tool.contractlint")), None
    for part in path:
        key = re.escape(part)
        pattern = re.compile(
            rf'^[ \t]*(?:\[[^\]\n]*\b{key}\b[^\]\n]*\]|["\']?{key}["\']?[ \t]*=)', re.MULTILINE
        )
        match = pattern.search(text, pos)
        if not match:
            break
        pos = match.start()
        line = text.count("\n", 0, pos) + 1
    return line


def _model() -> Any:
    """The pydantic model of a configuration table (built on first use)."""
    global _MODEL
    if _MODEL is not None:
        return _MODEL
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field

    class ContractlintConfig(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=False, strict=True)

        extend: str | None = None
        select: list[str] | None = None
        ignore: list[str] = Field(default_factory=list)
        extend_select: list[str] = Field(default_factory=list, alias="extend-select")
        per_file_ignores: dict[str, list[str]] = Field(
            default_factory=dict, alias="per-file-ignores"
        )
        severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
        profile: str | None = None
        packs: list[str] = Field(default_factory=list)
        exclude: list[str] = Field(default_factory=list)
        message_language: Literal["zh", "en"] | None = Field(None, alias="message-language")
        output_format: (
            Literal["full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit"]
            | None
        ) = Field(None, alias="output-format")
        cache_dir: str | None = Field(None, alias="cache-dir")

    _MODEL = ContractlintConfig
    return _MODEL


_MODEL: Any = None
_FIELDS = (
    "extend select ignore extend-select per-file-ignores severity profile packs exclude "
    "message-language output-format cache-dir"
).split()


def _describe_error(error: dict[str, Any], path: str, text: str, table: str) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    key = loc[0] if loc else "?"
    dotted = ".".join(loc) if loc else "?"
    line = _line_of(text, *loc)
    where = f"{path}:{line}" if line else str(path)
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        import difflib

        hint = difflib.get_close_matches(key.replace("_", "-"), _FIELDS, n=1)
        extra = f" (did you mean `{hint[0]}`?)" if hint else ""
        return f"{where}: unknown key `{dotted}` in {table}{extra}"
    return f"{where}: {table} key `{dotted}`: {error.get('msg', 'invalid value')}"


def read_config_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The validated table of one file as a dict (raises :class:`ConfigError`).

    A valid file's table is cached (:mod:`contractlint.filecache`) until it or
    a rule pack it names changes: reading it anew costs tomllib and pydantic,
    about 90 ms of a command-line run. An invalid file is never cached.
    """
    read_stamp = filecache.stamp(path)
    cached = filecache.get("config", path)
    if cached is not filecache.MISS:
        return cached
    values = _read_config_file(os.fspath(path))
    filecache.put("config", path, values, read_stamp, depends=tuple(values.get("packs", ())))
    return values


def _read_config_file(path: str) -> dict[str, Any]:
    import tomllib

    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read configuration: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    file_name = os.path.basename(path)
    if file_name == "pyproject.toml":
        table_name = "[tool.contractlint]"
        table = data.get("tool", {}).get("contractlint", {})
    else:
        table_name = file_name
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {table_name} must be a table")
    from pydantic import ValidationError

    try:
        model = _model().model_validate(table)
    except ValidationError as error:
        raise ConfigError(_describe_error(error.errors()[0], path, text, table_name)) from None
    values = {name: getattr(model, name) for name in model.model_fields_set}
    base = os.path.dirname(path)
    if "packs" in values:  # relative to the file that names them
        values["packs"] = [os.path.realpath(os.path.join(base, p)) for p in values["packs"]]
    codes = known_codes(tuple(values.get("packs", ())))
    for key in ("select", "ignore", "extend_select"):
        if key in values and values[key] is not None:
            values[key] = [s.strip() for s in values[key]]
            where = f"{path}:{_line_of(text, key.replace('_', '-')) or '?'}"
            check_selectors(values[key], f"{where}: {table_name} `{key.replace('_', '-')}`", codes)
    for selectors in values.get("per_file_ignores", {}).values():
        check_selectors(selectors, f"{path}: {table_name} `per-file-ignores`", codes)
    check_selectors(values.get("severity", {}).keys(), f"{path}: {table_name} `severity`", codes)
    if values.get("cache_dir"):
        values["cache_dir"] = os.path.realpath(os.path.join(base, values["cache_dir"]))
    return values


def load_config(path: str | os.PathLike[str], _seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """One file with its ``extend`` chain resolved (the extending file wins key by key)."""
    path = os.path.realpath(path)
    if path in _seen:
        chain = " -> ".join(str(p) for p in (*_seen, path))
        raise ConfigError(f"{path}: `extend` loops back on itself: {chain}")
    values = read_config_file(path)
    target = values.pop("extend", None)
    if not target:
        return values
    parent_path = os.path.realpath(os.path.join(os.path.dirname(path), target))
    if not os.path.isfile(parent_path):
        raise ConfigError(f"{path}: `extend` names {target}, which does not exist")
    merged = load_config(parent_path, (*_seen, path))
    merged.update(values)
    return merged


# ---------------------------------------------------------------------------
# Resolution: config file(s) + command line -> Settings
# ---------------------------------------------------------------------------


def _to_settings(values: dict[str, Any], root: str, config_path: str | None) -> Settings:
    extra: dict[str, object] = {"root": root}
    if values.get("output_format"):
        extra["output_format"] = values["output_format"]
    if values.get("cache_dir"):
        extra["cache_dir"] = values["cache_dir"]
    select = values.get("select")
    return Settings(
        select=tuple(select) if select is not None else Settings.select,
        ignore=tuple(values.get("ignore", ())),
        extend_select=tuple(values.get("extend_select", ())),
        per_file_ignores=tuple(
            (glob, tuple(codes)) for glob, codes in values.get("per_file_ignores", {}).items()
        ),
        severity=tuple(values.get("severity", {}).items()),
        profile=values.get("profile"),
        packs=tuple(values.get("packs", ())),
        exclude=tuple(values.get("exclude", ())),
        message_language=values.get("message_language"),
        config_path=str(config_path) if config_path else None,
        extra=extra,
    )


def apply_overrides(settings: Settings, overrides: Overrides) -> Settings:
    """Layer command-line options over file settings: the command line wins."""
    severity = dict(settings.severity)
    severity.update(overrides.severity)
    return replace(
        settings,
        select=overrides.select if overrides.select is not None else settings.select,
        ignore=settings.ignore + overrides.ignore,
        extend_select=settings.extend_select + overrides.extend_select,
        per_file_ignores=settings.per_file_ignores + overrides.per_file_ignores,
        severity=tuple(severity.items()),
        profile=overrides.profile or settings.profile,
        packs=settings.packs + tuple(os.path.realpath(p) for p in overrides.packs),
        exclude=settings.exclude + overrides.exclude,
        message_language=overrides.message_language or settings.message_language,
    )


@dataclass
class Resolver:
    """Settings for each linted file, cached per folder (closest config wins)."""

    overrides: Overrides = field(default_factory=Overrides)
    config: str | None = None  # --config FILE
    isolated: bool = False
    cwd: str | os.PathLike[str] = field(default_factory=os.getcwd)
    _by_folder: dict[str, Settings] = field(default_factory=dict)
    _by_file: dict[str, Settings] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cwd = os.fspath(self.cwd)
        self._fixed: Settings | None = None
        if self.isolated:
            self._fixed = apply_overrides(_to_settings({}, self.cwd, None), self.overrides)
        elif self.config:
            if not os.path.isfile(self.config):
                raise ConfigError(f"{self.config}: no such configuration file (--config)")
            values = load_config(self.config)
            path = os.path.realpath(self.config)
            self._fixed = apply_overrides(
                _to_settings(values, os.path.dirname(path), path), self.overrides
            )

    def for_path(self, path: str) -> Settings:
        """The settings for a file (or ``-``: standard input, resolved from the cwd)."""
        if self._fixed is not None:
            return self._fixed
        folder = os.fspath(self.cwd) if path == "-" else os.path.dirname(os.path.abspath(path))
        cached = self._by_folder.get(folder)
        if cached is not None:
            return cached
        found = find_config(folder)
        if found is None:
            settings = apply_overrides(_to_settings({}, self.cwd, None), self.overrides)
        else:
            settings = self._by_file.get(found)
            if settings is None:
                values = load_config(found)
                resolved = os.path.realpath(found)
                settings = apply_overrides(
                    _to_settings(values, os.path.dirname(resolved), resolved), self.overrides
                )
                self._by_file[found] = settings
        self._by_folder[folder] = settings
        return settings


def parse_overrides(
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
    per_file_ignores: Iterable[str] | None = None,
    severity: Iterable[str] | None = None,
    profile: str | None = None,
    packs: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    message_language: str | None = None,
) -> Overrides:
    """Command-line strings -> :class:`Overrides` (raises :class:`ConfigError`)."""
    given = [
        *(select or ()),
        *(ignore or ()),
        *(extend_select or ()),
        *(per_file_ignores or ()),
        *(severity or ()),
    ]
    # no selectors: skip the registry (and its start-up cost)
    codes = (
        known_codes(tuple(os.path.realpath(p) for p in packs or ()))
        if given
        else set(BUILTIN_CODES)
    )
    selected = split_list(select) if select else None
    if selected is not None:
        check_selectors(selected, "--select", codes)
    ignored = split_list(ignore)
    check_selectors(ignored, "--ignore", codes)
    extended = split_list(extend_select)
    check_selectors(extended, "--extend-select", codes)
    pfi: list[tuple[str, tuple[str, ...]]] = []
    for item in per_file_ignores or ():
        glob, sep, listed = item.rpartition(":")
        if not sep or not glob:
            raise ConfigError(f"--per-file-ignores: expected GLOB:CODES, got `{item}`")
        selectors = split_list([listed])
        check_selectors(selectors, "--per-file-ignores", codes)
        pfi.append((glob, selectors))
    levels: list[tuple[str, str]] = []
    for item in severity or ():
        for part in split_list([item]):
            code, sep, level = part.partition("=")
            if not sep or level.strip().lower() not in SEVERITIES:
                raise ConfigError(f"--severity: expected CODE=error|warning|info, got `{part}`")
            check_selectors([code.strip()], "--severity", codes)
            levels.append((code.strip(), level.strip().lower()))
    if message_language is not None and message_language not in LANGUAGES:
        raise ConfigError(f"--message-language: expected zh or en, got `{message_language}`")
    return Overrides(
        select=selected,
        ignore=ignored,
        extend_select=extended,
        per_file_ignores=tuple(pfi),
        severity=tuple(levels),
        profile=profile,
        packs=tuple(packs or ()),
        exclude=split_list(exclude),
        message_language=message_language,
    )


def show_settings(settings: Settings, path: str) -> str:
    """A readable dump of resolved settings for ``--show-settings``."""
    lines = [f"Resolved settings for: {path}", f"Settings path: {settings.config_path or '(none)'}"]
    for name in (
        "select",
        "extend_select",
        "ignore",
        "per_file_ignores",
        "severity",
        "profile",
        "packs",
        "exclude",
        "message_language",
    ):
        value = getattr(settings, name)
        if isinstance(value, tuple) and value and isinstance(value[0], tuple):
            shown = (
                "{"
                + ", ".join(f"{k!r}: {list(v) if isinstance(v, tuple) else v!r}" for k, v in value)
                + "}"
            )
        elif isinstance(value, tuple):
            shown = repr(list(value))
        else:
            shown = repr(value)
        lines.append(f"{name.replace('_', '-')} = {shown}")
    for key, value in sorted((settings.extra or {}).items()):
        lines.append(f"{key.replace('_', '-')} = {value!r}")
    return "\n".join(lines)
