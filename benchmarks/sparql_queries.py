"""Median times of the named queries over a synthetic graph the size of a 100k-note vault.

Until the benchmark vault generator exists, this writes N-Triples that follow docs/model.md
(notes, tags, people, organisations, events, quotations) with a fixed seed, loads them the way
`xtd-rdf query --data` does, and times each named query in process and through a worker of the pool
the server uses.

    python benchmarks/sparql_queries.py --notes 100000 --runs 5
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from xtd_rdf.query import answer, execute, named_queries
from xtd_rdf.store import WorkerPool, load_export

BASE = "https://example.org/xtd/"
S, DC, SKOS, XSD = (
    "https://schema.org/",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/2004/02/skos/core#",
    ("http://www.w3.org/2001/XMLSchema#"),
)
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
COUNTRIES = ["FR", "CH", "DE", "GB", "US", "IT", "ES", "BE", "NL", "CA", "AT", "SE", "DK", "NO", "JP"]


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str, lang: str = "") -> str:
    return f'"{value}"@{lang}' if lang else f'"{value}"'


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def graph(notes: int, rng: random.Random) -> Iterator[str]:
    """Triples in N-Triples syntax, in the proportions of the corpus plus the extraction to come."""
    persons, orgs, events, tags = notes // 5, notes // 10, notes // 10, max(50, notes // 200)
    yield f"{iri(BASE)} {iri(TYPE)} <http://www.w3.org/ns/dcat#Dataset> ."
    for t in range(tags):
        tag = f"{BASE}tags/t{t}"
        yield f"{iri(tag)} {iri(TYPE)} {iri(SKOS + 'Concept')} ."
        yield f"{iri(tag)} {iri(SKOS + 'notation')} {text(f'tag{t}')} ."
        if t >= 20:
            yield f"{iri(tag)} {iri(SKOS + 'broader')} {iri(f'{BASE}tags/t{t % 20}')} ."
    for o in range(orgs):
        org = f"{BASE}organizations/o{o}"
        yield f"{iri(org)} {iri(TYPE)} {iri(S + 'Organization')} ."
        yield f"{iri(org)} {iri(S + 'name')} {text(f'Organisation {o}')} ."
        if o % 3:
            address = f"{org}#address"
            yield f"{iri(org)} {iri(S + 'address')} {iri(address)} ."
            yield f"{iri(address)} {iri(TYPE)} {iri(S + 'PostalAddress')} ."
            yield f"{iri(address)} {iri(S + 'addressCountry')} {text(rng.choice(COUNTRIES))} ."
    for p in range(persons):
        person = f"{BASE}persons/p{p}"
        yield f"{iri(person)} {iri(TYPE)} {iri(S + 'Person')} ."
        yield f"{iri(person)} {iri(S + 'name')} {text(f'Person {p}')} ."
        yield f"{iri(person)} {iri(S + 'jobTitle')} {text('conservateur', 'fr')} ."
        yield f"{iri(person)} {iri(S + 'affiliation')} {iri(f'{BASE}organizations/o{rng.randrange(orgs)}')} ."
    for e in range(events):
        event = f"{BASE}events/e{e}"
        yield f"{iri(event)} {iri(TYPE)} {iri(S + 'Event')} ."
        yield f"{iri(event)} {iri(S + 'name')} {text(f'Event {e}', 'fr')} ."
        year = rng.randrange(2000, 2025)
        start = rng.choice(
            [typed(f"{year}-05-03", "date"), typed(f"{year}-05", "gYearMonth"), typed(str(year), "gYear")]
        )
        yield f"{iri(event)} {iri(S + 'startDate')} {start} ."
        for o in rng.sample(range(orgs), rng.randint(1, 3)):
            yield f"{iri(event)} {iri(S + 'organizer')} {iri(f'{BASE}organizations/o{o}')} ."
        for p in rng.sample(range(persons), rng.randint(2, 6)):
            yield f"{iri(event)} {iri(S + 'performer')} {iri(f'{BASE}persons/p{p}')} ."
    for n in range(notes):
        yield from note(n, notes, persons, orgs, events, tags, rng)


def note(
    n: int, notes: int, persons: int, orgs: int, events: int, tags: int, rng: random.Random
) -> Iterator[str]:
    s = iri(f"{BASE}notes/n{n}")
    yield f"{s} {iri(TYPE)} {iri(S + 'Article')} ."
    for p in (S + "name", DC + "title"):
        yield f"{s} {iri(p)} {text(f'Note {n}', 'fr')} ."
    yield f"{s} {iri(S + 'inLanguage')} {text('fr')} ."
    for p in (DC + "created", S + "dateCreated"):
        yield f"{s} {iri(p)} {typed('2022-05-13', 'date')} ."
    yield f"{s} {iri(S + 'description')} {text('Une note sur la stratégie numérique des musées.', 'fr')} ."
    for t in rng.sample(range(tags), rng.randint(1, 4)):
        yield f"{s} {iri(DC + 'subject')} {iri(f'{BASE}tags/t{t}')} ."
        yield f"{s} {iri(S + 'keywords')} {text(f'tag{t}')} ."
    for _ in range(3):
        target = f"{BASE}notes/n{min(int(rng.paretovariate(1.2)) - 1, notes - 1)}"
        if rng.random() < 0.05:
            target = f"{BASE}notes/missing-{rng.randrange(notes // 20)}"
            yield f"{iri(target)} {iri(S + 'name')} {text('Missing')} ."
        yield f"{s} {iri(DC + 'relation')} {iri(target)} ."
    for c in range(2):
        yield f"{s} {iri(S + 'citation')} {iri(f'https://site{rng.randrange(500)}.example.org/doc{n}-{c}')} ."
    mentioned = [f"persons/p{rng.randrange(persons)}", f"organizations/o{rng.randrange(orgs)}"]
    mentioned.append(f"events/e{rng.randrange(events)}")
    for m in mentioned:
        yield f"{s} {iri(S + 'mentions')} {iri(BASE + m)} ."
        yield f"{iri(BASE + m)} {iri(S + 'subjectOf')} {s} ."
    for q in range(rng.choice([0, 0, 1, 2])):
        quote = iri(f"{BASE}notes/n{n}#quote-{q + 1}")
        yield f"{s} {iri(S + 'hasPart')} {quote} ."
        yield f"{quote} {iri(TYPE)} {iri(S + 'Quotation')} ."
        yield f"{quote} {iri(S + 'text')} {text(f'Citation {n}-{q}', 'fr')} ."
        yield f"{quote} {iri(S + 'spokenByCharacter')} {iri(f'{BASE}persons/p{rng.randrange(persons)}')} ."
        yield f"{quote} {iri(S + 'isPartOf')} {s} ."
    yield f"{s} {iri(S + 'isPartOf')} {iri(BASE)} ."
    yield f"{s} {iri(S + 'url')} {iri(f'{BASE}notes/n{n}/')} ."
    for p in ("http://www.w3.org/ns/prov#wasDerivedFrom", DC + "source"):
        yield f"{s} {iri(p)} {text(f'Note {n}.md')} ."


LOOKUPS = {
    "notes of one tag": f"SELECT ?n ?name WHERE {{ ?n dcterms:subject <{BASE}tags/t7> ; schema:name ?name }}",
    "backlinks of one note": f"SELECT ?source WHERE {{ ?source dcterms:relation <{BASE}notes/n3> }}",
    "one person, described": f"DESCRIBE <{BASE}persons/p42>",
    "events of a speaker": f"SELECT ?e WHERE {{ ?e schema:performer <{BASE}persons/p42> }}",
}


def timed(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--lookups-only", action="store_true", help="Time the lookups, not the named queries."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "dataset.nt"
        start = time.perf_counter()
        with dump.open("w", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in graph(args.notes, random.Random(42)))
        print(f"generated {dump.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        loaded = load_export(Path(folder))
        print(f"loaded {len(loaded)} triples in {time.perf_counter() - start:.1f} s")
    pool = WorkerPool(lambda request: answer(loaded.store, request, "", 10_000), 1)
    print(f"{'query':32} {'rows':>7} {'median':>9} {'in worker':>10}")
    queries = {} if args.lookups_only else {q.name: q.text for q in named_queries()}
    for name, text in {**queries, **LOOKUPS}.items():
        rows = len(list(execute(loaded.store, text)))
        in_process = timed(lambda q=text: list(execute(loaded.store, q)), args.runs)
        forked = timed(lambda q=text: pool.run(q, 600), args.runs)
        print(f"{name:32} {rows:>7} {in_process * 1000:>7.0f} ms {forked * 1000:>7.0f} ms")
    pool.close()


if __name__ == "__main__":
    main()
