"""Pausing the garbage collector while a document is parsed or checked.

Parsing and the rules allocate many small objects that live as long as the
document (nodes, spans, facts, matches, diagnostics) and hardly any garbage
cycles. With the collector on, its passes walk the growing document again and
again (10-20 % of a parse); turned back on afterwards, its first young-generation
collections still walk everything made meanwhile (10 MB zh: 0.1 s after the
parse, 0.42 s after the rules). So the collector is paused, and before it is
turned back on every object made so far is counted as old: only the oldest
generation holds them then.

Objects moved there this way are not counted by CPython's own trigger for a
full collection (the oldest generation grown by a quarter). So that garbage
cycles cannot pile up in a process that checks document after document, the
documents drop their cycle-making caches when checked (``Document.drop_caches``),
and this module runs a full collection itself once the objects it has aged
since the last one exceed twice the first ageing's (at least two million): never
within one document's parse and rules, whose objects are alive (a full
collection of a 10 MB contract's objects costs about 0.5 s). The count is the
collector's own young-generation counter, read in constant time.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_GROWTH = 2  # a full collection when the objects aged since the last one exceed ...
_MIN_GROWTH = 2_000_000  # ... twice the first ageing's, and at least this many
_baseline = 0  # objects aged the first time (or _MIN_GROWTH if more)
_aged = 0  # objects aged since the last full collection


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the collector off; then age what it made and turn it back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _age_young_objects()
            gc.enable()


def _age_young_objects() -> None:
    """Move every tracked object to the oldest generation, in constant time.

    Nothing is done if the program froze objects itself (``gc.freeze``):
    unfreezing would release those too.
    """
    global _baseline, _aged
    if gc.get_freeze_count() != 0:
        return
    young = gc.get_count()[0]  # tracked objects made since the last collection, net
    gc.freeze()  # O(1): the generations' lists are spliced, not walked
    gc.unfreeze()  # into the oldest generation
    if not _baseline:
        _baseline = max(young, _MIN_GROWTH)
    _aged += young
    if _aged > _GROWTH * _baseline:
        gc.collect()
        _aged = 0
