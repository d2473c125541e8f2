"""Speaker lines: "[Name](url), Job, [Org](url) (CH)", on one line or two, with an optional lead-in.

A line opens with a person (a link, a wikilink or a plain name), then comma- or line-separated
segments: job titles as written, organisations (links, or names with a head word), country codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..facts import OrgMention, PersonMention
from .names import (
    clean_name,
    country_code,
    first_names,
    given_name_heads,
    is_generic_link_text,
    is_person_name,
    looks_like_org,
    person_shape,
    words,
)
from .text import BlockText

MODERATOR = re.compile(r"mod[ée]r|animé|animat|chair|leitung", re.I)
LEAD_IN = re.compile(
    r"^[\s\-–—*•:]*(?P<lead>(?:[^\s,.;:]+\s+){0,5}?(?:par|by|von|avec|with|mit)\s*:?|[^,.;:]{1,40}:)?\s*$"
)
PERSONAL_HOSTS = ("linkedin.", "twitter.", "x.com", "mastodon", "orcid.org", "instagram.", "about.me")
PREPOSITION_END = re.compile(
    r"\s*(?:,|–|—|-|&|\bet\b|\band\b|\bund\b)?\s*(?:de la|de l'|de l’|du|des|de|d'|d’|of the|of|at the|at|"
    r"bei der|bei|von der|von|am|an der|für|for|pour|chez|à l'|à l’|à la|au|à|in|within|with|mit|der)\s*$",
    re.I,
)
PREPOSITION = re.compile(
    r"\s+(?:de la|de l['’]|du|des|de|d['’]|of the|of|at the|at|bei der|bei|von der|vom|von|des|der|am|an der|"
    r"à l['’]|à la|au|à)\s*"
)


def split_job_org(text: str) -> tuple[str, str] | None:
    """ "Head of Digital at Science Museum Group" → ("Head of Digital", "Science Museum Group").

    The first preposition after which an organisation's name starts (a head word) wins; failing
    that, a capitalised name after a job written in lower case ("directeur de Videomuseum").
    """
    fallback = None
    for match in PREPOSITION.finditer(text):
        job, org = text[: match.start()].strip(), text[match.end() :].strip()
        if not job or not org or len(job.split()) > 8:
            continue
        if looks_like_org(org):
            return job, org
        if fallback is None and org[:1].isupper() and job[:1].islower() and not is_person_name(org):
            fallback = (job, org)
    return fallback


CLAUSE_STOP = re.compile(r"\.\s|(?<!\([A-Z]{2})\)\s+[a-zà-ÿ]|:")
COUNTRY_IN_PARENTHESES = re.compile(r"\(\s*[A-Z]{2}\s*\)")
PLAIN_NAME = re.compile(
    r"^[\s\-–—*•]*(?P<lead>(?:[^\s,]+\s+){0,5}?(?:par|by|von)\s+)?(?P<name>[^,(\[]+?)\s*"
    r"(?:,|$|(?=\([^()]+\)(?:\s*\([A-Z]{2}\))?\s*$))",  # "Jean Dupont (Musée X)" ends its line
)


@dataclass(frozen=True, slots=True)
class AgentLine:
    person: PersonMention
    organizations: tuple[OrgMention, ...]
    begin: int
    end: int


def agent_lines(bt: BlockText, role: str) -> list[AgentLine]:
    """Every person line of a block (a block may hold several, one per line)."""
    if not bt.links and given_name_heads().isdisjoint(bt.capitalised):
        return []  # a line opens with a link or a plain name, and a plain name with a given name
    lines = _line_spans(bt.text)
    starts = [(i, found) for i, (a, b) in enumerate(lines) if (found := _name_at_start(bt, a, b))]
    result = []
    for k, (i, (name, same_as, lead, after)) in enumerate(starts):
        stop_line = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        end = lines[stop_line - 1][1]
        if stop_line - i > 3:  # a name followed by prose lines is not a speaker line
            end = lines[i][1]
        person_role = "moderator" if MODERATOR.search(lead) else role
        result.append(_parse(bt, name, same_as, person_role, lines[i][0], after, end))
    return result


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for part in text.split("\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 1
    return spans


def _name_at_start(bt: BlockText, begin: int, end: int) -> tuple[str, str, str, int] | None:
    """(name, personal page, lead-in, offset after the name) when the line opens with a person."""
    text = bt.text
    link = next((p for p in bt.links if begin <= p.begin < end), None)
    if link is not None:
        lead_in = LEAD_IN.match(text[begin : link.begin])
        if lead_in is not None:
            name = clean_name(link.text)
            tail = text[link.end : end]
            if _is_linked_person(name, link.target, tail, link.end == end):
                same_as = link.target if link.kind == "link" else ""
                return name, same_as, lead_in.group("lead") or "", link.end
    if given_name_heads().isdisjoint(bt.capitalised):
        return None  # a plain name starts with a given name
    line = text[begin:end]
    if ("," not in line and len(line) > 60) or not line.lstrip(" -–—*•")[:1].isupper():
        return None  # a plain name opens a line and is followed by a comma or nothing
    match = PLAIN_NAME.match(line)
    if match is None or (link is not None and link.begin < begin + match.end("name")):
        return None
    name = clean_name(match.group("name"))
    if not is_person_name(name) or (
        match.end("name") == len(line.rstrip()) and "\n" not in text[end : end + 1]
    ):
        return None
    return name, "", match.group("lead") or "", begin + match.end("name")


def _is_linked_person(name: str, target: str, tail: str, alone: bool) -> bool:
    tail = tail.strip()
    if tail and not tail.startswith((",", "(", "–", "—", "-")):
        return False  # "[Name](url) a travaillé…": prose, read elsewhere
    if not person_shape(name) or looks_like_org(name):
        return False
    known = name.split()[0] in first_names() or is_person_name(name)
    described = tail.startswith(",") and tail[1:].strip()[:1].isupper()  # ", Directrice, [Org]…"
    return known or any(h in target for h in PERSONAL_HOSTS) or described


def _parse(bt: BlockText, name: str, same_as: str, role: str, begin: int, after: int, end: int) -> AgentLine:
    jobs: list[str] = []
    orgs: list[OrgMention] = []
    line = bt.line_at(begin)
    for seg_begin, seg_end in _segments(bt, after, _clause_end(bt.text, after, end)):
        if not _read_segment(bt, seg_begin, seg_end, jobs, orgs, line):
            break
    person = PersonMention(name, line, tuple(jobs), tuple(orgs), same_as, role)
    return AgentLine(person, tuple(orgs), begin, end)


def _clause_end(text: str, after: int, end: int) -> int:
    """Where the person's description stops: a sentence end, or the first line when it says something."""
    stop = CLAUSE_STOP.search(text, after, end)
    first_line = text.find("\n", after, end)
    if first_line != -1 and text[after:first_line].strip(" ,"):
        end = first_line
    return min(end, stop.start()) if stop else end


SEGMENT_END = re.compile(r"[,\n]")


def _segments(bt: BlockText, begin: int, end: int) -> list[tuple[int, int]]:
    """Comma- and line-separated parts of a span, never cutting through a link's text."""
    spans, start = [], begin
    for match in SEGMENT_END.finditer(bt.text, begin, end):
        if bt.link_at(match.start()) is None:
            spans.append((start, match.start()))
            start = match.end()
    spans.append((start, end))
    return [(a, b) for a, b in spans if bt.text[a:b].strip(" \t(),")]


def _read_segment(
    bt: BlockText, begin: int, end: int, jobs: list[str], orgs: list[OrgMention], line: int
) -> bool:
    """Read one segment into jobs and orgs; False when it is a description (stop reading)."""
    text = bt.text
    links = [p for p in bt.links_in(begin, end) if p.kind == "link" or not person_shape(p.text)]
    if links:
        cursor = begin
        for k, link in enumerate(links):
            before = text[cursor : link.begin]
            following = text[link.end : links[k + 1].begin if k + 1 < len(links) else end]
            country = country_code(following)
            if is_generic_link_text(link.text):
                name, before = clean_name(before), ""
            else:
                name = clean_name(link.text)
            if link.kind != "link" and not looks_like_org(name):
                if k == 0:
                    return False  # ", presented the findings at [[Talk]]": a link to a note, not an employer
                continue
            if k == 0 and (job := clean_name(PREPOSITION_END.sub("", before))) and _job_like(job):
                jobs.append(job)
            if name and not is_person_name(name):
                orgs.append(
                    OrgMention(name, line, url=link.target if link.kind == "link" else "", country=country)
                )
            cursor = link.end
        return True
    segment = clean_name(COUNTRY_IN_PARENTHESES.sub("", text[begin:end]))
    if not segment:
        if (code := country_code(text[begin:end])) and orgs and not orgs[-1].country:
            orgs[-1] = OrgMention(orgs[-1].name, orgs[-1].line, orgs[-1].url, code)
        return True
    split = split_job_org(segment)
    if split and _job_like(split[0]):  # an organisation's head word, or "directrice de Mémoires Vives"
        jobs.append(clean_name(split[0]))
        orgs.append(OrgMention(clean_name(split[1]), line, country=country_code(text[begin:end])))
    elif not jobs and not orgs and _job_like(segment):
        jobs.append(segment)
    elif not orgs and segment[:1].isupper() and looks_like_org(segment) and not is_person_name(segment):
        orgs.append(OrgMention(segment, line, country=country_code(text[begin:end])))
    else:
        return False
    return True


NOT_JOB_STARTS = frozenset(
    words("""
qui que dont a ont est était sera et ou il elle who which is was has and or he she ist war hat und
der die das
""")
)


def _job_like(text: str) -> bool:
    words = text.split()
    if not 0 < len(words) <= 9 or len(text) < 4 or text.isupper() or ". " in text or text.endswith("."):
        return False
    if words[0].casefold() in NOT_JOB_STARTS or is_person_name(text):
        return False
    return not looks_like_org(text.split(" de ")[0])
