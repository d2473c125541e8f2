"""`sitemap.xml` and `robots.txt`: every page of the site with its last change, for crawlers.

A page's `lastmod` is its resource's last change in the change feed (writers/feed.py), so the two
never disagree; a listing page (`notes/`, `persons/`, …) and the index take the newest of what they
list. Past 50,000 URLs (the sitemap protocol's limit) the URLs go in numbered sitemaps and
`sitemap.xml` becomes their index.

When the feed is the previous output's, unchanged (feed.keep_feed), so are the times: the previous
output's sitemap files are kept as they are (`keep_sitemap`). The stamp vouches for them: the memo
is only believed while every file at the output's root is as that export left it (memo.py).
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


def keep_sitemap(files: Files, previous_output: Path) -> bool:
    """Put the previous output's sitemap files in this output as they are (linked); False, and
    nothing written, if one cannot be read. Only for an unchanged feed with a believed memo."""
    names = ["sitemap.xml", *(f"sitemap-{n}.xml" for n in _parts(previous_output)), "robots.txt"]
    try:
        texts = [(previous_output / name).read_bytes() for name in names]
    except OSError:
        return False
    for name, data in zip(names, texts, strict=True):
        files.write(name, data)
    return True


def _parts(folder: Path) -> range:
    n = 1
    while (folder / f"sitemap-{n}.xml").is_file():
        n += 1
    return range(1, n)


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
