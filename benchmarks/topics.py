"""Themes beside plain BERTopic on the AI-news digests' passages: coherence, diversity, outliers,
boilerplate.

Run by hand, never in CI::

    python benchmarks/topics.py                      # ~3,000 passages of the Feb-Mar 2026 digests
    python benchmarks/topics.py --passages 1500 --glob '26-02-*.md'

The corpus: the markdown digests of ``../shared/data/ainews/markdown`` rendered to the pages their
site publishes (``benchmarks/realsite.render_markdown``), extracted by the crawler's ``extract``
(the text the store would hold), cut into passages by ``analysis.topics.passages``; every
``k``-th passage is kept so about ``--passages`` remain, spread over all digests. The same
passages and the same embeddings (all-MiniLM-L6-v2, the packaged model) go to:

- ``plain``: ``BERTopic()`` with its defaults (UMAP given ``random_state`` only, so runs compare),
  on the passages as extracted;
- ``debatelens``: :class:`analysis.topics.ThemeModel` (scaled clusters, outliers reassigned above a
  similarity, KeyBERTInspired terms and labels) on the passages with the outlet's boilerplate
  stripped (:class:`analysis.boilerplate.Boilerplate`, learned over all the digests).

Figures, per system:

- ``npmi``: mean NPMI coherence of each theme's top 10 words (Bouma 2009; Röder et al. 2015's
  ``c_npmi``: gensim ``CoherenceModel``, boolean sliding window of 10 tokens), measured against
  one reference for both systems: *every* passage of the digests as extracted (not the sample:
  each system is fitted on its own sample, plain on the passages as extracted, debatelens on
  them with the template stripped, and a reference made of one system's sample scored the other's
  words against passages it never saw: debatelens' NPMI was -0.165 against plain's sample and
  -0.048 against all passages, plain's 0.032 -> 0.017), tokenised as the vectorizer does
  (scikit-learn's English stop words out).
  The top 10 words are of one kind for both: each system's c-TF-IDF ranking, a term of two words
  giving its words in order, keeping the first 10 distinct words the reference's tokeniser keeps
  (plain BERTopic's default vectorizer keeps stop words, "the, for, and": they were dropped after
  the cut at 10, so plain was scored on fewer words than debatelens).
- ``words``: mean number of words scored per theme (10 unless a theme's passages hold fewer).
- ``diversity``: unique words / all words over the themes' top 10 words (Dieng et al. 2020).
- ``outliers``: share of passages in topic -1.
- ``boilerplate themes``: themes of which at least half the passages are mostly (>= 50% of their
  characters) newsletter template, as detected by repetition in at least 30% of the digests, or
  whose top words hold three or more of the template's own words (subreddits, discords, ...).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.realsite import AINEWS, render_markdown  # noqa: E402

#: Words of the digests' own template (masthead, section headings): a theme whose top words hold
#: three of them is the newsletter talking about itself.
TEMPLATE_WORDS = frozenset({"subreddits", "discords", "twitters", "channels", "messages", "recap", "recaps",
                            "summaries", "summary", "reading", "saved", "minutes", "estimated", "checked",
                            "unsubscribe", "opt", "email", "frequencies", "section", "issues", "website"})


def documents(pattern: str) -> list[tuple[str, str]]:
    """``(url, text)`` of every digest matching ``pattern``, extracted as the crawler would."""
    from crawler.extraction import extract

    out = []
    for path in sorted((AINEWS / "markdown").glob(pattern)):
        url = f"https://news.smol.ai/issues/{path.stem}"
        doc = extract(render_markdown(path), url)
        if getattr(doc, "text", None):
            out.append((url, doc.text))
    if not out:
        sys.exit(f"no digests match {pattern} under {AINEWS / 'markdown'}: ../shared/data is absent?")
    return out


def cached_encode(embedder, texts: list[str]):
    """``embedder.encode(texts)``, kept in ``~/.cache/debatelens/benchmarks`` under the SHA-256 of
    the model name and the texts (embedding 6,000 passages takes minutes on two busy cores)."""
    import hashlib

    import numpy as np

    digest = hashlib.sha256("\x00".join([embedder.name, *texts]).encode("utf-8")).hexdigest()[:24]
    path = Path.home() / ".cache" / "debatelens" / "benchmarks" / f"topics-{digest}.npy"
    if path.exists():
        return np.load(path)
    vectors = embedder.encode(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def sample(items: list, n: int) -> list:
    """Every k-th item, so about ``n`` remain (all when there are fewer)."""
    step = max(1, len(items) // n)
    return items[::step][:n]


def words_of(terms: list[str], k: int = 10, *, keep=None) -> list[str]:
    """The first ``k`` distinct words of a theme's terms (a two-word term gives both words), only
    those for which ``keep(word)`` is true when ``keep`` is given (the reference's tokeniser)."""
    out: list[str] = []
    for term in terms:
        for w in term.split():
            if w not in out and (keep is None or keep(w)):
                out.append(w)
    return out[:k]


def npmi(topics: list[list[str]], texts: list[list[str]]) -> float:
    """Mean ``c_npmi`` of ``topics`` (word lists) against ``texts`` (token lists), by gensim."""
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    dictionary = Dictionary(texts)
    known = [[w for w in t if w in dictionary.token2id] for t in topics]
    known = [t for t in known if len(t) >= 2]
    if not known:
        return float("nan")
    model = CoherenceModel(topics=known, texts=texts, dictionary=dictionary, coherence="c_npmi", topn=10,
                           processes=1)
    return float(model.get_coherence())


def diversity(topics: list[list[str]]) -> float:
    """Unique words / all words over the topics' word lists."""
    total = sum(len(t) for t in topics)
    return len({w for t in topics for w in t}) / total if total else float("nan")


def plain(docs: list[str], vectors, seed: int):
    """Plain BERTopic defaults (a seeded UMAP with BERTopic's default parameters)."""
    from bertopic import BERTopic
    from umap import UMAP

    # top_n_words=40 only lengthens the c-TF-IDF ranking kept (stop words are cut from it before
    # the top 10 are scored); the clusters and the ranking are the defaults'.
    model = BERTopic(umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                                     random_state=seed), top_n_words=40, verbose=False)
    labels, _ = model.fit_transform(docs, embeddings=vectors)
    terms = {n: [w for w, _ in model.get_topic(n) or []] for n in set(labels) if n != -1}
    return [int(x) for x in labels], terms, {n: ", ".join(t[:4]) for n, t in terms.items()}


def ours(items: list[tuple[int, str]], vectors, seed: int, embedder):
    """debatelens' ThemeModel."""
    from analysis.topics import ThemeModel

    result = ThemeModel(seed=seed, embedder=embedder).fit(items, vectors)
    labels = [0] * len(items)
    # Passage -> theme from the per-document counts: each sampled passage is its own "document".
    for doc_id, counts in result.assignments.items():
        (number,) = counts
        labels[doc_id] = number
    terms = {t["number"]: t["terms"] for t in result.topics if t["number"] != -1}
    return labels, terms, {t["number"]: t["label"] for t in result.topics if t["number"] != -1}


def measure(name: str, labels: list[int], terms: dict[int, list[str]], names: dict[int, str], reference,
            template_heavy: list[bool], seconds: float, *, keep=None) -> dict:
    top = {n: words_of(t, keep=keep) for n, t in terms.items()}
    members = Counter(labels)
    heavy = Counter(n for n, h in zip(labels, template_heavy) if h)
    boiler = sorted(n for n in top if heavy[n] >= 0.5 * members[n] or len(set(top[n]) & TEMPLATE_WORDS) >= 3)
    return {"system": name, "themes": len(top), "words": sum(map(len, top.values())) / max(1, len(top)), "outliers": members.get(-1, 0) / len(labels),
            "npmi": npmi(list(top.values()), reference), "diversity": diversity(list(top.values())),
            "boilerplate_themes": [names[n] for n in boiler], "seconds": round(seconds, 1),
            "labels": [names[n] for n, _ in sorted(members.items(), key=lambda kv: -kv[1]) if n != -1][:12]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glob", default="26-0[23]-*.md", help="digests to read (default Feb-Mar 2026)")
    parser.add_argument("--passages", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--skip-plain", action="store_true", help="measure debatelens' model only")
    args = parser.parse_args(argv)

    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.boilerplate import Boilerplate
    from analysis.embeddings import Embedder
    from analysis.topics import passages

    t0 = time.perf_counter()
    docs = documents(args.glob)
    template = Boilerplate(min_share=0.3).fit(("ainews", text) for _, text in docs)
    raw = sample([p for _, text in docs for p in passages(text)], args.passages)
    stripped_docs = [(url, template.strip("ainews", text)) for url, text in docs]
    clean = sample([p for _, text in stripped_docs for p in passages(text)], args.passages)

    def template_share(p: str) -> float:
        from analysis.boilerplate import sentences

        chars = sum(len(s) for line in p.split("\n") for s in sentences(line) if template.is_boilerplate("ainews", s))
        return chars / max(1, len(p))

    print(f"{len(docs)} digests, {len(raw)} passages as extracted, {len(clean)} with boilerplate stripped "
          f"({template.size()} template lines/sentences learned); {time.perf_counter() - t0:.0f} s",
          file=sys.stderr)
    analyzer = CountVectorizer(stop_words="english", token_pattern=r"(?u)\b[A-Za-z][A-Za-z0-9\-\.]+\b").build_analyzer()
    reference = [analyzer(p) for _, text in docs for p in passages(text)]  # every passage, as extracted

    def keep(word: str) -> bool:
        return analyzer(word) == [word]
    embedder = Embedder()
    t = time.perf_counter()
    raw_vectors, clean_vectors = cached_encode(embedder, raw), cached_encode(embedder, clean)
    print(f"embedded in {time.perf_counter() - t:.0f} s", file=sys.stderr)

    rows = []
    t = time.perf_counter()
    if not args.skip_plain:
        labels, terms, names = plain(raw, raw_vectors, args.seed)
        rows.append(measure("BERTopic defaults", labels, terms, names, reference,
                            [template_share(p) >= 0.5 for p in raw], time.perf_counter() - t, keep=keep))
        t = time.perf_counter()
    labels, terms, names = ours(list(enumerate(clean)), clean_vectors, args.seed, embedder)
    rows.append(measure("debatelens ThemeModel", labels, terms, names, reference,
                        [template_share(p) >= 0.5 for p in clean], time.perf_counter() - t, keep=keep))
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{'system':24} {'themes':>6} {'outliers':>8} {'NPMI':>7} {'diversity':>9} {'words':>5} {'seconds':>7}  boilerplate themes")
    for r in rows:
        print(f"{r['system']:24} {r['themes']:6d} {r['outliers']:8.1%} {r['npmi']:7.3f} {r['diversity']:9.2f} {r['words']:5.1f} "
              f"{r['seconds']:7.1f}  {len(r['boilerplate_themes'])} {r['boilerplate_themes'][:3]}")
    for r in rows:
        print(f"\n{r['system']}, largest themes: " + " | ".join(r["labels"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
