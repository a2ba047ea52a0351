"""A fault-injecting HTTP proxy in front of Letta, and a server that is not Letta, for the
migration's error tests. Both listen on 127.0.0.1 on a free port and stop when closed."""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.request


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        with server.lock:  # type: ignore[attr-defined]
            server.in_flight += 1  # type: ignore[attr-defined]
            server.most_in_flight = max(server.most_in_flight, server.in_flight)  # type: ignore[attr-defined]
            server.lock.notify_all()  # type: ignore[attr-defined]
            # Held until `gather` requests are here together (or `delay` passed), so requests the
            # client sends together always meet, whatever the machine's scheduling.
            server.lock.wait_for(  # type: ignore[attr-defined]
                lambda: server.in_flight >= server.gather, timeout=server.delay)  # type: ignore[attr-defined]
        try:
            status, body = self._answer()
        finally:
            # Counted out before the answer is sent: once the client has it, it may send its next
            # request at once, which must not meet this one here.
            with server.lock:  # type: ignore[attr-defined]
                server.in_flight -= 1  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer(self) -> tuple[int, bytes]:
        fault = self.server.fault  # type: ignore[attr-defined]
        if fault and fault[0](self.path):
            return fault[1], fault[2]
        request = urllib.request.Request(self.server.upstream + self.path,  # type: ignore[attr-defined]
                                         headers={k: v for k, v in self.headers.items() if k.lower() != "host"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


class Proxy:
    """Forwards GETs to `upstream`; requests for which `matches(path)` holds get `status`/`body`.
    `most_in_flight` is the largest number of requests it answered at the same time. `delay`
    (seconds) holds every request first until `gather` requests are held together or that long
    has passed, so a client's concurrent requests overlap here however fast the upstream answers
    and however the client's requests are scheduled."""

    def __init__(self, upstream: str, matches=None, status: int = 500, body: bytes = b'{"detail":"boom"}',
                 delay: float = 0.0, gather: int = 1_000_000):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.upstream = upstream.rstrip("/")  # type: ignore[attr-defined]
        self.server.fault = (matches, status, body) if matches else None  # type: ignore[attr-defined]
        self.server.lock = threading.Condition()  # type: ignore[attr-defined]
        self.server.gather = gather  # type: ignore[attr-defined]
        self.server.in_flight = 0  # type: ignore[attr-defined]
        self.server.most_in_flight = 0  # type: ignore[attr-defined]
        self.server.delay = delay  # type: ignore[attr-defined]
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def most_in_flight(self) -> int:
        return self.server.most_in_flight  # type: ignore[attr-defined]

    def __enter__(self) -> "Proxy":
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


class NotLetta:
    """Python's plain file server: answers 404 pages in HTML, like any non-Letta web server."""

    def __init__(self, directory: str):
        handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=directory, **k)  # noqa: E731
        http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "NotLetta":
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)
