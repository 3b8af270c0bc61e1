"""The kind of a document: ``article``, ``post``, ``statement`` or ``thread``.

Signals, strongest first: schema.org types (:data:`KIND_BY_TYPE`); press-office URL paths,
genres, headlines and labels ("Press Release"); forum software (``<meta name=generator>``);
blog hosts, blog generators and blog-engine post markup (WordPress ``type-post``). Default
``article``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.etree
import lxml.html

from crawler.text import text_key

__all__ = ["KIND_BY_TYPE", "document_kind"]

#: schema.org types -> document kind. Types missing here carry no signal.
KIND_BY_TYPE = {
    **dict.fromkeys(
        ["Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
         "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
         "AskPublicNewsArticle", "ScholarlyArticle", "TechArticle", "SatiricalArticle",
         "Report", "LiveBlogPosting"], "article"),
    **dict.fromkeys(["BlogPosting", "Blog", "SocialMediaPosting"], "post"),
    **dict.fromkeys(["DiscussionForumPosting", "QAPage"], "thread"),
    "PressRelease": "statement",
}
# Press offices: URL path segments, headline openings, a label such as "Press Release".
_STATEMENT_PATH = re.compile(
    r"press[-_ ]?releases?|pressemitteilung|(?:news|media)[-_ ]releases?|communiqu|(?:^|/)(?:press"
    r"|newsroom|press-?room|press-?corner|press-office|media-cent(?:re|er)|briefing-room"
    r"|press[-_]statements?)(?:/|\s|$)", re.IGNORECASE)
_STATEMENT_TITLE = re.compile(r"^(?:joint )?statement (?:by|from|on)\b|^press release\b|^readout\b", re.IGNORECASE)
_STATEMENT_LABELS = {"press release", "news release", "media release", "press statement", "statement"}
_LABELS = lxml.etree.XPath("//body//*[not(*)][not(self::a or ancestor::nav or ancestor::footer)]")
_FORUM_GENERATOR = re.compile(r"discourse|phpbb|vbulletin|xenforo|mybb|flarum|nodebb|invision|smf", re.IGNORECASE)
# Blogs without schema.org types: platforms, generators, blog-engine post markup.
_BLOG_HOST = re.compile(r"(?:^|\.)(?:substack\.com|blogspot\.[a-z.]+|wordpress\.com|medium\.com"
                        r"|ghost\.io|tumblr\.com|typepad\.com|livejournal\.com)$")
_BLOG_GENERATOR = re.compile(r"ghost|blogger|hugo|jekyll|hexo|substack|medium|eleventy", re.IGNORECASE)
_BLOG_MARKUP = lxml.etree.XPath('//*[contains(concat(" ", normalize-space(@class), " "), " single-post ")'
                                ' or contains(concat(" ", normalize-space(@class), " "), " type-post ")]')


def document_kind(tree: lxml.html.HtmlElement, *, schema_types: set[str], genre: str, paths: str,
                  titles: Iterable[str], generator: str, host: str) -> str:
    """The kind of the page's document.

    Args:
        tree: the parsed page (for labels and blog-engine markup).
        schema_types: schema.org type names of the main entity and the microdata items.
        genre: the main entity's ``genre`` and ``articleSection``, space-separated.
        paths: the paths of the fetched and the canonical URL, space-separated.
        titles: headline candidates (a "Statement by ..." opening marks a statement).
        generator: ``<meta name=generator>`` content, ``""`` if none.
        host: host name of the canonical URL, ``""`` if none.

    Returns:
        str: ``"thread"``, ``"statement"``, ``"article"`` or ``"post"``, by the first signal
        that decides, in the order of the module docstring.
    """
    kinds = {KIND_BY_TYPE[t] for t in schema_types if t in KIND_BY_TYPE}
    if "thread" in kinds:
        return "thread"
    if "statement" in kinds or _STATEMENT_PATH.search(paths) or _STATEMENT_PATH.search(genre) \
            or any(_STATEMENT_TITLE.match(t) for t in titles) \
            or any(text_key(e.text or "") in _STATEMENT_LABELS for e in _LABELS(tree)):
        return "statement"
    if kinds:
        return "article" if "article" in kinds else "post"
    if _FORUM_GENERATOR.search(generator):
        return "thread"
    blog = _BLOG_HOST.search(host) or _BLOG_GENERATOR.search(generator) or _BLOG_MARKUP(tree)
    return "post" if blog else "article"
