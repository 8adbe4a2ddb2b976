"""Bytes to text: encodings and line endings, nothing about contracts.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are recognised directly;
anything else is tried as GB18030 (a superset of GBK) and Big5 before
charset-normalizer is asked. Line endings are normalised to ``\\n`` so that
lines and columns are the same as an editor shows; the original style is kept
so that fixes can write it back.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from typing import NamedTuple

# Larger inputs are refused with a message rather than read: a contract is at
# most a few megabytes, and this bounds memory on a stray disk image.
MAX_INPUT_BYTES = 256 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we know (or are binary)."""


class InputError(DecodeError):
    """The path is not something to lint: a FIFO, a device, too big, empty, changing."""


class FileStamp(NamedTuple):
    """What a file looked like when it was read, to notice it changing afterwards."""

    size: int
    mtime_ns: int
    inode: int


class DecodedText(NamedTuple):
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


# Characters common in Chinese prose and contracts, simplified and traditional.
# Text decoded with the wrong one of GB18030 and Big5 is mostly rare
# characters, kana, Greek or private-use code points, so the share of these
# tells the two apart far better than "is it CJK at all".
_COMMON_HAN = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二"
    "理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社"
    "义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没"
    "结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活"
    "设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争"
    "济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具"
    "万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石"
    "记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素"
    "技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存"
    "候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红"
    "细引听该铁价严甲乙丙丁款项费违责赔偿仲裁诉讼签订双附件期限届满终止解除履付支票据"
    "货交验收修维护服质保换退营业执照住址电话传真邮箱银行账号户名盖章授权代表日期元整壹"
    "贰叁肆伍陆柒捌玖拾佰仟万亿零负担承诺义务知识产权保密不可抗力争议适用法律通知送达"
    "們這國個來時為會發對過說產種後學經進動現實體點從業開還關與義樣間線數問變條沒結無軍"
    "題黨總員設長頭資邊級圖統組見計別論運農區強決戰處隊給門規熱領東導壓爭濟階術極聯認權"
    "證標寫廠識適屬圓滿縣參紅細聽該鐵價嚴項費違責賠償訴訟簽訂雙屆滿終離確張馬節話傳許廣"
    "記須際驗連斷難礦約歷構稱準號維劃選養層專狀輸務維護質換營執話傳郵箱銀帳戶蓋權貳陸萬"
    "億負擔諾裡應當時甲乙丙丁款付"
    "，。、；：？！“”‘’（）《》【】"
)


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
            if not raw.strip():
                raise InputError("holds only a byte-order mark: there is no contract text to check")
            return _finish(raw, encoding, True)
    if not data.strip():
        raise InputError(
            "is empty: there is no contract text to check"
            if not data
            else "holds only blank space: there is no contract text to check"
        )
    if _looks_binary(data):
        raise DecodeError("looks like a binary file, not text (it contains NUL or control bytes)")
    try:
        return _finish(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as error:
        utf8_error = error
    best: tuple[float, str, str] | None = None
    for encoding in ("gb18030", "big5"):
        try:
            raw = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _han_score(raw)
        if score >= 0.3 and (best is None or score > best[0]):
            best = (score, encoding, raw)
    if best is not None:
        return _finish(best[2], best[1], False)
    guess = _guess(data)
    if guess is not None:
        return _finish(guess[1], guess[0], False)
    line = data.count(b"\n", 0, utf8_error.start) + 1
    raise DecodeError(
        f"is not valid text in any encoding we read (UTF-8, UTF-16 with a BOM, GB18030/GBK, "
        f"Big5, Windows-1252): the first bad byte is 0x{data[utf8_error.start]:02X} "
        f"on line {line} (byte offset {utf8_error.start}); save the file as UTF-8"
    )


def _han_score(text: str) -> float:
    """Share of the non-ASCII characters that are common Chinese characters."""
    other = 0
    common = 0
    for char in text:
        if char < "\x80":
            continue
        other += 1
        if char in _COMMON_HAN:
            common += 1
    return common / other if other else 1.0


# Encodings charset-normalizer may propose that we accept: Western single-byte
# code pages (English drafts saved by old Word) and the Chinese multi-byte ones.
_GUESSABLE = frozenset(
    {"cp1252", "latin_1", "iso8859_15", "cp936", "gbk", "gb2312", "big5hkscs", "cp950"}
)


def _guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    if _mostly_ascii(data):
        try:
            return "cp1252", data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding not in _GUESSABLE:
        return None
    try:
        return best.encoding, data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_ascii(data: bytes) -> bool:
    """A Western text with a few accented letters (café, naïve) rather than noise."""
    sample = data[:100_000]
    high = sum(1 for b in sample if b >= 0x80)
    return high * 10 < len(sample)


def _finish(raw: str, encoding: str, bom: bool) -> DecodedText:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
        bom = True
    return DecodedText(normalize_newlines(raw), encoding, bom, detect_newline(raw))


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    for test, name in _KINDS:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_file(path: str) -> tuple[bytes, FileStamp]:
    """The bytes of a regular file, refusing what would hang or exhaust memory.

    The file is opened non-blocking and checked with ``fstat`` on the open
    descriptor, so a FIFO or device is refused without waiting on it. OSError
    (missing, no permission, symbolic-link loop) propagates for the caller to
    report; everything else is an :class:`InputError` with a reason.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(
                "is a symbolic link that loops back on itself (too many levels of links)"
            ) from None
        if error.errno == errno.ENOENT and os.path.islink(path):
            raise InputError(
                f"is a symbolic link to {os.readlink(path)!r}, which does not exist"
            ) from None
        raise
    try:
        before = os.fstat(fd)
        kind = _not_regular(before.st_mode)
        if kind is not None:
            raise InputError(f"is {kind}, not a contract file")
        if before.st_size > MAX_INPUT_BYTES:
            raise InputError(_too_big(before.st_size))
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_INPUT_BYTES:
                raise InputError(_too_big(total))
            chunks.append(chunk)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    if total != after.st_size or after.st_mtime_ns != before.st_mtime_ns:
        raise InputError("changed while it was being read; run the check again")
    return b"".join(chunks), FileStamp(after.st_size, after.st_mtime_ns, after.st_ino)


def _too_big(size: int) -> str:
    return (
        f"is {size / 1e6:.0f} MB; contractlint reads files up to "
        f"{MAX_INPUT_BYTES // (1024 * 1024)} MiB"
    )


def changed_since(path: str, stamp: FileStamp) -> bool:
    """Whether the file at ``path`` is no longer the one read with ``stamp``."""
    try:
        info = os.stat(path)
    except OSError:
        return True
    return (info.st_size, info.st_mtime_ns, info.st_ino) != (
        stamp.size,
        stamp.mtime_ns,
        stamp.inode,
    )


def read_text(path: str) -> DecodedText:
    """Read and decode a file (OSError propagates to the caller to report)."""
    data, _stamp = read_file(path)
    return decode_bytes(data)
