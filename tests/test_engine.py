"""The rule engine: selection, severities, languages, pack validation, RE2, caching."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contractlint.engine import is_selected
from contractlint.lint import lint
from contractlint.packs import PackError, get_rule, load_rules
from contractlint.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
MY_FAMILIES = ("CL1", "CL3", "CL7", "CL8", "CL002")

VAGUE = "## 第一条 服务\n甲方应及时响应乙方的报修。\n"


def codes(text: str, **settings: object) -> list[str]:
    return [d.code for d in lint(text, "t.contract", Settings(**settings))]  # type: ignore[arg-type]


# -- selection -----------------------------------------------------------------


def test_select_prefix_and_ignore_specificity() -> None:
    assert is_selected("CL301", Settings(select=("CL3",)))
    assert not is_selected("CL801", Settings(select=("CL3",)))
    assert not is_selected("CL301", Settings(select=("ALL",), ignore=("CL3",)))
    # the more specific selector wins; at equal specificity ignore wins
    assert is_selected("CL301", Settings(select=("CL301",), ignore=("CL3",)))
    assert not is_selected("CL301", Settings(select=("CL301",), ignore=("CL301",)))
    assert is_selected("CL801", Settings(select=("CL3",), extend_select=("CL8",)))


def test_selection_applies_to_findings() -> None:
    assert "CL301" in codes(VAGUE, select=("CL3",))
    assert "CL301" not in codes(VAGUE, ignore=("CL301",))
    assert set(codes(VAGUE, select=("CL301",))) == {"CL301"}


def test_severity_override_by_code_or_prefix() -> None:
    (finding,) = lint(VAGUE, "t", Settings(select=("CL301",), severity=(("CL3", "error"),)))
    assert finding.severity.value == "error"
    (finding,) = lint(
        VAGUE,
        "t",
        Settings(select=("CL301",), severity=(("CL3", "error"), ("CL301", "info"))),
    )
    assert finding.severity.value == "info"


def test_messages_follow_the_contract_language_unless_set() -> None:
    (zh,) = lint(VAGUE, "t", Settings(select=("CL301",)))
    assert "及时" in zh.message and "没有" in zh.message
    (en,) = lint(VAGUE, "t", Settings(select=("CL301",), message_language="en"))
    assert en.message.startswith("“及时” sets no deadline")
    assert en.help and "number" in en.help
    assert en.data["url"].endswith("#cl301")


def test_rules_skip_contracts_in_other_languages() -> None:
    english = "## 1 Services\nThe Provider shall respond promptly.\n"
    assert codes(english, select=("CL301",)) == ["CL301"]
    rule = get_rule("CL301")
    assert rule is not None and set(rule.languages) == {"zh", "en"}


def test_get_rule_metadata() -> None:
    rule = get_rule("cl801")
    assert rule is not None
    assert (rule.code, rule.name, rule.severity, rule.fix_safety) == (
        "CL801",
        "unfilled-placeholder",
        "error",
        "none",
    )
    assert rule.message["zh"] and rule.help["en"] and rule.why["en"] and rule.source
    assert rule.url == (
        "https://github.com/contractlint/contractlint/blob/main/docs/rules.md#cl801"
    )
    assert get_rule("unfilled-placeholder") is rule


# -- bad packs -------------------------------------------------------------------

GOOD_RULE = """\
pack: extra
rules:
  - code: CL991
    name: forbidden-word
    severity: warning
    languages: [en]
    check: pattern
    options:
      pattern: {PATTERN}
    message: {{en: "Forbidden: {{match}}"}}
    help: {{en: Delete it}}
    why: {{en: House style}}
    source: drafting practice
    examples:
      - {{lang: en, expect: fail, at: "2:5", text: "## 1 A\\nThe frobnicate clause.\\n"}}
      - {{lang: en, expect: pass, text: "## 1 A\\nThe clause.\\n"}}
"""


def write_pack(tmp_path: Path, text: str, name: str = "extra.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_extra_pack_runs(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, GOOD_RULE.format(PATTERN="frobnicate"))
    found = lint("## 1 A\nThe frobnicate clause.\n", "t", Settings(packs=(pack,)))
    hits = [d for d in found if d.code == "CL991"]
    assert len(hits) == 1
    assert (hits[0].span.start_line, hits[0].span.start_col) == (2, 5)
    assert hits[0].message == "Forbidden: frobnicate"


def test_pack_caches_do_not_pile_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each edit of a user's pack writes a new cache; only the newest few are kept."""
    from contractlint import packs

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setattr(packs, "cache_dir", lambda: cache)
    for n in range(12):
        pack = write_pack(tmp_path, GOOD_RULE.format(PATTERN=f"frobnicate{n}"), f"p{n}.yaml")
        assert get_rule("CL991", (pack,)) is not None
    kept = list(cache.glob("packs-*.json"))
    assert 1 <= len(kept) <= packs._KEEP_CACHES
    from contractlint import packmodel

    def not_again(contents: object) -> None:
        raise AssertionError("the newest cache was pruned: packs validated again")

    monkeypatch.setattr(packmodel, "validate_packs", not_again)
    packs._load.cache_clear()
    assert any(rule.code == "CL991" for rule in load_rules((pack,)))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda t: t.replace("severity: warning", "severity: fatal"), ":5: rules[0].severity"),
        (lambda t: t.replace("CL991", "CL99"), ":3: rules[0].code"),
        (
            lambda t: t.replace("check: pattern", "check: no-such-check"),
            "unknown check 'no-such-check'",
        ),
        (
            lambda t: t.replace("pattern: frobnicate", "pattern: (a"),
            ":9: rules[0].options.pattern: bad regular expression",
        ),
        (lambda t: t.replace("pattern: frobnicate", "pattern: (a)\\1"), "bad regular expression"),
        (
            lambda t: t.replace("    source: drafting practice\n", ""),
            "rules[0].source: Field required",
        ),
        (
            lambda t: t.replace(
                "      - {lang: en, expect: pass", "      - {lang: zh, expect: pass"
            ),
            "no passing example in en",
        ),
        (lambda t: t.replace("    message:", "    mesage:"), "rules[0].mesage"),
        (lambda t: t.replace(' at: "2:5",', ""), "says where the finding lands"),
        (lambda t: t + "  - &a {code: CL992}\n  - *a\n", "aliases"),
        (lambda t: t.replace("rules:\n", "rules: [\n"), "extra.yaml:"),
    ],
)
def test_bad_pack_names_file_line_and_field(tmp_path: Path, mutate, expected: str) -> None:  # type: ignore[no-untyped-def]
    pack = write_pack(tmp_path, mutate(GOOD_RULE.format(PATTERN="frobnicate")))
    with pytest.raises(PackError) as caught:
        load_rules((pack,))
    message = str(caught.value)
    assert message.startswith(pack), message
    assert expected in message, message


def test_duplicate_code_is_an_error(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, GOOD_RULE.format(PATTERN="x").replace("CL991", "CL301"))
    with pytest.raises(PackError, match="CL301 is already defined"):
        load_rules((pack,))


def test_cli_reports_a_bad_pack_with_exit_2(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, GOOD_RULE.format(PATTERN="(a"))
    contract = tmp_path / "a.contract"
    contract.write_text("## 1 A\nText.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", str(contract), "--pack", pack],
        capture_output=True,
        text=True,
        env={**os.environ, "CONTRACTLINT_CACHE_DIR": str(tmp_path / "cache")},
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{pack}:9:" in result.stderr and "bad regular expression" in result.stderr


def test_catastrophic_pattern_cannot_hang(tmp_path: Path) -> None:
    """(a+)+$ takes exponential time in a backtracking engine; RE2 is linear."""
    pack = write_pack(tmp_path, GOOD_RULE.format(PATTERN="'(a+)+$'"))
    text = "## 1 A\n" + "a" * 200_000 + "!\n"
    start = time.perf_counter()
    found = lint(text, "t", Settings(select=("CL991",), packs=(pack,)))
    assert time.perf_counter() - start < 2.0
    assert found == []


# -- the samples -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["after-sales-service.zh.contract", "after-sales-service.en.contract"]
)
def test_clean_samples_have_nothing_at_warning_or_above(name: str) -> None:
    path = SAMPLES / name
    found = lint(path.read_text(encoding="utf-8"), name, Settings(select=MY_FAMILIES))
    serious = [f"{d.span.start_line}:{d.code} {d.message}" for d in found if d.severity.rank >= 2]
    assert serious == []


DRAFT_EXPECTED = {
    (1, "CL109"),  # no confidentiality clause (seed element 11)
    (61, "CL802"),  # [安装验收合格之日/产品交付之日]
    (62, "CL304"),  # 包括但不限于 … 等
    (102, "CL805"),  # 附件三 does not exist
    (121, "CL301"),  # 及时响应
    (125, "CL302"),  # 尽最大努力
    (160, "CL701"),  # notice and proof without time limits
    (166, "CL801"),  # [某仲裁委员会]
    (186, "CL706"),  # 乙方 block without a date, reported at its first line
    (197, "CL801"),  # 【 】
}


def test_draft_planted_problems_found_at_their_lines() -> None:
    path = SAMPLES / "draft-with-problems.zh.contract"
    found = lint(path.read_text(encoding="utf-8"), path.name, Settings(select=MY_FAMILIES))
    got = {(d.span.start_line, d.code) for d in found}
    assert DRAFT_EXPECTED <= got
    serious = {(d.span.start_line, d.code) for d in found if d.severity.rank >= 2}
    assert serious <= DRAFT_EXPECTED, serious - DRAFT_EXPECTED


def test_seed_guide_template_blanks_are_each_flagged() -> None:
    template = (
        "# 售后服务合同\n\n"
        "## 第一条 服务费用\n"
        "本合同项下年度技术支持服务费用为人民币[金额]元(大写:[中文大写金额])。"
        "乙方应在本合同签订后[天数]个工作日内，向甲方支付上述费用的[百分比]%作为预付款。\n\n"
        "## 第二条 争议解决\n"
        "向[某仲裁委员会]申请仲裁；向甲方/乙方所在地/合同签订地有管辖权的人民法院提起诉讼。\n"
    )
    found = lint(template, "t", Settings(select=("CL801", "CL802")))
    blanks = sorted(d.message.split("：", 1)[1] for d in found if d.code == "CL801")
    assert blanks == sorted(["[金额]", "[中文大写金额]", "[天数]", "[百分比]", "[某仲裁委员会]"])
    assert [d.code for d in found if d.code == "CL802"] == ["CL802"]


def test_unknown_profile_in_settings_is_an_error() -> None:
    with pytest.raises(PackError, match="unknown profile 'bogus'"):
        lint("# A\n", "t", Settings(profile="bogus"))


def test_numbering_gap_offers_an_unsafe_renumbering() -> None:
    text = "## 第一条 服务\n内容。\n\n## 第三条 费用\n内容。\n"
    (finding,) = lint(text, "t", Settings(select=("CL806",)))
    assert finding.fix is not None
    assert finding.fix.applicability.value == "unsafe"
    (edit,) = finding.fix.edits
    assert text[edit.span.start_offset : edit.span.end_offset] == "第三条"
    assert edit.new_text == "第二条"
    fixed = text[: edit.span.start_offset] + edit.new_text + text[edit.span.end_offset :]
    assert lint(fixed, "t", Settings(select=("CL806",))) == []


def test_pack_json_schema_accepts_the_builtin_packs() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from contractlint.packmodel import pack_json_schema
    from contractlint.packs import builtin_pack_paths

    schema = pack_json_schema()
    for path in builtin_pack_paths():
        jsonschema.validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"pack": "x", "rules": [{"code": "CL1"}]}, schema)
