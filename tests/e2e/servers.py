"""Static servers for the browser tests: Python's, a misconfigured one, and stock nginx
(scripts/serve.py has them all, for the tests and the benchmark alike)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from serve import make_server, nginx_server, serve_in_thread  # noqa: E402, F401


@contextmanager
def python_server(root: Path, types: dict[str, str] | None = None):
    server = make_server(root, port=0, types=types)
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
