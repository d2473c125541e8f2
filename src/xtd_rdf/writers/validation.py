"""`validation.ttl` (the standard sh:ValidationReport) and `validation.html` (the same, for editors).

Both go through the output memo (memo.py): each is keyed by the text of all it is made from (the
results and where they are; the findings), so an export whose findings did not change links the
previous files without making them.
"""

from __future__ import annotations

import hashlib
from functools import partial
from html import escape
from importlib.metadata import version
from pathlib import Path

from ..dataset import Dataset
from ..output import Files
from ..validate_report import Finding, Places, Validation, as_turtle, summary

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Validation report</title>
<link rel="alternate" type="application/atom+xml" href="feed.xml">
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; max-width: 70rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }}
.violation {{ color: #a00; }} .warning {{ color: #a60; }} .info {{ color: #555; }}
code {{ font-size: .9em; }}
</style>
</head>
<body>
<h1>Validation report</h1>
<p>{summary}. The machine-readable report is <a href="validation.ttl">validation.ttl</a>
(a SHACL <code>sh:ValidationReport</code>).</p>
{sections}
</body>
</html>
"""


def write_validation(target: Path | Files, validation: Validation, dataset: Dataset) -> None:
    """Both reports into the output folder."""
    files = Files.of(target)
    turtle = partial(_turtle, validation, dataset)
    if validation.places is None:  # located from the dataset: not all it is made from is in a key
        files.write("validation.ttl", turtle())
    else:
        files.write_memo("validation.ttl", _turtle_key(validation, validation.places), turtle)
    html = partial(lambda found: validation_html(found).encode("utf-8"), validation.findings)
    files.write_memo("validation.html", _key("html", repr(validation.findings)), html)


def _turtle(validation: Validation, dataset: Dataset) -> bytes:
    return as_turtle(validation.outcome, dataset, validation.places).encode("utf-8")


def _turtle_key(validation: Validation, places: Places) -> bytes:
    """Every field of every result, in order, with its place: all the report says (rdflib orders it)."""
    lines = [
        "\0".join(
            (
                *(r.focus, r.path, str(r.severity), r.value.n3() if r.value is not None else ""),
                *(r.message, r.message_language, r.shape, r.component, r.constraint, repr(place)),
            )
        )
        for r, place in zip(validation.outcome.results, places, strict=True)
    ]
    return _key("ttl", version("rdflib"), *lines)


def _key(*parts: str) -> bytes:
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).digest()


def validation_html(found: list[Finding]) -> str:
    """Violations and warnings first, one table per file; hints folded away below them."""
    serious = [f for f in found if f.severity != "info"]
    hints = [f for f in found if f.severity == "info"]
    sections = _sections(serious) or "<p>No violation, no warning.</p>"
    if hints:
        label = f"{len(hints)} hint" + ("" if len(hints) == 1 else "s")
        sections += f"\n<details><summary>{label}</summary>\n{_sections(hints)}\n</details>"
    return _PAGE.format(summary=escape(summary(found)), sections=sections)


def _sections(found: list[Finding]) -> str:
    by_path: dict[str, list[Finding]] = {}
    for finding in found:
        by_path.setdefault(finding.path, []).append(finding)
    return "\n".join(_section(path, rows) for path, rows in by_path.items())


def _section(path: str, rows: list[Finding]) -> str:
    body = "\n".join(
        f'<tr class="{f.severity}"><td>{f.line or ""}</td><td>{f.severity}</td><td>{escape(f.message)}</td>'
        f"<td>{escape(f.label)}</td><td><code>{escape(f.property)}</code></td>"
        f"<td><code>{escape(f.value)}</code></td></tr>"
        for f in rows
    )
    return (
        f"<h2><code>{escape(path or '(no file)')}</code></h2>\n<table>\n"
        "<tr><th>line</th><th>severity</th><th>what to do</th><th>resource</th><th>property</th>"
        f"<th>value</th></tr>\n{body}\n</table>"
    )
