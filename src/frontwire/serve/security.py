"""ASGI middleware that makes the workbench safe by default: bounded request bodies, strict security
headers (a CSP without any remote source, since the page ships everything it needs) and a Host check
that stops DNS-rebinding pages from reading a loopback server through the victim's browser.

Plain ASGI middleware (not ``BaseHTTPMiddleware``): cheap, and it can answer before the app runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
)


async def _send_json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Reject a declared Content-Length over ``max_bytes`` with 413 and a message, before anything
    is read. Bodies without a length (chunked) are capped by Starlette's body limiter."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", []):
                if name != b"content-length":
                    continue
                if not value.isdigit():
                    await _send_json(send, 400, "Content-Length is not a number")
                    return
                if int(value) > self.max_bytes:
                    await _send_json(
                        send, 413, f"request body too large: the limit is {self.max_bytes} bytes"
                    )
                    return
        await self.app(scope, receive, send)


class SecurityHeadersMiddleware:
    """Add the security headers to every response; API responses are also marked uncacheable."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope.get("path", "").startswith("/api/")

        async def with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                present = {k.lower() for k, _v in msg.get("headers", [])}
                headers = list(msg.get("headers", []))
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if is_api and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                msg = {**msg, "headers": headers}
            await send(msg)

        await self.app(scope, receive, with_headers)


class HostCheckMiddleware:
    """Answer 400 unless the Host header names this server (blocks DNS rebinding)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        host = ""
        for name, value in scope.get("headers", []):
            if name == b"host":
                host = value.decode("latin-1").lower()
                break
        name = host[: host.find("]") + 1] if host.startswith("[") else host.split(":", 1)[0]
        if name not in self.allowed:
            await _send_json(
                send, 400, f"Host {host!r} is not served here; use one of {sorted(self.allowed)}"
            )
            return
        await self.app(scope, receive, send)
