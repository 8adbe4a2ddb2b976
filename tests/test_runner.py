"""Many files: stable order whatever --jobs is, and a content-hash cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from contractlint import runner
from contractlint.config import Resolver
from contractlint.runner import Input, RunOptions, iter_inputs, run

REPO = Path(__file__).resolve().parent.parent
BROKEN = "## 1 Scope {scope\nText.\n"


def _corpus(root: Path) -> list[Path]:
    """A dozen contracts in nested folders: samples, broken copies, an empty file."""
    samples = sorted((REPO / "samples").glob("*.contract"))
    made = []
    for number in range(12):
        folder = root / f"group{number % 3}" / ("sub" if number % 2 else "")
        folder.mkdir(parents=True, exist_ok=True)
        source = samples[number % len(samples)].read_text(encoding="utf-8") if samples else ""
        text = source + (f"\n## {90 + number} Extra {{scope\n" if number % 4 == 0 else "")
        path = folder / f"c{number:02d}.contract"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    (root / "group0" / "notes.txt.bak").write_text("not a contract", encoding="utf-8")
    return made


def _cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("CONTRACTLINT_OUTPUT_FORMAT", None)
    return subprocess.run(
        [sys.executable, "-m", "contractlint", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=300,
    )


def test_parallel_output_is_identical_to_serial(tmp_path: Path) -> None:
    _corpus(tmp_path)
    serial = _cli("--no-cache", "--jobs", "1", "--output-format", "json", ".", cwd=tmp_path)
    parallel = _cli("--no-cache", "--jobs", "2", "--output-format", "json", ".", cwd=tmp_path)
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout
    assert '"CL001"' in serial.stdout
    full_serial = _cli("--no-cache", "-j", "1", ".", cwd=tmp_path)
    full_parallel = _cli("--no-cache", "-j", "2", ".", cwd=tmp_path)
    assert full_serial.stdout == full_parallel.stdout


def test_folders_expand_in_sorted_order(tmp_path: Path) -> None:
    _corpus(tmp_path)
    problems: list[str] = []
    resolver = Resolver(isolated=True, cwd=tmp_path)
    names = [i.display for i in iter_inputs([str(tmp_path)], resolver.for_path, problems)]
    relative = [Path(n).relative_to(tmp_path).as_posix() for n in names]
    assert relative[:4] == [
        "group0/c00.contract",
        "group0/c06.contract",
        "group0/sub/c03.contract",
        "group0/sub/c09.contract",
    ]
    assert len(relative) == 12 and not problems
    assert all(n.endswith(".contract") for n in relative)


def _inputs(root: Path, **settings_overrides: object) -> list[Input]:
    resolver = Resolver(isolated=True, cwd=root)
    problems: list[str] = []
    return list(iter_inputs([str(root)], resolver.for_path, problems))


def test_cache_hits_misses_and_invalidation(tmp_path: Path) -> None:
    files = _corpus(tmp_path)
    cache_dir = tmp_path / "cachedir"
    options = RunOptions(jobs=1, cache_dir=str(cache_dir))
    first = run(_inputs(tmp_path), options)
    assert not any(r.cached for r in first)
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    assert (cache_dir / ".gitignore").read_text().endswith("*\n")
    second = run(_inputs(tmp_path), options)
    assert all(r.cached for r in second)
    assert [r.diagnostics for r in first] == [r.diagnostics for r in second]
    assert [r.matched for r in first] == [r.matched for r in second]

    files[1].write_text(files[1].read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    third = run(_inputs(tmp_path), options)
    changed = [r for r in third if not r.cached]
    assert [Path(r.path).name for r in changed] == [files[1].name]
    assert any(d.code == "CL001" for d in changed[0].diagnostics)

    nocache = run(_inputs(tmp_path), RunOptions(jobs=1, cache=False, cache_dir=str(cache_dir)))
    assert not any(r.cached for r in nocache)


def test_cache_key_includes_settings_and_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.contract").write_text(BROKEN, encoding="utf-8")
    options = RunOptions(jobs=1, cache_dir=str(tmp_path / "c"))
    item = Input(
        str(tmp_path / "a.contract"),
        "a.contract",
        Resolver(isolated=True, cwd=tmp_path).for_path("a.contract"),
    )
    run([item], options)
    assert run([item], options)[0].cached
    from dataclasses import replace

    ignored = Input(item.source, item.display, replace(item.settings, ignore=("CL001",)))
    miss = run([ignored], options)[0]
    assert not miss.cached and not any(d.code == "CL001" for d in miss.diagnostics)
    monkeypatch.setattr(runner, "_CODE_HASH", None)
    monkeypatch.setattr("contractlint.__version__", "99.0.0")
    assert not run([item], options)[0].cached
    monkeypatch.setattr(runner, "_CODE_HASH", None)
    pack = tmp_path / "extra.yaml"
    pack.write_text("rules: []\n", encoding="utf-8")
    key_before = runner.settings_fingerprint(replace(item.settings, packs=(str(pack),)))
    pack.write_text("rules: []  # edited\n", encoding="utf-8")
    assert runner.settings_fingerprint(replace(item.settings, packs=(str(pack),))) != key_before


def test_default_cache_dir_is_the_project_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.contractlint]\nselect = ["CL001"]\n', encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.contract").write_text(BROKEN, encoding="utf-8")
    assert _cli("a.contract", cwd=tmp_path / "docs").returncode == 1
    assert (tmp_path / ".contractlint_cache" / f"v{runner.CACHE_FORMAT}").is_dir()
    assert not (tmp_path / "docs" / ".contractlint_cache").exists()
    custom = _cli("--cache-dir", str(tmp_path / "elsewhere"), "a.contract", cwd=tmp_path / "docs")
    assert custom.returncode == 1 and (tmp_path / "elsewhere" / f"v{runner.CACHE_FORMAT}").is_dir()
    (tmp_path / "nc").mkdir()
    (tmp_path / "nc" / "b.contract").write_text(BROKEN, encoding="utf-8")
    _cli("--isolated", "--no-cache", "b.contract", cwd=tmp_path / "nc")
    assert not (tmp_path / "nc" / ".contractlint_cache").exists()


def test_cached_run_still_applies_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "a.contract").write_text(BROKEN, encoding="utf-8")
    base = ("--isolated", "--select", "CL001", "--output-format", "concise")
    assert _cli(*base, "a.contract", cwd=tmp_path).returncode == 1
    quiet = _cli(*base, "--per-file-ignores", "a.contract:CL001", "a.contract", cwd=tmp_path)
    assert quiet.returncode == 0 and "CL001" not in quiet.stdout


def test_unreadable_input_exits_2_but_reports_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.contract").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "bad.contract").write_bytes(b"\x00\x01\x02binary\xff\xfe\x00")
    run_ = _cli(
        "--isolated",
        "--select",
        "CL001",
        "--output-format",
        "concise",
        "a.contract",
        "bad.contract",
        "missing.contract",
        cwd=tmp_path,
    )
    assert run_.returncode == 2
    assert "a.contract:1:12: CL001" in run_.stdout
    assert "error: missing.contract: no such file or folder" in run_.stderr
    assert "bad.contract" in run_.stderr and "Traceback" not in run_.stderr


def test_stdin_with_filename_uses_that_files_config(tmp_path: Path) -> None:
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "contractlint.toml").write_text('ignore = ["CL001"]\n', encoding="utf-8")
    plain = _cli("--output-format", "concise", "-", cwd=tmp_path, stdin=BROKEN)
    assert "-:1:12: CL001" in plain.stdout
    named = _cli(
        "--output-format",
        "concise",
        "--stdin-filename",
        "legal/x.contract",
        "-",
        cwd=tmp_path,
        stdin=BROKEN,
    )
    assert "CL001" not in named.stdout


def test_an_internal_error_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.contract").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "b.contract").write_text(BROKEN, encoding="utf-8")

    def explode(path, settings, display=None):  # type: ignore[no-untyped-def]
        if str(path).endswith("a.contract"):
            raise ValueError("boom")
        return original(path, settings, display)

    original = runner.lint_path
    monkeypatch.setattr(runner, "lint_path", explode)
    inputs = _inputs(tmp_path)
    results = run(inputs, RunOptions(jobs=1, cache=False))
    assert results[0].error is not None and "internal error" in results[0].error
    assert "ValueError: boom" in results[0].error
    assert results[1].error is None and results[1].diagnostics


def test_a_folder_without_contracts_is_a_warning_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run_ = _cli("--isolated", "empty", cwd=tmp_path)
    assert run_.returncode == 0
    assert "warning: no contract files found in empty" in run_.stderr
    assert "0 files checked" in run_.stdout
