"""The OAI-PMH 2.0 protocol as one pure function: request arguments in, XML out.

Every verb, `oai_dc` from each note's Dublin Core and `schema_org` (the note's own JSON-LD),
tags as sets, stateless resumption tokens (a page of `page_size` items; a token goes stale when
the export changes: badResumptionToken), datestamps from the change feed, and the protocol's
error codes. `respond` is the whole protocol as a pure function; the routes only do HTTP.
"""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from .oai_repository import Record, Repository

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
JSONLD = "http://www.w3.org/ns/json-ld#"
PAGE_SIZE = 100
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC),
    "schema_org": ("schema_org.xsd", JSONLD),  # relative: served beside the endpoint
}
ARGUMENTS = {  # verb → (required, optional); resumptionToken is exclusive where allowed
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
SCHEMA_XSD = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{JSONLD}"
    elementFormDefault="qualified">
  <xs:element name="jsonld">
    <xs:complexType><xs:simpleContent><xs:extension base="xs:string">
      <xs:attribute name="contentType" type="xs:string"/>
    </xs:extension></xs:simpleContent></xs:complexType>
  </xs:element>
</xs:schema>
"""

for _prefix, _uri in (("", OAI), ("oai_dc", OAI_DC), ("dc", DC), ("xsi", XSI), ("jsonld", JSONLD)):
    ET.register_namespace(_prefix, _uri)


class OaiError(Exception):
    """An OAI-PMH error condition: its code and a message for the harvester."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Query:
    """A list request, whole: what a resumption token stands for."""

    verb: str
    prefix: str
    set: str
    start: str
    end: str
    offset: int = 0


def respond(
    repo: Repository, params: list[tuple[str, str]], base_url: str, page_size: int = PAGE_SIZE
) -> str:
    """The XML answer to one OAI-PMH request (`params` as received, repeats included)."""
    root, request = _envelope(base_url)
    try:
        verb, args = _check(params)
        for key, value in sorted(args.items()):
            request.set(key, value)
        request.set("verb", verb)
        root.append(VERBS[verb](repo, args, page_size, base_url))
    except OaiError as exc:
        if exc.code in ("badVerb", "badArgument"):
            request.attrib.clear()
        error = ET.SubElement(root, f"{{{OAI}}}error", code=exc.code)
        error.text = str(exc)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _envelope(base_url: str) -> tuple[ET.Element, ET.Element]:
    root = ET.Element(f"{{{OAI}}}OAI-PMH")
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    ET.SubElement(root, f"{{{OAI}}}responseDate").text = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    request = ET.SubElement(root, f"{{{OAI}}}request")
    request.text = base_url
    return root, request


def _check(params: list[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, or the error the protocol prescribes."""
    verbs = [v for k, v in params if k == "verb"]
    if len(verbs) != 1 or verbs[0] not in ARGUMENTS:
        raise OaiError("badVerb", "missing, repeated or unknown verb")
    verb = verbs[0]
    args: dict[str, str] = {}
    for key, value in params:
        if key == "verb":
            continue
        if key in args:
            raise OaiError("badArgument", f"repeated argument {key}")
        args[key] = value
    required, optional = ARGUMENTS[verb]
    unknown = set(args) - required - optional
    if unknown:
        raise OaiError("badArgument", f"illegal argument(s) for {verb}: {', '.join(sorted(unknown))}")
    if "resumptionToken" in args:
        if len(args) > 1:
            raise OaiError("badArgument", "resumptionToken must be the only argument besides verb")
    elif required - set(args):
        raise OaiError("badArgument", f"missing argument(s): {', '.join(sorted(required - set(args)))}")
    return verb, args


def _identify(repo: Repository, args: dict[str, str], page_size: int, base_url: str) -> ET.Element:
    out = ET.Element(f"{{{OAI}}}Identify")
    for tag, text in (
        ("repositoryName", repo.name),
        ("baseURL", base_url),
        ("protocolVersion", "2.0"),
        ("adminEmail", repo.admin_email),
        ("earliestDatestamp", repo.earliest),
        ("deletedRecord", repo.deleted_records),
        ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
    ):
        ET.SubElement(out, f"{{{OAI}}}{tag}").text = text
    return out


def _list_formats(repo: Repository, args: dict[str, str], page_size: int, base_url: str) -> ET.Element:
    if "identifier" in args and repo.record(args["identifier"]) is None:
        raise OaiError("idDoesNotExist", f"no record {args['identifier']}")
    out = ET.Element(f"{{{OAI}}}ListMetadataFormats")
    for prefix, (schema, namespace) in FORMATS.items():
        item = ET.SubElement(out, f"{{{OAI}}}metadataFormat")
        ET.SubElement(item, f"{{{OAI}}}metadataPrefix").text = prefix
        location = schema if "://" in schema else base_url.rstrip("/") + "/" + schema
        ET.SubElement(item, f"{{{OAI}}}schema").text = location
        ET.SubElement(item, f"{{{OAI}}}metadataNamespace").text = namespace
    return out


def _list_sets(repo: Repository, args: dict[str, str], page_size: int, base_url: str) -> ET.Element:
    if "resumptionToken" in args:
        raise OaiError("badResumptionToken", "ListSets answers in one response; no token is issued")
    if not repo.sets:
        raise OaiError("noSetHierarchy", "this repository has no tags, hence no sets")
    out = ET.Element(f"{{{OAI}}}ListSets")
    for spec, name in repo.sets:
        item = ET.SubElement(out, f"{{{OAI}}}set")
        ET.SubElement(item, f"{{{OAI}}}setSpec").text = spec
        ET.SubElement(item, f"{{{OAI}}}setName").text = name
    return out


def _get_record(repo: Repository, args: dict[str, str], page_size: int, base_url: str) -> ET.Element:
    _format(args["metadataPrefix"])
    record = repo.record(args["identifier"])
    if record is None:
        raise OaiError("idDoesNotExist", f"no record {args['identifier']}")
    out = ET.Element(f"{{{OAI}}}GetRecord")
    out.append(_record(record, args["metadataPrefix"]))
    return out


def _format(prefix: str) -> None:
    if prefix not in FORMATS:
        raise OaiError(
            "cannotDisseminateFormat", f"unknown metadataPrefix {prefix!r}; see ListMetadataFormats"
        )


def _list(repo: Repository, args: dict[str, str], page_size: int, verb: str) -> ET.Element:
    query = _decode(repo, args["resumptionToken"]) if "resumptionToken" in args else _query(verb, args)
    _format(query.prefix)
    if query.set and not repo.sets:
        raise OaiError("noSetHierarchy", "this repository has no tags, hence no sets")
    matching = _matching(repo, query)
    if not matching:
        raise OaiError("noRecordsMatch", "no record matches these arguments")
    out = ET.Element(f"{{{OAI}}}{verb}")
    for record in matching[query.offset : query.offset + page_size]:
        out.append(_header(record) if verb == "ListIdentifiers" else _record(record, query.prefix))
    if "resumptionToken" in args or len(matching) > page_size:
        token = ET.SubElement(out, f"{{{OAI}}}resumptionToken")
        token.set("completeListSize", str(len(matching)))
        token.set("cursor", str(query.offset))
        following = query.offset + page_size
        if following < len(matching):
            token.text = _encode(
                repo, Query(verb, query.prefix, query.set, query.start, query.end, following)
            )
    return out


def _query(verb: str, args: dict[str, str]) -> Query:
    start, end = args.get("from", ""), args.get("until", "")
    for value in (start, end):
        if value and not _valid_date(value):
            raise OaiError("badArgument", f"{value!r} is not YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")
    if start and end and len(start) != len(end):
        raise OaiError("badArgument", "from and until must have the same granularity")
    start = start + "T00:00:00Z" if len(start) == 10 else start
    end = end + "T23:59:59Z" if len(end) == 10 else end
    if start and end and start > end:
        raise OaiError("badArgument", "from is later than until")
    return Query(verb, args["metadataPrefix"], args.get("set", ""), start, end)


def _valid_date(value: str) -> bool:
    if not (DAY.fullmatch(value) or SECOND.fullmatch(value)):
        return False
    try:
        datetime.strptime(value, "%Y-%m-%d" if len(value) == 10 else "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return False
    return True


def _matching(repo: Repository, query: Query) -> Sequence[Record]:
    """The records in the date range (by bisection: they are in datestamp order), then in the set."""
    low = bisect_left(repo.datestamps, query.start) if query.start else 0
    high = bisect_right(repo.datestamps, query.end) if query.end else len(repo.records)
    selected = repo.records[low:high]
    return [r for r in selected if query.set in r.sets] if query.set else selected


def _encode(repo: Repository, query: Query) -> str:
    fields = [repo.fingerprint, query.verb, query.prefix, query.set, query.start, query.end, query.offset]
    return base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=")


def _decode(repo: Repository, token: str) -> Query:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        fingerprint, verb, prefix, set_spec, start, end, offset = json.loads(raw)
        query = Query(verb, prefix, set_spec, start, end, int(offset))
    except (ValueError, TypeError):
        raise OaiError("badResumptionToken", "this resumption token is not one we issued") from None
    if fingerprint != repo.fingerprint:
        raise OaiError(
            "badResumptionToken", "the export has changed since this token was issued; start again"
        )
    return query


def _header(record: Record) -> ET.Element:
    header = ET.Element(f"{{{OAI}}}header")
    if record.deleted:
        header.set("status", "deleted")
    ET.SubElement(header, f"{{{OAI}}}identifier").text = record.identifier
    ET.SubElement(header, f"{{{OAI}}}datestamp").text = record.datestamp
    for spec in record.sets:
        ET.SubElement(header, f"{{{OAI}}}setSpec").text = spec
    return header


def _record(record: Record, prefix: str) -> ET.Element:
    out = ET.Element(f"{{{OAI}}}record")
    out.append(_header(record))
    if not record.deleted:
        metadata = ET.SubElement(out, f"{{{OAI}}}metadata")
        metadata.append(_oai_dc(record) if prefix == "oai_dc" else _jsonld(record))
    return out


def _oai_dc(record: Record) -> ET.Element:
    dc = ET.Element(f"{{{OAI_DC}}}dc")
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    for value in record.dc:
        element = ET.SubElement(dc, f"{{{DC}}}{value.element}")
        element.text = value.value
        if value.language:
            element.set("{http://www.w3.org/XML/1998/namespace}lang", value.language)
    return dc


def _jsonld(record: Record) -> ET.Element:
    element = ET.Element(f"{{{JSONLD}}}jsonld", contentType="application/ld+json")
    element.text = record.jsonld
    return element


def _list_identifiers(repo: Repository, args: dict[str, str], page_size: int, base_url: str) -> ET.Element:
    return _list(repo, args, page_size, "ListIdentifiers")


def _list_records(repo: Repository, args: dict[str, str], page_size: int, base_url: str) -> ET.Element:
    return _list(repo, args, page_size, "ListRecords")


VERBS: dict[str, Callable[[Repository, dict[str, str], int, str], ET.Element]] = {
    "Identify": _identify,
    "ListMetadataFormats": _list_formats,
    "ListSets": _list_sets,
    "ListIdentifiers": _list_identifiers,
    "ListRecords": _list_records,
    "GetRecord": _get_record,
}
