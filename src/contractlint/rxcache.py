"""Compiled regular expressions kept across runs, for a fast start.

Python compiles a pattern anew in every process, and the rules' fixed patterns
(CJK ranges such as ``[\\u4e00-\\u9fff]`` are slow to compile) cost a small
``contractlint check`` about 15 ms. :func:`compile` keeps the compiler's
output (the ``_sre`` code words and group names) in a JSON file in the user
cache, keyed by the interpreter's regex engine, and builds the pattern object
from it on later runs. The object is the one ``re.compile`` returns (equal
pattern, flags and code). Any problem with the cache falls back to
``re.compile``. Only the package's own fixed patterns go through here, never
text from a contract or a user's rule pack.
"""

from __future__ import annotations

import binascii
import json
import os
import re
import sys
import threading
import zlib
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

try:  # CPython's compiler internals; without them, plain re.compile
    import _sre
    from re import _compiler, _parser

    _TYPECODE = next(t for t in "IL" if array(t).itemsize == _sre.CODESIZE)
    # The exact interpreter: a patch release may change the compiler's output
    # without changing MAGIC, and every virtual environment shares the cache.
    _ENGINE = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}"
except (ImportError, AttributeError, StopIteration):  # pragma: no cover - other interpreters
    _TYPECODE = "I"
    _ENGINE = ""

_MAX_ENTRIES = 1000
_MAX_WARMED = 200  # patterns remembered per group for warmed(); beyond, stop recording
_GROUP = (
    "@"  # prefix of a group's entry: a list of pattern keys (a pattern key starts with a digit)
)
_FORMAT = 4  # entry layout; part of the file name (4: groups for warmed())
_entries: dict[str, list[Any]] | None = None
_warming = threading.Lock()  # one thread at a time seeds and records re's cache
_dirty = False


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the cross-run cache when it has the pattern."""
    if not _ENGINE:
        return re.compile(pattern, flags)
    entries = _load()
    key = f"{int(flags)}:{pattern}"
    entry = entries.get(key)
    if entry is not None:
        try:
            return _make(pattern, entry)
        except Exception:  # a bad entry or other internals: compile normally
            entries.pop(key, None)
    try:
        entry = _build(pattern, int(flags))
        compiled = _make(pattern, entry)
    except Exception:  # a bad entry or other internals: compile normally
        return re.compile(pattern, flags)
    _remember(key, entry)
    return compiled


@contextmanager
def warmed(group: str) -> Iterator[None]:
    """Run code that calls ``re`` itself with the patterns it compiled last time ready.

    Lark compiles its lexer's terminals with ``re.compile`` on every start
    (about 5 ms for our grammar). Inside this block ``re``'s own in-process
    cache is first given the patterns compiled inside the same block on earlier
    runs, built from the cache file like :func:`compile`'s; patterns compiled
    here that it lacked are remembered for next time. Only the package's fixed
    grammar and patterns should run inside: text-dependent patterns would only
    fill the group (it stops growing at ``_MAX_WARMED``).
    """
    live = getattr(re, "_cache", None)
    if not _ENGINE or not isinstance(live, dict) or not _warming.acquire(blocking=False):
        yield  # another thread is warming: this one runs as plain re would
        return
    try:
        entries = _load()
        name = _GROUP + group
        keys = entries.get(name)
        keys = keys if isinstance(keys, list) else []
        _seed(live, entries, keys)
        before = _slots(live)
        try:
            yield
        finally:
            after = _slots(live)
            if before is not None and after is not None:
                _record(after, set(before), entries, name, keys)
    finally:
        _warming.release()


def _slots(live: dict[Any, Any]) -> list[Any] | None:
    """The keys of ``re``'s cache, or None if another thread changed it meanwhile."""
    try:
        return list(live)
    except RuntimeError:
        return None


def _seed(live: dict[Any, Any], entries: dict[str, Any], keys: list[str]) -> None:
    for key in keys:
        entry = entries.get(key)
        flags_text, _, pattern = key.partition(":")
        slot = (str, pattern, int(flags_text)) if flags_text.isdigit() else None
        if entry is None or slot is None or slot in live:
            continue
        try:
            live[slot] = _make(pattern, entry)
        except Exception:  # a bad entry: re compiles this one itself
            entries.pop(key, None)


def _record(
    after: list[Any], before: set[Any], entries: dict[str, Any], name: str, keys: list[str]
) -> None:
    fresh = [slot for slot in after if slot not in before and slot[0] is str]
    if not fresh or len(keys) >= _MAX_WARMED:
        return
    for _kind, pattern, flags in fresh[: _MAX_WARMED - len(keys)]:
        key = f"{int(flags)}:{pattern}"
        try:
            if key not in entries:
                _remember(key, _build(pattern, int(flags)))
            keys.append(key)
        except Exception:  # internals we cannot read: leave this one to re
            continue
    _remember(name, keys)


def _build(pattern: str, flags: int) -> list[Any]:
    parsed = _parser.parse(pattern, flags)
    words = array(_TYPECODE, _compiler._code(parsed, flags)).tobytes()
    code = binascii.b2a_base64(zlib.compress(words), newline=False).decode("ascii")
    return [flags | parsed.state.flags, code, parsed.state.groups, parsed.state.groupdict]


def _make(pattern: str, entry: list[Any]) -> re.Pattern[str]:
    flags, code, groups, groupindex = entry
    # zlib and base64: the code words of CJK character sets are long and repetitive,
    # and JSON reads one short string far faster than thousands of numbers
    words = array(_TYPECODE, zlib.decompress(binascii.a2b_base64(code))).tolist()
    indexgroup: list[str | None] = [None] * groups
    for name, number in groupindex.items():
        indexgroup[number] = name
    return _sre.compile(pattern, flags, words, groups - 1, dict(groupindex), tuple(indexgroup))


def _path() -> str | None:
    from contractlint.resources import cache_dir

    folder = cache_dir()
    return None if folder is None else os.path.join(folder, f"regex-{_ENGINE}-{_FORMAT}.json")


def _load() -> dict[str, list[Any]]:
    global _entries
    if _entries is None:
        _entries = {}
        path = _path()
        if path is not None:
            try:
                with open(path, encoding="utf-8") as handle:
                    data = json.load(handle)
                if isinstance(data, dict):
                    _entries = data
            except (OSError, ValueError):
                pass
    return _entries


def _remember(key: str, entry: list[Any]) -> None:  # a pattern's entry or a group's keys
    global _dirty
    entries = _load()
    if len(entries) >= _MAX_ENTRIES:
        entries.clear()  # patterns of old versions pile up: start afresh
    entries[key] = entry
    if not _dirty:
        _dirty = True
        import atexit

        atexit.register(save)


def save() -> None:
    """Write the cache if this process compiled a pattern it did not have."""
    global _dirty
    if not _dirty or _entries is None:
        return
    _dirty = False
    path = _path()
    if path is None:
        return
    try:
        tmp = f"{os.fspath(path)}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(_entries, ensure_ascii=False))
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        pass
