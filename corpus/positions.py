"""Actor positions: for each actor x proposition x period, the counts per stance label, the net
position with a confidence interval, ``mixed`` where the sides are close, and a mark where it
moved since the previous period.

Method. Of an actor's claims on a proposition in a period, ``favor`` and ``against`` are the
sides; ``neutral`` and ``unclear`` are counted but take no side. The share in favour
``p = favor / (favor + against)`` gets a Wilson score interval at 95% (Wilson 1927; Brown, Cai &
DasGupta 2001 recommend it for small counts), and the net position is ``2p - 1`` in [-1, 1] with
the interval mapped the same way. The position is ``favor`` when the whole interval is above 0,
``against`` when below, ``mixed`` when it straddles 0 with claims on both sides, ``leans favor`` /
``leans against`` when it straddles 0 with claims on one side only (too few to be sure), and
``neutral`` when the actor took no side. It *moved* when the previous period's net lies outside
this period's interval (``up`` or ``down``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from .models import Claim, Document, Entity, Proposition, Stance
from .queries import actor_types

#: z for a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson(successes: int, n: int, *, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion: ``(low, high)`` in [0, 1]; ``(0, 1)`` when ``n`` is 0."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Position:
    """One actor's position on one proposition in one period.

    Attributes:
        actor, actor_type: the speaker entity's name and type.
        proposition: the proposition's key.
        favor, against, neutral, unclear: claims per stance label.
        net: ``2 * favor / (favor + against) - 1`` in [-1, 1] (0.0 with no side taken).
        low, high: the net's 95% Wilson interval.
        position: favor | against | mixed | leans favor | leans against | neutral.
        previous_net: the net of the previous period (``None`` when it took no side then).
        moved: ``up``, ``down`` or ``""``.
    """

    actor: str
    actor_type: str | None
    proposition: str
    favor: int
    against: int
    neutral: int
    unclear: int
    net: float
    low: float
    high: float
    position: str
    previous_net: float | None = None
    moved: str = ""

    @property
    def claims(self) -> int:
        """Claims of the actor on the proposition in the period."""
        return self.favor + self.against + self.neutral + self.unclear


def _counts(session: Session, start: dt.datetime | None, end: dt.datetime | None,
            proposition: str | None, types: tuple[str, ...] | None = None) -> dict[tuple[str, str], dict]:
    # Counted by entity id and proposition id over the period's documents, claims and stances
    # (covering indexes of migration 0009), names joined to the few hundred counts after: joined
    # before, the planner walked the entities' claims instead (0.7 s at 1,000,000 claims).
    counts = (select(Claim.speaker_entity_id.label("entity_id"), Stance.proposition_id, Stance.label,
                     func.count().label("n"))
              .select_from(Document).join(Claim, Claim.document_id == Document.id)
              .join(Stance, Stance.claim_id == Claim.id)
              .where(Document.relevant.is_(True), Document.near_duplicate_of.is_(None),
                     Claim.speaker_entity_id.is_not(None))
              .group_by(Claim.speaker_entity_id, Stance.proposition_id, Stance.label))
    if start is not None:
        counts = counts.where(Document.published_at >= start)
    if end is not None:
        counts = counts.where(Document.published_at < end)
    if proposition:
        counts = counts.where(Stance.proposition_id.in_(select(Proposition.id).where(Proposition.key == proposition)))
    counts = counts.subquery()
    query = (select(Entity.name, Entity.actor_type, Proposition.key, counts.c.label, counts.c.n)
             .join(Entity, Entity.id == counts.c.entity_id)
             .join(Proposition, Proposition.id == counts.c.proposition_id))
    if types:
        query = query.where(Entity.actor_type.in_(types))
    out: dict[tuple[str, str], dict] = {}
    for name, actor_type, key, label, n in session.connection().execute(query):  # Core rows: no ORM loading
        cell = out.setdefault((name, key), {"actor_type": actor_type, "favor": 0, "against": 0, "neutral": 0,
                                            "unclear": 0})
        cell[label] = cell.get(label, 0) + n
    return out


def _both_periods(session: Session, period: tuple, previous: tuple, proposition: str | None,
                  types: tuple[str, ...] | None) -> tuple[dict, dict]:
    """The counts of the period and of the previous one. When the session reads through an
    engine of a database on disk or a server, the previous period is counted at the same time
    on a second connection of the engine's pool, in a thread (both drivers release the GIL while
    the database works: two month-long scans at 1,000,000 claims take 46 + 43 ms one after the
    other on SQLite). The two reads are then two transactions: a write landing between them
    can show in one and not the other, as in any two queries of a live store. A session bound to
    a connection (a transaction of its own) or to an in-memory database counts both in turn."""
    from concurrent.futures import ThreadPoolExecutor

    bind = session.get_bind()
    database = bind.url.database if isinstance(bind, Engine) else None
    if not isinstance(bind, Engine) or (bind.dialect.name == "sqlite" and database in (None, "", ":memory:")):
        return _counts(session, *period, proposition, types), _counts(session, *previous, proposition, types)

    def count_previous() -> dict:
        with Session(bind) as other:
            return _counts(other, *previous, proposition, types)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="positions") as pool:
        before = pool.submit(count_previous)
        now = _counts(session, *period, proposition, types)
        return now, before.result()


def _net(favor: int, against: int) -> tuple[float, float, float]:
    sided = favor + against
    if not sided:
        return 0.0, -1.0, 1.0
    low, high = wilson(favor, sided)
    return round(2 * favor / sided - 1, 3), round(2 * low - 1, 3), round(2 * high - 1, 3)


def actor_positions(session: Session, *, start: dt.datetime | None = None, end: dt.datetime | None = None,
                    previous: tuple[dt.datetime, dt.datetime] | None = None, proposition: str | None = None,
                    actor_type: str | None = None, exact_type: bool = False,
                    min_claims: int = 1) -> list[Position]:
    """Positions of every actor with claims on a proposition in ``[start, end)`` (UTC).

    Args:
        start, end: the period (``None``: unbounded).
        previous: the previous period ``(start, end)``, for ``previous_net`` and ``moved``.
        proposition: only this proposition's key.
        actor_type: only actors of this type; ``government`` also covers officials
            (:func:`corpus.queries.actor_types`) unless ``exact_type``.
        exact_type: match ``actor_type`` alone.
        min_claims: leave out actors with fewer claims on the proposition.

    Returns:
        positions, most claims first, then by actor name and proposition key. Near-duplicate
        documents (syndicated copies) are not counted again.
    """
    types = actor_types(actor_type, exact=exact_type) if actor_type else None
    if previous:
        now, before = _both_periods(session, (start, end), previous, proposition, types)
    else:
        now, before = _counts(session, start, end, proposition, types), {}
    out = []
    for (actor, key), c in now.items():
        net, low, high = _net(c["favor"], c["against"])
        if c["favor"] + c["against"] == 0:
            position = "neutral"
        elif low > 0:
            position = "favor"
        elif high < 0:
            position = "against"
        elif c["favor"] and c["against"]:
            position = "mixed"
        else:
            position = "leans favor" if c["favor"] else "leans against"
        prev = before.get((actor, key))
        previous_net = _net(prev["favor"], prev["against"])[0] if prev and prev["favor"] + prev["against"] else None
        moved = ""
        if previous_net is not None and c["favor"] + c["against"]:
            moved = "up" if previous_net < low else "down" if previous_net > high else ""
        p = Position(actor, c["actor_type"], key, c["favor"], c["against"], c["neutral"], c["unclear"], net, low,
                     high, position, previous_net, moved)
        if p.claims >= min_claims:
            out.append(p)
    return sorted(out, key=lambda p: (-p.claims, p.actor, p.proposition))
