"""A small forum vault whose people, events and quotations are stated by hand.

Extraction of events and people is not written yet, so these tests give `resolve` the facts
a finished extractor would give, and exercise every page kind through the real pipeline
from resolve on: resolve → graph → RDF writers → site writer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from xtd_rdf.config import Config
from xtd_rdf.dataset import Dataset
from xtd_rdf.facts import EventFact, NoteFacts, OrgMention, PartialDate, PersonMention, QuoteFact
from xtd_rdf.graph import dataset_triples
from xtd_rdf.notes import parse_note
from xtd_rdf.output import Files, staging
from xtd_rdf.pipeline import Built
from xtd_rdf.resolve import resolve
from xtd_rdf.vault import read_vault
from xtd_rdf.writers.atom import write_atom
from xtd_rdf.writers.rdf import write_rdf
from xtd_rdf.writers.site import write_site

BASE = "https://example.org/xtd/"
SPEAKER = "Elisabeth Gravil"
TALK = "Vers une organisation phygitale"
FORUM = "Forum MuseumXTD 2022"
MODERATOR = "Zelda Chauvet"

FILES = {
    "index.md": """---
title: MuseumXTD
eleventyNavigation:
  key: Accueil
---
Bienvenue sur la plateforme de ressources du forum.

Voir [[Forum 2022]] et [[Programme J1]].
""",
    "Navigation/Forum 2022.md": """---
eleventyNavigation:
  key: forum
  parent: Accueil
tags: forum
---
# Forum 2022

Le forum **MuseumXTD** s'est déroulé les 12 et 13 octobre 2022 à Yverdon-les-Bains.

Le programme : [[Programme J1]]. Une note qui manque : [[Note fantôme]].
""",
    "Notes/Programme J1.md": """---
eleventyNavigation:
  key: J1
  parent: forum
tags: [forum, forum/programme]
---
Les interventions du mercredi 12 octobre 2022 au forum.

Modération : Zelda Chauvet.

- [[Elisabeth Gravil - phygital|Elisabeth Gravil]], Museovation
""",
    "Notes/Elisabeth Gravil - phygital.md": """---
tags: forum/programme
---
## Transformation numérique des musées : vers une organisation phygitale ?

[Elisabeth Gravil](https://www.linkedin.com/in/elisagravil/), dirigeante de [Museovation](https://museovation.co/).

> « La transformation digitale est une injonction post-Covid. »

<iframe src="https://www.youtube.com/embed/EEt21Zoq31Q" title="vidéo"></iframe>
""",
}


def forum_facts(path: str) -> NoteFacts:
    speaker = PersonMention(
        SPEAKER,
        7,
        job_titles=("Dirigeante",),
        affiliations=(OrgMention("Museovation", 7, url="https://museovation.co/", country="FR"),),
        same_as="https://www.linkedin.com/in/elisagravil/",
        role="speaker",
    )
    talk = EventFact(TALK, 8, start=PartialDate("2022-10-12"), performers=(speaker,))
    if path == "Navigation/Forum 2022.md":
        forum = EventFact(
            FORUM,
            8,
            start=PartialDate("2022-10-12"),
            end=PartialDate("2022-10-13"),
            place="HEIG-VD, Yverdon-les-Bains",
            organizers=(OrgMention("Musées de Pully", 10),),
            performers=(speaker,),
            sub_events=(talk,),
        )
        return NoteFacts("fr", main_event=forum)
    if path == "Notes/Programme J1.md":
        return NoteFacts("fr", people=(PersonMention(MODERATOR, 7, role="moderator"),))
    if path == "Notes/Elisabeth Gravil - phygital.md":
        quote = QuoteFact("La transformation digitale est une injonction post-Covid.", 9, speaker=speaker)
        return NoteFacts("fr", events=(talk,), people=(speaker,), quotes=(quote,))
    return NoteFacts("fr")


FactsOf = Callable[[str], NoteFacts]
CONFIG = Config(base=BASE, title="Forum de test", language="fr")


def built_with(vault: Path, facts: FactsOf = forum_facts, config: Config = CONFIG) -> Built:
    """The vault resolved with hand-made facts: what `pipeline.build` gives once extraction exists."""
    pairs = [(note, facts(note.path)) for note in map(parse_note, read_vault(vault))]
    dataset: Dataset = resolve(pairs, config)
    return Built(dataset, dataset_triples(dataset), list(dataset.diagnostics))


def export_with(vault: Path, out: Path, facts: FactsOf = forum_facts, config: Config = CONFIG) -> Built:
    """The same writers as `export`, in the same order, on the hand-made dataset."""
    built = built_with(vault, facts, config)
    with staging(out) as stage:
        files = Files(stage)
        write_rdf(files, built.dataset.config.base, built.by_document)
        write_atom(files, built.dataset)  # every page links feed.xml
        write_site(files, built)
    return built
