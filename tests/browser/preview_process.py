"""A real `xtd-rdf preview` process on a free port of 127.0.0.1, and its event stream read line by line."""

from __future__ import annotations

import contextlib
import json
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

XTD_RDF = str(Path(sys.executable).parent / "xtd-rdf")


@dataclass
class Preview:
    """A running preview: its process, its address, its export folder and what it printed."""

    process: subprocess.Popen[bytes]
    log: Path
    origin: str
    out: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> int:
        """Ctrl+C, as a user does; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=20)


@contextlib.contextmanager
def running_preview(vault: Path, log: Path, *options: str) -> Iterator[Preview]:
    """`xtd-rdf preview VAULT --port 0 …`, once it says where it listens; stopped with Ctrl+C after."""
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [XTD_RDF, "preview", str(vault), "--port", "0", *options],
            stderr=sink,
            # Ctrl-C as at a terminal, even when the suite runs as a background job (which ignores SIGINT)
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"at (http://127\.0\.0\.1:\d+)/ \(exported into (.+)/\)", log.read_text("utf-8"))
        if found:
            break
        if process.poll() is not None:
            raise AssertionError(f"xtd-rdf preview exited:\n{log.read_text(encoding='utf-8')}")
        time.sleep(0.05)
    else:
        process.kill()
        raise AssertionError(f"xtd-rdf preview did not start:\n{log.read_text(encoding='utf-8')}")
    preview = Preview(process, log, found.group(1), Path(found.group(2)))
    try:
        yield preview
    finally:
        if preview.process.poll() is None:
            preview.process.send_signal(signal.SIGINT)  # so it removes its temporary folder
            try:
                preview.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                preview.process.kill()
                preview.process.wait()


class Events:
    """The server-sent events of a preview, read as a browser's EventSource would."""

    def __init__(self, origin: str, timeout: float = 60.0) -> None:
        self.response = urllib.request.urlopen(origin + "/_preview/events", timeout=timeout)

    def next(self) -> tuple[str, dict[str, Any]]:
        """The next event: its name and its JSON data."""
        name, data = "message", ""
        while True:
            line = self.response.readline().decode("utf-8")
            if not line:
                raise AssertionError("the event stream ended")
            line = line.rstrip("\n")
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: "):
                data += line[len("data: ") :]
            elif line == "" and data:
                return name, json.loads(data)

    def close(self) -> None:
        self.response.close()


def files_containing(folder: Path, *needles: str) -> list[str]:
    """Every file below `folder` (any format) whose bytes hold one of the needles."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        content = path.read_bytes()
        if any(needle.encode("utf-8") in content for needle in needles):
            found.append(path.relative_to(folder).as_posix())
    return found
