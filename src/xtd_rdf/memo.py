"""The output memo: an output file made from the same key as the published one is linked, not made.

A re-export after a small edit makes few files that differ; making every file only to find its bytes
equal to the previous one's (output.Files) costs most of the time. The memo records, for each file
written with `Files.write_memo`, a key (a digest of all that the file is made from: a resource's
N-Triples, a page's model) and the file as its export left it (inode, size, mtime). The next export
links a file whose key is the same, and that is still that file, without making its bytes.

Crash safety: the memo must never say a file of the output in place was made from what it was not.
- It lives in the cache database beside the stamp (stamp.py), and describes the output the stamp
  describes: the export deletes the stamp (committed) before it changes the output, swaps the new
  output in, then writes the new memo and the new stamp in one transaction. A run killed anywhere
  in between leaves no stamp, so no memo is believed and the next export makes every file again.
- The memo is believed only when the stamp is there, its inputs are this export's (tool, vault,
  config, options) and its record of the output folder's root equals the folder now (a swap, a
  replaced or restored folder changes it). A file that was replaced or edited since (another inode,
  size or mtime) is made again; so is a file whose memo row cannot be read.
- Every key is in a scope: this export's inputs and the versions of the libraries that write the
  bytes, so a memo made under another config or library is a miss, never a hit.
- `--full` reads no memo (and writes a new one).
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .cache import NoteCache
from .output import Made
from .stamp import output_state

LIBRARIES = ("pyoxigraph", "jinja2", "markupsafe")  # what turns a file's key into its bytes


def scope(inputs: str) -> bytes:
    """What every file of an export is made from beside its own key: `stamp.inputs_hash`, libraries."""
    parts = [inputs, platform.python_version(), *map(_version, LIBRARIES)]
    return hashlib.sha256(json.dumps(parts).encode()).digest()


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def published(cache: NoteCache, out: Path, inputs: str) -> dict[str, Made]:
    """The memo of the output in `out`; empty unless the stamp is there and still describes it."""
    recorded = cache.stamp()
    if recorded is None:
        return {}
    try:
        stamp = json.loads(recorded)
        if stamp["inputs"] != inputs or stamp["output"] != output_state(out):
            return {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return cache.memo()


def digest(*values: object) -> bytes:
    """SHA-256 of plain values (str, numbers, lists, tuples, dicts, dataclasses), pickled.

    Equal pickles are equal values, so a hit is never wrong. Pickle writes an object met twice as a
    reference to the first: values alike whose objects are shared otherwise differ, which costs a
    miss only (the site's pages are shared alike run after run, whatever the order or the process).
    """
    return hashlib.sha256(pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)).digest()


def unshared_digest(*values: object) -> bytes:
    """`digest`, pickled without the memo (`fast`): values alike digest alike whether their objects are
    shared or not (a note parsed, or read back from the cache), at the cost of writing a shared object
    each time it is met (a third slower on page models, which are shared alike anyway)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(values)
    return hashlib.sha256(buffer.getvalue()).digest()
