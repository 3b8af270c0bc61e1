"""corpus.positions: Wilson intervals and actors' positions with movement between periods."""

from __future__ import annotations

import pytest

from corpus.periods import parse_period
from corpus.positions import _both_periods, actor_positions, wilson


def test_wilson_interval_matches_published_values():
    # Brown, Cai & DasGupta (2001), and the textbook case 8 of 10: (0.490, 0.943).
    low, high = wilson(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(0, 5)
    assert low == 0.0 and 0.4 < high < 0.45


def test_positions_of_a_period_and_their_movement(session, seeded):
    w09, w08 = parse_period("2026-W09"), parse_period("2026-W08")
    positions = actor_positions(session, start=w09.start, end=w09.end, previous=(w08.start, w08.end))
    assert positions, "the seeded week has stances"
    for p in positions:
        assert -1.0 <= p.low <= p.net <= p.high <= 1.0
        assert p.claims == p.favor + p.against + p.neutral + p.unclear
        if p.favor and not p.against:
            assert p.position in ("favor", "leans favor")
    by = {(p.actor, p.proposition): p for p in positions}
    anthropic = [p for (a, _), p in by.items() if a == "Anthropic"]
    assert anthropic and all(p.moved in ("", "up", "down") for p in anthropic)
    only = actor_positions(session, start=w09.start, end=w09.end, proposition="distillation-is-theft")
    assert only and {p.proposition for p in only} == {"distillation-is-theft"}


@pytest.mark.parametrize("favor, against, expected", [(12, 0, "favor"), (0, 9, "against"), (5, 5, "mixed"),
                                                      (1, 0, "leans favor")])
def test_position_names(favor, against, expected):
    from corpus.positions import _net

    net, low, high = _net(favor, against)
    position = ("favor" if low > 0 else "against" if high < 0 else "mixed" if favor and against
                else "leans favor" if favor else "leans against")
    assert position == expected


def test_the_previous_period_counted_on_a_second_connection_gives_the_same_positions(seeded_store):
    """A session of the store's engine counts the previous period concurrently; the positions
    equal those of one connection counting both periods in turn."""
    from corpus.store import Store

    w09, w08 = parse_period("2026-W09"), parse_period("2026-W08")
    with Store.open(seeded_store.url, migrate=False) as store:
        with store.reading() as session:
            concurrent = actor_positions(session, start=w09.start, end=w09.end, previous=(w08.start, w08.end))
            engine = session.get_bind()
            now, before = _both_periods(session, (w09.start, w09.end), (w08.start, w08.end), None, None)
        with engine.connect() as connection:
            from sqlalchemy.orm import Session

            with Session(bind=connection) as one:
                in_turn = actor_positions(one, start=w09.start, end=w09.end, previous=(w08.start, w08.end))
    assert concurrent and concurrent == in_turn
    # each period read on its own connection: W08 holds OpenAI's claim alone, W09 the others
    assert {actor for actor, _ in before} == {"OpenAI"} and before[("OpenAI", "distillation-is-theft")]["favor"] == 1
    assert {actor for actor, _ in now} == {"Anthropic", "Commerce Department", "Jane Roe"}
