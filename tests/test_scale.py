"""Scale: big, long-lined, deeply nested and clause-heavy contracts.

Each case runs at two sizes four times apart and asserts that the time grows
about four times (linear), not sixteen (quadratic). Sizes are kept small for
CI; the benchmark (``python bench/run.py``) measures the full sizes of the
issue: 50 MB, a 1 MB line, 1,000-deep numbering and 100,000 clauses.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import gen

from contractlint.lint import lint, lint_with_document

# Linear cost gives a ratio of 4 for 4x the input; quadratic gives 16. The bound
# leaves room for a noisy shared machine (timings move by about 1.5x here).
MAX_RATIO = 7.0


def best_time(text: str, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        lint(text)
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(make: Callable[[int], str], small: int, what: str) -> None:
    lint(make(small // 4))  # warm up: grammar, rule packs, caches
    t_small = best_time(make(small))
    t_large = best_time(make(small * 4))
    ratio = t_large / max(t_small, 1e-3)
    assert ratio < MAX_RATIO, (
        f"{what}: 4x the input took {ratio:.1f}x the time "
        f"({t_small:.2f} s -> {t_large:.2f} s); linear is about 4x"
    )


def test_lint_time_is_linear_in_contract_size():
    assert_linear(lambda n: gen.contract(n), 400_000, "contract size")


def test_lint_time_is_linear_in_english_contract_size():
    assert_linear(lambda n: gen.contract(n, zh=False), 300_000, "English contract size")


def test_lint_time_is_linear_in_the_length_of_one_line():
    assert_linear(lambda n: gen.long_line(n), 250_000, "length of a single line")


def test_lint_time_is_linear_in_the_number_of_clauses():
    assert_linear(lambda n: gen.many_clauses(n), 4_000, "number of clauses")


def test_a_one_megabyte_line_is_linted():
    text = gen.long_line(1_000_000, zh=False)
    diagnostics = lint(text)
    assert all(0 <= d.span.start_offset <= d.span.end_offset <= len(text) for d in diagnostics)


def test_numbering_nested_1000_deep_needs_no_recursion():
    """No part of lint() may recurse once per level: run it with a tiny stack budget."""
    text = gen.deep_nesting(1_000)
    lint(gen.contract(5_000))  # imports and caches outside the budget
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = lint_with_document(text)
        except BaseException as error:  # report it in the test thread
            outcome["error"] = error

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)  # a fresh thread starts near depth 0
    try:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    finally:
        sys.setrecursionlimit(limit)
    assert "error" not in outcome, repr(outcome.get("error"))
    document, _diagnostics = outcome["result"]  # type: ignore[misc]
    clauses = list(document.walk_clauses())
    assert len(clauses) == 1_000 + 1  # the signature clause
    assert max(len(c.number_path or ()) for c in clauses) == 1_000


@pytest.mark.parametrize(
    "heading",
    [
        "## " + "9" * 5_000 + " 超长编号",
        "## 第" + "〇" * 5_000 + "条 超长中文编号",
        "## 第" + "1" * 5_000 + "条 超长编号",
        "## " + ".".join(["1"] * 5_000) + " 五千层编号",
        "## " + "亿" * 5_000 + "、 大数",
    ],
)
def test_absurd_clause_numbers_are_no_crash(heading):
    text = f"# 合同\n\n{heading}\n甲方应付款。\n"
    start = time.perf_counter()
    diagnostics = lint(text)
    assert time.perf_counter() - start < 10
    assert all(d.span.end_offset <= len(text) for d in diagnostics)


def test_big_inputs_through_the_command_line_with_a_small_one(tmp_path):
    """A long line, deep numbering and many clauses in one run: all linted, exit code 1."""
    import subprocess

    files = {
        "line.contract": gen.long_line(200_000, zh=False),
        "deep.contract": gen.deep_nesting(1_000),
        "clauses.contract": gen.many_clauses(2_000),
        "small.contract": '# 合同\n\nparty 丙方 "未结束的名称\n',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", "--no-cache", *files],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "small.contract:3:" in result.stdout
    assert "in 4 files" in result.stdout.splitlines()[-1]
