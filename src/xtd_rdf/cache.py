"""The incremental cache: what parse + extract made of each note file, kept beside the output.

Choices (issue #8):
- One SQLite database, `cache_folder(out)/cache.sqlite` (stdlib). Writes are transactions committed
  in batches, so a killed export leaves every batch it committed and nothing half-written.
- A note's row is keyed by SHA-256 of the tool's fingerprint, the whole config, the note's vault path
  and the SHA-256 of its bytes. The fingerprint hashes the version and every file of the package
  (code, word lists, templates, shapes): a developer editing extraction never gets a stale row.
  The whole config is in the key, not a chosen few fields: a config change re-reads every note,
  which is rare and can never be wrong.
- A row holds the pickled outcome of decode → parse_note → extract_facts: a (Note, NoteFacts) pair,
  or the Diagnostic that skipped the file. A row that cannot be read back is dropped with a
  `cache-ignored` warning and the note is read again; a database SQLite cannot read is replaced by an
  empty one with the same warning. Never a traceback: the cache only ever saves time.
- The `files` table is like git's index: each note's size, mtime_ns and content digest, so a file
  whose stat has not changed is not even read. A stat taken less than RACY_NS after the file's mtime
  is not trusted (a write in the same clock tick would keep both): such a file is hashed again.
- Rows the last build did not use are pruned at its end, once they are more than a quarter of the
  rows it used (PRUNE_OVER): pruning costs a pass over the table, so a re-export after a few edits
  leaves the few rows it made stale for a later run. Those rows are keyed by what they were made
  from, never wrong, only kept.
- The tables a run reads whole (`files`, `memo`) are written back as changes to what it read: a
  re-export after one edit rewrites a few rows, not every row.
- The `memo` table is the output memo (memo.py): what each file of the published output was made
  from. It is written with the stamp, in one transaction, and believed only while the stamp holds.
- The `documents` table holds what writers/rdf.py made of each document's triples (rdf_parts.py),
  keyed by a digest of its N-Triples in the tool's scope: any row is right whenever its key matches.
  Rows the last export did not use are pruned like the notes.
- The `pages` table holds each resource page's trace (writers/site.py): what its model was made from
  and the digest of that model; and, under the path "" (no page's), the snapshot of what the site
  answered at the export that wrote them (writers/site_changes.py). A trace holds when nothing it
  names changed since that snapshot; traces and snapshot are written together, only the rows that
  changed.
- The `validation` table holds what the last validation keeps for the next (validate_kept.py), one
  blob that says which export scope it belongs to.
- Pickle runs code from the file it reads: the cache folder is the user's own, like the output.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

from . import __version__
from .config import Config
from .diagnostics import Diagnostic, warning
from .output import Made

T = TypeVar("T")
V = TypeVar("V")

DB_NAME = "cache.sqlite"
FORMAT = 5  # bump when the tables change: an older database is then started afresh
RACY_NS = 2_000_000_000
CLEARED = ("notes", "files", "documents", "pages", "validation")  # by `--full`; the memo goes with the stamp
BATCH = 64  # rows per transaction: a killed run loses at most this much work
PRUNE_OVER = 4  # a table is pruned when its unused rows are more than 1/PRUNE_OVER of the used ones
MEMO_ROWS = (
    "SELECT path, key, ino, size, mtime_ns FROM memo WHERE typeof(path) = 'text' AND typeof(key) = 'blob'"
    " AND typeof(ino) = 'integer' AND typeof(size) = 'integer' AND typeof(mtime_ns) = 'integer'"
)
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notes (key BLOB PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, digest TEXT);
CREATE TABLE IF NOT EXISTS stamp (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS memo (path TEXT PRIMARY KEY, key BLOB, ino INT, size INT, mtime_ns INT);
CREATE TABLE IF NOT EXISTS documents (key BLOB PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, trace BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS validation (name TEXT PRIMARY KEY, value BLOB NOT NULL);
"""
_PACKAGE = Path(__file__).resolve().parent
_fingerprint: str | None = None


@dataclass(frozen=True)
class FileState:
    """A vault file as a run saw it: its stat (mtime_ns -1: not to be trusted) and content digest."""

    path: str
    size: int
    mtime_ns: int
    digest: str

    def same_stat(self, stat: os.stat_result) -> bool:
        return self.mtime_ns >= 0 and self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns


def file_state(path: str, stat: os.stat_result, data: bytes, now_ns: int | None = None) -> FileState:
    """The state to remember of a file read after `stat`: racy stats are kept as untrusted."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    trusted = stat.st_mtime_ns < now_ns - RACY_NS
    return FileState(path, stat.st_size, stat.st_mtime_ns if trusted else -1, digest(data))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tool_fingerprint() -> str:
    """The version and every file of the installed package: any change to the tool changes it."""
    global _fingerprint
    if _fingerprint is None:
        hasher = hashlib.sha256(__version__.encode())
        for path in sorted(_PACKAGE.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".sqlite"):
                hasher.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
                hasher.update(hashlib.sha256(path.read_bytes()).digest())
        _fingerprint = hasher.hexdigest()
    return _fingerprint


def config_fingerprint(config: Config) -> str:
    """The tool and the whole config: what a note's cached outcome depends on beside its file."""
    text = json.dumps(asdict(config), sort_keys=True, default=list)
    return hashlib.sha256(f"{tool_fingerprint()}\0{text}".encode()).hexdigest()


def note_key(fingerprint: str, path: str, content_digest: str) -> bytes:
    return hashlib.sha256(f"{fingerprint}\0{path}\0{content_digest}".encode()).digest()


def ignored(path: str, why: str) -> Diagnostic:
    """The one message for a cache problem: the export goes on and is correct, only slower."""
    return warning(path, 0, "cache-ignored", f"cache entry {why}: ignored and rebuilt")


class NoteCache:
    """The per-note rows, the file index and the last export's stamp, in one SQLite file.

    Damage (garbage bytes, a truncated file) starts the database afresh, once, with a warning in
    `diagnostics`; any other failure (a locked file, a full disk, a second damage) turns the cache off
    for the run rather than failing it.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / DB_NAME
        self.diagnostics: list[Diagnostic] = []
        self.db: sqlite3.Connection | None = None
        self._pending = 0
        self._reset_done = False
        # what the `files` and `memo` tables hold, as read this run (None: unknown, written whole)
        self._files: dict[str, FileState] | None = None
        self._memo: dict[str, Made] | None = None
        self._pages: dict[str, bytes] | None = None
        self._guarded(self._open)

    def _open(self) -> None:
        self._files = self._memo = self._pages = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        row = self.db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        if row is None or row[0] != str(FORMAT):
            for table in ("notes", "files", "stamp", "memo", "documents", "pages", "validation"):
                self.db.execute(f"DELETE FROM {table}")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (str(FORMAT),))
        self.db.execute("BEGIN")

    def _guarded(self, action: Callable[..., T], *args: object) -> T | None:
        """Run a database action; on a SQLite error start afresh (once) and return None."""
        try:
            return action(*args)
        except sqlite3.OperationalError as exc:  # locked, a disk error: not damage, so keep the file
            self._off(exc)
        except sqlite3.DatabaseError as exc:  # not a database, malformed: damage
            self._reset(exc)
        except OSError as exc:
            self._off(exc)
        return None

    def _off(self, exc: Exception) -> None:
        """Go on without the cache for this run, saying why once."""
        if self.db is not None:
            self.diagnostics.append(ignored(str(self.path), f"{self.path.name} cannot be used ({exc})"))
        self.close()

    def _reset(self, exc: Exception) -> None:
        """Drop the unreadable database and open an empty one; if that fails too, run without."""
        self.close()
        self._files = self._memo = self._pages = None
        if self._reset_done:
            return
        self._reset_done = True
        self.diagnostics.append(ignored(str(self.path), f"{self.path.name} is damaged ({exc})"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")
        try:
            self._open()
        except (sqlite3.Error, OSError):
            self.close()

    def _run(self, sql: str, *params: object) -> sqlite3.Cursor:
        if self.db is None:
            raise OSError("the cache is off for this run")
        return self.db.execute(sql, params)

    def clear(self) -> None:
        """Forget every note, file and document (`--full`): this run makes everything anew."""
        self._guarded(lambda: [self._run(f"DELETE FROM {table}") for table in CLEARED])
        self._files = self._pages = None

    def files(self) -> dict[str, FileState]:
        """What the last run saw of each note file."""
        rows = self._guarded(lambda: self._run("SELECT * FROM files").fetchall())
        self._files = {row[0]: FileState(*row) for row in rows} if rows is not None else None
        return dict(self._files or {})

    def notes(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """The note rows there are of these keys, in one query; at most 999 keys."""
        return self._rows("notes", keys)

    def _rows(self, table: str, keys: list[bytes]) -> dict[bytes, bytes]:
        sql = f"SELECT key, value FROM {table} WHERE key IN ({','.join('?' * len(keys))})"
        rows = self._guarded(lambda: self._run(sql, *keys).fetchall()) if keys else None
        return dict(rows or [])

    def drop(self, key: bytes, path: str, why: str) -> None:
        """Forget a row that could not be read back, and say so."""
        self.diagnostics.append(ignored(path, f"for this note could not be read back ({why})"))
        self._guarded(self._run, "DELETE FROM notes WHERE key = ?", key)

    def put(self, key: bytes, value: bytes) -> None:
        """Store a note's row; every BATCH rows are committed, so an interrupted run keeps its work."""
        self._put_row("notes", key, value)

    def _put_row(self, table: str, key: bytes, value: bytes) -> None:
        self._guarded(self._run, f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", key, value)
        self._pending += 1
        if self._pending >= BATCH:
            self.commit()

    def commit(self) -> None:
        self._pending = 0
        if self.db is not None and self.db.in_transaction:
            self._guarded(lambda: (self._run("COMMIT"), self._run("BEGIN")))

    def finish(self, files: Iterable[FileState], used: Iterable[bytes]) -> None:
        """Remember the files as read and drop every row this build did not use."""
        self._guarded(self._finish, list(files), list(used))
        self.commit()

    def _finish(self, files: list[FileState], used: list[bytes]) -> None:
        held, self._files = self._files, None  # unknown until this transaction is committed
        now = {f.path: f for f in files}
        self._write_changes("files", held, now, lambda path, f: (path, f.size, f.mtime_ns, f.digest))
        self._prune("notes", used)
        self._files = now

    def _write_changes(
        self, table: str, held: Mapping[str, V] | None, now: Mapping[str, V], row: Callable[[str, V], tuple]
    ) -> None:
        """Make `table` (keyed by path) hold `now`, writing only the rows that differ from `held`, what
        this run read of it (None: not known whole, so the table is emptied first)."""
        if held is None:
            self._run(f"DELETE FROM {table}")
            held = {}
        gone = [(path,) for path in held.keys() - now.keys()]
        self._db().executemany(f"DELETE FROM {table} WHERE path = ?", gone)
        rows = [row(path, value) for path, value in now.items() if held.get(path) != value]
        if rows:
            places = ", ".join("?" * len(rows[0]))
            self._db().executemany(f"INSERT OR REPLACE INTO {table} VALUES ({places})", rows)

    def _prune(self, table: str, used: list[bytes]) -> None:
        """Delete the rows of `table` whose key is not in `used`, when they are many (PRUNE_OVER).

        Every key in `used` has its row (found or just put), so the count tells the unused ones.
        """
        kept = set(used)
        (rows,) = self._run(f"SELECT count(*) FROM {table}").fetchone()
        if rows - len(kept) <= len(kept) // PRUNE_OVER:
            return
        self._run("CREATE TEMP TABLE IF NOT EXISTS used (key BLOB PRIMARY KEY)")
        self._run("DELETE FROM used")
        self._db().executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in kept))
        self._run(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM used)")

    def documents(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """The rows there are of these documents (writers/rdf_parts.py), by key; at most 999 keys."""
        return self._rows("documents", keys)

    def put_document(self, key: bytes, value: bytes) -> None:
        self._put_row("documents", key, value)

    def keep_documents(self, used: Iterable[bytes]) -> None:
        """Drop the document rows this export did not use (when they are many: `_prune`)."""
        self._guarded(self._prune, "documents", list(used))
        self.commit()

    def page_traces(self) -> dict[str, bytes]:
        """Each resource page's trace as the last export left it (writers/site.py checks them)."""
        rows = self._guarded(lambda: self._run("SELECT path, trace FROM pages").fetchall())
        if rows is None:
            return {}
        traces = {path: trace for path, trace in rows if isinstance(path, str) and isinstance(trace, bytes)}
        self._pages = dict(traces) if len(traces) == len(rows) else None  # a damaged row: written whole
        return traces

    def set_page_traces(self, traces: Mapping[str, bytes]) -> None:
        """Make the page traces this export's (as changes to those read, like the memo)."""
        self._guarded(self._set_page_traces, traces)
        self.commit()

    def _set_page_traces(self, traces: Mapping[str, bytes]) -> None:
        held, self._pages = self._pages, None  # unknown until this transaction is committed
        self._write_changes("pages", held, traces, lambda path, trace: (path, trace))
        self._pages = dict(traces)

    def validation(self) -> bytes | None:
        """What the last validation kept for the next (validate_kept.py), if anything."""
        row = self._guarded(lambda: self._run("SELECT value FROM validation WHERE name = 'last'").fetchone())
        return row[0] if row else None

    def set_validation(self, value: bytes | None) -> None:
        """Keep (None: forget) what this validation leaves for the next; committed at once."""
        if value is None:
            self._guarded(self._run, "DELETE FROM validation")
        else:
            self._guarded(self._run, "INSERT OR REPLACE INTO validation VALUES ('last', ?)", value)
        self.commit()

    def stamp(self) -> str | None:
        row = self._guarded(lambda: self._run("SELECT value FROM stamp WHERE name = 'last'").fetchone())
        return row[0] if row else None

    def set_stamp(self, value: str | None, memo: Mapping[str, Made] | None = None) -> None:
        """Record (None: forget) what the published output was made from; committed at once.

        `memo` replaces the output memo in the same transaction as the stamp: as the rows that
        differ from the memo read this run, when it was read whole.
        """
        if value is None:
            self._guarded(self._run, "DELETE FROM stamp")
        else:
            self._guarded(self._set_stamp, value, memo or {})
        self.commit()

    def _set_stamp(self, value: str, memo: Mapping[str, Made]) -> None:
        held, self._memo = self._memo, None  # unknown until this transaction is committed
        self._write_changes("memo", held, memo, lambda path, made: (path, *made))
        self._run("INSERT OR REPLACE INTO stamp VALUES ('last', ?)", value)
        self._memo = dict(memo)

    def memo(self) -> dict[str, Made]:
        """The output memo as recorded (believe it only while the stamp holds); damaged rows left out."""
        rows = self._guarded(lambda: self._run(MEMO_ROWS).fetchall())
        if rows is None:
            return {}
        new = tuple.__new__  # a row is a Made's fields in order: no Python call per row
        memo = {row[0]: new(Made, row[1:]) for row in rows}
        total = self._guarded(lambda: self._run("SELECT count(*) FROM memo").fetchone()[0])
        self._memo = dict(memo) if total == len(memo) else None  # a damaged row: written whole
        return memo

    def _db(self) -> sqlite3.Connection:
        if self.db is None:
            raise OSError("the cache is off for this run")
        return self.db

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                if self.db.in_transaction:
                    self.db.execute("COMMIT")
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None


@contextlib.contextmanager
def opened(folder: Path) -> Iterator[NoteCache]:
    cache = NoteCache(folder)
    try:
        yield cache
    finally:
        cache.close()
