"""Escaping a plain string for HTML exactly as markupsafe.escape does, minus the Markup it returns.

Pages escape hundreds of thousands of short values: markupsafe's C loop is cheap, the Markup
object it wraps each result in is not.
"""

from __future__ import annotations

try:
    from markupsafe._speedups import _escape_inner as escape_text
except ImportError:  # markupsafe without its compiled speedups, or a version that names them otherwise

    def escape_text(value: str) -> str:
        """`&`, `<`, `>`, `'` and `"` as markupsafe writes them."""
        return (
            value.replace("&", "&amp;")
            .replace(">", "&gt;")
            .replace("<", "&lt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )
