"""What a name looks like: people (given-name gazetteer + shape), organisations (head words), countries.

Shared by the people, quotes and events rules. All tests are on one short string, no context.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


def words(text: str) -> list[str]:
    """The whitespace-separated words of a table written as a paragraph."""
    return text.split()


PARTICLES = frozenset(
    words("""
de da di del della des du d' van von der den ten ter zu la le dos das af el al bin ben y
""")
)
HONORIFIC = re.compile(
    r"^(?:(?:prof|professeur|professor|dr|docteur|me|mme|mlle|m|mr|mrs|ms|herr|frau)\.?\s+)+", re.I
)
# words that start an organisation's name in fr, en and de ("Musée d'art de Pully", "Universität Bern")
ORG_HEADS = frozenset(
    words("""
musée musées museum museums muséum institut institute institution université university universität
hochschule haute école ecole school association associations fondation foundation stiftung verein
verband office ministère ministry ministerium bundesamt amt conseil council centre center zentrum
bibliothèque library bibliothek archives archive archiv société society gesellschaft fédération
federation union service département department académie academy akademie agence agency agentur
laboratoire laboratory lab galerie gallery galleria théâtre theatre theater observatoire collège
college club réseau network netzwerk groupe group commission direction secrétariat trust kunsthaus
kunsthalle landesmuseum kunstmuseum maison manoir château villa palais fonds fund festival studio
studios cabinet entreprise company sàrl sa ag gmbh ltd inc unesco icom
""")
)
# lower-case words that may end an organisation's name ("Association des musées suisses")
ORG_TAIL_ADJECTIVES = frozenset(
    words("""
suisse suisses national nationale nationaux français française françaises britannique européen
européenne romand romande fédéral fédérale cantonal cantonale municipal municipale régional
régionale départemental départementale international internationale québécois québécoise
""")
)
ORG_CONNECTORS = frozenset(
    words("""
de du des d' d’ l' l’ la le les of the for and für der & et
""")
)
COUNTRY = re.compile(r"\(\s*([A-Z]{2})\s*\)")
ISO_COUNTRIES = frozenset(
    words("""
AD AE AF AL AM AO AR AT AU AZ BA BD BE BF BG BH BI BJ BO BR BY CA CD CF CG CH CI CL CM CN CO CR CU
CY CZ DE DK DO DZ EC EE EG ES ET FI FR GA GB GE GH GR GT HK HN HR HT HU ID IE IL IN IQ IR IS IT JM
JO JP KE KR KW KZ LB LI LK LT LU LV MA MC MD ME MG MK ML MT MU MX MY NE NG NI NL NO NZ OM PA PE PH
PK PL PT PY QA RO RS RU RW SA SE SG SI SK SN SY TG TH TN TR TW TZ UA UG UK US UY UZ VE VN ZA ZM ZW
""")
)
ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}(?:[-+][A-Z0-9]{1,6})?$")
_ACRONYM_JOINER = re.compile(r"[-+]")
# acronyms that name things, not organisations
NOT_ORG_ACRONYMS = frozenset(
    words("""
COVID IRL CRM SEO UX UI PDF XR VR AR RA RV IA AI IT TIC ICT API CMS DAM SIG GPS QR NFT HTML CSS URL
RSS FAQ PME ONG NGO USA UK EU UE CEO CTO CFO PR RH HR KPI ROI B2B B2C SMS DVD CD TV OK PC MOOC RGPD
GDPR LPD DOI ISBN ISO CHF EUR USD GBP CAD CO2 GES GHG DNA ADN README TODO WIP FYI ASAP
PNG JPG SVG GIF CSV JSON XML TL DR NB PS VS ETC DIY
""")
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)*|[A-Z]\.(?:-?[A-Z]\.)*)$"
)
GENERIC_LINK_TEXTS = frozenset(
    words("""
ici here hier lien link site website webseite page lien ici site web en savoir plus more mehr
""")
)


@cache
def first_names() -> frozenset[str]:
    """Given names in many languages (a gazetteer shipped with the package, loaded once)."""
    text = resources.files("xtd_rdf.extract").joinpath("data/first_names.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@cache
def given_name_heads() -> frozenset[str]:
    """Given names up to their first hyphen ("Hans" for "Hans-Otto"): a name read in prose starts with
    one, so a text without any of them as a capitalised word names nobody (`capitalised_words`)."""
    return frozenset(name.split("-")[0] for name in first_names())


CAPITALISED_WORD = re.compile(r"[A-ZÀ-Ý][\w'’]*")


def capitalised_words(text: str) -> frozenset[str]:
    """Each word run's part from its first capital to its end or a hyphen: where a given name can be."""
    return frozenset(CAPITALISED_WORD.findall(text))


def strip_honorific(name: str) -> str:
    name = name.strip()
    honorific = HONORIFIC.match(name)  # anchored: at most one match, at the start
    return name[honorific.end() :] if honorific else name


def person_shape(name: str) -> bool:
    """2-5 capitalised words (particles allowed inside), no digits, no organisation word, not all caps."""
    return _shape(strip_honorific(name).split())


def _shape(tokens: list[str]) -> bool:
    if not 2 <= len(tokens) <= 5 or tokens[-1].casefold() in PARTICLES:
        return False
    if any(t.casefold().strip(".") in ORG_HEADS for t in tokens):
        return False
    if not _NAME_TOKEN.match(tokens[0]):
        return False
    return all(_NAME_TOKEN.match(t) or t.casefold() in PARTICLES for t in tokens[1:])


def is_person_name(name: str) -> bool:
    """A person's name as prose writes it: a known given name first, and the shape."""
    tokens = strip_honorific(name).split()
    if not tokens:
        return False
    given = first_names()
    if tokens[0] not in given and tokens[0].split("-")[0] not in given:  # a set test before the patterns
        return False
    return _shape(tokens)


def is_acronym_org(word: str) -> bool:
    base = _ACRONYM_JOINER.split(word)[0]
    return (
        bool(ACRONYM.match(word))
        and base not in NOT_ORG_ACRONYMS
        and word not in ISO_COUNTRIES
        and not any(c.isdigit() for c in base)
    )


NAME_WORD = re.compile(r"[\w-]+")


def has_org_head(name: str) -> bool:
    words = NAME_WORD.findall(name.casefold())
    return any(w in ORG_HEADS or w.endswith(("museum", "verband", "stiftung", "institut")) for w in words[:3])


def looks_like_org(name: str) -> bool:
    """A name that an organisation would have: a head word, or an acronym."""
    name = name.strip()
    if not name or len(name) > 120:
        return False
    return has_org_head(name) or is_acronym_org(name.split()[0]) or name.isupper()


def country_code(text: str) -> str:
    """The ISO code of a trailing "(CH)"."""
    found = [c for c in COUNTRY.findall(text) if c in ISO_COUNTRIES]
    return found[-1] if found else ""


def is_generic_link_text(text: str) -> bool:
    return " ".join(text.casefold().split()) in GENERIC_LINK_TEXTS or text.casefold().startswith(
        ("lien ici", "cliquez", "click here", "hier klicken")
    )


def clean_name(text: str) -> str:
    """A name without the brackets, braces, quotes and punctuation a note leaves around it."""
    text = " ".join(text.split()).strip(" \t{}[]<>\"'«»“”„,;:.–—-*_|")
    while (text.startswith("(") and ")" not in text) or (text.startswith("(") and text.endswith(")")):
        text = text[1:].strip()
    while (text.endswith(")") and text.count(")") > text.count("(")) or text.endswith("("):
        text = text[:-1].strip()
    if text.endswith(")") and "(" not in text:
        text = text[:-1]
    return text.strip(" ,;:.–—-")
