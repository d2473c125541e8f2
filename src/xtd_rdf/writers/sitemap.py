"""`sitemap.xml` and `robots.txt`: every page of the site with its last change, for crawlers.

A page's `lastmod` is its resource's last change in the change feed (writers/feed.py), so the two
never disagree; a listing page (`notes/`, `persons/`, …) and the index take the newest of what they
list. Past 50,000 URLs (the sitemap protocol's limit) the URLs go in numbered sitemaps and
`sitemap.xml` becomes their index.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from ..iris import KINDS
from ..output import Files

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
LIMIT = 50_000


def page_entries(base: str, times: dict[str, str]) -> list[tuple[str, str]]:
    """(page URL, lastmod) for the index, each listing and each resource page, in a stable order."""
    entries = [(base, max(times.values(), default=""))]
    newest: dict[str, str] = {}  # kind → the newest time of its members (one pass, not one per kind)
    for iri, time in times.items():
        kind, slash, _ = iri[len(base) :].partition("/")
        if slash and iri.startswith(base) and (kind not in newest or time > newest[kind]):
            newest[kind] = time
    for kind in KINDS:
        if kind in newest and kind != "tags":  # the tag scheme's own page is the tags listing
            entries.append((f"{base}{kind}/", newest[kind]))
    entries += [(iri + "/", time) for iri, time in sorted(times.items())]
    return entries


def _urlset(entries: list[tuple[str, str]]) -> str:
    urls = "".join(
        f"  <url><loc>{escape(loc)}</loc>{f'<lastmod>{lastmod}</lastmod>' if lastmod else ''}</url>\n"
        for loc, lastmod in entries
    )
    return f'{XML}<urlset xmlns="{NAMESPACE}">\n{urls}</urlset>\n'


def _index(base: str, parts: list[list[tuple[str, str]]]) -> str:
    items = "".join(
        f"  <sitemap><loc>{escape(base)}sitemap-{n}.xml</loc><lastmod>{max(t for _, t in part)}</lastmod>"
        "</sitemap>\n"
        for n, part in enumerate(parts, start=1)
    )
    return f'{XML}<sitemapindex xmlns="{NAMESPACE}">\n{items}</sitemapindex>\n'


def write_sitemap(target: Path | Files, base: str, times: dict[str, str], limit: int = LIMIT) -> int:
    """`sitemap.xml` (split past `limit` URLs) and `robots.txt`; returns the number of URLs."""
    files = Files.of(target)
    entries = page_entries(base, times)
    if len(entries) <= limit:
        files.write_text("sitemap.xml", _urlset(entries))
    else:
        parts = [entries[i : i + limit] for i in range(0, len(entries), limit)]
        for n, part in enumerate(parts, start=1):
            files.write_text(f"sitemap-{n}.xml", _urlset(part))
        files.write_text("sitemap.xml", _index(base, parts))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"
    files.write_text("robots.txt", robots)
    return len(entries)
