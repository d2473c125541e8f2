"""Cyclic garbage collection kept off the objects a whole-vault export builds to keep.

CPython's collector walks every tracked object each time the heap grows by a quarter: in `resolve` and
`dataset_triples`, which only add to what they return, that walk was half their time at 10,000 notes;
after the build, each full collection walked the whole built vault again (7 s of a 10,000-note export).
Building a vault makes almost no cyclic garbage (99 objects for 1,000 notes), so none piles up.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block (reference counting still frees what is dropped)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def kept(make: Callable[[], T]) -> Iterator[T]:
    """`make()` with the collector off, and what it made left out of every collection in the block.

    The writers' own garbage is still collected, without walking the built vault each time, and
    processes forked in the block do not touch (and so copy) its pages. Frozen before the collector
    is back on: else its first pass would walk everything `make` allocated.
    """
    with gc_paused():
        made = make()
        gc.freeze()
    try:
        yield made
    finally:
        gc.unfreeze()
