"""A 100-page Word draft checked as a whole process: target under 2 seconds.

Generates (with python-docx, deterministically) a Chinese service contract of
about 100 pages: title, party lines, 第X条 headings in Heading 1 style, 1.1
sub-clauses, body paragraphs with amounts and durations, a fee table every few
clauses, a signature table and an annex. Then times ``contractlint check
--no-cache FILE.docx`` in a fresh process (interpreter start, imports, reading
the .docx, every rule, printing), best and median of a few runs, and the
in-process split between reading and checking.

Run as a script (``python bench/bench_docx.py``) or call :func:`run`.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_SECONDS = 2.0
PAGES = 100
CHARS_PER_PAGE = 900  # a page of Chinese contract text in 小四 with normal margins

_HEADINGS = [
    "服务范围",
    "服务方式",
    "服务期限",
    "服务费用及支付",
    "质量保证",
    "双方的权利义务",
    "保密",
    "违约责任",
    "不可抗力",
    "合同的变更与解除",
    "通知与送达",
    "争议解决",
]
_SENTENCES = [
    "甲方应在收到乙方报修通知后{n}小时内响应，并在{m}个工作日内修复故障。",
    "乙方应于每季度首月{n}日前向甲方支付服务费人民币{amount}元（大写：人民币{words}元整）。",
    "甲方派驻现场的技术人员应具备相应资质，并遵守乙方的安全管理制度。",
    "任何一方违反本合同约定的，应向守约方支付合同总额{n}%的违约金。",
    "本条所称“工作日”，是指中华人民共和国法定工作日。",
    "双方应对在履行本合同过程中知悉的对方商业秘密承担保密义务，保密期限为{n}年。",
    "因不可抗力不能履行合同的，受影响一方应在{n}日内书面通知对方并提供证明。",
]


def build_docx(path: Path, pages: int = PAGES, seed: int = 11) -> int:
    """Write the benchmark draft; returns its number of paragraphs (cells included)."""
    import docx

    rng = random.Random(seed)
    word = docx.Document()
    word.add_paragraph("设备售后服务合同", style="Title")
    word.add_paragraph("合同编号：HT-2026-0001")
    word.add_paragraph("甲方（服务方）：上海精机设备有限公司")
    word.add_paragraph("住所：上海市浦东新区世纪大道88号")
    word.add_paragraph("法定代表人：李伟")
    word.add_paragraph("乙方（客户）：苏州明线制造有限公司")
    word.add_paragraph("根据《中华人民共和国民法典》，甲乙双方经协商一致，订立本合同。")
    paragraphs = 7
    chars = 0
    article = 0
    while chars < pages * CHARS_PER_PAGE:
        article += 1
        title = _HEADINGS[(article - 1) % len(_HEADINGS)]
        word.add_heading(f"第{_zh(article)}条 {title}", level=1)
        paragraphs += 1
        for sub in range(1, rng.randint(3, 6)):
            text = "".join(
                rng.choice(_SENTENCES).format(
                    n=rng.randint(2, 30),
                    m=rng.randint(1, 5),
                    amount=f"{(k := rng.randint(1, 9))}0,000",
                    words="壹贰叁肆伍陆柒捌玖"[k - 1] + "万",
                )
                for _ in range(rng.randint(2, 4))
            )
            word.add_paragraph(f"{article}.{sub} {text}")
            paragraphs += 1
            chars += len(text)
        if article % 5 == 0:
            table = word.add_table(rows=3, cols=3)
            for row in range(3):
                for col in range(3):
                    table.cell(row, col).text = f"项目{row}{col}：人民币{rng.randint(1, 9)},000元"
            paragraphs += 9
    word.add_paragraph("（以下无正文）")
    signatures = word.add_table(rows=3, cols=2)
    for row, (left, right) in enumerate(
        [
            ("甲方（盖章）：上海精机设备有限公司", "乙方（盖章）：苏州明线制造有限公司"),
            ("法定代表人：李伟", "法定代表人：王芳"),
            ("日期：2026年3月1日", "日期：2026年3月1日"),
        ]
    ):
        signatures.cell(row, 0).text = left
        signatures.cell(row, 1).text = right
    word.add_paragraph("附件一：服务细则")
    word.add_paragraph("定期保养每季度一次，保养内容见服务手册。")
    word.save(path)
    return paragraphs + 9


def _zh(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    if number < 100:
        return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
    return str(number)


def _check_process(path: Path) -> tuple[float, int, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "contractlint", "check", "--no-cache", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return time.perf_counter() - started, result.returncode, result.stdout.strip().splitlines()[-1]


def run(repeat: int = 5) -> list[dict[str, Any]]:
    """Build the draft, time the check; one dict per measurement."""
    from contractlint.readers import lint_draft, read_draft

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft-100-pages.docx"
        paragraphs = build_docx(path)
        size = path.stat().st_size
        _check_process(path)  # warm the grammar/pack caches, as a user's second run would
        times: list[float] = []
        summary = ""
        for _ in range(repeat):
            seconds, code, summary = _check_process(path)
            if code not in (0, 1):
                raise RuntimeError(f"contractlint check failed with exit code {code}: {summary}")
            times.append(seconds)
        started = time.perf_counter()
        document = read_draft(str(path))
        read_seconds = time.perf_counter() - started
        started = time.perf_counter()
        lint_draft(str(path))
        lint_seconds = time.perf_counter() - started
    median = statistics.median(times)
    return [
        {
            "name": "docx 100 pages: contractlint check (whole process)",
            "seconds_median": round(median, 3),
            "seconds_best": round(min(times), 3),
            "target_seconds": TARGET_SECONDS,
            "ok": median < TARGET_SECONDS,
            "pages": PAGES,
            "paragraphs": paragraphs,
            "clauses": sum(1 for _ in document.walk_clauses()),
            "bytes": size,
            "summary": summary,
        },
        {
            "name": "docx 100 pages: read into the document model (in process)",
            "seconds": round(read_seconds, 3),
        },
        {
            "name": "docx 100 pages: read and check (in process, packs loaded)",
            "seconds": round(lint_seconds, 3),
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(json.dumps(row, ensure_ascii=False))
