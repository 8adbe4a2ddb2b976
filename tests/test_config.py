"""Configuration: discovery (closest wins), extend, --config, --isolated, validation errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from contractlint.config import (
    ConfigError,
    Resolver,
    find_config,
    is_selected,
    load_config,
    parse_overrides,
    severity_for,
)
from contractlint.runner import CACHE_FORMAT
from contractlint.settings import Settings

BROKEN = "## 1 Scope {scope\nText.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_closest_config_wins_without_merging(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml", '[tool.contractlint]\nignore = ["CL1"]\nprofile = "general"\n'
    )
    write(tmp_path / "sub" / "contractlint.toml", 'select = ["CL0"]\n')
    write(tmp_path / "sub" / "deep" / "x.contract", "")
    resolver = Resolver(cwd=tmp_path)
    top = resolver.for_path(str(tmp_path / "a.contract"))
    deep = resolver.for_path(str(tmp_path / "sub" / "deep" / "x.contract"))
    assert top.ignore == ("CL1",) and top.profile == "general"
    assert deep.select == ("CL0",) and deep.ignore == () and deep.profile is None
    assert deep.config_path == str((tmp_path / "sub" / "contractlint.toml").resolve())


def test_pyproject_without_our_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "contractlint.toml", 'ignore = ["CL2"]\n')
    write(tmp_path / "a" / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_config(tmp_path / "a") == str(tmp_path / "contractlint.toml")


def test_dot_file_beats_plain_name_beats_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.contractlint]\n")
    write(tmp_path / "contractlint.toml", "")
    assert find_config(tmp_path) == str(tmp_path / "contractlint.toml")
    write(tmp_path / ".contractlint.toml", "")
    assert find_config(tmp_path) == str(tmp_path / ".contractlint.toml")


def test_extend_inherits_and_overrides(tmp_path: Path) -> None:
    write(
        tmp_path / "base.toml", 'ignore = ["CL1"]\nprofile = "general"\npacks = ["packs/x.yaml"]\n'
    )
    child = write(
        tmp_path / "team" / "contractlint.toml", 'extend = "../base.toml"\nprofile = "nda"\n'
    )
    values = load_config(child)
    assert values["ignore"] == ["CL1"] and values["profile"] == "nda"
    # paths in a config are relative to the file that names them
    assert values["packs"] == [str((tmp_path / "packs" / "x.yaml").resolve())]


def test_extend_loop_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.toml", 'extend = "b.toml"\n')
    write(tmp_path / "b.toml", 'extend = "a.toml"\n')
    with pytest.raises(ConfigError, match="loops back"):
        load_config(tmp_path / "a.toml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'select = ["CL0"]\nseverty = {CL001 = "info"}\n',
            ":2: unknown key `severty` in contractlint.toml (did you mean `severity`?)",
        ),
        (
            '[severity]\nCL001 = "fatal"\n',
            "contractlint.toml key `severity.CL001`: Input should be",
        ),
        ('select = "CL0"\n', ":1: contractlint.toml key `select`: Input should be a valid list"),
        ('select = ["XYZ123"]\n', "unknown rule selector `XYZ123`"),
        ("select = [\n", "invalid TOML"),
        ('extend_select = ["CL0"]\n', "(did you mean `extend-select`?)"),
        ('message-language = "fr"\n', "key `message-language`"),
    ],
)
def test_validation_errors_name_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path / "contractlint.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path.resolve()))
    assert expected in message


def test_command_line_wins_over_config(tmp_path: Path) -> None:
    write(
        tmp_path / "contractlint.toml",
        'select = ["CL1"]\nignore = ["CL101"]\nprofile = "general"\n[severity]\nCL102 = "info"\n',
    )
    overrides = parse_overrides(
        select=["CL0,CL4"], ignore=["CL401"], profile="nda", severity=["CL102=error"]
    )
    settings = Resolver(overrides, cwd=tmp_path).for_path(str(tmp_path / "x.contract"))
    assert settings.select == ("CL0", "CL4")
    assert settings.ignore == ("CL101", "CL401")
    assert settings.profile == "nda"
    assert dict(settings.severity) == {"CL102": "error"}


def test_config_flag_and_isolated(tmp_path: Path) -> None:
    write(tmp_path / "contractlint.toml", 'ignore = ["CL1"]\n')
    other = write(tmp_path / "elsewhere" / "custom.toml", 'ignore = ["CL4"]\n')
    target = str(tmp_path / "x.contract")
    assert Resolver(config=str(other), cwd=tmp_path).for_path(target).ignore == ("CL4",)
    assert Resolver(isolated=True, cwd=tmp_path).for_path(target).ignore == ()
    with pytest.raises(ConfigError, match="no such configuration file"):
        Resolver(config=str(tmp_path / "missing.toml"), cwd=tmp_path)


def test_selection_most_specific_wins() -> None:
    settings = Settings(select=("CL6",), ignore=("CL601",))
    assert is_selected(settings, "CL602") and not is_selected(settings, "CL601")
    assert not is_selected(settings, "CL101")
    settings = Settings(select=("CL601",), ignore=("CL6",))
    assert is_selected(settings, "CL601") and not is_selected(settings, "CL602")
    assert is_selected(Settings(select=("ALL",)), "CL999")
    assert (
        severity_for(Settings(severity=(("CL6", "info"), ("CL601", "error"))), "CL601", "warning")
        == "error"
    )


@pytest.mark.parametrize("flag", ["--select", "--ignore", "--extend-select"])
def test_unknown_selector_on_the_command_line(flag: str) -> None:
    with pytest.raises(ConfigError, match=f"{flag}: unknown rule selector `NOPE1`"):
        parse_overrides(**{flag[2:].replace("-", "_"): ["NOPE1"]})


def test_bad_severity_and_per_file_ignore_options() -> None:
    with pytest.raises(ConfigError, match="CODE=error"):
        parse_overrides(severity=["CL001=fatal"])
    with pytest.raises(ConfigError, match="GLOB:CODES"):
        parse_overrides(per_file_ignores=["CL001"])


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("CONTRACTLINT_OUTPUT_FORMAT", None)
    return subprocess.run(
        [sys.executable, "-m", "contractlint", "check", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_cli_config_error_exits_2_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path / "contractlint.toml", 'select = ["CL0"]\n[severity]\nCL001 = "fatal"\n')
    write(tmp_path / "a.contract", BROKEN)
    run = _cli("a.contract", cwd=tmp_path)
    assert run.returncode == 2
    assert "contractlint.toml:3: contractlint.toml key `severity.CL001`" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_per_file_ignores_from_config_and_flag(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.contractlint]\nselect = ["CL001"]\n[tool.contractlint.per-file-ignores]\n'
        '"legacy/*.contract" = ["CL001"]\n',
    )
    write(tmp_path / "legacy" / "old.contract", BROKEN)
    write(tmp_path / "new" / "draft.contract", BROKEN)
    run = _cli("--output-format", "concise", ".", cwd=tmp_path)
    assert run.returncode == 1
    assert "new/draft.contract:1:12: CL001" in run.stdout and "legacy" not in run.stdout
    run = _cli("--per-file-ignores", "new/*:CL0", ".", cwd=tmp_path)
    assert run.returncode == 0


def test_cli_exclude_skips_folders_but_not_named_files(tmp_path: Path) -> None:
    write(tmp_path / "contractlint.toml", 'select = ["CL001"]\nexclude = ["vendor"]\n')
    write(tmp_path / "vendor" / "v.contract", BROKEN)
    write(tmp_path / "mine.contract", "## 1 Scope\nText.\n")
    assert _cli(".", cwd=tmp_path).returncode == 0
    assert _cli("vendor/v.contract", cwd=tmp_path).returncode == 1
    assert _cli("--force-exclude", "vendor/v.contract", cwd=tmp_path).returncode == 0


def test_cli_show_settings(tmp_path: Path) -> None:
    write(tmp_path / "contractlint.toml", 'select = ["CL0"]\nprofile = "general"\n')
    run = _cli("--show-settings", "--ignore", "CL003", ".", cwd=tmp_path)
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert lines[1] == f"Settings path: {(tmp_path / 'contractlint.toml').resolve()}"
    assert "select = ['CL0']" in lines and "ignore = ['CL003']" in lines
    assert "profile = 'general'" in lines
    isolated = _cli("--show-settings", "--isolated", ".", cwd=tmp_path)
    assert "Settings path: (none)" in isolated.stdout and "select = ['ALL']" in isolated.stdout


def test_output_format_and_cache_dir_from_config(tmp_path: Path) -> None:
    import json

    write(
        tmp_path / "contractlint.toml",
        'select = ["CL001"]\noutput-format = "json"\ncache-dir = "build/lint-cache"\n',
    )
    write(tmp_path / "a.contract", BROKEN)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("CONTRACTLINT_OUTPUT_FORMAT", None)

    def cli(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "contractlint", "check", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**env, **extra_env},
            timeout=120,
        )

    run = cli("a.contract")
    assert [r["code"] for r in json.loads(run.stdout)] == ["CL001"]
    assert (tmp_path / "build" / "lint-cache" / f"v{CACHE_FORMAT}").is_dir()
    assert not (tmp_path / ".contractlint_cache").exists()
    # the environment variable beats the file, the flag beats both
    assert cli("a.contract", CONTRACTLINT_OUTPUT_FORMAT="concise").stdout.startswith("a.contract:")
    flag = cli("--output-format", "github", "a.contract", CONTRACTLINT_OUTPUT_FORMAT="concise")
    assert flag.stdout.startswith("::error ")


def test_a_read_configuration_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    """A warm run skips tomllib and pydantic (~90 ms); an edit is seen at once."""
    env = {**os.environ, "CONTRACTLINT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    code = (
        "import sys\n"
        "from contractlint.cli import main\n"
        "sys.argv = ['contractlint', 'check', '--no-cache', '--output-format', 'concise', 'a.contract']\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print('pydantic loaded:', 'pydantic' in sys.modules, file=sys.stderr)\n"
    )
    write(tmp_path / "a.contract", BROKEN)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    config = tmp_path / "pyproject.toml"
    write(config, '[tool.contractlint]\nignore = ["CL001"]\n')
    first, second = run(), run()
    assert "CL001" not in first.stdout and first.stdout == second.stdout
    assert "pydantic loaded: True" in first.stderr
    assert "pydantic loaded: False" in second.stderr, second.stderr
    write(config, '[tool.contractlint]\nignore = ["CL1"]\n')
    os.utime(config, ns=(1, 1))  # a different stamp even on a coarse-mtime file system
    edited = run()
    assert "CL001" in edited.stdout and "pydantic loaded: True" in edited.stderr
    write(config, '[tool.contractlint]\nignore = "CL1"\n')
    os.utime(config, ns=(2, 2))
    broken = run()
    assert broken.returncode == 2 and "pyproject.toml" in broken.stderr  # errors are not cached
