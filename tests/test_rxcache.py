"""The cross-run regex cache gives the very patterns re.compile gives, or falls back to it."""

from __future__ import annotations

import json
import re
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
