"""Static servers for the browser tests: Python's, a misconfigured one, and stock nginx
(scripts/serve.py has them all, for the tests and the benchmark alike)."""

from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from serve import make_server, nginx_server, serve_in_thread  # noqa: E402, F401


@contextmanager
def python_server(root: Path, types: dict[str, str] | None = None):
    with recording_server(root, types) as (url, _log, _stop):
        yield url


@contextmanager
def recording_server(root: Path, types: dict[str, str] | None = None):
    """A Python server that notes every request it answers, as (path, status), and can be
    stopped early, to take a site off the network: (url, log, stop)."""
    server = make_server(root, port=0, types=types)
    log: list[tuple[str, int]] = []

    handler = server.RequestHandlerClass     # functools.partial(handler class, directory=...)

    class Recording(handler.func):
        def log_request(self, code="-", size="-"):
            log.append((self.path, code if isinstance(code, int) else 0))

    server.RequestHandlerClass = functools.partial(Recording, *handler.args, **handler.keywords)
    serve_in_thread(server)
    stopped = False

    def stop():
        nonlocal stopped
        if not stopped:
            stopped = True
            server.shutdown()
            server.server_close()

    try:
        yield f"http://127.0.0.1:{server.server_port}/", log, stop
    finally:
        stop()
