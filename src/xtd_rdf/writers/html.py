"""A note's Markdown as safe HTML: links rewritten from the parsed structure, then sanitised.

Wikilinks, embeds and links are rewritten by their byte ranges in the note body (never by
regexes over the text) into `xtd:` links, which the sanitiser turns into relative page URLs.
Every other relative or non-http URL is dropped, so nothing in a note can point nowhere or
run code.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import nh3
import pyromark

from ..dataset import PublishedNote
from ..iris import slugify
from ..markdown import OPTIONS, Inline

INTERNAL = "xtd:"  # the scheme of links we generate; the sanitiser maps it to relative URLs
VIDEO_HOSTS = frozenset(
    {
        "www.youtube.com",
        "youtube.com",
        "www.youtube-nocookie.com",
        "youtube-nocookie.com",
        "player.vimeo.com",
    }
)
TAGS = (set(nh3.ALLOWED_TAGS) - {"map", "area", "center", "header", "footer", "nav"}) | {"iframe", "input"}
ATTRIBUTES = {
    "*": {"title", "lang"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen"},
    "span": {"class"},
    "input": {"checked", "disabled"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "sup": {"id", "class"},
    "div": {"id", "class"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups"
IFRAME_OPEN = f'<iframe sandbox="{IFRAME_SANDBOX}" loading="lazy" referrerpolicy="no-referrer" '
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
NOTE_ID_PREFIX = "n-"  # a note's own ids (footnotes) never clash with the page's
_BLOCKED_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.S)
_LOST_IMAGE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_ALT = re.compile(r'\salt="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-5])>")
_HEADING_TEXT = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)
_TAGS = re.compile(r"<[^>]*>")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&])")


@dataclass(frozen=True)
class LinkTargets:
    """Where a note's links go: a note name or path → note IRI, and which IRIs have no file."""

    find: Callable[[str], str | None]  # wikilink target → note IRI (or None)
    missing: frozenset[str]
    base: str
    anchors: dict[str, frozenset[str]] = field(default_factory=dict)  # note IRI → its heading ids
    withheld: Callable[[str], bool] = lambda target: False  # a note that is not published (publish.py)

    def fragment(self, iri: str, heading: str) -> str:
        """`#h-…` when the note has that heading (else nothing: the link goes to the note itself)."""
        anchor = heading_id(heading) if heading and not heading.startswith("^") else ""
        return f"#{anchor}" if anchor and anchor in self.anchors.get(iri, ()) else ""


@dataclass(frozen=True)
class Shown:
    """A code block shown as HTML its writer built and escaped (a query block's result) instead of
    its text: `start`-`end` is the byte range of the block's text in the note body."""

    start: int
    end: int
    html: str


def render_note(item: PublishedNote, targets: LinkTargets, prefix: str, shown: Sequence[Shown] = ()) -> str:
    """The note body as sanitised HTML for a page `prefix` away from the site root.

    Each `shown` block's text is replaced by a marker before rendering, and the `<pre><code>` the
    marker becomes by the HTML after sanitising; the marker holds a hash of the body, which the
    body itself cannot contain, so a note cannot forge one.
    """
    marker = "xtd" + hashlib.sha256(item.note.body.encode("utf-8")).hexdigest()[:20] if shown else ""
    edits = [(s.start, s.end, f"{marker}-{n}\n") for n, s in enumerate(shown) if s.end > s.start]
    markdown = _rewrite_links(item, targets, edits)
    html_ = sanitise(pyromark.html(markdown, options=OPTIONS), prefix, targets.base)
    if edits:
        swap = re.compile(rf"<pre><code>{marker}-(\d+)\n</code></pre>")
        html_ = swap.sub(lambda m: shown[int(m[1])].html, html_)
    return html_


def sanitise(fragment: str, prefix: str, base: str = "") -> str:
    """Allow-list sanitising: no scripts, handlers, foreign URLs or frames but known video hosts."""
    cleaned = _cleaner(prefix, base)(fragment)
    cleaned = _BLOCKED_IFRAME.sub('<span class="blocked">[vidéo non affichée]</span>', cleaned)
    cleaned = _LOST_IMAGE.sub(_image_placeholder, cleaned)
    # added here, not by nh3, whose order of added attributes changes from run to run
    cleaned = cleaned.replace("<iframe ", IFRAME_OPEN)
    return _heading_ids(_HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}>", cleaned))


@lru_cache(maxsize=16)
def _cleaner(prefix: str, base: str) -> Callable[[str], str]:
    """nh3's sanitiser for pages `prefix` away from the root, set up once, not once per note."""
    cleaner = nh3.Cleaner(  # the options converted once
        tags=TAGS,
        clean_content_tags={"script", "style", "template", "noscript"},
        attributes=ATTRIBUTES,
        attribute_filter=_url_filter(prefix, base),
        link_rel="noopener",
        url_schemes={"http", "https", "mailto", INTERNAL[:-1]},
        tag_attribute_values={"input": {"type": {"checkbox"}}},
        set_tag_attribute_values={"input": {"disabled": ""}},
        strip_comments=True,
    )
    return cleaner.clean


def _image_placeholder(match: re.Match[str]) -> str:
    """An image whose file is not published: its description, not a broken-image icon."""
    alt = _ALT.search(match[0])
    text = f"[image : {alt[1]}]" if alt and alt[1] else "[image]"  # alt is already escaped by nh3
    return f'<span class="unpublished">{text}</span>'


def heading_id(text: str) -> str:
    """The anchor of a note heading, so `[[#Heading]]` and `[[Note#Heading]]` land on it."""
    return "h-" + slugify(text)


def _heading_ids(fragment: str) -> str:
    taken: set[str] = set()

    def with_id(match: re.Match[str]) -> str:
        base = anchor = heading_id(html.unescape(_TAGS.sub("", match[2])))
        n = 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        taken.add(anchor)
        return f'<h{match[1]} id="{anchor}">{match[2]}</h{match[1]}>'

    return _HEADING_TEXT.sub(with_id, fragment)


def _url_filter(prefix: str, base: str) -> Callable[[str, str, str], str | None]:
    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return NOTE_ID_PREFIX + value
        if attribute not in URL_ATTRIBUTES:
            return value
        value = value.strip()
        if value.startswith(INTERNAL):
            return page_href(value[len(INTERNAL) :], prefix)
        if element == "iframe":
            return value if _video_src(value) else None
        if value.startswith("#") and element == "a":
            return "#" + NOTE_ID_PREFIX + value[1:] if len(value) > 1 else None
        scheme = urlsplit(value).scheme.lower() if _splittable(value) else ""
        if scheme in ("http", "https") or (scheme == "mailto" and element == "a"):
            return value
        return None

    return keep


def _splittable(value: str) -> bool:
    try:
        urlsplit(value)
    except ValueError:
        return False
    return True


def _video_src(value: str) -> bool:
    if not _splittable(value):
        return False
    parts = urlsplit(value)
    return parts.scheme == "https" and (parts.hostname or "") in VIDEO_HOSTS


def page_href(relative: str, prefix: str) -> str:
    """`notes/x#frag` → `{prefix}notes/x/index.html#frag` (explicit index.html works from file://)."""
    if relative.startswith("#"):
        return relative  # a heading of the same page
    path, hash_, fragment = relative.partition("#")
    page = f"{prefix}{path}/index.html" if path else f"{prefix}index.html"
    return page + (hash_ + fragment if fragment else "")


def _rewrite_links(
    item: PublishedNote, targets: LinkTargets, edits: Sequence[tuple[int, int, str]] = ()
) -> str:
    """The body with every wikilink, embed and local link replaced by a link we can vouch for,
    and each of `edits` (a byte range and its new text) made."""
    data = item.note.body.encode("utf-8")
    pieces: list[bytes] = []
    cursor = 0
    for start, end, replacement in sorted(_link_edits(item, targets, data) + list(edits)):
        if start < cursor or end <= start:
            continue
        pieces += [data[cursor:start], replacement.encode("utf-8")]
        cursor = end
    pieces.append(data[cursor:])
    return b"".join(pieces).decode("utf-8", "replace")


def _link_edits(item: PublishedNote, targets: LinkTargets, data: bytes) -> list[tuple[int, int, str]]:
    edits = []
    for inline in _link_inlines(item):
        if inline.end <= inline.start:
            continue
        replacement = _replacement(inline, targets, data[inline.start : inline.end], item.iri)
        if replacement is not None:
            edits.append((inline.start, inline.end, replacement))
    return edits


def _link_inlines(item: PublishedNote) -> list[Inline]:
    kinds = ("wikilink", "embed", "link", "image")
    found = [i for b in item.note.blocks if b.kind != "code" for i in b.inlines if i.kind in kinds]
    return sorted(found, key=lambda i: i.start)


def _replacement(inline: Inline, targets: LinkTargets, source: bytes, own: str) -> str | None:
    if inline.kind in ("wikilink", "embed"):
        return _wikilink(inline, targets, _alias(source) or inline.text or inline.target, own)
    target = inline.target
    if target.startswith("#") and targets.fragment(own, unquote(target[1:])):
        return f"[{_escape_md(inline.text)}]({INTERNAL}{targets.fragment(own, unquote(target[1:]))})"
    if target.startswith(("http://", "https://", "mailto:", "#")):
        return None  # rendered as written; the sanitiser still checks it
    iri = _local_note(target, targets)
    text = _escape_md(inline.text or target)
    if iri is None and targets.withheld(unquote(target.split("#", 1)[0]).strip("/")):
        return _escape_md(inline.text)  # a link to a withheld note: its text only
    if inline.kind == "image" or iri is None:
        return f'<span class="unpublished" title="{_attr(target)}">{_escape_md(inline.text)}</span>'
    anchor = targets.fragment(iri, unquote(target.partition("#")[2]))
    return f"[{text}]({INTERNAL}{_relative(iri, targets.base)}{anchor})"


def _alias(source: bytes) -> str:
    """The alias of `[[target|alias]]` exactly as written (the parser has read Markdown into it)."""
    text = source.decode("utf-8", "replace")
    if text.endswith("]]") and "|" in text:
        return text[:-2].split("|", 1)[1]
    return ""


def _wikilink(inline: Inline, targets: LinkTargets, shown: str, own: str) -> str:
    text = _escape_md(shown)
    if not inline.target and targets.fragment(own, inline.anchor):
        return f"[{text}]({INTERNAL}{targets.fragment(own, inline.anchor)})"  # a heading of this very note
    iri = targets.find(inline.target) if inline.target else None
    if iri is None and inline.target and targets.withheld(inline.target):
        return text  # a withheld note: plain text, nothing that names it
    if iri is None or iri in targets.missing:
        kind = "image" if inline.kind == "embed" and "." in inline.target[-5:] else "note"
        label = "fichier non publié" if kind == "image" else "note absente"
        return f'<span class="missing" title="{_attr(label)} : {_attr(inline.target)}">{text}</span>'
    anchor = targets.fragment(iri, inline.anchor)
    return f"[{text}]({INTERNAL}{_relative(iri, targets.base)}{anchor})"


def _local_note(target: str, targets: LinkTargets) -> str | None:
    """A site-internal link like `/Navigation/A%20propos/#Contact` → that note's IRI, if it exists."""
    path = unquote(target.split("#", 1)[0]).strip("/")
    if not path or ":" in path.split("/", 1)[0]:
        return None
    iri = targets.find(path)
    return None if iri is None or iri in targets.missing else iri


def _relative(iri: str, base: str) -> str:
    return iri[len(base) :] if iri.startswith(base) else iri


def _escape_md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
