"""`catalog.ttl` / `catalog.jsonld`: the dataset as DCAT-AP catalogues and VoID tools expect it.

The dataset's own description (graph.py: title, description, license, modified, distributions)
is taken as written into `dataset.ttl`, so the two never disagree, and completed with what DCAT-AP
asks for: a catalogue, a publisher (foaf:Agent), a contact point, temporal coverage (the events'
dates), keywords (the tags), languages, and distributions with access URL, IANA media type, EU file
type, licence, size and checksum. VoID class and property partitions count the whole graph.

Media types are IANA IRIs here as in `dataset.ttl`; the catalogue adds their `dcterms:MediaType` type.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial
from itertools import chain, compress
from operator import itemgetter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, Namespace, URIRef
from rdflib.term import Node

from ..graph import DUMPS, Triple, triple_order
from ..iris import distribution_iri, scheme_iri, slugify
from ..output import Files
from ..vocab import PREFIXES
from .feed import COLLECTION, FOLDER
from .jsonld import CONTEXT, compact, dumps
from .rdf import to_oxigraph
from .terms import DCAT, DCTERMS, RDF, SCHEMA, SKOS, VOID, XSD

Add = Callable[[str, URIRef, Node | str], None]  # adds one triple to the catalogue
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
EXTRA_PREFIXES = {"foaf": str(FOAF), "vcard": str(VCARD), "spdx": str(SPDX)}
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
CHANGE_DISCOVERY = URIRef("https://iiif.io/api/discovery/1.0/")
FILE_TYPES = {
    "text/turtle": "RDF_TURTLE",
    "application/ld+json": "JSON_LD",
    "application/n-triples": "RDF_N_TRIPLES",
}
LANGUAGES = {"fr": "FRA", "en": "ENG", "de": "DEU", "it": "ITA", "es": "SPA", "nl": "NLD", "pt": "POR"}


def catalog_iri(base: str) -> str:
    return base + "catalog"


def catalog_triples(base: str, by_document: dict[str, list[Triple]], stage: Path) -> list[Triple]:
    """The DCAT-AP and VoID description of the dataset whose dumps are already in `stage`."""
    with ThreadPoolExecutor(1) as hashing:  # hashlib lets go of the GIL: the dumps hash meanwhile
        digests = hashing.map(_file_digest, [stage / filename for filename, _ in DUMPS])
        own = list(by_document.get(base, []))
        out: dict[Triple, None] = dict.fromkeys(own)
        add = _adder(out)
        _catalog(add, base, own)
        _agents(add, base, own, by_document)
        counts, selected = _statistics(by_document)
        _coverage(add, base, by_document, selected)
        for (filename, media_type), digest in zip(DUMPS, digests, strict=True):
            dist = distribution_iri(base, filename)
            _distribution(add, base, dist, stage / filename, media_type, digest)
    licenses = _values(own, base, DCTERMS.license)
    _feed_distribution(add, base)
    for dist in _values(out, base, DCAT.distribution):
        for license_iri in licenses:
            add(str(dist), DCTERMS.license, license_iri)
    _partitions(add, base, counts, selected)
    return sorted(out, key=triple_order)


def _adder(out: dict[Triple, None]) -> Add:
    def add(s: str, p: URIRef, o: Node | str) -> None:
        out[(URIRef(s), p, URIRef(o) if isinstance(o, str) and not isinstance(o, Literal) else o)] = None

    return add


def _values(triples: Iterable[Triple], s: str, p: URIRef) -> list[Node]:
    return [o for t_s, t_p, o in triples if str(t_s) == s and t_p == p]


def _catalog(add: Add, base: str, own: list[Triple]) -> None:
    c = catalog_iri(base)
    add(c, RDF.type, DCAT.Catalog)
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.modified):
        for value in _values(own, base, prop):
            add(c, prop, value)
    add(c, DCAT.dataset, base)
    add(c, FOAF.homepage, base)
    add(base, DCAT.landingPage, base)
    add(base, RDF.type, FOAF.Document)
    add(base, DCTERMS.identifier, Literal(base))
    add(base, DCTERMS.accessRights, PUBLIC)
    add(PUBLIC, RDF.type, DCTERMS.RightsStatement)
    for license_iri in _values(own, base, DCTERMS.license):
        add(str(license_iri), RDF.type, DCTERMS.LicenseDocument)


def _agents(add: Add, base: str, own: list[Triple], by_document: dict[str, list[Triple]]) -> None:
    """The publisher (foaf:Agent) of catalogue and dataset, and a contact point for both."""
    publishers = _values(own, base, DCTERMS.publisher)
    publisher = str(publishers[0]) if publishers else f"{catalog_iri(base)}#publisher"
    names = _values(own, base, DCTERMS.title)
    name = _publisher_name(by_document.get(publisher, []), publisher) or (str(names[0]) if names else base)
    for s in (catalog_iri(base), base):
        add(s, DCTERMS.publisher, publisher)
    add(publisher, RDF.type, FOAF.Agent)
    add(publisher, RDF.type, FOAF.Organization)
    add(publisher, FOAF.name, Literal(name))
    contact = f"{catalog_iri(base)}#contact"
    add(base, DCAT.contactPoint, contact)
    add(contact, RDF.type, VCARD.Organization)
    add(contact, RDF.type, VCARD.Kind)
    add(contact, VCARD.fn, Literal(name))
    add(contact, VCARD.hasURL, base)


def _publisher_name(triples: list[Triple], publisher: str) -> str:
    """graph.py names the configured publisher in its own document; without one, the title stands in."""
    return next((str(o) for s, p, o in triples if str(s) == publisher and p == SCHEMA.name), "")


SELECTED = {  # the predicates whose triples the catalogue reads, by what it reads them for
    SCHEMA.startDate: "dates",
    SCHEMA.endDate: "dates",
    SKOS.notation: "keywords",
    SCHEMA.inLanguage: "languages",
    RDF.type: "classes",
}


def _statistics(by_document: dict[str, list[Triple]]) -> tuple[Counter[URIRef], dict[str, list[Triple]]]:
    """Triples per predicate, and the triples with a predicate in SELECTED, in the graph's order,
    by what they are read for.

    The graph's predicates are a few objects met thousands of times (rdflib compares terms in
    Python): they are counted by identity in C, in one pass over all the triples, then the counts
    gathered by value.
    """
    triples = list(chain.from_iterable(by_document.values()))
    identities = list(map(id, map(itemgetter(1), triples)))
    first = dict(zip(identities, map(itemgetter(1), triples), strict=True))
    counts: Counter[URIRef] = Counter()
    for identity, n in Counter(identities).items():
        counts[first[identity]] += n
    wanted = {identity for identity, p in first.items() if p in SELECTED}
    selected: dict[str, list[Triple]] = {use: [] for use in SELECTED.values()}
    for triple in compress(triples, map(wanted.__contains__, identities)):
        selected[SELECTED[triple[1]]].append(triple)
    return counts, selected


def _coverage(
    add: Add, base: str, by_document: dict[str, list[Triple]], selected: dict[str, list[Triple]]
) -> None:
    """Temporal coverage from the events' dates, keywords from the tags, languages of the notes
    (`selected`: see _statistics)."""
    starts = [o for _, _, o in selected["dates"]]
    if starts:
        period = f"{catalog_iri(base)}#temporal"
        add(base, DCTERMS.temporal, period)
        add(period, RDF.type, DCTERMS.PeriodOfTime)
        add(period, DCAT.startDate, min(starts, key=lambda o: _padded(str(o), "0001-01-01")))
        add(period, DCAT.endDate, max(starts, key=lambda o: _padded(str(o), "9999-12-31")))
    for notation in sorted({str(o) for _, _, o in selected["keywords"]}):
        add(base, DCAT.keyword, Literal(notation))
    scheme = scheme_iri(base)
    if scheme in by_document:
        add(catalog_iri(base), DCAT.themeTaxonomy, scheme)
        add(scheme, RDF.type, SKOS.ConceptScheme)
        for top in _values(by_document[scheme], scheme, SKOS.hasTopConcept):
            add(base, DCAT.theme, top)
            add(str(top), RDF.type, SKOS.Concept)
    for code in sorted({str(o) for _, _, o in selected["languages"]}):
        if code in LANGUAGES:
            language = EU_LANGUAGE + LANGUAGES[code]
            add(base, DCTERMS.language, language)
            add(catalog_iri(base), DCTERMS.language, language)
            add(language, RDF.type, DCTERMS.LinguisticSystem)


def _padded(value: str, fill: str) -> str:
    """`2019` → `2019-01-01` (or `2019-12-31`): partial dates compared by the days they cover."""
    return value + fill[len(value) :]


def _file_digest(path: Path) -> str:
    with open(path, "rb") as file:  # streamed: a dump can be larger than we want to hold
        return hashlib.file_digest(file, "sha256").hexdigest()


def _distribution(add: Add, base: str, dist: str, path: Path, media_type: str, digest: str) -> None:
    url = base + path.name
    add(dist, RDF.type, DCAT.Distribution)
    add(dist, DCAT.accessURL, url)
    add(dist, DCAT.downloadURL, url)
    _media(add, dist, media_type)
    add(dist, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger))
    checksum = f"{dist}-sha256"
    add(dist, SPDX.checksum, checksum)
    add(checksum, RDF.type, SPDX.Checksum)
    add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
    add(checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary))
    add(base, VOID.dataDump, url)
    add(base, DCAT.distribution, dist)


def _media(add: Add, dist: str, media_type: str) -> None:
    add(dist, DCAT.mediaType, IANA + media_type)
    add(IANA + media_type, RDF.type, DCTERMS.MediaType)
    add(dist, DCTERMS["format"], FILE_TYPE + FILE_TYPES[media_type])
    add(FILE_TYPE + FILE_TYPES[media_type], RDF.type, DCTERMS.MediaTypeOrExtent)


def _feed_distribution(add: Add, base: str) -> None:
    dist = f"{base}#changes"
    url = f"{base}{FOLDER}/{COLLECTION}"
    add(base, DCAT.distribution, dist)
    add(dist, RDF.type, DCAT.Distribution)
    add(dist, DCTERMS.title, Literal("Change feed (IIIF Change Discovery 1.0)", lang="en"))
    add(dist, DCAT.accessURL, url)
    add(dist, DCAT.downloadURL, url)
    add(dist, DCTERMS.conformsTo, CHANGE_DISCOVERY)
    add(CHANGE_DISCOVERY, RDF.type, DCTERMS.Standard)
    _media(add, dist, "application/ld+json")


def _partitions(add: Add, base: str, properties: Counter[URIRef], selected: dict[str, list[Triple]]) -> None:
    """VoID class partitions (entities per class) and property partitions (triples per property);
    `selected`: see _statistics."""
    classes = Counter(o for _, _, o in set(selected["classes"]))
    for cls, n in sorted(classes.items()):
        part = f"{base}#class-{slugify(_curie(str(cls)))}"
        add(base, VOID.classPartition, part)
        add(part, VOID["class"], cls)
        add(part, VOID.entities, Literal(n))
    for prop, n in sorted(properties.items()):
        part = f"{base}#property-{slugify(_curie(str(prop)))}"
        add(base, VOID.propertyPartition, part)
        add(part, VOID.property, prop)
        add(part, VOID.triples, Literal(n))
    for namespace in sorted({_namespace(str(p)) for p in properties}):
        add(base, VOID.vocabulary, namespace)


def _curie(iri: str) -> str:
    for prefix, namespace in {**PREFIXES, **EXTRA_PREFIXES}.items():
        if iri.startswith(namespace):
            return f"{prefix}-{iri[len(namespace) :]}"
    return iri


def _namespace(iri: str) -> str:
    return iri[: max(iri.rfind("#"), iri.rfind("/")) + 1]


def write_catalog(
    target: Path | Files,
    base: str,
    by_document: dict[str, list[Triple]],
    hashes: Mapping[str, str] | None = None,
) -> None:
    """`catalog.ttl` and `catalog.jsonld` (inline context).

    `hashes`: each document's `ntriples_hash` (writers/rdf.py). With them both files are made from
    a digest of the graph (`graph_key`), so a re-export that changed no triple links them from the
    previous output without counting the graph or hashing the dumps again.
    """
    files = Files.of(target)
    made = cache(partial(catalog_triples, base, by_document, files.stage))
    turtle, jsonld = partial(_turtle_text, made), partial(_jsonld_text, made)
    if hashes is None:
        files.write("catalog.ttl", turtle())
        files.write("catalog.jsonld", jsonld())
        return
    key = graph_key(base, by_document, hashes)
    files.write_memo("catalog.ttl", key, turtle)
    files.write_memo("catalog.jsonld", key, jsonld)


def graph_key(base: str, by_document: dict[str, list[Triple]], hashes: Mapping[str, str]) -> bytes:
    """A digest of the whole graph: every document in order with the hash of its N-Triples.

    The hash is of the sorted lines, and a document's triples come in triple_order (triples.py), so
    equal hashes are equal lists; the dumps, made from the graph alone, are then equal too.
    """
    lines = "".join(f"{document}\t{hashes[document]}\n" for document in by_document)
    return hashlib.sha256(f"catalog\t{base}\n{lines}".encode("utf-8", "surrogatepass")).digest()


def _turtle_text(triples: Callable[[], list[Triple]]) -> bytes:
    prefixes = {**PREFIXES, **EXTRA_PREFIXES}
    return ox.serialize(to_oxigraph(triples()), format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def _jsonld_text(triples: Callable[[], list[Triple]]) -> bytes:
    return dumps(_with_prefixes(compact(triples())))


def _with_prefixes(document: dict[str, Any]) -> dict[str, Any]:
    """The compact document with foaf:, vcard: and spdx: terms shortened too."""
    graph = [_shorten_node(node) for node in document["@graph"]]
    return {"@context": {**CONTEXT, **EXTRA_PREFIXES}, "@graph": graph}


def _shorten(iri: str) -> str:
    for prefix, namespace in EXTRA_PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _shorten_node(value: Any) -> Any:
    if isinstance(value, list):
        return [_shorten_node(v) for v in value]
    if not isinstance(value, dict):
        return value
    shortened: dict[str, Any] = {}
    for key, item in value.items():
        if key == "@type":
            shortened[key] = [_shorten(t) for t in item] if isinstance(item, list) else _shorten(item)
        elif key.startswith("@"):
            shortened[key] = item
        else:
            shortened[_shorten(key)] = _shorten_node(item)
    return dict(sorted(shortened.items(), key=lambda kv: (kv[0] != "@id", kv[0])))
