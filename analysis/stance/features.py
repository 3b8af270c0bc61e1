"""Features that carry polarity, beside the sentence embedding of a statement.

Sentence embeddings place "the lab accused its rival of distillation attacks" and "the rival
dismissed the distillation attacks as a smear" close together: they share the topic and most of
the words. What tells the sides apart is small: the cue verb (accuse, warn vs deny, dismiss),
negation, hedges, a question or a sneer, and who speaks about whom. These features count those
signals, so a linear head on top of the embedding can weigh them.

The cue lexicons are English news vocabulary of reporting and dispute (after the reporting-verb
classes of Bergler 1992 and the polarity cues of stance corpora such as SemEval-2016 Task 6),
written for this project; they are not debate-specific. Who is who comes from the profile:
actors with a ``camp`` (``accuser``, ``accused``) in ``corpus/profiles/*.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from corpus.profile import Profile


def _cue(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")", re.IGNORECASE)


#: Each cue: a name and a pattern matched on the statement (counts, capped at 3).
CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("negation", _cue(r"not\b", r"no\b", r"never\b", r"\w+n't\b", r"nothing\b", r"none\b", r"nor\b", r"without\b",
                      r"neither\b", r"cannot\b")),
    ("denial", _cue(r"den(?:y|ies|ied|ial|ials)\b", r"reject", r"dismiss", r"refut", r"rebut", r"baseless",
                    r"groundless", r"unfounded", r"false(?:ly)?\b", r"smear", r"fabricat", r"nonsense", r"absurd",
                    r"ridiculous", r"overblown", r"unproven", r"unverified", r"no evidence", r"pretext",
                    r"protectionis", r"propaganda", r"slander", r"hysteria", r"witch.?hunt", r"fear.?monger",
                    r"scapegoat", r"excuse", r"cope\b", r"sour grapes")),
    ("accusation", _cue(r"accus", r"steal", r"stole", r"stolen", r"theft", r"thie[fv]", r"illicit", r"illegal",
                        r"fraud", r"fake accounts?", r"violat", r"breach", r"attack", r"extract", r"harvest",
                        r"siphon", r"copied", r"copying", r"clon", r"free.?rid", r"abus", r"misuse",
                        r"inappropriate", r"improper", r"unauthori[sz]", r"exploit", r"caught", r"evidence shows",
                        r"industrial.scale", r"coordinated", r"campaign", r"evade", r"evasion", r"circumvent",
                        r"proxy", r"proxies")),
    ("support", _cue(r"justified", r"legitimate concern", r"right to\b", r"rightly", r"credible", r"convincing",
                     r"compelling", r"strong evidence", r"confirm", r"corroborat", r"clear(?:ly)?\b", r"undeniabl",
                     r"must\b", r"should\b", r"serious", r"alarming", r"welcome")),
    ("legitimacy", _cue(r"legitimate", r"standard (?:practice|technique)", r"common practice", r"everyone does",
                        r"everybody does", r"normal\b", r"routine", r"fair use", r"public (?:api|outputs?|answers?)",
                        r"not (?:theft|stealing|illegal)", r"competition", r"innovat", r"open.source")),
    ("hedge", _cue(r"may\b", r"might\b", r"could\b", r"alleged(?:ly)?\b", r"reportedly", r"unclear", r"whether",
                   r"perhaps", r"possibly", r"appears?\b", r"seems?\b", r"if\b", r"remains? to be seen",
                   r"too early")),
    ("report", _cue(r"said\b", r"says\b", r"alleg(?:es|ed)\b", r"claim(?:s|ed)?\b", r"according to", r"stated",
                    r"told\b", r"announced", r"reported", r"wrote", r"published", r"disclosed", r"declined to")),
    ("hypocrisy", _cue(r"hypocri", r"iron(?:y|ic)", r"scrap(?:e|ed|er|ers|ing)\b", r"pirat", r"themselves",
                       r"kettle", r"double standard", r"rich (?:coming|from)", r"without (?:consent|permission|asking)",
                       r"copyrighted", r"books\b", r"authors\b", r"artists\b", r"whole (?:web|internet)",
                       r"robots\.txt", r"glass house", r"taste of (?:their|its) own")),
    ("sarcasm", _cue(r"lol\b", r"lmao", r"sure,", r"truly", r"shock(?:ed|ing)", r"imagine\b", r"wow\b", r"oh no",
                     r"/s\b", r"clutch", r"poor\b", r"cry(?:ing)?\b", r"boo.?hoo", r"gasp", r"who could have",
                     r"the audacity", r"how dare", r"tiny violin", r"oh,")),
    ("policy", _cue(r"export control", r"know.your.customer", r"kyc\b", r"sanction", r"entity list", r"regulat",
                    r"legislat", r"lawmakers?", r"congress", r"\bban\b", r"national security", r"identity checks?",
                    r"licens", r"commerce department", r"bill\b")),
    ("first_person", _cue(r"we\b", r"our\b", r"us\b", r"i\b", r"my\b")),
    # the register of reaction round-ups ("commenters were skeptical", "users mocked the post",
    # "a marketing play"): doubt of the claim or of its motive, without a denial's words
    ("skepticism", _cue(r"skeptic", r"sceptic", r"doubt", r"question(?:s|ed|ing)? (?:the|whether|how|why)",
                        r"mock", r"ridicul", r"laugh", r"scoff", r"jok(?:e|ed|es|ing)\b", r"memes?\b",
                        r"self.serving", r"marketing", r"\bpr\b", r"lobby", r"motive", r"distract",
                        r"pathetic", r"comical", r"dystopian", r"hollow", r"moral high ground",
                        r"pull(?:ing)? up the ladder", r"moat", r"sour\b", r"thin\b", r"pushed back",
                        r"push.?back", r"critiqu", r"criticis", r"criticiz", r"caveat", r"profits?\b",
                        r"pockets?\b", r"so what", r"tactic", r"stifl", r"weaponi[sz]", r"fingers? back",
                        r"cynic", r"distrust", r"suspicio")),
)


def features_signature() -> str:
    """A short hash of the polarity features' definitions (names and patterns of :data:`CUES`):
    part of a trained model's cache key, so a changed cue list retrains instead of loading a model
    whose inputs no longer match. Returns 16 hex characters."""
    import hashlib

    spec = "\x1f".join(f"{name}={pattern.pattern}" for name, pattern in CUES)
    return hashlib.sha256(spec.encode("utf-8")).hexdigest()[:16]


def _question(text: str) -> float:
    return float("?" in text)


def _exclaim(text: str) -> float:
    return float("!" in text)


@lru_cache(maxsize=16)
def _camp_patterns(camps: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One compiled pattern per camped actor: any of its surface forms as whole words, case-folded."""
    return tuple((camp, re.compile(r"(?<![\w])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w])",
                                   re.IGNORECASE)) for camp, forms in camps)


def _camps(profile: Profile) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return _camp_patterns(tuple((a.camp, a.surface_forms) for a in profile.actors if a.camp))


def camp_of(name: str, profile: Profile | None) -> str:
    """The camp of the profile actor named in ``name`` ("a DeepSeek spokesperson" -> the camp of
    DeepSeek), else ``""``. Matching is on whole words of the actor's surface forms, case-folded."""
    if not name or profile is None:
        return ""
    return next((camp for camp, pattern in _camps(profile) if pattern.search(name)), "")


def stance_speaker(name: str | None, written: str | None, profile: Profile | None) -> str:
    """The speaker a claim is scored with: its resolved ``name``; else the speaker as ``written``
    without the profile actors' names in it. Speaker resolution (:mod:`analysis.speakers`) leaves
    a span unresolved on purpose when a name in it does not own its head ("critics of DeepSeek",
    "discussion of OpenAI's reply"): scoring the written text would give the claim that actor's
    camp all the same. The words left keep "someone spoke" apart from the writer's own voice.

    Returns:
        a string, ``""`` when there is no speaker at all.
    """
    if name and isinstance(name, str):
        return name
    written = written.strip() if isinstance(written, str) else ""
    if not written or profile is None:
        return written
    for _, pattern in _camps(profile):
        written = pattern.sub(" ", written)
    return " ".join(written.split()) or "someone"


def camps_named(text: str, profile: Profile | None) -> set[str]:
    """Camps of the profile actors that ``text`` names (who the statement is about)."""
    if profile is None:
        return set()
    return {camp for camp, pattern in _camps(profile) if pattern.search(text)}


def feature_names(profile: Profile | None) -> list[str]:
    """Names of the columns :func:`polarity_features` returns, in order."""
    camps = sorted({a.camp for a in profile.actors if a.camp}) if profile else []
    names = [name for name, _ in CUES] + ["question", "exclamation", "no_speaker"]
    names += [f"speaker_{c}" for c in camps] + [f"names_{c}" for c in camps]
    names += [f"speaker_{c}*{cue}" for c in camps for cue in ("accusation", "denial", "negation", "first_person")]
    return names


def polarity_features(texts: Sequence[str], speakers: Sequence[str] | None, profile: Profile | None) -> np.ndarray:
    """Polarity features of each statement, shape ``(len(texts), len(feature_names(profile)))``.

    Args:
        texts: the statements (claim contents or whole sentences).
        speakers: who makes each statement (``""`` when unknown); ``None``: all unknown.
        profile: the debate profile, whose actors' camps give the speaker and target features.

    Returns:
        float32 array: cue counts capped at 3 and scaled to [0, 1], punctuation flags, the
        speaker's camp (one-hot), the camps the text names, and speaker-camp x cue products.
    """
    camps = sorted({a.camp for a in profile.actors if a.camp}) if profile else []
    speakers = list(speakers) if speakers is not None else [""] * len(texts)
    rows = []
    for text, speaker in zip(texts, speakers):
        cues = {name: min(len(pattern.findall(text)), 3) / 3.0 for name, pattern in CUES}
        row = list(cues.values()) + [_question(text), _exclaim(text), float(not speaker.strip())]
        camp = camp_of(speaker, profile)
        named = camps_named(text, profile)
        row += [float(camp == c) for c in camps] + [float(c in named) for c in camps]
        row += [float(camp == c) * cues[cue] for c in camps for cue in ("accusation", "denial", "negation",
                                                                          "first_person")]
        rows.append(row)
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(feature_names(profile)))
