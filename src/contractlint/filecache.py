"""What was read from a file, kept as JSON in the user cache until the file changes.

Some inputs are read by code that is slow to import: the YAML tables need
PyYAML, a configuration file needs tomllib and pydantic (about 90 ms of a
command-line start). A warm run reads the JSON instead. An entry is keyed by
a namespace and the file's resolved path, size and modification time; it also
records the same stamps of any files its value depends on (a configuration's
rule packs), and is a miss as soon as one of them differs. Anything unreadable
is a miss; an unwritable cache only costs speed.
"""

from __future__ import annotations

import json
import os
from typing import Any

from contractlint import digest
from contractlint.resources import cache_dir

MISS = object()


def stamp(path: str | os.PathLike[str]) -> list[int] | None:
    """The file's size and modification time (None if it cannot be read), to take
    *before* reading it."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def get(namespace: str, path: str | os.PathLike[str]) -> Any:
    """The cached value for ``path``, or :data:`MISS`."""
    entry_path = _entry_path(namespace, path, stamp(path))
    if entry_path is None:
        return MISS
    try:
        with open(entry_path, encoding="utf-8") as handle:
            entry = json.load(handle)
        if any(stamp(dep) != dep_stamp for dep, dep_stamp in entry["depends"]):
            return MISS
        return entry["value"]
    except (OSError, ValueError, KeyError, TypeError):
        return MISS


def put(
    namespace: str,
    path: str | os.PathLike[str],
    value: Any,
    read_stamp: list[int] | None,
    depends: tuple[str, ...] = (),
) -> None:
    """Remember ``value``, read from ``path`` when it had ``read_stamp`` (see :func:`stamp`).

    Nothing is kept if the file changed since: the value would be filed under
    the new contents' stamp. It stays valid while ``depends`` are unchanged.
    """
    if read_stamp is None or stamp(path) != read_stamp:
        return
    entry_path = _entry_path(namespace, path, read_stamp)
    if entry_path is None:
        return
    entry = {"value": value, "depends": [[dep, stamp(dep)] for dep in depends]}
    tmp = f"{entry_path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(entry_path), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(entry, handle, ensure_ascii=False)
        os.replace(tmp, entry_path)
    except (OSError, TypeError, ValueError):
        _discard(tmp)


def _discard(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def _entry_path(
    namespace: str, path: str | os.PathLike[str], file_stamp: list[int] | None
) -> str | None:
    folder = cache_dir()
    if folder is None or file_stamp is None:
        return None
    resolved = os.path.realpath(path)
    key = digest.new(f"{resolved}|{file_stamp[0]}|{file_stamp[1]}".encode()).hexdigest()[:32]
    return os.path.join(folder, namespace, f"{key}.json")
