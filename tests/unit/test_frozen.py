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
