"""frozen.fast_pickle: the note's values survive pickling unchanged and stay frozen."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from helpers import SEED
from xtd_rdf.config import Config
from xtd_rdf.facts import EventFact, PartialDate
from xtd_rdf.parallel import interpret


def test_a_parsed_and_read_note_comes_back_equal() -> None:
    path = next(SEED.glob("*.md"))
    outcome = interpret(path.name, path.read_bytes(), Config())
    note, facts = outcome
    assert facts.main_event and facts.quotes and note.blocks  # nested values of every kind
    assert pickle.loads(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)) == outcome


def test_an_unpickled_value_is_still_frozen() -> None:
    event = pickle.loads(pickle.dumps(EventFact("Journée", 3, start=PartialDate("2018-10-05"))))
    assert event.start == PartialDate("2018-10-05") and event.line == 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.line = 4  # type: ignore[misc]


def test_a_state_of_another_length_is_refused() -> None:
    """A cache row written by another version of a class must fail to load, not load half set."""
    event = EventFact("Journée", 3)
    reducer, args, state = event.__reduce_ex__(pickle.HIGHEST_PROTOCOL)[:3]
    with pytest.raises(ValueError):
        reducer(*args).__setstate__([*state, "one more"])
    with pytest.raises(ValueError):
        reducer(*args).__setstate__(state[:-1])


def test_blocks_stay_a_pickle_until_read_and_pickle_alike_either_way() -> None:
    """markdown.Blocks: a note read back keeps its blocks as bytes until asked, then gives them whole;
    its pickle is the same bytes whether or not they were read (page digests rely on that)."""
    path = next(SEED.glob("*.md"))
    note, _ = interpret(path.name, path.read_bytes(), Config())
    data = pickle.dumps(note, protocol=pickle.HIGHEST_PROTOCOL)
    unread, read = pickle.loads(data), pickle.loads(data)
    assert unread.blocks._items is None  # not unpickled by reading the note
    assert list(read.blocks) == list(note.blocks) and len(read.blocks) == len(note.blocks) > 0
    assert read.blocks[0] == note.blocks[0] and read.blocks == tuple(note.blocks)
    assert pickle.dumps(unread, protocol=pickle.HIGHEST_PROTOCOL) == data
    assert pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL) == data
    assert note.headings == tuple(b.text for b in note.blocks if b.kind == "heading") != ()
