"""The real-page site of the end-to-end run, built from ../shared/data (never copied into the repo).

Used by ``benchmarks/end_to_end.py`` and ``tests/test_end_to_end_real.py``: the AI-news digests of
``ainews/html`` (Jan-Mar 2025, as published), the February 2026 digests of ``ainews/markdown``
rendered to HTML pages (title, canonical link, JSON-LD date), and the 181 off-topic pages of
``extraction-bench``, plus a sitemap written for the origin that serves them.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
AINEWS = DATA / "ainews"
BENCH = DATA / "extraction-bench"


def available() -> bool:
    """True when the shared data the site is built from is present."""
    return (AINEWS / "html").is_dir() and (AINEWS / "markdown").is_dir() and (BENCH / "html").is_dir()


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(scalar fields, body)`` of a markdown file with YAML front matter (scalars only)."""
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    if not match:
        return {}, text
    fields = {}
    for line in match[1].splitlines():
        m = re.match(r"^(\w+):\s*'?(.*?)'?\s*$", line)
        if m and m[2] and not m[2].startswith(">"):
            fields[m[1]] = m[2]
    return fields, match[2]


def render_markdown(path: Path) -> str:
    """An HTML page for one markdown digest, as its site would publish it."""
    import markdown

    fields, body = front_matter(path.read_text(encoding="utf-8"))
    title = html.escape(fields.get("title", path.stem))
    date = fields.get("date", "")
    slug = path.stem
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": fields.get("title", slug),
                     "datePublished": date, "publisher": {"@type": "Organization", "name": "AINews"}})
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="canonical" href="https://news.smol.ai/issues/{slug}">'
            f'<meta property="og:site_name" content="AINews"><meta property="article:published_time" content="{date}">'
            f'<script type="application/ld+json">{ld}</script></head><body><header><a href="/">AINews</a></header>'
            f'<main><article><h1>{title}</h1>{markdown.markdown(body)}</article></main>'
            f'<footer>AINews archive</footer></body></html>')


def build_site(dest: Path, *, markdown_glob: str = "26-02-*.md") -> list[str]:
    """Write the site's pages under ``dest`` and return their paths relative to it."""
    (dest / "ainews").mkdir(parents=True, exist_ok=True)
    (dest / "bench").mkdir(exist_ok=True)
    pages = []
    for path in sorted((AINEWS / "html").glob("*.html")):
        shutil.copy(path, dest / "ainews" / path.name)
        pages.append(f"ainews/{path.name}")
    for path in sorted((AINEWS / "markdown").glob(markdown_glob)):
        (dest / "ainews" / f"{path.stem}.html").write_text(render_markdown(path), encoding="utf-8")
        pages.append(f"ainews/{path.stem}.html")
    for path in sorted((BENCH / "html").glob("*.html.gz")):
        name = path.name[:-3]
        (dest / "bench" / name).write_bytes(gzip.decompress(path.read_bytes()))
        pages.append(f"bench/{name}")
    return pages


def write_sitemap(dest: Path, origin: str, pages: list[str]) -> str:
    """Write ``dest/sitemap.xml`` listing ``pages`` under ``origin``; returns its URL."""
    (dest / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{origin}/{p}</loc></url>" for p in pages) + "</urlset>", encoding="utf-8")
    return f"{origin}/sitemap.xml"
