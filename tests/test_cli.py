"""The command line: errors are one line on stderr starting ``error:`` and leave nothing behind;
read commands print table, csv, json and jsonl; ``extract`` and ``claims`` work on saved files.

Error cases run ``python -m debatelens`` in a subprocess (what a user sees, exit codes included);
output formats run in process with click's ``CliRunner`` on a store seeded through
``corpus.store`` (``seeded_store`` in ``tests/conftest.py``).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from debatelens.cli import CLAIM_FIELDS, cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample" / "site"
ARTICLE = SAMPLE / "ledger" / "2026" / "02" / "anthropic-accuses-chinese-labs-of-distillation.html"
POST = SAMPLE / "blog-a" / "2026" / "02" / "distillation-isnt-theft-fake-accounts-might-be.html"


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m debatelens ARGS`` with no DEBATELENS_* variable from the caller's environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    return subprocess.run([sys.executable, "-m", "debatelens", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, input=stdin, timeout=300, check=False)


def assert_error_line(out: subprocess.CompletedProcess, code: int, *needles: str) -> None:
    """Exit ``code``, nothing on stdout, exactly one line on stderr: ``error: ...`` with ``needles``."""
    assert out.returncode == code, (out.returncode, out.stderr)
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0]


def invoke(*args: str):
    """``debatelens ARGS`` in process; a wide terminal, so table cells are not folded."""
    return CliRunner(env={"COLUMNS": "250"}).invoke(cli, list(args), catch_exceptions=False)


# --- errors ---------------------------------------------------------------------------------------

def test_db_in_a_missing_folder(tmp_path):
    missing = tmp_path / "nope" / "store.db"
    out = run("query", "claims", "--db", str(missing), cwd=tmp_path)
    assert_error_line(out, 1, "[E001]", "does not exist", "--db")
    assert not missing.parent.exists()


@pytest.mark.parametrize("period", ["2026-W60", "March", "2026-13", "2026-02-30", "2026-03-01..2026-02-01"])
def test_malformed_period(tmp_path, period):
    out = run("report", "--period", period, "--db", str(tmp_path / "s.db"), "--out", str(tmp_path / "b"),
              cwd=tmp_path)
    assert_error_line(out, 1, "[E005]", repr(period), "2026-W09")
    assert sorted(os.listdir(tmp_path)) == []  # no store, no briefing folder


def test_unknown_proposition(seeded_store, tmp_path):
    out = run("query", "claims", "--proposition", "nope", "--db", seeded_store.url, cwd=tmp_path)
    assert_error_line(out, 1, "[E006]", "'nope'", "distillation-is-theft")


@pytest.mark.parametrize("args", [("query", "claims"), ("query", "actors"), ("report", "--period", "2026-W09")],
                         ids=["query-claims", "query-actors", "report"])
def test_empty_store(fresh_url, tmp_path, args):
    from corpus.store import Store

    Store.open(fresh_url).close()  # a store with the schema and nothing in it
    out = run(*args, "--db", fresh_url, cwd=tmp_path)
    assert_error_line(out, 1, "[E007]", "debatelens crawl")
    assert not (tmp_path / "briefings").exists()  # report's default --out was not created


@pytest.mark.parametrize("args", [("query", "claims"), ("query", "actors"), ("report", "--period", "2026-W09")],
                         ids=["query-claims", "query-actors", "report"])
def test_read_commands_do_not_create_a_store(tmp_path, args):
    """Regression: a mistyped --db made query and report create and migrate a new empty store."""
    out = run(*args, "--db", str(tmp_path / "typo.db"), cwd=tmp_path)
    assert_error_line(out, 1, "[E011]", "--db")
    assert sorted(os.listdir(tmp_path)) == []


def test_report_of_a_crawled_but_unanalysed_store(fresh_url, tmp_path):
    from corpus import writes
    from corpus.store import Store

    with Store.open(fresh_url) as store, store.unit_of_work() as s:
        writes.add_document(s, url="https://x.example/a", canonical_url="https://x.example/a", text="Some text.")
    out = run("report", "--period", "2026-W09", "--db", fresh_url, "--out", str(tmp_path / "b"), cwd=tmp_path)
    assert_error_line(out, 1, "[E007]", "analysed")
    assert not (tmp_path / "b").exists()


def test_malformed_date(seeded_store, tmp_path):
    out = run("query", "claims", "--since", "1 March", "--db", seeded_store.url, cwd=tmp_path)
    assert_error_line(out, 1, "[E008]", "YYYY-MM-DD")


@pytest.mark.parametrize("option", ["--url", "--feed", "--sitemap"])
def test_crawl_of_a_non_url_is_a_usage_error(tmp_path, option):
    out = run("crawl", option, "notaurl", "--db", str(tmp_path / "s.db"), cwd=tmp_path)
    assert_error_line(out, 2, option, "'notaurl'", "debatelens crawl --help")
    assert os.listdir(tmp_path) == []  # refused before the store was opened


@pytest.mark.parametrize("args,needle", [
    (("report",), "--period"),
    (("query", "claims", "--stance", "maybe"), "--stance"),
    (("nosuch",), "nosuch"),
    (("extract",), "PAGES"),
], ids=["missing-option", "bad-choice", "no-such-command", "missing-argument"])
def test_usage_errors_are_one_line_with_exit_2(tmp_path, args, needle):
    assert_error_line(run(*args, cwd=tmp_path), 2, needle, "--help")


def test_missing_input_file_of_claims_fails_before_loading_a_model(tmp_path):
    out = run("claims", str(tmp_path / "missing.txt"), cwd=tmp_path)
    assert_error_line(out, 1, "cannot read", "missing.txt")


# --- extract --------------------------------------------------------------------------------------

def test_extract_of_a_non_html_file(tmp_path):
    png = tmp_path / "image.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    out = run("extract", str(png), cwd=tmp_path)
    assert out.returncode == 1
    row = json.loads(out.stdout)
    assert row["error"] == "not-html" and "PNG" in row["detail"] and row["path"] == str(png)
    assert "text" not in row


def test_extract_of_a_page(tmp_path):
    page = tmp_path / "story.html"
    page.write_text("<!doctype html><html lang='en'><head><title>Labs trade charges | The Ledger</title>"
                    "<meta property='og:title' content='Labs trade charges over distillation'>"
                    "<meta property='article:published_time' content='2026-02-24T10:00:00Z'></head>"
                    "<body><nav><a href='/'>Home</a></nav><article><h1>Labs trade charges over distillation</h1>"
                    + "".join(f"<p>Paragraph {i}: the lab said rivals used fraudulent accounts to distill its "
                              f"model, and critics answered that the lab scraped the web itself.</p>" for i in range(6))
                    + "</article><footer>Copyright The Ledger</footer></body></html>", encoding="utf-8")
    out = run("extract", str(page), "--url", "https://ledger.example/2026/02/story?utm_source=x", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    row = json.loads(out.stdout)
    assert row["title"] == "Labs trade charges over distillation"
    assert row["canonical_url"] == "https://ledger.example/2026/02/story"
    assert row["published_at"].startswith("2026-02-24")
    assert "Paragraph 5: the lab said rivals used fraudulent accounts" in row["text"]
    assert "Copyright" not in row["text"] and "Home" not in row["text"]
    assert row["language"] == "en" and row["comments"] == 0


def test_extract_jsonl_of_several_pages_and_a_gzipped_one(tmp_path):
    gz = tmp_path / "article.html.gz"
    gz.write_bytes(gzip.compress(ARTICLE.read_bytes()))
    truncated = tmp_path / "cut.html.gz"
    truncated.write_bytes(gz.read_bytes()[:60])
    out = run("extract", "--format", "jsonl", str(ARTICLE), str(gz), str(POST), str(truncated), cwd=tmp_path)
    assert out.returncode == 0, out.stderr  # some pages were extracted
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["path"] for r in rows] == [str(ARTICLE), str(gz), str(POST), str(truncated)]
    assert rows[0]["text"] == rows[1]["text"] and rows[0]["title"] == rows[1]["title"]
    assert rows[0]["title"] == "Anthropic says Chinese labs used 24,000 fake accounts to copy Claude"
    assert rows[2]["kind"] == "post"
    assert rows[3]["error"] == "unreadable"  # not click's "Aborted!" on the truncated gzip stream


def test_extract_json_of_several_pages_is_a_list(tmp_path):
    out = run("extract", str(ARTICLE), str(POST), cwd=tmp_path)
    assert out.returncode == 0
    rows = json.loads(out.stdout)
    assert isinstance(rows, list) and len(rows) == 2


def test_extract_url_names_one_page(tmp_path):
    out = run("extract", str(ARTICLE), str(POST), "--url", "https://x.example/a", cwd=tmp_path)
    assert_error_line(out, 2, "--url")


# --- claims ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_claims_from_stdin(tmp_path):
    text = ("Anthropic said that DeepSeek used fraudulent accounts to copy Claude. "
            "The weather was fine.\n")
    out = run("claims", "-", cwd=tmp_path, stdin=text)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    (row,) = [r for r in rows if r["speaker"] == "Anthropic"]
    assert row["file"] == "-" and row["cue"] == "said"
    assert "DeepSeek used fraudulent accounts to copy Claude" in row["content"]
    for part in ("speaker", "cue", "content"):
        assert text[row[f"{part}_start"]:row[f"{part}_end"]] == row[part]
    assert not [r for r in rows if "weather" in r["content"]]


@pytest.mark.slow
def test_claims_of_files_as_json(tmp_path):
    (tmp_path / "a.txt").write_text("Critics argued that the accusing labs scraped the web themselves.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nothing was said here.\n", encoding="utf-8")
    out = run("claims", "a.txt", "b.txt", "--format", "json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert {r["file"] for r in rows} == {"a.txt"}
    assert rows[0]["speaker"] == "Critics" and "scraped the web" in rows[0]["content"]


# --- query output formats -------------------------------------------------------------------------

#: The relevant claims of the seeded store, newest first (the "sports" claim is not relevant).
NEWEST_FIRST = ["roe", "anthropic", "commerce", "openai"]


def test_query_claims_json(seeded_store):
    result = invoke("query", "claims", "--format", "json", "--db", seeded_store.url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [seeded_store.claims[n] for n in NEWEST_FIRST]
    roe = rows[0]
    assert roe["speaker"] == "Jane Roe" and roe["actor_type"] == "researcher" and roe["cue"] == "wrote"
    assert roe["passage"] == seeded_store.passages["roe"]
    assert roe["url"] == seeded_store.urls["critic"] and roe["outlet"] == "Strait Notes"
    assert roe["stances"] == {"accusers-are-hypocrites": "favor", "distillation-is-theft": "against"}
    assert roe["published_at"] == "2026-02-26T08:00:00+00:00"


def test_query_claims_jsonl_with_filters(seeded_store):
    result = invoke("query", "claims", "--proposition", "distillation-is-theft", "--stance", "favor",
                    "--format", "jsonl", "--db", seeded_store.url)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["speaker"] for r in rows] == ["Anthropic", "OpenAI"]
    result = invoke("query", "claims", "--actor-type", "government", "--since", "2026-02-23", "--until",
                    "2026-03-02", "--format", "jsonl", "--db", seeded_store.url)
    assert [json.loads(line)["speaker"] for line in result.stdout.splitlines()] == ["The Commerce Department"]


def test_query_claims_csv(seeded_store):
    result = invoke("query", "claims", "--format", "csv", "--db", seeded_store.url)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [int(r["id"]) for r in rows] == [seeded_store.claims[n] for n in NEWEST_FIRST]
    assert {"speaker", "cue", "content", "passage", "url", "outlet", "published_at", "stances"} <= set(rows[0])
    assert rows[0]["stances"] == "accusers-are-hypocrites=favor; distillation-is-theft=against"
    assert rows[0]["published_at"] == "2026-02-26T08:00:00+00:00"
    assert rows[3]["content"] == "DeepSeek keeps copying its models"


def test_query_claims_csv_with_no_match_has_a_header(seeded_store):
    result = invoke("query", "claims", "nothing-matches-this", "--format", "csv", "--db", seeded_store.url)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ",".join(CLAIM_FIELDS)


def test_query_claims_table(seeded_store):
    result = invoke("query", "claims", "--speaker", "roe", "--db", seeded_store.url)
    assert result.exit_code == 0, result.output
    assert "Jane Roe" in result.stdout and "Strait Notes" in result.stdout
    assert "Anthropic" not in result.stdout
    assert result.stderr.strip() == "1 rows"


def test_query_actors_json(seeded_store):
    result = invoke("query", "actors", "--since", "2026-02-23", "--until", "2026-03-02", "--format", "json",
                    "--db", seeded_store.url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["name"] for r in rows} == {"Anthropic", "Commerce Department", "Jane Roe"}
    assert all(r["documents"] == 1 and r["claims"] == 1 for r in rows)


def test_report_command_writes_the_briefing_and_index(seeded_store, tmp_path):
    result = invoke("report", "--period", "2026-W09", "--out", str(tmp_path / "out"), "--db", seeded_store.url)
    assert result.exit_code == 0, result.output
    assert "briefing 2026-W09: 2 documents, 3 claims" in result.stdout
    assert (tmp_path / "out" / "briefing-2026-W09.html").is_file()
    assert (tmp_path / "out" / "index.html").is_file()
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_report_json_and_all(seeded_store, tmp_path):
    result = invoke("report", "--period", "2026-W09", "--format", "json", "--db", seeded_store.url)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {f["key"]: f["value"] for f in data["figures"]}["documents"] == 2
    assert data["period"]["label"] == "2026-W09" and data["summary"]["sentences"]
    result = invoke("report", "--all", "--out", str(tmp_path / "all"), "--db", seeded_store.url)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "all").glob("briefing-*.html")) == ["briefing-2026-W08.html",
                                                                                   "briefing-2026-W09.html"]
    result = invoke("report", "--all", "--period", "2026-W09", "--db", seeded_store.url)
    assert result.exit_code == 2 and "--period" in result.output


def test_db_from_the_environment(seeded_store, monkeypatch):
    monkeypatch.setenv("DEBATELENS_DB", seeded_store.url)
    result = invoke("query", "claims", "--format", "jsonl")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 4


def test_until_must_come_after_since(seeded_store, tmp_path):
    out = run("query", "claims", "--since", "2026-03-05", "--until", "2026-03-01", "--db", seeded_store.url,
              cwd=tmp_path)
    assert_error_line(out, 2, "--until", "after --since")


@pytest.mark.slow
def test_a_crawl_where_every_source_fails_exits_1(tmp_path):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = run("crawl", "--sitemap", f"http://127.0.0.1:{port}/sitemap.xml", "--db", str(tmp_path / "s.db"),
              "--allow-private", cwd=tmp_path)
    assert out.returncode == 1 and "fetched no page" in out.stderr


def test_csv_header_is_the_same_with_and_without_rows(seeded_store, tmp_path):
    full = run("query", "claims", "--db", seeded_store.url, "--format", "csv", cwd=tmp_path)
    empty = run("query", "claims", "no such words anywhere", "--db", seeded_store.url, "--format", "csv", cwd=tmp_path)
    assert full.stdout.splitlines()[0] == empty.stdout.splitlines()[0] == ",".join(CLAIM_FIELDS)
    assert len(full.stdout.splitlines()) > 1 and len(empty.stdout.splitlines()) == 1
