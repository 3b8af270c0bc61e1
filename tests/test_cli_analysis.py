"""The analysis commands on text outside the store: claims (with resolved speakers), stance
(piped from claims), train-stance; and query positions on a seeded store.

The sentences are written for these tests. The stance commands use the trained model (trained on
first use into the user cache: a few seconds once per machine).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ARTICLE = """Larkspur Labs said on Tuesday that a rival had harvested its model's answers through thousands of fake accounts. The company said the campaign broke its terms of service.

"We built our models on our own research," a spokesperson for DeepSeek said.

The accusation is hypocritical, said Hollis Varga, a researcher at an open-source foundation. Varga added that the accusing labs had scraped the web themselves.
"""


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    return subprocess.run([sys.executable, "-m", "debatelens", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, input=stdin, timeout=600, check=False)


def test_claims_print_the_resolved_speaker_beside_the_span(tmp_path):
    out = run("claims", "-", cwd=tmp_path, stdin=ARTICLE)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    by_speaker = {r["speaker"]: r for r in rows}
    assert by_speaker["The company"]["speaker_name"] == "Larkspur Labs"
    assert by_speaker["a spokesperson for DeepSeek"]["speaker_name"] == "DeepSeek"
    assert by_speaker["a spokesperson for DeepSeek"]["role"] == "spokesperson"
    assert by_speaker["Varga"]["speaker_name"] == "Hollis Varga"  # the full name stands earlier
    for r in rows:
        assert ARTICLE[r["content_start"]:r["content_end"]] == r["content"]


def test_claims_pipe_into_stance(tmp_path):
    claims = run("claims", "-", cwd=tmp_path, stdin=ARTICLE)
    assert claims.returncode == 0, claims.stderr
    out = run("stance", "-", "--proposition", "accusation-justified", cwd=tmp_path, stdin=claims.stdout)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["content"] for r in rows] == [json.loads(line)["content"] for line in claims.stdout.splitlines()]
    labels = {r["speaker"]: r["stances"][0]["label"] for r in rows}
    assert labels["Larkspur Labs"] in ("favor", "neutral")
    assert labels["a spokesperson for DeepSeek"] == "against"
    for r in rows:
        (s,) = r["stances"]
        assert s["proposition"] == "accusation-justified" and 0.0 <= s["probability"] <= 1.0
        assert abs(sum(s["probabilities"].values()) - 1.0) < 1e-3


def test_stance_of_plain_lines_and_its_errors(tmp_path):
    out = run("stance", "-", "--format", "table", cwd=tmp_path,
              stdin="The accused lab flatly denied the allegations as a smear.\n")
    assert out.returncode == 0, out.stderr
    assert "accusation-justified=against" in out.stdout
    bad = run("stance", "-", cwd=tmp_path, stdin='{"speaker": "X"}\n')
    assert bad.returncode == 1 and bad.stderr.startswith("error: [E109]") and "line 1" in bad.stderr
    unknown = run("stance", "-", "--proposition", "nope", cwd=tmp_path, stdin="Some claim here.\n")
    assert unknown.returncode == 1 and "[E006]" in unknown.stderr and "accusation-justified" in unknown.stderr


STATEMENTS = """Larkspur Labs said a rival had harvested its model's answers through thousands of fake accounts.
Hollis Varga argued that the accusing labs had scraped the whole web without asking anyone.
The accusation is a smear.
"""


def test_stance_finds_the_speaker_of_a_plain_statement(tmp_path):
    out = run("stance", "-", "--proposition", "accusation-justified", cwd=tmp_path, stdin=STATEMENTS)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["content"] for r in rows] == STATEMENTS.splitlines()  # in order, as given
    first, second, third = rows
    assert [a["speaker"] for a in first["attributed"]] == ["Larkspur Labs"]
    assert first["attributed"][0]["content"].startswith("a rival had harvested")
    assert [a["speaker"] for a in second["attributed"]] == ["Hollis Varga"]
    assert "attributed" not in third  # too short to hold a speaker: scored as it is
    assert first["stances"][0]["label"] == "favor" and second["stances"][0]["label"] == "against"
    plain = run("stance", "-", "--no-attribute", "--proposition", "accusation-justified", cwd=tmp_path,
                stdin=STATEMENTS)
    assert plain.returncode == 0, plain.stderr
    assert all("attributed" not in json.loads(line) for line in plain.stdout.splitlines())
    # a row that names its speaker is scored as given, never searched again
    given = run("stance", "-", "--proposition", "accusation-justified", cwd=tmp_path,
                stdin=json.dumps({"speaker": "DeepSeek", "content": STATEMENTS.splitlines()[0]}) + "\n")
    assert given.returncode == 0 and "attributed" not in json.loads(given.stdout)


def test_train_stance_adds_an_analysts_labels_and_writes_the_model(tmp_path):
    labels = tmp_path / "mine.csv"
    labels.write_text("group,proposition,label,speaker,kind,text\n"
                      "m1,accusation-justified,favor,a think-tank fellow,plain,"
                      "The logs the lab released make the case against the account farms airtight.\n"
                      "m2,accusation-justified,against,,sarcasm,Sure, and my cat distilled Claude too.\n",
                      encoding="utf-8")
    out = run("train-stance", "--labels", str(labels), "--out", str(tmp_path / "m.joblib"), "--folds", "0",
              cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "m.joblib").is_file() and "written to" in out.stdout
    from analysis.stance.training import training_statements
    from corpus.profile import load_profile

    expected = len(training_statements(load_profile())) + 2  # the profile's labels and variants, and ours
    assert f"{expected} labelled statements" in out.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("group,proposition,label,speaker,kind,text\nm1,accusation-justified,maybe,,plain,Text here.\n",
                   encoding="utf-8")
    failed = run("train-stance", "--labels", str(bad), "--folds", "0", cwd=tmp_path)
    assert failed.returncode == 1 and "[E106]" in failed.stderr and "line 2" in failed.stderr


def test_query_positions_of_the_seeded_store(seeded_store, tmp_path):
    out = run("query", "positions", "--format", "json", "--db", seeded_store.url, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    rows = {(r["actor"], r["proposition"]): r for r in json.loads(out.stdout)}
    roe = rows[("Jane Roe", "accusers-are-hypocrites")]
    assert (roe["favor"], roe["against"], roe["position"]) == (1, 0, "leans favor")
    assert roe["low"] < 0 < roe["high"]  # one claim: the interval straddles 0
    assert rows[("Jane Roe", "distillation-is-theft")]["position"] == "leans against"
