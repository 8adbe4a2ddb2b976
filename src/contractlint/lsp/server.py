"""The contractlint language server (pygls 2 + lsprotocol) over standard input and output.

Documents are kept here, not in pygls's workspace: the text exactly as the
client holds it, with changes applied by :mod:`contractlint.lsp.positions`
(whose line breaks are the LSP's: CR, LF, CRLF). Each version is linted once
into an :class:`~contractlint.lsp.analysis.Analysis` that every feature reads.

Changes are debounced with a leading edge: a change after a pause in typing is
linted at once (so a single edit costs only the lint); changes that follow one
another within ``debounce`` seconds are coalesced into one lint of the latest
text, ``debounce`` after the last of them. A document whose text is the same as
the last one linted (an undo, a save) is not linted again.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from contractlint import __version__
from contractlint.lsp.analysis import (
    DRAFT_SUFFIXES,
    Analysis,
    SettingsResolver,
    analyze,
    uri_to_path,
)
from contractlint.lsp.convert import diagnostic_json, to_lsp_range
from contractlint.lsp.positions import UTF16, TextPositions, normalize_encoding

log = logging.getLogger(__name__)

DEFAULT_DEBOUNCE = 0.1  # seconds of quiet after a burst of changes before linting
MAX_WAIT = 1.0  # while typing without a pause, lint at least this often


T = TypeVar("T")


class ContractProtocol(LanguageServerProtocol):
    """pygls's protocol, except that a change pygls's own document copy cannot apply
    (a range it cannot map) no longer stops ours from being updated."""

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        for change in params.content_changes:
            try:
                self.workspace.update_text_document(params.text_document, change)
            except Exception as error:  # pygls's copy is unused; ours is authoritative
                log.debug("pygls could not apply a change: %s", error)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None


class Buffer:
    """An open document: the client's text and version."""

    __slots__ = ("text", "version")

    def __init__(self, text: str, version: int | None) -> None:
        self.text = text
        self.version = version


class ContractServer(LanguageServer):
    def __init__(self, debounce: float = DEFAULT_DEBOUNCE) -> None:
        super().__init__(
            "contractlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=ContractProtocol,
        )
        self.debounce = debounce
        self.drafts = True  # lint .md/.markdown/.txt drafts too (initialization option)
        self.buffers: dict[str, Buffer] = {}
        self.analyses: dict[str, Analysis] = {}
        self.resolver = SettingsResolver()
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self._last_lint: dict[str, float] = {}
        self._burst_start: dict[str, float] = {}  # first change not yet linted
        self._reported_problems: dict[str, str] = {}

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log instead of popping a dialog at the lawyer for every glitch."""
        log.error("server error (%s): %s", getattr(source, "__name__", source), error)

    # -- documents ---------------------------------------------------------------

    @property
    def encoding(self) -> str:
        try:
            return normalize_encoding(self.workspace.position_encoding)
        except Exception:  # before initialize
            return UTF16

    def open(self, uri: str, text: str, version: int | None) -> None:
        self.buffers[uri] = Buffer(text, version)
        self.lint_and_publish(uri)

    def change(self, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        buffer = self.buffers.get(uri)
        if buffer is None:  # a client bug: changes to a document it never opened
            log.warning("ignoring a change to %s, which is not open", uri)
            return
        text = buffer.text
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                positions = TextPositions(text, self.encoding)
                start, end = change.range.start, change.range.end
                text = positions.apply_change(
                    (start.line, start.character), (end.line, end.character), change.text
                )
            else:
                text = change.text
        buffer.text = text
        buffer.version = params.text_document.version
        self.schedule(uri)

    def close(self, uri: str) -> None:
        self.buffers.pop(uri, None)
        self.analyses.pop(uri, None)
        self._last_lint.pop(uri, None)
        self._burst_start.pop(uri, None)
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    # -- linting -----------------------------------------------------------------

    def schedule(self, uri: str) -> None:
        """Lint at once after a pause; during a burst, ``debounce`` after the last change.

        "A pause" means no lint of this document finished within the last
        ``debounce`` seconds and none is pending. Time since the previous
        *change* would not do: while a lint blocks the loop, the keystrokes
        typed meanwhile are read afterwards, seemingly far apart, and each
        would start another full lint. While typing goes on without a pause,
        the document is still linted every ``MAX_WAIT`` seconds.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.lint_and_publish(uri)
            return
        now = time.monotonic()
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        else:
            self._burst_start[uri] = now
        last_lint = self._last_lint.get(uri, float("-inf"))
        paused = pending is None and now - last_lint >= self.debounce
        starved = now - self._burst_start.get(uri, now) >= MAX_WAIT
        if starved:
            self._burst_start[uri] = now
        delay = 0.0 if paused or starved else self.debounce
        self._pending[uri] = loop.call_later(delay, self._run_pending, uri)

    def _run_pending(self, uri: str) -> None:
        self._pending.pop(uri, None)
        if uri in self.buffers:
            self.lint_and_publish(uri)

    def current(self, uri: str) -> Analysis | None:
        """The analysis of the document's latest text (linted now if it is stale)."""
        buffer = self.buffers.get(uri)
        if buffer is None:
            return None
        analysis = self.analyses.get(uri)
        if analysis is None or analysis.version != buffer.version or analysis.text != buffer.text:
            pending = self._pending.pop(uri, None)
            if pending is not None:
                pending.cancel()
            analysis = self.lint_and_publish(uri)
        return analysis

    def lints(self, uri: str) -> bool:
        """Whether this document is ours: everything, except Markdown and text
        files when the editor said ``{"drafts": false}`` (a workspace whose
        README files are not contracts)."""
        if self.drafts:
            return True
        return not (uri_to_path(uri) or uri).lower().endswith(DRAFT_SUFFIXES)

    def lint_and_publish(self, uri: str) -> Analysis | None:
        buffer = self.buffers.get(uri)
        if buffer is None:
            return None
        if not self.lints(uri):
            self.publish(uri, buffer.version, [])
            return None
        path = uri_to_path(uri)
        root = uri_to_path(self.workspace.root_uri or "") if self._has_workspace() else None
        settings = self.resolver.settings_for(path, root)
        self._show_config_problems()
        previous = self.analyses.get(uri)
        if (
            previous is not None
            and previous.settings == settings
            and previous.positions.encoding == self.encoding
            and previous.text == buffer.text
        ):
            analysis = previous  # an undo back to linted text, a save without changes
            analysis.version = buffer.version
        else:
            analysis = analyze(uri, buffer.version, buffer.text, self.encoding, settings)
        self.analyses[uri] = analysis
        self._last_lint[uri] = time.monotonic()
        self.publish(
            uri, buffer.version, [diagnostic_json(d, analysis) for d in analysis.diagnostics]
        )
        log.debug(
            "linted %s v%s: %.1f ms wall, %.1f ms CPU",
            uri,
            buffer.version,
            analysis.seconds * 1000,
            analysis.cpu_seconds * 1000,
        )
        return analysis

    def publish(self, uri: str, version: int | None, items: list[dict[str, Any]]) -> None:
        """Send diagnostics already in JSON form.

        Building lsprotocol objects and unstructuring them with cattrs cost
        20-30 ms for a hundred findings, a quarter of the latency budget; the
        plain dicts below are the same JSON for a fraction of that.
        """
        params: dict[str, Any] = {"uri": uri, "diagnostics": items}
        if version is not None:
            params["version"] = version
        send = getattr(self.protocol, "_send_data", None)
        if send is None:  # a future pygls without the private sender: the typed way
            converter = self.protocol._converter
            self.text_document_publish_diagnostics(
                converter.structure(params, types.PublishDiagnosticsParams)
            )
            return
        send(
            {"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, "params": params}
        )

    def relint_all(self) -> None:
        self.resolver.clear()
        for uri in list(self.buffers):
            self.lint_and_publish(uri)

    def _has_workspace(self) -> bool:
        try:
            return self.workspace is not None
        except Exception:
            return False

    def _show_config_problems(self) -> None:
        for folder, problem in list(self.resolver.problems.items()):
            if self._reported_problems.get(folder) == problem:
                continue  # shown once; shown again only if it changes
            self._reported_problems[folder] = problem
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Warning,
                    message=f"contractlint: {problem} (using the default settings)",
                )
            )


def _guard(default: T) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Turn an exception in a feature into a logged error and an empty answer."""

    def wrap(function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)  # keeps the `ls` parameter that pygls looks for
        def guarded(*args: Any) -> T:
            try:
                return function(*args)
            except Exception:
                log.exception("%s failed", function.__name__)
                return default

        return guarded

    return wrap


CONFIG_GLOBS = ("**/.contractlint.toml", "**/contractlint.toml", "**/pyproject.toml")


def _watch_configuration(ls: ContractServer) -> None:
    """Ask the client to tell us when a configuration file changes on disk (if it can)."""
    from pygls.capabilities import get_capability

    if not get_capability(
        ls.client_capabilities, "workspace.did_change_watched_files.dynamic_registration", False
    ):
        return
    registration = types.Registration(
        id="contractlint-configuration",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in CONFIG_GLOBS]
        ),
    )

    def done(result: Any) -> None:
        if isinstance(result, BaseException):
            log.info("the client did not register file watchers: %s", result)

    try:
        future = ls.client_register_capability(
            types.RegistrationParams(registrations=[registration])
        )
        future.add_done_callback(lambda f: done(f.exception()) if f.exception() else None)
    except Exception as error:  # not worth failing the session over
        log.info("could not register file watchers: %s", error)


def build_server(debounce: float = DEFAULT_DEBOUNCE) -> ContractServer:
    """A server with every feature registered (a fresh one per call, for tests)."""
    from contractlint.lsp import actions, completion, hover, navigate, symbols, tokens

    server = ContractServer(debounce)

    @server.feature(types.INITIALIZE)
    @_guard(None)
    def initialize(ls: ContractServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounceMs"), int | float):
            ls.debounce = max(0.0, float(options["debounceMs"]) / 1000)
        if isinstance(options, dict) and isinstance(options.get("drafts"), bool):
            ls.drafts = options["drafts"]

    @server.feature(types.INITIALIZED)
    @_guard(None)
    def initialized(ls: ContractServer, params: types.InitializedParams) -> None:
        # Load the grammar and rule packs now, not on the first keystroke; then
        # move everything loaded so far out of the garbage collector's sight, so
        # that the collections a lint triggers do not re-scan the grammar tables.
        root = uri_to_path(ls.workspace.root_uri or "") if ls.workspace.root_uri else None
        analyze(
            "untitled:warmup", None, "# 1 x\n", ls.encoding, ls.resolver.settings_for(None, root)
        )
        gc.collect()
        gc.freeze()
        _watch_configuration(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_guard(None)
    def did_open(ls: ContractServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.open(item.uri, item.text, item.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_guard(None)
    def did_change(ls: ContractServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.change(params)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=True))
    @_guard(None)
    def did_save(ls: ContractServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.resolver.clear()  # a configuration file may have been saved with it
        buffer = ls.buffers.get(uri)
        if buffer is None:
            return
        if params.text is not None:
            buffer.text = params.text
        pending = ls._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.lint_and_publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_guard(None)
    def did_close(ls: ContractServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.close(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @_guard(None)
    def did_change_configuration(
        ls: ContractServer, params: types.DidChangeConfigurationParams
    ) -> None:
        ls.relint_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @_guard(None)
    def did_change_watched_files(
        ls: ContractServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_guard(None)
    def on_hover(ls: ContractServer, params: types.HoverParams) -> types.Hover | None:
        analysis = ls.current(params.text_document.uri)
        if analysis is None:
            return None
        offset = analysis.offset_at(params.position.line, params.position.character)
        found = hover.hover_at(analysis, offset)
        if found is None:
            return None
        markdown, span = found
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
            range=to_lsp_range(analysis, span),
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL],
            resolve_provider=False,
        ),
    )
    @_guard([])
    def on_code_action(
        ls: ContractServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        analysis = ls.current(params.text_document.uri)
        if analysis is None:
            return []
        return actions.code_actions(analysis, params)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @_guard([])
    def on_document_symbol(
        ls: ContractServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol]:
        analysis = ls.current(params.text_document.uri)
        if analysis is None:
            return []
        return symbols.document_symbols(analysis)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @_guard(None)
    def on_definition(ls: ContractServer, params: types.DefinitionParams) -> types.Location | None:
        analysis = ls.current(params.text_document.uri)
        if analysis is None:
            return None
        offset = analysis.offset_at(params.position.line, params.position.character)
        span = navigate.target_at(analysis.document, offset)
        if span is None:
            return None
        return types.Location(uri=analysis.uri, range=to_lsp_range(analysis, span))

    @server.feature(
        types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
        types.SemanticTokensLegend(
            token_types=list(tokens.TOKEN_TYPES), token_modifiers=list(tokens.TOKEN_MODIFIERS)
        ),
    )
    @_guard(None)
    def on_semantic_tokens(
        ls: ContractServer, params: types.SemanticTokensParams
    ) -> types.SemanticTokens | None:
        analysis = ls.current(params.text_document.uri)
        if analysis is None:
            return None
        return types.SemanticTokens(data=tokens.semantic_tokens(analysis))

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @_guard([])
    def on_references(ls: ContractServer, params: types.ReferenceParams) -> list[types.Location]:
        analysis = ls.current(params.text_document.uri)
        if analysis is None:
            return []
        offset = analysis.offset_at(params.position.line, params.position.character)
        spans = navigate.references_at(
            analysis.document, offset, params.context.include_declaration
        )
        return [types.Location(uri=analysis.uri, range=to_lsp_range(analysis, s)) for s in spans]

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=list(completion.TRIGGERS)),
    )
    @_guard(None)
    def on_completion(
        ls: ContractServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        analysis = ls.current(params.text_document.uri)
        if analysis is None:
            return None
        return completion.complete(analysis, params.position.line, params.position.character)

    return server


def serve(debounce: float = DEFAULT_DEBOUNCE) -> None:
    """Serve over standard input and output until the client says exit."""
    build_server(debounce).start_io()
