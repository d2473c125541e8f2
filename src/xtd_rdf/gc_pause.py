"""Cyclic garbage collection paused while a whole-vault stage builds objects that all live on.

CPython's collector walks every tracked object each time the heap grows by a quarter: in `resolve` and
`dataset_triples`, which only add to what they return, that walk was half their time at 10,000 notes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
