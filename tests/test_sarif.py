"""SARIF: valid against the official OASIS 2.1.0 schema, and what GitHub reads is there."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from contractlint.report import ReportContext, render
from test_output_formats import FIXTURE_PATH, fixture_results

DATA = Path(__file__).parent / "data"
SCHEMA = DATA / "sarif-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    data = SCHEMA.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256, "the vendored schema changed"
    recorded = (DATA / "sarif-2.1.0.json.sha256").read_text().split()[0]
    assert recorded == SCHEMA_SHA256
    schema = json.loads(data)
    assert schema["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def _errors(validator: Draft4Validator, log: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)
    ]


@pytest.fixture
def fixture_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.chdir(tmp_path)
    context = ReportContext(fixture_results(tmp_path), root=str(tmp_path))
    return json.loads(render("sarif", context))


def test_fixture_log_is_valid(validator: Draft4Validator, fixture_log: dict) -> None:
    assert _errors(validator, fixture_log) == []


def test_the_validator_rejects_a_broken_log(validator: Draft4Validator, fixture_log: dict) -> None:
    del fixture_log["runs"][0]["tool"]["driver"]["name"]
    fixture_log["runs"][0]["results"][0]["level"] = "fatal"
    errors = _errors(validator, fixture_log)
    assert "runs/0/tool/driver: 'name' is a required property" in errors
    assert any(e.startswith("runs/0/results/0/level:") for e in errors)


def test_rules_carry_what_github_reads(fixture_log: dict) -> None:
    run = fixture_log["runs"][0]
    assert fixture_log["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "contractlint" and driver["semanticVersion"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == ["CL109", "CL403", "CL601"]
    for rule in driver["rules"]:
        assert rule["name"] and "-" in rule["name"]
        assert rule["shortDescription"]["text"]
        assert 0 < len(rule["fullDescription"]["text"]) <= 1024
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in driver["rules"]}
    # The default level is the rule's own (from the rule packs), not the finding's after
    # overrides; a code the packs do not know falls back to its finding's level.
    from contractlint.packs import get_rule

    found = {"CL109": "info", "CL403": "error", "CL601": "warning"}
    expected = {}
    for code, level in found.items():
        rule = get_rule(code)
        level = rule.severity if rule is not None else level
        expected[code] = {"info": "note"}.get(level, level)
    assert levels == expected


def test_results_have_relative_uris_regions_and_fingerprints(fixture_log: dict) -> None:
    run = fixture_log["runs"][0]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["CL109", "CL403", "CL601"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    for index, result in enumerate(results):
        assert result["ruleIndex"] == index
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri == "contracts/fee%2Cterms%3Av1.contract"  # relative, percent-encoded
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert set(location["region"]) == {"startLine", "startColumn", "endLine", "endColumn"}
        fingerprints = result["partialFingerprints"]
        assert fingerprints["primaryLocationLineHash"].endswith(":1")
        assert len(fingerprints["contractlint/v1"]) == 16
    # Columns count code points: the emoji on line 6 is column 25 (UTF-16 would say so too
    # here, but its end is 26, not 27).
    assert results[2]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 6,
        "startColumn": 25,
        "endLine": 6,
        "endColumn": 26,
    }
    assert results[1]["level"] == "error" and results[0]["level"] == "note"
    (fix,) = results[1]["fixes"]  # the finding with a fix carries it as a SARIF fix
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "contracts/fee%2Cterms%3Av1.contract"
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 5, "startColumn": 19, "endLine": 5, "endColumn": 26},
            "insertedContent": {"text": "人民币伍万元整"},
        }
    ]
    assert "fixes" not in results[0]
    assert FIXTURE_PATH.startswith("contracts/")


def test_samples_sarif_is_valid(validator: Draft4Validator, tmp_path: Path) -> None:
    samples = sorted(str(p.relative_to(REPO)) for p in (REPO / "samples").glob("*.contract"))
    assert samples, "no samples/*.contract"
    out = tmp_path / "samples.sarif"
    env = {**os.environ, "NO_COLOR": "1"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "contractlint",
            "check",
            "--no-cache",
            "--output-format",
            "sarif",
            "-o",
            str(out),
            *samples,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode in (0, 1), run.stderr
    log = json.loads(out.read_text(encoding="utf-8"))
    assert _errors(validator, log) == []
    for result in log["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("samples/") and not uri.startswith("/")
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        # no message placeholders such as {amount}
        assert not re.search(r"\{[a-z_]+\}", rule["shortDescription"]["text"])
        assert rule["help"]["text"] and rule["help"]["markdown"]
    rules = {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in log["runs"][0]["results"]} <= rules


def test_chinese_file_names_are_percent_encoded(
    tmp_path: Path, validator: Draft4Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contractlint.runner import FileResult

    monkeypatch.chdir(tmp_path)
    results = fixture_results(tmp_path)
    (tmp_path / "合同").mkdir()
    renamed = FileResult("合同/售后 服务.contract", results[0].diagnostics, results[0].matched)
    log = json.loads(render("sarif", ReportContext([renamed], root=str(tmp_path))))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == "%E5%90%88%E5%90%8C/%E5%94%AE%E5%90%8E%20%E6%9C%8D%E5%8A%A1.contract"
    assert _errors(validator, log) == []


def test_uris_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    legal = tmp_path / "legal" / "drafts"
    legal.mkdir(parents=True)
    (legal / "a.contract").write_text("## 1 Scope {scope\nText.\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "contractlint",
            "check",
            "--isolated",
            "--no-cache",
            "--output-format",
            "sarif",
            "a.contract",
        ],
        cwd=legal,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    log = json.loads(run.stdout)
    result = log["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "legal/drafts/a.contract"
    assert (
        log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        == tmp_path.resolve().as_uri() + "/"
    )
