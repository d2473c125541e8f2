"""Quotations: text in "…", « … », “…”, „…“ or a `>` blockquote, with the speaker the note names.

Quote marks around a title or a few words are not a quotation: we want at least five words,
outside link texts and headings, not announced as the name of a thing ("le projet « … »").
"""

from __future__ import annotations

import re

from ..facts import Agent, OrgMention, PersonMention, QuoteFact
from .agents import split_job_org
from .names import clean_name, is_person_name, looks_like_org, person_shape
from .text import BlockText

MARKUP = re.compile(r"[\[\]|<>{}]")
QUOTE_MARKS = re.compile(r"[«“„\"]")
QUOTE = re.compile(r"«\s*(?P<a>[^»]+?)\s*»|“(?P<b>[^”]+)”|„(?P<c>[^“”\"]+)[“”\"]|\"(?P<d>[^\"]+)\"")
MIN_WORDS = 5
TITLE_NOUNS = re.compile(
    r"(?:projet|programme|fonds|section|exposition|titre|intitulée?|article|rapport|livre|ouvrage|campagne|"
    r"série|festival|colloque|journée|nommée?|dénommée?|appelée?|baptisée?|project|program|programme|fund|"
    r"exhibition|book|report|titled|entitled|called|named|campaign|series|projekt|ausstellung|titel|buch|"
    r"bericht|namens|genannt|reihe|thème|theme|thema|slogan|devise|motto|mot|word|wort|terme|term|begriff)"
    r"(?:\s+(?-i:[A-Z0-9])[^\s«“„\"]*){0,2}\s*:?\s*[*_]*$",
    re.I,
)
PUNCTUATION = re.compile(r"[.,;:!?…]")
ATTRIBUTION = re.compile(r"^[\s.,;:!?*_]*\((?P<who>[^()]{3,200})\)")
INLINE_DASH = re.compile(r"^[\s.,]*(?:—|–)\s*(?P<who>[^\n.;()«“„\"]{3,160})")
SAYS_AFTER = re.compile(
    r"^\s*,?\s*(?:explique|affirme|déclare|souligne|précise|ajoute|dit|raconte|says|said|explains|explained|"
    r"adds|added|notes|sagt|erklärt|betont|meint)\s+(?P<who>[^.;()«“„\"\n]{3,160})"
)
DASH_ATTRIBUTION = re.compile(r"^\s*(?:—|–|--|-)\s*(?P<who>[^\n]{3,200})$")
SAYS_BEFORE = re.compile(
    r"(?P<who>(?:[A-ZÀ-Ý][\w'’.-]+\s+){1,4}?[A-ZÀ-Ý][\w'’-]+)(?:,[^,:]{0,80},)?\s+"
    r"(?:a\s+|also\s+|aussi\s+|auch\s+)?(?:explique|expliqué|affirme|affirmé|déclare|déclaré|souligne|souligné|rappelle|rappelé|dit|"
    r"écrit|résume|précise|ajoute|says|said|explains|explained|writes|wrote|notes|states|stated|adds|sagt|"
    r"erklärt|betont|schreibt|meint|affirmait|expliquait|disait)(?:\s+(?:that|que|qu['’]|dass))?\s*[:,]?\s*$"
)


def quotations(texts: list[BlockText]) -> list[QuoteFact]:
    """Every quotation of the note in reading order (`texts`: the note's blocks as text)."""
    found: list[QuoteFact] = []
    run: list[BlockText] = []
    for bt in texts:
        block = bt.block
        if block.quoted and block.kind in ("paragraph", "item"):
            run.append(bt)
            continue
        found += _blockquote(run)
        run = []
        if block.kind in ("paragraph", "item", "cell") and QUOTE_MARKS.search(bt.text):
            found += _inline_quotes(bt)
    found += _blockquote(run)
    return found


def _inline_quotes(bt: BlockText) -> list[QuoteFact]:
    found = []
    for match in QUOTE.finditer(bt.text):
        body = clean_quote(next(g for g in match.groups() if g is not None))
        if bt.link_at(match.start()) is not None or bt.in_code(match.start()):
            continue
        if not _prose_like(body) or _title_like(body):
            continue
        if TITLE_NOUNS.search(bt.text[max(0, match.start() - 40) : match.start()]):
            continue
        speaker = _speaker_after(bt.text[match.end() :]) or _speaker_before(bt.text[: match.start()])
        found.append(QuoteFact(body, bt.line_at(match.start()), speaker))
    return found


def _blockquote(run: list[BlockText]) -> list[QuoteFact]:
    if not run:
        return []
    texts = [bt.text for bt in run]
    if texts[0].lstrip().startswith("[!"):  # an Obsidian callout, not a quotation
        return []
    speaker: Agent | None = None
    last = texts[-1].strip().split("\n")[-1]
    dash = DASH_ATTRIBUTION.match(last)
    if dash:
        speaker = speaker_of(dash.group("who"))
        texts[-1] = texts[-1].strip()[: -len(last)]
    body = clean_quote(" ".join(" ".join(t.split()) for t in texts))
    if not _prose_like(body):
        return []
    return [QuoteFact(body, run[0].block.line, speaker)]


def _prose_like(body: str) -> bool:
    """Five words or more, and no markup: "& n b s p ;" or "[ [ Note|alias ] ]" are syntax shown in quotes."""
    words = [w for w in body.split() if (w.isalpha() and len(w) >= 2) or sum(c.isalpha() for c in w) >= 2]
    return len(words) >= MIN_WORDS and not MARKUP.search(body.replace("[...]", "").replace("[…]", ""))


def _title_like(body: str) -> bool:
    """ "Promesses des dispositifs XR et attentes des publics": a capitalised phrase with no punctuation."""
    return body[:1].isupper() and len(body.split()) <= 8 and not PUNCTUATION.search(body)


def clean_quote(text: str) -> str:
    return " ".join(text.split()).strip(" \"'«»“”„*_")


def _speaker_after(rest: str) -> Agent | None:
    """`(Name, Job)`, `— Name, Job` or `, explique Name, job de Org.` right after the closing mark."""
    match = ATTRIBUTION.match(rest) or INLINE_DASH.match(rest)
    if match:
        return speaker_of(match.group("who"))
    says = SAYS_AFTER.match(rest)
    if says and is_person_name(clean_name(says.group("who").split(",")[0])):
        return speaker_of(says.group("who"))
    return None


def _speaker_before(before: str) -> Agent | None:
    match = SAYS_BEFORE.search(before[-160:])
    if match is None:
        return None
    name = clean_name(match.group("who"))
    return PersonMention(name, 0, role="quoted") if is_person_name(name) else None


def speaker_of(text: str) -> Agent | None:
    """ "Jean Dupont, Directeur de X" or "Jean Dupont" or an organisation's name → the agent."""
    name, _, rest = text.partition(",")
    name = clean_name(name)
    if person_shape(name):
        jobs: tuple[str, ...] = ()
        orgs: tuple[OrgMention, ...] = ()
        rest = clean_name(rest)
        split = split_job_org(rest)
        if split:
            jobs, orgs = (clean_name(split[0]),), (OrgMention(clean_name(split[1]), 0),)
        elif rest and len(rest.split()) <= 6:
            jobs = (rest,)
        return PersonMention(name, 0, jobs, orgs, role="quoted")
    if looks_like_org(name):
        return OrgMention(name, 0)
    return None
