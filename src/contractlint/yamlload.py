"""Safe YAML loading for rule packs and tables, with a JSON cache.

``yaml.safe_load`` already refuses Python object tags; on top of that, aliases
(``*name``) are refused outright, which makes "billion laughs" documents
impossible. Parsed data is cached as JSON (keyed by path, size and mtime) so
that a warm run does not import PyYAML at all.
"""

from __future__ import annotations

import os
from typing import Any

from contractlint import filecache


class YamlError(ValueError):
    """A YAML file that cannot be used; the message names the file and line."""


def load_yaml(path: str | os.PathLike[str]) -> Any:
    read_stamp = filecache.stamp(path)
    cached = filecache.get("yaml", path)
    if cached is not filecache.MISS:
        return cached
    with open(path, encoding="utf-8") as handle:
        data = parse_yaml(handle.read(), os.fspath(path))
    filecache.put("yaml", path, data, read_stamp)
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
