"""Output formats. Each lives in its own module and is imported only when chosen.

``render(name, context)`` returns the whole report as text; the CLI writes it to
standard output or to ``--output-file``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from contractlint.diagnostic import Diagnostic, Severity
from contractlint.runner import FileResult

# name -> "module:function"; the function takes a ReportContext and returns text.
FORMATS: dict[str, str] = {
    "full": "contractlint.report.text:render_full",
    "concise": "contractlint.report.text:render_concise",
    "json": "contractlint.report.jsonfmt:render_json",
    "json-lines": "contractlint.report.jsonfmt:render_json_lines",
    "sarif": "contractlint.report.sarif:render_sarif",
    "github": "contractlint.report.ci:render_github",
    "gitlab": "contractlint.report.ci:render_gitlab",
    "junit": "contractlint.report.junit:render_junit",
}
TEXT_FORMATS = frozenset({"full", "concise"})


def repository_root(start: str | None = None) -> str:
    """The enclosing git work tree (where code scanning resolves URIs), else the cwd."""
    here = os.path.abspath(start or os.getcwd())
    folder = here
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return here
        folder = parent


@dataclass
class ReportContext:
    results: list[FileResult]
    color: bool = False
    language: str | None = None  # message language asked for (rule texts in SARIF)
    root: str = field(default_factory=repository_root)  # SARIF/CI paths are relative to it
    _sources: dict[str, str | None] = field(default_factory=dict)

    def diagnostics(self) -> Iterator[tuple[FileResult, Diagnostic]]:
        for result in self.results:
            for diagnostic in result.diagnostics:
                yield result, diagnostic

    def source(self, result: FileResult) -> str | None:
        """The text a result's spans point into (re-read on demand, cached)."""
        if result.text is not None:
            return result.text
        if result.path not in self._sources:
            from contractlint.runner import read_document_text

            try:
                self._sources[result.path] = read_document_text(result.path)
            except Exception:
                self._sources[result.path] = None
        return self._sources[result.path]

    def relpath(self, path: str) -> str:
        from contractlint.baseline import relative_path

        return relative_path(path, self.root)

    def fingerprints(self, result: FileResult) -> list[str]:
        from contractlint.baseline import result_fingerprints

        return result_fingerprints(result, self.root)


def get_renderer(name: str) -> Callable[[ReportContext], str]:
    module_name, attribute = FORMATS[name].split(":")
    return getattr(importlib.import_module(module_name), attribute)


def render(name: str, context: ReportContext) -> str:
    return get_renderer(name)(context)


def location(diagnostic: Diagnostic) -> dict[str, dict[str, int]]:
    span = diagnostic.span
    return {
        "location": {"row": span.start_line, "column": span.start_col},
        "end_location": {"row": span.end_line, "column": span.end_col},
    }


def rule_meta(code: str) -> Any | None:
    """The engine's rule object for ``code`` (None when unknown or not loaded)."""
    from contractlint.packs import find_rule

    return find_rule(code)


def localized(value: Any, language: str | None) -> str | None:
    """A ``{"en": …, "zh": …}`` text in ``language`` (else English, else any)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        for key in (language, "en", "zh"):
            if key and value.get(key):
                return str(value[key])
        for text in value.values():
            if text:
                return str(text)
    return None


def rule_url(code: str) -> str | None:
    rule = rule_meta(code)
    url = getattr(rule, "url", None) if rule is not None else None
    return str(url) if url else None


SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
