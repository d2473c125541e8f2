"""Escaping a plain string for HTML exactly as markupsafe.escape does, minus the Markup it returns.

Pages escape hundreds of thousands of short values: markupsafe's C loop is cheap, the Markup
object it wraps each result in is not.
"""

from __future__ import annotations

from collections.abc import Callable


def replaced(value: str) -> str:
    """`&`, `<`, `>`, `'` and `"` as markupsafe writes them, in Python."""
    return (
        value.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def _compiled() -> Callable[[str], str]:
    try:
        from markupsafe._speedups import _escape_inner
    except ImportError:  # markupsafe without its compiled speedups, or a version that names them otherwise
        return replaced
    return _escape_inner


escape_text: Callable[[str], str] = _compiled()
