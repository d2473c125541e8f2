"""Wall time by stage, for `make bench` and for anyone asking where an export spends its time.

Under `XTD_RDF_PROFILE=1` the CLI prints `profile: STAGE SECONDS PEAK-MB` lines on stderr at the end
of an export (benchmarks/harness.py reads them): the stage's wall time, and the process's peak RSS when
the stage ended, so the stage that made the peak is the first one to show it. Otherwise `stage` costs
one dictionary lookup.
"""

from __future__ import annotations

import contextlib
import os
import resource
import time
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")

ENABLED = os.environ.get("XTD_RDF_PROFILE") == "1"
_SECONDS: dict[str, float] = {}
_PEAK_MB: dict[str, float] = {}


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the wall time of the block to the stage `name`."""
    start = time.perf_counter()
    try:
        yield
    finally:
        _SECONDS[name] = _SECONDS.get(name, 0.0) + time.perf_counter() - start
        if ENABLED:
            _PEAK_MB[name] = peak_mb()


def peak_mb() -> float:
    """This process's peak RSS so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def timed_stage(name: str, value: T, seconds: float, peak: float) -> T:
    """Record a stage measured elsewhere (in a forked process: its time and its own peak); `value` back."""
    _SECONDS[name] = _SECONDS.get(name, 0.0) + seconds
    if ENABLED:
        _PEAK_MB[name] = peak
    return value


def lines() -> list[str]:
    """The stages in the order they first ran, as `profile: STAGE SECONDS PEAK-MB`; empty unless enabled."""
    if not ENABLED:
        return []
    return [f"profile: {name} {s:.3f} {_PEAK_MB.get(name, 0):.0f}" for name, s in _SECONDS.items()]
