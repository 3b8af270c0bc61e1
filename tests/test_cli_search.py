"""``debatelens query claims TEXT``, ``query documents`` and ``query sql`` on a seeded store of
every back end: ranking through the command, formats, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from debatelens.cli import cli

from .conftest import BACKENDS, seed_store


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, new_database, tmp_path_factory):
    with new_database(request.param, tmp_path_factory.mktemp("cli-search")) as url:
        yield seed_store(url)


def invoke(*args: str):
    result = CliRunner(env={"COLUMNS": "250"}).invoke(cli, list(args), catch_exceptions=False)
    return result


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    return subprocess.run([sys.executable, "-m", "debatelens", *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def test_query_claims_search_ranks_and_pages(store):
    result = invoke("query", "claims", '"fraudulent accounts" OR scraped', "--format", "json", "--db", store.url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} == {store.claims["anthropic"], store.claims["roe"]}
    second = json.loads(invoke("query", "claims", '"fraudulent accounts" OR scraped', "--limit", "1", "--offset",
                               "1", "--format", "json", "--db", store.url).stdout)
    assert [r["id"] for r in second] == [rows[1]["id"]]


def test_query_claims_in_documents(store):
    # "Critics answer back" is the title of the critic's document.
    rows = json.loads(invoke("query", "claims", "critics", "--in", "documents", "--format", "json",
                             "--db", store.url).stdout)
    assert [r["id"] for r in rows] == [store.claims["roe"]]
    assert json.loads(invoke("query", "claims", "critics", "--format", "json", "--db", store.url).stdout) == []


def test_query_documents_csv(store):
    result = invoke("query", "documents", "export*", "--format", "csv", "--db", store.url)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["url"] for r in rows] == [store.urls["accuse"]]
    assert rows[0]["claims"] == "2" and "export rules" in rows[0]["snippet"]


def test_query_sql_formats(store):
    statement = "SELECT speaker, count(*) AS n FROM claims GROUP BY speaker ORDER BY speaker"
    rows = json.loads(invoke("query", "sql", statement, "--format", "json", "--db", store.url).stdout)
    assert [r["speaker"] for r in rows] == sorted(r["speaker"] for r in rows) and len(rows) == 5
    out = invoke("query", "sql", statement, "--format", "csv", "--db", store.url).stdout
    assert out.splitlines()[0] == "speaker,n"


def test_a_write_is_one_error_line(store):
    out = run("query", "sql", "DELETE FROM claims", "--db", store.url)
    assert out.returncode == 1 and out.stdout == ""
    assert len(out.stderr.splitlines()) == 1 and out.stderr.startswith("error: [E032]")
    count = json.loads(invoke("query", "sql", "SELECT count(*) AS n FROM claims", "--format", "json",
                              "--db", store.url).stdout)
    assert count == [{"n": len(store.claims)}]


@pytest.mark.parametrize("text,code", [('"*"', "E030"), ("-theft", "E031")])
def test_a_search_with_nothing_to_find_is_one_error_line(store, text, code):
    out = run("query", "claims", "--db", store.url, "--", text)  # "--": a TEXT may start with "-"
    assert out.returncode == 1 and out.stdout == ""
    assert len(out.stderr.splitlines()) == 1 and out.stderr.startswith(f"error: [{code}]")


def test_serve_answers_on_loopback(tmp_path):
    import socket
    import time
    import urllib.request

    seeded = seed_store(f"sqlite:///{tmp_path / 'store.db'}")
    with socket.socket() as s:  # a free port, bound on 127.0.0.1 by the server afterwards
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    server = subprocess.Popen([sys.executable, "-m", "debatelens", "serve", "--db", seeded.url, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/store/claim_rows.json?_shape=objects",
                                            timeout=5) as response:
                    body = json.loads(response.read())
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
        assert body is not None, server.stderr.read() if server.poll() is not None else "no answer"
        assert len(body["rows"]) == 4
    finally:
        server.terminate()
        server.wait(timeout=30)
