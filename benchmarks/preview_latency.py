"""Time from saving a note to seeing the change in the browser, with `xtd-rdf preview` on a real vault.

    .venv/bin/python benchmarks/preview_latency.py [VAULT] [--runs 5] [--no-validate]

The vault is copied to a temporary folder (never edited in place); chromium (Debian's) opens the
note's page, the script appends a new paragraph to the note's file and waits until the page shows it.
Prints each time and the median.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser.chromium import chromium  # noqa: E402
from browser.preview_process import running_preview  # noqa: E402
from playwright.sync_api import Page  # noqa: E402

NOTE = "Notes/20 ans de numérique dans les musées.md"
PAGE = "/notes/20-ans-de-numerique-dans-les-musees/"


def measure(vault: Path, runs: int, options: list[str]) -> list[float]:
    """Save → visible, in seconds, `runs` times on one open page."""
    with (
        tempfile.TemporaryDirectory() as logs,
        running_preview(vault, Path(logs) / "log", *options) as preview,
        chromium() as browser,
    ):
        page = browser.new_page()
        page.goto(preview.origin + PAGE)
        page.wait_for_function("document.getElementById('xtd-preview') !== null")
        times = [_save_and_see(page, vault / NOTE, run) for run in range(runs)]
        print(preview.output(), file=sys.stderr)
        exports = [float(s) for s in re.findall(r"saved → exported in ([\d.]+) s", preview.output())]
    print(f"median export: {statistics.median(exports):.2f} s (the rest is the preview's own delay)")
    return times


def _save_and_see(page: Page, note: Path, run: int) -> float:
    """Append a paragraph to the note; seconds until the open page shows it."""
    marker = f"Paragraphe ajouté numéro {run} pour la mesure."
    text = note.read_text(encoding="utf-8")
    time.sleep(1.0)  # let the watcher settle between saves
    started = time.perf_counter()
    note.write_text(f"{text}\n\n{marker}\n", encoding="utf-8")
    page.wait_for_function("m => document.body.innerText.includes(m)", arg=marker, timeout=60_000)
    seconds = time.perf_counter() - started
    print(f"run {run + 1}: {seconds:.2f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", nargs="?", default="/work/shared/corpus/museumxtd")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vault = Path(tmp) / "vault"
        shutil.copytree(args.vault, vault)
        times = measure(vault, args.runs, ["--no-validate"] if args.no_validate else [])
    print(f"median save → visible: {statistics.median(times):.2f} s over {len(times)} saves")


if __name__ == "__main__":
    main()
