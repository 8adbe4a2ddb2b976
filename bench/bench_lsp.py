"""Language server latency: from a ``didChange`` to the published diagnostics.

Starts the real ``contractlint lsp`` process, opens a 100 KB contract and
times, on the client's side of the pipe, how long each edit takes to come
back as ``textDocument/publishDiagnostics`` for its version. Target: under
100 ms for a single edit. Also times a burst of keystrokes (the latency after
the last one) and a full-text change.

Run as a script (``python bench/bench_lsp.py``) or call :func:`run`.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

TARGET_MS = 100.0
SIZE = 100_000
URI = "untitled:bench.contract"


def _contract(size: int) -> str:
    """A realistic Chinese contract of about ``size`` bytes (bench/gen.py when present)."""
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    try:
        import gen  # type: ignore[import-not-found]

        return gen.contract(size, zh=True, seed=7)
    except (ImportError, AttributeError):
        pass
    finally:
        sys.path.remove(str(here))
    parts = ["# 售后服务合同\n\n", 'party 甲方 服务方 "上海精机设备有限公司"\n\n']
    number = 1
    while len("".join(parts).encode()) < size:
        parts.append(
            f"## {number} 服务内容\n甲方应在收到报修后24小时内响应，费用为人民币1,200元。\n\n"
        )
        number += 1
    return "".join(parts)


class _Client:
    """Just enough JSON-RPC over pipes to time the server (no pygls on this side)."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            body = stream.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, message: dict[str, Any]) -> float:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        assert self.process.stdin is not None
        sent = time.perf_counter()
        self.process.stdin.write(data)
        self.process.stdin.flush()
        return sent

    def request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        self.send({"id": self._next_id, "method": method, "params": params})
        while True:
            _, message = self.messages.get(timeout=60)
            if message.get("id") == self._next_id and "method" not in message:
                return message.get("result")

    def notify(self, method: str, params: Any) -> float:
        return self.send({"method": method, "params": params})

    def wait_diagnostics(self, version: int, timeout: float = 60) -> tuple[float, list[Any]]:
        deadline = time.monotonic() + timeout
        while True:
            arrived, message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            if params.get("uri") == URI and params.get("version") == version:
                return arrived, params["diagnostics"]

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()


def _edit(version: int, line: int, character: int, text: str, end: int | None = None) -> dict:
    return {
        "textDocument": {"uri": URI, "version": version},
        "contentChanges": [
            {
                "range": {
                    "start": {"line": line, "character": character},
                    "end": {"line": line, "character": character if end is None else end},
                },
                "text": text,
            }
        ],
    }


def _summary(name: str, samples: list[float], size: int, findings: int) -> dict[str, Any]:
    ordered = sorted(samples)
    return {
        "load_average": round(os.getloadavg()[0], 2),
        "name": name,
        "bytes": size,
        "runs": len(samples),
        "findings": findings,
        "median_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 1),
        "min_ms": round(ordered[0], 1),
        "max_ms": round(ordered[-1], 1),
        "target_ms": TARGET_MS,
        "ok": statistics.median(ordered) < TARGET_MS,
    }


def run(runs: int = 20, size: int = SIZE, debounce_ms: int = 100) -> list[dict[str, Any]]:
    """Latency figures (milliseconds) for single edits, a burst and a full-text change."""
    text = _contract(size)
    lines = text.split("\n")
    # Edit inside a prose line in the middle of the document.
    target = next(
        i for i in range(len(lines) // 2, len(lines)) if lines[i] and not lines[i].startswith("#")
    )
    log = Path(tempfile.mkdtemp(prefix="contractlint-bench-")) / "lsp.log"
    command = [sys.executable, "-m", "contractlint", "lsp", "--debounce-ms", str(debounce_ms)]
    client = _Client([*command, "--verbose", "--log-file", str(log)])
    results: list[dict[str, Any]] = []
    phases: list[tuple[dict[str, Any], range]] = []
    try:
        client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        client.notify("initialized", {})
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": URI, "languageId": "contract", "version": 1, "text": text}},
        )
        _, diagnostics = client.wait_diagnostics(1)
        version = 1
        pause = debounce_ms / 1000 + 0.05

        # Single edits, each after a pause: type one character. Every edit makes a
        # text the server has not seen (it would reuse the findings of a text it
        # has linted before, as after an undo).
        single: list[float] = []
        first = version + 1
        for _index in range(runs):
            version += 1
            time.sleep(pause)
            sent = client.notify("textDocument/didChange", _edit(version, target, 0, "的"))
            arrived, diagnostics = client.wait_diagnostics(version)
            single.append((arrived - sent) * 1000)
        results.append(
            _summary(
                "didChange → diagnostics (one edit)", single, len(text.encode()), len(diagnostics)
            )
        )
        phases.append((results[-1], range(first, version + 1)))

        # Bursts: ten keystrokes 30 ms apart; latency after the last one.
        burst: list[float] = []
        first = version + 1
        for _round in range(max(3, runs // 4)):
            time.sleep(pause)
            for _index in range(10):
                version += 1
                sent = client.notify("textDocument/didChange", _edit(version, target, 0, "的"))
                time.sleep(0.03)
            arrived, diagnostics = client.wait_diagnostics(version)
            burst.append((arrived - sent) * 1000)
        results.append(
            _summary(
                "didChange → diagnostics (after a 10-keystroke burst)",
                burst,
                len(text.encode()),
                len(diagnostics),
            )
        )
        phases.append((results[-1], range(first, version + 1)))

        # Full-text changes (clients without incremental sync).
        full: list[float] = []
        first = version + 1
        for _index in range(max(3, runs // 4)):
            version += 1
            time.sleep(pause)
            sent = client.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": URI, "version": version},
                    # A new last line each time: never a text linted before.
                    "contentChanges": [{"text": f"{text}\n第{version}稿。\n"}],
                },
            )
            arrived, diagnostics = client.wait_diagnostics(version)
            full.append((arrived - sent) * 1000)
        results.append(
            _summary(
                "didChange → diagnostics (full text)", full, len(text.encode()), len(diagnostics)
            )
        )
        phases.append((results[-1], range(first, version + 1)))
    finally:
        client.close()
    cpu = _server_cpu(log)
    for summary, versions in phases:
        spent = [cpu[v] for v in versions if v in cpu]
        if spent:
            summary["server_lints"] = len(spent)
            summary["server_lint_cpu_median_ms"] = round(statistics.median(spent), 1)
    shutil.rmtree(log.parent, ignore_errors=True)
    results.append(_lint_only(text, runs))
    return results


def _server_cpu(log: Path) -> dict[int, float]:
    """Version → CPU milliseconds of the server's lint of it, from its --verbose log."""
    found: dict[int, float] = {}
    try:
        text = log.read_text(encoding="utf-8")
    except OSError:
        return found
    for match in re.finditer(r"linted \S+ v(\d+): [\d.]+ ms wall, ([\d.]+) ms CPU", text):
        found[int(match.group(1))] = float(match.group(2))
    return found


def _lint_only(text: str, runs: int) -> dict[str, Any]:
    """The linter alone, in this process: the floor under the latencies above."""
    from contractlint.lint import lint_with_document

    lint_with_document(text)
    samples: list[float] = []
    cpu: list[float] = []
    findings = 0
    for _index in range(max(5, runs // 2)):
        started, started_cpu = time.perf_counter(), time.process_time()
        _document, diagnostics = lint_with_document(text)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        findings = len(diagnostics)
    summary = _summary(
        "lint_with_document alone (no server)", samples, len(text.encode()), findings
    )
    # CPU time is what the lint costs on an idle machine; wall time above also
    # counts waiting for a core when other processes compete for it.
    summary["cpu_median_ms"] = round(statistics.median(cpu), 1)
    return summary


def describe(result: dict[str, Any]) -> str:
    """One line a person can read."""
    verdict = "ok" if result["ok"] else "over target"
    line = (
        f"{result['name']}: median {result['median_ms']} ms, p90 {result['p90_ms']} ms, "
        f"min {result['min_ms']} ms, max {result['max_ms']} ms over {result['runs']} runs "
        f"({result['bytes']} bytes, {result['findings']} findings; target < "
        f"{result['target_ms']:.0f} ms: {verdict}; load average {result['load_average']})"
    )
    if "cpu_median_ms" in result:
        line += f"; CPU time median {result['cpu_median_ms']} ms"
    if "server_lints" in result:
        line += (
            f"; the server linted {result['server_lints']} times,"
            f" median CPU {result['server_lint_cpu_median_ms']} ms per lint"
        )
    return line


def main() -> None:
    for result in run():
        print(describe(result))


if __name__ == "__main__":
    main()
