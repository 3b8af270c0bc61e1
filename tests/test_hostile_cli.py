"""The command line on hostile input (issue 10): binary on stdin, URLs with passwords, bad ports.
Each is one line on stderr, ``error: ...``, exit 1, no traceback and no password."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SECRET = "s3cret-Pa55"


def run_bytes(*args: str, stdin: bytes, cwd) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    return subprocess.run([sys.executable, "-m", "debatelens", *args], input=stdin, capture_output=True,
                          cwd=cwd, env=env, timeout=300, check=False)


def assert_one_error_line(out: subprocess.CompletedProcess, *needles: str) -> str:
    stderr = out.stderr.decode("utf-8", "replace")
    assert out.returncode == 1, stderr
    assert out.stdout == b""
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


@pytest.mark.parametrize("data", [bytes(range(256)) * 8, b"\xff\xfe" + "text".encode("utf-16-le")])
def test_binary_on_stdin_to_claims_is_one_clear_line(tmp_path, data):
    out = run_bytes("claims", "-", stdin=data, cwd=tmp_path)
    assert_one_error_line(out, "cannot read -", "not UTF-8")


@pytest.mark.parametrize(("url", "code"), [
    (f"postgres://bob:{SECRET}@db.example/x", "[E002]"),
    (f"mysql://bob:{SECRET}@db.example/x", "[E002]"),
    (f"postgresql+psycopg://bob:{SECRET}@db.example:notaport/x", "[E020]"),
])
def test_a_bad_store_url_is_one_line_without_its_password(tmp_path, url, code):
    for command in (["query", "claims"], ["analyze"]) if code == "[E020]" else (["query", "claims"],):
        out = run_bytes(*command, "--db", url, stdin=b"", cwd=tmp_path)
        line = assert_one_error_line(out, code, "bob:***@")
        assert SECRET not in line and SECRET.encode() not in out.stderr
