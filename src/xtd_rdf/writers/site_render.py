"""Pages through the templates: the one environment, its filters, and what a site's pages share.

Thousands of pages render the same header, menu and footer, and their lists hold thousands of
links: the header and footer are rendered once for each kind of page (`Renderer.chrome`), the
long lists by filters that join their lines once instead of template loops, every value escaped
as autoescaping would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

import jinja2
from jinja2.environment import TemplateModule
from markupsafe import Markup, escape

from .html_escape import escape_text
from .site_model import DataRow, Link, Page
from .site_pages import Site

TEMPLATES = ("base.html", "page.html", "data.html", "index.html", "chrome.html")


@cache
def environment() -> jinja2.Environment:
    """The one template environment: autoescaping everywhere, templates from the package."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("xtd_rdf", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # packaged templates never change while we run: no up-to-date check per page
    )
    env.filters["safe_href"] = safe_href
    env.filters["link"] = link_html
    env.filters["links"] = links_html
    env.filters["link_items"] = link_items
    env.filters["data_rows"] = data_rows
    env.filters["format_links"] = format_links
    env.filters["shown"] = shown
    return env


@dataclass(frozen=True)
class SiteValues:
    """What the templates read of the site as `site`; `root` leads from the page to the site's root."""

    title: str
    license: str
    language: str
    root: str


@dataclass
class Renderer:
    """Renders one site's pages; what depends only on a page's depth and language is made once."""

    site: Site
    env: jinja2.Environment = field(default_factory=environment)
    _values: dict[str, SiteValues] = field(default_factory=dict)
    _chrome: dict[tuple[str, str, bool], TemplateModule] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in TEMPLATES:  # compiled here, before --jobs forks its workers, not once in each
            self.env.get_template(name)

    def render(self, page: Page) -> str:
        template = self.env.get_template("index.html" if page.kind in ("index", "listing") else "page.html")
        values = self.values(page.prefix)
        chrome_lang = f' lang="{values.language}"' if page.lang != values.language else ""
        return template.render(
            page=page,
            ui=self.site.ui,
            site=values,
            chrome_lang=chrome_lang,
            chrome=self.chrome(values, chrome_lang, page.kind == "index"),
        )

    def values(self, root: str) -> SiteValues:
        found = self._values.get(root)
        if found is None:
            config = self.site.dataset.config
            found = self._values[root] = SiteValues(config.title, config.license, config.language, root)
        return found

    def chrome(self, values: SiteValues, chrome_lang: str, index: bool) -> TemplateModule:
        """chrome.html's header and footer for pages at `values.root`, in or out of the site's language."""
        key = (values.root, chrome_lang, index)
        found = self._chrome.get(key)
        if found is None:
            nav = [Link(self.site.ui[k], f"{values.root}{k}/index.html") for k in self.site.kinds]
            found = self._chrome[key] = self.env.get_template("chrome.html").make_module(
                {"site": values, "ui": self.site.ui, "nav": nav, "chrome_lang": chrome_lang, "index": index}
            )
        return found


def link_html(link: Link) -> Markup:
    """A Link as HTML; a filter, not a macro, because pages hold thousands (every value is escaped)."""
    return Markup(_link(link))


def links_html(links: list[Link]) -> Markup:
    """Links one after the other, as a fact's values are shown: `a, b, c`."""
    return Markup('<span class="sep">, </span>'.join(map(_link, links)))


@lru_cache(maxsize=8192)
def _link(link: Link) -> str:
    """link_html as a plain string, for the filters that join many (a Markup per link costs).

    Cached: the same links (a tag, a person, the dataset) come back on page after page.
    """
    lang = f' lang="{_escape(link.lang)}"' if link.lang else ""
    href = safe_href(link.href)
    if href:
        attrs = ' rel="external noopener"' if link.external else ""
        attrs += ' class="missing"' if link.missing else ""
        html = f'<a href="{_escape(href)}"{attrs}{lang}>{_escape(link.label)}</a>'
    else:
        html = f"<span{lang}>{_escape(link.label)}</span>"
    if link.note:
        html += f' <span class="meta">{_escape(link.note)}</span>'
    return html


def _escape(value: str) -> str:
    """markupsafe.escape's output for a plain string, without building a Markup per value."""
    if type(value) is str:
        return escape_text(value)
    return str(escape(value))  # a Markup stays as it is, anything else is escaped as text


def link_items(links: list[Link], indent: int = 10) -> Markup:
    """`<li>` lines of a list of links: a filter, not a template loop (lists run to thousands)."""
    return Markup("".join(f"{' ' * indent}<li>{_link(link)}</li>\n" for link in links))


def format_links(alternates: list[tuple[str, str]]) -> Markup:
    """`Turtle, JSON-LD`: links to the page's data in other formats, from (media type, href) pairs."""
    return Markup(
        ", ".join(
            f'<a href="{_escape(href)}" type="{_escape(media_type)}">'
            f"{'Turtle' if 'turtle' in media_type else 'JSON-LD'}</a>"
            for media_type, href in alternates
        )
    )


def data_rows(rows: list[DataRow]) -> Markup:
    """The rows of a page's triple table; a filter for speed, every value escaped as the template would."""
    return Markup("".join(map(_data_row, rows)))


def _data_row(row: DataRow) -> str:
    subject, predicate, predicate_iri, value, annotation, anchor = row
    cell = f"<span>{_escape(value)}</span>" if isinstance(value, str) else _link(value)
    if annotation:
        cell += f' <span class="meta">{_escape(annotation)}</span>'
    anchor = f' id="{_escape(anchor)}"' if anchor else ""
    return (
        f"      <tr{anchor}><td>{_escape(subject) if subject else '·'}</td>"
        f"{_predicate_cell(predicate_iri, predicate)}\n"
        f"      <td>{cell}</td></tr>\n"
    )


@lru_cache(maxsize=4096)
def _predicate_cell(iri: str, curie: str) -> str:
    """A predicate's cell: the same few predicates fill every table, escaped once."""
    return f'<td><abbr title="{_escape(iri)}">{_escape(curie)}</abbr></td>'


def shown(groups: list[tuple[str, list[Link]]]) -> list[tuple[str, list[Link]]]:
    """The facts or sections of a page that have something to show."""
    return [group for group in groups if group[1]]


def safe_href(value: str) -> str:
    """A link target we can put in `href`: relative, http(s) or mailto; anything else becomes ""."""
    head = value.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]
    if ":" not in head:
        return value
    return value if value.lower().startswith(("http://", "https://", "mailto:")) else ""
