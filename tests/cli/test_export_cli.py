"""`xtd-rdf export` and `init` as a user runs them: outputs, summary, exit codes, config."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import SDO, load
from xtd_rdf.cli import main

NOTE = "---\ntitle: T\ntags: museum\n---\nA first paragraph with enough words. See [[Missing one]].\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_export_writes_the_three_dumps_and_a_summary(make_vault, tmp_path: Path) -> None:
    vault = make_vault({"Notes/A.md": NOTE})
    result = run("export", str(vault), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for name in ("dataset.ttl", "dataset.nt", "dataset.jsonld"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert (tmp_path / "out" / "notes" / "a.ttl").is_file()
    assert "1 note," in result.output and "1 warning missing-note" in result.output


def test_verbose_names_file_and_line_of_each_warning(make_vault, tmp_path: Path) -> None:
    result = run("export", str(make_vault({"Notes/A.md": NOTE})), "--out", str(tmp_path / "o"), "-v")
    assert "Notes/A.md:5: warning: the wikilink [[Missing one]] points to no note" in result.output


def test_quiet_prints_nothing_when_all_is_well(make_vault, tmp_path: Path) -> None:
    result = run("export", str(make_vault({"A.md": "Just text."})), "--out", str(tmp_path / "o"), "-q")
    assert result.exit_code == 0 and result.output == ""


def test_config_file_and_options_set_the_base(make_vault, tmp_path: Path) -> None:
    vault = make_vault({"A.md": "Text here.", "xtd-rdf.toml": 'base = "https://data.example.org/"\n'})
    assert run("export", str(vault), "--out", str(tmp_path / "a")).exit_code == 0
    assert (None, SDO.name, None) in load(tmp_path / "a" / "dataset.ttl")
    assert "<https://data.example.org/notes/a>" in (tmp_path / "a" / "dataset.nt").read_text()
    run("export", str(vault), "--out", str(tmp_path / "b"), "--base", "https://other.example/")
    assert "<https://other.example/notes/a>" in (tmp_path / "b" / "dataset.nt").read_text()


@pytest.mark.parametrize(
    "files, args, message",
    [
        ({"A.md": "x", "xtd-rdf.toml": "base = 3"}, [], "'base' must be a string"),
        ({"A.md": "x", "xtd-rdf.toml": "nonsense = ["}, [], "not valid TOML"),
        ({"A.md": "x", "xtd-rdf.toml": 'colour = "red"'}, [], "unknown setting 'colour'"),
        ({"A.md": "x"}, ["--base", "https://no-slash.example"], "must end with '/'"),
        ({"A.md": "x"}, ["--base", "https://example.org/data#"], "must end with '/'"),  # #quote-1 parts
        ({"A.md": "x", "xtd-rdf.toml": 'base = "https://example.org/data#"'}, [], "must end with '/'"),
    ],
)
def test_bad_usage_exits_2_with_a_message(make_vault, tmp_path: Path, files, args, message) -> None:
    result = run("export", str(make_vault(files)), "--out", str(tmp_path / "o"), *args)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_an_output_folder_that_would_replace_the_vault_is_refused(make_vault) -> None:
    vault = make_vault({"A.md": "x"})
    for out in (vault, vault.parent):
        result = run("export", str(vault), "--out", str(out))
        assert result.exit_code == 2 and "refusing" in result.output
    assert (vault / "A.md").read_text() == "x"


def test_a_missing_vault_exits_2() -> None:
    result = run("export", "/nonexistent/vault")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_init_writes_a_commented_config_that_export_accepts(make_vault, tmp_path: Path) -> None:
    vault = make_vault({"A.md": "Text."})
    assert run("init", str(vault)).exit_code == 0
    assert "base = " in (vault / "xtd-rdf.toml").read_text()
    assert run("init", str(vault)).exit_code == 2
    assert run("export", str(vault), "--out", str(tmp_path / "o")).exit_code == 0


@pytest.mark.parametrize("command", [[], ["export"], ["init"]])
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output
