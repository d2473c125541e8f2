"""The output folder: written in a staging folder beside it, then swapped in whole.

A failed or killed export leaves the previous output as it was: the swap is one atomic
`renameat2(RENAME_EXCHANGE)` on Linux, else two renames that the next run repairs.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO, NamedTuple

from . import timing

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
    for trash in out.parent.glob(f".{out.name}.trash-*"):  # a deletion cut short (or still running)
        _delete_detached(trash)


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
    stage: Path | None = None
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
        yield stage
        os.chmod(stage, 0o755)
        with timing.stage("swap"):
            _swap(stage, out)
    finally:
        with timing.stage("remove-previous"):  # after the swap, `stage` holds the previous output
            # a Ctrl-C can land between mkdtemp and the assignment: under the export's lock
            # (`exclusive`), every staging folder beside `out` is this run's
            for folder in [stage] if stage is not None else list(out.parent.glob(f".{out.name}.staging-*")):
                _discard(folder, out)


def _discard(folder: Path, out: Path) -> None:
    """Remove a folder without making the user wait: renamed aside, then deleted by a detached `rm`.

    Deleting tens of thousands of files takes seconds; nothing needs them any more. Where `rm` cannot
    be started the folder is deleted here; a leftover is removed by the next run (`recover`).
    """
    if not folder.exists():
        return
    trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.trash-", dir=out.parent))
    try:
        folder.rename(trash / "old")
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
    _delete_detached(trash)


def _delete_detached(folder: Path) -> None:
    try:
        subprocess.Popen(
            ["rm", "-rf", "--", str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped by the Ctrl-C that may stop this export
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


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


class Made(NamedTuple):
    """What the output memo (memo.py) knows of one output file: what it was made from, and the file."""

    key: bytes  # the digest of what the file was made from, in its export's scope
    ino: int  # the file as its export left it: a file replaced or edited since is not the one made
    size: int
    mtime_ns: int

    def describes(self, found: os.stat_result) -> bool:
        """Whether a file so stat'ed (not followed) is still the regular file this row was made for."""
        same = found.st_ino == self.ino and found.st_size == self.size and found.st_mtime_ns == self.mtime_ns
        return same and stat.S_ISREG(found.st_mode)


class Files:
    """The files of one export, written into its staging folder.

    A file whose bytes equal the previous output's file at the same path is hard-linked from it
    instead: its inode and mtime stay, so rsync and static-host syncs move only what changed.
    Every file is created new (never opened for writing if it exists), so nothing written here can
    reach the previous output through a link; each path is written once (a second write is a bug).

    `memo`: what each file of the previous output was made from (memo.py), so `write_memo` can link a
    file without making its bytes; `scope` goes into every key (what all files are made from).
    Paths are plain strings below the two roots: a re-export links tens of thousands of files, and
    building a `Path` for each cost more than the system calls themselves.
    """

    def __init__(
        self,
        stage: Path,
        previous: Path | None = None,
        memo: Mapping[str, Made] | None = None,
        scope: bytes = b"",
    ) -> None:
        self.stage = stage
        self.previous = previous if previous is not None and previous.is_dir() else None
        self.linked = 0
        self.memo = memo or {}
        self.scope = scope
        self.made: dict[str, Made] = {}  # this output's memo: every file `write_memo` put here
        self._written: set[str] = set()
        self._folders: set[str] = set()
        self._stage = f"{stage}/"
        self._previous = f"{self.previous}/" if self.previous is not None else None

    @classmethod
    def of(cls, target: Path | Files) -> Files:
        """Writers accept a bare folder too (tests, one-off use): then nothing is linked."""
        return target if isinstance(target, Files) else cls(target)

    def path(self, relative: str) -> Path:
        return self.stage / relative

    def write(self, relative: str, data: bytes) -> None:
        """Put `data` at `relative` (a `/`-separated path under the output root)."""
        self._put(relative, self._claim(relative), data)

    def _put(self, relative: str, target: str, data: bytes) -> None:
        if self._link_if_same(relative, target, data):
            return
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # less the umask, as open() does
        with open(fd, "wb") as file:
            file.write(data)

    def write_memo(self, relative: str, key: bytes, produce: Callable[[], bytes]) -> None:
        """Put `produce()` at `relative`, a file made from `key` alone (with the scope).

        When the previous output's file was made from the same key and is still the file it made,
        it is linked and `produce` never runs. Either way the file goes in this output's memo.
        """
        key = hashlib.sha256(self.scope + key).digest()
        target = self._claim(relative)
        made = self.memo.get(relative)
        if made is not None and made.key == key and self._link_made(relative, made, target):
            self.linked += 1
            self.made[relative] = made  # a link is that very file: its row still describes it
            return
        self._put(relative, target, produce())
        now = os.stat(target)
        self.made[relative] = Made(key, now.st_ino, now.st_size, now.st_mtime_ns)

    def link_memo(self, relative: str, key: bytes) -> bool:
        """Link the previous output's file at `relative` if `key` made it and it is still the file made;
        False, and nothing written, otherwise (the caller then makes it)."""
        key = hashlib.sha256(self.scope + key).digest()
        made = self.memo.get(relative)
        if made is None or made.key != key:
            return False
        target = self._claim(relative)
        if not self._link_made(relative, made, target):
            self._written.discard(relative)
            return False
        self.linked += 1
        self.made[relative] = made  # a link is that very file: its row still describes it
        return True

    def _link_made(self, relative: str, made: Made, target: str) -> bool:
        """Link the previous output's file at `relative` if it is still the file `made` describes:
        one stat and one link, the least a re-export can do for a file it does not make."""
        found = self._previous_regular(relative)
        return found is not None and made.describes(found[1]) and _linked(found[0], target)

    def adopt(self, written: list[str], linked: int, made: Mapping[str, Made] | None = None) -> None:
        """Count files that a forked worker wrote into this staging folder as written here."""
        self.made.update(made or {})
        for relative in written:
            self._record(relative)
            folder = relative.rpartition("/")[0]
            while folder and folder not in self._folders:  # the worker made them
                self._folders.add(folder)
                folder = folder.rpartition("/")[0]
        self.linked += linked

    def write_text(self, relative: str, text: str) -> None:
        self.write(relative, text.encode("utf-8"))

    @contextlib.contextmanager
    def create(self, relative: str) -> Iterator[BinaryIO]:
        """A new file to stream into; on close it is linked instead if the previous one is the same."""
        target = self._claim(relative)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # less the umask, as open() does
        with open(fd, "wb", buffering=1 << 20) as file:
            yield file
        self._link_streamed(relative, target)

    def _link_streamed(self, relative: str, target: str) -> None:
        before = self._previous_file(relative, os.stat(target).st_size)
        if before is not None and _same_file_bytes(before, target):
            _replace_with_link(before, target)
            self.linked += 1

    def folder(self, relative: str) -> None:
        """Create a folder (and its parents) once per export, not once per file."""
        if relative in self._folders:
            return
        if relative:
            self.folder(relative.rpartition("/")[0])
            with contextlib.suppress(FileExistsError):  # made by a writer that had no `Files`
                os.mkdir(self._stage + relative)
        else:
            self.stage.mkdir(parents=True, exist_ok=True)
        self._folders.add(relative)

    def _claim(self, relative: str) -> str:
        self._record(relative)
        folder = relative.rpartition("/")[0]
        if folder not in self._folders:
            self.folder(folder)
        return self._stage + relative

    def _record(self, relative: str) -> None:
        if relative in self._written:
            raise ValueError(f"two outputs would be written to {relative}")  # a slug clash upstream
        self._written.add(relative)

    def _previous_file(self, relative: str, size: int) -> str | None:
        """The previous output's regular file at `relative` (not a link or folder) if it has `size` bytes."""
        found = self._previous_regular(relative)
        return found[0] if found is not None and found[1].st_size == size else None

    def _previous_regular(self, relative: str) -> tuple[str, os.stat_result] | None:
        """The previous output's regular file at `relative` (not a link or folder) and its stat."""
        if self._previous is None:
            return None
        before = self._previous + relative
        try:
            found = os.stat(before, follow_symlinks=False)
        except OSError:
            return None
        return (before, found) if stat.S_ISREG(found.st_mode) else None

    def _link_if_same(self, relative: str, target: str, data: bytes) -> bool:
        before = self._previous_file(relative, len(data))
        if before is None or not _has_bytes(before, data) or not _linked(before, target):
            return False
        self.linked += 1
        return True


def _linked(before: str, target: str) -> bool:
    try:
        os.link(before, target)
    except OSError:
        return False  # another filesystem, or links not allowed: make it
    return True


def _has_bytes(path: str, data: bytes) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(data) + 1) == data
    except OSError:
        return False


def _same_file_bytes(a: str, b: str, chunk: int = 1 << 20) -> bool:
    try:
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                block = fa.read(chunk)
                if block != fb.read(chunk):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def _replace_with_link(before: str, target: str) -> None:
    """Swap a freshly written file for a link to the identical previous one (atomic rename)."""
    folder, _, name = target.rpartition("/")
    temporary = f"{folder}/.{name}.link"
    try:
        os.link(before, temporary)
    except OSError:
        return
    os.replace(temporary, target)
