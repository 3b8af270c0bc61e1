"""A live progress line for the crawl and the extraction pass (rich), quiet when not a terminal.

One line on stderr, redrawn four times a second from the counts the stages keep anyway:
``crawl #12  fetched 840  kept 96  dropped 210  failed 3  pending 31  41.2 pages/s``. It is shown
only when stderr is a terminal and ``--quiet`` is not given, and it is erased when the stage
ends (the command prints its closing summary line instead), so logs and pipes never see it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping


def _dropped(c: Mapping[str, int]) -> int:
    """Pages fetched but not stored: duplicates and home pages (decisions, not failures)."""
    return c.get("duplicate", 0) + c.get("home_page", 0)


def describe(label: str, counts: Mapping[str, int], seconds: float) -> str:
    """The progress line's text for ``counts`` after ``seconds`` (pages/s over extracted pages;
    ``fetched`` shown when the counts have it)."""
    parts = [label]
    if "fetched" in counts:
        parts.append(f"fetched {counts['fetched']:,}")
    parts += [f"kept {counts.get('kept', 0):,}", f"dropped {_dropped(counts):,}",
              f"failed {counts.get('failed', 0):,}"]
    if counts.get("pending"):
        parts.append(f"pending {counts['pending']:,}")
    done = counts.get("fetched", counts.get("pages", 0))
    parts.append(f"{done / seconds if seconds > 0 else 0.0:.1f} pages/s")
    return "  ".join(parts)


class ProgressLine:
    """A live line on stderr showing ``read()``'s counts while the block runs.

    Args:
        label (str): what runs (``"crawl #12"``).
        read (callable): returns the current counts (``fetched``, ``kept``, ``duplicate``,
            ``home_page``, ``failed``, ``pending``, ``pages``); called from rich's refresh thread.
        enabled (bool | None): force it on or off; ``None`` (default): on when stderr is a
            terminal.
    """

    def __init__(self, label: str, read: Callable[[], Mapping[str, int]], *, enabled: bool | None = None) -> None:
        self.label, self.read, self.enabled = label, read, enabled
        self.live = None

    def __enter__(self) -> ProgressLine:
        from rich.console import Console
        from rich.live import Live

        console = Console(stderr=True)
        if self.enabled is False or (self.enabled is None and not console.is_terminal):
            return self
        self.started = time.monotonic()
        self.live = Live(get_renderable=self._render, console=console, refresh_per_second=4, transient=True,
                         redirect_stdout=False, redirect_stderr=False)
        self.live.start()
        return self

    def _render(self):
        from rich.text import Text

        try:
            counts = dict(self.read())
        except Exception:  # noqa: BLE001 - a count read mid-update must not kill the display
            counts = {}
        return Text(describe(self.label, counts, time.monotonic() - self.started), style="bold")

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.stop()
