"""Events: the talk a note presents, the programme whose headings are talks, and the event a
sentence describes ("La journée a été organisée le 5 octobre 2018 à Paris par A, B et C").
"""

from __future__ import annotations

import re

from ..facts import Agent, EventFact, MainResource, OrgMention, PartialDate, PersonMention
from .dates import find_dates
from .names import clean_name, is_person_name, words
from .text import BlockText, sentences, split_outside_links

EVENT_NOUN = (
    r"(?:journée|journées|colloque|conférence|forum|festival|table ronde|atelier|séminaire|symposium|congrès|"
    r"rencontres?|webinaire|salon|sommet|conference|workshop|meeting|summit|webinar|event|tagung|konferenz|"
    r"kongress|veranstaltung|fachtagung|jahrestagung|seminar)"
)
EVENT_WORDS = frozenset(  # the words of EVENT_NOUN, for a cheap test before the sentence patterns
    words("""
journée journées colloque conférence forum festival table atelier séminaire symposium congrès
rencontre rencontres webinaire salon sommet conference workshop meeting summit webinar event tagung
konferenz kongress veranstaltung fachtagung jahrestagung seminar
""")
)
EVENT_NAME = re.compile(rf"\b{EVENT_NOUN}\b", re.I)
EVENT_IN_NAME = re.compile(rf"\b{EVENT_NOUN}\b|\b(?:19|20)\d\d\b", re.I)
DESCRIBES = re.compile(
    rf"^\W*(?:ce|cette|cet|la|le|l['’]|the|this|die|der|das|diese[rs]?)\s+{EVENT_NOUN}\b", re.I
)
ORGANISED_BY_DE = re.compile(
    r"\b(?:vom|von der|von den|von)\s+(?P<who>[^.;:]+?)\s+(?:veranstaltet|organisiert|ausgerichtet|"
    r"durchgeführt)\b"
)
ORGANISED_BY = re.compile(
    r"\b(?:co-?organi[sz](?:ée?s?|ed)|organi[sz](?:ée?s?|ed)|hosted|organisiert|veranstaltet|ausgerichtet)"
    r"\b[^.;]{0,80}?\b(?:par|by|von)\s+(?P<who>[^.;:]+)",
    re.I,
)
PLACE = re.compile(
    r"\b(?:à|in|at|en)\s+(?:l['’]|la\s+|le\s+)?(?P<place>[A-ZÀ-Ý][\w’'-]+"
    r"(?:[ -](?:sur|am|an der|de la|de l['’]|de|du|d['’])?\s?[A-ZÀ-Ý][\w’'-]+)*)"
)
WHO_END = re.compile(
    r"\s(?:en|in|im|à|au|dans|pour|for|on|am|from|vom|lors|during|qui|which|who|avec|with|mit|le \d|\d)\b"
)
SECTION_HEADING = re.compile(
    r"^(?:speakers?|intervenant[·.e]*s?|intervenants et intervenantes|orateurs?|oratrices?|programme|program|"
    r"programm|panel|panélistes|referent(?:inn)?en|sprecher(?:innen)?|moderation|modération|invités?|guests?|"
    r"organisation|organizers?|organisateurs?|team|équipe)\W*$",
    re.I,
)
ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-ZÀ-Ý][\w&.-]{0,11})\)\s*$")  # "Association X (AMS)"
LIST_SPLIT = re.compile(r"\s*(?:,|;|\bet\b|\band\b|\bund\b|&)\s*")
ARTICLE = re.compile(r"^(?:l['’]|le |la |les |the |der |die |das |den |dem )", re.I)
NOT_PLACES = re.compile(
    r"^(?:\d|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|ligne|online)",
    re.I,
)


def described_event(
    texts: list[BlockText], name: str, resource: MainResource | None
) -> tuple[EventFact | None, list[EventFact]]:
    """The note's own event (sentences "Ce colloque…", "The conference…") and events of linked items."""
    main: EventFact | None = None
    others: list[EventFact] = []
    main_section = ""
    section = ""  # the heading the sentence stands under: the name of an event the note does not name
    for bt in texts:
        if bt.block.kind == "heading":
            section = bt.text.strip() if len(bt.text.split()) <= 12 else ""  # a title, not a paragraph
        if bt.block.kind not in ("paragraph", "item") or bt.block.quoted:
            continue
        if EVENT_WORDS.isdisjoint(bt.words):
            continue  # no event noun, no event sentence: skip the sentence split
        for begin, end in sentences(bt.text):
            fact = _sentence_event(bt, begin, end)
            if fact is None:
                continue
            lead = next((p for p in bt.links if p.begin < begin + 3 or p.end <= begin), None)
            if lead is not None and bt.block.kind == "item":
                if lead.kind == "link":  # a linked note tells its own event; a web page does not
                    others.append(_renamed(fact, clean_name(lead.text), "", lead.target))
            else:
                main = _merge(main, fact)
                main_section = main_section if main is not fact else section
    if main is not None and resource is None and not EVENT_IN_NAME.search(name):
        # "Ce forum…" in a note about something else: not the note's subject; with a date and a section
        # heading to name it, it is an event the note mentions
        if main.start is not None and main_section:
            others.append(_renamed(main, main_section, "", ""))
        main = None
    day = _heading_date(texts)
    if day is not None and (main is None or main.start is None):
        title = resource.name if resource else name
        if main is not None or EVENT_NAME.search(f"{name} {title}"):  # "### 12 octobre 2022 (9h-17h)"
            base = main or EventFact(title, day.line)
            main = EventFact(base.name, base.line, day.start, day.end, base.place, base.organizers)
    if main is not None:
        title = resource.name if resource else name
        main = _renamed(main, title, "", resource.url if resource else "")
    return main, others


def _heading_date(texts: list[BlockText]) -> EventFact | None:
    """The date a short heading gives ("### 12 octobre 2022 (9h-17h)"), as an event's dates."""
    for bt in texts:
        if bt.block.kind == "heading" and len(bt.text.split()) <= 8:
            dates = find_dates(bt.text)
            if dates and dates[0].start.precision == "day":
                return EventFact("", bt.block.line, dates[0].start, dates[0].end)
    return None


def _sentence_event(bt: BlockText, begin: int, end: int) -> EventFact | None:
    sentence = bt.text[begin:end]
    if not DESCRIBES.search(sentence):
        return None
    dates = find_dates(sentence)
    by = ORGANISED_BY.search(sentence) or ORGANISED_BY_DE.search(sentence)
    if not dates and by is None:
        return None
    place = ""
    for match in PLACE.finditer(sentence):
        if not NOT_PLACES.match(match.group("place")) and bt.link_at(begin + match.start("place")) is None:
            place = match.group("place")
            break
    organizers: tuple[Agent, ...] = ()
    if by is not None:
        who_end = WHO_END.search(sentence, by.start("who") + 1, by.end("who"))
        organizers = _agents(
            bt, begin + by.start("who"), begin + (who_end.start() if who_end else by.end("who"))
        )
    start = dates[0].start if dates else None
    stop = dates[0].end if dates else None
    return EventFact("", bt.line_at(begin), start, stop, place, organizers)


def _agents(bt: BlockText, begin: int, end: int) -> tuple[Agent, ...]:
    """ "l'Institut X, l'ICOM France et l'Association Y" → three agents (links keep their URL)."""
    found: list[Agent] = []
    for part_begin, part_end in split_outside_links(bt, begin, end, LIST_SPLIT):
        line = bt.line_at(part_begin)
        links = [p for p in bt.links if p.begin < part_end and p.end > part_begin]
        if links:
            link = links[0]
            name, url = clean_name(link.text), link.target if link.kind == "link" else ""
        else:
            name, url = clean_name(ARTICLE.sub("", bt.text[part_begin:part_end].strip())), ""
        acronym = ACRONYM_AFTER.search(name)
        alternate = (acronym.group("acronym"),) if acronym and acronym.group("acronym").isupper() else ()
        name = ACRONYM_AFTER.sub("", name) if acronym else name
        if not name or not name[:1].isupper() or len(name.split()) > 12:
            continue
        if is_person_name(name):
            found.append(PersonMention(name, line, same_as=url, role="organizer"))
        else:
            found.append(OrgMention(name, line, url=url, alternate_names=alternate))
    return tuple(found)


def _merge(old: EventFact | None, new: EventFact) -> EventFact:
    if old is None:
        return new
    start, end = old.start, old.end
    if new.start and (start is None or len(new.start.value) > len(start.value)):
        start, end = new.start, new.end or end
    return EventFact(
        old.name,
        old.line,
        start,
        end,
        old.place or new.place,
        old.organizers + tuple(o for o in new.organizers if o not in old.organizers),
    )


def _renamed(fact: EventFact, name: str, note_link: str, url: str) -> EventFact:
    return EventFact(
        name,
        fact.line,
        fact.start,
        fact.end,
        fact.place,
        fact.organizers,
        fact.performers,
        url or fact.url,
        fact.sub_events,
        note_link,
    )


def programme(
    texts: list[BlockText], speakers: dict[int, list[PersonMention]], name: str
) -> EventFact | None:
    """A note of headings that are talks, each followed by its speaker lines, is a programme."""
    talks: list[EventFact] = []
    day: PartialDate | None = None
    day_end: PartialDate | None = None
    current: tuple[BlockText, list[PersonMention]] | None = None
    hosts: list[PersonMention] = []  # moderators of the whole day, before the first talk
    for index, bt in enumerate(texts):
        if bt.block.kind == "heading" and any(p.kind == "link" for p in bt.links):
            if current is not None:
                talks.append(_talk(*current, day))
            current = None
        elif bt.block.kind == "heading":
            if current is not None:
                talks.append(_talk(*current, day))
            current = None
            dates = find_dates(bt.text)
            if dates and len(bt.text.split()) <= 8:
                day, day_end = (dates[0].start, dates[0].end) if day is None else (day, day_end)
                continue
            current = (bt, [])
        elif current is not None:
            current[1].extend(speakers.get(index, []))
        elif not talks:
            hosts.extend(speakers.get(index, []))
    if current is not None:
        talks.append(_talk(*current, day))
    talks = [t for t in talks if t.performers]
    linked = sum(1 for t in talks if t.note_link)
    if len(talks) < 2 or (day is None and linked * 2 < len(talks)):
        return None
    return EventFact(
        name,
        texts[0].block.line if texts else 1,
        day,
        day_end,
        performers=tuple(hosts),
        sub_events=tuple(talks),
    )


def _talk(bt: BlockText, people: list[PersonMention], day: PartialDate | None) -> EventFact:
    wikilink = next((p for p in bt.links if p.kind == "wikilink"), None)
    title = clean_name(wikilink.text if wikilink else bt.text)
    return EventFact(
        title, bt.block.line, day, performers=tuple(people), note_link=wikilink.target if wikilink else ""
    )


def talk(texts: list[BlockText], speakers: dict[int, list[PersonMention]]) -> EventFact | None:
    """A note that opens with a title heading followed by speaker lines presents that talk.

    Several headings each followed by people is a team list, not a talk; and a speaker is linked
    to a page or an organisation.
    """
    headed = [i for i, bt in enumerate(texts) if bt.block.kind == "heading" and speakers.get(i + 1)]
    if len(headed) != 1 or headed[0] > 2:
        return None
    index = headed[0]
    bt = texts[index]
    if any(p.kind == "link" for p in bt.links) or SECTION_HEADING.match(bt.text.strip()):
        return None
    people = [p for k in range(index + 1, min(len(texts), index + 8)) for p in speakers.get(k, [])]
    if not any(p.same_as or p.affiliations for p in people):
        return None
    return EventFact(clean_name(bt.text), bt.block.line, performers=tuple(people))
