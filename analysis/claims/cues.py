"""Cue lexicons of the claims extractor: which words and phrases introduce an attribution.

Lemmas are lower case. The lists were assembled from the cue lists of PARC 3.0 (Pareti 2016) and
PolNeAR (Newell et al. 2018) and the reporting verbs of textacy's constants.
"""

from __future__ import annotations

#: the cue lists of PARC 3.0 and PolNeAR and the reporting verbs of textacy's constants.
DEFAULT_CUE_VERBS: frozenset[str] = frozenset({
    "say", "tell", "add", "argue", "claim", "warn", "accuse", "deny", "insist", "note", "write",
    "state", "announce", "believe", "think", "suggest", "allege", "acknowledge", "admit", "confirm",
    "report", "explain", "predict", "complain", "contend", "assert", "maintain", "declare", "testify",
    "concede", "caution", "emphasize", "emphasise", "stress", "observe", "remark", "reply", "respond",
    "answer", "recall", "reveal", "disclose", "estimate", "indicate", "know", "learn", "hear",
    "understand", "feel", "fear", "worry", "hope", "expect", "reckon", "assume", "doubt", "conclude",
    "find", "show", "demonstrate", "prove", "agree", "disagree", "promise", "pledge", "vow", "threaten",
    "urge", "demand", "ask", "question", "charge", "blame", "criticize", "criticise", "praise", "boast",
    "brag", "joke", "quip", "scoff", "shout", "yell", "scream", "tweet", "post", "blog", "inform",
    "recommend", "propose", "advise", "mention", "point", "continue", "reiterate", "repeat", "counter",
    "rebut", "retort", "dismiss", "describe", "characterize", "call", "label", "dub", "brand", "signal",
    "hint", "imply", "speculate", "surmise", "guess", "forecast", "project", "anticipate", "insinuate",
    "suspect", "realize", "realise", "recognize", "recognise", "notice", "discover", "determine",
    "decide", "plan", "intend", "want", "wish", "swear", "guarantee", "assure", "reassure", "notify",
    "proclaim", "pronounce", "certify", "affirm", "attest", "verify", "chant", "sing", "cry", "lament",
    "mourn", "grumble", "protest", "object"
})

#: Cue lemmas whose content may be an infinitive ("vowed to repeal"): content is their xcomp.
XCOMP_CUE_VERBS: frozenset[str] = frozenset({
    "promise", "pledge", "vow", "threaten", "plan", "intend", "want", "wish", "hope", "expect",
    "decide", "urge", "ask", "demand", "call", "swear", "agree"
})
_NAMING_VERBS = frozenset({"call", "label", "dub", "brand", "describe", "characterize", "term"})
_FOR_VERBS = frozenset({"call", "ask", "push", "press", "argue", "plead", "appeal"})

#: Line labels that are not speakers ("UPDATE: ...", "Editor's note: ...").
_LABELS = frozenset({
    "update", "watch", "related", "note", "photo", "video", "breaking", "exclusive", "listen",
    "correction", "clarification", "source", "sources", "credit", "image", "caption", "live", "opinion",
    "analysis", "q", "a"
})
