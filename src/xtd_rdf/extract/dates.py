"""Dates in French, English and German prose, as precise as the text: day, month or year.

Hand rules over month-name tables rather than dateparser: we need ranges ("du 12 au 13 octobre 2022",
"les 3 et 4 mars 2021"), partial dates ("mi-novembre 2020") and the text's own precision, which
dateparser does not give, and one compiled regex costs microseconds per block where dateparser's
per-call language detection costs milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..facts import PartialDate

MONTHS = {
    **dict.fromkeys(("janvier", "january", "januar", "jänner", "jan"), 1),
    **dict.fromkeys(("février", "fevrier", "february", "februar", "feb", "févr"), 2),
    **dict.fromkeys(("mars", "march", "märz", "maerz", "mar"), 3),
    **dict.fromkeys(("avril", "april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "june", "juni", "jun"), 6),
    **dict.fromkeys(("juillet", "july", "juli", "jul"), 7),
    **dict.fromkeys(("août", "aout", "august", "aug"), 8),
    **dict.fromkeys(("septembre", "september", "sept", "sep"), 9),
    **dict.fromkeys(("octobre", "october", "oktober", "oct", "okt"), 10),
    **dict.fromkeys(("novembre", "november", "nov"), 11),
    **dict.fromkeys(("décembre", "decembre", "december", "dezember", "dec", "dez", "déc"), 12),
}
# any word stands for a month in the patterns; _date() keeps only the words of MONTHS (a short regex
# compiles in a millisecond where the alternation of every month name took fifteen)
_MONTH = r"[^\W\d_]{3,9}\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:er|re|st|nd|rd|th|\.)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_SEP = r"(?:\s*(?:-|–|—|au|to|bis|und|and|et|&)\s*)"

PATTERNS = [
    # du 13 avril au 21 août 2022 / from 3 March to 4 April 2021 / vom 3. März bis 4. April 2021
    (
        "dmdmy",
        rf"(?P<d1>{_DAY})\s+(?P<m1>{_MONTH}){_SEP}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}),?\s+(?P<y>{_YEAR})",
    ),
    # 12 et 13 octobre 2022 / 12-13 October 2022 / 7. und 8. Juni 2022
    ("ddmy", rf"(?P<d1>{_DAY}){_SEP}(?P<d2>{_DAY})\s+(?P<m1>{_MONTH}),?\s+(?P<y>{_YEAR})"),
    # March 14-15, 2023
    ("mddy", rf"(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}){_SEP}(?P<d2>{_DAY}),?\s+(?P<y>{_YEAR})"),
    # 5 octobre 2018 / 1er décembre 2020 / 7. Juni 2022 / 14 March 2023
    ("dmy", rf"(?P<d1>{_DAY})\s+(?P<m1>{_MONTH}),?\s+(?P<y>{_YEAR})"),
    # March 14, 2023
    ("mdy", rf"(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}),?\s+(?P<y>{_YEAR})"),
    # 2022-10-12
    ("iso", r"(?P<y>\d{4})-(?P<m1>\d\d)-(?P<d1>\d\d)"),
    # 12.10.2022 / 12/10/2022 (day first, as fr and de write it)
    ("num", rf"(?P<d1>[0-3]?\d)[./](?P<m1>[01]?\d)[./](?P<y>{_YEAR})"),
    # en 2018 / in 2018 / im Jahr 2018
    ("y", rf"(?:\ben|\bin|\bim Jahre?|\bau cours de|\bdepuis|\bsince|\bseit)\s+(?P<y>{_YEAR})\b"),
    # septembre 2021 et octobre 2022 / mi-novembre 2020 / November 2020
    ("mymy", rf"(?P<m1>{_MONTH})\s+(?P<y1>{_YEAR}){_SEP}(?P<m2>{_MONTH})\s+(?P<y>{_YEAR})"),
    ("my", rf"(?:mi-|mid-|début |fin |early |late |anfang |ende |mitte )?(?P<m1>{_MONTH})\s+(?P<y>{_YEAR})"),
    # 1er décembre, 12 octobre (no year: the year comes from another date of the block)
    ("dm", rf"(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})"),
]
_GROUP = re.compile(r"\?P<(\w+)>")
_NOT_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")  # every pattern needs one: a text without digits is not scanned


def _alternative(name: str, body: str) -> str:
    renamed = _GROUP.sub(lambda m: f"?P<{name}_{m.group(1)}>", body)
    return rf"(?P<{name}>(?<![\w.]){renamed}(?!\w))"


_COMPILED = re.compile("|".join(_alternative(n, b) for n, b in PATTERNS), re.IGNORECASE)
_GROUP_NAMES = {name: _GROUP.findall(body) for name, body in PATTERNS}


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date or a range found in a text, with where it is."""

    start: PartialDate
    end: PartialDate | None
    begin: int
    stop: int


def find_dates(text: str) -> list[DateSpan]:
    """Every date or date range in a text, in order; a day without year borrows the block's year."""
    found: list[DateSpan] = []
    if not _DIGIT.search(text):
        return found
    pending: list[tuple[re.Match[str], str]] = []
    for match in _COMPILED.finditer(text):
        kind = match.lastgroup or ""
        if kind == "dm":
            pending.append((match, kind))
            continue
        span = _span(match, kind, "")
        if span is not None:
            found.append(span)
    if pending and found:
        year = found[0].start.value[:4]
        found += [s for m, k in pending if (s := _span(m, k, year)) is not None]
        found.sort(key=lambda s: s.begin)
    return found


def _span(match: re.Match[str], kind: str, year: str) -> DateSpan | None:
    g = {n: v for n in _GROUP_NAMES[kind] if (v := match.group(f"{kind}_{n}"))}
    y = g.get("y") or year
    if kind == "y":
        return DateSpan(PartialDate(y), None, *match.span())
    if kind in ("my", "mymy"):
        start = _date(g.get("y1") or y, g["m1"], None)
        end = _date(y, g["m2"], None) if kind == "mymy" else None
    else:
        start = _date(y, g["m1"], g.get("d1"))
        end = _date(y, g.get("m2") or g["m1"], g["d2"]) if "d2" in g else None
    return DateSpan(start, end, *match.span()) if start else None


def _date(year: str, month: str, day: str | None) -> PartialDate | None:
    m = int(month) if month.isdigit() else MONTHS.get(month.casefold().rstrip("."))
    if not m or not 1 <= m <= 12:
        return None
    if day is None:
        return PartialDate(f"{year}-{m:02d}")
    d = int(_NOT_DIGIT.sub("", day))
    if not 1 <= d <= 31:
        return None
    return PartialDate(f"{year}-{m:02d}-{d:02d}")
