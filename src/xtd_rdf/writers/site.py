"""The browsable site: a page per resource at its IRI's path, listings, an index with search.

Runs on the staging folder after the RDF writers, so each page embeds the very JSON-LD
written beside it. One jinja environment, templates compiled once per process.
"""

from __future__ import annotations

import pickle
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from ..dataset import PublishedNote
from ..gc_pause import gc_paused
from ..memo import digest, unshared_digest
from ..output import Files, Made
from ..parallel import in_workers
from ..pipeline import Built
from ..query_blocks import Ran
from .site_changes import Snapshot, changes_since, snapshot
from .site_conneg import write_server_config
from .site_data import linked_data
from .site_graph import SiteGraph
from .site_model import KIND_SINGULAR, Link, Page
from .site_pages import Site, note_label, page_kind, page_path, resource_page
from .site_reads import Reads
from .site_render import Renderer
from .site_text import dumps_for_script
from .terms import SCHEMA

ASSETS = ("site.css", "search.js")
LISTED = ("notes", "persons", "organizations", "events", "places")
MENU = (*LISTED, "tags", "vocab")  # the vault's own vocabulary last: it describes the data, not the notes
PAGES_PER_TASK = 64  # resource pages a worker writes per task (fewer than two tasks: no worker)


@dataclass(frozen=True)
class SiteResult:
    pages: int
    traces: dict[str, bytes] = field(default_factory=dict, repr=False)  # each resource page's trace


@dataclass(frozen=True)
class PageTraces:
    """What a re-export checks its resource pages against: each document's N-Triples digest now (the RDF
    pass's), and each page's trace as the last export left it, with its snapshot (cache.py)."""

    hashes: Mapping[str, str] = field(default_factory=dict)
    previous: Mapping[str, bytes] = field(default_factory=dict)


STATE = ""  # the traces' row that holds the snapshot they were checked against: no page has this path


class _Traced(NamedTuple):
    """A resource page as listings and the index read it, with its trace."""

    page: Page
    names: str  # its other names, for the search
    trace: bytes
    others: tuple[str, ...]  # the other reads it depends on (site_reads.py)


@gc_paused()
def write_site(
    target: Path | Files,
    built: Built,
    queries: dict[str, tuple[Ran, ...]] | None = None,
    jobs: int = 1,
    checked: PageTraces | None = None,
) -> SiteResult:
    """Every page, the assets and the content-negotiation rules, into the staging folder.

    `queries`: the answers of the notes' query blocks (query_blocks.run_query_blocks), by note IRI.
    The resource pages, most of the work, are written by `jobs` processes (pages do not depend on
    each other); the listings and the index, which sum them up, after them here. A resource page
    whose trace in `checked` still holds is linked from the previous output without being built.
    With no document digests in `checked`, every page is built and no trace is made.

    Without cyclic garbage collection: the graph index keeps a tuple per triple, and each page's
    objects are freed by reference counting once it is written (a whole site leaves about a
    hundred in cycles), so the collector's passes found nothing and cost a twentieth of the time.
    """
    files = Files.of(target)
    dataset = built.dataset
    graph = SiteGraph.of(dataset.config.base, built.by_document)
    site = Site.of(dataset, graph, files.stage)
    site.queries = queries or {}
    site.sources = {state.path: state.digest for state in built.files}
    documents = _documents(graph)
    present = {page_kind(site, iri) for iri in documents}
    present |= {"tag"} if "scheme" in present else set()
    site.kinds = [k for k in MENU if KIND_SINGULAR[k] in present]
    renderer = Renderer(site)
    traced, traces = _resource_pages(files, site, renderer, documents, jobs, checked or PageTraces())
    summaries = _summaries(files, site, renderer, traced)
    _write_assets(files)
    write_server_config(files)
    return SiteResult(len(traced) + summaries, traces)


def _documents(graph: SiteGraph) -> list[str]:
    """Our documents that get a page: every resource, the tag scheme; not the dataset (the index)."""
    return [d for d in graph.by_document if graph.is_ours(d) and d != graph.base]


def _resource_pages(
    files: Files,
    site: Site,
    renderer: Renderer,
    documents: list[str],
    jobs: int,
    checked: PageTraces,
) -> tuple[list[_Traced], dict[str, bytes]]:
    """Each document's page, linked when its trace holds (site_changes.py), else built and written, in
    chunks of PAGES_PER_TASK, in worker processes when `jobs` > 1; with the traces to keep."""
    shared = _shared_key(site)
    before = Snapshot.loads(checked.previous.get(STATE)) if checked.hashes else None
    if before is None:
        site.graph.index_all()  # every page is built: the graph in one pass
    now = snapshot(site, checked.hashes, before) if checked.hashes else None
    changes = changes_since(before, now, site) if before is not None and now is not None else None
    done: dict[str, _Traced] = {}
    # the IRIs whose incoming edges the pages to build again read at the last export, and the
    # documents those came from: with the changed ones, the only documents they can come from now
    targets: set[str] = set()
    sources: set[str] = set(changes.documents) if changes is not None else set()
    if changes is not None:
        for iri in documents:
            path = page_path(site, iri)
            kept = _kept(checked.previous.get(path))
            if kept is None:
                continue
            if changes.hold(kept.ids, kept.others) and files.link_memo(path, shared + kept.model):
                done[iri] = _Traced(Page(path, *kept.page), kept.names, kept.trace, kept.others)
            else:
                _incoming_read(kept.incoming, targets, sources)
    building = [iri for iri in documents if iri not in done]
    chunks = [building[i : i + PAGES_PER_TASK] for i in range(0, len(building), PAGES_PER_TASK)]
    pooled = jobs > 1 and len(chunks) > 1
    if pooled:
        site.graph.index_all()  # once, before the workers share it
    elif building:
        site.graph.know_incoming(targets, sources)

    def write_chunk(number: int) -> tuple[list[_Traced], int, dict[str, Made]]:
        linked = files.linked
        written = [_resource_page(files, site, renderer, shared, iri) for iri in chunks[number]]
        made = {entry.page.path: files.made[entry.page.path] for entry in written}
        return written, files.linked - linked, made

    results = in_workers(write_chunk, len(chunks), jobs if pooled else 1)
    for number, (written, linked, made) in enumerate(results):
        if pooled:  # written by a worker: its copy of `files` saw them, this one has not
            files.adopt([entry.page.path for entry in written], linked, made)
        done.update(zip(chunks[number], written, strict=True))
    traced = [done[iri] for iri in documents]
    if now is None:
        return traced, {}
    used = {key for entry in traced for key in entry.others}
    state = (changes.now if changes is not None else now).answered(site, used)
    return traced, {STATE: state.dumps()} | {entry.page.path: entry.trace for entry in traced}


def _shared_key(site: Site) -> bytes:
    """What a resource page is made from beside its model: what the templates read of the site."""
    config = site.dataset.config
    return digest(site.kinds, site.ui, config.title, config.license, config.language)


def _resource_page(files: Files, site: Site, renderer: Renderer, shared: bytes, iri: str) -> _Traced:
    """Write a resource page and keep only what listings and the index read of it, with its trace.

    Its model is built through a `Reads`: a model equal to the published page's is still linked,
    unrendered (memo.py). The trace keeps what listings and the index read of the page (its title,
    language, kind and other names), the model's digest, and the page's dependencies. A page holds
    its body, triple table and JSON-LD: kept for every resource until the end, they made the site's
    memory grow with the whole graph.
    """
    path = page_path(site, iri)
    reads = Reads(site)
    page = resource_page(reads, iri)
    model = digest(page)
    files.write_memo(path, shared + model, partial(_rendered, page, renderer))
    names = [str(n) for n in reads.graph.values(iri, SCHEMA.alternateName)]  # its document: read already
    other_names = " ".join(dict.fromkeys(n for n in names if n != page.title))
    dependencies = reads.dependencies()
    kept = (page.title, page.lang, page.kind, page.iri)
    incoming = (dependencies.targets, dependencies.edges)
    read = zlib.compress(pickle.dumps(incoming, pickle.HIGHEST_PROTOCOL)) if dependencies.targets else b""
    trace = (kept, other_names, model, dependencies.ids(), dependencies.others, read)
    data = pickle.dumps(trace, pickle.HIGHEST_PROTOCOL)
    return _Traced(Page(path, *kept), other_names, data, dependencies.others)


class _Kept(NamedTuple):
    """A resource page's trace, as `_resource_page` wrote it."""

    page: tuple[str, str, str, str]  # its title, language, kind and IRI
    names: str
    model: bytes
    ids: bytes  # its IRI dependencies (site_reads.Dependencies.ids)
    others: tuple[str, ...]
    incoming: bytes  # the IRIs whose incoming edges it read and the documents they came from, packed
    trace: bytes


def _kept(trace: bytes | None) -> _Kept | None:
    """A trace read back; None when there is none or it is damaged (the page is then built)."""
    if trace is None:
        return None
    try:
        kept = _Kept(*pickle.loads(trace), trace)
    except Exception:
        return None
    page, names, model, ids, others, incoming, _ = kept
    strings = isinstance(page, tuple) and len(page) == 4 and isinstance(others, tuple)
    strings = strings and all(isinstance(s, str) for s in (*page, *others, names))
    packed = all(isinstance(b, bytes) for b in (model, ids, incoming)) and len(ids) % 8 == 0
    return kept if strings and packed else None


def _incoming_read(incoming: bytes, targets: set[str], sources: set[str]) -> None:
    """Add the IRIs whose incoming edges a page read to `targets`, the documents of those edges to
    `sources` (nothing when they cannot be read back: those IRIs are then not known)."""
    if not incoming:
        return
    try:
        read, documents = pickle.loads(zlib.decompress(incoming))
        if isinstance(read, tuple) and isinstance(documents, tuple):
            targets.update(read)
            sources.update(documents)
    except Exception:
        pass


def _rendered(page: Page, renderer: Renderer) -> bytes:
    return renderer.render(page).encode("utf-8")


def _summaries(files: Files, site: Site, renderer: Renderer, traced: list[_Traced]) -> int:
    """The listings and the index, which sum the resource pages up; how many.

    Each is made from what it sums up of the pages (their paths, titles, languages, kinds and other
    names, `listed`) and, for the index, from the rest of its model: when the previous output's file
    was made from the same, it is linked without being built (memo.py).
    """
    pages = [entry.page for entry in traced]
    shared = _shared_key(site)
    # unshared: the pages come from traces or from workers, their strings shared or not
    listed = unshared_digest([(e.page.path, e.page.title, e.page.lang, e.page.kind, e.names) for e in traced])
    kinds = [kind for kind in site.kinds if kind != "tags"]
    for kind in kinds:
        made = partial(_listing_page, site, kind, pages, renderer)
        files.write_memo(f"{kind}/index.html", shared + digest("listing", kind, listed), made)
    index = _index(site, pages)
    files.write_memo(
        "index.html",
        shared + unshared_digest(index, listed),
        partial(_index_page, site, index, traced, renderer),
    )
    return len(kinds) + 1


def _listing_page(site: Site, kind: str, pages: list[Page], renderer: Renderer) -> bytes:
    return _rendered(_listing(site, kind, pages), renderer)


def _index_page(site: Site, index: Page, traced: list[_Traced], renderer: Renderer) -> bytes:
    index.extra["search"] = dumps_for_script(_search_entries(site, traced))
    return _rendered(index, renderer)


def _listing(site: Site, kind: str, pages: list[Page]) -> Page:
    page = Page(f"{kind}/index.html", site.ui[kind], site.dataset.config.language, "listing")
    page.breadcrumbs = [Link(site.ui["home"], "../index.html")]
    members = sorted(
        (p for p in pages if p.kind == KIND_SINGULAR[kind] or (kind == "notes" and p.kind == "missing")),
        key=lambda p: p.title.casefold(),
    )
    page.description = site.ui["entries"].replace("{n}", str(len(members)))
    page.sections = [
        (
            "",
            [Link(p.title, "../" + p.path, missing=p.kind == "missing", lang=p.lang) for p in members],
        )
    ]
    return page


def _index(site: Site, pages: list[Page]) -> Page:
    """The index, but for its search entries (`_index_page`)."""
    config = site.dataset.config
    page = Page("index.html", config.title, config.language, "index", config.base, config.description)
    if config.base in site.graph.by_document:
        linked_data(site, page)
    page.alternates = [("text/turtle", "dataset.ttl"), ("application/ld+json", "dataset.jsonld")]
    found = Counter(p.kind for p in pages)
    counts = {kind: found[KIND_SINGULAR[kind]] for kind in MENU}
    page.sections = [
        (site.ui["browse"], [Link(site.ui[k], f"{k}/index.html", str(n)) for k, n in counts.items() if n]),
        (site.ui["start"], [_root_link(site, n) for n in _roots(site)]),
    ]
    page.extra["downloads"] = [
        Link(name, name, f"{syntax} · {_size(site.stage / name)}")
        for name, syntax in (
            ("dataset.ttl", "Turtle"),
            ("dataset.jsonld", "JSON-LD"),
            ("dataset.nt", "N-Triples"),
            ("catalog.ttl", "DCAT-AP"),
            ("validation.html", "SHACL validation report"),
        )
        if (site.stage / name).is_file()  # written before the site, when their writers ran
    ]
    return page


def _roots(site: Site) -> list[PublishedNote]:
    """Notes at the top of the eleventyNavigation tree: a key and no parent."""
    return sorted(
        (n for n in site.nav.values() if not str(_nav_of(n).get("parent") or "").strip()),
        key=lambda n: n.note.name.casefold(),
    )


def _root_link(site: Site, item: PublishedNote) -> Link:
    return replace(site.link(item.iri, ""), label=note_label(item))


def _nav_of(item: PublishedNote) -> dict:
    nav = item.note.front_matter.get("eleventyNavigation")
    return nav if isinstance(nav, dict) else {}


def _search_entries(site: Site, traced: list[_Traced]) -> list[list[str]]:
    """[label, kind, href, other names] for every person, organisation, event, place, tag and note."""
    entries = [
        [entry.page.title, site.ui[entry.page.kind], entry.page.path, entry.names]
        for entry in traced
        if entry.page.kind not in ("scheme", "missing")
    ]
    return sorted(entries, key=lambda e: (e[0].casefold(), e[1]))


def _size(path: Path) -> str:
    if not path.is_file():
        return ""
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} Mo" if size >= 100_000 else f"{max(1, size // 1000)} ko"


def _write_assets(files: Files) -> None:
    source = resources.files("xtd_rdf") / "templates" / "assets"
    for name in ASSETS:
        files.write(f"assets/{name}", (source / name).read_bytes())
