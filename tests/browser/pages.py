"""Reading generated pages as a visitor's tools do: links followed, JSON-LD extracted."""

from __future__ import annotations

import json
import posixpath
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import extruct
from rdflib import Graph

LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in LINK_ATTRIBUTES and value is not None:
                self.links.append((tag, value))


def links_of(html: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def is_internal(href: str) -> bool:
    head = href.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]
    return not href.startswith("//") and ":" not in head


_ID = re.compile(r'\sid="([^"]+)"')


def crawl(out: Path) -> tuple[set[str], list[tuple[str, str]], int]:
    """Every page reached from index.html, the broken internal links (page, href) and links followed.

    A link is broken when its file is missing, or when its `#fragment` names no element of its page.
    """
    seen, broken, todo, followed = {"index.html"}, [], ["index.html"], 0
    ids: dict[str, set[str]] = {}
    while todo:
        page = todo.pop()
        for _tag, href in links_of((out / page).read_text(encoding="utf-8")):
            if not is_internal(href):
                continue
            path, _, fragment = href.split("?", 1)[0].partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            followed += 1
            if target.startswith("..") or not (out / target).is_file():
                broken.append((page, href))
                continue
            if fragment and fragment not in _ids(out, target, ids):
                broken.append((page, href))
            if target.endswith(".html") and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen, broken, followed


def _ids(out: Path, page: str, cache: dict[str, set[str]]) -> set[str]:
    if page not in cache:
        cache[page] = set(_ID.findall((out / page).read_text(encoding="utf-8")))
    return cache[page]


def all_pages(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*.html")}


def embedded_graph(html: str, base_url: str) -> Graph:
    """The JSON-LD of a page as extruct finds it, parsed into one graph (no remote context is fetched)."""
    items = extruct.extract(html, base_url=base_url, syntaxes=["json-ld"], uniform=False)["json-ld"]
    return jsonld_graph(*(json.dumps(item) for item in items))


def jsonld_graph(*documents: str) -> Graph:
    """JSON-LD texts as one rdflib graph (rdflib's parser warns about its own internals: not ours)."""
    graph = Graph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for document in documents:
            graph.parse(data=document, format="json-ld")
    return graph
