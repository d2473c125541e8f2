"""gc_paused and kept: the collector off where a stage only builds, and off what an export keeps."""

from __future__ import annotations

import gc

import pytest

from xtd_rdf.gc_pause import gc_paused, kept


def test_the_collector_is_off_inside_and_back_on_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_kept_freezes_what_was_made_until_the_block_ends() -> None:
    made_while_collecting: list[bool] = []

    def make() -> list[object]:
        made_while_collecting.append(gc.isenabled())
        return [[n] for n in range(1000)]

    assert gc.get_freeze_count() == 0
    with kept(make) as made:
        assert len(made) == 1000
        assert gc.isenabled()  # the block's own garbage is collected
        assert gc.get_freeze_count() >= 1001  # the list and its 1000 lists, out of every collection
    assert made_while_collecting == [False]
    assert gc.get_freeze_count() == 0  # a long-lived process (preview) gets them back


def test_kept_unfreezes_on_an_error() -> None:
    with pytest.raises(ValueError), kept(lambda: [[1]]):
        raise ValueError("boom")
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
