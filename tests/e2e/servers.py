"""Static servers for the browser tests: Python's, a misconfigured one, and stock nginx."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from serve import make_server, serve_in_thread  # noqa: E402

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STOCK_MIME_TYPES = Path("/etc/nginx/mime.types")


@contextmanager
def python_server(root: Path, types: dict[str, str] | None = None):
    server = make_server(root, port=0, types=types)
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def nginx_server(root: Path):
    """Debian's nginx with its stock mime.types and no site-specific additions."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is not installed: `make test` installs nginx-light")
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(f"""
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include {STOCK_MIME_TYPES};
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp};
    proxy_temp_path {tmp};
    fastcgi_temp_path {tmp};
    uwsgi_temp_path {tmp};
    scgi_temp_path {tmp};
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
""")
        process = subprocess.Popen([NGINX, "-c", str(conf), "-p", tmp],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            _wait_for_port(port, process)
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stdout.read().decode(errors='replace')}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on port {port}")
