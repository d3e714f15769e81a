"""A shaped link for the benchmark: a TCP proxy in front of a local server.

One token bucket is shared by every connection, as one access link is (a rate
limit per connection is not a link: a browser opens six), and every request
waits a fixed round trip before the server sees it (plus one more for a new
connection's handshake). DevTools throttling does not reliably cover a worker's
requests; this does, because the browser only ever talks to the proxy.

    with ShapingProxy(upstream_port, mbit=10, rtt_ms=40) as proxy:
        page.goto(f"http://127.0.0.1:{proxy.port}/calculator/")
        proxy.sent   # bytes the server sent down the link (headers and bodies as sent)

Traffic stays on 127.0.0.1; the proxy stops with its `with` block.
"""

from __future__ import annotations

import asyncio
import threading
import time

CHUNK = 16 * 1024


class Link:
    """Serialises every downstream chunk through one rate: each waits its turn."""

    def __init__(self, mbit: float):
        self.rate = mbit * 1e6 / 8   # bytes per second
        self.free_at = 0.0

    async def pass_through(self, size: int) -> None:
        now = time.monotonic()
        start = max(now, self.free_at)
        self.free_at = start + size / self.rate
        await asyncio.sleep(self.free_at - now)


class ShapingProxy:
    def __init__(self, upstream_port: int, *, mbit: float, rtt_ms: float, refuse: tuple[str, ...] = ()):
        self.upstream_port = upstream_port
        self.mbit = mbit
        self.rtt = rtt_ms / 1000
        self.refuse = refuse     # path endings answered 404 (to measure a design without a file)
        self.sent = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="shaping-proxy", daemon=True)

    def __enter__(self) -> "ShapingProxy":
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc) -> None:
        async def stop():
            self._server.close()
            for task in [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
                task.cancel()
        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def reset(self, mbit: float | None = None) -> None:
        """Count from zero again, at a new rate if given."""
        self.mbit = mbit or self.mbit
        self.sent = 0
        self._link = Link(self.mbit)

    async def _start(self):
        self._link = Link(self.mbit)
        return await asyncio.start_server(self._connection, "127.0.0.1", 0)

    async def _connection(self, client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.sleep(self.rtt)   # the TCP handshake
        down = asyncio.ensure_future(self._downstream(server_reader, client_writer))
        try:
            while data := await client_reader.read(CHUNK):
                # A request reaches the server half a round trip later, and its
                # answer comes back half a round trip after that: one round trip
                # per request, taken here.
                await asyncio.sleep(self.rtt)
                if self.refuse and self._refused(data):
                    body = b"refused by the benchmark"
                    client_writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                    continue
                server_writer.write(data)
                await server_writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            down.cancel()
            for writer in (server_writer, client_writer):
                writer.close()

    def _refused(self, request: bytes) -> bool:
        line = request.split(b"\r\n", 1)[0].decode("latin-1")
        parts = line.split(" ")
        return len(parts) >= 2 and parts[1].split("?")[0].endswith(self.refuse)

    async def _downstream(self, server_reader, client_writer):
        link = self._link
        try:
            while data := await server_reader.read(CHUNK):
                await (self._link if self._link is not None else link).pass_through(len(data))
                self.sent += len(data)
                client_writer.write(data)
                await client_writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            client_writer.close()
