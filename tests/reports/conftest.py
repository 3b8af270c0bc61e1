"""A briefing store: the shared seeded store (``tests/conftest.py``) plus, in 2026-W09, a UK wire
story that repeats Anthropic's claim and holds the three passage faults the splitter makes (a
heading glued in front, a lost closing mark, a stray closing mark in front), and a hostile blog
post whose title, text and URL hold markup and a ``javascript:`` link.

W09 (23 Feb - 1 Mar 2026) then holds 4 relevant documents from 3 outlets, 7 claims on the
propositions (6 once the repeat is folded), 4 speakers, all of them new; W08 holds 1 document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

UTC = dt.timezone.utc

WIRE_TEXT = ("Technology\n"
             "Anthropic said that rival labs used fraudulent accounts to distill Claude.\n"
             "“Export rules must change,” Ann Lee said. “The loophole is obvious.”\n"
             "Ann Lee added: “The rules are old.” The Commerce Department said reform of export rules is near.")
HOSTILE_TITLE = '<img src=x onerror=alert(1)> Labs <script>alert("title")</script> copy too'
HOSTILE_TEXT = ('Jane Roe wrote that <script>alert(2)</script> the accusers <b>copied</b> first. '
                '<a href="javascript:alert(3)">read more</a>')
HOSTILE_URL = "javascript:alert(document.domain)//strait.example/hostile"


@dataclass
class BriefingStore:
    """The seeded store extended for briefings; ``docs``/``claims``: ids by name."""

    url: str
    seeded: object
    docs: dict[str, int] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)


def _span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    i = text.index(part, start)
    return i, i + len(part)


def extend_store(seeded) -> BriefingStore:
    """Add the wire story and the hostile post (module docstring) to a :func:`seed_store` store."""
    from sqlalchemy import select

    from corpus import writes
    from corpus.models import AnalysisRun, Entity, Proposition
    from corpus.store import Store

    out = BriefingStore(url=seeded.url, seeded=seeded)
    with Store.open(seeded.url) as store, store.unit_of_work() as s:
        run = s.scalar(select(AnalysisRun.id))
        props = {p.key: p.id for p in s.scalars(select(Proposition))}
        cache = writes.EntityCache(s)
        ents = {name: s.scalar(select(Entity.id).where(Entity.name == name))
                for name in ("Anthropic", "Commerce Department", "Jane Roe")}
        ents["Ann Lee"] = cache.id_for("Ann Lee", "PERSON", actor_type="official", in_profile=False)
        wire = writes.get_or_create_source(s, "wire.co.uk", name="The Wire", kind="news")
        strait = writes.get_or_create_source(s, "strait.example", name="Strait Notes", kind="blog")
        out.docs["wire"] = writes.add_document(
            s, url="https://wire.co.uk/tech/distill", canonical_url="https://wire.co.uk/tech/distill",
            source_id=wire, title="Labs trade charges", published_at=dt.datetime(2026, 2, 25, 7, tzinfo=UTC),
            text=WIRE_TEXT, relevant=True, relevance=0.8)
        out.docs["hostile"] = writes.add_document(
            s, url=HOSTILE_URL, canonical_url=HOSTILE_URL, source_id=strait, title=HOSTILE_TITLE,
            published_at=dt.datetime(2026, 2, 27, 12, tzinfo=UTC), text=HOSTILE_TEXT, relevant=True, relevance=0.8)
        t = WIRE_TEXT
        line2 = t.index("Anthropic said")
        lee = t.index("“Export")
        stray = t.index("” The Commerce")

        def claim(speaker, entity, cue, content, sentence, *, key, text=t, speaker_at=0, kind="indirect"):
            sp, cu, co = _span(text, speaker, speaker_at), _span(text, cue, speaker_at), _span(text, content)
            return {"speaker": speaker, "speaker_entity_id": ents[entity], "cue": cue, "content": content,
                    "kind": kind, "speaker_start": sp[0], "speaker_end": sp[1], "cue_start": cu[0], "cue_end": cu[1],
                    "content_start": co[0], "content_end": co[1], "sentence_start": sentence[0],
                    "sentence_end": sentence[1], "cluster_key": key}

        wire_claims = [
            # the heading "Technology" glued in front (the sentence starts at 0)
            claim("Anthropic", "Anthropic", "said", "rival labs used fraudulent accounts to distill Claude",
                  (0, t.index("Claude.") + 7), key="anthropic", speaker_at=line2),
            # the closing mark after "obvious." left out of the sentence
            claim("Ann Lee", "Ann Lee", "said", "Export rules must change", (lee, t.index("obvious.") + 8),
                  key="lee", speaker_at=lee, kind="direct"),
            # the closing mark of "The rules are old." put in front of the next sentence
            claim("The Commerce Department", "Commerce Department", "said", "reform of export rules is near",
                  (stray, len(t)), key="commerce2", speaker_at=stray),
        ]
        mentions = [{"entity_id": c["speaker_entity_id"], "start": c["speaker_start"], "end": c["speaker_end"],
                     "text": c["speaker"]} for c in wire_claims]
        ids = writes.replace_document_analysis(s, out.docs["wire"], run_id=run, mentions=mentions, claims=wire_claims)
        out.claims.update(zip(("wire_anthropic", "lee", "commerce2"), ids))
        h = HOSTILE_TEXT
        hostile = claim("Jane Roe", "Jane Roe", "wrote", "<script>alert(2)</script> the accusers <b>copied</b> first",
                        (0, h.index("first.") + 6), key="hostile", text=h)
        ids = writes.replace_document_analysis(
            s, out.docs["hostile"], run_id=run, claims=[hostile],
            mentions=[{"entity_id": ents["Jane Roe"], "start": 0, "end": 8, "text": "Jane Roe"}])
        out.claims["hostile"] = ids[0]
        stances = [("wire_anthropic", "distillation-is-theft", "favor"), ("lee", "government-should-restrict", "favor"),
                   ("commerce2", "government-should-restrict", "favor"), ("hostile", "accusers-are-hypocrites", "favor")]
        writes.add_stances(s, [{"claim_id": out.claims[name], "proposition_id": props[key], "label": label,
                                "score": 0.5, "relatedness": 0.6, "model": "seeded"} for name, key, label in stances])
    return out


@pytest.fixture
def briefing_store(seeded_store) -> BriefingStore:
    """:func:`extend_store` on the seeded store of every back end."""
    return extend_store(seeded_store)
