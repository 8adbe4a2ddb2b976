"""Where the packaged data lives: the grammar, the rule packs, the user cache.

In a wheel the grammar and rules are installed inside the package
(``contractlint/grammar``, ``contractlint/rules``); in a source checkout they
are the repository's top-level ``grammar/`` and ``rules/`` folders.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / name


def grammar_path() -> Path:
    return _data_dir("grammar") / "contract.lark"


def rules_dir() -> Path:
    return _data_dir("rules")


@lru_cache(maxsize=1)
def cache_dir() -> Path | None:
    """A per-user cache folder for built grammar tables and compiled packs.

    ``CONTRACTLINT_CACHE_DIR`` wins, then ``XDG_CACHE_HOME``, then ``~/.cache``.
    Returns None when no writable folder can be had; callers then run uncached.
    """
    from contractlint import __version__

    base = os.environ.get("CONTRACTLINT_CACHE_DIR")
    if base:
        root = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = Path(xdg) if xdg else Path.home() / ".cache"
        root = root / "contractlint"
    folder = root / __version__
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
