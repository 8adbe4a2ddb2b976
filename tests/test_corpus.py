"""The red-team corpus: contracts the rule authors have not seen.

`clean-*.contract` are sound drafting: a careful lawyer would sign them, so no
finding at warning or error level may fire. `flawed-*.contract` open (after the
front matter) with `<!-- expected: … -->`; every `CL###@line` listed there must be
reported at that line, as many times as it is listed. Findings the comment does
not list are not failures here (docs/dev/redteam.md judges them).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from contractlint.decode import decode_bytes
from contractlint.diagnostic import Severity
from contractlint.lint import lint

CORPUS = Path(__file__).parent / "corpus"
CLEAN = sorted(CORPUS.glob("clean-*.contract"))
FLAWED = sorted(CORPUS.glob("flawed-*.contract"))

_EXPECTED_BLOCK = re.compile(r"<!--\s*expected:(.*?)-->", re.S)
_EXPECTED_ITEM = re.compile(r"\b(CL\d{3})@(\d+)\b")


def _read(path: Path) -> str:
    return decode_bytes(path.read_bytes()).text


def _findings(path: Path):
    return lint(_read(path), str(path))


def expected_findings(text: str) -> Counter[tuple[str, int]]:
    """The `CL###@line` items of the first `<!-- expected: … -->` comment."""
    match = _EXPECTED_BLOCK.search(text)
    if match is None:
        return Counter()
    return Counter((code, int(line)) for code, line in _EXPECTED_ITEM.findall(match.group(1)))


def test_corpus_is_there():
    assert len(CLEAN) >= 5
    assert len(FLAWED) >= 5


def test_expected_comment_parser():
    text = "---\ntype: nda\n---\n<!-- expected:\nCL301@12 vague\nCL301@12 again\n(no rule) line 9\nCL805@40 ref\n-->\n"
    assert expected_findings(text) == Counter({("CL301", 12): 2, ("CL805", 40): 1})


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_contract_has_no_warning(path: Path):
    serious = [
        f"{d.span.start_line}:{d.span.start_col} {d.code} {d.severity.name.lower()} {d.message}"
        for d in _findings(path)
        if d.severity in (Severity.ERROR, Severity.WARNING)
    ]
    assert serious == [], f"{path.name}: sound drafting reported:\n" + "\n".join(serious)


@pytest.mark.parametrize("path", FLAWED, ids=lambda p: p.name)
def test_flawed_contract_reports_expected(path: Path):
    expected = expected_findings(_read(path))
    assert expected, f"{path.name} has no `<!-- expected: CL###@line … -->` comment"
    found = Counter((d.code, d.span.start_line) for d in _findings(path))
    missing = expected - found
    report = sorted(f"{code}@{line}" for code, line in missing.elements())
    assert not missing, f"{path.name}: not reported: {', '.join(report)}"
