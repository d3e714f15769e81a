"""Serve a built site folder over HTTP, the way any static host would.

Python's `mimetypes` reads the machine's /etc/mime.types, which may lack
`.wasm`; browsers only stream-compile WebAssembly sent as `application/wasm`,
so the types the site relies on are registered explicitly.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
import functools
import mimetypes
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE_TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/octet-stream",
    ".zip": "application/zip",
    ".woff2": "font/woff2",
}


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **SITE_TYPES}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if getattr(self.server, "verbose", True):
            super().log_message(format, *args)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 0, *,
                types: dict[str, str] | None = None, verbose: bool = False) -> ThreadingHTTPServer:
    """A threaded static server for `root`; port 0 picks a free port."""
    for ext, mime in SITE_TYPES.items():
        mimetypes.add_type(mime, ext)
    handler = type("Handler", (SiteHandler,), {
        "extensions_map": {**SiteHandler.extensions_map, **(types or {})},
    })
    server = ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(root)))
    server.verbose = verbose
    server.daemon_threads = True
    return server


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    return thread


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STOCK_MIME_TYPES = Path("/etc/nginx/mime.types")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# gzip as a host would set it (nginx's default level, 1): the README's types, and
# wasm and zip for the stock Pyodide the benchmark compares with.
GZIP = """
    gzip on;
    gzip_types application/wasm application/json application/javascript text/javascript text/css application/zip;
"""


@contextmanager
def nginx_server(root: Path, *, gzip: bool = False, types: dict[str, str] | None = None):
    """Debian's nginx with its stock mime.types and no site-specific additions;
    `gzip` adds the README's two lines, `types` maps more extensions."""
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
    {GZIP if gzip else ""}
    {"types { " + " ".join(f"{mime} {ext.lstrip('.')};" for ext, mime in types.items()) + " }" if types else ""}
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    if not (args.root / "index.html").is_file():
        parser.error(f"{args.root}/index.html not found: run `make site` first")
    server = make_server(args.root, args.host, args.port, verbose=True)
    print(f"Serving {args.root}/ at http://{args.host}:{server.server_port}/  (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
