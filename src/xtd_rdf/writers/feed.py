"""The change feed: IIIF Change Discovery 1.0 / ActivityStreams 2.0, static JSON under `changes/`.

Each export hashes every resource's description (SHA-256 of its sorted N-Triples), compares the
hashes with the state the previous export left in `changes/state.json`, and appends one Create,
Update or Delete per resource that appeared, changed or went. Activities are kept in time order
and pages fill up in order, so a full page never changes again (harvesters and caches keep it).

A resource is every document of ours that gets a page: every IRI under the base but the dataset.

Times, chosen so that the same input gives the same bytes:
- the first export (no readable feed in the previous output) is a baseline, dated from the input:
  a resource's own `dcterms:modified` (else `dcterms:created`), else the dataset's `dcterms:modified`,
  else SOURCE_DATE_EPOCH, else 1970-01-01 — never the clock;
- a later export dates what it sees change at SOURCE_DATE_EPOCH when set, else the clock (UTC, to the
  second), and never earlier than the newest activity already in the feed;
- an export that changes nothing writes every feed file byte for byte as it was.

A re-export reads `state.json` and the last page only: the full pages before it never change, and
the output memo (memo.py) says whether each is still the file an export in this scope made, so it is
kept as it is, unread (`read_feed` with a memo).

A re-export whose resources all have the hashes the previous export ended with reads nothing at all
(`keep_feed`): that export's `state.json` is in the memo under a key made of `feed_key`, a digest of
those hashes, and after an export every resource it saw is live in the state with the hash it saw;
so the same resources again add no activity, and every feed file is the previous output's, byte for
byte. The other feed files must still be the files made (memo rows), or the feed is read and
brought up to date. The key says all a state is made from: a continuation of the previous feed
with the same resources is that feed unchanged (`_state_key`); a baseline is the resources and the
time of those without a date of their own (`_baseline_key`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from json.encoder import encode_basestring as _string  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any, NamedTuple

from ..graph import Triple
from ..output import Files, Made
from .jsonld import indented_json
from .rdf import ntriples, ntriples_hash, resource_type
from .terms import DCTERMS

FOLDER = "changes"
STATE = "state.json"
COLLECTION = "collection.json"
PAGE_SIZE = 1000
CONTEXT = "http://iiif.io/api/discovery/1/context.json"
EPOCH = "1970-01-01T00:00:00Z"
FORMAT_VERSION = 1


class ResourceState(NamedTuple):
    """What the feed remembers of one resource: its content hash, type and last change.

    A tuple: a re-export reads one per resource from `state.json`, and a frozen dataclass costs
    several times more to make."""

    sha256: str
    type: str
    time: str
    deleted: bool = False


class Activity(NamedTuple):
    """One Create, Update or Delete of a resource at a time (`YYYY-MM-DDThh:mm:ssZ`)."""

    kind: str
    iri: str
    type: str
    time: str


@dataclass(frozen=True)
class Feed:
    """The feed after this export: every resource ever seen, and every activity in time order.

    `kept`: the first pages as the previous output has them, full (PAGE_SIZE activities each) and
    never to change again, read as bytes and not parsed; `activities` are the ones after them.
    """

    base: str
    resources: dict[str, ResourceState]
    activities: list[Activity]
    kept: tuple[bytes, ...] = ()
    key: bytes = b""  # what its state.json is made from (`_state_key`, `_baseline_key`)

    @property
    def total(self) -> int:
        """How many activities the feed holds, those of the kept pages too."""
        return len(self.kept) * PAGE_SIZE + len(self.activities)

    def times(self) -> dict[str, str]:
        """Last change time of each live resource: what the sitemap's `lastmod` says."""
        return {iri: r.time for iri, r in self.resources.items() if not r.deleted}


def resource_documents(base: str, by_document: dict[str, list[Triple]]) -> dict[str, list[Triple]]:
    """Our documents that get a page: everything under the base except the dataset itself."""
    return {d: t for d, t in by_document.items() if d.startswith(base) and d != base}


def content_hash(triples: list[Triple]) -> str:
    """SHA-256 of the sorted N-Triples lines: equal iff the description is the same graph."""
    return ntriples_hash(ntriples(triples))


def now_utc() -> str:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the clock, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _date_time(value: str) -> str:
    return value if "T" in value else f"{value[:10]}T00:00:00Z"


OWN_DATES = (DCTERMS.modified, DCTERMS.created)  # the first one a resource has
DATED = frozenset(OWN_DATES)


def _own_date(iri: str, triples: list[Triple]) -> str:
    dated = [(p, str(o)) for s, p, o in triples if p in DATED and str(s) == iri]  # hashed, not compared
    for prop in OWN_DATES:
        values = sorted(o for p, o in dated if p == prop)
        if values:
            return _date_time(values[-1])
    return ""


def baseline_time(base: str, by_document: dict[str, list[Triple]]) -> str:
    """The date of a first export's Creates when a resource has none of its own."""
    dataset = _own_date(base, by_document.get(base, []))
    if dataset:
        return dataset
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return now_utc() if epoch.isdigit() else EPOCH


def current_state(
    base: str,
    by_document: dict[str, list[Triple]],
    hashes: dict[str, str] | None = None,
    types: dict[str, str] | None = None,
) -> dict[str, tuple[str, str]]:
    """Each resource → (content hash, type), as this export describes it (`hashes`, `types`: known
    already, writers/rdf.py)."""
    known, typed = hashes or {}, types or {}
    documents = sorted(d for d in by_document if d.startswith(base) and d != base)  # resource_documents
    return {
        iri: (
            known.get(iri) or content_hash(by_document[iri]),
            typed.get(iri) or resource_type(iri, by_document[iri]),
        )
        for iri in documents
    }


def feed_key(base: str, current: dict[str, tuple[str, str]]) -> bytes:
    """A digest of this export's resources, their hashes and types (what `current_state` says)."""
    lines = "".join(f"{iri}\t{sha}\t{kind}\n" for iri, (sha, kind) in current.items())
    return hashlib.sha256(f"{FORMAT_VERSION}\t{base}\n{lines}".encode("utf-8", "surrogatepass")).digest()


def first_feed(
    base: str,
    by_document: dict[str, list[Triple]],
    hashes: dict[str, str] | None = None,
    types: dict[str, str] | None = None,
    current: dict[str, tuple[str, str]] | None = None,
) -> Feed:
    """A baseline: one Create per resource, dated from the input (see the module docstring)."""
    fallback = baseline_time(base, by_document)
    resources: dict[str, ResourceState] = {}
    current = current_state(base, by_document, hashes, types) if current is None else current
    for iri, (sha, kind) in current.items():
        time = _own_date(iri, by_document[iri]) or fallback
        resources[iri] = ResourceState(sha, kind, time)
    activities = [Activity("Create", iri, r.type, r.time) for iri, r in resources.items()]
    key = _baseline_key(feed_key(base, current), fallback)
    return Feed(base, resources, sorted(activities, key=lambda a: (a.time, a.iri)), key=key)


def next_feed(previous: Feed, current: dict[str, tuple[str, str]], now: str) -> Feed:
    """The previous feed plus one activity per resource that appeared, changed or went."""
    newest = previous.activities[-1].time if previous.activities else EPOCH
    time = max(now, newest)
    resources = previous.resources
    changed: dict[str, ResourceState] = {}
    new: list[Activity] = []
    for iri, (sha, kind) in current.items():
        before = resources.get(iri)
        if before is not None and not before.deleted and before.sha256 == sha:
            continue
        verb = "Create" if before is None or before.deleted else "Update"
        changed[iri] = ResourceState(sha, kind, time)
        new.append(Activity(verb, iri, kind, time))
    for iri, before in resources.items():
        if not before.deleted and iri not in current:
            changed[iri] = before._replace(time=time, deleted=True)
            new.append(Activity("Delete", iri, before.type, time))
    new.sort(key=lambda a: a.iri)
    after = {**resources, **changed}
    ordered = {iri: after[iri] for iri in sorted(after)}  # the IRIs alone: see current_state
    key = _state_key(feed_key(previous.base, current))
    return Feed(previous.base, ordered, previous.activities + new, previous.kept, key)


def build_feed(
    previous_output: Path,
    base: str,
    by_document: dict[str, list[Triple]],
    now: str | None = None,
    hashes: dict[str, str] | None = None,
    types: dict[str, str] | None = None,
    memo: Mapping[str, Made] | None = None,
    current: dict[str, tuple[str, str]] | None = None,
) -> Feed:
    """This export's feed: a baseline, or the previous output's feed brought up to date.

    `hashes`, `types`: the documents' content hashes and types when a writer has them already
    (writers/rdf.py). `memo`: the previous output's (memo.py), to keep its full pages unread.
    `current`: what `current_state` says, when the caller has it.
    """
    current = current_state(base, by_document, hashes, types) if current is None else current
    previous = read_feed(previous_output, memo)
    if previous is None or previous.base != base:
        return first_feed(base, by_document, hashes, types, current)
    return next_feed(previous, current, now or now_utc())


def state_keys(
    base: str, by_document: dict[str, list[Triple]], current: dict[str, tuple[str, str]]
) -> tuple[bytes, bytes]:
    """What the previous output's state was made from if this export's resources are the ones it
    ended with: as a continuation of the feed before it, or as a baseline."""
    key = feed_key(base, current)
    return _state_key(key), _baseline_key(key, baseline_time(base, by_document))


def keep_feed(files: Files, previous_output: Path, keys: tuple[bytes, ...]) -> bool:
    """Link the previous output's feed whole if its state was made from one of `keys` (see the
    module docstring) and every other feed file is still the file made; False, and nothing written,
    if not."""
    memo = files.memo
    collection = _as_made(previous_output, f"{FOLDER}/{COLLECTION}", memo)
    if collection is None:
        return False
    try:
        pages = int(json.loads(collection)["last"]["id"].rpartition("/page-")[2].removesuffix(".json")) + 1
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    texts: list[bytes] = []
    for n in range(pages):
        text = _as_made(previous_output, f"{FOLDER}/page-{n}.json", memo)
        if text is None:
            return False
        texts.append(text)
    if not any(files.link_memo(f"{FOLDER}/{STATE}", key) for key in keys):
        return False
    _write_bytes(files, f"{FOLDER}/{COLLECTION}", collection)
    for n, text in enumerate(texts):
        _write_bytes(files, f"{FOLDER}/page-{n}.json", text)
    return True


def _state_key(key: bytes) -> bytes:
    return b"continued state of " + key


def _baseline_key(key: bytes, fallback: str) -> bytes:
    return b"baseline state of " + key + fallback.encode()


def _write_bytes(files: Files, relative: str, data: bytes) -> None:
    """A file made from its bytes, in the memo so that a later export can keep it (`_as_made`)."""
    files.write_memo(relative, b"bytes " + hashlib.sha256(data).digest(), partial(bytes, data))


def read_feed(output: Path, memo: Mapping[str, Made] | None = None) -> Feed | None:
    """The feed an earlier export left in `output`, or None when there is none we can read.

    With the output's memo (memo.py), the full pages before the last that are still the files an
    export in this scope made are kept as they are (`Feed.kept`), not parsed: this export would
    print each of them byte for byte again.
    """
    folder = output / FOLDER
    try:
        state = json.loads((folder / STATE).read_bytes())
        if state.get("version") != FORMAT_VERSION:
            return None
        resources = {iri: _resource(value) for iri, value in state["resources"].items()}
        pages, total = state["pages"], state["activities"]
        kept = _kept_pages(output, memo or {}, pages, total)
        activities = [_activity(item) for page in range(len(kept), pages) for item in _items(folder, page)]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    feed = Feed(state["base"], resources, activities, kept)
    return feed if feed.total == total else None


def _resource(value: dict[str, Any]) -> ResourceState:
    return ResourceState(value["sha256"], value["type"], value["time"], value.get("deleted", False))


def _kept_pages(output: Path, memo: Mapping[str, Made], pages: int, total: int) -> tuple[bytes, ...]:
    """The bytes of the full pages before the last, in order, while each is still the file its memo
    row describes (none unless every page but the last holds PAGE_SIZE activities)."""
    if not (pages - 1) * PAGE_SIZE < total <= pages * PAGE_SIZE:
        return ()
    kept: list[bytes] = []
    for n in range(pages - 1):
        text = _as_made(output, f"{FOLDER}/page-{n}.json", memo)
        if text is None:
            break
        kept.append(text)
    return tuple(kept)


def _as_made(output: Path, relative: str, memo: Mapping[str, Made]) -> bytes | None:
    """The bytes of the output's file at `relative` if it is still the file its memo row describes."""
    made = memo.get(relative)
    if made is None:
        return None
    path = output / relative
    try:
        return path.read_bytes() if made.describes(os.stat(path, follow_symlinks=False)) else None
    except OSError:
        return None


def _items(folder: Path, page: int) -> list[dict[str, Any]]:
    return json.loads((folder / f"page-{page}.json").read_text(encoding="utf-8"))["orderedItems"]


def _activity(item: dict[str, Any]) -> Activity:
    return Activity(item["type"], item["object"]["id"], item["object"]["type"], item["endTime"])


def write_feed(target: Path | Files, feed: Feed, page_size: int = PAGE_SIZE) -> int:
    """`changes/collection.json`, `changes/page-N.json` and `changes/state.json`; returns the pages.

    Full pages never change: a re-export links them from the previous output without writing them
    again, as the output memo finds each one made from the same activities (output.Files).
    """
    files = Files.of(target)
    if feed.kept and (page_size != PAGE_SIZE or not feed.activities):  # read_feed never makes these
        raise ValueError("kept pages are full pages of PAGE_SIZE activities, before the last page")
    for n, text in enumerate(feed.kept):  # made from their bytes: a later export keeps them alike
        _write_bytes(files, f"{FOLDER}/page-{n}.json", text)
    activities = feed.activities
    tail = [activities[i : i + page_size] for i in range(0, len(activities), page_size)]
    if not feed.kept and not tail:
        tail = [[]]
    pages = len(feed.kept) + len(tail)
    for n, items in enumerate(tail, start=len(feed.kept)):
        start = n * page_size
        key = _page_key(feed.base, n, pages, items, start)
        files.write_memo(f"{FOLDER}/page-{n}.json", key, partial(_page_text, feed, n, pages, items, start))
    _write_bytes(files, f"{FOLDER}/{COLLECTION}", (indented_json(_collection(feed, pages)) + "\n").encode())
    state = partial(_state_bytes, feed, pages)
    if feed.key:  # the same resources again will add nothing (keep_feed)
        files.write_memo(f"{FOLDER}/{STATE}", feed.key, state)
    else:
        files.write(f"{FOLDER}/{STATE}", state())
    return pages


def _state_bytes(feed: Feed, pages: int) -> bytes:
    return _state_text(feed, pages).encode("utf-8")


def _page_key(base: str, n: int, pages: int, items: list[Activity], start: int) -> bytes:
    """All a page is made from: its place among the pages and its activities."""
    activities = [(a.kind, a.iri, a.type, a.time) for a in items]
    value = [FORMAT_VERSION, base, n, n > 0, n < pages - 1, start, activities]
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")).digest()


def _page_text(feed: Feed, n: int, pages: int, items: list[Activity], start: int) -> bytes:
    """A page as `indented_json` prints it, each activity printed by hand (a page holds a thousand)."""
    head = indented_json(_page(feed, n, pages, [], start))
    if not items:
        return (head + "\n").encode("utf-8")
    activities = ",\n".join(_activity_text(feed.base, a) for a in items)
    return (head.removesuffix("[]\n}") + "[\n" + activities + "\n  ]\n}\n").encode("utf-8")


def _activity_text(base: str, activity: Activity) -> str:
    """`indented_json(_activity_json(base, activity))` as an item of `orderedItems`, four spaces deep."""
    iri, kind = _string(activity.iri), _string(activity.type)
    see_also = ""
    if activity.kind != "Delete" and "/" in activity.iri[len(base) :]:
        see_also = (
            ',\n        "seeAlso": [\n'
            f'          {{\n            "id": {_string(activity.iri + ".jsonld")},\n'
            '            "type": "Dataset",\n            "format": "application/ld+json"\n          },\n'
            f'          {{\n            "id": {_string(activity.iri + ".ttl")},\n'
            '            "type": "Dataset",\n            "format": "text/turtle"\n          }\n        ]'
        )
    return (
        f'    {{\n      "type": {_string(activity.kind)},\n      "object": {{\n'
        f'        "id": {iri},\n        "type": {kind}{see_also}\n      }},\n'
        f'      "endTime": {_string(activity.time)}\n    }}'
    )


def _state_text(feed: Feed, pages: int) -> str:
    """`state.json` as `indented_json` prints it, each resource printed by hand (there are thousands)."""
    state = {"version": FORMAT_VERSION, "base": feed.base, "pages": pages, "activities": feed.total}
    head = indented_json({**state, "resources": {}}).removesuffix("{}\n}")
    if not feed.resources:
        return head + "{}\n}\n"
    resources = ",\n".join(_resource_text(iri, r) for iri, r in feed.resources.items())
    return head + "{\n" + resources + "\n  }\n}\n"


def _resource_text(iri: str, resource: ResourceState) -> str:
    deleted = ',\n      "deleted": true' if resource.deleted else ""
    return (
        f"    {_string(iri)}: {{\n"
        f'      "sha256": {_string(resource.sha256)},\n'
        f'      "type": {_string(resource.type)},\n'
        f'      "time": {_string(resource.time)}{deleted}\n'
        "    }"
    )


def _page_ref(feed: Feed, n: int) -> dict[str, str]:
    return {"id": f"{feed.base}{FOLDER}/page-{n}.json", "type": "OrderedCollectionPage"}


def _collection(feed: Feed, pages: int) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": f"{feed.base}{FOLDER}/{COLLECTION}",
        "type": "OrderedCollection",
        "totalItems": feed.total,
        "first": _page_ref(feed, 0),
        "last": _page_ref(feed, pages - 1),
    }


def _page(feed: Feed, n: int, pages: int, items: list[Activity], start: int) -> dict[str, Any]:
    page: dict[str, Any] = {
        "@context": CONTEXT,
        **_page_ref(feed, n),
        "partOf": {"id": f"{feed.base}{FOLDER}/{COLLECTION}", "type": "OrderedCollection"},
        "startIndex": start,
    }
    if n > 0:
        page["prev"] = _page_ref(feed, n - 1)
    if n < pages - 1:
        page["next"] = _page_ref(feed, n + 1)
    page["orderedItems"] = [_activity_json(feed.base, a) for a in items]
    return page


def _activity_json(base: str, activity: Activity) -> dict[str, Any]:
    target: dict[str, Any] = {"id": activity.iri, "type": activity.type}
    if activity.kind != "Delete" and "/" in activity.iri[len(base) :]:  # it has files of its own
        target["seeAlso"] = [
            {"id": f"{activity.iri}.jsonld", "type": "Dataset", "format": "application/ld+json"},
            {"id": f"{activity.iri}.ttl", "type": "Dataset", "format": "text/turtle"},
        ]
    return {"type": activity.kind, "object": target, "endTime": activity.time}
