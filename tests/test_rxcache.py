"""The cross-run regex cache gives the very patterns re.compile gives, or falls back to it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from contractlint import rxcache
from contractlint.extract import DATE, DURATION, MONEY, PLACEHOLDER, XREF

PATTERNS = [
    (p.pattern, p.flags & ~re.UNICODE) for p in (DATE, DURATION, MONEY, PLACEHOLDER, XREF)
] + [
    (r"(?P<place>[\u4e00-\u9fff（）()]{0,30}?)(?:人民)?法院", 0),
    (r"liquidated\s+damages|late\s+payment\s+(?:charge|interest|fee)", re.IGNORECASE),
    (r"^[ \t]*(\d+(?:\.\d+)+)(?=[.)\s]|$)", re.MULTILINE),
]


@pytest.fixture
def cache_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "regex.json"
    monkeypatch.setattr(rxcache, "_path", lambda: path)
    monkeypatch.setattr(rxcache, "_entries", None)
    monkeypatch.setattr(rxcache, "_dirty", False)
    return path


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> bool:
    return a == b and a.groupindex == b.groupindex and a.groups == b.groups


def test_patterns_built_then_read_back_equal_re_compile(cache_file: Path) -> None:
    for pattern, flags in PATTERNS:
        assert _same(rxcache.compile(pattern, flags), re.compile(pattern, flags))
    rxcache.save()
    assert cache_file.exists()
    rxcache._entries = None  # a new run: everything comes from the file
    for pattern, flags in PATTERNS:
        cached = rxcache.compile(pattern, flags)
        assert _same(cached, re.compile(pattern, flags))
    assert not rxcache._dirty  # nothing had to be compiled again
    text = "甲方应在2026年3月1日前向上海市浦东新区人民法院起诉，支付人民币5,000元，3个工作日内。"
    for pattern, flags in PATTERNS:
        assert [m.span() for m in rxcache.compile(pattern, flags).finditer(text)] == [
            m.span() for m in re.finditer(pattern, text, flags)
        ]


def test_a_damaged_cache_falls_back_to_re_compile(cache_file: Path) -> None:
    pattern, flags = PATTERNS[0]
    key = f"{flags}:{pattern}"
    cache_file.write_text(json.dumps({key: [0, "not base64!", 3, {}]}))
    assert _same(rxcache.compile(pattern, flags), re.compile(pattern, flags))
    cache_file.write_text("not json")
    rxcache._entries = None
    assert _same(rxcache.compile(pattern, flags), re.compile(pattern, flags))


def test_warmed_gives_re_the_patterns_compiled_there_last_run(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What Lark compiles with re.compile on every start comes ready on the next run."""
    pattern = r"(?P<heading>#{1,6})[ \t]+[\u4e00-\u9fff]+ warmed-test"
    with rxcache.warmed("lexer"):
        first = re.compile(pattern, re.MULTILINE)
    rxcache.save()
    assert json.loads(cache_file.read_text())["@lexer"] == [f"{int(re.MULTILINE)}:{pattern}"]

    rxcache._entries = None  # a new run: re's own cache no longer has the pattern
    monkeypatch.delitem(re._cache, (str, pattern, re.MULTILINE))

    def no_compiling(*args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(re._compiler, "compile", no_compiling)
    with rxcache.warmed("lexer"):
        again = re.compile(pattern, re.MULTILINE)
    assert _same(again, first)
    assert again.match("## 范围 warmed-test").group("heading") == "##"


def test_warmed_stops_recording_at_its_limit(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rxcache, "_MAX_WARMED", 3)
    with rxcache.warmed("g"):
        for n in range(5):
            re.compile(f"warmed-limit-{n}")
    with rxcache.warmed("g"):
        re.compile("warmed-limit-late")
    assert len(rxcache._load()["@g"]) == 3


def test_parsing_in_threads_while_others_compile_patterns(tmp_path: Path) -> None:
    """parse() never raises: not on a first run shared by threads, not while re's cache churns."""
    code = (
        "import re, sys, threading\n"
        "from contractlint.parse import parse\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "errors, stop = [], []\n"
        "def churn():\n"
        "    i = 0\n"
        "    while not stop:\n"
        "        re.compile(f'x{i}y'); i += 1\n"
        "def work():\n"
        "    try:\n"
        "        for _ in range(30):\n"
        "            parse(text, 'a.contract')\n"
        "    except Exception as error:\n"
        "        errors.append(repr(error))\n"
        "sys.setswitchinterval(1e-6)\n"
        "threads = [threading.Thread(target=work) for _ in range(4)]\n"
        "churner = threading.Thread(target=churn); churner.start()\n"
        "for t in threads: t.start()\n"
        "for t in threads: t.join()\n"
        "stop.append(1); churner.join()\n"
        "print(errors)\n"
    )
    sample = Path(__file__).resolve().parent.parent / "samples" / "after-sales-service.en.contract"
    env = {**os.environ, "CONTRACTLINT_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # a cold cache, then a warm one
        run = subprocess.run(
            [sys.executable, "-c", code, str(sample)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == "[]"
