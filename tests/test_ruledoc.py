"""docs/rules.md is generated from the packs; this fails when it is stale."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from contractlint.cli import cli
from contractlint.packs import all_rules
from contractlint.ruledoc import render_all

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rules_md_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_all(), (
        "docs/rules.md is stale: run  python -m contractlint.ruledoc > docs/rules.md"
    )


def test_every_rule_has_an_anchor_in_the_docs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for rule in all_rules():
        assert f'<a id="{rule.code.lower()}"></a>' in text
        assert rule.url.endswith(f"#{rule.code.lower()}")


def test_rule_command_prints_the_page() -> None:
    result = CliRunner().invoke(cli, ["rule", "CL301", "--language", "en"])
    assert result.exit_code == 0, result.output
    assert "CL301 vague-time-word" in result.output
    assert "Civil Code" in result.output  # why, with its source
    assert "```contract" in result.output  # the examples
    assert "promptly" in result.output


def test_rule_command_lists_all_and_json() -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["rule", "--all"])
    assert listing.exit_code == 0
    assert "CL801" in listing.output and "CL101" in listing.output
    data = json.loads(runner.invoke(cli, ["rule", "CL801", "--output-format", "json"]).output)
    assert data["code"] == "CL801" and data["severity"] == "error"
    assert {"zh", "en"} <= set(data["message"])


def test_unknown_rule_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["rule", "CL999"])
    assert result.exit_code == 2
    assert "no rule" in result.output


HOUSE_PACK = """\
pack: house-style
rules:
  - code: CL991
    name: forbidden-word
    severity: warning
    languages: [en]
    check: pattern
    options: {pattern: frobnicate}
    message: {en: "Forbidden: {match}"}
    help: {en: Delete it}
    why: {en: House style}
    source: drafting practice
    examples:
      - {lang: en, expect: fail, at: "2:5", text: "## 1 A\\nThe frobnicate clause.\\n"}
      - {lang: en, expect: pass, text: "## 1 A\\nThe clause.\\n"}
"""


def test_rule_command_reads_packs_from_the_configuration(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "house.yaml").write_text(HOUSE_PACK, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.contractlint]\npacks = ["house.yaml"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["rule", "CL991"])
    assert result.exit_code == 0, result.output
    assert "CL991 forbidden-word" in result.output
