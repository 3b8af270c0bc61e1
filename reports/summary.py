"""The written Summary and the Watchlist: sentences and ranked lists generated from the
briefing's data, deterministic for a given store (every choice is a sort with a total order).

The Summary has three to five sentences, in this order, each only when the data has it:

1. the period's volume against the previous period (always);
2. new voices: speakers whose first claim on the propositions falls in the period;
3. the most repeated new claim: the claim cluster first said in the period that most documents
   carried;
4. position shifts: positions that moved beyond their 95% interval (:mod:`corpus.positions`);
5. the rising theme: the theme whose share of passages grew most.

When fewer than three of 2-5 exist, the most cited claim of the period and the most active
speakers fill in. Sentences 2-5 each carry their best-cited quote: the speaker's card repeated by
most documents, then the most related. A period without documents gets one plain sentence saying
it was quiet, with where the coverage is.
"""

from __future__ import annotations

from typing import Any

from corpus.periods import week_of

from .claims_view import rank_key

#: Capped lengths of the Watchlist's lists.
MAX_RISING_ACTORS = 8
MAX_RISING_THEMES = 5
MAX_NEW_SPEAKERS = 10


def _date(d) -> str:
    return f"{d.day} {d:%b %Y}" if d else "an unknown date"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _net(v: float) -> str:
    return f"{v:+.2f}".replace("-", "−")


def _change(now: int, before: int) -> str:
    d = now - before
    return "unchanged" if d == 0 else f"{'+' if d > 0 else '−'}{abs(d):,}"


def best_card(cards: list[dict[str, Any]], *, speaker: str | None = None,
              proposition: str | None = None) -> dict[str, Any] | None:
    """The best-cited card of ``speaker`` (and ``proposition``): most repeated, then a known
    speaker, then most related, then earliest (:func:`reports.claims_view.rank_key`)."""
    pool = [c for c in cards if (speaker is None or c["speaker_entity"] == speaker)
            and (proposition is None or any(s["proposition"] == proposition for s in c["stances"]))]
    return min(pool, key=rank_key) if pool else None


def quote_of(card: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a summary sentence shows of a card: the claim's words, who, where, when, the anchor."""
    if card is None:
        return None
    return {"claim_id": card["id"], "text": card["content"], "speaker": card["speaker_entity"] or card["speaker"],
            "outlet": card["outlet"], "published_at": card["published_at"], "anchor": f"claim-{card['id']}"}


def new_speakers(now: dict[str, int], ever_before: set[str], cards: list[dict[str, Any]],
                 actor_types: dict[str, str | None]) -> list[dict[str, Any]]:
    """Speakers with claims on the propositions in the period and none in the store before it,
    ranked by those claims, then by outlets quoting them, then by name; capped at
    :data:`MAX_NEW_SPEAKERS` (``more`` on the last row counts the rest)."""
    outlets: dict[str, set[str]] = {}
    for c in cards:
        if c["speaker_entity"]:
            outlets.setdefault(c["speaker_entity"], set()).add(c["outlet"] or "")
    rows = [{"name": n, "claims": k, "outlets": len(outlets.get(n, ())), "actor_type": actor_types.get(n)}
            for n, k in now.items() if k and n not in ever_before]
    return sorted(rows, key=lambda r: (-r["claims"], -r["outlets"], r["name"]))


def rising_actors(now: list[dict[str, Any]], before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Actors mentioned in more documents than in the previous period, by the rise, then by
    documents now, then by name (rows of :func:`corpus.queries.top_actors`, uncapped)."""
    was = {a["name"]: a["documents"] for a in before}
    rows = [{"name": a["name"], "actor_type": a["actor_type"], "documents": a["documents"],
             "previous": was.get(a["name"], 0), "rise": a["documents"] - was.get(a["name"], 0)}
            for a in now if a["documents"] > was.get(a["name"], 0)]
    return sorted(rows, key=lambda r: (-r["rise"], -r["documents"], r["name"]))[:MAX_RISING_ACTORS]


def rising_themes(themes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Themes whose share of the period's passages grew against the previous period, by the rise."""
    rows = [t for t in themes if t["share"] > t["previous_share"] and t["passages"] > 0]
    return sorted(rows, key=lambda t: (-(t["share"] - t["previous_share"]), -t["passages"], t["number"]))[
        :MAX_RISING_THEMES]


def summary(ctx: dict[str, Any], cards: list[dict[str, Any]]) -> dict[str, Any]:
    """The Summary of a briefing context (keys figures, period, previous, store, watchlist,
    repeated, positions, themes already built). Returns ``{"quiet": bool, "sentences": [{"text",
    "quote"}]}`` with 1 sentence when quiet, else 3 to 5; the claim ids quoted are in
    ``pinned``."""
    f = {x["key"]: x for x in ctx["figures"]}
    period, previous = ctx["period"], ctx["previous"]
    docs = f["documents"]["value"]
    if docs == 0:
        store = ctx["store"]
        where = (f" The store's coverage runs from {_date(store['first_published'])} to "
                 f"{_date(store['last_published'])}." if store["first_published"] else " The store holds no dated coverage.")
        if store["last_published"] and store["last_published"] < period["start"]:
            last = store["last_published"]
            nearest = week_of(last) if period["kind"] == "week" else f"{last.year}-{last.month:02d}"
            if period["kind"] in ("week", "month"):
                where += f" The latest {period['kind']} with coverage is {nearest}."
        return {"quiet": True, "pinned": [], "sentences": [{
            "text": f"A quiet period: no relevant document was published from {_date(period['start'])} to "
                    f"{_date(period['last_day'])}, so there is no claim, position or theme to report.{where}",
            "quote": None}]}
    sentences = [{"text": (
        f"In {period['name']}, {_plural(docs, 'relevant document')} from {_plural(f['sources']['value'], 'outlet')} "
        f"({_change(docs, f['documents']['previous'])} documents against {previous['label']}) carried "
        f"{_plural(f['claims']['value'], 'claim')}, {f['debate_claims']['value']:,} of them on the propositions, "
        f"by {_plural(f['speakers']['value'], 'named speaker')}."), "quote": None}]
    extra: list[dict[str, Any]] = []
    fresh = ctx["watchlist"]["new_speakers"]
    if fresh:
        names = ", ".join(f"{r['name']} ({_plural(r['claims'], 'claim')})" for r in fresh[:3])
        more = f" and {len(fresh) - 3} more" if len(fresh) > 3 else ""
        extra.append({"text": f"New voices on the propositions: {names}{more}.",
                      "quote": quote_of(best_card(cards, speaker=fresh[0]["name"]))})
    new_repeats = [r for r in ctx["repeated"] if not r["earlier"]]
    if new_repeats:
        r = new_repeats[0]
        card = next((c for c in cards if c["id"] in r["claim_ids"]), None)
        extra.append({"text": (f"The most repeated new claim, first said by {r['speaker']}"
                               f"{' in ' + r['first_outlet'] if r['first_outlet'] else ''} on {_date(r['first_published'])}, "
                               f"was carried by {_plural(r['documents'], 'document')} from "
                               f"{_plural(len(r['outlets']), 'outlet')}."), "quote": quote_of(card)})
    moved = [(cell, row) for g in ctx["positions"]["groups"] for row in g["rows"]
             for cell in row["cells"].values() if cell["moved"]]
    if moved:
        moved.sort(key=lambda m: (-abs(m[0]["net"] - (m[0]["previous_net"] or 0)), m[0]["actor"], m[0]["proposition"]))
        cell = moved[0][0]
        others = f" ({len(moved) - 1} other position{'s' if len(moved) > 2 else ''} moved too)" if len(moved) > 1 else ""
        extra.append({"text": (f"{cell['actor']} moved {'toward favour' if cell['moved'] == 'up' else 'toward against'} "
                               f"on {cell['proposition']}: net {_net(cell['previous_net'])} in {previous['label']}, "
                               f"{_net(cell['net'])} now (95% interval {_net(cell['low'])} to {_net(cell['high'])}){others}."),
                      "quote": quote_of(best_card(cards, speaker=cell["actor"], proposition=cell["proposition"]))})
    rising = ctx["watchlist"]["rising_themes"]
    if rising:
        t = rising[0]
        extra.append({"text": (f"Rising theme: {t['label']}, {t['share'] * 100:.0f}% of the period's theme passages "
                               f"against {t['previous_share'] * 100:.0f}% in {previous['label']}."), "quote": None})
    if len(extra) < 2 and cards:  # fill in: the most cited claim, the most active speakers
        top = min(cards, key=rank_key)
        if not any(s["quote"] and s["quote"]["claim_id"] == top["id"] for s in extra):
            extra.append({"text": f"The most cited claim of the period is {top['speaker_entity'] or top['speaker']}'s, "
                                  f"on {top['stances'][0]['proposition']} ({top['stances'][0]['label']}).",
                          "quote": quote_of(top)})
    if len(extra) < 2 and ctx["speaker_counts"]:
        active = sorted(ctx["speaker_counts"].items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        extra.append({"text": "Most active speakers on the propositions: "
                              + ", ".join(f"{n} ({_plural(k, 'claim')})" for n, k in active if k) + ".", "quote": None})
    if len(extra) < 2:
        extra.append({"text": (f"No claim bore on the propositions this period." if not cards else
                               "No speaker was new and no position moved beyond its interval.")
                      + f" The store holds {_plural(ctx['store']['relevant'], 'relevant document')} in all.",
                      "quote": None})
    sentences += extra[:4]
    return {"quiet": False, "sentences": sentences,
            "pinned": [s["quote"]["claim_id"] for s in sentences if s["quote"]]}
