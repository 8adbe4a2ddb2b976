"""contractlint: a linter for contracts.

The public entry point is :func:`lint`, a pure function from text to diagnostics.
It is imported lazily so that ``contractlint --version`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "lint"]

if TYPE_CHECKING:
    from contractlint.lint import lint as lint


def __getattr__(name: str) -> Any:
    if name == "lint":
        from contractlint.lint import lint

        return lint
    raise AttributeError(name)
