"""A real `vetting serve` for the tests: started as the user starts it (a subprocess, --port 0), its
first line read for the link, stopped with Ctrl-C (SIGINT) and its exit code checked."""
from __future__ import annotations

import http.client
import json
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

LINE = "vetting serve: http://127.0.0.1:"


@dataclass
class Served:
    proc: subprocess.Popen
    url: str  # the launch link, with its token
    lines: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.url.split("/?token=")[0]

    @property
    def token(self) -> str:
        return self.url.split("token=")[1]

    @property
    def port(self) -> int:
        return urlsplit(self.url).port

    @property
    def cookie(self) -> str:
        return f"vetting-serve-{self.port}={self.token}"

    def request(self, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None,
                cookie: bool = True, origin: bool = True) -> tuple[int, dict, bytes]:
        host = urlsplit(self.url).hostname
        conn = http.client.HTTPConnection(host, self.port, timeout=60)
        hdrs = {"Host": f"{host}:{self.port}"}
        if cookie:
            hdrs["Cookie"] = self.cookie
        if origin and method not in ("GET", "HEAD"):
            hdrs["Origin"] = self.base
        hdrs.update(headers or {})
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data

    def csrf(self) -> str:
        status, _, page = self.request("GET", "/")
        assert status == 200, page
        text = page.decode()
        start = text.index('name="csrf-token" content="') + len('name="csrf-token" content="')
        return text[start:text.index('"', start)]

    def answers(self, slot: str, pairs: list[tuple[str, str]], lang: str = "en") -> dict:
        body = urlencode(pairs)
        status, _, data = self.request("POST", f"/d/{slot}/answers?lang={lang}", body,
                                       {"Content-Type": "application/x-www-form-urlencoded",
                                        "X-CSRF-Token": self.csrf_token})
        assert status == 200, data
        return json.loads(data)

    csrf_token: str = ""

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe and not pipe.closed:
                self.output += pipe.read()
                pipe.close()
        return self.proc.returncode

    output: str = ""


def start(*args: str, cwd=None, timeout: float = 90) -> Served:
    """``vetting serve --port 0 --no-browser ARGS``; returns once it printed its link."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("VETTING_LANG", None)
    proc = subprocess.Popen([sys.executable, "-m", "vetting.cli", "serve", "--port", "0", "--no-browser", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env, text=True)
    deadline = time.monotonic() + timeout
    lines: list[str] = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 1.0)
        if ready:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if lines[0].startswith("vetting serve:"):
                served = Served(proc, lines[0][len("vetting serve: "):], lines)
                served.csrf_token = served.csrf()
                return served
        elif proc.poll() is not None:
            break
    proc.kill()
    out, err = proc.communicate(timeout=10)
    raise AssertionError(f"vetting serve did not start: {lines} {out} {err}")


def fixture_pairs(data: dict) -> list[tuple[str, str]]:
    """The form answers that say the deal data ``data`` (what a person types and ticks)."""
    from vetting.web import fieldinfo, formdata

    values, _ = formdata.flatten(data)
    pairs: list[tuple[str, str]] = []
    for name, value in values.items():
        spec = fieldinfo.specs()[formdata.pattern_of(name)]
        if spec.kind == "enums":
            pairs += [(name, v) for v in value] if value else [(name, formdata.NONE)]
        elif spec.kind == "records":
            pairs.append((name, value))
        else:
            pairs.append((name, formdata.shown(value, spec)))
    return pairs
