"""A small client of the Chrome DevTools Protocol over a websocket, to open briefings in the
system's headless Chromium (Debian's ``chromium``) as a reader would, for the browser tests.

Written here rather than with Playwright: Playwright's Python package drives browsers it downloads
itself, and its protocol version must match; the DevTools protocol is what Chromium speaks
natively, and a dozen commands over one websocket (``websockets``' synchronous client) are all a
test needs. Chromium is started with every background service off and a host resolver that
resolves nothing but loopback, so it sends nothing off the machine whatever a page holds.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

#: Chromium switches: headless, no sandbox (CI runs as root), nothing in the background.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
         "--disable-extensions", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-default-apps", "--disable-domain-reliability", "--no-pings",
         "--disable-client-side-phishing-detection", "--metrics-recording-only", "--mute-audio",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--hide-scrollbars")


def find_chromium() -> str | None:
    """The path of the system's Chromium, or ``None``."""
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


class Browser:
    """One headless Chromium and one page in it, driven over the DevTools protocol.

    Use as a context manager. ``events`` keeps every protocol event received (method, params).

    Raises:
        RuntimeError: Chromium did not start within ``timeout`` seconds, or a command failed.
    """

    def __init__(self, binary: str, *, timeout: float = 30.0) -> None:
        from websockets.sync.client import connect

        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="debatelens-chromium-")
        self._proc = subprocess.Popen([binary, *FLAGS, "--remote-debugging-port=0", f"--user-data-dir={self._profile}",
                                       "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url, deadline = None, time.monotonic() + timeout
        while url is None and time.monotonic() < deadline:
            line = self._proc.stderr.readline()
            if not line and self._proc.poll() is not None:
                break
            if m := re.search(r"DevTools listening on (ws://\S+)", line):
                url = m.group(1)
        if url is None:
            self.close()
            raise RuntimeError("chromium did not start (no DevTools address on its stderr)")
        self._stack = ExitStack()
        self._ws = self._stack.enter_context(connect(url, max_size=None, open_timeout=timeout))
        self._ids = itertools.count(1)
        self.events: list[tuple[str, dict[str, Any]]] = []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop Chromium (the process this object started) and remove its profile."""
        if getattr(self, "_stack", None) is not None:
            self._stack.close()
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        shutil.rmtree(self._profile, ignore_errors=True)

    def send(self, method: str, *, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and return its result; events received meanwhile go to ``events``."""
        msg_id = next(self._ids)
        message = {"id": msg_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._ws.send(json.dumps(message))
        deadline = time.monotonic() + self.timeout
        while True:
            reply = json.loads(self._ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._event(reply)

    def _event(self, reply: dict[str, Any]) -> None:
        self.events.append((reply["method"], reply.get("params", {})))
        if reply["method"] == "Page.javascriptDialogOpening":  # a page that runs script: answer, keep the record
            self._ws.send(json.dumps({"id": next(self._ids), "sessionId": self._session,
                                      "method": "Page.handleJavaScriptDialog", "params": {"accept": False}}))

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the page's session."""
        return self.send(method, session=self._session, **params)

    def wait_for(self, method: str, *, after: int = 0) -> dict[str, Any]:
        """The first event ``method`` at or after index ``after`` of ``events`` (waits for it)."""
        deadline = time.monotonic() + self.timeout
        while True:
            for name, params in self.events[after:]:
                if name == method:
                    return params
            if time.monotonic() > deadline:
                raise RuntimeError(f"no {method} within {self.timeout}s")
            reply = json.loads(self._ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if "method" in reply:
                self._event(reply)

    def open(self, path: Path, *, width: int, height: int = 900) -> None:
        """Load a file at a viewport ``width`` x ``height`` CSS pixels (a phone below 600 px)."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=width < 600)
        mark = len(self.events)
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired", after=mark)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (returned by value)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluate: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        """A PNG of the whole page."""
        return base64.b64decode(self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"])

    def pdf(self) -> bytes:
        """The page printed to PDF with its own print stylesheet (``@page`` size and margins)."""
        return base64.b64decode(self.call("Page.printToPDF", printBackground=True, preferCSSPageSize=True)["data"])

    def requests(self) -> list[str]:
        """URLs of every request the page made (the document itself included)."""
        return [p["request"]["url"] for name, p in self.events if name == "Network.requestWillBeSent"]

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions, error log entries and dialogs the page opened."""
        out = []
        for name, p in self.events:
            if name == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"]))
            elif name == "Runtime.exceptionThrown":
                out.append("exception: " + p["exceptionDetails"].get("text", ""))
            elif name == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append("log: " + p["entry"].get("text", ""))
            elif name == "Page.javascriptDialogOpening":
                out.append("dialog: " + p.get("message", ""))
        return out
