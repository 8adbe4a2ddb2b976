"""A warm ``contractlint check`` imports only what checking needs.

The whole-process budget for a small contract is 150 ms, and importing is most
of it; each module named here was once on the path and cost a few ms or more.
The figures themselves are measured by ``bench/run.py``, not here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "after-sales-service.zh.contract"

NOT_NEEDED = {
    "lark": "the generated standalone parser is used (contractlint.larkrt)",
    "pydantic": "packs and configuration are read from their JSON caches",
    "yaml": "packs and tables are read from their JSON caches",
    "tomllib": "a configuration file is read from its JSON cache",
    "logging": "the standalone parser's logger is a do-nothing stand-in",
    "pathlib": "the check path uses os.path",
    "hashlib": "cache keys use the built-in BLAKE2 module",
    "pickle": "only the result cache pickles (not with --no-cache)",
    "charset_normalizer": "only for files that are not UTF-8",
    "pygls": "only the language server",
    "docx": "only for .docx drafts",
}


def _loaded_modules(tmp_path: Path, *options: str) -> set[str]:
    env = {**os.environ, "CONTRACTLINT_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "import sys\n"
        "from contractlint.cli import main\n"
        "sys.argv = ['contractlint', 'check', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    (tmp_path / "pyproject.toml").write_text('[tool.contractlint]\nignore = ["CL2"]\n')
    contract = tmp_path / "a.contract"
    contract.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    for _ in range(2):  # the first run fills the caches
        run = subprocess.run(
            [sys.executable, "-c", code, *options, str(contract)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode in (0, 1), run.stderr
    return set(run.stderr.split("\n")[-2].split())


def test_a_warm_check_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    loaded = _loaded_modules(tmp_path, "--no-cache")
    assert {name: why for name, why in NOT_NEEDED.items() if name in loaded} == {}


def test_with_the_result_cache_only_pickle_is_added(tmp_path: Path) -> None:
    loaded = _loaded_modules(tmp_path)
    unexpected = {name: why for name, why in NOT_NEEDED.items() if name in loaded}
    assert unexpected.keys() <= {"pickle"}
