"""Fixtures of the store tests: a small seeded debate (``seeded``) in the rolled-back ``session``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from sqlalchemy.orm import Session

from corpus import writes
from corpus.profile import load_profile

UTC = dt.timezone.utc


def at(day: int, hour: int = 12, month: int = 2) -> dt.datetime:
    """A UTC time in 2026 (February by default)."""
    return dt.datetime(2026, month, day, hour, tzinfo=UTC)


def claim_fields(doc_text: str, *, speaker: str, cue: str, content: str, entity_id: int | None,
                 kind: str = "indirect") -> dict:
    """The columns of a claim found in ``doc_text``: the first sentence holding speaker, cue and
    content in that order is the passage (sentences end with ". ")."""
    pos = 0
    for sentence in re.split(r"(?<=\.) ", doc_text):
        start = doc_text.index(sentence, pos)
        pos = start + len(sentence)
        s = sentence.find(speaker)
        c = sentence.find(cue, s + len(speaker)) if s >= 0 else -1
        k = sentence.find(content, c + len(cue)) if c >= 0 else -1
        if k >= 0:
            s, c, k = start + s, start + c, start + k
            return {"speaker": speaker, "speaker_entity_id": entity_id, "cue": cue, "content": content,
                    "kind": kind, "speaker_start": s, "speaker_end": s + len(speaker), "cue_start": c,
                    "cue_end": c + len(cue), "content_start": k, "content_end": k + len(content),
                    "sentence_start": start, "sentence_end": pos,
                    "cluster_key": writes.content_hash(content)[:16]}
    raise ValueError(f"no sentence of {doc_text!r} holds {speaker!r} {cue!r} {content!r}")


@dataclass
class Seeded:
    """Ids of the seeded rows by name (documents d1.., claims c1.., entities, propositions)."""

    docs: dict[str, int] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    props: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    run_id: int = 0


D1 = "Anthropic said DeepSeek used fraudulent accounts to distill Claude. DeepSeek denied the accusation."
D2 = ("David Sacks argued that export controls should cover model access. "
      "Anthropic agreed that theft must stop. Anthropic noted that the case is still open.")
D3 = "Roe wrote that the accusers scraped the web themselves."
D4 = "Anthropic said the weather is nice. Jane Roe and Jane Roe and Jane Roe went hiking."
D5 = "Commenter said this is all nonsense."
D6 = "Anthropic said an undated statement matters."


def seed_debate(session: Session) -> Seeded:
    """A small debate around ISO week 2026-W09 (Mon 23 Feb .. Mon 2 Mar 2026, UTC).

    d1 (24 Feb 10:00, TechCrunch): c1 Anthropic favor theft, c2 DeepSeek against theft.
    d5 (24 Feb 12:00, comment under d1): c7 by an unresolved "Commenter".
    d2 (26 Feb, The Verge): c3 David Sacks favor restrict; c4 Anthropic favor theft and against
       hypocrites; c9 Anthropic neutral theft.
    d3 (3 Mar, W10, TechCrunch): c5 by "Roe", resolved to Jane Roe (no actor type), favor hypocrites.
    d4 (25 Feb, not relevant): c6 Anthropic, and mentions that must never be counted.
    d6 (undated, relevant): c8 Anthropic.
    """
    out = Seeded()
    profile = load_profile()
    out.props = writes.sync_propositions(session, profile)
    run = writes.start_analysis_run(session, profile=profile.name, parameters={}, versions={})
    out.run_id = run
    cache = writes.EntityCache(session)
    ent = out.entities
    ent["Anthropic"] = cache.id_for("Anthropic", "ORG", actor_type="company", in_profile=True)
    ent["DeepSeek"] = cache.id_for("DeepSeek", "ORG", actor_type="company", in_profile=True)
    ent["David Sacks"] = cache.id_for("David Sacks", "PERSON", actor_type="official", in_profile=True)
    ent["Jane Roe"] = cache.id_for("Jane Roe", "PERSON")
    tc = ("techcrunch.com", writes.get_or_create_source(session, "techcrunch.com", name="TechCrunch"))
    verge = ("theverge.com", writes.get_or_create_source(session, "theverge.com", name="The Verge"))

    def doc(name, text_, *, source, published, relevant=True, kind="article", parent=None, title=None):
        domain, source_id = source
        d = writes.add_document(session, url=f"https://{domain}/{name}?utm=x",
                                canonical_url=f"https://{domain}/{name}", source_id=source_id,
                               title=title or f"Title {name}", published_at=published, text=text_,
                               relevant=relevant, relevance=0.9 if relevant else 0.1, kind=kind,
                               parent_id=parent)
        out.docs[name] = d
        out.texts[name] = text_
        return d

    doc("d1", D1, source=tc, published=at(24, 10), title="Anthropic accuses DeepSeek")
    doc("d5", D5, source=tc, published=at(24, 12), kind="comment", parent=out.docs["d1"])
    doc("d2", D2, source=verge, published=at(26), title="Washington weighs its options")
    doc("d3", D3, source=tc, published=at(3, month=3), title="Critics answer back")
    doc("d4", D4, source=verge, published=at(25), relevant=False)
    doc("d6", D6, source=verge, published=None)

    def mentions(text_, *names):
        """Mentions of the named entities (a name, or (surface form, name)), in text order."""
        found, pos = [], {}
        for n in names:
            form, n = n if isinstance(n, tuple) else (n, n)
            i = text_.index(form, pos.get(form, 0))
            pos[form] = i + len(form)
            found.append({"entity_id": ent[n], "start": i, "end": i + len(form), "text": form})
        return found

    def analyse(name, text_, ments, claims):
        ids = writes.replace_document_analysis(session, out.docs[name], run_id=out.run_id, mentions=ments,
                                              claims=[claim_fields(text_, **c) for c in claims])
        return ids

    a, d, s, j = ent["Anthropic"], ent["DeepSeek"], ent["David Sacks"], ent["Jane Roe"]
    c1, c2 = analyse("d1", D1, mentions(D1, "Anthropic", "DeepSeek", "DeepSeek"), [
        {"speaker": "Anthropic", "cue": "said",
         "content": "DeepSeek used fraudulent accounts to distill Claude",
             "entity_id": a},
        {"speaker": "DeepSeek", "cue": "denied", "content": "the accusation", "entity_id": d}])
    (c7,) = analyse("d5", D5, [], [{"speaker": "Commenter", "cue": "said", "content": "this is all nonsense",
                                        "entity_id": None}])
    c3, c4, c9 = analyse("d2", D2, mentions(D2, "David Sacks", "Anthropic"), [
        {"speaker": "David Sacks", "cue": "argued", "content": "export controls should cover model access",
             "entity_id": s},
        {"speaker": "Anthropic", "cue": "agreed", "content": "theft must stop", "entity_id": a},
        {"speaker": "Anthropic", "cue": "noted", "content": "the case is still open", "entity_id": a}])
    (c5,) = analyse("d3", D3, mentions(D3, ("Roe", "Jane Roe")), [
        {"speaker": "Roe", "cue": "wrote", "content": "the accusers scraped the web themselves",
         "entity_id": j}])
    (c6,) = analyse("d4", D4, mentions(D4, "Anthropic", "Jane Roe", "Jane Roe", "Jane Roe"), [
        {"speaker": "Anthropic", "cue": "said", "content": "the weather is nice", "entity_id": a}])
    (c8,) = analyse("d6", D6, mentions(D6, "Anthropic"), [
        {"speaker": "Anthropic", "cue": "said", "content": "an undated statement matters", "entity_id": a}])
    out.claims.update(c1=c1, c2=c2, c3=c3, c4=c4, c5=c5, c6=c6, c7=c7, c8=c8, c9=c9)

    theft = out.props["distillation-is-theft"]
    hyp = out.props["accusers-are-hypocrites"]
    restrict = out.props["government-should-restrict"]

    def st(claim, prop, label, score):
        return {"claim_id": out.claims[claim], "proposition_id": prop, "label": label, "score": score,
                "relatedness": 0.8, "model": "test-nli"}

    writes.add_stances(session, [
        st("c1", theft, "favor", 0.9), st("c2", theft, "against", -0.8), st("c3", restrict, "favor", 0.7),
        st("c4", theft, "favor", 0.6), st("c4", hyp, "against", -0.5), st("c9", theft, "neutral", 0.0),
        st("c5", hyp, "favor", 0.8), st("c6", theft, "against", -0.9), st("c8", theft, "against", -0.4)])
    session.flush()
    return out


@pytest.fixture
def seeded(session: Session) -> Seeded:
    """The :func:`seed_debate` corpus in the test's (rolled back) session."""
    return seed_debate(session)
