"""The generated standalone parser gives exactly what Lark gives, and a bad one is replaced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from contractlint import larkrt, parse
from contractlint.model import document_to_json

BROKEN = """---
title: Broken
---

party A provider "Acme Ltd
  address: 1 Main St

## 1 Scope {scope
Text that is fine, with a blank [amount] and 第3条.

## 2 Fees {fees} trailing
More text that is fine.

## 3 Term
Still modelled.
---
stray: front matter
"""


def _forget_generated_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m.startswith("contractlint_grammar_")]:
        monkeypatch.delitem(sys.modules, name)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh cache folder, and the parser loaded anew for each use."""
    monkeypatch.setattr(larkrt, "cache_dir", lambda: tmp_path)
    _forget_generated_modules(monkeypatch)
    parse._lark.cache_clear()
    yield tmp_path
    parse._lark.cache_clear()


def _parse_with(runtime_cache: Path | None, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list]:
    monkeypatch.setattr(larkrt, "cache_dir", lambda: runtime_cache)
    parse._lark.cache_clear()
    result = parse.parse(BROKEN, "b.contract")
    errors = [(d.span, d.message) for d in result.diagnostics]
    return document_to_json(result.document), errors


def test_standalone_and_lark_parse_alike(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_lark = _parse_with(None, monkeypatch)
    assert not list(cache.glob("contractlint_grammar_*.py"))
    with_standalone = _parse_with(cache, monkeypatch)
    assert list(cache.glob("contractlint_grammar_*.py")), "the module was not generated"
    assert parse._lark().parser.__class__.__module__.startswith("contractlint_grammar_")
    assert len(with_lark[1]) >= 3  # recovery went through several errors
    assert with_standalone == with_lark


def test_a_damaged_module_falls_back_and_is_rewritten(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _parse_with(cache, monkeypatch)
    (module,) = cache.glob("contractlint_grammar_*.py")
    module.write_text("raise RuntimeError('damaged')\n", encoding="utf-8")
    _forget_generated_modules(monkeypatch)
    assert _parse_with(cache, monkeypatch) == expected  # Lark itself did the work
    assert not module.exists()  # dropped ...
    assert _parse_with(cache, monkeypatch) == expected
    assert "damaged" not in module.read_text(encoding="utf-8")  # ... and written anew


def test_a_warm_cli_run_does_not_import_lark(tmp_path: Path) -> None:
    """The point of the module: a cached run skips Lark's grammar compiler."""
    # Told not to write bytecode, as CI machines often are: the module's is written anyway.
    env = {**os.environ, "CONTRACTLINT_CACHE_DIR": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    contract = tmp_path / "a.contract"
    contract.write_text(BROKEN, encoding="utf-8")
    code = (
        "import sys\n"
        "from contractlint.cli import main\n"
        "sys.argv = ['contractlint', 'check', '--no-cache', sys.argv[1]]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print('lark loaded:', 'lark' in sys.modules, file=sys.stderr)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(contract)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        for _ in range(3)
    ]
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert runs[1].returncode == 1 and "CL001" in runs[1].stdout
    assert "lark loaded: True" in runs[0].stderr  # the first run generates the module
    assert list(tmp_path.rglob("__pycache__/contractlint_grammar_*.pyc"))
    assert "lark loaded: False" in runs[1].stderr, runs[1].stderr
    # The lexer's patterns are remembered for the next run (rxcache.warmed): only
    # those, not the one-off patterns of generating the module on the first run.
    (regex_cache,) = tmp_path.rglob("regex-*.json")
    lexer = json.loads(regex_cache.read_text(encoding="utf-8"))["@lexer"]
    assert 0 < len(lexer) <= 52  # the grammar's LALR states bound the lexers


def test_old_generated_modules_are_pruned(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One module per grammar and Lark version; old ones do not pile up in the cache."""
    for n in range(6):
        stale = cache / f"contractlint_grammar_{n:08x}.py"
        stale.write_text("# an older grammar\n", encoding="utf-8")
        os.utime(stale, ns=(n, n))
    expected = _parse_with(None, monkeypatch)
    assert _parse_with(cache, monkeypatch) == expected
    kept = sorted(p.name for p in cache.glob("contractlint_grammar_*.py"))
    assert len(kept) == larkrt._KEEP_MODULES
    assert parse._lark().parser.__class__.__module__ + ".py" in kept
    assert "contractlint_grammar_00000000.py" not in kept  # the oldest went first


def test_bytecode_follows_a_module_another_run_rewrote(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two first runs at once each write the module; the bytecode must match the one kept."""
    expected = _parse_with(cache, monkeypatch)
    (module,) = cache.glob("contractlint_grammar_*.py")
    (pyc,) = cache.glob("__pycache__/contractlint_grammar_*.pyc")
    assert larkrt._bytecode_matches(str(pyc), str(module))
    module.write_text(module.read_text(encoding="utf-8") + "\n# written by another run\n")
    assert not larkrt._bytecode_matches(str(pyc), str(module))
    _forget_generated_modules(monkeypatch)
    assert _parse_with(cache, monkeypatch) == expected
    assert larkrt._bytecode_matches(str(pyc), str(module))


def test_a_module_that_imports_but_cannot_parse_is_replaced(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _parse_with(cache, monkeypatch)
    (module,) = cache.glob("contractlint_grammar_*.py")
    module.write_text("DATA = {}  # cut short\n", encoding="utf-8")
    _forget_generated_modules(monkeypatch)
    assert _parse_with(cache, monkeypatch) == expected  # Lark itself did the work
    assert not module.exists()
