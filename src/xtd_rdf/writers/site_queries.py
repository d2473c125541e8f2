"""A query block on its note's page: the query collapsed, then its answer, where the block was.

A SELECT gives a table (a column per variable), an ASK yes or no, a CONSTRUCT or DESCRIBE a list of
statements, a failure its message. Resources of the dataset are links to their pages, shown by the
label the graph gives them (as everywhere on the site); other IRIs are links shown by their label, or
as a CURIE or the IRI itself; literals are text. Every value is escaped here: the HTML goes into the
page after the note's own HTML was sanitised (html.Shown).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import escape

from ..query_blocks import Answer, Failure, Ran, Solutions, Statements, Term, Verdict
from .html import Shown
from .site_graph import SiteGraph

if TYPE_CHECKING:
    from ..dataset import PublishedNote
    from .site_reads import Reads

WORDS = {
    "fr": {
        "query": "Requête SPARQL",
        "none": "Aucun résultat.",
        "rows": "{n} résultat(s)",
        "cut": "Les {n} premiers résultats seulement : la requête en donne davantage.",
        "yes": "Oui",
        "no": "Non",
        "failed": "La requête n'a pas pu être exécutée :",
    },
    "en": {
        "query": "SPARQL query",
        "none": "No results.",
        "rows": "{n} result(s)",
        "cut": "The first {n} results only: the query gives more.",
        "yes": "Yes",
        "no": "No",
        "failed": "The query could not be run:",
    },
}


def shown_queries(site: Reads, item: PublishedNote, prefix: str) -> list[Shown]:
    """The note's query blocks as HTML, for html.render_note to put where each block was."""
    words = WORDS.get(site.language.split("-")[0], WORDS["en"])
    return [
        Shown(ran.block.start, ran.block.end, query_html(ran, site.graph, prefix, words))
        for ran in site.queries_of(item.iri)
    ]


def query_html(ran: Ran, graph: SiteGraph | Reads, prefix: str, words: dict[str, str]) -> str:
    """One block: a figure with the query in a closed `<details>`, then the answer."""
    query = (
        f"<details><summary>{_e(words['query'])}</summary>"
        f"<pre><code>{_e(ran.block.text)}</code></pre></details>"
    )
    return f'<figure class="query-block">{query}\n{_answer(ran.answer, graph, prefix, words)}</figure>\n'


def _answer(answer: Answer, graph: SiteGraph | Reads, prefix: str, words: dict[str, str]) -> str:
    if isinstance(answer, Failure):
        return f'<p class="query-error">{_e(words["failed"])} <samp>{_e(answer.message)}</samp></p>'
    if isinstance(answer, Verdict):
        return f'<p class="query-answer">{_e(words["yes" if answer.value else "no"])}</p>'
    if isinstance(answer, Statements):
        items = "".join(
            f"<li>{' '.join(_term(t, graph, prefix) for t in triple)}</li>\n" for triple in answer.triples
        )
        body = f'<ul class="query-statements">\n{items}</ul>' if items else ""
        return body + _count(len(answer.triples), answer.truncated, words)
    return _table(answer, graph, prefix) + _count(len(answer.rows), answer.truncated, words)


def _table(solutions: Solutions, graph: SiteGraph | Reads, prefix: str) -> str:
    if not solutions.rows:
        return ""
    head = "".join(f'<th scope="col">{_e(name)}</th>' for name in solutions.variables)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_term(value, graph, prefix)}</td>" for value in row) + "</tr>\n"
        for row in solutions.rows
    )
    return (
        f'<div class="table-scroll"><table class="query-result">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows}</tbody></table></div>"
    )


def _count(n: int, truncated: bool, words: dict[str, str]) -> str:
    if truncated:
        return f'<p class="meta">{_e(words["cut"].format(n=n))}</p>'
    return f'<p class="meta">{_e(words["rows"].format(n=n) if n else words["none"])}</p>'


def _term(term: Term | None, graph: SiteGraph | Reads, prefix: str) -> str:
    """A value as the site shows values: our resources by label and page, the rest as written."""
    if term is None:
        return ""
    if term.kind == "literal":
        lang = f' lang="{_e(term.language)}"' if term.language else ""
        return f"<span{lang}>{_e(term.value)}</span>" if lang else _e(term.value)
    if term.kind == "bnode":
        return _e(f"_:{term.value}")
    if term.kind != "iri":
        return _e(term.value)
    iri = term.value
    if graph.is_ours(iri) or iri == graph.base:
        own = iri.startswith(graph.base + "#")  # a part of the dataset's description: on the index page
        href = f"{prefix}index.html{iri[len(graph.base) :]}" if own else graph.href(iri, prefix)
        return f'<a href="{_e(href)}" title="{_e(iri)}">{_e(graph.label(iri))}</a>'
    label = graph.own_label(iri) or graph.curie(iri)
    if iri.lower().startswith(("http://", "https://")):
        return f'<a href="{_e(iri)}" rel="external noopener" title="{_e(iri)}">{_e(label)}</a>'
    return _e(label)


def _e(value: str) -> str:
    return str(escape(value))
