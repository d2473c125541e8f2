"""Write a synthetic MuseumXTD-like vault of any size, the same bytes for the same seed.

The notes imitate the real vault in ../shared/corpus/museumxtd: Eleventy front matter written the
ways editors write it, French/English/German prose, wikilinks (some dangling, with `|alias` and
`#heading`), nested tags, external links, YouTube iframes, event notes, forum programmes with speaker
lists, talk notes and quotations. People and organisations come from pools sized to the vault, drawn
with a skew, so the same names recur across many notes as they do in a real knowledge base.

    python benchmarks/generate.py OUT --notes 10000 --seed 1
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TARGET_BYTES = 3000


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = _words(
    "Nathalie Marion Elisabeth Catherine Zelda Marianne Diletta Heidi Solène Tatiana Laura Marie Anne Claire "
    "Sophie Julie Camille Léa Chloé Manon Emma Inès Sarah Lucie Mathilde Hélène Isabelle Valérie Sandrine "
    "Ursula Katrin Sabine Petra Anja Miriam Johanna Lena Greta Ingrid Emily Olivia Grace Hannah Rachel Alice "
    "Luc Antoine Fabien Olivier Christian Julian Manuel Nicolas Selim Isaac Giovanni Alexandre Daniel Louis "
    "Pierre Jean François Thomas Mathieu Julien Hugo Lucas Maxime Vincent Yves Bernard Philippe Stéphane "
    "Matthias Lukas Stefan Jürgen Tobias Florian Andreas Markus Felix Jonas Oliver James William George "
    "Henry Samuel Peter David Michael Arthur Benoît Rémi Gaël Joël Noé Zoé Anaïs Maëlle Françoise Agnès"
)
LAST = _words(
    "Pichard Lehembre Gravil Pugin Chauvet Chevassus Debraine Guidi Amrein Camus Roland Morf Jimenez Jullier "
    "Carabelea Ross Hunziker Fitze Nieder Sigrist Reutenauer Godinot Krichane Henchoz Carrard Pante "
    "Colavizza "
    "Schmitt Derrac Evrard Krebs Dahlbom Martin Bernard Dubois Durand Lefebvre Moreau Laurent Simon Michel "
    "Garcia Roux Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Favre Perret Meylan "
    "Rochat Jaquet Cuendet Bovet Zbinden Gerber Keller Weber Schneider Fischer Meyer Wagner Becker Hoffmann "
    "Schulz Koch Richter Klein Wolf Brunner Baumann Frei Huber Steiner Smith Jones Taylor Brown Wilson Evans "
    "Thomas Roberts Walker Wright Hughes Green Hall Wood Clarke Jackson Turner Mercier Blanc Guerin "
    "Chevalier "
    "Gautier Perrin Morel Lemaire Renaud Barbier Brun Masson Aubert Schaller Vuilleumier Ducommun Grosjean"
)
CITIES = (
    ("Paris", "FR"),
    ("Lyon", "FR"),
    ("Marseille", "FR"),
    ("Lausanne", "CH"),
    ("Genève", "CH"),
    ("Yverdon-les-Bains", "CH"),
    ("Neuchâtel", "CH"),
    ("Fribourg", "CH"),
    ("Zürich", "CH"),
    ("Basel", "CH"),
    ("Bern", "CH"),
    ("Berlin", "DE"),
    ("München", "DE"),
    ("Hamburg", "DE"),
    ("Wien", "AT"),
    ("Linz", "AT"),
    ("Bruxelles", "BE"),
    ("London", "GB"),
    ("Edinburgh", "GB"),
    ("Amsterdam", "NL"),
    ("Montréal", "CA"),
    ("Québec", "CA"),
    ("Milano", "IT"),
)
ORG_PATTERNS = (
    "Musée {adj} de {city}",
    "Musée d'art et d'histoire de {city}",
    "Museum für {thing} {city}",
    "Fondation {last}",
    "Fondation {first} {last}",
    "{last} Studio",
    "{last} & {last2} Design",
    "Agentur {last} & {last2}",
    "Atelier {last} Sàrl",
    "{word} Lab",
    "Université de {city}",
    "Haute école d'ingénierie de {city}",
    "{word} Digital",
    "Association {word}",
    "{city} Heritage Trust",
    "Kunsthalle {city}",
    "Bibliothèque cantonale de {city}",
)
ORG_ADJ = ("national", "cantonal", "communal", "romain", "historique", "des beaux-arts", "de la photographie")
ORG_THING = ("Gestaltung", "Kommunikation", "Naturkunde", "Völkerkunde", "Fotografie", "Technik")
ORG_WORD = _words(
    "Concilio Museovation Arenametrix Odoma Correspondances Ekphrasis Archeotech Uniris Pixelis Patrimonia "
    "Mnemosyne Heritagio Curatio Musealia Collectio Artefacto Numeris Visio Memoria Digitalis Lumen Atlas "
    "Cartograph Explora Narratio Sonora Kinetica Vitrine Archiva"
)

JOBS = {
    "fr": (
        "Directrice",
        "Directeur",
        "Conservatrice adjointe",
        "Responsable numérique & innovation",
        "Cheffe de projet",
        "Médiateur culturel",
        "Chargée de collections",
        "Fondateur & directeur",
        "Professeure associée",
        "Responsable de la communication",
    ),
    "en": (
        "Director",
        "Head of Digital",
        "Curator",
        "Digital Producer",
        "Project Manager",
        "Researcher",
        "Founder & CEO",
        "Collections Manager",
    ),
    "de": (
        "Direktorin",
        "Direktor",
        "Kuratorin",
        "Leiter Digitales",
        "Projektleiterin",
        "Kunstvermittler",
        "Wissenschaftliche Mitarbeiterin",
    ),
}
AT_ORG = {"fr": "de", "en": "at", "de": "bei"}
MONTHS = {
    "fr": _words("janvier février mars avril mai juin juillet août septembre octobre novembre décembre"),
    "en": _words("January February March April May June July August September October November December"),
    "de": _words("Januar Februar März April Mai Juni Juli August September Oktober November Dezember"),
}
TOPICS = {
    "fr": (
        "la médiation numérique",
        "la stratégie numérique",
        "la numérisation des collections",
        "les expositions virtuelles",
        "les publics",
        "les réseaux sociaux",
        "la réalité augmentée",
        "l'open data",
        "la conservation préventive",
        "la sobriété numérique",
        "le crowdsourcing",
        "la gestion de projet agile",
        "les données visiteurs",
        "le patrimoine immatériel",
    ),
    "en": (
        "digital mediation",
        "digital strategy",
        "collection digitisation",
        "virtual exhibitions",
        "audience research",
        "social media",
        "augmented reality",
        "open data",
        "agile project management",
        "crowdsourcing",
        "digital preservation",
        "visitor data",
    ),
    "de": (
        "die digitale Vermittlung",
        "die digitale Strategie",
        "die Digitalisierung der Sammlungen",
        "virtuelle Ausstellungen",
        "die Publikumsforschung",
        "soziale Medien",
        "erweiterte Realität",
        "offene Daten",
        "die Langzeitarchivierung",
        "das Crowdsourcing",
    ),
}
SENTENCES = {
    "fr": (
        "Cet article montre comment {topic} transforme le travail quotidien des petits et moyens musées.",
        "Les auteurs proposent une réflexion sur {topic} et sur la place du numérique dans l'institution.",
        "Il s'agit d'un retour d'expérience concret, qui détaille les étapes, les coûts et les écueils.",
        "{person} rappelle que {topic} n'est pas une fin en soi mais un moyen au service du discours.",
        "La question de {topic} se pose aussi pour les équipes, qui doivent se former et s'organiser.",
        "Le rapport recense de nombreux exemples en Suisse romande, en France et au Québec.",
        "On y trouve des recommandations pratiques et une liste d'outils pour démarrer.",
        "Les musées peuvent être des lieux d'innovation tout en gardant une approche critique.",
    ),
    "en": (
        "This article shows how {topic} changes the daily work of small and medium-sized museums.",
        "The authors reflect on {topic} and on the place of digital tools within the institution.",
        "It is a hands-on case study that details the steps, the costs and the pitfalls.",
        "{person} reminds us that {topic} is not an end in itself but a means to serve the story.",
        "The report lists many examples from Switzerland, the United Kingdom and Canada.",
        "It gives practical recommendations and a list of tools to get started.",
        "Museums can be places of innovation while keeping a critical eye on technology.",
    ),
    "de": (
        "Der Artikel zeigt, wie {topic} die tägliche Arbeit kleiner und mittlerer Museen verändert.",
        "Die Autorinnen denken über {topic} und den Platz digitaler Werkzeuge im Museum nach.",
        "Es handelt sich um einen praxisnahen Erfahrungsbericht mit Schritten, Kosten und Stolpersteinen.",
        "{person} erinnert daran, dass {topic} kein Selbstzweck ist, sondern der Vermittlung dient.",
        "Der Bericht nennt viele Beispiele aus der Schweiz, aus Deutschland und aus Österreich.",
        "Er enthält praktische Empfehlungen und eine Liste von Werkzeugen für den Einstieg.",
    ),
}
QUOTES = {
    "fr": (
        "Le numérique nous oblige à co-construire nos projets avec les publics.",
        "La stratégie numérique n'est pas une question de moyens, c'est une question d'énergie.",
        "Il faut d'abord savoir ce que l'on veut raconter, la technologie vient ensuite.",
        "Les petites institutions ont souvent plus d'agilité que les grandes.",
    ),
    "en": (
        "Digital is not a department, it is a way of working across the whole museum.",
        "Start with the visitors' questions, not with the technology.",
        "Small museums can move faster than large ones.",
    ),
    "de": (
        "Digitalisierung ist keine Abteilung, sondern eine Haltung des ganzen Hauses.",
        "Man muss zuerst wissen, was man erzählen will, dann kommt die Technik.",
    ),
}
HEADINGS = {"fr": ("À retenir", "Pour aller plus loin"), "en": ("Key points", "Further reading")}
HEADINGS["de"] = ("Das Wichtigste", "Weiterführende Links")
SEE = {"fr": ("Voir aussi", "Citations :", "Mots-clés :"), "en": ("See also", "Quotes:", "Keywords:")}
SEE["de"] = ("Siehe auch", "Zitate:", "Schlagwörter:")
TITLE_PATTERNS = {
    "fr": (
        "{Topic} dans les musées",
        "Comment penser {topic}",
        "{Topic}, quels enjeux pour les musées",
        "Guide pratique pour {topic}",
        "Retour d'expérience sur {topic}",
    ),
    "en": ("{Topic} in museums", "Rethinking {topic}", "A practical guide to {topic}", "Lessons on {topic}"),
    "de": ("{Topic} im Museum", "Leitfaden für {topic}", "Erfahrungen mit {topic}"),
}
TAGS = _words("ressource question forum rapport strategie outils collection english francais")
NESTED_TAGS = (
    "numerique/3d",
    "numerique/mediation",
    "numerique/strategie",
    "musee/collection/numerisation",
    "musee/publics",
    "projet/agile",
    "donnees/open-data",
)
NAV_PARENTS = ("opportunités", "pensermktg", "menerprojet", "affaire", "collections", "publics")
KIND_WEIGHTS = (("resource", 45), ("talk", 20), ("event", 10), ("programme", 4), ("question", 13))
KIND_WEIGHTS += (("info", 8),)
FOLDERS = {
    "resource": "Notes",
    "talk": "Forum",
    "event": "Evenements",
    "programme": "Forum",
    "question": "Notes",
    "info": "Navigation",
}


@dataclass(frozen=True)
class Person:
    name: str
    slug: str
    job: dict[str, str]
    org: int


@dataclass(frozen=True)
class Org:
    name: str
    url: str
    country: str


@dataclass(frozen=True)
class GeneratedNote:
    """One note's file and what a correct parser must find in it."""

    path: str
    text: str
    tags: tuple[str, ...]  # distinct tags, front matter first, in order
    wikilinks: tuple[str, ...]  # every wikilink target, in order, repeats kept
    dangling: tuple[str, ...]  # targets that name no note of the vault


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def skewed(rng: random.Random, size: int) -> int:
    """An index in [0, size) drawn with a long tail: a few names recur in many notes."""
    return min(size - 1, int(size * rng.random() ** 2.2))


class Plan:
    """The vault-wide choices every note draws from: pools of people, organisations and note names."""

    def __init__(self, notes: int, seed: int) -> None:
        rng = random.Random(f"plan:{seed}")
        self.seed = seed
        self.count = notes
        self.orgs = self._orgs(rng, max(20, notes // 12))
        self.people = self._people(rng, max(40, notes // 4))
        self.kinds = [self._kind(rng) for _ in range(notes)]
        self.langs = [rng.choices(("fr", "en", "de"), (60, 25, 15))[0] for _ in range(notes)]
        self.names = self._names(rng)
        self.talks = [i for i, kind in enumerate(self.kinds) if kind == "talk"] or [0]

    @staticmethod
    def _kind(rng: random.Random) -> str:
        return rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]

    @staticmethod
    def _orgs(rng: random.Random, size: int) -> list[Org]:
        seen: set[str] = set()
        orgs: list[Org] = []
        while len(orgs) < size:
            city, country = rng.choice(CITIES)
            name = rng.choice(ORG_PATTERNS).format(
                adj=rng.choice(ORG_ADJ),
                city=city,
                thing=rng.choice(ORG_THING),
                first=rng.choice(FIRST),
                last=rng.choice(LAST),
                last2=rng.choice(LAST),
                word=rng.choice(ORG_WORD),
            )
            if name in seen:
                continue
            seen.add(name)
            orgs.append(Org(name, f"https://{slugify(name)}.example/", country))
        return orgs

    def _people(self, rng: random.Random, size: int) -> list[Person]:
        names = [f"{first} {last}" for first in FIRST for last in LAST]
        rng.shuffle(names)
        seen = set(names)
        while len(names) < size:  # beyond the product: double-barrelled family names
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}"
            if name not in seen:
                seen.add(name)
                names.append(name)
        people = []
        for name in names[:size]:
            job = {lang: rng.choice(jobs) for lang, jobs in JOBS.items()}
            people.append(Person(name, slugify(name), job, skewed(rng, len(self.orgs))))
        return people

    def _names(self, rng: random.Random) -> list[str]:
        names: list[str] = []
        self.speakers: dict[int, int] = {}  # talk note → its speaker in the people pool
        seen: set[str] = set()
        uses: dict[str, int] = {}
        for i in range(self.count):
            kind, lang = self.kinds[i], self.langs[i]
            if kind == "talk":
                self.speakers[i] = skewed(rng, len(self.people))
                base = f"MuseumXTD - {self.people[self.speakers[i]].name}"
            elif kind == "programme":
                base = f"Programme et intervenants J{i}"
            elif kind == "event":
                base = f"Journée d'étude {rng.choice(CITIES)[0]} {rng.randint(2015, 2024)}"
            else:
                topic = rng.choice(TOPICS[lang])
                pattern = rng.choice(TITLE_PATTERNS[lang])
                base = pattern.format(topic=topic, Topic=topic[0].upper() + topic[1:]) + self._qualifier(
                    rng, lang
                )
            uses[base.lower()] = n = uses.get(base.lower(), 0) + 1
            name = base if n == 1 else f"{base} ({n})"
            while name.lower() in seen:
                n += 1
                name = f"{base} ({n})"
            seen.add(name.lower())
            names.append(name)
        return names

    def _qualifier(self, rng: random.Random, lang: str) -> str:
        """What tells apart titles on one topic: a place, a year, an institution, or nothing."""
        roll = rng.random()
        if roll < 0.25:
            return ""
        if roll < 0.5:
            return f" ({rng.randint(2012, 2024)})"
        if roll < 0.75:
            return {"fr": " à ", "en": " in ", "de": " in "}[lang] + rng.choice(CITIES)[0]
        org = self.orgs[skewed(rng, len(self.orgs))].name
        return {"fr": ", l'exemple de ", "en": " – the case of ", "de": " – das Beispiel "}[lang] + org

    def path(self, i: int) -> str:
        return f"{FOLDERS[self.kinds[i]]}/{self.names[i]}.md"


class NoteWriter:
    """Writes note i of a plan; every random choice comes from the note's own seeded generator."""

    def __init__(self, plan: Plan, i: int) -> None:
        self.plan, self.i = plan, i
        self.rng = random.Random(f"note:{plan.seed}:{i}")
        self.lang = plan.langs[i]
        self.lines: list[str] = []
        self.tags: list[str] = []
        self.wikilinks: list[str] = []
        self.dangling: list[str] = []

    # -- pieces -------------------------------------------------------------------------------------
    def person(self) -> Person:
        return self.plan.people[skewed(self.rng, len(self.plan.people))]

    def org_of(self, person: Person) -> Org:
        return self.plan.orgs[person.org]

    def person_link(self, person: Person) -> str:
        return f"[{person.name}](https://www.linkedin.com/in/{person.slug}/)"

    def speaker(self, person: Person) -> str:
        org = self.org_of(person)
        return f"{self.person_link(person)}, {person.job[self.lang]}, [{org.name}]({org.url}) ({org.country})"

    def wikilink(self) -> str:
        rng = self.rng
        if rng.random() < 0.06:
            target = f"{rng.choice(TOPICS[self.lang]).capitalize()} (note à écrire {rng.randint(1, 999)})"
            self.dangling.append(target)
        else:
            target = self.plan.names[rng.randrange(self.plan.count)]
        self.wikilinks.append(target)
        roll = rng.random()
        if roll < 0.25:
            return f"[[{target}|{rng.choice(TOPICS[self.lang])}]]"
        if roll < 0.35:
            return f"[[{target}#{rng.choice(HEADINGS[self.lang])}]]"
        return f"[[{target}]]"

    def sentence(self) -> str:
        rng = self.rng
        text = rng.choice(SENTENCES[self.lang]).format(
            topic=rng.choice(TOPICS[self.lang]), person=self.person().name
        )
        roll = rng.random()
        if roll < 0.2:
            text += f" {SEE[self.lang][0]} {self.wikilink()}."
        elif roll < 0.3:
            text += f" ([source](https://www.{rng.choice(ORG_WORD).lower()}.example/{rng.randint(1, 9999)}))"
        return text

    def paragraph(self, sentences: int = 3) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def quotation(self) -> str:
        person = self.person()
        org = self.org_of(person)
        quote = self.rng.choice(QUOTES[self.lang])
        return f'"{quote}" ({person.name}, {person.job[self.lang]} {AT_ORG[self.lang]} {org.name})'

    def date_text(self) -> tuple[str, str]:
        rng = self.rng
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2015, 2024)
        words = MONTHS[self.lang][month - 1]
        text = {"fr": f"{day} {words} {year}", "en": f"{day} {words} {year}", "de": f"{day}. {words} {year}"}
        return text[self.lang], f"{year}-{month:02d}-{day:02d}"

    def iframe(self) -> str:
        video = "".join(self.rng.choice("abcdefghijkLMNOPQ0123456789_-") for _ in range(11))
        return (
            f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{video}" '
            'title="YouTube video player" frameborder="0" allowfullscreen></iframe>'
        )

    # -- front matter --------------------------------------------------------------------------------
    def front_matter(self) -> list[str]:
        rng, kind = self.rng, self.plan.kinds[self.i]
        layout = "layouts/info.njk" if kind in ("info", "programme") else "layouts/post.njk"
        tags = [{"resource": "ressource", "question": "question"}.get(kind, "forum")]
        tags += rng.sample(TAGS, rng.randint(0, 2)) + rng.sample(NESTED_TAGS, rng.randint(0, 2))
        tags = list(dict.fromkeys(tags))
        lines = ["---", "title: MuseumXTD", f"layout: {layout}"]
        style = rng.random()
        if kind == "info" and style < 0.3:
            tags = []
            lines.append("tags: ")
        elif style < 0.45:
            lines.append("tags: " + " ".join(tags))
        elif style < 0.7:
            lines += ["tags:"] + [f"  - {t}" for t in tags]
        elif style < 0.85:
            lines.append("tags: " + " ".join("#" + t for t in tags))  # a YAML comment: editors do this
        else:
            lines.append("tags: [" + ", ".join(tags) + "]")
        self.tags += tags
        if rng.random() < 0.6:
            lines.append(f"date: {rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        if rng.random() < 0.2:
            alias = self.plan.names[self.i].replace(",", "")
            lines.append(f"alias: [{alias}?]" if rng.random() < 0.5 else f"aliases:\n  - {alias} (bis)")
        if rng.random() < 0.4:
            key = slugify(self.plan.names[self.i])[:20]
            lines += ["eleventyNavigation:", f"  key: {key}", f"  title: {self.plan.names[self.i]}"]
            lines.append(f"  parent: {rng.choice(NAV_PARENTS)}")
        return [*lines, "---"]

    # -- bodies by kind --------------------------------------------------------------------------------
    def resource(self) -> None:
        rng = self.rng
        title = self.plan.names[self.i]
        a, b = self.person(), self.person()
        self.lines += [
            f"### [{title}.](https://www.{rng.choice(ORG_WORD).lower()}.example/articles/{slugify(title)})",
            f"{self.person_link(a)}, {self.person_link(b)}. {self.sentence()}",
            "",
            f"## {HEADINGS[self.lang][0]}",
        ]
        self.lines += [f"- {self.sentence()}" for _ in range(rng.randint(2, 4))]
        self.lines += [f"- {self.wikilink()} {self.sentence()}"]
        if rng.random() < 0.5:
            self.lines += [f"- {SEE[self.lang][1]}", f"\t- {self.quotation()}", f"\t- {self.quotation()}"]
        self.lines.append("")

    def talk(self) -> None:
        speaker = self.plan.people[self.plan.speakers[self.i]]
        org = self.org_of(speaker)
        self.lines += [
            f"## {self.rng.choice(TOPICS[self.lang]).capitalize()}",
            "",
            f"{self.person_link(speaker)}  ",
            f"{speaker.job[self.lang]}, [{org.name}]({org.url}) ({org.country})",
            "",
            self.paragraph(3),
            "",
            self.iframe(),
            "  ",
            "[Téléchargez la présentation en pdf ici](https://kdrive.example/app/share/"
            f"{self.rng.randint(100000, 999999)})",
            "",
        ]

    def event(self) -> None:
        rng = self.rng
        when, _iso = self.date_text()
        city = rng.choice(CITIES)[0]
        organisers = [self.org_of(self.person()).name for _ in range(rng.randint(1, 3))]
        organisers = list(dict.fromkeys(organisers))
        joined = {"fr": " et ", "en": " and ", "de": " und "}[self.lang]
        by = ", ".join(organisers[:-1]) + joined + organisers[-1] if len(organisers) > 1 else organisers[0]
        line = {
            "fr": f"La journée a été organisée le {when} à {city} par {by}.",
            "en": f"The study day was held on {when} in {city}, organised by {by}.",
            "de": f"Die Tagung fand am {when} in {city} statt, organisiert von {by}.",
        }[self.lang]
        self.lines += [f"## {self.plan.names[self.i]}", "", self.paragraph(2), "", line, ""]
        self.lines += [f"### {HEADINGS[self.lang][0]}"]
        self.lines += [f"- {self.quotation()}" for _ in range(rng.randint(1, 3))]
        self.lines += [f"- {self.sentence()}", ""]

    def programme(self) -> None:
        rng = self.rng
        when, _iso = self.date_text()
        moderator = self.speaker(self.person())
        self.lines += [f"### {when} (9h-17h)", f"Modération de la journée par {moderator}", ""]
        for _ in range(rng.randint(3, 6)):
            talk = self.plan.talks[rng.randrange(len(self.plan.talks))]
            name, alias = self.plan.names[talk], rng.choice(TOPICS[self.lang]).capitalize()
            self.wikilinks.append(name)
            self.lines.append(f"- #### [[{name}|{alias}]]")
            self.lines += [f"- {self.speaker(self.person())}" for _ in range(rng.randint(1, 3))]
            self.lines += ["", ""]

    def question(self) -> None:
        self.lines += [f"# {self.plan.names[self.i]} ?", "", self.paragraph(3), ""]
        for n in range(1, self.rng.randint(3, 5)):
            url = f"https://www.{self.rng.choice(ORG_WORD).lower()}.example/guide/{n}"
            self.lines.append(f"{n}. [{self.rng.choice(TOPICS[self.lang]).capitalize()}]({url})")
        self.lines.append("")

    def info(self) -> None:
        self.lines += [f"# {self.plan.names[self.i]}", "", self.paragraph(2), ""]
        self.lines += [f"- {self.wikilink()}" for _ in range(self.rng.randint(2, 6))]
        self.lines.append("")

    def fill(self, header: str) -> None:
        """Prose until the note reaches about TARGET_BYTES, then maybe a line of inline tags."""
        target = TARGET_BYTES + self.rng.randint(-600, 600)
        size = len(header.encode()) + sum(len(line.encode()) + 1 for line in self.lines)
        if self.rng.random() < 0.3:
            self.lines += [f"### {HEADINGS[self.lang][1]}", ""]
        while size < target:
            paragraph = self.paragraph(self.rng.randint(2, 4))
            self.lines += [paragraph, ""]
            size += len(paragraph.encode()) + 2
        if self.rng.random() < 0.15:
            inline = self.rng.sample(NESTED_TAGS, 2)
            self.lines.append(f"{SEE[self.lang][2]} " + " ".join(f"#{t}" for t in inline))
            self.tags += inline

    def write(self) -> GeneratedNote:
        header = "\n".join(self.front_matter()) + "\n"
        getattr(self, self.plan.kinds[self.i])()
        self.fill(header)
        text = header + "\n".join(self.lines) + "\n"
        return GeneratedNote(
            self.plan.path(self.i),
            text,
            tuple(dict.fromkeys(self.tags)),
            tuple(self.wikilinks),
            tuple(self.dangling),
        )


def generate(notes: int, seed: int = 1) -> Iterator[GeneratedNote]:
    """Every note of a vault of this size, in order; the same for the same (notes, seed)."""
    plan = Plan(notes, seed)
    for i in range(notes):
        yield NoteWriter(plan, i).write()


def actors_csv(notes: int, seed: int) -> str:
    """A `_data/acteurs.csv` like the real vault's, listing part of the organisation pool."""
    plan = Plan(notes, seed)
    rows = ["Nom,URL,Localisation ,Nature,Expertise numérique 1,Expertise numérique 2,Expertise numérique 3"]
    for org in plan.orgs[: max(10, len(plan.orgs) // 4)]:
        rows.append(f'"{org.name}",{org.url},{org.country},Agence,Communication numérique,,')
    return "\n".join(rows) + "\n"


def write_vault(out: Path, notes: int, seed: int = 1) -> int:
    """Write the vault under `out` (which must not hold notes already); returns the bytes written."""
    total = 0
    for note in generate(notes, seed):
        path = out / note.path
        path.parent.mkdir(parents=True, exist_ok=True)
        data = note.text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    (out / "_data").mkdir(parents=True, exist_ok=True)
    (out / "_data" / "acteurs.csv").write_text(actors_csv(notes, seed), encoding="utf-8")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the vault into (created)")
    parser.add_argument("--notes", type=int, default=1000, help="how many notes (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same bytes")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.rglob("*.md")):
        parser.error(f"{args.out} already holds notes; choose an empty folder")
    total = write_vault(args.out, args.notes, args.seed)
    print(f"{args.notes} notes, {total / 1e6:.1f} MB → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
