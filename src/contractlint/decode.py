"""Bytes to text: encodings and line endings, nothing about contracts.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are recognised directly;
anything else is tried as GB18030 (a superset of GBK) and Big5 before
charset-normalizer is asked. Line endings are normalised to ``\\n`` so that
lines and columns are the same as an editor shows; the original style is kept
so that fixes can write it back.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we know (or are binary)."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str  # with "\n" line breaks
    encoding: str
    bom: bool
    newline: str  # "\n", "\r\n" or "\r": the dominant original line ending


def detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    if crlf >= max(cr, lf) and crlf:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


def normalize_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.1


def decode_bytes(data: bytes) -> DecodedText:
    """Decode file contents; raise :class:`DecodeError` with a reason on failure."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                raw = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise DecodeError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {error.start + len(bom)})"
                ) from None
            return _finish(raw, encoding, True)
    if _looks_binary(data):
        raise DecodeError("looks like a binary file, not text")
    try:
        return _finish(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    for encoding in ("gb18030", "big5"):
        try:
            raw = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and not _plausible_cjk(raw):
            continue
        return _finish(raw, encoding, False)
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        best = None
    else:
        best = from_bytes(data).best()
    if best is None:
        raise DecodeError("is not valid UTF-8, UTF-16, GB18030 or Big5 text")
    return _finish(str(best), best.encoding, False)


def _plausible_cjk(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only for mostly CJK/ASCII text."""
    if not text:
        return True
    good = sum(
        1 for c in text if c.isascii() or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"
    )
    return good / len(text) > 0.9


def _finish(raw: str, encoding: str, bom: bool) -> DecodedText:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
        bom = True
    return DecodedText(normalize_newlines(raw), encoding, bom, detect_newline(raw))


def read_text(path: str) -> DecodedText:
    """Read and decode a file (OSError propagates to the caller to report)."""
    with open(path, "rb") as handle:
        data = handle.read()
    return decode_bytes(data)
