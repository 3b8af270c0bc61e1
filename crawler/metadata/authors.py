"""Author names from what pages put in their bylines and author fields.

Pages write more than names there: "By Jane Doe", "Jane Doe, Senior Policy Correspondent",
"Jane Doe for The Outlet", "Jane Doe jane@outlet.example", "记者 王晓明 李静", "Von Jana Becker".
:func:`author_names` keeps the names. Home-made because neither trafilatura's
``normalize_authors`` nor htmldate removes job titles, "for OUTLET" or CJK reporter labels; the
word lists are ours, gathered from the bylines of the shared publisher pages and news sites'
style (a role is a phrase whose head noun is a newsroom job: correspondent, editor, reporter...).
"""

from __future__ import annotations

import re

__all__ = ["author_names"]

# "By", "Written by", "Words:", and the same in the languages of the coverage: German von,
# French par, Spanish/Portuguese por, Italian di, Dutch door, Swedish/Norwegian av, Danish af,
# Polish przez, Russian автор.
_PREFIX = re.compile(
    r"^(?:(?:written|reported|posted|story|text|words|reporting)\s+by\b|by\b|words\b|автор\w*\b)\s*[:：]?\s*",
    re.IGNORECASE)
# the same in other languages, taken only when two words follow ("Di Maria" is a name)
_FOREIGN_PREFIX = re.compile(r"^(?:von|par|por|di|door|av|af|przez|texte?)\s*:?\s+(?=\S+\s+\S)", re.IGNORECASE)
# Chinese (and Japanese) reporter labels before the names: 记者 (reporter), 本报记者 (this paper's
# reporter), 特约记者 / 通讯员 (correspondent), 作者 (author), 文 / 撰文 / 采写 (written by), 編集 ...
_CJK_PREFIX = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,4}(?:记者|記者|通讯员|通訊員)|作者|撰文|采写|採寫|文|编译|編譯|执笔|執筆)\s*[:：/／|]?\s*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_EMAIL = re.compile(r"[(<\[]?\s*(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)>\]]?")
_FOR_OUTLET = re.compile(r"\s+(?:for|für|pour|para|per|voor)\s+(?:the\s+)?[A-Z\u00c0-\u024f].*$")
_BIO = re.compile(r"\s+(?:is|was|has been|covers|writes)\s+(?:a|an|the|about|on|for)\b.*$", re.IGNORECASE)
_PAREN = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_SEPARATORS = re.compile(r"\s*(?:;|\||,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|、|，|；)\s*", re.IGNORECASE)
_DASH_ROLE = re.compile(r"\s+[-\u2013\u2014]\s+(.+)$")
#: Head nouns of newsroom jobs: a part of a byline containing one is a role, not a name.
ROLE_WORDS = frozenset("""
correspondent correspondents editor editors reporter reporters writer writers journalist journalists
columnist columnists contributor contributors analyst producer photographer photographers staff
desk bureau newsroom intern anchor commentator critic presenter
redakteur redakteurin korrespondent korrespondentin journaliste rédacteur rédactrice envoyé
envoyée corresponsal periodista redactor redactora giornalista inviato inviata
""".split())
# qualifiers that only ever appear inside roles ("Senior Policy Correspondent")
_ROLE_ONLY = frozenset("senior deputy associate assistant contributing managing executive special "
                       "political policy technology tech science business economics foreign".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
_NOT_A_NAME = re.compile(
    r"^(?:posted|published|updated|modified|written|last updated|staff|admin|editor|by)"
    r"(?:\s+(?:on|at|by|in))?$", re.IGNORECASE)


def author_names(raw: str | None) -> list[str]:
    """The person (or organisation) names in one byline or author field, in order.

    Removes a leading "By" (or its equivalent in German, French, Spanish, Italian, Dutch,
    Scandinavian, Polish, Russian), CJK reporter labels (记者, 本报记者, 作者, 文/ ...), e-mail
    addresses, "for OUTLET", parenthesised notes, and parts that are job titles ("Senior Policy
    Correspondent": :data:`ROLE_WORDS`); splits several names on ``,`` ``;`` ``&`` "and" (and
    its equivalents), ``、`` and, in CJK bylines, spaces.

    Args:
        raw (str | None): a byline or an author field as the page gives it.

    Returns:
        list[str]: names, spelling and case kept (user names stay as written). A byline that is
        only a role ("Reuters Staff") is kept whole rather than lost; URLs and strings without
        letters give nothing.
    """
    text = _EMAIL.sub(" ", raw or "").strip(" \t\n:：")
    if not text or "://" in text or text.lower().startswith("www."):
        return []
    cjk = bool(_CJK.search(text))
    text = _CJK_PREFIX.sub("", text) if cjk else text
    text = _PAREN.sub("", text).strip()
    text = _FOREIGN_PREFIX.sub("", _PREFIX.sub("", text), count=1).strip()
    if not cjk:
        text = _FOR_OUTLET.sub("", _BIO.sub("", text))
    parts = [p.strip(" .-\u2013\u2014:：/").lstrip("@") for p in _SEPARATORS.split(text)]
    if cjk:
        parts = [q for p in parts for q in (p.split() if _CJK.search(p) else [p])]
    names = []
    for part in parts:
        part = _CJK_PREFIX.sub("", part) if cjk else _FOREIGN_PREFIX.sub("", _PREFIX.sub("", part))
        dash = _DASH_ROLE.search(part)
        if dash and _is_role(dash.group(1)):
            part = part[:dash.start()]
        if part and any(c.isalpha() for c in part) and len(part) <= 100 and not _NOT_A_NAME.match(part):
            names.append(part)
    kept = [n for n in names if not _is_role(n)]
    return kept or names[:1]


def _is_role(part: str) -> bool:
    """Whether a part of a byline names a job ("Technology Editor", "Senior Policy
    Correspondent", "Staff") rather than a person."""
    words = [w.lower().strip(".") for w in _WORD.findall(part)]
    return bool(words) and (any(w in ROLE_WORDS for w in words) or all(w in _ROLE_ONLY for w in words))
