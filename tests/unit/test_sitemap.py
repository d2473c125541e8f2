"""sitemap.xml lists every page once with the feed's times; robots.txt points at it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from xtd_rdf.config import Config
from xtd_rdf.export import export
from xtd_rdf.writers.sitemap import NAMESPACE, write_sitemap

BASE = "https://example.org/xtd/"
S = f"{{{NAMESPACE}}}"
VAULT = {
    "Notes/Alpha.md": "---\ndate: 2021-03-04\ntags: [musee/art]\n---\nAlpha. See [[Beta]] and [[Nowhere]].\n",
    "Notes/Beta.md": "---\ndate: 2022-05-06\n---\nBeta. [ICOM](https://icom.museum/) (CH) works here.\n",
}


def urls(path: Path) -> dict[str, str]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{S}urlset"
    entries = [(u.findtext(f"{S}loc"), u.findtext(f"{S}lastmod")) for u in root.iter(f"{S}url")]
    assert len(entries) == len(dict(entries)), "a page is listed twice"
    return dict(entries)


def test_every_resource_page_is_listed_with_its_feed_time(make_vault, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(make_vault(VAULT), out, Config())
    listed = urls(out / "sitemap.xml")
    state = json.loads((out / "changes" / "state.json").read_text())["resources"]
    pages = {iri + "/": r["time"] for iri, r in state.items()}
    ttl_files = {
        BASE + p.relative_to(out).with_suffix("").as_posix() + "/"
        for p in out.glob("*/*.ttl")
        if p.parent.name != "changes"
    }
    assert ttl_files <= set(pages)  # every resource with files of its own has a page in the sitemap
    assert f"{BASE}tags/" in pages  # the tag scheme's page, which is the tags listing
    assert f"{BASE}notes/nowhere/" in pages  # a link target without a file still has a page
    kinds = {iri[len(BASE) :].split("/")[0] for iri in state if iri.count("/") > BASE.count("/")}
    listings = {f"{BASE}{kind}/": "2022-05-06T00:00:00Z" for kind in kinds - {"tags"}}
    listings[BASE] = "2022-05-06T00:00:00Z"
    assert listed == {**pages, **listings}


def test_robots_txt_points_at_the_sitemap(make_vault, tmp_path: Path) -> None:
    export(make_vault(VAULT), tmp_path / "out", Config(base="https://data.example.net/museum/"))
    robots = (tmp_path / "out" / "robots.txt").read_text()
    assert "Sitemap: https://data.example.net/museum/sitemap.xml\n" in robots
    assert "User-agent: *" in robots


def test_past_the_limit_the_sitemap_becomes_an_index_of_parts(tmp_path: Path) -> None:
    times = {f"{BASE}notes/n{i}": f"2024-01-0{i}T00:00:00Z" for i in range(1, 6)}
    assert write_sitemap(tmp_path, BASE, times, limit=3) == 7  # index, notes listing, five notes
    index = ET.parse(tmp_path / "sitemap.xml").getroot()
    assert index.tag == f"{S}sitemapindex"
    parts = [s.findtext(f"{S}loc") for s in index.iter(f"{S}sitemap")]
    assert parts == [f"{BASE}sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = {loc: t for n in (1, 2, 3) for loc, t in urls(tmp_path / f"sitemap-{n}.xml").items()}
    assert listed == {
        BASE: "2024-01-05T00:00:00Z",
        f"{BASE}notes/": "2024-01-05T00:00:00Z",
        **{iri + "/": t for iri, t in times.items()},
    }


def test_locations_are_escaped(tmp_path: Path) -> None:
    write_sitemap(
        tmp_path, "https://example.org/a&b/", {"https://example.org/a&b/notes/x": "2024-01-01T00:00:00Z"}
    )
    assert "https://example.org/a&amp;b/notes/x/" in (tmp_path / "sitemap.xml").read_text()
    assert "https://example.org/a&b/notes/x/" in urls(tmp_path / "sitemap.xml")
