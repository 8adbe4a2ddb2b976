"""Seeded generators of contracts in our language, for the benchmark and scale tests.

Everything is deterministic for a given seed, so a figure measured today and
one measured next month are measured on the same text. Contracts look like the
samples: front matter, parties, numbered clauses with kind tags, sub-clauses,
amounts, durations, cross-references, annexes and signature blocks.
"""

from __future__ import annotations

import random

_ZH_HEADINGS = [
    ("服务范围", "scope"),
    ("服务方式", "service-method"),
    ("服务期限", "term"),
    ("服务费用及支付", "fees"),
    ("质量保证", "warranty"),
    ("双方的权利义务", "obligations"),
    ("保密", "confidentiality"),
    ("知识产权", "ip"),
    ("违约责任", "liability"),
    ("不可抗力", "force-majeure"),
    ("合同的变更与解除", "termination"),
    ("通知与送达", "notices"),
    ("争议解决", "disputes"),
]
_EN_HEADINGS = [
    ("Scope of Services", "scope"),
    ("Service Method", "service-method"),
    ("Term", "term"),
    ("Fees and Payment", "fees"),
    ("Warranty", "warranty"),
    ("Obligations of the Parties", "obligations"),
    ("Confidentiality", "confidentiality"),
    ("Intellectual Property", "ip"),
    ("Liability", "liability"),
    ("Force Majeure", "force-majeure"),
    ("Termination", "termination"),
    ("Notices", "notices"),
    ("Dispute Resolution", "disputes"),
]
_ZH_SENTENCES = [
    "甲方应在收到乙方报修通知后{h}小时内响应，并在{d}个工作日内到达现场。",
    "服务费为人民币{n},000元（大写：人民币{cap}元整），乙方应于每季度首月{d}日前支付。",
    "保修期为{m}个月，自设备安装验收合格之日起算。",
    "甲方更换的零部件应为原厂正品，质量不低于原部件，详见附件一第{d}项。",
    "任何一方违反本合同约定的，应向守约方支付违约金人民币{n},000元。",
    "乙方应按照《设备操作手册》使用和保养设备，并保持设备运行环境符合要求。",
    "一方因不可抗力不能履行本合同的，应在{d}日内书面通知对方，并在{h}日内提供证明。",
    "双方因本合同发生的争议，提交上海国际经济贸易仲裁委员会按其仲裁规则仲裁。",
    "未经对方书面同意，任何一方不得向第三方披露本合同内容及对方的商业信息。",
    "甲方每季度对设备进行一次预防性维护，并在维护后{d}日内提交维护报告。",
]
_EN_SENTENCES = [
    "The Provider shall respond to a fault report within {h} hours and arrive on site within {d} Business Days.",
    "The Service Fee is USD {n},000 per year, payable within {d} days of the Provider's invoice.",
    "The warranty period is {m} months starting on the Acceptance Date.",
    "Replacement parts shall be new original parts of a quality not lower than the parts replaced, as listed in item {d} of Annex A.",
    "A party in breach shall pay the other party liquidated damages of USD {n},000.",
    "The Customer shall operate and maintain the Equipment in accordance with the Operating Manual.",
    "A party prevented by force majeure shall notify the other party in writing within {d} days and provide evidence within {h} days.",
    "Any dispute arising from this Agreement shall be submitted to the Shanghai International Arbitration Centre for arbitration.",
    "Neither party shall disclose the terms of this Agreement to a third party without the other party's prior written consent.",
    "The Provider shall carry out one preventive maintenance visit per quarter and report within {d} days.",
]
_CAPITALS = ["伍万", "壹拾万", "贰拾万", "叁万", "捌万"]
_ZH_NUMERALS = "一二三四五六七八九十"


def _zh_number(n: int) -> str:
    if n <= 10:
        return _ZH_NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    head = "" if tens == 1 else _ZH_NUMERALS[tens - 1]
    return head + "十" + (_ZH_NUMERALS[units - 1] if units else "")


def _sentence(rng: random.Random, zh: bool) -> str:
    template = rng.choice(_ZH_SENTENCES if zh else _EN_SENTENCES)
    return template.format(
        h=rng.choice((2, 4, 8, 24, 48)),
        d=rng.randint(1, 15),
        m=rng.choice((12, 18, 24, 36)),
        n=rng.randint(1, 99),
        cap=rng.choice(_CAPITALS),
    )


def header(zh: bool = True) -> str:
    if zh:
        return (
            "---\ntitle: 设备售后服务合同\ntype: after-sales-service\nlanguage: zh\n---\n\n"
            "# 设备售后服务合同\n\n"
            'party 甲方 服务方 "上海恒精数控设备服务有限公司"\n  法定代表人: 陈志远\n\n'
            'party 乙方 客户 "苏州明泰精密部件有限公司"\n  法定代表人: 周海燕\n\n'
            "甲方已向乙方交付并安装设备，双方就设备的售后服务协商一致，订立本合同。\n\n"
        )
    return (
        "---\ntitle: After-Sales Service Agreement\ntype: after-sales-service\nlanguage: en\n---\n\n"
        "# After-Sales Service Agreement\n\n"
        'party A Provider "Shanghai Lianfeng Industrial Equipment Co., Ltd."\n'
        "  representative: Zhao Mingkai\n\n"
        'party B Customer "Penang Precision Components Sdn. Bhd."\n'
        "  representative: Tan Wei Ling\n\n"
        "The parties agree the terms on which the Provider services the Equipment.\n\n"
    )


def footer(zh: bool = True) -> str:
    if zh:
        return (
            "## 签署 {signatures}\n\n甲方（盖章）：上海恒精数控设备服务有限公司\n"
            "法定代表人或授权代表（签字）：陈志远\n日期：2026年3月1日\n\n"
            "乙方（盖章）：苏州明泰精密部件有限公司\n法定代表人或授权代表（签字）：周海燕\n"
            "日期：2026年3月1日\n\n## 附件一 设备清单\n\n1. HJ-V850型立式加工中心三台。\n"
        )
    return (
        "## Signatures {signatures}\n\nParty A: Shanghai Lianfeng Industrial Equipment Co., Ltd.\n"
        "Signed by: Zhao Mingkai\nDate: 1 March 2026\n\n"
        "Party B: Penang Precision Components Sdn. Bhd.\nSigned by: Tan Wei Ling\n"
        "Date: 1 March 2026\n\n## Annex A Equipment\n\n1. Two LF-H630 horizontal machining centres.\n"
    )


def clause(rng: random.Random, number: int, zh: bool = True, subclauses: int = 2) -> str:
    """One numbered clause with a few sub-clauses of two or three sentences."""
    heading, kind = rng.choice(_ZH_HEADINGS if zh else _EN_HEADINGS)
    title = f"第{_zh_number(number)}条" if zh and number <= 99 else str(number)
    out = [f"## {title} {heading} {{{kind}}}\n\n"]
    for sub in range(1, subclauses + 1):
        out.append(f"### {number}.{sub}\n")
        joiner = "" if zh else " "
        out.append(joiner.join(_sentence(rng, zh) for _ in range(rng.randint(2, 3))) + "\n\n")
    return "".join(out)


def contract(size: int, zh: bool = True, seed: int = 7) -> str:
    """A contract of about ``size`` bytes (UTF-8): at least ``size``, within one clause."""
    rng = random.Random(seed)
    parts = [header(zh)]
    end = footer(zh)
    total = len(parts[0].encode()) + len(end.encode())
    number = 0
    while total < size:
        number += 1
        part = clause(rng, number, zh)
        parts.append(part)
        total += len(part.encode())
    parts.append(end)
    return "".join(parts)


def many_clauses(count: int, zh: bool = True, seed: int = 7) -> str:
    """``count`` clauses (headings), each with one short sentence."""
    rng = random.Random(seed)
    parts = [header(zh)]
    for number in range(1, count + 1):
        parts.append(f"## {number} {rng.choice(_ZH_HEADINGS if zh else _EN_HEADINGS)[0]}\n")
        parts.append(_sentence(rng, zh) + "\n\n")
    parts.append(footer(zh))
    return "".join(parts)


def deep_nesting(depth: int, zh: bool = True) -> str:
    """Clause numbers nested ``depth`` deep: 1, 1.1, 1.1.1 … (headings cap at ######)."""
    parts = [header(zh)]
    for level in range(1, depth + 1):
        number = ".".join(["1"] * level)
        hashes = "#" * min(level + 1, 6)
        parts.append(f"{hashes} {number} {'条款' if zh else 'Clause'}\n")
        parts.append(("第" + str(level) + "层。" if zh else f"Level {level}.") + "\n\n")
    parts.append(footer(zh))
    return "".join(parts)


def long_line(size: int, zh: bool = True, seed: int = 7) -> str:
    """A contract whose one clause is a single line of about ``size`` bytes."""
    rng = random.Random(seed)
    sentences: list[str] = []
    total = 0
    while total < size:
        sentence = _sentence(rng, zh)
        sentences.append(sentence)
        total += len(sentence.encode())
    joiner = "" if zh else " "
    heading = "## 第一条 服务范围 {scope}\n" if zh else "## 1 Scope of Services {scope}\n"
    return header(zh) + heading + joiner.join(sentences) + "\n\n" + footer(zh)


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    sys.stdout.write(contract(size, zh=(len(sys.argv) < 3 or sys.argv[2] != "en")))
