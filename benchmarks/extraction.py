"""Extraction quality: main text and metadata against two hand-labelled page sets.

Run by hand, never in CI::

    .venv/bin/python benchmarks/extraction.py            # scores `debatelens extract` (the CLI)
    .venv/bin/python benchmarks/extraction.py --direct   # calls crawler.extraction.extract
    .venv/bin/python benchmarks/extraction.py --direct --baseline   # + bare trafilatura rows
    .venv/bin/python benchmarks/extraction.py --speed    # pages/s of extraction alone, one process

Data (skipped with a message when ``../shared/data`` is absent):

- ``extraction-bench``: the ScrapingHub article-extraction benchmark (181 pages, ground truth
  ``articleBody``). Metric as in its ``evaluate.py``: ``\\w+`` word tokens, 4-gram shingles,
  precision and recall per page (multiset overlap), each averaged over the pages, F1 of the two
  averages. Precision averages only pages with any prediction, recall pages with any truth.
- ``publisher-pages``: the fundus parser test pages (us/, uk/): per publisher a JSON of expected
  title, authors, publishing date and body per parser version; ``meta.info`` maps each page to
  its URL. Scores: title match with typography folded (curly and straight quotes, dashes, the
  ellipsis character: :func:`crawler.metadata.titles.typography_key`; the expectations mix them
  within one headline), ``title exact`` the strict match (whitespace collapsed only), date
  accuracy (same UTC day),
  author recall (expected names found, case-insensitive), body F1 with the metric above
  (expected body = summary, section headlines and paragraphs).

Speed (``--speed``): pages/s of extraction alone on the extraction-bench pages, one process, pages
already in memory (gzip undone before the clock starts), best of ``--repeat`` runs: debatelens's
:func:`crawler.extraction.extract`, bare ``trafilatura.extract`` (defaults, with metadata, as a
crawler calls it), and the lxml parse alone (the floor).

Through the CLI all pages of a set go to one ``debatelens extract PAGE... --format jsonl`` call,
so pages are read as ``file://`` URLs (``--url`` names one page only); ``--direct`` passes the
real URLs.
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from any folder

from crawler.metadata import parse_datetime  # noqa: E402 - after the path is set
from crawler.metadata.titles import typography_key  # noqa: E402
from crawler.text import shingles as word_shingles  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
BENCH = DATA / "extraction-bench"
PUBLISHERS = DATA / "publisher-pages"

_WS = re.compile(r"\s+")


# --- metric (ScrapingHub article-extraction-benchmark, evaluate.py) ------------------------------


def shingles(text: str | None, n: int = 4) -> Counter:
    """Multiset of ``n``-gram word shingles (:func:`crawler.text.shingles`, case kept as the
    benchmark's ``evaluate.py`` does); a text shorter than ``n`` words is one shingle."""
    return Counter(word_shingles(text, n, casefold=False))


def tp_fp_fn(true: str | None, pred: str | None) -> tuple[int, int, int]:
    """Shingle overlap counts of one page: true positives, false positives, false negatives."""
    t, p = shingles(true), shingles(pred)
    return sum((t & p).values()), sum((p - t).values()), sum((t - p).values())


def precision_recall_f1(rows: Iterable[tuple[int, int, int]]) -> tuple[float, float, float]:
    """Average per-page precision and recall as evaluate.py does, and the F1 of the averages."""
    rows = list(rows)

    def ratio(tp: int, wrong: int, other: int) -> float:
        if wrong == other == 0:
            return 1.0
        return tp / (tp + wrong) if tp + wrong else 0.0

    precisions = [ratio(tp, fp, fn) for tp, fp, fn in rows if tp + fp > 0]
    recalls = [ratio(tp, fn, fp) for tp, fp, fn in rows if tp + fn > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# --- running the extractor -----------------------------------------------------------------------

Page = tuple[str, Path, str]  # (key, path of the .html.gz, real URL)


def run_cli(pages: list[Page], command: list[str]) -> dict[str, dict]:
    """Run ``debatelens extract`` once over all pages; return its JSON rows by page key."""
    by_path = {str(path): key for key, path, _ in pages}
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "extract", *by_path, "--format", "jsonl"],
        capture_output=True, text=True, check=False,
    )
    rows: dict[str, dict] = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            rows[by_path.get(row.get("path"), row.get("path"))] = row
    if not rows:
        raise SystemExit(f"`{' '.join(command)} extract` printed no rows (exit {done.returncode}):\n"
                         f"{done.stderr[-2000:]}")
    print(f"  cli: {len(pages)} pages in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return rows


def run_direct(pages: list[Page]) -> dict[str, dict]:
    """Call :func:`crawler.extraction.extract` in this process, with the real URLs."""
    from crawler.extraction import Rejection, extract

    rows = {}
    started = time.perf_counter()
    for key, path, url in pages:
        result = extract(gzip.decompress(path.read_bytes()), url)
        if isinstance(result, Rejection):
            rows[key] = {"error": result.reason, "detail": result.detail}
        else:
            rows[key] = {
                "text": result.text, "title": result.title, "authors": list(result.authors),
                "published_at": result.published_at.isoformat() if result.published_at else None,
                "canonical_url": result.canonical_url, "language": result.language,
                "outlet": result.outlet,
            }
    print(f"  direct: {len(pages)} pages in {time.perf_counter() - started:.1f}s "
          f"({1000 * (time.perf_counter() - started) / max(1, len(pages)):.0f} ms/page)",
          file=sys.stderr)
    return rows


def run_trafilatura(pages: list[Page], **options: Any) -> dict[str, dict]:
    """Bare trafilatura, as the benchmark's own ``run_trafilatura.py`` calls it (no comments),
    plus ``options``; its metadata (title, author, htmldate date) for publisher-pages."""
    import trafilatura

    rows = {}
    for key, path, url in pages:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        doc = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True, **options)
        if doc is None:
            rows[key] = {"error": "none"}
            continue
        rows[key] = {"text": doc.text, "title": doc.title,
                     "authors": [a for a in (doc.author or "").split("; ") if a], "published_at": doc.date}
    return rows


# --- the two data sets ---------------------------------------------------------------------------


def fingerprint(*folders: Path) -> str:
    """SHA-256 over the files of the evaluation folders (relative path and bytes, sorted): the
    floors of ``tests/crawler/test_eval_gate.py`` hold for this data only."""
    import hashlib

    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder.parent)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def scores(rows_bench: dict[str, dict], rows_publishers: dict[str, dict]) -> dict[str, float]:
    """The gate's figures from extraction rows of both sets (``run_direct`` output): bench body
    F1; publisher-pages title (typography folded), title exact, date, authors, body F1 (all regions)."""
    _, truth = bench_pages()
    _, expected = publisher_pages()
    bench_f1 = precision_recall_f1(tp_fp_fn(truth[k], rows_bench.get(k, {}).get("text")) for k in truth)[2]
    pub = score_publishers(expected, rows_publishers, verbose=False)
    return {"bench_body_f1": bench_f1, "publisher_title": pub["title"],
            "publisher_title_exact": pub["title_exact"], "publisher_date": pub["date"],
            "publisher_authors": pub["authors"], "publisher_body_f1": pub["body_f1"]}


def bench_pages() -> tuple[list[Page], dict[str, str]]:
    """Pages and expected bodies of the article-extraction benchmark."""
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(key, BENCH / "html" / f"{key}.html.gz", item["url"]) for key, item in sorted(truth.items())]
    return pages, {key: item["articleBody"] for key, item in truth.items()}


def publisher_pages() -> tuple[list[Page], dict[str, dict]]:
    """Pages and expected fields of the fundus publisher test set, one page per parser version.

    A publisher's JSON holds one expectation per parser version, not per file; each version is
    paired with the page of that publisher whose raw HTML contains most of its expected
    paragraphs (one page per version).
    """
    pages: list[Page] = []
    expected: dict[str, dict] = {}
    for region in sorted(p for p in PUBLISHERS.iterdir() if p.is_dir()):
        meta = json.loads((region / "meta.info").read_text(encoding="utf-8"))
        for spec in sorted(region.glob("*.json")):
            publisher = spec.stem
            versions = json.loads(spec.read_text(encoding="utf-8"))
            files = [f for f in meta if f.startswith(publisher + "_") and (region / f).is_file()]
            raw = {f: html_lib.unescape(gzip.decompress((region / f).read_bytes()).decode("utf-8", "replace"))
                   for f in files}
            taken: set[str] = set()
            for fields in versions.values():
                body = _expected_body(fields.get("body"))
                probes = [p[:60] for p in body.split("\n") if len(p) >= 40][:12] or [fields.get("title") or ""]
                best = max((f for f in files if f not in taken),
                           key=lambda f: sum(p in raw[f] for p in probes), default=None)
                if best is None:
                    continue
                taken.add(best)
                key = f"{region.name}/{best}"
                pages.append((key, region / best, meta[best]["url"]))
                expected[key] = {**fields, "body": body}
    return pages, expected


def _expected_body(body: dict | None) -> str:
    if not body:
        return ""
    parts = list(body.get("summary", []))
    for section in body.get("sections", []):
        parts += section.get("headline", []) + section.get("paragraphs", [])
    return "\n".join(parts)


def _norm(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def _day(value: str | None) -> str | None:
    """The UTC day (``YYYY-MM-DD``) of a date string, read as the crawler reads dates
    (:func:`crawler.metadata.parse_datetime`: naive means UTC); None for none."""
    parsed = parse_datetime(value)
    return parsed.date().isoformat() if parsed else None


def score_publishers(expected: dict[str, dict], rows: dict[str, dict], verbose: bool) -> dict[str, Any]:
    titles, exact, dates, authors, bodies = [], [], [], [], []
    for key, want in expected.items():
        got = rows.get(key, {})
        if want.get("title"):
            titles.append(typography_key(got.get("title")) == typography_key(want["title"]))
            exact.append(_norm(got.get("title")) == _norm(want["title"]))
        if _day(want.get("publishing_date")):
            dates.append(_day(got.get("published_at")) == _day(want["publishing_date"]))
        if want.get("authors"):
            found = {_norm(a).casefold() for a in got.get("authors") or []}
            authors.append(sum(_norm(a).casefold() in found for a in want["authors"]) / len(want["authors"]))
        bodies.append(tp_fp_fn(want["body"], got.get("text")))
        if verbose:
            print(f"{key}\n  title {got.get('title')!r} / {want.get('title')!r}\n"
                  f"  date {got.get('published_at')} / {want.get('publishing_date')}\n"
                  f"  authors {got.get('authors')} / {want.get('authors')}\n"
                  f"  body P/R/F1 {precision_recall_f1([bodies[-1]])} {got.get('error', '')}")
    p, r, f = precision_recall_f1(bodies)
    return {
        "pages": len(expected),
        "title": statistics.mean(titles) if titles else float("nan"),
        "title_exact": statistics.mean(exact) if exact else float("nan"),
        "date": statistics.mean(dates) if dates else float("nan"),
        "authors": statistics.mean(authors) if authors else float("nan"),
        "body_p": p, "body_r": r, "body_f1": f,
        "rejected": sum("error" in rows.get(k, {"error": 1}) for k in expected),
    }


def speed(pages: list[Page], repeat: int) -> list[tuple[str, float]]:
    """Pages per second of extraction alone, one process, best of ``repeat`` runs.

    Returns:
        list[tuple[str, float]]: (system, pages/s) for debatelens ``extract``, bare
        ``trafilatura.extract`` with metadata, and ``lxml.html.document_fromstring`` (the floor).
    """
    import lxml.html
    import trafilatura

    from crawler.extraction import extract

    raw = [(gzip.decompress(path.read_bytes()), url) for _, path, url in pages]
    systems: list[tuple[str, Callable[[bytes, str], object]]] = [
        ("debatelens extract", lambda html, url: extract(html, url)),
        ("bare trafilatura.extract", lambda html, url: trafilatura.extract(html, url=url, with_metadata=True)),
        ("lxml parse (floor)", lambda html, url: lxml.html.document_fromstring(html)),
    ]
    results = []
    for label, run in systems:
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            for html, url in raw:
                run(html, url)
            best = min(best, time.perf_counter() - started)
        results.append((label, len(raw) / best))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--direct", action="store_true",
                        help="call crawler.extraction.extract in-process instead of the CLI")
    parser.add_argument("--cli", default=None,
                        help="command that runs debatelens (default: the debatelens script of this venv)")
    parser.add_argument("--baseline", action="store_true",
                        help="also score bare trafilatura (defaults and favor_precision)")
    parser.add_argument("--only", choices=["bench", "publishers"], help="score one data set")
    parser.add_argument("--speed", action="store_true",
                        help="pages/s of extraction alone on extraction-bench (one process), then stop")
    parser.add_argument("--repeat", type=int, default=2, help="runs per system of --speed, best kept (default 2)")
    parser.add_argument("-v", "--verbose", action="store_true", help="per-page detail of publisher pages")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: no benchmark data at {DATA}")
        return 0

    if args.speed:
        pages, _ = bench_pages()
        print(f"\nextraction speed, one process, {len(pages)} extraction-bench pages in memory, "
              f"best of {args.repeat}")
        for label, rate in speed(pages, args.repeat):
            print(f"{label:<30} {rate:>8.1f} pages/s")
        return 0

    if args.direct:
        runner: Callable[[list[Page]], dict[str, dict]] = run_direct
        name = "debatelens (direct)"
    else:
        command = args.cli.split() if args.cli else [_debatelens_script()]
        runner, name = (lambda pages: run_cli(pages, command)), "debatelens extract (CLI)"

    if args.only in (None, "bench") and BENCH.is_dir():
        pages, truth = bench_pages()
        systems = [(name, runner)]
        if args.baseline:
            systems += [("trafilatura defaults", run_trafilatura),
                        ("trafilatura favor_precision", lambda p: run_trafilatura(p, favor_precision=True))]
        print(f"\narticle-extraction-benchmark ({len(pages)} pages)")
        print(f"{'system':<30} {'precision':>9} {'recall':>9} {'F1':>9} {'rejected':>9}")
        for label, run in systems:
            rows = run(pages)
            p, r, f = precision_recall_f1(tp_fp_fn(truth[k], rows.get(k, {}).get("text")) for k in truth)
            rejected = sum(not rows.get(k, {}).get("text") for k in truth)
            print(f"{label:<30} {p:>9.4f} {r:>9.4f} {f:>9.4f} {rejected:>9}")

    if args.only in (None, "publishers") and PUBLISHERS.is_dir():
        pages, expected = publisher_pages()
        systems = [(name, runner)]
        if args.baseline:
            systems += [("trafilatura defaults", run_trafilatura)]
        print(f"\npublisher-pages ({len(pages)} pages)")
        print(f"{'system':<26} {'region':<6} {'pages':>5} {'title':>6} {'exact':>6} {'date':>6} {'authors':>7} "
              f"{'body P':>7} {'body R':>7} {'body F1':>7} {'rejected':>8}")
        for label, run in systems:
            rows = run(pages)
            for region in sorted({k.split("/")[0] for k in expected}) + ["all"]:
                subset = {k: v for k, v in expected.items() if region == "all" or k.startswith(region + "/")}
                s = score_publishers(subset, rows, args.verbose and region == "all")
                print(f"{label:<26} {region:<6} {s['pages']:>5} {s['title']:>6.3f} {s['title_exact']:>6.3f} {s['date']:>6.3f} "
                      f"{s['authors']:>7.3f} {s['body_p']:>7.3f} {s['body_r']:>7.3f} {s['body_f1']:>7.3f} "
                      f"{s['rejected']:>8}")
    return 0


def _debatelens_script() -> str:
    beside = Path(sys.executable).with_name("debatelens")
    found = str(beside) if beside.exists() else shutil.which("debatelens")
    if not found:
        raise SystemExit("no `debatelens` command found: install the project (pip install -e .) "
                         "or pass --cli / --direct")
    return found


if __name__ == "__main__":
    sys.exit(main())
