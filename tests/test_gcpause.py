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
