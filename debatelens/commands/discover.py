"""``debatelens discover``: print, as JSONL, every URL a crawl would fetch, fetching no page."""

from __future__ import annotations

import json
from dataclasses import asdict

import click


@click.command()
@click.option("--url", "urls", multiple=True, help="A page URL (listed as it is; repeatable).")
@click.option("--feed", "feeds", multiple=True, help="An RSS/Atom feed whose entries to list (repeatable).")
@click.option("--sitemap", "sitemaps", multiple=True, help="A sitemap, sitemap index or robots.txt (repeatable).")
@click.option("--statement", "statements", multiple=True, help="An official statement's URL (listed as it is).")
@click.option("--warc", "warcs", multiple=True, type=click.Path(dir_okay=False),
              help="List the pages of this WARC file (repeatable).")
@click.option("--warc-since", help="WARC records dated on or after this day or time (ISO 8601, UTC).")
@click.option("--warc-until", help="WARC records dated before this day or time (ISO 8601, UTC).")
@click.option("--warc-host", "warc_hosts", multiple=True, help="WARC records of this host or its subdomains only.")
@click.option("--log-level", default="WARNING", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]), help="Scrapy log level (on stderr).")
@click.option("--allow-private", is_flag=True, default=None,
              help="Read private, loopback and reserved addresses too (a local site) [env DEBATELENS_ALLOW_PRIVATE].")
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
              help="A TOML file of settings.")
@click.option("--profile", default=None, help="Debate profile: a shipped name or a .toml file [default: the "
                                                "profile setting].")
def discover(urls, feeds, sitemaps, statements, warcs, warc_since, warc_until, warc_hosts, log_level, allow_private,
             config, profile):
    """List every URL a crawl would fetch, as JSONL on stdout, fetching no article.

    Reads the sources (feeds, sitemaps, API searches) as `crawl` does, with no store; each URL
    appears once with what its source said of it: url, source, via, title, published (ISO 8601
    UTC), kind, extra. With no source options, the profile's discovery sources are read.
    Sources that fail are reported on stderr.

    \b
    Example:
      debatelens discover --sitemap http://127.0.0.1:8765/sitemap.xml --allow-private > urls.jsonl
    """
    from crawler.discover import discover as run_discover
    from crawler.sources.plan import warc_plan

    from ..cli import _check_urls, _settings, library_errors

    @library_errors
    def run():
        settings = _settings(config, profile=profile, allow_private=allow_private)
        given = {"urls": _check_urls(urls, "--url"), "feeds": _check_urls(feeds, "--feed"),
                 "sitemaps": _check_urls(sitemaps, "--sitemap"), "statements": _check_urls(statements, "--statement"),
                 "warc": warc_plan(list(warcs), since=warc_since, until=warc_until, hosts=list(warc_hosts))}
        out = click.get_text_stream("stdout")

        def print_url(found) -> None:
            out.write(json.dumps(asdict(found), ensure_ascii=False) + "\n")
            out.flush()

        return run_discover(settings=settings, sources=given, on_url=print_url,
                            scrapy_overrides={"LOG_LEVEL": log_level})

    summary = run()
    for failure in summary.failures:
        click.echo(f"failed {failure.url}: {failure.reason} ({failure.detail})", err=True)
    click.echo(f"discover: {summary.urls} URLs in {summary.seconds:.1f}s, {len(summary.failures)} sources failed.",
               err=True)
    if summary.status != "finished":
        raise click.ClickException(f"discovery {summary.status} before its end.")
    if not summary.urls and summary.failures:
        raise click.ClickException("no URL found: every source failed (see above).")
