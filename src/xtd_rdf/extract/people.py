"""People and organisations named in prose: "Florence Dupont raconte…", "par X, directrice de Y",
"X is head of digital at Y", "l'Université de Lausanne", "Full Name (ACR)".

People need a known given name first (a gazetteer), organisations a head word ("Musée", "Institut",
"Stiftung"…) or an acronym: a missed name costs as much as a false one, so both stay strict.
"""

from __future__ import annotations

import re

from ..facts import OrgMention, PersonMention
from .agents import split_job_org
from .names import (
    ORG_CONNECTORS,
    ORG_HEADS,
    ORG_TAIL_ADJECTIVES,
    clean_name,
    first_names,
    given_name_heads,
    is_acronym_org,
    is_person_name,
    looks_like_org,
    strip_honorific,
    words,
)
from .text import BlockText

TOKEN = re.compile(r"[dlDL]['’]|[\w·+]+(?:[-.][\w·+]+)*|\S")
HONORIFICS = ("Prof", "Dr", "Mme", "M", "Mr", "Mrs", "Ms", "Herr", "Frau")
NAME_WORD = r"[A-ZÀ-Ý][\w'’-]+"
# (?:(?:Prof|Dr|…)\.?[ \t]+)?NAME_WORD(?:[ \t]+(?:de |van |…)?NAME_WORD){1,3}, with the capital that
# both branches start with written first: a pattern that opens on a character class lets the regex
# engine skip to the next capital instead of trying every position (same matches, 2-3x faster)
CAPITALISED_RUN = re.compile(
    "[A-ZÀ-Ý](?:"
    + "".join(rf"(?<={h[0]}){h[1:]}\.?[ \t]+{NAME_WORD}|" for h in HONORIFICS)
    + r"[\w'’-]+)"
    + rf"(?:[ \t]+(?:(?:de|da|di|van|von|du|del|der|le|la)[ \t]+)?{NAME_WORD}){{1,3}}"
)
APPOSITION = re.compile(
    r"^\s*(?:,\s*|\s+(?:est|était|is|was|ist|war)\s+(?:l[ae]\s+|l['’]|the\s+|der\s+|die\s+|une?\s+|an?\s+)?)"
    r"(?P<rest>[A-Za-zÀ-ÿ][^,.;:()\n]{2,140})"
)
ACRONYM_HINT = re.compile(r"[A-Z]{3}")
FUNCTION_WORDS = frozenset(
    words("""
à a au aux en et ou où qui que dont pour par sur sous avec sans dans depuis entre chez vers est sont
était a ont qu il elle ils se sa son ses leur leurs ce cette ces un une in at on by with from to for
is are was were has have who which that this and or im am an auf mit von zu bei ist sind war und
oder der die das den dem des ein eine
""")
)
LOWER_HEADS = frozenset(("musée", "museum", "fondation", "institut", "université", "bibliothèque"))
ORG_STOP_AFTER = re.compile(r"\s+(?:depuis|since|seit|en|in|et|and|und|à|pour|for|qui|who|,).*$")
INITIAL = re.compile(r"[A-Z]\.")
ELIDED_ARTICLE = re.compile(r"^[lL]['’]")
ACRONYM_IN_PARENTHESES = re.compile(r"\s*\(([A-Z][A-Z0-9-]{1,9})\)")


def prose_people(bt: BlockText, taken: set[str]) -> list[PersonMention]:
    """People whose name starts with a known given name; `taken` are names already read elsewhere."""
    found: list[PersonMention] = []
    if given_name_heads().isdisjoint(bt.capitalised):
        return found
    for match in CAPITALISED_RUN.finditer(bt.text):
        name = _name_in_run(match.group(0))
        if not name or name in taken or _named_after(bt.text[: match.start()]):
            continue
        start = match.start() + match.group(0).find(name.split()[0])
        end = start + len(name)
        link = bt.link_at(start)
        same_as = link.target if link and link.kind == "link" and clean_name(link.text) == name else ""
        jobs, orgs = _apposition(bt.text[end : end + 160])
        orgs = tuple(OrgMention(o.name, bt.line_at(start)) for o in orgs)
        taken.add(name)
        found.append(PersonMention(name, bt.line_at(start), jobs, orgs, same_as, "other"))
    return found


def _named_after(before: str) -> bool:
    """ "le musée Alfred Danicourt", "Fondation Pierre Gianadda": a place named after a person."""
    words = [w for w in before.split()[-3:] if not INITIAL.fullmatch(w)]  # "Fondation J. Armand…"
    return bool(words) and words[-1].casefold().strip("'’") in ORG_HEADS


def _name_in_run(run: str) -> str:
    """The person's name that ends a capitalised run ("Selon Magalie Vernet"); a run that goes on past
    the name ("Junior Achievement Finland") names something else."""
    tokens = run.split()
    given = first_names()
    for i, token in enumerate(tokens):
        if token in given or token.split("-")[0] in given:
            for j in range(len(tokens), i + 1, -1):
                if j != len(tokens):
                    break
                if any(t.casefold() in ORG_HEADS for t in tokens[:i]):
                    return ""  # "Musée Alexis Forel"
                candidate = " ".join(tokens[i:j])
                if is_person_name(candidate):
                    prefix = tokens[i - 1] if i else ""
                    return f"{prefix} {candidate}" if prefix.rstrip(".") in ("Prof", "Dr") else candidate
    return ""


def _apposition(after: str) -> tuple[tuple[str, ...], tuple[OrgMention, ...]]:
    """ ", directrice du Musée X", " is head of digital at Y", " ist Direktor des Museums Z" → job, org."""
    match = APPOSITION.match(after)
    split = split_job_org(match.group("rest")) if match else None
    if split is None:
        return (), ()
    job = clean_name(split[0])
    org = ELIDED_ARTICLE.sub("", clean_name(ORG_STOP_AFTER.sub("", split[1])))
    if not org or len(job.split()) > 6 or is_person_name(org) or job.casefold().split()[0] in FUNCTION_WORDS:
        return (), ()
    return (job,), (OrgMention(org, 0),)


def prose_organizations(bt: BlockText) -> list[OrgMention]:
    """Organisations with a head word or an acronym, and links whose text names one."""
    text = bt.text
    found: list[OrgMention] = []
    if ORG_HEADS.isdisjoint(bt.words) and not ACRONYM_HINT.search(text):
        # most blocks name no organisation: skip the token walk
        return _link_organizations(bt)
    candidates = [
        k
        for k, w in enumerate(TOKEN.findall(text))
        if (w[:1].isupper() or w in LOWER_HEADS)
        and (w.casefold() in ORG_HEADS or (len(w) >= 3 and w.isupper()))
    ]
    if not candidates:  # a head word in lower case ("sa", "service"), or in a longer token
        return _link_organizations(bt)
    tokens = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
    i = 0
    for k in candidates:
        if k < i:
            continue
        i = k
        word, start, _ = tokens[i]
        lower_head = (
            word in LOWER_HEADS
            and i > 0
            and tokens[i - 1][0].casefold() in ("du", "le", "au", "la", "l'", "l’")
        )
        if (word[:1].isupper() or lower_head) and word.casefold() in ORG_HEADS and bt.link_at(start) is None:
            j = _org_end(tokens, i)
            if lower_head and not any(t[0][:1].isupper() for t in tokens[i + 1 : j + 1]):
                j = i
            first = _org_start(bt, tokens, i)
            if (j > i or first < i) and not _is_question(tokens, i):  # "Musée d'Orsay", "British Museum"
                start = tokens[first][1]
                name = text[start : tokens[j][2]]
                found.append(
                    OrgMention(name, bt.line_at(start), alternate_names=_acronym_after(text, tokens[j][2]))
                )
                i = j + 1
                continue
        if len(word) >= 2 and word.isupper() and is_acronym_org(word) and bt.link_at(start) is None:
            expanded = FULL_NAME_AFTER.match(text, tokens[i][2])
            if expanded and looks_like_org(expanded.group(1)):  # "l'AMS (Association des musées suisses)"
                found.append(
                    OrgMention(clean_name(expanded.group(1)), bt.line_at(start), alternate_names=(word,))
                )
            elif len(word) >= 3 and _acronym_context(tokens, i):
                found.append(OrgMention(word, bt.line_at(start)))
    return found + _link_organizations(bt)


def _link_organizations(bt: BlockText) -> list[OrgMention]:
    """Links whose text starts with an organisation's head word: "[Musée Ariana](url)"."""
    found = []
    for link in bt.links:
        if link.kind != "link":
            continue
        name = clean_name(link.text)
        words = name.split()
        if not words or words[0].casefold() not in ORG_HEADS or len(words) > 8:
            continue
        second = words[1].casefold() if len(words) > 1 else ""
        titled = ". " in name or second in ("et", "and", "und", "&", "at", "for")
        if not titled:
            found.append(OrgMention(name, bt.line_at(link.begin), url=link.target))
    return found


def _org_end(tokens: list[tuple[str, int, int]], head: int) -> int:
    """The last token of an organisation's name that starts at `head`, or `head` when it is no name.

    The name runs on through connectors and up to three lower-case words ("Musée départemental d'art
    religieux de Sées") and ends on a capitalised word, a national adjective ("Association des musées
    suisses") or a lower-case noun that closes the clause ("Institut national du patrimoine,").
    """
    best, lower_run, named = head, 0, False
    for k in range(head + 1, min(len(tokens), head + 14)):
        word = tokens[k][0]
        folded = word.casefold()
        if word[:1].isupper() and folded not in ("le", "la", "les"):
            best, lower_run, named = k, 0, True
        elif folded in ORG_TAIL_ADJECTIVES:
            best, lower_run = k, 0
        elif folded in ORG_CONNECTORS and folded not in ("et", "and", "und", "&"):
            continue
        elif word.isalpha() and word.islower() and lower_run < 3 and folded not in FUNCTION_WORDS:
            lower_run += 1
            joined = any(t[0].casefold() in ORG_CONNECTORS for t in tokens[head + 1 : k])
            if joined and not named and _clause_end(tokens, k + 1):
                return k
        else:
            break
    return best


NOT_NAME_STARTS = frozenset(
    words("""
selon laut gemäss according chez dans pour avec après depuis since with at by from the le la les der die das
notre votre nos vos mon ma mes ton chaque our their his her its my your this that these every each unser
unsere ihr ihre dieses diese jedes a an un une ein eine
""")
)


def _org_start(bt: BlockText, tokens: list[tuple[str, int, int]], head: int) -> int:
    """Capitalised words just before the head, on its line and outside links, belong to the name:
    "Arts Council England"."""
    first = head
    while first > 0 and head - first < 3:
        word, start, end = tokens[first - 1]
        if "\n" in bt.text[end : tokens[first][1]] or bt.link_at(start) is not None:
            break
        if not (word[:1].isupper() and word.isalpha()) or word.casefold() in NOT_NAME_STARTS:
            break
        if word.casefold() in FUNCTION_WORDS or is_person_name(word + " X"):
            break
        first -= 1
    return first


QUESTION_WORDS = frozenset(words("How What Why Do Does Comment Pourquoi Quel Quelle Wie Warum Was"))


def _is_question(tokens: list[tuple[str, int, int]], head: int) -> bool:
    """ "How Do Museum Professionals…": a title that asks, not an organisation."""
    return any(t[0] in QUESTION_WORDS for t in tokens[max(0, head - 3) : head])


def _clause_end(tokens: list[tuple[str, int, int]], k: int) -> bool:
    return k >= len(tokens) or tokens[k][0] in (",", ".", ";", ":", "(", ")", "et", "and", "und", "!", "?")


FULL_NAME_AFTER = re.compile(r"\s*\(([A-ZÀ-Ý][^()]{4,120})\)")


def _acronym_after(text: str, end: int) -> tuple[str, ...]:
    match = ACRONYM_IN_PARENTHESES.match(text, end)
    return (match.group(1),) if match else ()


ACRONYM_BEFORE = frozenset(
    words(
        "l' l’ le la les du de des au aux par pour avec the by of at for with der die das dem den von bei mit"
    )
)


def _acronym_context(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """An acronym names an organisation after an article or a preposition ("l'ICOM", "par le CLIC"), or as
    the subject of a sentence ("CLIC a fourni"); not in a line written in capitals, not glued to a number."""
    nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    prev = tokens[i - 1][0] if i else ""
    if nxt.isdigit() or nxt in ("-", "/") or prev in ("-", "/", "#") or nxt.isupper() or prev.isupper():
        return False
    return prev.casefold() in ACRONYM_BEFORE or (prev in ("", ".", ":", "-", "•") and nxt[:1].islower())


def subject_person(name: str, bt_texts: list[BlockText]) -> PersonMention | None:
    """A note whose name is a person's name is about that person; the prose says their job."""
    clean = strip_honorific(name)
    if not is_person_name(clean):
        return None
    for bt in bt_texts:
        at = bt.text.find(clean)
        if at != -1:
            jobs, orgs = _apposition(bt.text[at + len(clean) : at + len(clean) + 160])
            if jobs:
                line = bt.line_at(at)
                orgs = tuple(OrgMention(o.name, line) for o in orgs)
                return PersonMention(clean, line, jobs, orgs, role="subject")
    return PersonMention(clean, 1, role="subject")


__all__ = ["prose_organizations", "prose_people", "subject_person"]
