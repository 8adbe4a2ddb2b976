"""Safe YAML loading for rule packs and tables, with a JSON cache.

``yaml.safe_load`` already refuses Python object tags; on top of that, aliases
(``*name``) are refused outright, which makes "billion laughs" documents
impossible. Parsed data is cached as JSON (keyed by path, size and mtime) so
that a warm run does not import PyYAML at all.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from contractlint import digest
from contractlint.resources import cache_dir


class YamlError(ValueError):
    """A YAML file that cannot be used; the message names the file and line."""


def load_yaml(path: Path) -> Any:
    key = _cache_key(path)
    cache_file = _cache_file(key) if key else None
    if cache_file is not None:
        try:
            with open(cache_file, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            pass
    data = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    if cache_file is not None:
        try:
            tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, cache_file)
        except (OSError, TypeError, ValueError):
            pass
    return data


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text safely; raise :class:`YamlError` naming ``name`` and the line."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise YamlError(f"{name}:{line}: YAML aliases (*{event.anchor}) are not allowed")
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else "?"
        raise YamlError(f"{name}:{line}: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise YamlError(f"{name}: {error}") from None


def _cache_key(path: Path) -> str | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    raw = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return digest.new(raw.encode()).hexdigest()[:32]


def _cache_file(key: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    sub = folder / "yaml"
    try:
        sub.mkdir(exist_ok=True)
    except OSError:
        return None
    return sub / f"{key}.json"
