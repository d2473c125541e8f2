"""What a page shows, as plain values the templates render: links, facts, sections, data rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

UI: dict[str, dict[str, str]] = {
    "fr": {
        "home": "Accueil",
        "notes": "Notes",
        "persons": "Personnes",
        "organizations": "Organisations",
        "events": "Événements",
        "places": "Lieux",
        "tags": "Tags",
        "note": "Note",
        "person": "Personne",
        "organization": "Organisation",
        "event": "Événement",
        "talk": "Intervention",
        "place": "Lieu",
        "tag": "Tag",
        "missing": "Note absente",
        "scheme": "Vocabulaire",
        "backlinks": "Apparaît dans",
        "mentions": "Mentionne",
        "about": "Sujet",
        "quotes": "Citations",
        "date": "Date",
        "created": "Créée le",
        "modified": "Modifiée le",
        "language": "Langue",
        "job": "Fonction",
        "roles": "Rôles",
        "affiliations": "Affiliations",
        "same_as": "Voir aussi",
        "talks": "Interventions",
        "mentioned_in": "Notes qui en parlent",
        "people": "Personnes",
        "alt_names": "Autres noms",
        "website": "Site web",
        "country": "Pays",
        "location": "Lieu",
        "organizers": "Organisation",
        "speakers": "Intervenant·e·s",
        "part_of": "Fait partie de",
        "narrower": "Tags plus précis",
        "broader": "Tag parent",
        "notation": "Chemin",
        "data": "Données",
        "triples": "triplets",
        "downloads": "Téléchargements",
        "search": "Rechercher",
        "search_label": "Rechercher un nom ou un titre",
        "search_hint": "nom, titre, tag…",
        "no_results": "Aucun résultat.",
        "lod": "Données ouvertes liées",
        "entries": "{n} entrées, de A à Z.",
        "found": "{n} résultat(s)",
        "browse": "Parcourir",
        "missing_text": "Cette note n'existe pas (encore) dans le coffre : des notes y renvoient.",
        "role_speaker": "intervenant·e",
        "role_moderator": "modération",
        "role_organizer": "organisation",
        "role_author": "auteur·rice",
        "role_quoted": "cité·e",
        "role_subject": "sujet d'une note",
        "skip": "Aller au contenu",
        "breadcrumb": "Fil d'Ariane",
        "formats": "Formats",
        "subject": "Sujet",
        "said_by": "—",
        "in_note": "dans",
        "license": "Licence",
        "start": "Commencer ici",
        "vocab": "Vocabulaire",
        "property": "Propriété",
        "vocab_text": "Une propriété propre à ce coffre : un champ écrit dans les notes, "
        "que la configuration n'associe à aucun terme d'un vocabulaire publié.",
        "used_in": "Notes qui l'emploient",
    },
    "en": {
        "home": "Home",
        "notes": "Notes",
        "persons": "People",
        "organizations": "Organisations",
        "events": "Events",
        "places": "Places",
        "tags": "Tags",
        "note": "Note",
        "person": "Person",
        "organization": "Organisation",
        "event": "Event",
        "talk": "Talk",
        "place": "Place",
        "tag": "Tag",
        "missing": "Missing note",
        "scheme": "Vocabulary",
        "backlinks": "Linked from",
        "mentions": "Mentions",
        "about": "About",
        "quotes": "Quotations",
        "date": "Date",
        "created": "Created",
        "modified": "Modified",
        "language": "Language",
        "job": "Job title",
        "roles": "Roles",
        "affiliations": "Affiliations",
        "same_as": "See also",
        "talks": "Talks",
        "mentioned_in": "Notes about them",
        "people": "People",
        "alt_names": "Other names",
        "website": "Website",
        "country": "Country",
        "location": "Place",
        "organizers": "Organisers",
        "speakers": "Speakers",
        "part_of": "Part of",
        "narrower": "Narrower tags",
        "broader": "Broader tag",
        "notation": "Path",
        "data": "Data",
        "triples": "triples",
        "downloads": "Downloads",
        "search": "Search",
        "search_label": "Search a name or a title",
        "search_hint": "name, title, tag…",
        "no_results": "No results.",
        "lod": "Linked open data",
        "entries": "{n} entries, A to Z.",
        "found": "{n} result(s)",
        "browse": "Browse",
        "missing_text": "This note does not exist (yet) in the vault: other notes link to it.",
        "role_speaker": "speaker",
        "role_moderator": "moderator",
        "role_organizer": "organiser",
        "role_author": "author",
        "role_quoted": "quoted",
        "role_subject": "subject of a note",
        "skip": "Skip to content",
        "breadcrumb": "Breadcrumb",
        "formats": "Formats",
        "subject": "Subject",
        "said_by": "—",
        "in_note": "in",
        "license": "License",
        "start": "Start here",
        "vocab": "Vocabulary",
        "property": "Property",
        "vocab_text": "A property of this vault's own: a field the notes write, which the configuration maps "
        "to no term of a published vocabulary.",
        "used_in": "Notes using it",
    },
}

KIND_SINGULAR = {
    "notes": "note",
    "persons": "person",
    "organizations": "organization",
    "events": "event",
    "places": "place",
    "tags": "tag",
    "vocab": "property",
}


def ui_for(language: str) -> dict[str, str]:
    return UI.get(language.split("-")[0], UI["en"])


def short_url(url: str) -> str:
    """An external URL as people read it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/")


@dataclass(frozen=True)
class Link:
    label: str
    href: str = ""  # empty: shown as text
    note: str = ""  # a short qualifier shown after the link (a date, a role)
    external: bool = False
    missing: bool = False
    lang: str = ""


@dataclass(frozen=True)
class Quote:
    id: str
    text: str
    lang: str
    speaker: Link | None
    source: Link | None  # the note it is part of, on pages other than the note's own


class DataRow(NamedTuple):  # a tuple: tens of thousands per site, made far faster than a frozen dataclass
    subject: str  # "" for the page's own IRI, else `#fragment` or a label
    predicate: str
    predicate_iri: str
    value: Link | str  # a resource's link, or a literal's text
    annotation: str  # @lang or ^^datatype
    anchor: str = ""  # the id of a hash IRI's first row, so `{page}#video-1` lands somewhere


@dataclass
class Page:
    """One HTML page: the resource, what the templates show of it, and its linked data."""

    path: str  # relative to the output root, e.g. `persons/x/index.html`
    title: str
    lang: str
    kind: str  # `note`, `person`, … or `index`, `listing`
    iri: str = ""
    description: str = ""
    breadcrumbs: list[Link] = field(default_factory=list)
    facts: list[tuple[str, list[Link]]] = field(default_factory=list)
    body: str = ""  # sanitised HTML
    quotes: list[Quote] = field(default_factory=list)
    sections: list[tuple[str, list[Link]]] = field(default_factory=list)
    data: list[DataRow] = field(default_factory=list)
    jsonld: str = ""  # escaped for a script element
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (media type, href)
    extra: dict[str, object] = field(default_factory=dict)
    kind_label: str = ""  # what the page is, for people: "Intervention" for an event's talk

    @property
    def prefix(self) -> str:
        return "../" * self.path.count("/")
