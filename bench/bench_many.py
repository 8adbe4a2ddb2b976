"""Benchmark: lint a folder of generated contracts with --jobs 1, --jobs 2, and cached.

``run() -> list[dict]`` times whole ``contractlint check`` processes (start-up
included) on a folder of 1,000 contracts made from ``samples/*.contract``, each
one different (its own number, amount and an extra clause), so no two files share
a cache entry. Rows: ``--jobs 1`` and ``--jobs 2`` without the cache, then a cold
run that fills the cache and the re-run of the unchanged folder that reads it.

    python bench/bench_many.py [--files 1000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_corpus(folder: Path, count: int, seed: int = 4) -> None:
    """``count`` distinct contracts in 10 sub-folders, varied from the samples."""
    rng = random.Random(seed)
    samples = [p.read_text(encoding="utf-8") for p in sorted((REPO / "samples").glob("*.contract"))]
    if not samples:
        raise SystemExit("bench_many: no samples/*.contract to generate from")
    for number in range(count):
        text = samples[number % len(samples)]
        amount = rng.randrange(1_000, 900_000)
        extra = (
            f"\n## {90 + number % 9} 补充条款\n本合同编号为 BM-{number:05d}，补充服务费为人民币{amount}元。\n"
            if "language: zh" in text
            else f"\n## {90 + number % 9} Additional Terms\nThis agreement is number BM-{number:05d}; "
            f"the additional fee is USD {amount}.\n"
        )
        target = folder / f"batch{number % 10}" / f"contract-{number:05d}.contract"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + extra, encoding="utf-8")


def snapshot(work: Path) -> Path | None:
    """Copy the source tree (package, grammar, rules) so edits made while the benchmark
    runs neither change what is measured nor invalidate the cache between its runs."""
    package = REPO / "src" / "contractlint"
    if not package.is_dir():
        return None  # an installed package: nothing changes under us
    target = work / "snapshot"
    shutil.copytree(
        package, target / "src" / "contractlint", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("grammar", "rules"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    return target / "src"


def _time(args: list[str], cwd: Path, source: Path | None = None) -> float:
    """Seconds for one whole ``contractlint check`` process."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("CONTRACTLINT_OUTPUT_FORMAT", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with compiled bytecode, as users run it
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench_many: contractlint failed ({done.returncode}): {done.stderr}")
    return elapsed


def run(files: int = 1000, repeat: int = 3) -> list[dict]:
    """Rows of ``{name, files, seconds, files_per_second, …}`` (medians of ``repeat`` runs)."""
    work = Path(tempfile.mkdtemp(prefix="contractlint-bench-"))
    try:
        corpus = work / "contracts"
        make_corpus(corpus, files)
        source = snapshot(work)
        _time(["--no-cache", "--jobs", "1", "contracts/batch0"], work, source)  # compile, warm
        (work / "contractlint.toml").write_text("", encoding="utf-8")  # the project root
        common = ["--output-format", "concise", "contracts"]
        rows: list[dict] = []

        def row(name: str, seconds: list[float], **extra: object) -> dict:
            median = statistics.median(seconds)
            entry = {
                "name": name,
                "files": files,
                "seconds": round(median, 3),
                "files_per_second": round(files / median, 1),
                "runs": len(seconds),
                **extra,
            }
            rows.append(entry)
            return entry

        for jobs in (1, 2):
            times = [
                _time(["--no-cache", "--jobs", str(jobs), *common], work, source)
                for _ in range(repeat)
            ]
            row(f"--jobs {jobs}, no cache", times, jobs=jobs)
        cold: list[float] = []
        warm: list[float] = []
        for _ in range(repeat):
            shutil.rmtree(work / ".contractlint_cache", ignore_errors=True)
            cold.append(_time(["--jobs", "2", *common], work, source))
            warm.append(_time(["--jobs", "2", *common], work, source))
        first = row("--jobs 2, cold cache (first run)", cold, jobs=2)
        second = row("--jobs 2, cached re-run (unchanged folder)", warm, jobs=2)
        second["speedup_vs_first_run"] = round(first["seconds"] / second["seconds"], 1)
        second["speedup_vs_jobs_1"] = round(rows[0]["seconds"] / second["seconds"], 1)
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = run(args.files, args.repeat)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'run':<45} {'files':>6} {'seconds':>8} {'files/s':>9}")
    for r in rows:
        note = (
            f"  ({r['speedup_vs_first_run']}x faster than the first run)"
            if "speedup_vs_first_run" in r
            else ""
        )
        print(
            f"{r['name']:<45} {r['files']:>6} {r['seconds']:>8.2f} {r['files_per_second']:>9.1f}"
            f"{note}"
        )


if __name__ == "__main__":
    main()
