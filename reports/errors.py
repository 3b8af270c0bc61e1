"""Messages of the reports package, in spaCy's manner (codes E301-E319 added by the metaclass).

E codes are errors (raised as :class:`ReportError`), W codes warnings (logged only).
"""

from __future__ import annotations

from corpus.errors import DebatelensError, ErrorsWithCodes


class ReportError(DebatelensError):
    """A problem of a briefing the user can fix: a templates folder, an output folder, a period."""


class Errors(metaclass=ErrorsWithCodes):
    """Catalogue of ``reports``. Format with ``str.format``; codes are stable, texts may improve."""

    E301 = ("The templates folder {path} does not exist or is not a folder. Give a folder that holds "
            "briefing.html and/or partials (sections/*.html) to override, with --templates DIR.")
    E302 = ("The template {name!r} in {path} cannot be rendered: {reason}. Fix it, or remove it from the "
            "folder to fall back to the shipped one.")
    E303 = "Cannot write the briefing to {path}: {reason}. Check the folder is writable, or pick another with --out."
    E304 = ("The store at {url} holds no dated relevant document, so --all has no period to render. "
            "Run `debatelens crawl` and `debatelens analyze` first.")
    E305 = "Unknown period kind {value!r} for --all. Use week or month."
    W301 = ("The claim {claim_id} of document {document_id} has offsets outside its text ({start}-{end} of "
            "{length} characters); its passage is shown as stored.")
