"""The collector is paused for a parse or a rule run, then the objects made are counted as old."""

from __future__ import annotations

import gc

from contractlint.gcpause import collector_paused


class Node:
    """A container object the collector tracks."""


def _in_generation(objects: list[Node], generation: int) -> bool:
    ids = {id(o) for o in gc.get_objects(generation=generation)}
    return all(id(o) in ids for o in objects)


def test_objects_made_while_paused_are_old_afterwards() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        made = [Node() for _ in range(1000)]
    assert gc.isenabled()
    # A young-generation collection will not walk them: they wait in the oldest.
    assert _in_generation(made, 2)
    assert not _in_generation(made[:1], 0)


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_objects_the_program_froze_stay_frozen() -> None:
    kept = [Node() for _ in range(10)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            [Node() for _ in range(10)]
        assert gc.get_freeze_count() == frozen  # not released by an unfreeze
    finally:
        gc.unfreeze()
    assert kept


def test_a_checked_document_leaves_no_garbage_cycles() -> None:
    """Aged objects wait for a full collection: a checked document must not need one."""
    from pathlib import Path

    from contractlint.lint import lint

    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("samples/*.contract"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(root.glob("tests/corpus/*.contract"))]
    for text in texts:  # first runs fill module-level caches
        lint(text)
    gc.collect()
    for text in texts:
        assert lint(text) is not None
    assert gc.collect() == 0  # nothing was left for the collector: all freed by refcount


def test_growth_from_elsewhere_still_gets_a_full_collection(monkeypatch) -> None:
    """Garbage cycles of the host program, aged with ours, are collected once memory grows."""
    from contractlint import gcpause

    monkeypatch.setattr(gcpause, "_baseline", 0)
    monkeypatch.setattr(gcpause, "_MIN_GROWTH", 1_000)
    monkeypatch.setattr(gcpause, "_aged", 0)
    with collector_paused():
        pass  # the first ageing sets the baseline
    full_collections = gc.get_stats()[2]["collections"]
    with collector_paused():
        cycles = []
        for _ in range(max(5_000, 2 * gcpause._baseline)):
            node = Node()
            node.me = node  # type: ignore[attr-defined]
            cycles.append(node)
        del cycles, node
    assert gc.get_stats()[2]["collections"] > full_collections
