"""External URLs become IRIs the strict parser accepts, or nothing: never a broken dump."""

from __future__ import annotations

import pyoxigraph
import pytest

from xtd_rdf.urls import safe_iri


@pytest.mark.parametrize(
    ("url", "iri"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("https://example.org/[x]", "https://example.org/%5Bx%5D"),
        ("https://example.org/a?b#c[d]", "https://example.org/a?b#c%5Bd%5D"),
        ("http://[::1]:8080/a[b]", "http://[::1]:8080/a%5Bb%5D"),
        ("https://example.org/100%", "https://example.org/100%25"),
        ("https://example.org/%zz%41", "https://example.org/%25zz%41"),
        ("https://example.org/#a#b", "https://example.org/#a%23b"),
        ('https://example.org/"q"{y}', "https://example.org/%22q%22%7By%7D"),
        ("https://example.org/musée", "https://example.org/musée"),
    ],
)
def test_characters_iris_forbid_are_percent_encoded(url: str, iri: str) -> None:
    assert safe_iri(url) == iri
    pyoxigraph.NamedNode(iri)  # the dumps' parser accepts it


@pytest.mark.parametrize("url", ["https://example.org:ab/", "javascript:alert(1)", "/relative", "https://"])
def test_what_cannot_be_an_http_iri_is_refused(url: str) -> None:
    assert safe_iri(url) == ""
