"""Reading a vault: which files, in which order, in which encodings."""

from __future__ import annotations

from pathlib import Path

from xtd_rdf.diagnostics import Diagnostic
from xtd_rdf.vault import find_markdown, read_vault


def test_every_markdown_file_in_sorted_order_skipping_hidden_tool_and_ignored_folders(make_vault) -> None:
    vault = make_vault(
        {
            "b.md": "b",
            "A/a.md": "a",
            "A/z.md": "z",
            ".obsidian/x.md": "x",
            ".trash/t.md": "t",
            "node_modules/m.md": "m",
            "Template/t.md": "t",
            "notes.txt": "no",
            ".hidden.md": "h",
        }
    )
    assert find_markdown(vault) == ["A/a.md", "A/z.md", "Template/t.md", "b.md"]
    assert find_markdown(vault, ("Template/**",)) == ["A/a.md", "A/z.md", "b.md"]
    assert find_markdown(vault, ("*/z.md",)) == ["A/a.md", "Template/t.md", "b.md"]


def test_symbolic_links_are_not_followed(make_vault, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("secret")
    vault = make_vault({"a.md": "a"})
    (vault / "link").symlink_to(outside)
    (vault / "loop").symlink_to(vault)
    (vault / "file.md").symlink_to(outside / "secret.md")
    assert find_markdown(vault) == ["a.md"]
    read = list(read_vault(vault))
    skipped = [(d.path, d.code) for d in read if isinstance(d, Diagnostic)]
    assert skipped == [("file.md", "symbolic-link"), ("link", "symbolic-link"), ("loop", "symbolic-link")]
    assert [s.text for s in read if not isinstance(s, Diagnostic)] == ["a"]


def test_encodings_bom_crlf_latin1_and_binary(make_vault) -> None:
    vault = make_vault(
        {
            "bom.md": "\ufeff---\ntitle: B\n---\r\nText\r\n".encode(),
            "latin.md": "Caf\xe9 cr\xe8me\n".encode("latin-1"),
            "binary.md": b"\x89PNG\x00\x00\x01",
        }
    )
    read = {item.path: item for item in read_vault(vault)}
    assert isinstance(read["binary.md"], Diagnostic) and read["binary.md"].code == "binary-file"
    assert read["bom.md"].text == "---\ntitle: B\n---\nText\n"
    latin = read["latin.md"]
    assert latin.text == "Café crème\n"
    assert [d.code for d in latin.diagnostics] == ["not-utf8"]


def test_a_note_over_the_size_limit_is_read_up_to_it_with_a_warning(make_vault) -> None:
    vault = make_vault({"big.md": "line of text\n" * 100})
    [source] = read_vault(vault, max_bytes=130)
    assert source.text == "line of text\n" * 10
    [diag] = source.diagnostics
    assert (diag.code, diag.line) == ("note-too-large", 11)
