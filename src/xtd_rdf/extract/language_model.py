"""py3langid's classifier for our four languages, fast: same answers, a 2 MB model, no byte-by-byte loop.

py3langid walks an Aho-Corasick automaton over the text one byte at a time in Python (about 1 ms per
note) after decompressing a 68 MB model for 142 languages (0.4 s per process). The automaton's state
after a byte is the longest suffix of the text that is a node of its trie (six bytes at most), so the
same feature counts come from looking every window of 6, 5 … 1 bytes up in the trie's sorted nodes,
all positions at once with numpy. `derive()` writes the nodes (in a perfect hash table), their
features and the four languages' columns of the model from py3langid's own file; the scores are
computed with py3langid's arithmetic, in the same order, so the answers are the same to the bit
(tests/unit/test_language_model.py).

The model is py3langid 0.4's (BSD 3-Clause: Marco Lui, Adrien Barbaresi); rewrite the shipped file with
`python -m xtd_rdf.extract.language_model` when py3langid's model changes.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

LANGUAGES = ("fr", "en", "de", "it")
MODEL = "data/langid-fr-en-de-it.npz"
MAX_DEPTH = 6  # the deepest node of py3langid's trie (checked by derive)


class Classifier:
    """(language, probability) of a text, as py3langid's `LanguageIdentifier(norm_probs=True)` with
    `set_languages(LANGUAGES)` gives it."""

    def __init__(self, arrays: dict[str, Any]) -> None:
        import numpy as np

        self.table = PerfectHash(arrays)  # trie node (its bytes and depth) → feature
        self.by_byte = self.table.lookup(np.arange(256, dtype=np.uint64) | np.uint64(1 << DEPTH_SHIFT))
        self.by_pair = self.table.lookup(np.arange(1 << 16, dtype=np.uint64) | np.uint64(2 << DEPTH_SHIFT))
        self.root_feature = int(arrays["root_feature"])
        self.ptc = arrays["ptc"]  # features × languages (float16, as py3langid keeps it)
        self.pc = arrays["pc"]
        self.classes = [str(c) for c in arrays["classes"]]

    def classify(self, text: str) -> tuple[str, float]:
        import numpy as np

        data = _encode(text)
        scores = self._raw_score(data)
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        best = int(scores.argmax())
        return self.classes[best], float(scores[best])

    def _raw_score(self, data: bytes) -> Any:
        import numpy as np

        found = self.feature_counts(data)
        if found is None:
            return np.full(len(self.classes), 0.0, dtype=np.float32)
        index, counts = found
        return np.log1p(counts) @ self.ptc[index] + self.pc

    def feature_counts(self, data: bytes) -> tuple[Any, Any] | None:
        """The features the automaton would emit, in order of first appearance, with their counts."""
        import numpy as np

        features = self._features(np.frombuffer(data, dtype=np.uint8))
        features = features[features >= 0]
        if not len(features):
            return None
        unique, first, counts = np.unique(features, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return unique[order].astype(np.intp), counts[order].astype(np.float32)

    def _features(self, text: Any) -> Any:
        """The feature of the automaton's state after each byte: the longest trie node ending there.

        One and two bytes are read from tables; longer windows are looked up (all at once, few numpy
        calls) only where their first two bytes are a node, as every prefix of a node is a node."""
        import numpy as np

        n = len(text)
        found = self.by_byte[text]
        features = np.where(found != NOT_FOUND, found, self.root_feature).astype(np.int32)
        if n < 2:
            return features
        pairs = self.by_pair[text[:-1].astype(np.intp) | (text[1:].astype(np.intp) << 8)]
        starts = np.flatnonzero(pairs != NOT_FOUND)
        features[starts + 1] = pairs[starts]
        deeper = np.arange(3, MAX_DEPTH + 1)
        ends = starts[None, :] + deeper[:, None] - 1  # [depth - 3, k]: the last byte of each window
        inside = ends < n
        last = np.minimum(ends, n - 1)
        shifts = (8 * np.arange(MAX_DEPTH, dtype=np.uint64))[:, None]
        wide = text.astype(np.uint64)
        codes = wide[last[0] - 2] | wide[last[0] - 1] << shifts[1] | wide[last[0]] << shifts[2]
        rows = [codes]
        for depth in range(4, MAX_DEPTH + 1):
            codes = codes | wide[last[depth - 3]] << shifts[depth - 1]
            rows.append(codes)
        keys = np.where(
            inside, np.stack(rows) | (deeper[:, None].astype(np.uint64) << np.uint64(DEPTH_SHIFT)), NO_KEY
        )
        found = self.table.lookup(keys)
        for row in range(len(deeper)):  # deeper nodes overwrite shallower ones: the longest suffix wins
            hit = found[row] != NOT_FOUND
            features[ends[row][hit]] = found[row][hit]
        return features


NO_KEY = 0xFFFF_FFFF_FFFF_FFFF  # a window that starts before the text: never a key
DEPTH_SHIFT = 8 * MAX_DEPTH  # keys are the node's bytes, little-endian, with its depth above them
NOT_FOUND = -2
MULTIPLIERS = (  # odd 64-bit constants; derive() takes the first pair that separates every key
    0x9E3779B97F4A7C15,
    0xBF58476D1CE4E5B9,
    0x94D049BB133111EB,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
    0xC4CEB9FE1A85EC53,
    0x2545F4914F6CDD1D,
    0x5851F42D4C957F2D,
)


class PerfectHash:
    """A static table without collisions (hash and displace): one gather per key to look up."""

    def __init__(self, arrays: dict[str, Any]) -> None:
        self.keys, self.values, self.displace = arrays["hash_keys"], arrays["hash_values"], arrays["displace"]
        self.bucket_mul, self.slot_mul = arrays["bucket_mul"], arrays["slot_mul"]
        self.bucket_shift = 64 - (len(self.displace).bit_length() - 1)
        self.slot_shift = 64 - (len(self.keys).bit_length() - 1)

    def lookup(self, keys: Any) -> Any:
        """The value of every key, or NOT_FOUND."""
        import numpy as np

        bucket = (keys * self.bucket_mul) >> np.uint64(self.bucket_shift)
        slot = ((keys * self.slot_mul) >> np.uint64(self.slot_shift)) ^ self.displace[bucket]
        return np.where(self.keys[slot] == keys, self.values[slot], NOT_FOUND)


def _encode(text: str) -> bytes:
    """py3langid's own normalisation: all capitals lowered, NFC, UTF-8."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


@cache
def classifier() -> Classifier:
    """The shipped model, loaded once (a few milliseconds)."""
    import numpy as np

    with resources.files("xtd_rdf.extract").joinpath(MODEL).open("rb") as handle, np.load(handle) as data:
        return Classifier({name: data[name] for name in data.files})


def derive(target: Path) -> None:
    """Write MODEL from py3langid's model: the trie's nodes with their features, our languages' columns."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, rows, out_feat = load_model(MODEL_DIR / MODEL_FILE)
    strings = _node_strings(np.frombuffer(nextmove, dtype=np.uint32), np.frombuffer(rows, dtype=np.uint16))
    if max(map(len, strings)) > MAX_DEPTH:
        raise ValueError(f"py3langid's trie is {max(map(len, strings))} bytes deep; raise MAX_DEPTH")
    keys = np.array(
        [int.from_bytes(s, "little") | len(s) << DEPTH_SHIFT for s in strings[1:]], dtype=np.uint64
    )
    columns = [i for i, c in enumerate(classes) if c in LANGUAGES]  # set_languages keeps model order
    arrays: dict[str, Any] = {
        "root_feature": np.int32(out_feat[0]),
        "ptc": np.ascontiguousarray(np.asarray(ptc)[:, columns]),
        "pc": np.asarray(pc)[columns],
        "classes": np.array([classes[i] for i in columns]),
        **_perfect_hash(keys, np.asarray(out_feat[1:], dtype=np.int32)),
    }
    with target.open("wb") as handle:
        np.savez_compressed(handle, **arrays)


def _perfect_hash(keys: Any, values: Any, slot_bits: int = 18, bucket_bits: int = 15) -> dict[str, Any]:
    """Hash and displace: keys fall into buckets, the fullest first; each bucket gets the smallest
    displacement (xor'ed into its keys' slots) that puts all of them into free slots."""
    import numpy as np

    for bucket_mul, slot_mul in itertools.pairwise(MULTIPLIERS):
        bucket = (keys * np.uint64(bucket_mul)) >> np.uint64(64 - bucket_bits)
        home = (keys * np.uint64(slot_mul)) >> np.uint64(64 - slot_bits)
        if len(np.unique(bucket << np.uint64(slot_bits) | home)) == len(keys):  # separable
            break
    else:
        raise ValueError("no multiplier pair separates the keys")
    table = np.full(1 << slot_bits, NO_KEY, dtype=np.uint64)
    table_values = np.full(1 << slot_bits, NOT_FOUND, dtype=np.int32)
    displace = np.zeros(1 << bucket_bits, dtype=np.uint64)
    members = np.argsort(bucket, kind="stable")
    starts = np.searchsorted(bucket[members], np.arange((1 << bucket_bits) + 1))
    sizes = np.diff(starts)
    for b in np.argsort(-sizes, kind="stable")[: np.count_nonzero(sizes)]:
        mine = members[starts[b] : starts[b + 1]]
        d = _free_displacement(table, home[mine])
        displace[b] = d
        table[home[mine] ^ np.uint64(d)] = keys[mine]
        table_values[home[mine] ^ np.uint64(d)] = values[mine]
    return {
        "hash_keys": table,
        "hash_values": table_values,
        "displace": displace,
        "bucket_mul": np.uint64(bucket_mul),
        "slot_mul": np.uint64(slot_mul),
    }


def _free_displacement(table: Any, homes: Any) -> int:
    """The smallest d that sends every one of `homes` xor d to an empty slot."""
    import numpy as np

    for first in range(0, len(table), 1024):
        candidates = np.arange(first, first + 1024, dtype=np.uint64)
        free = (table[homes[:, None] ^ candidates[None, :]] == NO_KEY).all(axis=0)
        if free.any():
            return first + int(np.argmax(free))
    raise ValueError("the hash table is full")


def _node_strings(nextmove: Any, rows: Any) -> list[bytes]:
    """The string of every automaton state, breadth first: a state first reached from a state of
    depth d is a trie node of depth d + 1, reached by its own byte (its string is one byte longer)."""
    import numpy as np

    strings: list[bytes] = [b""] * len(rows)
    seen = np.zeros(len(rows), dtype=bool)
    seen[0] = True
    frontier = np.array([0], dtype=np.int64)
    while len(frontier):
        targets = nextmove[(rows[frontier].astype(np.int64) << 8)[:, None] + np.arange(256)].ravel()
        fresh, first = np.unique(targets, return_index=True)
        keep = ~seen[fresh]
        fresh, first = fresh[keep], first[keep]
        for state, at in zip(fresh.tolist(), first.tolist(), strict=True):
            strings[state] = strings[int(frontier[at // 256])] + bytes((at % 256,))
        seen[fresh] = True
        frontier = fresh.astype(np.int64)
    return strings


if __name__ == "__main__":  # python -m xtd_rdf.extract.language_model: rewrite the shipped model
    derive(Path(__file__).parent / MODEL)
