"""Input that is not what we expect, through the real command line.

Each bad input is given together with a good contract: the bad one must be
reported on standard error with its name and what is wrong, the good one must
still be linted, and the exit code at the end is 2. The encodings a user may
save a contract in must simply work, with exact line and column positions.
"""

from __future__ import annotations

import codecs
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from contractlint import decode
from contractlint.decode import DecodeError, InputError, decode_bytes, read_file

# A contract whose line 4 has a syntax error at column 10 (after CJK and emoji on
# line 3): the marker that a file was linted, and with exact positions.
GOOD = '# 售后服务合同\n\n甲方应及时😀付款。\nparty 丙方 "未结束的名称\n'
GOOD_TW = '# 售後服務合約\n\n甲方應及時付款。\nparty 丙方 "未結束的名稱\n'
MARK = "4:10: CL001"
TIMEOUT = 60


def run_check(*args: str, cwd: Path | None = None, prefix: tuple[str, ...] = ()):
    """``contractlint check ARGS`` in a fresh process (``prefix``: e.g. setpriv)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [*prefix, sys.executable, "-m", "contractlint", "check", "--no-cache", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=cwd,
        env=env,
    )


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.contract"
    path.write_text(GOOD, encoding="utf-8")
    return path


def assert_reported(result, name: str, *words: str) -> None:
    """The bad input is named with its problem, the good file linted, exit code 2."""
    problem_lines = [line for line in result.stderr.splitlines() if name in line]
    assert problem_lines, f"no message names {name}:\n{result.stderr}"
    text = " ".join(problem_lines).lower()
    for word in words:
        assert word.lower() in text, f"{word!r} not in {problem_lines}"
    assert "Traceback" not in result.stderr
    assert f"good.contract:{MARK}" in result.stdout, result.stdout
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)


# -- things that are not a readable contract ------------------------------------------


def test_missing_file(tmp_path, good):
    result = run_check(str(tmp_path / "nowhere.contract"), str(good))
    assert_reported(result, "nowhere.contract", "no such file")


def test_symbolic_link_loop(tmp_path, good):
    (tmp_path / "a.contract").symlink_to("b.contract")
    (tmp_path / "b.contract").symlink_to("a.contract")
    result = run_check(str(tmp_path / "a.contract"), str(good))
    assert_reported(result, "a.contract", "symbolic link", "loop")


def test_dangling_symbolic_link(tmp_path, good):
    (tmp_path / "gone.contract").symlink_to("deleted.contract")
    result = run_check(str(tmp_path / "gone.contract"), str(good))
    assert_reported(result, "gone.contract", "symbolic link", "deleted.contract")


@pytest.mark.parametrize("name", ["pipe.contract", "pipe.md"])
def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path, good, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    result = run_check(str(fifo), str(good))  # a hang would hit TIMEOUT and fail
    assert_reported(result, name, "named pipe")


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_device_is_refused_without_reading_it(device, good):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    result = run_check(device, str(good))
    assert_reported(result, device, "device")


def test_binary_file(tmp_path, good):
    binary = tmp_path / "scan.contract"
    binary.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    result = run_check(str(binary), str(good))
    assert_reported(result, "scan.contract", "binary")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", ("empty",)),
        (b"  \n\n\t\n", ("blank",)),
        (codecs.BOM_UTF8, ("byte-order mark",)),
    ],
)
def test_empty_file_is_an_error_not_silence(tmp_path, good, content, words):
    empty = tmp_path / "empty.contract"
    empty.write_bytes(content)
    result = run_check(str(empty), str(good))
    assert_reported(result, "empty.contract", *words)


def test_file_in_no_encoding_we_know(tmp_path, good):
    bad = tmp_path / "garbled.contract"
    bad.write_bytes("# 合同\n".encode() + b"\xff\xfe\xfa garbage \xff\xff\xff\n" * 20)
    result = run_check(str(bad), str(good))
    assert_reported(result, "garbled.contract", "not valid text", "line 2")


def test_folder_without_permission(tmp_path, good):
    """Root reads any folder, so as root the command runs without the capabilities
    that bypass permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root and setpriv is missing: root can read any folder")
        prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.contract").write_text(GOOD, encoding="utf-8")
    os.chmod(locked, 0)
    try:
        if not prefix and os.access(locked, os.R_OK):
            pytest.skip("this user can read a folder with mode 000")
        result = run_check(str(locked), str(good), prefix=prefix)
        if "Operation not permitted" in result.stderr and "setpriv" in result.stderr:
            pytest.skip(f"cannot drop capabilities here: {result.stderr.strip()}")
        assert_reported(result, "locked", "permission denied")
    finally:
        os.chmod(locked, 0o755)


def test_file_changing_while_it_is_read(tmp_path, monkeypatch):
    """Someone saves the file while it is read: a clear message, not mixed content."""
    path = tmp_path / "busy.contract"
    path.write_bytes(GOOD.encode() * 40_000)  # several reads of 1 MiB
    real_read = os.read
    calls: list[int] = []

    def read_and_append(fd: int, size: int) -> bytes:
        chunk = real_read(fd, size)
        if not calls:
            with open(path, "ab") as handle:
                handle.write("补充条款。\n".encode())
        calls.append(1)
        return chunk

    monkeypatch.setattr(decode.os, "read", read_and_append)
    with pytest.raises(InputError, match="changed while it was being read"):
        read_file(str(path))


def test_changing_file_through_the_command(tmp_path, monkeypatch, good):
    from click.testing import CliRunner

    from contractlint.cli import cli

    path = tmp_path / "busy.contract"
    path.write_bytes(GOOD.encode())
    real_fstat = os.fstat
    looks = [0]

    def fstat_after_a_save(fd: int):
        info = real_fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_ino == path.stat().st_ino:
            looks[0] += 1
            if looks[0] % 2 == 0:  # the look after reading: someone saved meanwhile
                os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
                return real_fstat(fd)
        return info

    monkeypatch.setattr(decode.os, "fstat", fstat_after_a_save)
    args = ["check", "--jobs", "1", "--no-cache", str(path), str(good)]
    result = CliRunner().invoke(cli, args)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "busy.contract" in output and "changed while it was being read" in output, output
    assert f"good.contract:{MARK}" in output
    assert result.exit_code == 2


# -- encodings that must simply work, with exact positions ----------------------------------


ENCODED = [
    ("utf8.contract", GOOD.encode("utf-8")),
    ("utf8-bom.contract", codecs.BOM_UTF8 + GOOD.encode("utf-8")),
    ("utf16le-bom.contract", codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le")),
    ("utf16be-bom.contract", codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be")),
    ("gb18030.contract", GOOD.encode("gb18030")),
    ("gbk.contract", GOOD.replace("😀", "").encode("gbk")),
    ("big5.contract", GOOD_TW.encode("big5")),
    ("crlf.contract", GOOD.replace("\n", "\r\n").encode("utf-8")),
    ("cr.contract", GOOD.replace("\n", "\r").encode("utf-8")),
    ("gbk-crlf.contract", GOOD.replace("😀", "").replace("\n", "\r\n").encode("gbk")),
]


def test_every_encoding_and_line_ending_is_read_with_exact_positions(tmp_path):
    names = []
    for name, data in ENCODED:
        (tmp_path / name).write_bytes(data)
        names.append(str(tmp_path / name))
    result = run_check(*names)
    assert result.stderr.strip() == "" or "error:" not in result.stderr, result.stderr
    for name, _data in ENCODED:
        assert f"{name}:{MARK}" in result.stdout, (name, result.stdout)
    assert result.returncode == 1  # findings, but every file was read


@pytest.mark.parametrize(("name", "data"), ENCODED)
def test_decoding_gives_the_same_text_and_remembers_how_to_write_it(name, data):
    decoded = decode_bytes(data)
    expected = GOOD_TW if "big5" in name else GOOD
    if "gbk" in name:
        expected = GOOD.replace("😀", "")
    assert decoded.text == expected
    assert decoded.bom == ("bom" in name)
    assert decoded.newline == {"crlf": "\r\n", "cr": "\r"}.get(
        name.split(".")[0].split("-")[-1], "\n"
    )
    family = {"gb18030": "gb18030", "gbk": "gb18030", "big5": "big5"}
    assert decoded.encoding.startswith(family.get(name.split("-")[0].split(".")[0], "utf-"))


@pytest.mark.parametrize(
    "text",
    [
        "第一條 服務範圍\n甲方應於接到報修後二十四小時內到達現場，乙方應支付服務費。\n",
        "第一条 服务范围\n甲方应于接到报修后二十四小时内到达现场，乙方应支付服务费。\n",
        "争议解决：向上海国际仲裁中心申请仲裁。\n",
        "爭議解決：向中華民國仲裁協會申請仲裁。\n",
    ],
)
def test_gb18030_and_big5_are_told_apart_without_a_bom(text):
    for encoding in ("gb18030", "big5"):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        decoded = decode_bytes(data)
        assert decoded.text == text, (encoding, decoded.encoding)


def test_a_western_draft_in_windows_1252_is_read():
    text = "Café terms: the Supplier shall deliver the goods naïvely and promptly.\n" * 3
    assert decode_bytes(text.encode("cp1252")).text == text


def test_undecodable_bytes_name_the_line():
    with pytest.raises(DecodeError, match="line 3"):
        decode_bytes(b"line one\nline two\n\xff\xfe\xfd\xfc\xfb\xfa\n")


def test_summary_is_not_all_clear_when_an_input_could_not_be_linted(tmp_path):
    clean = tmp_path / "ok.contract"
    clean.write_text("## 1 Scope {scope}\nText.\n", encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "contractlint",
            "check",
            "--select",
            "CL001",
            str(clean),
            str(tmp_path / "missing.contract"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "All clear" not in run.stdout
    assert "1 input(s) could not be linted" in run.stdout
    assert "missing.contract: no such file or folder" in run.stderr
