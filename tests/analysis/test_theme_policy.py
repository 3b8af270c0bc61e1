"""The themes policy of analysis.run: the first run fits the themes; a later run puts the new
documents' passages into the stored themes (nearest centroid) without refitting; ``refit_themes``
fits again; boilerplate repeated by an outlet is stripped before passages are made; each theme's
share per ISO week is stored. The theme model and the embedder are small stand-ins (the BERTopic
fit itself is tested in test_topics.py), so this runs without models."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pytest
from sqlalchemy import select

from analysis.run import _fit_themes
from analysis.topics import TopicResult
from corpus import queries, writes
from corpus.models import DocumentTopic, Topic
from corpus.profile import load_profile
from corpus.store import Store

UTC = dt.timezone.utc
FOOTER = "Thank you for reading the Harbour Ledger Weekly. Share it with a colleague who follows technology policy."
#: Two kinds of passage, on topic for the profile (they name distillation), written for this test.
EXPORT = ("Officials argued that export controls on chips should now cover access to models, because "
          "distillation through fake accounts lets rivals copy what the chips were meant to protect. ")
ACCOUNTS = ("Anthropic said DeepSeek ran thousands of fake accounts to harvest answers for distillation, "
            "and the accounts were closed once the pattern of requests was found by its team. ")


class Embedder:
    name = "stand-in"

    def encode(self, texts):
        out = np.array([[t.count("export") + 0.1, t.count("accounts") + 0.1, t.count("Thank") + 0.0] for t in texts],
                       dtype=np.float32).reshape(len(texts), 3)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


class Themes:
    """Theme 0: passages about export controls; theme 1: the others. Counts its fits."""

    name = "stand-in"

    def __init__(self):
        self.fits = 0
        self.seen: list[str] = []

    def fit(self, items, vectors):
        self.fits += 1
        self.seen = [p for _, p in items]
        labels = [0 if "export" in p else 1 for _, p in items]
        topics, counts = [], {}
        for number in (0, 1):
            idx = [i for i, x in enumerate(labels) if x == number]
            c = vectors[idx].mean(axis=0)
            topics.append({"number": number, "label": f"theme {number}", "terms": ["t"], "size": len(idx),
                           "example": items[idx[0]][1], "centroid": list(map(float, c / np.linalg.norm(c)))})
        for (doc_id, _), number in zip(items, labels):
            counts.setdefault(doc_id, {}).setdefault(number, 0)
            counts[doc_id][number] += 1
        return TopicResult(topics=topics, assignments=counts)


def add(store, name, text, day):
    with store.unit_of_work() as session:
        source = writes.get_or_create_source(session, "ledger.example", name="Harbour Ledger")
        return writes.add_document(session, url=f"https://ledger.example/{name}",
                                   canonical_url=f"https://ledger.example/{name}", source_id=source, title=name,
                                   text=text, relevant=True, published_at=dt.datetime(2026, 2, day, 9, tzinfo=UTC))


def run(store, parts, *, refit=False):
    with store.unit_of_work() as session:
        run_id = writes.start_analysis_run(session, profile="ai-distillation", parameters={}, versions={})
    counts, seconds = {}, {}
    _fit_themes(store, run_id, parts, load_profile(), counts, seconds, refit=refit)
    return run_id, counts


@pytest.fixture
def store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'themes.db'}") as s:
        for i in range(4):
            add(s, f"d{i}", f"{EXPORT * 2}\n{FOOTER}" if i % 2 else f"{ACCOUNTS * 2}\n{FOOTER}", 23 + i)
        yield s


def test_first_run_fits_later_runs_assign_and_refit_fits_again(store):
    parts = SimpleNamespace(themes=Themes(), embedder=Embedder())
    first, counts = run(store, parts)
    assert parts.themes.fits == 1 and counts["themes"] == "fitted" and counts["topics"] == 2
    assert not any("Thank you" in p for p in parts.themes.seen)  # the outlet's footer is stripped
    later = ("A week on, officials said export controls on chips would be widened to model access, as "
             "distillation through fake accounts had shown how rivals copy what the chips protect. ")
    new = add(store, "d9", f"{later * 2}\n{FOOTER}", 27)
    second, counts = run(store, parts)
    assert parts.themes.fits == 1 and counts["themes"] == "assigned" and counts["theme_run"] == first
    with store.reading() as session:
        assert queries.latest_topic_run(session) == first  # the stored themes stay those of the first run
        rows = session.execute(select(Topic.number, DocumentTopic.passages).join(DocumentTopic)
                               .where(DocumentTopic.document_id == new)).all()
        assert rows == [(0, 1)]  # the new export passage went to the export theme
        themes = {t["number"]: t for t in queries.topics_with_counts(session, first, dt.datetime(2026, 2, 23, tzinfo=UTC),
                                                                     dt.datetime(2026, 3, 2, tzinfo=UTC))}
        assert themes[0]["size"] == 3 and themes[0]["example"].startswith("Officials argued")
        assert themes[0]["shares"] == {"2026-W09": 0.6} and themes[1]["shares"] == {"2026-W09": 0.4}
    third, counts = run(store, parts, refit=True)
    assert parts.themes.fits == 2 and counts["themes"] == "fitted"
    with store.reading() as session:
        assert queries.latest_topic_run(session) == third
