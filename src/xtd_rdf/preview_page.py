"""The few lines of JavaScript that only `xtd-rdf preview` adds to the pages it serves.

The script is spliced into HTML responses on their way out (an ASGI middleware); it is never
written into the output folder, so a published site holds no trace of it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

EVENTS_PATH = "/_preview/events"
MARKER = "xtd-preview"  # the id of the injected script: tests look for it in the output (never there)

# Reload when the server serves another output than the one this page came from (a newer export, or
# a preview started again); otherwise
# show the diagnostics of the last export in a banner the reader can dismiss (until the next save).
SCRIPT = """<script id="xtd-preview">
(() => {
  const loaded = __VERSION__, key = "xtd-preview-dismissed";
  const events = new EventSource("__EVENTS__");
  const banner = data => {
    document.getElementById("xtd-preview-banner")?.remove();
    if (!data.diagnostics.length || sessionStorage.getItem(key) === data.version + "/" + data.attempt) return;
    const box = document.createElement("div");
    box.id = "xtd-preview-banner";
    box.setAttribute("role", "status");
    box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:40vh;" +
      "overflow:auto;padding:.5rem 2.5rem .5rem 1rem;font:14px/1.4 sans-serif;color:#111;" +
      "background:" + (data.ok ? "#fff4c2" : "#ffd9d9") + ";border-bottom:2px solid #a60";
    const title = document.createElement("strong");
    title.textContent = data.message;
    const list = document.createElement("ul");
    list.style.cssText = "margin:.3rem 0;padding-left:1.2rem;font-family:monospace";
    for (const text of data.diagnostics) {
      list.append(Object.assign(document.createElement("li"), {textContent: text}));
    }
    const close = Object.assign(document.createElement("button"), {type: "button", textContent: "\\u00d7"});
    close.setAttribute("aria-label", "Dismiss");
    close.style.cssText = "position:absolute;top:.3rem;right:.6rem;font-size:1.2rem;cursor:pointer";
    close.onclick = () => { sessionStorage.setItem(key, data.version + "/" + data.attempt); box.remove(); };
    box.append(title, list, close);
    document.body.append(box);
  };
  const update = event => {
    const data = JSON.parse(event.data);
    if (data.version !== loaded) location.reload(); else banner(data);
  };
  events.addEventListener("reload", update);
  events.addEventListener("status", update);
})();
</script>
"""

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def script(version: str) -> bytes:
    """The preview script for a page of the output `version` (the preview's run and export)."""
    text = SCRIPT.replace("__VERSION__", json.dumps(version)).replace("__EVENTS__", EVENTS_PATH)
    return text.encode("utf-8")


def inject(page: bytes, version: str) -> bytes:
    """The page with the preview script before its last `</body>`, or at its end when it has none."""
    matches = list(_BODY_END.finditer(page))
    at = matches[-1].start() if matches else len(page)
    return page[:at] + script(version) + page[at:]


class InjectScript:
    """ASGI middleware: HTML responses to GET get the preview script; everything else passes through."""

    def __init__(self, app: ASGIApp, version: Callable[[], str]) -> None:
        self.app, self.version = app, version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if not _is_html(message):
                    await send(message)
                    return
                start = message
            elif start is None:
                await send(message)
            else:
                body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await _send_page(send, start, inject(b"".join(body), self.version()))

        await self.app(scope, receive, capture)


def _is_html(start: Message) -> bool:
    headers = dict(start.get("headers", []))
    return headers.get(b"content-type", b"").startswith(b"text/html")


_DROPPED = (b"content-length", b"etag", b"last-modified")  # the page changed: no stale 304


async def _send_page(send: Send, start: Message, page: bytes) -> None:
    headers = [(k, v) for k, v in start.get("headers", []) if k not in _DROPPED]
    headers += [(b"content-length", str(len(page)).encode()), (b"cache-control", b"no-store")]
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": page, "more_body": False})
