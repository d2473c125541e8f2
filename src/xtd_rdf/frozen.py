"""Fast pickling for frozen, slotted dataclasses: the values of every note travel as pickles.

dataclasses gives such a class a `__setstate__` that calls `fields()` for every object it unpickles;
for the thousands of small values of each note (inlines, blocks, links, facts) that was most of the
time the parent spent receiving a worker's notes or reading the cache. These keep the same state (the
field values in order) and set the slots through their descriptors, looked up once per class.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def fast_pickle(cls: type[T]) -> type[T]:
    """Class decorator, above `@dataclass(frozen=True, slots=True)`."""
    names = tuple(field.name for field in dataclasses.fields(cls))  # type: ignore[arg-type]
    setters = tuple(getattr(cls, name).__set__ for name in names)  # slot descriptors: no frozen check

    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for setter, value in zip(setters, state, strict=True):
            setter(self, value)

    cls.__getstate__ = __getstate__  # type: ignore[attr-defined]
    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]
    return cls
