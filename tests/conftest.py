"""Shared fixtures: a migrated store on every back end, and a session rolled back after each test.

``session`` follows SQLAlchemy 2.0's "Joining a Session into an External Transaction (such as for
test suites)": the test's session runs inside an outer transaction on one connection; its own
commits are savepoints, and the outer transaction is rolled back at the end, so tests never see
each other's rows.

Back ends: SQLite (a temp file migrated with :func:`corpus.db.open_engine`) always; PostgreSQL when
``DEBATELENS_TEST_PG_URL`` is set (``bash .ci/postgres.sh`` starts one and prints the URL).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from corpus import db

PG_ENV = "DEBATELENS_TEST_PG_URL"

#: The back ends every ``session`` / ``db_engine`` test runs on; PostgreSQL ones are marked.
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run the tests marked slow (models, whole crawls, real pages); `make test` and CI do")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow tests are opt-in locally (``--run-slow``) and all run in ``make test`` and CI."""
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow (make test and CI do)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def _settings_for(url: str, **values):
    from corpus.settings import load_settings

    return load_settings(overrides={"db": url, **values}, environ={})


@pytest.fixture(scope="session")
def settings_for():
    """``settings_for(url, **values)``: the default settings with the store ``url`` and ``values``,
    whatever the environment of the machine running the tests (no ``DEBATELENS_*`` leaks in)."""
    return _settings_for


def pg_url_or_skip() -> str:
    """The PostgreSQL test URL, or skip the test with how to get one."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests skipped "
                    f"(run `bash .ci/postgres.sh` as root and export the URL it prints)")
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def db_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An engine on a store migrated to the newest revision (one per back end per test run)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'debatelens-test.db'}"
    else:
        url = pg_url_or_skip()
    engine = db.open_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(db_engine: Engine) -> Iterator[Session]:
    """A session whose every change, committed or not, is rolled back after the test."""
    connection = db_engine.connect()
    outer = connection.begin()
    if connection.dialect.name == "sqlite":
        # The sqlite3 driver begins a transaction only before DML: without a real BEGIN the
        # session's first SAVEPOINT would be the outermost transaction and its RELEASE would commit.
        connection.exec_driver_sql("BEGIN")
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database of its own, dropped on exit (for fixtures of any scope).

    Args:
        backend: ``"sqlite"`` (a new file ``folder/fresh.db``) or ``"postgresql"`` (a new schema in
            the test database, ``search_path`` set through the URL's ``options``; skips the test
            when ``DEBATELENS_TEST_PG_URL`` is not set).
        folder: an empty folder of the caller's (``tmp_path``).
    """
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'fresh.db'}"
        return
    base = pg_url_or_skip()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of an empty database of the test's own, for tests that migrate or really commit.

    SQLite: a new file. PostgreSQL: a new schema in the test database (``search_path`` set through
    the URL's ``options``), dropped afterwards, so the shared migrated schema is never touched.
    """
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def new_database():
    """:func:`fresh_database`, for module-scoped fixtures (``fresh_url`` is per test)."""
    return fresh_database


# --- a small analysed debate, committed to a database of its own ---------------------------------

UTC = dt.timezone.utc


@dataclass
class SeededStore:
    """A store committed by :func:`seed_store`: its URL and the seeded rows' ids and texts by name."""

    url: str
    docs: dict[str, int] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)
    passages: dict[str, str] = field(default_factory=dict)


#: Documents: name -> (source, published (UTC), title, sentences, relevant). W09 is 23 Feb - 1 Mar 2026.
SEED_DOCUMENTS = {
    "accuse": ("ledger", dt.datetime(2026, 2, 24, 10, tzinfo=UTC), "Lab accuses <script>alert(1)</script> rivals",
               ["Anthropic said that rival labs used fraudulent accounts to distill Claude.",
                "The Commerce Department stated that export rules are under review."], True),
    "critic": ("strait", dt.datetime(2026, 2, 26, 8, tzinfo=UTC), "Critics answer back",
               ["Jane Roe wrote that the accusing labs scraped the web themselves."], True),
    "memo": ("ledger", dt.datetime(2026, 2, 17, 9, tzinfo=UTC), "A memo to lawmakers",
             ["OpenAI told lawmakers that DeepSeek keeps copying its models."], True),
    "sports": ("ledger", dt.datetime(2026, 2, 25, 21, tzinfo=UTC), "Harbor City FC win late",
               ["Coach Smith said that the team played well."], False),
}
#: Claims: name -> (document, sentence index, speaker, entity, cue, content, {proposition: label}).
SEED_CLAIMS = {
    "anthropic": ("accuse", 0, "Anthropic", "Anthropic", "said",
                  "rival labs used fraudulent accounts to distill Claude", {"distillation-is-theft": "favor"}),
    "commerce": ("accuse", 1, "The Commerce Department", "Commerce Department", "stated",
                 "export rules are under review", {"government-should-restrict": "favor"}),
    "roe": ("critic", 0, "Jane Roe", "Jane Roe", "wrote", "the accusing labs scraped the web themselves",
            {"accusers-are-hypocrites": "favor", "distillation-is-theft": "against"}),
    "openai": ("memo", 0, "OpenAI", "OpenAI", "told lawmakers", "DeepSeek keeps copying its models",
               {"distillation-is-theft": "favor"}),
    "coach": ("sports", 0, "Coach Smith", None, "said", "the team played well", {}),
}
SEED_ENTITIES = {"Anthropic": ("ORG", "company"), "Commerce Department": ("ORG", "government"),
                 "Jane Roe": ("PERSON", "researcher"), "OpenAI": ("ORG", "company")}
SEED_THEME = {"number": 0, "label": "0_fraudulent_accounts_distill", "terms": ["fraudulent", "accounts", "distill"]}


def seed_store(url: str) -> SeededStore:
    """Commit :data:`SEED_DOCUMENTS` with mentions, claims, stances and one theme to ``url``
    through ``corpus.writes`` (no analysis models involved); return what was stored."""
    from corpus import writes
    from corpus.profile import load_profile
    from corpus.store import Store

    out = SeededStore(url=url)
    with Store.open(url) as store, store.unit_of_work() as s:
        profile = load_profile()
        props = writes.sync_propositions(s, profile)
        run = writes.start_analysis_run(s, profile=profile.name, parameters={},
                                       versions={"spacy_model": "seeded", "stance": "seeded"})
        cache = writes.EntityCache(s)
        ents = {name: cache.id_for(name, label, actor_type=kind, in_profile=True)
                for name, (label, kind) in SEED_ENTITIES.items()}
        sources = {"ledger": ("ledger.example", writes.get_or_create_source(s, "ledger.example",
                                                                            name="The Ledger Review")),
                   "strait": ("strait.example", writes.get_or_create_source(s, "strait.example", name="Strait Notes",
                                                                            kind="blog"))}
        for name, (src, published, title, sentences, relevant) in SEED_DOCUMENTS.items():
            canonical = f"https://{sources[src][0]}/2026/{name}.html"
            doc = writes.add_document(s, url=canonical + "?utm_source=feed", canonical_url=canonical,
                                      source_id=sources[src][1], title=title, published_at=published,
                                     text=" ".join(sentences), relevant=relevant, relevance=0.9 * relevant)
            out.docs[name], out.urls[name] = doc, canonical
        stances = []
        for doc_name in SEED_DOCUMENTS:
            sentences, text_ = SEED_DOCUMENTS[doc_name][3], " ".join(SEED_DOCUMENTS[doc_name][3])
            mentions, claims, names = [], [], []
            for name, (d, i, speaker, entity, cue, content, _) in SEED_CLAIMS.items():
                if d != doc_name:
                    continue
                start = text_.index(sentences[i])
                sp, cu, co = (text_.index(x, start) for x in (speaker, cue, content))
                if entity:
                    mentions.append({"entity_id": ents[entity], "start": sp, "end": sp + len(speaker),
                                     "text": speaker})
                claims.append({"speaker": speaker, "speaker_entity_id": ents.get(entity), "cue": cue,
                               "content": content, "kind": "indirect", "speaker_start": sp,
                               "speaker_end": sp + len(speaker), "cue_start": cu, "cue_end": cu + len(cue),
                               "content_start": co, "content_end": co + len(content), "sentence_start": start,
                               "sentence_end": start + len(sentences[i]), "cluster_key": name})
                names.append(name)
                out.passages[name] = sentences[i]
            ids = writes.replace_document_analysis(s, out.docs[doc_name], run_id=run, mentions=mentions,
                                                  claims=claims)
            out.claims.update(zip(names, ids))
        for name, (*_, labels) in SEED_CLAIMS.items():
            stances += [{"claim_id": out.claims[name], "proposition_id": props[key], "label": label,
                         "score": {"favor": 0.5, "against": -0.5}.get(label, 0.0), "relatedness": 0.7,
                         "model": "seeded"} for key, label in labels.items()]
        writes.add_stances(s, stances)
        writes.replace_topics(s, run, [{**SEED_THEME, "size": 4},
                                         {"number": -1, "label": "-1_outliers", "terms": [], "size": 1}],
                             {out.docs["accuse"]: {0: 2}, out.docs["critic"]: {0: 1}, out.docs["memo"]: {0: 1}})
        writes.finish_analysis_run(s, run, counts={"documents": len(SEED_DOCUMENTS)})
    return out


@pytest.fixture
def seeded_store(fresh_url: str) -> SeededStore:
    """:func:`seed_store` on a fresh database of every back end."""
    return seed_store(fresh_url)
