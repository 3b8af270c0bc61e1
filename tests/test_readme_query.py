"""The README's example query of ``query claims`` finds what it says it finds: a government's
claims against a proposition, its officials' included (an official is how a government speaks),
and ``--exact-type`` narrows it to bodies typed ``government``.

The store is written here through ``corpus.writes`` (no models): a senator (typed ``official``) and
a ministry (``government``) against ``government-should-restrict`` inside the example's window, a
company against it, and an official's claim from before the window.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from corpus import writes
from corpus.profile import load_profile
from corpus.store import Store
from debatelens.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
UTC = dt.timezone.utc


def readme_example(command: str) -> list[str]:
    """The arguments of the README command reference's example for ``command``."""
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if len(cells) == 3 and cells[0] == f"`debatelens {command}`":
            return shlex.split(re.sub(r"^`|`$", "", cells[2]).replace("\\|", "|"))[1:]
    raise AssertionError(f"no example of {command} in the README's command reference")


def seed(url: str) -> dict[str, int]:
    """Four claims, each with a stance toward government-should-restrict; returns their ids."""
    rows = {  # name: (speaker, label, actor type, published, stance)
        "senator": ("Sen. Ada Quill", "PERSON", "official", dt.datetime(2026, 2, 25, 9, tzinfo=UTC), "against"),
        "ministry": ("Ministry of Trade of Ruritania", "ORG", "government", dt.datetime(2026, 2, 26, 9, tzinfo=UTC),
                     "against"),
        "company": ("Northwind Labs", "ORG", "company", dt.datetime(2026, 2, 27, 9, tzinfo=UTC), "against"),
        "early": ("Sen. Ada Quill", "PERSON", "official", dt.datetime(2026, 2, 10, 9, tzinfo=UTC), "against"),
    }
    ids = {}
    with Store.open(url) as store, store.unit_of_work() as s:
        props = writes.sync_propositions(s, load_profile())
        run = writes.start_analysis_run(s, profile="ai-distillation", parameters={}, versions={})
        cache = writes.EntityCache(s)
        source = writes.get_or_create_source(s, "gazette.example", name="The Gazette")
        for name, (speaker, label, kind, published, stance) in rows.items():
            content = "new licensing rules for model access would do more harm than good"
            text = f"{speaker} said {content}."
            doc = writes.add_document(s, url=f"https://gazette.example/{name}", canonical_url=f"https://gazette.example/{name}",
                                      source_id=source, title=name, published_at=published, text=text, relevant=True)
            entity = cache.id_for(speaker.removeprefix("Sen. "), label, actor_type=kind)
            start = text.index(content)
            (claim,) = writes.replace_document_analysis(s, doc, run_id=run, mentions=[], claims=[{
                "speaker": speaker, "speaker_entity_id": entity, "cue": "said", "content": content, "kind": "indirect",
                "speaker_start": 0, "speaker_end": len(speaker), "cue_start": len(speaker) + 1,
                "cue_end": len(speaker) + 5, "content_start": start, "content_end": start + len(content),
                "sentence_start": 0, "sentence_end": len(text), "cluster_key": name}])
            writes.add_stances(s, [{"claim_id": claim, "proposition_id": props["government-should-restrict"],
                                    "label": stance, "score": -0.6, "relatedness": 0.8, "model": "seeded"}])
            ids[name] = claim
    return ids


def test_readme_example_finds_a_governments_claims_with_its_officials(fresh_url):
    ids = seed(fresh_url)
    args = readme_example("query claims")
    assert "--actor-type" in args and "government" in args

    def found(*extra: str) -> list[int]:
        result = CliRunner().invoke(cli, [*args, *extra, "--format", "jsonl", "--db", fresh_url],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return [json.loads(line)["id"] for line in result.stdout.splitlines()]

    assert found() == [ids["ministry"], ids["senator"]]  # newest first; not the company, not before --since
    assert found("--exact-type") == [ids["ministry"]]
