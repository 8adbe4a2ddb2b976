"""What was read from a file is cached until the file changes, and never under the wrong stamp."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contractlint import config, filecache, yamlload


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filecache, "cache_dir", lambda: str(tmp_path / "cache"))


def test_a_file_saved_while_it_was_being_read_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tmp_path / "table.yaml"
    table.write_text("a: 1\n", encoding="utf-8")
    parse = yamlload.parse_yaml

    def saved_meanwhile(text: str, name: str) -> object:
        data = parse(text, name)
        table.write_text("a: 22\n", encoding="utf-8")  # an editor saves mid-read
        return data

    monkeypatch.setattr(yamlload, "parse_yaml", saved_meanwhile)
    assert yamlload.load_yaml(table) == {"a": 1}
    monkeypatch.setattr(yamlload, "parse_yaml", parse)
    assert yamlload.load_yaml(table) == {"a": 22}  # not the old value under the new stamp


def test_a_configuration_is_read_from_the_cache_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / ".contractlint.toml"
    path.write_text('ignore = ["CL001"]\n', encoding="utf-8")
    assert config.read_config_file(path)["ignore"] == ["CL001"]

    def not_read(path: str) -> dict[str, object]:
        raise AssertionError("read again although unchanged")

    monkeypatch.setattr(config, "_read_config_file", not_read)
    assert config.read_config_file(path)["ignore"] == ["CL001"]
    monkeypatch.undo()
    monkeypatch.setattr(filecache, "cache_dir", lambda: str(tmp_path / "cache"))
    path.write_text('ignore = ["CL1"]\n', encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert config.read_config_file(path)["ignore"] == ["CL1"]
