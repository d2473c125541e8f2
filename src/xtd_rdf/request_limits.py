"""Size limits on every request the server reads, checked before any route sees it.

uvicorn's h11 parser accepts request lines and headers of any size once they arrive in one piece, and
starlette reads a body whole: without these caps one request could make the server hold megabytes, or
hand a worker a query so large it dies. Refusals are cheap and say which limit was hit.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True)
class RequestLimits:
    """Bytes at most in the request target (path and query string), in all headers, and in the body."""

    target: int = 8 * 1024
    headers: int = 16 * 1024
    body: int = 256 * 1024


class BodyTooLarge(Exception):
    """The body went past its limit while being read (a chunked body or a lying Content-Length)."""


class LimitRequests:
    """ASGI middleware: 414 for a long target, 431 for large headers, 413 for a large body."""

    def __init__(self, app: ASGIApp, limits: RequestLimits = RequestLimits()) -> None:
        self.app, self.limits = app, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, self._counting(receive), sending)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(self.limits.body)(scope, receive, send)

    def _refusal(self, scope: Scope) -> PlainTextResponse | None:
        target = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if target > self.limits.target:
            message = f"request target of {target} bytes refused: the limit is {self.limits.target}"
            return PlainTextResponse(message, status_code=414)
        headers = sum(len(name) + len(value) + 4 for name, value in scope["headers"])
        if headers > self.limits.headers:
            message = f"request headers of {headers} bytes refused: the limit is {self.limits.headers}"
            return PlainTextResponse(message, status_code=431)
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit():
            return PlainTextResponse("the Content-Length header is not a number", status_code=400)
        if int(length) > self.limits.body:
            return _too_large(self.limits.body)
        return None

    def _counting(self, receive: Receive) -> Receive:
        read = 0

        async def counted() -> Message:
            nonlocal read
            message = await receive()
            read += len(message.get("body", b""))
            if read > self.limits.body:
                raise BodyTooLarge
            return message

        return counted


def _too_large(limit: int) -> PlainTextResponse:
    return PlainTextResponse(f"request body refused: the limit is {limit} bytes", status_code=413)
