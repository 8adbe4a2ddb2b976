"""Resolved settings for one lint run: which rules, how severe, which profile.

A plain frozen dataclass so that it pickles to worker processes cheaply.
Discovery and validation of configuration files live in :mod:`contractlint.config`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    """What to check and how, resolved from configuration files and the command line."""

    select: tuple[str, ...] = ("ALL",)  # codes, prefixes (CL6) or ALL
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes)
    severity: tuple[tuple[str, str], ...] = ()  # (code or prefix, error|warning|info)
    profile: str | None = None  # None: from the contract's type or title
    packs: tuple[str, ...] = ()  # extra rule pack paths
    exclude: tuple[str, ...] = ()
    message_language: str | None = None  # None: the contract's language
    config_path: str | None = None  # where these came from, for --show-settings
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


DEFAULT_SETTINGS = Settings()
