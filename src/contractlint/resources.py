"""Where the packaged data lives: the grammar, the rule packs, the user cache.

In a wheel the grammar and rules are installed inside the package
(``contractlint/grammar``, ``contractlint/rules``); in a source checkout they
are the repository's top-level ``grammar/`` and ``rules/`` folders.

Paths are plain strings (``os.path``): ``pathlib`` costs a command-line run
about 4 ms to import, and nothing on the ``check`` path needs more than
joining and testing paths.
"""

from __future__ import annotations

import os
from functools import lru_cache

_PACKAGE = os.path.dirname(os.path.realpath(__file__))


def _data_dir(name: str) -> str:
    installed = os.path.join(_PACKAGE, name)
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(os.path.dirname(_PACKAGE)), name)


def package_dir() -> str:
    return _PACKAGE


def grammar_path() -> str:
    return os.path.join(_data_dir("grammar"), "contract.lark")


def rules_dir() -> str:
    return _data_dir("rules")


@lru_cache(maxsize=1)
def cache_dir() -> str | None:
    """A per-user cache folder for built grammar tables and compiled packs.

    ``CONTRACTLINT_CACHE_DIR`` wins, then ``XDG_CACHE_HOME``, then ``~/.cache``.
    Returns None when no writable folder can be had; callers then run uncached.
    """
    from contractlint import __version__

    base = os.environ.get("CONTRACTLINT_CACHE_DIR")
    if base:
        root = base
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = os.path.join(xdg or os.path.join(os.path.expanduser("~"), ".cache"), "contractlint")
    folder = os.path.join(root, __version__)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def keep_newest(folder: str, prefix: str, suffix: str, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` cache files ``prefix*suffix`` in ``folder``.

    Caches keyed by what they were made from gain a file each time that
    changes; this keeps them from piling up. Returns the files deleted.
    """
    try:
        found = [
            os.path.join(folder, name)
            for name in os.listdir(folder)
            if name.startswith(prefix) and name.endswith(suffix)
        ]
        found.sort(key=os.path.getmtime, reverse=True)
    except OSError:  # the folder, or a file, went away meanwhile
        return []
    deleted = []
    for old in found[keep:]:
        try:
            os.remove(old)
            deleted.append(old)
        except OSError:
            continue
    return deleted
