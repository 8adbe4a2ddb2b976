"""One linted version of an open document, and the settings that apply to it.

The server keeps the latest :class:`Analysis` per document; every feature
(diagnostics, hover, actions, symbols, completion) reads it instead of
re-linting. No pygls here.
"""

from __future__ import annotations

import gc
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from contractlint.diagnostic import Diagnostic
from contractlint.lsp.positions import TextPositions
from contractlint.model import Document
from contractlint.settings import DEFAULT_SETTINGS, Settings

log = logging.getLogger(__name__)

SYNTAX_CODE = "CL001"


def uri_to_path(uri: str) -> str | None:
    """The local file path of a ``file:`` URI, or None (untitled buffers and the like)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if len(path) >= 3 and path[0] == "/" and path[2] == ":":  # file:///C:/… on Windows
        path = path[1:]
    return path


@dataclass(slots=True)
class Analysis:
    uri: str
    version: int | None
    positions: TextPositions
    document: Document
    diagnostics: list[Diagnostic]
    settings: Settings
    path: str
    seconds: float = 0.0  # wall time of the lint
    cpu_seconds: float = 0.0  # CPU time of the lint (the same on a busy machine)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.positions.text

    def offset_at(self, line: int, character: int) -> int:
        """Offset into ``document.text`` of a client position."""
        return self.document.index.offset(*self.positions.from_client(line, character))

    def newline(self) -> str:
        """The document's own line break, for text that fixes insert."""
        from contractlint.decode import detect_newline

        return detect_newline(self.positions.text[:20000])


class SettingsResolver:
    """The command line's configuration for a file's folder, cached per folder.

    Uses ``contractlint.config.settings_for(path)`` when the configuration
    module provides it; if it is missing or fails, the defaults apply and the
    reason is kept in :attr:`problems` for the server to show once.
    """

    def __init__(self, ttl: float = 2.0) -> None:
        self.ttl = ttl
        self._cache: dict[str, tuple[float, Settings]] = {}
        self.problems: dict[str, str] = {}

    def clear(self) -> None:
        self._cache.clear()

    def settings_for(self, path: str | None, root: str | None = None) -> Settings:
        target = path or (str(Path(root) / "untitled.contract") if root else None)
        if target is None:
            return DEFAULT_SETTINGS
        folder = str(Path(target).parent)
        now = time.monotonic()
        cached = self._cache.get(folder)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        settings = self._load(target)
        self._cache[folder] = (now, settings)
        return settings

    def _load(self, target: str) -> Settings:
        """Ask :mod:`contractlint.config` as ``contractlint check`` would for this file."""
        folder = str(Path(target).parent)
        try:
            from contractlint import config

            function = getattr(config, "settings_for", None)
            if function is not None:
                settings = function(Path(target))
            else:
                settings = config.Resolver(cwd=Path(folder)).for_path(target)
        except Exception as error:  # a bad config file must not stop the server
            self.problems[folder] = str(error)
            log.warning("configuration for %s: %s", folder, error)
            return DEFAULT_SETTINGS
        self.problems.pop(folder, None)
        return settings if isinstance(settings, Settings) else DEFAULT_SETTINGS


def analyze(
    uri: str,
    version: int | None,
    text: str,
    encoding: str,
    settings: Settings,
) -> Analysis:
    """Lint one version of a document as ``contractlint check`` lints the file.

    Never raises: a crash becomes one finding.
    """
    path = uri_to_path(uri) or uri
    positions = TextPositions(text, encoding)
    started, started_cpu = time.perf_counter(), time.process_time()
    # A lint allocates hundreds of thousands of short-lived objects; collecting
    # while it runs costs 5-10 % and frees nothing, so collect after it instead.
    collecting = gc.isenabled()
    gc.disable()
    try:
        document, diagnostics = lint_like_the_cli(text, path, settings)
    except Exception as error:  # the linter must never take the editor down with it
        log.exception("linting %s failed", uri)
        document, diagnostics = _crashed(text, path, error)
    finally:
        if collecting:
            gc.enable()
    return Analysis(
        uri=uri,
        version=version,
        positions=positions,
        document=document,
        diagnostics=diagnostics,
        settings=settings,
        path=path,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - started_cpu,
    )


DRAFT_SUFFIXES = (".md", ".markdown", ".txt")


def lint_like_the_cli(
    text: str, path: str, settings: Settings
) -> tuple[Document, list[Diagnostic]]:
    """The command line's steps for one file (see ``runner.lint_path`` and ``_lint_one``):
    Markdown and plain-text drafts through the draft readers, contracts through
    the parser; per-file ignores applied to the result, not inside the lint."""
    from dataclasses import replace

    from contractlint.lint import lint_with_document

    lint_settings = (
        replace(settings, per_file_ignores=()) if settings.per_file_ignores else settings
    )
    if path.lower().endswith(DRAFT_SUFFIXES):
        from contractlint.readers import lint_draft

        document, diagnostics = lint_draft(
            path, lint_settings, data=text.encode("utf-8", "surrogatepass"), display=path
        )
    else:
        document, diagnostics = lint_with_document(text, path, lint_settings)
    if settings.per_file_ignores and diagnostics:
        from contractlint.config import ignored_for_path

        off = ignored_for_path(settings, path, {d.code for d in diagnostics})
        diagnostics = [d for d in diagnostics if d.code not in off]
    return document, diagnostics


def _crashed(text: str, path: str, error: Exception) -> tuple[Document, list[Diagnostic]]:
    """The parse alone (syntax errors, outline) plus one finding saying what failed.

    A broken rule pack or configuration raises inside the rules; the editor
    should still show the syntax errors and say, once, where the problem is.
    """
    from contractlint.decode import normalize_newlines
    from contractlint.diagnostic import Severity

    normalised = normalize_newlines(text.removeprefix("\ufeff"))
    try:
        from contractlint.parse import parse

        result = parse(normalised, path)
        document, diagnostics = result.document, list(result.diagnostics)
    except Exception:
        log.exception("parsing %s failed", path)
        document, diagnostics = Document(text=normalised, path=path), []
    first_line = normalised.find("\n")
    span = document.index.span(0, len(normalised) if first_line == -1 else first_line)
    reason = str(error) if isinstance(error, ValueError) else f"{type(error).__name__}: {error}"
    message = f"contractlint could not run its rules on this file: {reason}"
    diagnostics.insert(
        0, Diagnostic("CL000", "internal-error", Severity.ERROR, message, span, path=path)
    )
    return document, diagnostics
