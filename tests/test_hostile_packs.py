"""Hostile rule packs and configuration, through ``--pack`` and ``--config``.

Each is rejected quickly (well under the time limit below, in a fresh process)
with a message naming the file and what is wrong, and never runs code, never
expands an alias bomb and never backtracks exponentially.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

GOOD = '# 售后服务合同\n\n甲方应及时付款。\nparty 丙方 "未结束的名称\n'
QUICK = 15.0  # seconds for a whole process, on a noisy 2-core machine

RULE = """pack: {pack}
rules:
  - code: CL990
    name: hostile-rule
    severity: warning
    languages: [zh, en]
    check: {check}
    options:
      scope: [all]
      pattern:
        zh: '{pattern}'
        en: '{pattern}'
    message: {{zh: "匹配", en: "match"}}
    help: {{zh: "改", en: "fix"}}
    why: {{zh: "因为", en: "because"}}
    source: test
    examples:
      - {{lang: zh, expect: fail, at: "2:1", text: "## 第一条 服务\\naaaa\\n"}}
      - {{lang: zh, expect: pass, text: "## 第一条 服务\\nbbbb\\n"}}
      - {{lang: en, expect: fail, at: "2:1", text: "## 1 Services\\naaaa\\n"}}
      - {{lang: en, expect: pass, text: "## 1 Services\\nbbbb\\n"}}
"""


def run_check(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", "--no-cache", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
    )
    return result, time.perf_counter() - start


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "good.contract").write_text(GOOD, encoding="utf-8")
    return tmp_path


def assert_rejected(result, elapsed: float, name: str, *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert elapsed < QUICK, f"took {elapsed:.1f} s"
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if name in line]
    assert lines, result.stderr
    for word in words:
        assert word.lower() in " ".join(lines).lower(), (word, lines)


def test_billion_laughs_alias_bomb(folder):
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    (folder / "laughs.yaml").write_text(
        "pack: laughs\n" + "\n".join(levels) + "\nrules: []\n", encoding="utf-8"
    )
    result, elapsed = run_check("--pack", "laughs.yaml", "good.contract", cwd=folder)
    assert_rejected(result, elapsed, "laughs.yaml", "alias")


def test_python_object_tags_never_run(folder):
    marker = folder / "pwned"
    (folder / "evil.yaml").write_text(
        f'pack: evil\nrules: !!python/object/apply:os.system ["touch {marker}"]\n',
        encoding="utf-8",
    )
    result, elapsed = run_check("--pack", "evil.yaml", "good.contract", cwd=folder)
    assert_rejected(result, elapsed, "evil.yaml", "python/object")
    assert not marker.exists()


def test_yaml_nested_twenty_thousand_deep(folder):
    (folder / "deep.yaml").write_text(
        "pack: deep\nrules: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8"
    )
    result, elapsed = run_check("--pack", "deep.yaml", "good.contract", cwd=folder)
    assert_rejected(result, elapsed, "deep.yaml")


def test_catastrophic_regular_expression_runs_in_linear_time(folder):
    """``(a+)+$`` takes Python's re minutes on 30 letters; the rule engine uses RE2."""
    (folder / "redos.yaml").write_text(
        RULE.format(pack="redos", check="clause-contains", pattern="(a+)+$"), encoding="utf-8"
    )
    (folder / "slow.contract").write_text(
        "# 合同\n\n## 第一条 服务范围\n" + "a" * 200_000 + "X\n", encoding="utf-8"
    )
    result, elapsed = run_check(
        "--pack", "redos.yaml", "good.contract", "slow.contract", cwd=folder
    )
    assert elapsed < QUICK, f"took {elapsed:.1f} s"
    assert "Traceback" not in result.stderr
    assert "good.contract:4:" in result.stdout  # the files were linted


def test_regular_expression_that_needs_backtracking_is_refused(folder):
    (folder / "backref.yaml").write_text(
        RULE.format(pack="backref", check="clause-contains", pattern="(a)\\1"), encoding="utf-8"
    )
    result, elapsed = run_check("--pack", "backref.yaml", "good.contract", cwd=folder)
    assert_rejected(result, elapsed, "backref.yaml", "pattern", "regular expression")


def test_pack_naming_an_unknown_check(folder):
    (folder / "unknown.yaml").write_text(
        RULE.format(pack="unknown", check="no-such-check", pattern="a"), encoding="utf-8"
    )
    result, elapsed = run_check("--pack", "unknown.yaml", "good.contract", cwd=folder)
    assert_rejected(result, elapsed, "unknown.yaml", "unknown check", "no-such-check")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"pack: [unclosed\n", ()),
        (b"\xff\xfe\x00binary\x00", ()),
        (b"- just\n- a list\n", ()),
    ],
)
def test_pack_that_is_not_a_pack(folder, content, words):
    (folder / "broken.yaml").write_bytes(content)
    result, elapsed = run_check("--pack", "broken.yaml", "good.contract", cwd=folder)
    assert_rejected(result, elapsed, "broken.yaml", *words)


def test_missing_pack(folder):
    result, elapsed = run_check("--pack", "nowhere.yaml", "good.contract", cwd=folder)
    assert_rejected(result, elapsed, "nowhere.yaml")


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("select = 5\n", ("select",)),
        ('select = ["CL1"]\nseverity = "loud"\n', ("severity",)),
        ('[severity]\nCL101 = "loud"\n', ("severity.CL101", "warning")),
        ('message-language = ["zh"]\n', ("message-language",)),
        ("ignore = [1, 2]\n", ("ignore",)),
        ('select = ["NOT-A-CODE"]\n', ("NOT-A-CODE",)),
        ("select = [\n", ("TOML",)),
        ('extend = "contractlint.toml"\n', ("extend",)),
    ],
)
def test_configuration_with_wrong_types(folder, toml, words):
    (folder / "contractlint.toml").write_text(toml, encoding="utf-8")
    for args in (("--config", "contractlint.toml"), ()):
        result, elapsed = run_check(*args, "good.contract", cwd=folder)
        assert_rejected(result, elapsed, "contractlint.toml", *words)


def test_pyproject_table_with_wrong_types(folder):
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.contractlint]\nprofile = 3\n', encoding="utf-8"
    )
    result, elapsed = run_check("good.contract", cwd=folder)
    assert_rejected(result, elapsed, "pyproject.toml", "profile")
