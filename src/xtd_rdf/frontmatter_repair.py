"""Front matter as editors really write it: split, load safely, and recover what YAML refuses."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .diagnostics import Diagnostic, warning

try:  # the C loader is ten times faster; both are safe loaders
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class SafeLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader that leaves dates as text: `date_from` reads them, and 2022-02-30 cannot crash it."""


SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_FM_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)  # python-frontmatter's YAML boundary
_KEY_LINE = re.compile(r"^([A-Za-z_][\w\-]*)\s*:(.*)$")
_TAG_WORD = re.compile(r"[^\s,#\[\]\"']+")
_ITEM = re.compile(r"^\s+-\s*")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The parsed front matter, the line of each top-level key, and where the body starts."""

    data: dict[str, Any]
    key_lines: dict[str, int]
    raw_lines: dict[str, str]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    diagnostics: tuple[Diagnostic, ...] = ()


def split_front_matter(path: str, text: str) -> FrontMatter:
    """Split `---` front matter from the body; an unclosed block is treated as body, with a warning."""
    if not text.startswith("---"):
        return FrontMatter({}, {}, {}, text, 1)
    try:
        _, raw, body = _FM_BOUNDARY.split(text, 2)
    except ValueError:
        diag = warning(
            path,
            1,
            "front-matter-unclosed",
            "the front matter is not closed by a '---' line",
            "add a line '---' after the last front-matter field",
        )
        return FrontMatter({}, {}, {}, text, 1, (diag,))
    # the body keeps its leading newline, so its first line is the closing '---' line of the file
    body_line = text[: len(text) - len(body)].count("\n") + 1
    data, key_lines, raw_lines, diagnostics = load_yaml(path, raw)
    return FrontMatter(data, key_lines, raw_lines, body, body_line, diagnostics)


def load_yaml(
    path: str, raw: str
) -> tuple[dict[str, Any], dict[str, int], dict[str, str], tuple[Diagnostic, ...]]:
    """Load front matter with a safe loader; when YAML refuses it, recover field by field."""
    key_lines: dict[str, int] = {}
    raw_lines: dict[str, str] = {}
    for number, line in enumerate(raw.split("\n"), start=1):
        match = _KEY_LINE.match(line)
        if match and match.group(1) not in key_lines:
            key_lines[match.group(1)] = number
            raw_lines[match.group(1)] = match.group(2).strip()
    try:
        loaded = yaml.load(raw, Loader=SafeLoader) if raw.strip() else {}
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "not valid YAML"
        diag = warning(
            path,
            line,
            "front-matter-yaml",
            f"the front matter is not valid YAML ({problem}); fields were recovered one by one",
            "quote values that contain ':' '#' '?' or start with '[' '{' '*' '&'",
        )
        return _recover(raw), key_lines, raw_lines, (diag,)
    if not isinstance(loaded, dict):
        diag = warning(
            path,
            2,
            "front-matter-shape",
            "the front matter is not a set of 'key: value' fields",
            "write one 'key: value' per line",
        )
        return {}, key_lines, raw_lines, (diag,)
    data, dropped = _bounded({str(k): v for k, v in loaded.items()})
    diagnostics = tuple(
        warning(
            path,
            key_lines.get(key, 1),
            "front-matter-too-large",
            f"the front-matter field '{key}' expands to more than {MAX_VALUES:,} values "
            "(YAML anchors and aliases); it was ignored",
            "write the values out, without '&' and '*'",
        )
        for key in dropped
    )
    return data, key_lines, raw_lines, diagnostics


MAX_VALUES = 10_000


def _size_exceeds(value: Any, budget: int) -> bool:
    """True when a YAML value, with its aliases expanded, holds more than `budget` values."""
    stack, seen = [value], 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > budget:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _bounded(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Drop the fields that an alias bomb would make explode when read."""
    dropped = [key for key, value in data.items() if _size_exceeds(value, MAX_VALUES)]
    return {k: v for k, v in data.items() if k not in dropped}, dropped


def _recover(raw: str) -> dict[str, Any]:
    """Field-by-field reading of front matter that YAML refused as a whole."""
    data: dict[str, Any] = {}
    lines = raw.split("\n")
    i = 0
    while i < len(lines):
        match = _KEY_LINE.match(lines[i])
        i += 1
        if not match:
            continue
        key, rest = match.group(1), match.group(2).strip()
        items: list[str] = []
        while i < len(lines) and _ITEM.match(lines[i]):
            items.append(_ITEM.sub("", lines[i]).strip().strip("'\""))
            i += 1
        if items and not rest:
            data[key] = items
            continue
        try:
            data[key] = yaml.load(f"v: {rest}", Loader=SafeLoader)["v"]
        except (yaml.YAMLError, ValueError, RecursionError, TypeError):
            data[key] = rest.strip("'\"")
    return data


def tags_from(value: Any, raw_line: str | None) -> list[str]:
    """Tags as written: a YAML list, a space/comma-separated string, or `#a #b` (a YAML comment)."""
    if value is None and raw_line and "#" in raw_line:
        value = raw_line
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    tags: list[str] = []
    for item in items:
        if item is None or isinstance(item, (dict, list)):
            continue
        for word in _TAG_WORD.findall(str(item)):
            word = word.strip("/")
            if word and not word.isdigit():
                tags.append(word)
    return tags


def strings_from(value: Any) -> list[str]:
    """One or several strings (aliases, titles): a list, or a single value."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [
        str(v).strip() for v in items if v is not None and not isinstance(v, (dict, list)) and str(v).strip()
    ]


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%y")


def date_from(value: Any) -> dt.date | None:
    """A front-matter date: YAML's own, ISO (with or without time), or common European forms."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date()
        except ValueError:
            continue
    return None
