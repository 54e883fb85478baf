"""Starting ``vetting serve``: bind the socket (port 0: a free one), load the deals given, print the
launch link, open the browser, serve until Ctrl-C (KeyboardInterrupt reaches the CLI: exit 130)."""
from __future__ import annotations

import datetime as dt
import socket
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from ..io.errors import VettingError, said
from ..model.loading import load_deals
from ..engine.ruleset import get_ruleset
from . import app as webapp
from .assessing import Settings
from .security import LOCAL_NAMES, host_name, host_port
from .store import deal_data
from .worker import EngineWorker
import uvicorn


@dataclass(frozen=True)
class Launch:
    deals: tuple[str, ...] = ()
    port: int = 8765
    host: str = "127.0.0.1"
    allow_hosts: tuple[str, ...] = ()
    lang: str = "en"
    data_dir: str = "vetting-deals"
    today: dt.date | None = None
    rules: tuple[str, ...] = ()
    rates: str | None = None
    browser: bool = True


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:  # the port is taken, or the address is not this machine's
        sock.close()
        raise VettingError(said("cannot_listen", host=host, port=port, reason=e.strerror or str(e))) from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def link(host: str, port: int, token: str) -> str:
    shown = "127.0.0.1" if host in ("127.0.0.1", "0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/?token={token}"


def prepare(launch: Launch, worker: EngineWorker) -> tuple[webapp.Config, list]:
    """Check everything the CLI would (rule packs, rate table, the deal files) before serving."""
    for given in launch.allow_hosts:
        if not host_name(given) or host_port(given) == -1 or host_port(given) == 0:
            raise VettingError(said("bad_allow_host", value=given))
    worker.submit(get_ruleset, launch.rules, launch.rates).result()  # compiled on the worker, which owns it
    loaded = load_deals(launch.deals) if launch.deals else []
    config = webapp.Config(data_dir=Path(launch.data_dir), lang=launch.lang,
                           settings=Settings(launch.rules, launch.today, launch.rates),
                           allowed_hosts=tuple(launch.allow_hosts),
                           local_hosts=(launch.host,) if launch.host not in ("0.0.0.0", "::") else ())
    return config, loaded


def run(launch: Launch, announce, warn) -> None:
    worker = EngineWorker()
    try:
        config, loaded = prepare(launch, worker)
        sock = bind(launch.host, launch.port)
        config.port = sock.getsockname()[1]
        app, server = webapp.create_app(config, worker)
        first = None
        for item in loaded:
            entry = server.store.add(deal_data(item.deal), origin=Path(item.source))
            first = first or entry
        url = link(launch.host, config.port, config.token)
        announce(f"vetting serve: {url}")
        if launch.host not in LOCAL_NAMES:
            warn("cli.serve_exposed", host=launch.host)
        if first is not None:
            url = url.replace("/?token=", f"/d/{first.slot}?token=")
            announce(f"vetting serve: {url}")
        if launch.browser:
            webbrowser.open(url)
        uv = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
        uv.run(sockets=[sock])
    finally:
        worker.stop()
