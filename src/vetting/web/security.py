"""The server's guard, one ASGI layer in front of every route (after Jupyter and Datasette):

- the Host header must name this machine (127.0.0.1, localhost, [::1], the ``--host`` address) at the
  port the server listens on, or a name given with ``--allow-host`` (at that port, at the port the
  name was given with, or without a port: a reverse proxy's default port), else 400: a DNS-rebinding
  page cannot talk to the server, nor a page served from another port of this machine;
- the launch token (``/?token=…``) is exchanged for a cookie named after the port (cookies are not
  separated by port), ``HttpOnly; SameSite=Strict``; every request needs that cookie, compared in
  constant time, else 403;
- a request that changes something (any method but GET and HEAD) must come from the page itself: its
  Origin header names this server, else 403 (the routes check the CSRF token too);
- a request body larger than ``max_body`` is refused with 413, whatever Content-Length says;
- every response says: scripts only from this server, no framing, no referrer (the token is in the URL);
  a page vetting renders as a standalone document (the comparison) sets its own, stricter policy:
  no script at all, its own inline style only.
"""
from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit
from .pages import both

LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD"})
HEADERS = [
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


def host_name(host: str) -> str:
    """The name in a Host header (or an Origin's netloc), without the port; IPv6 without brackets."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_port(host: str) -> int | None:
    """The port in a Host header: None when it names none, -1 when what follows the name is not a port."""
    host = host.strip()
    if host.startswith("["):
        tail = host[host.find("]") + 1:] if "]" in host else "?"
    else:
        tail = ":" + host.rsplit(":", 1)[1] if host.count(":") == 1 else ""
    if not tail:
        return None
    digits = tail[1:] if tail.startswith(":") else ""
    return int(digits) if digits.isascii() and digits.isdigit() and int(digits) < 65536 else -1


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


class BodyTooLarge(Exception):
    pass


class Guard:
    """ASGI middleware enforcing the rules above for the app it wraps."""

    def __init__(self, app, *, token: str, port: int, allowed_hosts=(), local_hosts=(),
                 max_body: int = 6 * 1024 * 1024):
        self.app = app
        self.token = token
        self.port = port
        self.cookie = f"vetting-serve-{port}"
        self.local = LOCAL_NAMES | {host_name(h) for h in local_hosts if h}
        self.named: dict[str, set] = {}  # --allow-host name -> the ports it may come with
        for given in filter(None, allowed_hosts):
            named = host_port(given)
            ports = {port, None} if named is None else {named} if named > 0 else set()
            self.named.setdefault(host_name(given), set()).update(ports)
        self.max_body = max_body

    def host_ok(self, host: str) -> bool:
        """The Host header names this server: a local name at its port, or an --allow-host name."""
        name, port = host_name(host), host_port(host)
        return (name in self.local and (80 if port is None else port) == self.port) or port in self.named.get(name, ())

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        send = self._with_headers(send)
        host = headers.get("host", "")
        if not self.host_ok(host):
            return await _plain(send, 400, "host")
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if not self._has_cookie(headers.get("cookie", "")):
            given = (query.get("token") or [""])[0]
            if scope["method"] == "GET" and given and same(given, self.token):
                return await self._let_in(scope, send)
            return await _plain(send, 403, "token")
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin", "")
            if not origin or urlsplit(origin).netloc.lower() != host.strip().lower():
                return await _plain(send, 403, "origin")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return await _plain(send, 413, "too_large")
        try:
            await self.app(scope, self._limited(receive), send)
        except BodyTooLarge:
            await _plain(send, 413, "too_large")

    def _has_cookie(self, header: str) -> bool:
        try:
            cookie = SimpleCookie(header)
        except Exception:
            return False
        morsel = cookie.get(self.cookie)
        return morsel is not None and same(morsel.value, self.token)

    async def _let_in(self, scope, send):
        """The launch link: set the cookie and drop the token from the address bar."""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        lang = (query.get("lang") or [""])[0]
        target = scope.get("path", "/") + (f"?lang={lang}" if lang in ("en", "zh") else "")
        cookie = f"{self.cookie}={self.token}; HttpOnly; SameSite=Strict; Path=/"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", target.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1")),
                                (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})

    def _limited(self, receive):
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge()
            return message
        return limited

    @staticmethod
    def _with_headers(send):
        started = False

        async def sending(message):
            nonlocal started
            if message["type"] == "http.response.start":
                if started:  # a response had begun when the body turned out too large: nothing more to say
                    return
                started = True
                message = dict(message)
                own = {k.lower() for k, _ in message.get("headers", [])}  # a route may set a stricter policy
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in own]
            await send(message)
        return sending


async def _plain(send, status: int, key: str) -> None:
    """A refusal in both languages (it comes before the page's language is known)."""

    body = both(f"guard.{key}").encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
