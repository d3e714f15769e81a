"""Serve a built site folder over HTTP, the way any static host would.

Python's `mimetypes` reads the machine's /etc/mime.types, which may lack
`.wasm`; browsers only stream-compile WebAssembly sent as `application/wasm`,
so the types the site relies on are registered explicitly.
"""

from __future__ import annotations

import argparse
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
