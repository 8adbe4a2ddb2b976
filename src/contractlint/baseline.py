"""Baselines: record today's findings, then report only new ones.

A contract repository that inherits old templates cannot fix everything at
once. ``--write-baseline FILE`` records every finding with a fingerprint made
of the rule code, the file's path (relative to the baseline file) and the
normalised matched text, plus an occurrence number for identical findings in
one file. Line numbers are not part of it, so inserting a clause above an old
finding does not make it new again. ``--baseline FILE`` drops recorded findings.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from contractlint.runner import FileResult

BASELINE_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read; the message names it."""


def relative_path(path: str, base: str | Path) -> str:
    """``path`` relative to folder ``base`` with ``/`` separators (as given if outside)."""
    if path == "-":
        return path
    absolute = os.path.abspath(path)
    try:
        return Path(os.path.relpath(absolute, os.path.abspath(base))).as_posix()
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()


def fingerprint(code: str, path: str, matched: str, occurrence: int = 0) -> str:
    """16 hex digits: stable under line moves, changed by the text it points at."""
    digest = hashlib.sha256(f"{code}\0{path}\0{matched}\0{occurrence}".encode())
    return digest.hexdigest()[:16]


def result_fingerprints(result: FileResult, base: str | Path) -> list[str]:
    """One fingerprint per diagnostic of ``result``, in order."""
    rel = relative_path(result.path, base)
    seen: Counter[tuple[str, str]] = Counter()
    out: list[str] = []
    for diagnostic, matched in zip(result.diagnostics, result.matched, strict=True):
        key = (diagnostic.code, matched)
        out.append(fingerprint(diagnostic.code, rel, matched, seen[key]))
        seen[key] += 1
    return out


def write_baseline(target: str | Path, results: list[FileResult]) -> int:
    """Write every finding of ``results`` to ``target``; return how many."""
    target = Path(target)
    base = target.resolve().parent
    entries = []
    for result in results:
        rel = relative_path(result.path, base)
        for diagnostic, fp in zip(
            result.diagnostics, result_fingerprints(result, base), strict=True
        ):
            entries.append(
                {
                    "path": rel,
                    "code": diagnostic.code,
                    "fingerprint": fp,
                    "message": diagnostic.message,
                }
            )
    entries.sort(key=lambda e: (e["path"], e["code"], e["fingerprint"]))
    payload = {"version": BASELINE_VERSION, "tool": "contractlint", "findings": entries}
    try:
        target.write_text(
            json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    except OSError as error:
        raise BaselineError(f"{target}: cannot write baseline: {error.strerror or error}") from None
    return len(entries)


def read_baseline(source: str | Path) -> set[tuple[str, str, str]]:
    """``{(path, code, fingerprint)}`` from a baseline file (raises :class:`BaselineError`)."""
    source = Path(source)
    try:
        payload = json.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{source}: cannot read baseline: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(
            f"{source}: not a contractlint baseline (invalid JSON: {error})"
        ) from None
    if not isinstance(payload, dict) or payload.get("version") != BASELINE_VERSION:
        raise BaselineError(
            f'{source}: not a contractlint baseline (expected "version": {BASELINE_VERSION})'
        )
    found: set[tuple[str, str, str]] = set()
    for number, entry in enumerate(payload.get("findings", [])):
        try:
            found.add((str(entry["path"]), str(entry["code"]), str(entry["fingerprint"])))
        except (KeyError, TypeError):
            raise BaselineError(
                f"{source}: findings[{number}] needs `path`, `code` and `fingerprint`"
            ) from None
    return found


def apply_baseline(source: str | Path, results: list[FileResult]) -> tuple[int, int]:
    """Drop findings recorded in the baseline from ``results``.

    Returns ``(dropped, stale)``: how many findings the baseline hid, and how many of
    its entries for the files checked now match nothing (fixed since it was written).
    """
    known = read_baseline(source)
    base = Path(source).resolve().parent
    dropped = 0
    matched_entries: set[tuple[str, str, str]] = set()
    checked: set[str] = set()
    for result in results:
        rel = relative_path(result.path, base)
        if result.error is None:
            checked.add(rel)
        if not result.diagnostics:
            continue
        keep = []
        for d, m, fp in zip(
            result.diagnostics, result.matched, result_fingerprints(result, base), strict=True
        ):
            entry = (rel, d.code, fp)
            if entry in known:
                matched_entries.add(entry)
            else:
                keep.append((d, m))
        dropped += len(result.diagnostics) - len(keep)
        result.diagnostics = [d for d, _ in keep]
        result.matched = [m for _, m in keep]
    stale = sum(1 for entry in known if entry[0] in checked and entry not in matched_entries)
    return dropped, stale
