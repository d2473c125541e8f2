"""The output folder: written in a staging folder beside it, then swapped in whole.

A failed or killed export leaves the previous output as it was: the swap is one atomic
`renameat2(RENAME_EXCHANGE)` on Linux, else two renames that the next run repairs.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def check_output(out: Path, vault: Path) -> None:
    """Refuse an output folder that is `/`, the vault itself, or contains the vault."""
    out_r, vault_r = out.resolve(), vault.resolve()
    if out_r == Path(out_r.anchor):
        raise OutputError(f"refusing to write the output to {out_r}: choose a folder of its own")
    if out_r == vault_r or vault_r.is_relative_to(out_r):
        raise OutputError(f"refusing to write the output to {out}: it would replace the vault {vault}")
    if out_r.exists() and not out_r.is_dir():
        raise OutputError(f"{out} exists and is not a folder: remove it or choose another --out")


def cache_folder(out: Path) -> Path:
    """Where the incremental export keeps what it may reuse for `out`: beside it, never published."""
    return out.parent / f".{out.name}.cache"


def _backup_of(out: Path) -> Path:
    return out.parent / f".{out.name}.previous"


def recover(out: Path) -> None:
    """Finish a swap that an earlier run could not: bring back the previous output, drop stale folders."""
    backup = _backup_of(out)
    if backup.is_dir() and not out.exists():
        backup.rename(out)
    elif backup.is_dir():
        shutil.rmtree(backup, ignore_errors=True)
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """One export at a time per output folder: a second one is refused, not interleaved."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"another export is writing to {out} right now; wait for it to finish"
            ) from None
        yield


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh folder to write the whole output into; swapped in only if the block succeeds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        yield stage
        os.chmod(stage, 0o755)
        _swap(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _swap(stage: Path, out: Path) -> None:
    if not out.exists():
        stage.rename(out)
        return
    if _exchange(stage, out):
        return  # `stage` now holds the previous output, removed by the caller
    backup = _backup_of(out)
    out.rename(backup)
    stage.rename(out)
    shutil.rmtree(backup, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
