"""The naive reference pipeline of issue 8: what the obvious design costs, to measure xtd-rdf against.

python-frontmatter + regexes + one rdflib Graph + pyshacl + rdflib's serialisers, nothing else
(no events, people, quotations or HTML): notes, tags and wikilinks as Turtle and JSON-LD.

    python benchmarks/naive.py VAULT OUT
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

import frontmatter
from pyshacl import validate
from rdflib import RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

SCHEMA = Namespace("https://schema.org/")
BASE = "https://example.org/xtd/"
SHAPES = Path(__file__).with_name("naive_shapes.ttl")
WIKILINK = re.compile(r"!?\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]")
INLINE_TAG = re.compile(r"(?<![\w/#&(\[])#([^\W\d_][\w/\-]*)")
URL = re.compile(r"\]\((https?://[^)\s]+)\)")


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def tags_of(metadata: dict, body: str) -> list[str]:
    value = metadata.get("tags") or []
    words = value if isinstance(value, list) else str(value).replace(",", " ").split()
    return [str(w).lstrip("#") for w in words if w] + INLINE_TAG.findall(body)


def add_note(graph: Graph, path: Path, vault: Path) -> None:
    try:
        post = frontmatter.load(path)
    except Exception:  # bad YAML: keep the note, drop its metadata
        post = frontmatter.Post(path.read_text(encoding="utf-8"))
    note = URIRef(f"{BASE}notes/{slug(path.stem)}")
    graph.add((note, RDF.type, SCHEMA.Article))
    graph.add((note, SCHEMA.name, Literal(path.stem)))
    graph.add((note, DCTERMS.title, Literal(path.stem)))
    graph.add((note, DCTERMS.source, Literal(path.relative_to(vault).as_posix())))
    date = post.metadata.get("date")
    if isinstance(date, dt.date):
        graph.add((note, DCTERMS.created, Literal(date.isoformat(), datatype=XSD.date)))
    for tag in tags_of(post.metadata, post.content):
        concept = URIRef(f"{BASE}tags/{slug(tag)}")
        graph.add((note, DCTERMS.subject, concept))
        graph.add((note, SCHEMA.keywords, Literal(tag)))
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.notation, Literal(tag)))
        graph.add((concept, SKOS.prefLabel, Literal(tag.rsplit("/", 1)[-1])))
    for target in WIKILINK.findall(post.content):
        graph.add((note, DCTERMS.relation, URIRef(f"{BASE}notes/{slug(target.strip())}")))
    for url in URL.findall(post.content):
        graph.add((note, SCHEMA.citation, URIRef(url)))


def main(vault: Path, out: Path) -> int:
    graph = Graph()
    graph.bind("schema", SCHEMA)
    graph.bind("dcterms", DCTERMS)
    for path in sorted(vault.rglob("*.md")):
        add_note(graph, path, vault)
    conforms, _, _report = validate(graph, shacl_graph=str(SHAPES), inference="none")
    out.mkdir(parents=True, exist_ok=True)
    graph.serialize(out / "dataset.ttl", format="turtle")
    graph.serialize(out / "dataset.jsonld", format="json-ld", auto_compact=True)
    print(f"{len(graph)} triples, conforms: {conforms}", file=sys.stderr)
    return 0 if conforms else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
