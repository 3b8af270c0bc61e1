"""How long does a briefing take to render for a busy week? A generated store, timed end to end.

Run by hand, never in CI::

    python benchmarks/briefing.py                       # 2,000 documents in 2026-W09 (goal: < 2 s)
    python benchmarks/briefing.py --documents 5000 --runs 5

The store is generated through ``corpus.writes`` (no model involved), on a SQLite file: the week
2026-W09 holds ``--documents`` relevant documents from 120 outlets (a tenth of them syndicated
copies), each of about 2,500 characters with 5 claims by 300 actors (60% of the claims on a
proposition, with stances; one claim in eight repeated by other outlets), mentions, and 20 themes;
the week before holds a quarter as many, so every comparison has data. Timed: ``write_briefing``
as ``debatelens report --period 2026-W09`` runs it (context from the store, rendering, the stored
copies and the index written), median of ``--runs`` runs after one warm-up; also the context
alone and the rendering alone. Prints one JSON line of figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

UTC = dt.timezone.utc
WORDS = ("export controls model outputs fraudulent accounts distillation training data labs rivals policy "
         "lawmakers security access terms service evidence capability chips regulators market research "
         "competition copyright scraping open weights agencies statement investigation").split()
KINDS = ("news", "news", "news", "blog", "official", "research", "forum")
TYPES = ("company", "government", "official", "researcher", "media", "person", "organization")
TLDS = ("com", "co.uk", "de", "fr", "org", "cn", "jp", "io", "net", "com.au")


def _sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def generate(url: str, documents: int, *, seed: int = 7) -> dict[str, int]:
    """Fill the store at ``url`` (module docstring); returns what was stored."""
    from corpus import writes
    from corpus.profile import load_profile
    from corpus.store import Store

    rng = random.Random(seed)
    counts = {"documents": 0, "claims": 0, "stances": 0}
    with Store.open(url) as store, store.unit_of_work() as s:
        profile = load_profile()
        props = list(writes.sync_propositions(s, profile).values())
        run = writes.start_analysis_run(s, profile=profile.name, parameters={"generated": True},
                                        versions={"spacy_model": "generated", "stance": "generated"})
        cache = writes.EntityCache(s)
        actors = [cache.id_for(f"Actor {i}", "PERSON" if i % 3 else "ORG", actor_type=TYPES[i % len(TYPES)],
                               in_profile=i < 30) for i in range(300)]
        outlets = [writes.get_or_create_source(s, f"outlet{i}.{TLDS[i % len(TLDS)]}", name=f"Outlet {i}",
                                               kind=KINDS[i % len(KINDS)]) for i in range(120)]
        week = dt.datetime(2026, 2, 23, tzinfo=UTC)
        plan = [(week + dt.timedelta(seconds=rng.randrange(7 * 86400))) for _ in range(documents)]
        plan += [(week - dt.timedelta(days=7) + dt.timedelta(seconds=rng.randrange(7 * 86400)))
                 for _ in range(documents // 4)]
        repeated = [_sentence(rng, 9).lower() for _ in range(40)]
        originals: list[int] = []
        assignments: dict[int, dict[int, int]] = {}
        for i, published in enumerate(plan):
            paragraphs = []
            claims, mentions = [], []
            pos = 0
            for j in range(5):
                actor = rng.randrange(300)
                speaker = f"Actor {actor}"
                content = repeated[rng.randrange(40)] if rng.random() < 0.125 else _sentence(rng, 12).lower()
                lead = _sentence(rng, 8) + "."
                quote = f"{speaker} said that {content}."
                paragraph = f"{lead} {quote} {_sentence(rng, 10)}."
                start = pos + len(lead) + 1
                claims.append({"speaker": speaker, "speaker_entity_id": actors[actor], "cue": "said",
                               "content": content, "kind": "indirect", "speaker_start": start,
                               "speaker_end": start + len(speaker), "cue_start": start + len(speaker) + 1,
                               "cue_end": start + len(speaker) + 5, "content_start": start + len(speaker) + 11,
                               "content_end": start + len(speaker) + 11 + len(content), "sentence_start": start,
                               "sentence_end": start + len(quote), "cluster_key": writes.claim_cluster_key(content)})
                mentions.append({"entity_id": actors[actor], "start": start, "end": start + len(speaker),
                                 "text": speaker})
                paragraphs.append(paragraph)
                pos += len(paragraph) + 1
                paragraphs.append(_sentence(rng, 30) + ".")
                pos += len(paragraphs[-1]) + 1
            text = "\n".join(paragraphs)
            copy_of = rng.choice(originals) if originals and rng.random() < 0.1 else None
            doc = writes.add_document(s, url=f"https://example.org/{i}", canonical_url=f"https://example.org/{i}",
                                      source_id=rng.choice(outlets), title=_sentence(rng, 7), published_at=published,
                                      text=text, relevant=True, relevance=0.8, near_duplicate_of=copy_of)
            originals.append(doc)
            ids = writes.replace_document_analysis(s, doc, run_id=run, mentions=mentions, claims=claims)
            stances = [{"claim_id": c, "proposition_id": rng.choice(props),
                        "label": rng.choice(("favor", "against", "favor", "against", "neutral", "unclear")),
                        "score": 0.0, "relatedness": round(rng.random(), 3), "probability": 0.6, "model": "generated"}
                       for c in ids if rng.random() < 0.6]
            writes.add_stances(s, stances)
            assignments[doc] = {rng.randrange(-1, 20): rng.randrange(1, 6) for _ in range(3)}
            counts["documents"] += 1
            counts["claims"] += len(ids)
            counts["stances"] += len(stances)
        topics = [{"number": n, "label": f"{n}_{'_'.join(rng.sample(WORDS, 4))}", "terms": rng.sample(WORDS, 10),
                   "size": 100} for n in range(-1, 20)]
        writes.replace_topics(s, run, topics, assignments)
        writes.finish_analysis_run(s, run, counts=counts)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000, help="documents in the week (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs after one warm-up (default 3)")
    parser.add_argument("--store", type=Path, default=None,
                        help="keep the generated store in this SQLite file and reuse it when it exists")
    args = parser.parse_args()

    from corpus.periods import parse_period
    from corpus.profile import load_profile
    from corpus.settings import load_settings
    from corpus.store import Store
    from reports.briefing import environment, render, write_briefing
    from reports.context import build_context

    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "bench.db"
        url = f"sqlite:///{path}"
        started = time.perf_counter()
        stored = None if path.exists() else generate(url, args.documents)
        generated = time.perf_counter() - started
        settings = load_settings(overrides={"db": url}, environ={})
        write_briefing(settings, period="2026-W09", out_dir=f"{tmp}/out")  # warm-up
        total, cpu, context_s, render_s = [], [], [], []
        for _ in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            result = write_briefing(settings, period="2026-W09", out_dir=f"{tmp}/out")
            total.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            with Store.open(url) as store, store.reading() as session:
                t = time.perf_counter()
                ctx = build_context(session, parse_period("2026-W09"), load_profile(), url=url)
                context_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            page = render(environment(), "briefing.html", **ctx)
            render_s.append(time.perf_counter() - t)
        print(json.dumps({
            "documents_in_week": result.counts["documents"], "stored": stored, "generate_s": round(generated, 1),
            "write_briefing_s": round(statistics.median(total), 3),
            "write_briefing_cpu_s": round(statistics.median(cpu), 3), "context_s": round(statistics.median(context_s), 3),
            "render_s": round(statistics.median(render_s), 3), "html_bytes": len(page.encode("utf-8")),
            "copies": result.copies, "goal_s": 2.0, "runs": args.runs}))


if __name__ == "__main__":
    main()
