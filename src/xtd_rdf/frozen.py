"""Fast pickling for frozen, slotted dataclasses: the values of every note travel as pickles.

dataclasses gives such a class a `__setstate__` that calls `fields()` for every object it unpickles;
for the thousands of small values of each note (inlines, blocks, links, facts) that was most of the
time the parent spent receiving a worker's notes or reading the cache. These keep the same state (the
field values in order) and set the slots through their descriptors, looked up once per class, in a
`__setstate__` written out for each class (as dataclasses writes `__init__`): a re-export unpickles
half a million of them, and a loop over the fields cost a third of that time.
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

    cls.__getstate__ = __getstate__  # type: ignore[attr-defined]
    cls.__setstate__ = _setstate(setters)  # type: ignore[attr-defined]
    return cls


def _setstate(setters: tuple[Any, ...]) -> Any:
    """`__setstate__` for these slots: one unpacking (a state of another length raises), one call each."""
    values = [f"v{i}" for i in range(len(setters))]
    body = "".join(f"    s{i}(self, v{i})\n" for i in range(len(setters))) or "    pass\n"
    source = f"def __setstate__(self, state):\n    [{', '.join(values)}] = state\n{body}"
    scope = {f"s{i}": setter for i, setter in enumerate(setters)}
    exec(source, scope)  # the source is made of field positions only, never of a value
    return scope["__setstate__"]
