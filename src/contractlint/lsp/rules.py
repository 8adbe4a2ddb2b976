"""Rule metadata for hovers and diagnostic links.

The server decorates findings with the engine's own rule records
(:class:`contractlint.packs.Rule`); a broken pack means a hover without rule
details, never a dead server (:func:`contractlint.packs.find_rule`).
"""

from __future__ import annotations

from functools import lru_cache

from contractlint.packs import Rule, find_rule, pick_text

__all__ = ["example_pairs", "pick", "rule_info"]

pick = pick_text


@lru_cache(maxsize=512)
def rule_info(code: str) -> Rule | None:
    """The rule record for a code, or None if no pack defines it."""
    return find_rule(code)


def example_pairs(info: Rule, language: str) -> list[tuple[str, str]]:
    """(``fails``|``passes``, text) pairs of the rule's examples in ``language``,
    failing first; examples in other languages only if there are none in it."""
    pairs: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    for example in info.examples:
        if not example.text.strip():
            continue
        label = "fails" if example.expect.startswith("fail") else "passes"
        target = pairs if not example.lang or example.lang == language else others
        target.append((label, example.text.strip()))
    order = {"fails": 0, "passes": 1}
    return sorted(pairs or others, key=lambda pair: order[pair[0]])
