"""A static web server on the loopback interface, for the offline demo and the spider tests.

Serves a folder of saved pages on ``127.0.0.1`` only. Absolute links written for the demo's
fixed origin (:data:`PLACEHOLDER_ORIGIN`) in feeds, sitemaps and pages are rewritten to the
origin actually served, so the sample works on any port. The standard library's
``http.server`` is enough here; it is not meant for the open network.

Run: ``python -m crawler.localsite FOLDER [--port 8765]``.
"""

from __future__ import annotations

import argparse
import functools
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from crawler.errors import CrawlerError, Errors

#: Origin the bundled sample's sitemap and feed are written for.
PLACEHOLDER_ORIGIN = "http://127.0.0.1:8765"
_REWRITE = (".xml", ".html", ".htm", ".txt")


class _Handler(SimpleHTTPRequestHandler):
    origin = PLACEHOLDER_ORIGIN

    def log_message(self, format, *args):  # quiet: the crawler logs what matters
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if self.origin != PLACEHOLDER_ORIGIN and path.is_file() and path.suffix in _REWRITE:
            body = path.read_bytes().replace(PLACEHOLDER_ORIGIN.encode(), self.origin.encode())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


class LoopbackServer:
    """An HTTP server on 127.0.0.1 served from a daemon thread while in a ``with`` block.

    The part that :class:`LocalSite` and the tests' recorded services share (http.server has no
    context-managed threaded server of its own).

    Args:
        handler: a ``BaseHTTPRequestHandler`` class or factory.
        port: the port to bind (0: an ephemeral one).

    Attributes:
        origin: ``http://127.0.0.1:PORT``.

    Raises:
        OSError: when the port cannot be bound (in use).
    """

    def __init__(self, handler, *, port: int = 0) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this server."""
        return f"{self.origin}/{path.lstrip('/')}"


class LocalSite(LoopbackServer):
    """A loopback server for ``folder``, serving in a thread while used as a context manager.

    Args:
        folder (str | Path): the folder of saved pages; URL paths map to files under it.
        port (int): TCP port on 127.0.0.1; 0 (the default) lets the OS choose a free one.

    Attributes:
        origin (str): ``http://127.0.0.1:PORT``, the port actually bound.

    Raises:
        CrawlerError: ``[E204]`` when ``folder`` is not a folder.
        OSError: when the port cannot be bound (in use).
    """

    def __init__(self, folder: str | Path, *, port: int = 0) -> None:
        if not Path(folder).is_dir():
            raise CrawlerError(Errors.E204.format(folder=folder))
        handler = type("Handler", (_Handler,), {})
        super().__init__(functools.partial(handler, directory=str(folder)), port=port)
        handler.origin = self.origin


def main(argv: list[str] | None = None) -> None:
    """Serve ``FOLDER`` on 127.0.0.1 until interrupted (``python -m crawler.localsite``)."""
    parser = argparse.ArgumentParser(description="Serve a folder on 127.0.0.1 (loopback only).")
    parser.add_argument("folder")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    site = LocalSite(args.folder, port=args.port)
    print(f"serving {args.folder} at {site.origin}", flush=True)
    try:
        site.server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
