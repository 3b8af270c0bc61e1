"""One error pattern across packages: every catalogue uses the shared metaclass, codes are unique
across the project, E codes are errors and W codes warnings, every user error is caught by the CLI."""

from __future__ import annotations

import re

from analysis.errors import AnalysisError
from analysis.errors import Errors as AnalysisErrors
from corpus.errors import CorpusError, DebatelensError, ErrorsWithCodes, NotInstalled
from corpus.errors import Errors as CorpusErrors
from crawler.errors import CrawlerError
from crawler.errors import Errors as CrawlerErrors
from crawler.errors import Warnings as CrawlerWarnings
from reports.errors import Errors as ReportErrors
from reports.errors import ReportError

CATALOGUES = [CorpusErrors, AnalysisErrors, CrawlerErrors, CrawlerWarnings, ReportErrors]


def _codes(catalogue) -> list[str]:
    return [name for name in vars(catalogue) if re.fullmatch(r"[EW]\d{3}", name)]


def test_every_catalogue_adds_its_codes_through_the_shared_metaclass():
    for catalogue in CATALOGUES:
        assert type(catalogue) is ErrorsWithCodes
        for code in _codes(catalogue):
            assert getattr(catalogue, code).startswith(f"[{code}] ")


def test_codes_are_unique_across_the_project():
    seen: dict[str, str] = {}
    for catalogue in CATALOGUES:
        for code in _codes(catalogue):
            assert code not in seen, f"{code} is in {seen.get(code)} and {catalogue.__module__}"
            seen[code] = catalogue.__module__
    assert len(seen) >= 20


def test_warnings_catalogues_hold_w_codes_only():
    assert all(code.startswith("W") for code in _codes(CrawlerWarnings))


def test_every_user_error_is_a_debatelens_error():
    for cls in (CorpusError, AnalysisError, CrawlerError, ReportError, NotInstalled):
        assert issubclass(cls, DebatelensError)
    assert issubclass(NotInstalled, ImportError)  # still an ImportError for library callers
