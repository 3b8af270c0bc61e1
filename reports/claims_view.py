"""The Claims section: claims on the propositions grouped by proposition and side, each shown once.

A claim goes under the proposition it is most related to (its other stances are shown as tags),
on the side of its stance there. Repeats are shown once:

* the same claim repeated across documents (one speaker entity, one cluster key:
  :func:`corpus.queries.claim_clusters`) is one card, "first said by X on D, repeated by N outlets";
* one passage read twice by the extractor (same document, same sentence, same speaker, another
  cue) is one card.

Within a side, cards are ordered by how often the claim was repeated, then known speakers first,
then quotations before paraphrases before authors' own positions, then by relatedness to the
proposition, then by date; each side shows at most :data:`MAX_PER_SIDE` cards, the rest are
counted.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

from .quotes import passage

#: Cards shown per proposition and side (favor, against); claims related without a side are
#: counted, not shown (a reader of the demo week scrolled 10,000 px of cards at 6 + 3 a side).
MAX_PER_SIDE = 4
MAX_NEUTRAL = 0
#: Sides in the order they are shown.
SIDES = ("favor", "against", "neutral", "unclear")
SIDE_NAMES = {"favor": "In favour", "against": "Against", "neutral": "Related, no side",
              "unclear": "Related, side unclear"}


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, else ``None``: a ``javascript:`` or ``data:``
    URL stored from a hostile page is never made a link (it is shown as text)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def copy_href(document_id: int, claim_id: int | None = None) -> str:
    """The stored copy's address relative to the briefing (``copies/doc-12.html#claim-5``)."""
    return f"copies/doc-{document_id}.html" + (f"#claim-{claim_id}" if claim_id is not None else "")


def cluster_index(clusters: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """claim id -> its cluster (a dict of :func:`corpus.queries.claim_clusters`)."""
    return {cid: c for c in clusters for cid in c["claim_ids"]}


def dedupe(claims: list[dict[str, Any]], clusters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One card per claim: a representative per repeated claim (the earliest in the period), with
    ``folded`` (ids of the other claims folded into it) and ``cluster`` (its cluster or ``None``).

    Args:
        claims: rows of :func:`corpus.report_queries.debate_claims`, oldest first.
        clusters: claim clusters over the store up to the period's end (a first appearance may be
            earlier than the period).
    """
    by_claim = cluster_index(clusters)
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:  # ordered by date then id: the first of a group is its earliest
        cluster = by_claim.get(c["id"])
        if cluster is not None:
            key = ("cluster", cluster["speaker"], tuple(cluster["claim_ids"][:1]))
        else:
            key = ("passage", c["document_id"], c["sentence_span"], c["speaker_entity"] or c["speaker"])
        groups[key].append(c)
    out = []
    for members in groups.values():
        first = dict(members[0])
        first["folded"] = [m["id"] for m in members[1:]]
        first["cluster"] = by_claim.get(first["id"])
        out.append(first)
    return out


def _repeats(c: dict[str, Any]) -> int:
    return c["cluster"]["documents"] if c["cluster"] else 1


def rank_key(c: dict[str, Any]) -> tuple:
    """Order of cards within a side (module docstring)."""
    related = c["stances"][0]["relatedness"] if c["stances"] else 0.0
    published = c["published_at"].timestamp() if c["published_at"] else float("inf")
    # A reported statement before an author's own aside, a quotation before a paraphrase.
    kind = {"direct": 0, "indirect": 1}.get(c["kind"], 2)
    return (-_repeats(c), c["speaker_entity"] is None, kind, -round(related, 2), published, c["id"])


def group_claims(cards: list[dict[str, Any]], propositions: list[dict[str, str]],
                 *, pinned: set[int] = frozenset()) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Cards (:func:`dedupe`) into proposition x side groups.

    Args:
        cards: the period's claims on the propositions, one per repeated claim.
        propositions: ``{"key", "text"}`` in profile order.
        pinned: claim ids shown whatever the caps (those the summary quotes).

    Returns:
        ``(groups, shown)``: groups are dicts key, text, claims (how many cards), sides: a list of
        dicts side, name, cards (chosen claim rows), more (cards left out); ``shown`` is every
        chosen claim row, in page order. Passages are not cut yet (:func:`attach_passages`).
    """
    buckets: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in cards:
        primary = c["stances"][0]
        buckets[(primary["proposition"], primary["label"])].append(c)
    groups, shown = [], []
    for p in propositions:
        sides = []
        for side in SIDES:
            members = sorted(buckets.get((p["key"], side), []), key=rank_key)
            if not members:
                continue
            cap = MAX_PER_SIDE if side in ("favor", "against") else MAX_NEUTRAL
            chosen = [c for i, c in enumerate(members) if i < cap or c["id"] in pinned]
            sides.append({"side": side, "name": SIDE_NAMES[side], "cards": chosen,
                          "total": len(members), "more": len(members) - len(chosen)})
            shown += chosen
        if sides:
            groups.append({"key": p["key"], "text": p["text"], "sides": sides,
                           "claims": sum(s["total"] for s in sides)})
    return groups, shown


def attach_passages(shown: list[dict[str, Any]], texts: dict[int, str], period_start) -> list[dict[str, Any]]:
    """Cut each shown claim's passage from its document's stored text and shape the card the
    templates render (passage pieces, speaker, links, repeat line). Mutates and returns ``shown``.

    Args:
        shown: chosen claim rows (:func:`group_claims`).
        texts: document id -> stored text.
        period_start: the period's start (UTC), to tell a repeat first said in an earlier period.
    """
    for c in shown:
        text = texts.get(c["document_id"], "")
        p = passage(text, sentence=c["sentence_span"], content=c["content_span"],
                    spans=(c["speaker_span"], c["cue_span"]), claim_id=c["id"], document_id=c["document_id"])
        c["passage"] = {"lead": p.lead, "tail": p.tail, "before": p.before, "content": p.content, "after": p.after, "start": p.start,
                        "end": p.end, "fixes": list(p.fixes)}
        c["anchor"] = f"claim-{c['id']}"
        c["href"] = safe_href(c["url"])
        c["copy_href"] = copy_href(c["document_id"], c["id"])
        c["side"] = c["stances"][0]["label"]
        c["proposition"] = c["stances"][0]["proposition"]
        c["speaker_name"] = c["speaker_entity"] or c["speaker"] or "unnamed speaker"
        as_written = (c["speaker"] or "").strip()
        c["speaker_as_written"] = as_written if as_written and as_written != c["speaker_name"] else ""
        cluster = c.pop("cluster")
        if cluster:
            others = [o for o in cluster["outlets"] if o != cluster["first_outlet"]]
            c["repeat"] = {"first_speaker": cluster["speaker"], "first_published": cluster["first_published"],
                           "first_outlet": cluster["first_outlet"], "first_href": safe_href(cluster["first_url"]),
                           "documents": cluster["documents"], "outlets": cluster["outlets"],
                           "repeated_by": len(others),
                           "earlier": bool(cluster["first_published"] and cluster["first_published"] < period_start)}
        else:
            c["repeat"] = None
    return shown
