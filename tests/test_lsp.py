"""End to end: the real ``contractlint lsp`` process driven by a pytest-lsp client."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, default_converter, register_lsp_features

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SERVER = [sys.executable, "-m", "contractlint", "lsp", "--debounce-ms", "0"]

# Two folders: in STRICT a configuration file selects only CL001 (syntax
# errors) and CL003 (unused suppressions), so these tests do not change whenever a
# rule is added; FULL has no configuration, so every rule applies.
WORK = Path(tempfile.gettempdir()) / f"contractlint-lsp-test-{os.getpid()}"
STRICT, FULL, BAD = WORK / "strict", WORK / "full", WORK / "bad"
URI = (STRICT / "draft.contract").as_uri()
FULL_URI = (FULL / "draft.contract").as_uri()


@pytest.fixture(scope="module", autouse=True)
def folders():
    STRICT.mkdir(parents=True, exist_ok=True)
    FULL.mkdir(parents=True, exist_ok=True)
    (STRICT / ".contractlint.toml").write_text('select = ["CL001", "CL003"]\n', encoding="utf-8")
    BAD.mkdir(parents=True, exist_ok=True)
    (BAD / ".contractlint.toml").write_text('select = ["CL001"\n', encoding="utf-8")
    yield
    shutil.rmtree(WORK, ignore_errors=True)


# Line 0: a party line with an emoji in its name and stray text after it (CL001).
# Line 2: a heading whose kind tag is not closed (CL001).
BROKEN = 'party 甲方 服务方 "上海😀公司" 多余\n\n## 1 范围 {scope\n'

CONTRACT = """# 售后服务合同

party 甲方 服务方 "上海精机设备有限公司"

party 乙方 客户 "苏州明线制造有限公司"

“设备”是指甲方交付的CX-200数控铣床😀。

<!-- contractlint: disable CL999 -- 测试 -->
## 第一条 服务范围 {scope}
甲方应维护设备，详见第二条。

### 1.1 响应
甲方应在24小时内响应。

## 第二条 争议解决
提交上海仲裁委员会仲裁。
"""


def recording_client() -> LanguageClient:
    """A test client that keeps every publishDiagnostics it receives, in order.

    Waiting for "the next notification" loses one that lands while the test is
    still handling the previous one (pytest-lsp keeps one pending future per
    method); a history read with a cursor cannot miss any.
    """
    client = LanguageClient(converter_factory=default_converter)
    client.published_history = []
    client.published_cursor = 0

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published_history.append(params)

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    register_lsp_features(client, features)
    return client


async def _start(client: LanguageClient, capabilities: types.ClientCapabilities) -> None:
    _accept_registrations(client)
    await client.initialize_session(types.InitializeParams(capabilities=capabilities))


def _accept_registrations(client: LanguageClient) -> None:
    """Answer client/registerCapability as an editor does, and remember what was asked."""
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=recording_client)
)
async def client(lsp_client: LanguageClient):
    await _start(lsp_client, client_capabilities("visual-studio-code"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=recording_client)
)
async def utf8_client(lsp_client: LanguageClient):
    capabilities = client_capabilities("visual-studio-code")
    capabilities.general = types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
    )
    _accept_registrations(lsp_client)
    lsp_client.init_result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities)
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[*SERVER[:-2], "--debounce-ms", "400"], client_factory=recording_client
    )
)
async def slow_client(lsp_client: LanguageClient):
    lsp_client.published_versions = []
    features = lsp_client.protocol.fm.features
    default = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def count(params: types.PublishDiagnosticsParams) -> None:  # record every publication
        lsp_client.published_versions.append(params.version)
        return default(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = count

    await _start(lsp_client, client_capabilities("visual-studio-code"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=recording_client)
)
async def no_drafts_client(lsp_client: LanguageClient):
    _accept_registrations(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            initialization_options={"drafts": False},
        )
    )
    yield
    await lsp_client.shutdown_session()


async def published(client: LanguageClient, uri: str = URI, version: int | None = None) -> Any:
    """The next diagnostics published for ``uri`` (at ``version``, if given)."""
    deadline = asyncio.get_running_loop().time() + 20
    while True:
        history = client.published_history
        while client.published_cursor < len(history):
            params = history[client.published_cursor]
            client.published_cursor += 1
            if params.uri == uri and (version is None or params.version == version):
                return params
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"no diagnostics published for {uri} (version {version})")
        await asyncio.sleep(0.01)


def open_doc(client: LanguageClient, text: str, uri: str = URI, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="contract", version=version, text=text
            )
        )
    )


def change_doc(
    client: LanguageClient,
    version: int,
    text: str,
    range_: types.Range | None = None,
    uri: str = URI,
) -> None:
    change: Any = (
        types.TextDocumentContentChangeWholeDocument(text=text)
        if range_ is None
        else types.TextDocumentContentChangePartial(range=range_, text=text)
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[change],
        )
    )


def rng(sl: int, sc: int, el: int, ec: int) -> types.Range:
    return types.Range(
        start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec)
    )


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def as_tuple(r: types.Range) -> tuple[int, int, int, int]:
    return (r.start.line, r.start.character, r.end.line, r.end.character)


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) the way an editor does: last first."""
    lines = text.split("\n")

    def offset(p: types.Position) -> int:
        line = lines[p.line] if p.line < len(lines) else ""
        before = sum(len(item) + 1 for item in lines[: p.line])
        units = 0
        for index, char in enumerate(line):
            if units >= p.character:
                return before + index
            units += 2 if ord(char) > 0xFFFF else 1
        return before + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
        lines = text.split("\n")
    return text


# ---------------------------------------------------------------------------
# Diagnostics
# ---------------------------------------------------------------------------


async def test_diagnostics_on_open_land_after_the_emoji_in_utf16(client: LanguageClient) -> None:
    open_doc(client, BROKEN)
    params = await published(client)
    found = [(d.code, d.source, d.severity, as_tuple(d.range)) for d in params.diagnostics]
    # "多余" starts at code point 21; the emoji before it is two UTF-16 units.
    assert found == [
        ("CL001", "contractlint", types.DiagnosticSeverity.Error, (0, 22, 0, 24)),
        ("CL001", "contractlint", types.DiagnosticSeverity.Error, (2, 8, 2, 14)),
    ]
    assert "party" in params.diagnostics[0].message


async def test_incremental_changes_fix_the_errors_and_clear_diagnostics(
    client: LanguageClient,
) -> None:
    open_doc(client, BROKEN)
    await published(client, version=1)
    # Delete " 多余" (UTF-16 21..24 on line 0), then close the tag on line 2.
    change_doc(client, 2, "", rng(0, 21, 0, 24))
    change_doc(client, 3, "}", rng(2, 14, 2, 14))
    params = await published(client, version=3)
    assert list(params.diagnostics) == []
    # A full-text change brings one error back.
    change_doc(client, 4, "## 1 范围 {scope\n")
    params = await published(client, version=4)
    assert [(d.code, as_tuple(d.range)) for d in params.diagnostics] == [("CL001", (0, 8, 0, 14))]


async def test_close_clears_and_save_relints(client: LanguageClient) -> None:
    open_doc(client, BROKEN)
    await published(client, version=1)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=URI), text=CONTRACT
        )
    )
    params = await published(client)
    assert [d.code for d in params.diagnostics] == ["CL003"]
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    params = await published(client)
    assert list(params.diagnostics) == []


async def test_crlf_text_and_utf8_negotiation(utf8_client: LanguageClient) -> None:
    result = utf8_client.init_result
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    open_doc(utf8_client, BROKEN.replace("\n", "\r\n"))
    params = await published(utf8_client)
    # In UTF-8 bytes: "party 甲方 服务方 " = 6 + 7 + 10, then "上海😀公司" in quotes = 18.
    start = len('party 甲方 服务方 "上海😀公司" '.encode())
    assert [as_tuple(d.range) for d in params.diagnostics] == [
        (0, start, 0, start + 6),
        (2, len("## 1 范围 ".encode()), 2, len("## 1 范围 {scope".encode())),
    ]
    # An incremental edit in bytes across the CRLF: close the tag.
    end = len("## 1 范围 {scope".encode())
    change_doc(utf8_client, 2, "}", rng(2, end, 2, end))
    params = await published(utf8_client, version=2)
    assert [d.range.start.line for d in params.diagnostics] == [0]


# ---------------------------------------------------------------------------
# Hover, code actions, symbols, definition, completion
# ---------------------------------------------------------------------------


async def test_hover_on_a_finding_a_term_and_a_reference(client: LanguageClient) -> None:
    open_doc(client, CONTRACT)
    await published(client)
    doc = types.TextDocumentIdentifier(uri=URI)

    finding = await client.text_document_hover_async(types.HoverParams(doc, pos(8, 5)))
    assert finding is not None
    assert "CL003" in finding.contents.value
    assert "CL999" in finding.contents.value

    # "设备" in "甲方应维护设备" (line 10) is a use of the defined term.
    line = CONTRACT.split("\n")[10]
    term = await client.text_document_hover_async(
        types.HoverParams(doc, pos(10, line.index("设备") + 1))
    )
    assert term is not None
    assert "CX-200数控铣床" in term.contents.value
    assert as_tuple(term.range) == (10, line.index("设备"), 10, line.index("设备") + 2)

    xref = await client.text_document_hover_async(
        types.HoverParams(doc, pos(10, line.index("第二条") + 1))
    )
    assert xref is not None
    assert "第二条 争议解决" in xref.contents.value

    nothing = await client.text_document_hover_async(types.HoverParams(doc, pos(0, 0)))
    assert nothing is None


async def test_code_action_fix_removes_the_finding(client: LanguageClient) -> None:
    open_doc(client, CONTRACT)
    params = await published(client)
    [diagnostic] = params.diagnostics
    assert diagnostic.code == "CL003"
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    fixes = [a for a in actions if a.edit is not None and a.is_preferred]
    assert len(fixes) == 1
    fixed = apply_edits(CONTRACT, fixes[0].edit.changes[URI])
    assert "CL999" not in fixed
    change_doc(client, 2, fixed)
    params = await published(client, version=2)
    assert list(params.diagnostics) == []


async def test_document_symbols_are_the_nested_clause_outline(client: LanguageClient) -> None:
    open_doc(client, CONTRACT)
    await published(client)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    clauses = [s for s in symbols if s.kind == types.SymbolKind.Namespace]
    assert [s.name for s in clauses] == ["第一条 服务范围", "第二条 争议解决"]
    assert [c.name for c in clauses[0].children] == ["1.1 响应"]
    assert clauses[0].detail == "scope"
    assert clauses[0].selection_range.start.line == 9
    parties = [s.name for s in symbols if s.kind == types.SymbolKind.Object]
    assert parties == ["甲方 上海精机设备有限公司", "乙方 苏州明线制造有限公司"]


async def test_go_to_definition_of_terms_references_and_parties(client: LanguageClient) -> None:
    open_doc(client, CONTRACT)
    await published(client)
    doc = types.TextDocumentIdentifier(uri=URI)
    line = CONTRACT.split("\n")[10]

    term = await client.text_document_definition_async(
        types.DefinitionParams(doc, pos(10, line.index("设备")))
    )
    assert as_tuple(term.range) == (6, 1, 6, 3)  # “设备” on line 6

    xref = await client.text_document_definition_async(
        types.DefinitionParams(doc, pos(10, line.index("第二条") + 2))
    )
    assert xref.range.start.line == 15  # "## 第二条 争议解决"

    party = await client.text_document_definition_async(
        types.DefinitionParams(doc, pos(10, 1))  # 甲方 in prose
    )
    assert as_tuple(party.range) == (2, 6, 2, 8)


async def test_completion_of_kind_tags_parties_and_terms(client: LanguageClient) -> None:
    text = CONTRACT + "\n## 第三条 保密 {conf\n甲\n"
    open_doc(client, text)
    await published(client)
    doc = types.TextDocumentIdentifier(uri=URI)
    lines = text.split("\n")
    tag_line = lines.index("## 第三条 保密 {conf")

    tags = await client.text_document_completion_async(
        types.CompletionParams(doc, pos(tag_line, len(lines[tag_line])))
    )
    labels = [item.label for item in tags.items]
    assert "confidentiality" in labels and "disputes" in labels
    item = next(i for i in tags.items if i.label == "confidentiality")
    assert item.text_edit.new_text == "confidentiality}"
    assert as_tuple(item.text_edit.range) == (tag_line, 11, tag_line, 15)
    # A second kind in the same tag: only the word being typed is replaced.
    change_doc(client, 2, text.replace("{conf\n", "{confidentiality dis\n"))
    await published(client, version=2)
    second = await client.text_document_completion_async(
        types.CompletionParams(doc, pos(tag_line, len("## 第三条 保密 {confidentiality dis")))
    )
    item = next(i for i in second.items if i.label == "disputes")
    assert as_tuple(item.text_edit.range) == (tag_line, 27, tag_line, 30)

    prose = await client.text_document_completion_async(
        types.CompletionParams(doc, pos(tag_line + 1, 1))
    )
    by_label = {item.label: item for item in prose.items}
    assert {"甲方", "乙方", "设备"} <= set(by_label)
    # Typing 甲 offers 甲方 and replaces just the 甲.
    assert as_tuple(by_label["甲方"].text_edit.range) == (tag_line + 1, 0, tag_line + 1, 1)
    assert as_tuple(by_label["设备"].text_edit.range) == (tag_line + 1, 1, tag_line + 1, 1)


# ---------------------------------------------------------------------------
# Robustness
# ---------------------------------------------------------------------------


async def send_raw(client: LanguageClient, body: bytes) -> None:
    """Write one message to the server's standard input, bypassing the client's checks."""
    data = b"Content-Length: %d\r\n\r\n" % len(body) + body
    result = client.protocol.writer.write(data)
    if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
        await result


GARBAGE = (
    "---\ntitle: [\n"  # unclosed front matter
    + "party\n"
    + 'party "\n'
    + "#######\n"
    + "## {{{{}}}}} {\n"
    + "\x00\x01\x02\u2028\u2029\x0c\ufeff\ud800?\n"
    + "😀" * 5000
    + "\n"
    + "# " * 3000
    + "\n"
)


async def test_malformed_requests_and_rejected_documents_do_not_kill_the_server(
    client: LanguageClient,
) -> None:
    open_doc(client, GARBAGE.replace("\ud800", ""))
    params = await published(client)
    assert all(d.source == "contractlint" for d in params.diagnostics)

    # Requests about documents that were never opened, and positions far outside.
    unknown = types.TextDocumentIdentifier(uri="file:///nowhere.contract")
    assert await client.text_document_hover_async(types.HoverParams(unknown, pos(0, 0))) is None
    assert (
        await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri=URI), pos(99999, 99999))
        )
        is None
    )
    # A change whose range lies beyond the end of the document.
    change_doc(client, 2, "x", rng(500, 0, 600, 3))
    await published(client, version=2)

    # A request whose parameters do not fit the protocol, a notification with
    # nonsense in it, a method nobody knows, and a body that is not JSON at all.
    await send_raw(
        client,
        b'{"jsonrpc": "2.0", "id": 90001, "method": "textDocument/hover",'
        b' "params": {"textDocument": 5, "position": "here"}}',
    )
    await send_raw(
        client,
        b'{"jsonrpc": "2.0", "method": "textDocument/didChange",'
        b' "params": {"textDocument": {"uri": 7}, "contentChanges": "x"}}',
    )
    await send_raw(client, b'{"jsonrpc": "2.0", "id": 90002, "method": "contractlint/nothing"}')
    await send_raw(client, b'{"jsonrpc": "2.0", "id": 90003, "method": ')

    # A configuration file that is not valid TOML: one warning, default settings.
    bad_uri = (BAD / "draft.contract").as_uri()
    open_doc(client, CONTRACT, uri=bad_uri)
    params = await published(client, uri=bad_uri)
    assert "CL106" in {d.code for d in params.diagnostics}  # the defaults select every rule
    warnings = [m for m in client.messages if m.type == types.MessageType.Warning]
    assert len(warnings) == 1
    assert ".contractlint.toml" in warnings[0].message

    # The server still answers.
    open_doc(client, CONTRACT, uri=URI + ".2")
    params = await published(client, uri=URI + ".2")
    assert [d.code for d in params.diagnostics] == ["CL003"]
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=URI + ".2"))
    )
    assert symbols


# ---------------------------------------------------------------------------
# Rule findings (every rule applies in FULL)
# ---------------------------------------------------------------------------


async def test_server_reads_the_folder_configuration(client: LanguageClient) -> None:
    open_doc(client, CONTRACT, uri=FULL_URI)
    full = await published(client, uri=FULL_URI)
    open_doc(client, CONTRACT, uri=URI)
    strict = await published(client, uri=URI)
    assert [d.code for d in strict.diagnostics] == ["CL003"]
    codes = {d.code for d in full.diagnostics}
    assert "CL003" in codes and "CL106" in codes  # no liability clause in CONTRACT
    liability = next(d for d in full.diagnostics if d.code == "CL106")
    assert liability.code_description is not None
    assert liability.code_description.href.endswith("#cl106")


async def _actions_for(
    client: LanguageClient, uri: str, diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )


async def test_missing_clause_skeleton_is_numbered_and_removes_the_finding(
    client: LanguageClient,
) -> None:
    open_doc(client, CONTRACT, uri=FULL_URI)
    params = await published(client, uri=FULL_URI)
    liability = next(d for d in params.diagnostics if d.code == "CL106")
    actions = await _actions_for(client, FULL_URI, liability)
    [skeleton] = [a for a in actions if "骨架" in a.title and a.diagnostics[0].code == "CL106"]
    assert "第三条 违约责任" in skeleton.title
    fixed = apply_edits(CONTRACT, skeleton.edit.changes[FULL_URI])
    # The new clause follows 第二条 with the next number and the kind tag.
    assert (
        "## 第二条 争议解决\n提交上海仲裁委员会仲裁。\n\n## 第三条 违约责任 {liability}\n" in fixed
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri=FULL_URI), liability.range.start)
    )
    assert "CL106" in hover.contents.value and "民法典" in hover.contents.value
    change_doc(client, 2, fixed, uri=FULL_URI)
    params = await published(client, uri=FULL_URI, version=2)
    assert "CL106" not in {d.code for d in params.diagnostics}


async def test_inline_suppression_action_silences_the_finding(client: LanguageClient) -> None:
    open_doc(client, CONTRACT, uri=FULL_URI)
    params = await published(client, uri=FULL_URI)
    before = {d.code for d in params.diagnostics}
    liability = next(d for d in params.diagnostics if d.code == "CL106")
    actions = await _actions_for(client, FULL_URI, liability)
    [suppress] = [a for a in actions if "CL106" in a.title and "骨架" not in a.title]
    [edit] = suppress.edit.changes[FULL_URI]
    assert edit.new_text.startswith("<!-- contractlint: disable")
    assert "CL106 -- " in edit.new_text  # with a reason to fill in
    fixed = apply_edits(CONTRACT, [edit])
    change_doc(client, 2, fixed, uri=FULL_URI)
    params = await published(client, uri=FULL_URI, version=2)
    after = {d.code for d in params.diagnostics}
    assert after == before - {"CL106"}


RULES = """# 售后服务合同

party 甲方 服务方 "上海精机设备有限公司"

## 第一条 服务费用
服务费为人民币50,000元，甲方😀应及时响应，费用为[金额]元。
"""
RULES_LINE = RULES.split("\n")[5]


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def test_rule_findings_after_an_emoji_have_exact_utf16_ranges(
    client: LanguageClient,
) -> None:
    open_doc(client, RULES, uri=FULL_URI)
    params = await published(client, uri=FULL_URI)
    by_code = {d.code: d for d in params.diagnostics if d.range.start.line == 5}
    blank = RULES_LINE.index("[金额]")
    vague = RULES_LINE.index("及时")
    assert as_tuple(by_code["CL801"].range) == (
        5,
        utf16(RULES_LINE[:blank]),
        5,
        utf16(RULES_LINE[: blank + 4]),
    )
    assert as_tuple(by_code["CL301"].range) == (
        5,
        utf16(RULES_LINE[:vague]),
        5,
        utf16(RULES_LINE[: vague + 2]),
    )
    # The emoji counts two: the blank starts one unit later than its code-point index.
    assert by_code["CL801"].range.start.character == blank + 1


async def test_capital_amount_fix_from_the_rule_removes_the_finding(
    client: LanguageClient,
) -> None:
    open_doc(client, RULES, uri=FULL_URI)
    params = await published(client, uri=FULL_URI)
    amount = next(d for d in params.diagnostics if d.code == "CL401")
    actions = await _actions_for(client, FULL_URI, amount)
    [fix] = [a for a in actions if "大写" in a.title and a.diagnostics[0].code == "CL401"]
    fixed = apply_edits(RULES, fix.edit.changes[FULL_URI])
    assert "人民币50,000元（大写：人民币伍万元整）" in fixed
    change_doc(client, 2, fixed, uri=FULL_URI)
    params = await published(client, uri=FULL_URI, version=2)
    assert "CL401" not in {d.code for d in params.diagnostics}


async def test_suppression_inside_a_clause_goes_before_its_heading(
    client: LanguageClient,
) -> None:
    open_doc(client, RULES, uri=FULL_URI)
    params = await published(client, uri=FULL_URI)
    before = [d.code for d in params.diagnostics]
    vague = next(d for d in params.diagnostics if d.code == "CL301")
    actions = await _actions_for(client, FULL_URI, vague)
    [suppress] = [a for a in actions if "CL301" in a.title]
    [edit] = suppress.edit.changes[FULL_URI]
    assert as_tuple(edit.range) == (4, 0, 4, 0)  # the line of "## 第一条 服务费用"
    fixed = apply_edits(RULES, [edit])
    change_doc(client, 2, fixed, uri=FULL_URI)
    params = await published(client, uri=FULL_URI, version=2)
    assert sorted(d.code for d in params.diagnostics) == sorted(c for c in before if c != "CL301")


# ---------------------------------------------------------------------------
# Skeleton numbering (pure functions, no server)
# ---------------------------------------------------------------------------

ENGLISH = """---
type: service
language: en
---

# Service Agreement

party A provider "Acme Ltd."

## 1. Scope of Services {scope}
Acme maintains two lathes.

## 2. Fees {fees}
The fee is USD 1,000.

## Signatures {signatures}
Party A: ____

## Annex A Price List
Items.
"""


def test_skeleton_follows_the_numbering_style_and_stays_before_signatures() -> None:
    from contractlint.fixer import apply_edits as apply_linter_edits
    from contractlint.lint import lint_with_document
    from contractlint.lsp.actions import skeleton_edit

    document, diagnostics = lint_with_document(ENGLISH)
    missing = next(d for d in diagnostics if d.code == "CL106")
    label, edit = skeleton_edit(document, missing)
    assert label == "3. Liability"
    fixed = apply_linter_edits(ENGLISH, [edit])
    assert "The fee is USD 1,000.\n\n## 3. Liability {liability}\n" in fixed
    assert fixed.index("## 3. Liability") < fixed.index("## Signatures")
    _document, after = lint_with_document(fixed)
    assert "CL106" not in {d.code for d in after}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
    ],
)
def test_chinese_clause_numbers(value: int, written: str) -> None:
    from contractlint.lsp.actions import chinese_numeral

    assert chinese_numeral(value) == written


async def test_fix_all_source_action_applies_every_safe_fix(client: LanguageClient) -> None:
    text = CONTRACT.replace("## 第二条", "<!-- contractlint: disable CL998 -- 测试 -->\n## 第二条")
    open_doc(client, text)
    params = await published(client)
    assert [d.code for d in params.diagnostics] == ["CL003", "CL003"]
    everywhere = rng(0, 0, 0, 0)
    plain = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=everywhere,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert not [a for a in plain if a.kind == "source.fixAll.contractlint"]
    [fix_all] = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=everywhere,
            context=types.CodeActionContext(
                diagnostics=[], only=[types.CodeActionKind.SourceFixAll]
            ),
        )
    )
    assert fix_all.kind == "source.fixAll.contractlint"
    fixed = apply_edits(text, fix_all.edit.changes[URI])
    assert "contractlint: disable" not in fixed
    change_doc(client, 2, fixed)
    params = await published(client, version=2)
    assert list(params.diagnostics) == []


async def test_a_changed_configuration_file_relints_open_documents(
    client: LanguageClient, tmp_path: Path
) -> None:
    config = tmp_path / ".contractlint.toml"
    config.write_text('select = ["CL001", "CL003"]\n', encoding="utf-8")
    uri = (tmp_path / "draft.contract").as_uri()
    open_doc(client, CONTRACT, uri=uri)
    params = await published(client, uri=uri)
    assert [d.code for d in params.diagnostics] == ["CL003"]
    # The server asked to be told about configuration files.
    [watch] = [r for r in client.registrations if r.method == "workspace/didChangeWatchedFiles"]
    assert "**/.contractlint.toml" in str(watch.register_options)
    config.write_text('select = ["CL001"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    params = await published(client, uri=uri)
    assert list(params.diagnostics) == []


@pytest.mark.parametrize(
    ("uri", "path"),
    [
        ("file:///tmp/%E5%90%88%E5%90%8C/draft%20v2.contract", "/tmp/合同/draft v2.contract"),
        ("file:///C:/contracts/a.contract", "C:/contracts/a.contract"),
        ("untitled:Untitled-1", None),
    ],
)
def test_document_uris_map_to_the_files_whose_configuration_applies(
    uri: str, path: str | None
) -> None:
    from contractlint.lsp.analysis import uri_to_path

    assert uri_to_path(uri) == path


async def test_a_burst_of_keystrokes_is_linted_once_more_not_once_each(
    slow_client: LanguageClient,
) -> None:
    open_doc(slow_client, BROKEN)
    await published(slow_client, version=1)
    # Type "}" then delete it, five times, faster than the 400 ms debounce; the
    # first keystroke after the pause is linted at once, the rest together.
    for version in range(2, 12):
        if version % 2 == 0:
            change_doc(slow_client, version, "}", rng(2, 14, 2, 14))
        else:
            change_doc(slow_client, version, "", rng(2, 14, 2, 15))
        await asyncio.sleep(0.02)
    params = await published(slow_client, version=11)
    assert [d.range.start.line for d in params.diagnostics] == [0, 2]
    after_open = slow_client.published_versions[1:]
    assert after_open[-1] == 11
    assert len(after_open) <= 3, after_open


async def test_references_of_a_term_and_of_a_clause(client: LanguageClient) -> None:
    open_doc(client, CONTRACT)
    await published(client)
    doc = types.TextDocumentIdentifier(uri=URI)
    line = CONTRACT.split("\n")[10]
    use = line.index("设备")
    term = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc,
            position=pos(6, 2),  # inside “设备” where it is defined
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert [as_tuple(loc.range) for loc in term] == [(6, 1, 6, 3), (10, use, 10, use + 2)]
    clause = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc,
            position=pos(15, 5),  # on the heading "## 第二条 争议解决"
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    xref = line.index("第二条")
    assert [as_tuple(loc.range) for loc in clause] == [(10, xref, 10, xref + 3)]


async def test_drafts_can_be_left_alone(no_drafts_client: LanguageClient) -> None:
    readme = (FULL / "README.md").as_uri()
    open_doc(no_drafts_client, "# 说明\n\n费用为[金额]元。\n", uri=readme)
    params = await published(no_drafts_client, uri=readme)
    assert list(params.diagnostics) == []
    hover = await no_drafts_client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri=readme), pos(2, 5))
    )
    assert hover is None
    open_doc(no_drafts_client, BROKEN, uri=URI)
    params = await published(no_drafts_client, uri=URI)
    assert [d.code for d in params.diagnostics] == ["CL001", "CL001"]


async def test_markdown_drafts_are_read_as_drafts(client: LanguageClient) -> None:
    draft = (FULL / "draft.md").as_uri()
    text = "# 售后服务合同\n\n第一条 服务范围\n甲方应及时响应 😀，费用为[金额]元。\n"
    open_doc(client, text, uri=draft)
    params = await published(client, uri=draft)
    codes = {d.code for d in params.diagnostics}
    assert "CL004" in codes  # the draft reader's note on what it guessed
    blank = next(d for d in params.diagnostics if d.code == "CL801")
    line = text.split("\n")[3]
    assert blank.range.start == pos(3, utf16(line[: line.index("[")]))


async def test_semantic_tokens_mark_the_parts_of_a_contract(client: LanguageClient) -> None:
    text = CONTRACT.replace("提交上海仲裁委员会仲裁。", "提交[仲裁机构]😀仲裁，费用人民币5,000元。")
    open_doc(client, text)
    await published(client)
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    from contractlint.lsp.tokens import TOKEN_TYPES  # the legend the server announces

    lines = text.split("\n")
    found = set()
    line = char = 0
    data = result.data
    for index in range(0, len(data), 5):
        delta_line, delta_char, length, kind, modifiers = data[index : index + 5]
        line += delta_line
        char = char + delta_char if delta_line == 0 else delta_char
        units = lines[line].encode("utf-16-le")
        piece = units[2 * char : 2 * (char + length)].decode("utf-16-le")
        found.add((line, piece, TOKEN_TYPES[kind], modifiers))
    assert (2, "甲方", "variable", 1) in found
    assert (6, "设备", "type", 1) in found
    assert (9, "第一条", "keyword", 0) in found
    assert (9, "服务范围", "namespace", 1) in found
    assert (9, "{scope}", "decorator", 0) in found
    assert (10, "设备", "type", 0) in found
    assert (10, "第二条", "namespace", 0) in found
    assert (8, "<!-- contractlint: disable CL999 -- 测试 -->", "comment", 0) in found
    # After the emoji on line 16, in UTF-16: the blank and the amount.
    assert (16, "[仲裁机构]", "regexp", 0) in found
    assert (16, "人民币5,000元", "number", 0) in found
