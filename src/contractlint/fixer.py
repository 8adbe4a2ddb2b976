"""Apply fixes without ever costing the user a byte of their contract.

Fixes are planned on the newline-normalised text (non-overlapping edits, safe
ones unless unsafe ones are allowed), applied pass by pass until nothing more
changes, and every pass is re-linted: a pass that breaks the parse or adds
findings refuses the whole fix, and a fix that does not remove its own finding
is dropped. Only then is the file written, atomically (temporary file in the
same folder, fsync, ``os.replace``), in its original encoding, byte-order mark,
line endings and permissions, and only if it did not change on disk meanwhile.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from contractlint.decode import DecodedText
from contractlint.diagnostic import Applicability, Diagnostic, Edit
from contractlint.settings import Settings

MAX_PASSES = 10
SYNTAX_CODE = "CL001"

LintFunction = Callable[[str, str, Settings | None], list[Diagnostic]]


class FixError(Exception):
    """Fixing was refused or could not be written; the file is untouched."""


@dataclass(frozen=True, slots=True)
class AppliedFix:
    """A finding that a fix removed: where its replacement now lies in the fixed text."""

    code: str
    name: str
    message: str
    fix_message: str
    start_offset: int  # region of the fixed text the fix wrote (and its finding covered)
    end_offset: int


@dataclass(slots=True)
class FixResult:
    path: str
    original: str  # the newline-normalised text before fixing
    fixed: str  # the text after fixing (== original when refused)
    applied: list[AppliedFix] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)  # findings of ``fixed``
    notes: list[str] = field(default_factory=list)  # fixes dropped, limits reached
    refused: str | None = None  # why nothing may be written
    passes: int = 0
    initial: list[Diagnostic] = field(default_factory=list)  # findings of ``original``
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.refused is None and self.fixed != self.original


def is_applicable(diagnostic: Diagnostic, unsafe: bool = False) -> bool:
    """Whether ``--fix`` (or ``--fix --unsafe-fixes``) may apply this finding's fix."""
    fix = diagnostic.fix
    if fix is None or not fix.edits:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def _bounds(edit: Edit) -> tuple[int, int]:
    return edit.span.start_offset, edit.span.end_offset


def _fix_edits(diagnostic: Diagnostic, length: int) -> list[Edit] | None:
    """The fix's edits sorted by position, or None if they overlap or leave the text."""
    assert diagnostic.fix is not None
    edits = sorted(diagnostic.fix.edits, key=_bounds)
    previous_end = -1
    for edit in edits:
        start, end = _bounds(edit)
        if not 0 <= start <= end <= length or start < previous_end:
            return None
        if start == previous_end and start == end:  # two insertions at one point
            return None
        previous_end = end
    return edits


def plan(
    diagnostics: Iterable[Diagnostic],
    text: str,
    unsafe: bool = False,
    dropped: set[tuple[str, str, str]] | frozenset[tuple[str, str, str]] = frozenset(),
) -> list[tuple[Diagnostic, list[Edit]]]:
    """Choose fixes whose edits do not touch each other, in order of position.

    A fix that collides with one already chosen waits for the next pass, when
    the text has been re-linted and its edits are fresh.
    """
    chosen: list[tuple[Diagnostic, list[Edit]]] = []
    taken: list[tuple[int, int]] = []
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        if not is_applicable(diagnostic, unsafe) or (dropped and _key(diagnostic, text) in dropped):
            continue
        edits = _fix_edits(diagnostic, len(text))
        if edits is None:
            continue
        if any(_collides(_bounds(edit), other) for edit in edits for other in taken):
            continue
        chosen.append((diagnostic, edits))
        taken.extend(_bounds(edit) for edit in edits)
    return chosen


def _collides(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Overlap, or touching at a point where either is an insertion (order would matter)."""
    if a[0] < b[1] and b[0] < a[1]:
        return True
    return (a[0] == a[1] or b[0] == b[1]) and (a[0] == b[1] or b[0] == a[1] or a[0] == b[0])


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (offsets into ``text``); ValueError if they overlap."""
    ordered = sorted(edits, key=_bounds)
    parts: list[str] = []
    cursor = 0
    for edit in ordered:
        start, end = _bounds(edit)
        if start < cursor or end > len(text) or start > end:
            raise ValueError(f"edit {start}-{end} overlaps another or lies outside the text")
        parts.append(text[cursor:start])
        parts.append(edit.new_text)
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


class _OffsetMap:
    """Maps offsets of the text before a pass to the text after it."""

    def __init__(self, edits: list[Edit]) -> None:
        self.edits = sorted(edits, key=_bounds)

    def __call__(self, offset: int, right: bool = False) -> int:
        shift = 0
        for edit in self.edits:
            start, end = _bounds(edit)
            if end < offset or (end == offset and (start < end or right)):
                shift += len(edit.new_text) - (end - start)
            elif start < offset:  # inside a replaced range: clamp to its new bounds
                return start + shift + (len(edit.new_text) if right else 0)
            else:
                break
        return offset + shift


def _key(diagnostic: Diagnostic, text: str) -> tuple[str, str, str]:
    span = diagnostic.span
    return diagnostic.code, diagnostic.message, text[span.start_offset : span.end_offset]


def _reappears(region: tuple[int, int], code: str, diagnostics: list[Diagnostic]) -> bool:
    start, end = region
    for diagnostic in diagnostics:
        if diagnostic.code != code:
            continue
        offset = diagnostic.span.start_offset
        if start <= offset < end or offset == start:
            return True
    return False


def _lint(text: str, path: str, settings: Settings | None) -> list[Diagnostic]:
    from contractlint.lint import lint

    return lint(text, path, settings)


def fix_text(
    text: str,
    path: str = "-",
    settings: Settings | None = None,
    *,
    unsafe: bool = False,
    lint_function: LintFunction | None = None,
    max_passes: int = MAX_PASSES,
    diagnostics: list[Diagnostic] | None = None,
) -> FixResult:
    """Fix ``text`` (newline-normalised) to a fixed point; never raises on bad fixes.

    ``diagnostics`` may pass the findings of ``text`` when they are already known.
    """
    run = lint_function or _lint
    current = text
    found = diagnostics if diagnostics is not None else run(current, path, settings)
    initial = list(found)
    result = FixResult(path, text, text, remaining=list(found), initial=initial)
    claims: list[AppliedFix] = []
    dropped: set[tuple[str, str, str]] = set()
    attempts = 0
    while attempts < max_passes:
        chosen = plan(found, current, unsafe, dropped)
        if not chosen:
            break
        attempts += 1
        edits = [edit for _diagnostic, fix_edits in chosen for edit in fix_edits]
        candidate = apply_edits(current, edits)
        if candidate == current:
            break
        after = run(candidate, path, settings)
        shift = _OffsetMap(edits)
        regions = [_region(d, fix_edits, shift) for d, fix_edits in chosen]
        broken = [
            (diagnostic, region)
            for (diagnostic, _e), region in zip(chosen, regions, strict=True)
            if _reappears(region, diagnostic.code, after)
        ]
        if broken:  # drop those fixes and redo the pass without them
            for diagnostic, _where_fixed in broken:
                dropped.add(_key(diagnostic, current))
                result.notes.append(
                    f"{_where(diagnostic)}: the fix for {diagnostic.code} ({diagnostic.name}) "
                    "did not remove its finding, so it was not applied"
                )
            continue
        worse = _worse(found, after)
        if worse is not None:
            codes = ", ".join(sorted({d.code for d, _e in chosen}))
            result.refused = f"applying the fixes for {codes} would {worse}; nothing was written"
            result.remaining = initial
            result.passes = attempts
            return result
        claims = [
            AppliedFix(
                c.code,
                c.name,
                c.message,
                c.fix_message,
                shift(c.start_offset),
                shift(c.end_offset, True),
            )
            for c in claims
        ]
        for (diagnostic, _e), region in zip(chosen, regions, strict=True):
            assert diagnostic.fix is not None
            claims.append(
                AppliedFix(
                    diagnostic.code,
                    diagnostic.name,
                    diagnostic.message,
                    diagnostic.fix.message,
                    region[0],
                    region[1],
                )
            )
        current, found = candidate, after
        dropped = {k for k in dropped if k[2] in current}
    else:
        if plan(found, current, unsafe, dropped):
            result.notes.append(
                f"{path}: stopped after {max_passes} rounds of fixes; "
                "run --fix again to apply the rest"
            )
    result.fixed = current
    result.remaining = list(found)
    result.applied = [
        c for c in claims if not _reappears((c.start_offset, c.end_offset), c.code, found)
    ]
    result.passes = attempts
    return result


def _region(diagnostic: Diagnostic, edits: list[Edit], shift: _OffsetMap) -> tuple[int, int]:
    """The part of the new text that the fix wrote, widened to its finding's span."""
    start = min(edits[0].span.start_offset, diagnostic.span.start_offset)
    end = max(edits[-1].span.end_offset, diagnostic.span.end_offset)
    return shift(start), max(shift(start), shift(end, True))


def _worse(before: list[Diagnostic], after: list[Diagnostic]) -> str | None:
    syntax_before = sum(1 for d in before if d.code == SYNTAX_CODE)
    syntax_after = sum(1 for d in after if d.code == SYNTAX_CODE)
    if syntax_after > syntax_before:
        return f"break the contract's syntax ({syntax_after - syntax_before} new syntax error(s))"
    if len(after) > len(before):
        return f"leave more findings than before ({len(before)} → {len(after)})"
    return None


def _where(diagnostic: Diagnostic) -> str:
    span = diagnostic.span
    return f"{diagnostic.path}:{span.start_line}:{span.start_col}"


def fix_file(
    path: str,
    settings: Settings | None = None,
    *,
    unsafe: bool = False,
    write: bool = True,
    lint_function: LintFunction | None = None,
) -> FixResult:
    """Read, fix and (if ``write``) atomically rewrite one file.

    Reading problems raise (OSError, :class:`~contractlint.decode.DecodeError`)
    like ``check`` reports them; a fix that cannot be written safely comes back
    as ``refused`` with the file untouched.
    """
    from contractlint.decode import decode_bytes, read_file

    data, _stamp = read_file(path)
    decoded = decode_bytes(data)
    result = fix_text(decoded.text, path, settings, unsafe=unsafe, lint_function=lint_function)
    if not write or result.refused is not None or not result.changed:
        return result
    try:
        payload = encode_like(result.fixed, decoded, data)
        write_atomic(path, payload, expected=data)
    except (FixError, OSError) as error:
        reason = str(error) if isinstance(error, FixError) else _os_reason(error)
        _refuse(result, reason)
        return result
    result.written = True
    return result


@dataclass(slots=True)
class FixRun:
    """What ``check --fix``/``--diff`` did across all inputs, ready to print."""

    results: list[FixResult] = field(default_factory=list)
    diff: str = ""  # unified diffs (with --diff)
    messages: list[str] = field(default_factory=list)  # for standard error
    problems: list[str] = field(default_factory=list)  # unreadable or unwritable: exit 2

    @property
    def fixed(self) -> int:
        return sum(len(r.applied) for r in self.results)

    @property
    def files_changed(self) -> int:
        return sum(1 for r in self.results if r.applied and r.refused is None)


def fix_inputs(inputs: Iterable[Any], *, unsafe: bool = False, write: bool = True) -> FixRun:
    """Fix every ``runner.Input`` (files only), honouring its settings and per-file ignores.

    Reading problems are left for the check that follows to report once.
    """
    from contractlint.decode import DecodeError

    outcome = FixRun()
    for item in inputs:
        if item.source == "-":
            outcome.messages.append("note: -: fixes are not applied to standard input")
            continue
        if not item.source.endswith(".contract"):
            outcome.messages.append(f"note: {item.display}: fixes apply to .contract files only")
            continue
        try:
            result = fix_file(
                item.source,
                item.settings,
                unsafe=unsafe,
                write=write,
                lint_function=_lint_for(item.settings, item.display),
            )
        except (OSError, DecodeError):
            continue  # the check reports it
        outcome.results.append(result)
        verb = "would fix" if not write else "fixed"
        for note in result.notes:
            outcome.messages.append(f"note: {note}")
        if result.refused is not None:
            line = f"{item.display}: not fixed: {result.refused}"
            if result.refused.startswith("cannot write"):
                outcome.problems.append(line)
            else:
                outcome.messages.append(f"warning: {line}")
        elif result.applied:
            codes = ", ".join(sorted({a.code for a in result.applied}))
            outcome.messages.append(
                f"{item.display}: {verb} {len(result.applied)} finding(s) ({codes})"
            )
            if not write:
                outcome.diff += diff(item.display, result.original, result.fixed)
    return outcome


def _lint_for(settings: Settings, display: str) -> LintFunction:
    """``lint`` as the check command runs it: per-file ignores applied by display path."""
    from dataclasses import replace

    from contractlint.lint import lint

    base = replace(settings, per_file_ignores=())

    def run(text: str, _path: str, _settings: Settings | None) -> list[Diagnostic]:
        found = lint(text, display, base)
        if settings.per_file_ignores and found:
            from contractlint.config import ignored_for_path

            off = ignored_for_path(settings, display, {d.code for d in found})
            found = [d for d in found if d.code not in off]
        return found

    return run


def _refuse(result: FixResult, reason: str) -> None:
    result.refused = reason
    result.fixed = result.original
    result.applied = []
    result.remaining = list(result.initial)


def _os_reason(error: OSError) -> str:
    return f"cannot write the fixed file: {error.strerror or error}; the file is unchanged"


# ---------------------------------------------------------------------------
# Writing back
# ---------------------------------------------------------------------------


def restore_newlines(raw: str, fixed: str, newline: str) -> str:
    """``fixed`` (with ``\\n``) in the line endings of ``raw`` (the original as decoded).

    A file with one style gets it everywhere; a file with mixed endings keeps
    each untouched line's own ending and gives new lines the dominant one.
    """
    if "\r" not in raw:
        return fixed if newline == "\n" else fixed.replace("\n", newline)
    lines, endings = _split_endings(raw)
    if len(set(endings)) == 1:
        return fixed.replace("\n", endings[0])
    import difflib

    new_lines = fixed.split("\n")
    new_endings = [newline] * (len(new_lines) - 1)
    matcher = difflib.SequenceMatcher(None, lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "insert":
            continue
        # equal lines keep their ending; changed lines take the ending of the line they replace
        for k in range(min(i2 - i1, j2 - j1)):
            if j1 + k < len(new_endings) and i1 + k < len(endings):
                new_endings[j1 + k] = endings[i1 + k]
    out = [line + ending for line, ending in zip(new_lines, new_endings, strict=False)]
    out.append(new_lines[-1])
    return "".join(out)


def _split_endings(raw: str) -> tuple[list[str], list[str]]:
    """Lines and the ending after each (one fewer ending than lines)."""
    import re

    lines: list[str] = []
    endings: list[str] = []
    start = 0
    for match in re.finditer(r"\r\n|\r|\n", raw):
        lines.append(raw[start : match.start()])
        endings.append(match.group())
        start = match.end()
    lines.append(raw[start:])
    return lines, endings


_BOM_BYTES = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


def encode_like(fixed: str, decoded: DecodedText, original: bytes) -> bytes:
    """The bytes to write: ``fixed`` in the encoding, BOM and line endings of ``original``.

    Raises :class:`FixError` when a fix introduced a character that the
    file's encoding (Big5, GBK …) cannot hold, or the result would not read
    back as exactly the text that was checked.
    """
    from contractlint.decode import normalize_newlines

    encoding = "utf-8" if decoded.encoding.lower() in ("utf-8-sig", "utf_8") else decoded.encoding
    bom = _BOM_BYTES.get(encoding.lower(), b"") if decoded.bom else b""
    in_band = "\ufeff" if decoded.bom and not bom else ""  # e.g. GB18030's own BOM
    try:
        raw = original[len(bom) :].decode(encoding)
        if raw.startswith("\ufeff"):
            raw = raw[1:]
        text = restore_newlines(raw, fixed, decoded.newline)
        data = bom + (in_band + text).encode(encoding)
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end]
        raise FixError(
            f"a fix writes {bad!r}, which cannot be stored in {decoded.encoding}; "
            "nothing was written"
        ) from None
    except (UnicodeDecodeError, LookupError):
        raise FixError(
            f"cannot write text back in {decoded.encoding}; nothing was written"
        ) from None
    if normalize_newlines(data[len(bom) :].decode(encoding).removeprefix(in_band)) != fixed:
        raise FixError(
            f"the fixed text would not read back the same in {decoded.encoding}; "
            "nothing was written"
        )
    return data


def write_atomic(path: str, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permissions and owner.

    ``expected`` is the content read before linting: if the file no longer
    holds it, someone changed it meanwhile and nothing is written. On any
    failure the temporary file is removed and the original stays as it was.
    """
    target = os.path.realpath(path)
    info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise FixError("is not a regular file; nothing was written")
    if expected is not None:
        with open(target, "rb") as handle:
            if handle.read() != expected:
                raise FixError(
                    "changed on disk while it was being fixed; nothing was written (run again)"
                )
    folder = os.path.dirname(target) or "."
    fd, temporary = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".contractlint-tmp", dir=folder
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        try:
            os.chown(temporary, info.st_uid, info.st_gid)
        except OSError:  # not ours to give away; the mode is what matters
            pass
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder; the rename is done
        pass
    finally:
        os.close(fd)


def diff(path: str, original: str, fixed: str) -> str:
    """A unified diff of the fix, for ``--diff`` (empty when nothing changes)."""
    import difflib

    if original == fixed:
        return ""
    lines = difflib.unified_diff(
        original.splitlines(keepends=True),
        fixed.splitlines(keepends=True),
        fromfile=path if os.path.isabs(path) else f"a/{path}",
        tofile=path if os.path.isabs(path) else f"b/{path}",
    )
    out: list[str] = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
