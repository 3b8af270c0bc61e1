"""corpus.browse: the store in Datasette (what ``debatelens serve`` runs), through Datasette's own
test client: read-only, the metadata, facets by actor, outlet, proposition, stance and period,
the canned queries, full-text search; PostgreSQL stores through the SQLite export."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from corpus import browse, queries
from corpus.errors import CorpusError
from corpus.store import Store

from ..conftest import seed_store


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The seeded store (SQLite) and its Datasette."""
    folder = tmp_path_factory.mktemp("serve")
    seeded = seed_store(f"sqlite:///{folder / 'store.db'}")
    path = folder / "store.db"
    browse.checkpoint(path)
    return seeded, browse.datasette_app(path)


def get(ds, path: str):
    async def go():
        return await ds.client.get(path)
    response = asyncio.run(go())
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    return response.json()


def facet(data: dict, name: str) -> dict[str, int]:
    return {r["value"]: r["count"] for r in data["facet_results"][name]["results"]}


def test_metadata_titles_and_the_immutable_database(served):
    _, ds = served
    (db,) = get(ds, "/-/databases.json")
    assert db["name"] == "store" and db["is_mutable"] is False
    meta = get(ds, "/-/metadata.json")
    assert meta["title"] == "debatelens"
    assert meta["databases"]["store"]["tables"]["claim_rows"]["title"] == "Claims"


def test_claim_rows_facet_by_actor_outlet_and_period(served):
    seeded, ds = served
    data = get(ds, "/store/claim_rows.json?_shape=objects&_facet=actor&_facet=outlet&_facet=week&_facet=month")
    # The sports page is not relevant: four claims, from two outlets, three in W09 and one in W08.
    assert len(data["rows"]) == 4
    assert facet(data, "actor") == {"Anthropic": 1, "Commerce Department": 1, "Jane Roe": 1, "OpenAI": 1}
    assert facet(data, "outlet") == {"The Ledger Review": 3, "Strait Notes": 1}
    assert facet(data, "week") == {"2026-W09": 3, "2026-W08": 1}
    assert facet(data, "month") == {"2026-02": 4}


def test_stance_rows_facet_by_proposition_and_stance(served):
    _, ds = served
    data = get(ds, "/store/stance_rows.json?_shape=objects&_facet=proposition&_facet=stance")
    assert facet(data, "proposition") == {"distillation-is-theft": 3, "government-should-restrict": 1,
                                          "accusers-are-hypocrites": 1}
    assert facet(data, "stance") == {"favor": 4, "against": 1}
    # The metadata's default facets are applied without asking.
    default = get(ds, "/store/stance_rows.json")
    assert {"proposition", "stance", "actor", "outlet", "month", "week"} <= set(default["facet_results"])


def test_canned_queries(served):
    seeded, ds = served
    rows = get(ds, "/store/claims_by_actor.json?_shape=objects&actor=Jane+Roe")["rows"]
    assert [r["claim_id"] for r in rows] == [seeded.claims["roe"]]
    grid = get(ds, "/store/stance_grid.json?_shape=objects&month=")["rows"]
    cells = {(r["actor"], r["proposition"]): (r["favor"], r["against"]) for r in grid}
    assert cells[("Jane Roe", "distillation-is-theft")] == (0, 1)
    assert cells[("OpenAI", "distillation-is-theft")] == (1, 0)
    assert get(ds, "/store/stance_grid.json?_shape=objects&month=2026-03")["rows"] == []
    repeats = get(ds, f"/store/claim_repeats.json?_shape=objects&claim_id={seeded.claims['roe']}")["rows"]
    assert [r["claim_id"] for r in repeats] == [seeded.claims["roe"]]  # said once: its own row


def test_full_text_search_in_datasette(served):
    seeded, ds = served
    rows = get(ds, "/store/claims.json?_shape=objects&_search=fraudulent")["rows"]
    assert [r["id"] for r in rows] == [seeded.claims["anthropic"]]


def test_writes_are_refused(served):
    _, ds = served
    async def go():
        return await ds.client.get("/store.json?sql=DELETE+FROM+claims")
    response = asyncio.run(go())
    assert response.status_code == 400
    with sqlite3.connect(ds.databases["store"].path) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 5


@pytest.mark.postgres
def test_a_postgresql_store_is_served_through_a_sqlite_export(new_database, tmp_path):
    with new_database("postgresql", tmp_path) as url:
        seeded = seed_store(url)
        counts = browse.export_sqlite(url, tmp_path / "export.db")
        assert counts["claims"] == len(seeded.claims) and counts["documents"] == 4
        with pytest.raises(CorpusError, match=r"^\[E035\]"):
            browse.export_sqlite(url, tmp_path / "export.db")  # never overwritten
    ds = browse.datasette_app(tmp_path / "export.db")
    data = get(ds, "/export/stance_rows.json?_shape=objects&_facet=stance")
    assert facet(data, "stance") == {"favor": 4, "against": 1}
    with Store.open(f"sqlite:///{tmp_path / 'export.db'}") as store, store.reading() as s:  # FTS rebuilt
        assert [r["id"] for r in queries.find_claims(s, text="fraudulent")] == [seeded.claims["anthropic"]]


def test_checkpoint_of_a_missing_store(tmp_path: Path):
    with pytest.raises(CorpusError, match=r"^\[E011\]"):
        browse.checkpoint(tmp_path / "missing.db")
