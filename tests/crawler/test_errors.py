"""``crawler.errors``: codes added to messages, and one catalogue of every crawl reason.

The catalogue test reads the source of the crawler package and of the command line: a reason
code written anywhere as a literal (``reason="..."``, ``Rejection(url, "...", ...)``,
``PageDropped(url, "...", ...)``, ``FailedPage(url, "...")``) or as ``Reasons.NAME`` must be in
:class:`crawler.errors.Reasons`, with a hint.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from crawler import errors
from crawler.errors import Errors, Reason, Reasons, Warnings
from crawler.extraction import Rejection, extract

ROOT = Path(__file__).resolve().parents[2]
#: Where reasons are given: the crawler package and the command line that prints them.
SOURCES = sorted((ROOT / "crawler").rglob("*.py")) + [ROOT / "debatelens" / "cli.py"]
#: Calls whose second positional argument is a reason code.
REASON_CALLS = {"Rejection", "PageDropped", "FailedPage"}


def _messages(catalogue) -> dict[str, str]:
    return {k: getattr(catalogue, k) for k in vars(catalogue) if not k.startswith("_")}


def test_codes_are_added_to_messages():
    assert Errors.E201.startswith("[E201] html must be str or bytes")
    assert Warnings.W201.startswith("[W201] sitemap ")
    assert Errors.__name__ == "Errors"  # dunder names are left alone


@pytest.mark.parametrize(("catalogue", "letter"), [(Errors, "E"), (Warnings, "W")])
def test_error_codes_are_e_and_warning_codes_w(catalogue, letter):
    messages = _messages(catalogue)
    assert messages
    for code, message in messages.items():
        assert code[0] == letter and code[1:].isdigit() and len(code) == 4, code
        assert message.startswith(f"[{code}] ") and message.rstrip().endswith((".", ")")), code


def test_reason_codes_are_unique_and_every_reason_has_a_text_and_a_hint():
    reasons = Reasons.all()
    assert len({r.code for r in reasons}) == len(reasons)
    for reason in reasons:
        assert reason.text and reason.hint.endswith("."), reason.code
        assert reason.hint[0].isupper() or reason.hint[0].isdigit(), reason.code
        filled = {name: "x" for name in reason.fields}
        described = reason.describe(**filled)
        assert described == f"{reason.format(**filled)} \u2014 {reason.hint}" and "\n" not in described


def test_code_families_and_lookup():
    assert Reasons.HTTP.code_for(status=404) == "http-404"
    assert Reasons.get("http-503") is Reasons.HTTP
    assert Reasons.get("http-") is None and Reasons.get("no-such-reason") is None
    assert Reasons.get("too-short") is Reasons.TOO_SHORT


def test_only_decisions_are_not_failures():
    assert errors.NOT_FAILURES == {"home-page", "duplicate"}
    assert Rejection("u", "home-page", "").failure is False and Rejection("u", "empty", "").failure is True


def test_names_kept_for_older_callers():
    assert errors.NOT_HTML == "not-html" and errors.REJECTIONS["too-short"] is Reasons.TOO_SHORT
    assert errors.Message is Reason


def test_a_rejection_shows_its_hint():
    result = extract(b"%PDF-1.7", "https://files.example/report.pdf")
    assert result.detail.endswith(Reasons.NOT_HTML.hint)


def _reasons_in(path: Path) -> list[tuple[int, str]]:
    """``(line, code)`` of every reason given in ``path``; ``Reasons.NAME`` as ``"Reasons.NAME"``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Reasons":
            found.append((node.lineno, f"Reasons.{node.attr}"))
        if not isinstance(node, ast.Call):
            continue
        values = [k.value for k in node.keywords if k.arg == "reason"]
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name in REASON_CALLS and len(node.args) > 1:
            values.append(node.args[1])
        for value in values:
            if isinstance(value, ast.JoinedStr):  # f"http-{status}": use Reasons.HTTP.code_for()
                found.append((node.lineno, ast.unparse(value)))
            elif isinstance(value, ast.Constant):
                found.append((node.lineno, value.value))
    return found


def test_every_reason_given_anywhere_is_in_the_catalogue():
    methods = {"all", "get"}
    given = {(path.relative_to(ROOT), line, code) for path in SOURCES for line, code in _reasons_in(path)}
    assert any(code == "Reasons.NOT_HTML" for _, _, code in given)  # the scan sees the call sites
    unknown = [(str(path), line, code) for path, line, code in given
               if not (code.removeprefix("Reasons.") in methods or isinstance(getattr(Reasons, code[8:], None), Reason)
                       if code.startswith("Reasons.") else Reasons.get(code) is not None)]
    assert not unknown, f"reasons not in crawler.errors.Reasons: {unknown}"


def test_every_placeholder_of_a_reason_is_filled_where_it_is_given():
    """``Reasons.X.describe(...)`` / ``format`` / ``code_for`` calls name the placeholders of X."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("describe", "format", "code_for")
                    and isinstance(node.func.value, ast.Attribute)
                    and isinstance(node.func.value.value, ast.Name) and node.func.value.value.id == "Reasons"):
                continue
            reason = getattr(Reasons, node.func.value.attr)
            template = reason.code if node.func.attr == "code_for" else reason.text
            needed = {n for _, n, _, _ in string.Formatter().parse(template) if n}
            given = {k.arg for k in node.keywords}
            assert needed <= given, f"{path.relative_to(ROOT)}:{node.lineno} misses {needed - given}"
