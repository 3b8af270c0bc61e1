"""The store at scale: 1,000,000 claims in SQLite and in PostgreSQL, bulk insert rate and the
latency of ten representative searches through the library functions the CLI calls.

Run by hand, never in CI (about 10 minutes a back end on 2 cores)::

    python benchmarks/store.py                                   # SQLite, /tmp/debatelens-bench.db
    python benchmarks/store.py --pg postgresql+psycopg://debatelens:debatelens@127.0.0.1/debatelens_bench
    python benchmarks/store.py --claims 100000 --repeat 10       # smaller, quicker
    python benchmarks/store.py --reuse                           # the stored rows of a previous run
    python benchmarks/store.py --baseline                        # also the old substring text search

The rows are generated (seeded, so every run stores the same): claim contents are the profile's
labelled statements (``corpus/profiles/ai-distillation.stance.csv``, 1,391 written for this
project) with a tail of 0-8 words drawn from their vocabulary; eight claims a document on
average, so 125,000 documents of about 2,700 characters (a claim sentence each, "SPEAKER CUE
that CONTENT.", between sentences of other statements); dates over one year, 3% undated, 5%
not relevant, 2% near-duplicates; 300 outlets; speakers among the profile's actors and 3,000
generated people and organisations; 0, 1 or 2 stances a claim (40/40/20%); one mention a
claim with a resolved speaker. Rows go in through SQLAlchemy Core ``executemany`` in batches of
2,000 documents with their claims, stances and mentions, one transaction each, through the
search triggers (SQLite) and generated columns (PostgreSQL) of migration 0003.

Each search runs once to warm the caches, then ``--repeat`` times; p50 and p95 are of those
(``statistics.quantiles``, inclusive). Start-up of the CLI is measured separately
(``--startup``: ``debatelens --help`` and ``debatelens query claims --help`` in fresh processes).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UTC = dt.timezone.utc
YEAR_START = dt.datetime(2025, 7, 1, tzinfo=UTC)
BATCH_DOCUMENTS = 2000
CUES = ["said", "told reporters", "wrote", "argued", "claimed", "warned", "denied", "stated", "added",
        "posted", "insisted", "acknowledged", "noted", "suggested", "alleged"]
FIRST = ["Ana", "Ben", "Chen", "Dana", "Elif", "Femi", "Gita", "Hugo", "Ines", "Jon", "Kai", "Lena", "Mia",
         "Nils", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Vik", "Wen", "Yara", "Zoe"]
LAST = ["Abbott", "Brandt", "Castro", "Dietz", "Ekwueme", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen",
        "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rossi", "Sato", "Tanaka",
        "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zhang"]
ORGS = ["Institute", "Labs", "Foundation", "Council", "Group", "Ministry", "Agency", "Partners", "Forum"]
TYPES = ["company", "government", "official", "researcher", "media", "person", "organization"]


def statements() -> list[str]:
    path = ROOT / "corpus" / "profiles" / "ai-distillation.stance.csv"
    with path.open(encoding="utf-8") as f:
        return [row["text"].strip().rstrip(".") for row in csv.DictReader(f) if row["text"].strip()]


class Generator:
    """Seeded rows of the benchmark store (see the module docstring for the mix)."""

    def __init__(self, claims: int, seed: int = 7):
        from corpus.profile import load_profile

        self.rng = random.Random(seed)
        self.n_claims = claims
        self.n_documents = max(1, claims // 8)
        self.statements = statements()
        self.vocabulary = sorted({w for s in self.statements for w in re.findall(r"[A-Za-z]{4,}", s.lower())})
        profile = load_profile()
        self.propositions = [p.key for p in profile.propositions]
        self.entities = [(a.name, "PERSON" if a.type in ("official", "person", "researcher") else "ORG", a.type)
                         for a in profile.actors]
        rng = self.rng
        names: dict[tuple[str, str], str] = {}
        taken = {(n, lab) for n, lab, _ in self.entities}
        while len(names) < 3000:
            if rng.random() < 0.7:
                key = (f"{rng.choice(FIRST)} {chr(65 + rng.randrange(26))}. {rng.choice(LAST)}", "PERSON")
                kind = rng.choice(["official", "researcher", "person", "media"])
            else:
                key = (f"{rng.choice(LAST)}-{rng.choice(LAST)} {rng.choice(ORGS)}", "ORG")
                kind = rng.choice(["company", "government", "organization"])
            if key not in taken:
                names.setdefault(key, kind)
        self.entities += [(n, lab, kind) for (n, lab), kind in sorted(names.items())]
        # A few speakers say much (the principal actors), most say little: Zipf-like weights.
        self.weights = [1.0 / (i + 1) ** 0.8 for i in range(len(self.entities))]
        self.sources = [(f"outlet{i}.example", f"Outlet {i}", rng.choice(["news", "blog", "forum", "official"]))
                        for i in range(300)]

    def content(self) -> str:
        rng = self.rng
        text = rng.choice(self.statements)
        tail = rng.randint(0, 8)
        if tail:
            text += ", " + " ".join(rng.choice(self.vocabulary) for _ in range(tail))
        return text[0].lower() + text[1:]

    def batches(self):
        """Yield ``(documents, claims, stances, mentions)`` lists of dicts, ids assigned here."""
        rng = self.rng
        claim_id = 0
        for first in range(1, self.n_documents + 1, BATCH_DOCUMENTS):
            docs, claims, stances, mentions = [], [], [], []
            for doc_id in range(first, min(first + BATCH_DOCUMENTS, self.n_documents + 1)):
                n = max(1, round(rng.gauss(8, 2))) if doc_id < self.n_documents else max(1, self.n_claims - claim_id)
                n = min(n, self.n_claims - claim_id) if doc_id < self.n_documents else n
                parts, pos = [], 0
                for _ in range(n):
                    entity = rng.choices(range(len(self.entities)), self.weights)[0] if rng.random() < 0.85 else None
                    speaker = self.entities[entity][0] if entity is not None else rng.choice(
                        ["a spokesperson", "one commenter", "the report", "critics"])
                    cue, content = rng.choice(CUES), self.content()
                    for _ in range(rng.randint(0, 2)):  # sentences between the claims
                        filler = rng.choice(self.statements) + ". "
                        parts.append(filler)
                        pos += len(filler)
                    sentence = f"{speaker[0].upper() + speaker[1:]} {cue} that {content}. "
                    claim_id += 1
                    s, c = pos, pos + len(speaker) + 1
                    k = c + len(cue) + len(" that ")
                    claims.append({"id": claim_id, "document_id": doc_id, "speaker": speaker,
                                   "speaker_entity_id": entity + 1 if entity is not None else None, "cue": cue,
                                   "content": content, "kind": "indirect", "speaker_start": s,
                                   "speaker_end": s + len(speaker), "cue_start": c, "cue_end": c + len(cue),
                                   "content_start": k, "content_end": k + len(content), "sentence_start": s,
                                   "sentence_end": s + len(sentence) - 1, "cluster_key": None, "via": None})
                    if entity is not None:
                        mentions.append({"document_id": doc_id, "entity_id": entity + 1, "start": s,
                                         "end": s + len(speaker), "text": speaker})
                    for key in rng.sample(self.propositions, rng.choices([0, 1, 2], [4, 4, 2])[0]):
                        label = rng.choices(["favor", "against", "neutral", "unclear"], [35, 35, 20, 10])[0]
                        stances.append({"claim_id": claim_id, "proposition_id": self.propositions.index(key) + 1,
                                        "label": label, "score": rng.uniform(-1, 1), "relatedness": rng.random(),
                                        "probability": rng.random(), "model": "bench"})
                    parts.append(sentence)
                    pos += len(sentence)
                text = "".join(parts).strip()
                published = (None if rng.random() < 0.03 else
                             YEAR_START + dt.timedelta(seconds=rng.randrange(365 * 86400)))
                source = rng.randrange(len(self.sources)) + 1
                docs.append({"id": doc_id, "url": f"https://{self.sources[source - 1][0]}/story/{doc_id}",
                             "canonical_url": f"https://{self.sources[source - 1][0]}/story/{doc_id}",
                             "source_id": source, "title": rng.choice(self.statements)[:90], "authors": [],
                             "published_at": published, "fetched_at": YEAR_START, "language": "en",
                             "kind": "article", "parent_id": None, "text": text, "content_hash": f"{doc_id:064x}",
                             "near_duplicate_of": (rng.randrange(1, doc_id) if doc_id > 1 and rng.random() < 0.02
                                                   else None),
                             "relevance": 0.9, "relevant": rng.random() >= 0.05, "raw_html": None,
                             "crawl_run_id": None, "analyzed_at": YEAR_START})
            yield docs, claims, stances, mentions


def populate(url: str, claims: int) -> dict:
    """Create the store at ``url`` (migrated) and insert the generated rows; return the rates."""
    from sqlalchemy import insert, text

    from corpus import db
    from corpus.models import Claim, Document, Entity, Mention, Proposition, Source, Stance

    gen = Generator(claims)
    engine = db.open_engine(url)
    counts = {"documents": 0, "claims": 0, "stances": 0, "mentions": 0}
    with engine.begin() as conn:
        conn.execute(insert(Source), [{"id": i + 1, "domain": d, "name": n, "kind": k}
                                      for i, (d, n, k) in enumerate(gen.sources)])
        conn.execute(insert(Entity), [{"id": i + 1, "name": n, "label": lab, "actor_type": t, "in_profile": i < 40}
                                      for i, (n, lab, t) in enumerate(gen.entities)])
        conn.execute(insert(Proposition), [{"id": i + 1, "profile": "ai-distillation", "key": k, "text": k}
                                           for i, k in enumerate(gen.propositions)])
    started = time.perf_counter()
    for docs, cl, st, me in gen.batches():
        with engine.begin() as conn:
            conn.execute(insert(Document), docs)
            conn.execute(insert(Claim), cl)
            if st:
                conn.execute(insert(Stance), st)
            if me:
                conn.execute(insert(Mention), me)
        for key, rows in (("documents", docs), ("claims", cl), ("stances", st), ("mentions", me)):
            counts[key] += len(rows)
        if counts["documents"] % 20000 < BATCH_DOCUMENTS:
            print(f"  {counts['claims']:,} claims in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    seconds = time.perf_counter() - started
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for t in ("sources", "entities", "propositions", "documents", "claims", "stances", "mentions"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"))
        conn.execute(text("ANALYZE"))
    engine.dispose()
    rows = sum(counts.values())
    return {**counts, "seconds": round(seconds, 1), "claims_per_s": round(counts["claims"] / seconds),
            "rows_per_s": round(rows / seconds)}


def searches(gen_props: list[str]) -> list[tuple[str, callable]]:
    """The ten searches: ``(name, fn(session))``, each a library call the CLI makes."""
    from corpus import queries, search
    from corpus.positions import actor_positions

    month = (dt.datetime(2026, 3, 1, tzinfo=UTC), dt.datetime(2026, 4, 1, tzinfo=UTC))
    week = (dt.datetime(2026, 2, 23, tzinfo=UTC), dt.datetime(2026, 3, 2, tzinfo=UTC))
    prev = (dt.datetime(2026, 2, 1, tzinfo=UTC), month[0])
    return [
        ("words: fake accounts", lambda s: queries.find_claims(s, text="fake accounts")),
        ('phrase: "fraudulent accounts"', lambda s: queries.find_claims(s, text='"fraudulent accounts"')),
        ("prefix + OR: distill* OR scraping", lambda s: queries.find_claims(s, text="distill* OR scraping")),
        ("speaker: Anthropic", lambda s: queries.find_claims(s, speaker="Anthropic")),
        ("proposition + stance + month", lambda s: queries.find_claims(
            s, proposition="distillation-is-theft", stance="against", since=month[0], until=month[1])),
        ("actor type + week", lambda s: queries.find_claims(s, actor_type="government", since=week[0],
                                                            until=week[1])),
        ("text + speaker + month", lambda s: queries.find_claims(s, text="export controls", speaker="Anthropic",
                                                                 since=month[0], until=month[1])),
        ("in documents: terms of service", lambda s: queries.find_claims(s, text='"terms of service"',
                                                                        search_in="documents")),
        ("documents: hypocrisy", lambda s: search.find_documents(s, text="hypocrisy OR hypocrites")),
        ("actor positions: month vs before", lambda s: actor_positions(
            s, start=month[0], end=month[1], previous=prev, proposition="accusation-justified")),
        ("query actors: week", lambda s: queries.top_actors(s, week[0], week[1], limit=30)),
    ]


def baseline_text(session, needle: str, limit: int = 100):
    """The text filter before migration 0003 (commit e31b3ce): a lower-cased substring of the
    content, the passage (a slice of the document text) or the title, newest first."""
    from sqlalchemy import func, or_, select

    from corpus.models import Claim, Document

    passage = func.substr(Document.text, Claim.sentence_start + 1, Claim.sentence_end - Claim.sentence_start)
    query = (select(Claim.id).join(Document, Claim.document_id == Document.id)
             .where(Document.relevant.is_(True),
                    or_(*(func.lower(c).contains(needle, autoescape=True) for c in (Claim.content, passage,
                                                                                    Document.title))))
             .order_by(Document.published_at.desc().nulls_last(), Claim.id).limit(limit))
    return session.execute(query).all()


def measure(url: str, repeat: int, baseline: bool) -> list[dict]:
    from corpus.store import Store

    out = []
    with Store.open(url) as store:
        cases = searches([])
        if baseline:
            cases.insert(0, ("before (substring): fake accounts", lambda s: baseline_text(s, "fake accounts")))
        for name, fn in cases:
            times = []
            rows = 0
            slow = name.startswith("before")  # minutes a call: timed once, cold
            for i in range(1 if slow else repeat + 1):
                with store.reading() as session:
                    t = time.perf_counter()
                    rows = len(fn(session))
                    if i or slow:
                        times.append((time.perf_counter() - t) * 1000)
            q = statistics.quantiles(times, n=20, method="inclusive") if len(times) > 1 else times * 19
            out.append({"search": name, "rows": rows, "p50_ms": round(statistics.median(times), 1),
                        "p95_ms": round(q[18], 1), "runs": len(times)})
            print(f"  {name:40s} {out[-1]['p50_ms']:9.1f} ms p50 {out[-1]['p95_ms']:9.1f} ms p95 ({rows} rows)",
                  file=sys.stderr)
    return out


def startup(runs: int = 5) -> dict:
    """Seconds of ``debatelens --help`` and ``debatelens query claims --help`` in new processes (median)."""
    out = {}
    for args in (["--help"], ["query", "claims", "--help"]):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "debatelens", *args], check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - t)
        out["debatelens " + " ".join(args)] = round(statistics.median(times), 3)
    return out


def has_rows(url: str, claims: int) -> bool:
    from sqlalchemy import func, select

    from corpus import db
    from corpus.models import Claim

    engine = db.open_engine(url)
    try:
        with engine.connect() as conn:
            return (conn.scalar(select(func.count(Claim.id))) or 0) >= claims
    finally:
        engine.dispose()


def reset(url: str) -> None:
    """An empty database at ``url``: the SQLite file removed, or every table dropped on PostgreSQL."""
    from sqlalchemy import create_engine, text

    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", default="sqlite:////tmp/debatelens-bench.db", help="SQLite store URL ('' to skip)")
    parser.add_argument("--pg", default="", help="PostgreSQL URL of a database of its own (its tables are dropped)")
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each search")
    parser.add_argument("--reuse", action="store_true", help="keep the rows of a previous run when there are enough")
    parser.add_argument("--baseline", action="store_true", help="also time the substring search of before 0003")
    parser.add_argument("--startup", action="store_true", help="only the CLI start-up")
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args()
    report: dict = {"claims": args.claims}
    if args.startup:
        report["startup_s"] = startup()
        print(json.dumps(report, indent=2))
        return
    for name, url in (("sqlite", args.sqlite), ("postgresql", args.pg)):
        if not url:
            continue
        print(f"{name}: {url}", file=sys.stderr)
        entry = {}
        if not (args.reuse and has_rows(url, args.claims)):
            reset(url)
            entry["insert"] = populate(url, args.claims)
            print(f"  inserted: {entry['insert']}", file=sys.stderr)
        entry["searches"] = measure(url, args.repeat, args.baseline)
        report[name] = entry
    report["startup_s"] = startup()
    text = json.dumps(report, indent=2, default=str)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
