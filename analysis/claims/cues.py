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
    "mourn", "grumble", "protest", "object", "see", "view", "consider", "wonder", "judge",
    "accept", "refuse", "decline", "seek", "encourage", "vote", "implore", "aim", "regret",
    "acknowledge", "bemoan", "lament", "concur", "read", "profess", "dispute",
    # manner of speaking (VerbNet manner_speaking-37.3 and say-37.7 kin): "“...,” he snaps."
    "snap", "mutter", "murmur", "whisper", "mumble", "shriek", "snarl", "sneer", "bellow", "roar",
    "growl", "hiss", "stammer", "sigh", "gush", "exclaim", "marvel", "muse", "chuckle", "laugh",
})

#: Cue lemmas whose content may be an infinitive ("vowed to repeal"): content is their xcomp.
XCOMP_CUE_VERBS: frozenset[str] = frozenset({
    "promise", "pledge", "vow", "threaten", "plan", "intend", "want", "wish", "hope", "expect",
    "decide", "urge", "ask", "demand", "call", "swear", "agree", "refuse", "decline", "seek",
    "encourage", "vote", "offer", "propose", "aim", "implore", "press", "push", "choose",
    # object control with an addressee: "warned officials to boost security", "told his
    # advisers to find a way" (PolNeAR annotates the infinitive as the content)
    "warn", "tell", "advise", "remind", "caution", "instruct", "order", "invite", "challenge",
    "convince", "persuade", "pressure", "exhort", "beg", "encourage", "request",
})
_NAMING_VERBS = frozenset({"call", "label", "dub", "brand", "describe", "characterize", "term"})
_FOR_VERBS = frozenset({"call", "ask", "push", "press", "argue", "plead", "appeal"})

#: Line labels that are not speakers ("UPDATE: ...", "Editor's note: ...").
_LABELS = frozenset({
    "update", "watch", "related", "note", "photo", "video", "breaking", "exclusive", "listen",
    "correction", "clarification", "source", "sources", "credit", "image", "caption", "live", "opinion",
    "analysis", "q", "a",
    # content warnings and page furniture in capitals: "WARNING GRAPHIC DETAIL: ...", "PICTURED: ..."
    "warning", "graphic", "detail", "details", "pictured", "spoiler", "alert", "explainer", "gallery",
    "factbox", "timeline", "latest", "recap", "transcript",
})

#: Lemmas of verbs of attitude and communication whose content may be a noun phrase: the direct
#: object ("Clinton cited derogatory comments ...", "the senator attacked the plan as ...").
#: PolNeAR annotates these as attributions (its guidelines count expressed evaluations and
#: intentions); the clausal cues of :data:`DEFAULT_CUE_VERBS` take their object only when listed
#: here too. From VerbNet's classes ``judgement-33``, ``advise-37.9``, ``say-37.7`` and the
#: PolNeAR cue list.
OBJECT_CUE_VERBS: frozenset[str] = frozenset({
    "cite", "mention", "attack", "criticize", "criticise", "support", "endorse", "propose", "offer",
    "reject", "praise", "blame", "back", "condemn", "defend", "oppose", "question", "dismiss",
    "denounce", "blast", "slam", "mock", "echo", "highlight", "tout", "welcome", "dispute", "deny",
    "request",
    "acknowledge", "announce", "reveal", "confirm", "express", "reference", "champion", "advocate",
    "applaud", "hail", "decry", "lambaste", "lambast", "assail", "fault", "recommend", "predict",
    "demand", "promise", "pledge", "vow", "favor", "favour", "embrace", "describe", "discuss",
    "emphasize", "emphasise", "stress", "urge", "suggest", "report", "disclose", "estimate",
    "voice", "rule", "admit", "concede", "forecast", "rebuke", "ridicule", "deride", "disparage", "chide", "scold", "berate",
    "excoriate", "castigate", "thank", "congratulate", "commend", "laud", "celebrate", "extol",
    "accuse", "charge", "note", "repeat", "reiterate", "insult", "belittle", "brand", "label",
    # characterize-29.2: "viewed communists as terrorists", "likened X to Y"
    "view", "regard", "consider", "portray", "depict", "paint", "cast", "identify", "rate",
    "compare", "liken", "characterize", "characterise", "detail", "document", "invoke",
    # admire-31.2 and judgement-33
    "admire", "despise", "hate", "loathe", "respect", "appreciate", "regret", "bemoan", "lament",
    "approve", "challenge", "chastise", "accept", "contest", "rebut", "refute", "counter",
    # evidence ("polls show a close race"): the source is a document or a finding
    "show", "indicate", "demonstrate", "prove",
    # presenting a position or a proposal ("laid out her plans", "unveiled a tax plan")
    "outline", "lay", "unveil", "present", "promote", "explain", "release", "issue",
    # attitude towards a thing (VerbNet admire-31.2 and fear-31.1 not listed above)
    "ignore", "love", "like", "want", "fear", "hate", "trust", "distrust",
    # playing a thing down (PolNeAR dev: "downplayed the role of ...")
    "downplay",
    # an allegation with a nominal content ("Anthropic alleges large-scale distillation by ...")
    "allege",
    # discussing and inquiring (VerbNet discover-84, investigate-35.4, talk-37.5): "addressed the
    # plight of ...", "debated the merits of ...", "examined the senator's statement"
    "address", "debate", "examine", "investigate", "articulate", "propound", "recite",
    # linking a thing to a cause (a claim of cause): "linked the breach to the email server"
    "link", "tie", "connect",
    # praise and promotion not listed above: "complimented the moderator", "peddled cures"
    "compliment", "peddle", "retweet",
    # depicting and recounting (VerbNet characterize-29.2, transfer_mesg-37.1): "the film
    # chronicles ...", "the ad features ...", "understated the costs", "exaggerated the risk"
    "chronicle", "feature", "profile", "recount", "envision", "understate", "overstate",
    "exaggerate", "misrepresent",
})

#: Verbs of a rule's permission or prohibition (VerbNet allow-64, forbid-64.4), whose source is
#: the law, program or document that allows: "the program allows investors to gain ...", "the
#: code prohibits ...". Object cues only in a main clause with a subject that is no relative
#: pronoun: inside a relative or another claim's clause ("a loophole that allows ...", "said
#: it would allow ...") the rule is the writer's description, not an attribution.
PERMISSION_VERBS: frozenset[str] = frozenset({
    "allow", "permit", "prohibit", "forbid", "authorize", "authorise", "obligate",
})

#: Phrasal verbs whose object is a content though the verb alone takes none: "pointed out the
#: flaws", "spelled out its demands", "played down the risk", "ruled out a deal".
PHRASAL_OBJECT_CUES: frozenset[tuple[str, str]] = frozenset({
    ("point", "out"), ("spell", "out"), ("lay", "out"), ("play", "down"), ("play", "up"),
    ("talk", "up"), ("talk", "down"), ("single", "out"), ("call", "out"), ("rule", "out"),
    ("write", "off"), ("brush", "off"), ("shrug", "off"), ("hold", "up"),
})

#: Verbs whose content is the object of one of their prepositions ("spoke about her ties",
#: "warned against hackers", "pointed to the crime bill").
PREP_CUE_VERBS: dict[str, frozenset[str]] = {
    "speak": frozenset({"about", "of", "on", "against", "out"}),
    "talk": frozenset({"about", "of"}),
    "warn": frozenset({"against", "of", "about"}),
    "point": frozenset({"to"}),
    "complain": frozenset({"about", "of"}),
    "worry": frozenset({"about"}),
    "comment": frozenset({"on"}),
    "advocate": frozenset({"for"}),
    "argue": frozenset({"for", "against"}),
    "push": frozenset({"for"}),
    "press": frozenset({"for"}),
    "brag": frozenset({"about"}),
    "boast": frozenset({"about", "of"}),
    "testify": frozenset({"about", "on"}),
    "write": frozenset({"about", "of"}),
    "tweet": frozenset({"about"}),
    "joke": frozenset({"about"}),
    "rail": frozenset({"against"}),
    "lobby": frozenset({"for", "against"}),
    "plead": frozenset({"for"}),
    "appeal": frozenset({"for"}),
    "hint": frozenset({"at"}),
    "ask": frozenset({"about"}),
    # positions taken through a preposition (PolNeAR dev misses): "agreed with X about Y",
    # "ruled against the procedure", "voted against the act", "responded with attacks"
    "agree": frozenset({"with", "on", "about"}),
    "disagree": frozenset({"with", "on", "about"}),
    "rule": frozenset({"against", "on"}),
    "vote": frozenset({"against", "for", "on"}),
    "respond": frozenset({"with", "to"}),
    "campaign": frozenset({"for", "against", "on"}),
    "cry": frozenset({"for", "out"}),
    "believe": frozenset({"in"}),
    # stances taken through a preposition (VerbNet marvel-31.3, judgement-33): "bristled at
    # the questions", "balked at the plan", "apologized for his remarks", "seized on comments"
    "refer": frozenset({"to"}),
    "apologize": frozenset({"for"}),
    "apologise": frozenset({"for"}),
    "bristle": frozenset({"at"}),
    "balk": frozenset({"at"}),
    "rejoice": frozenset({"in"}),
    "marvel": frozenset({"at"}),
    "seize": frozenset({"on", "upon"}),
    "spar": frozenset({"over", "about"}),
    "dwell": frozenset({"on"}),
    "harp": frozenset({"on"}),
    "insist": frozenset({"on"}),
    "elaborate": frozenset({"on"}),
    "muse": frozenset({"about", "on"}),
    "care": frozenset({"about"}),
    "obsess": frozenset({"over", "about"}),
    "weigh": frozenset({"about", "on", "with"}),  # "weighed in (Friday) about whether ..."
}

#: Verbs of accusation whose content is the object of a preposition after the accused:
#: "X accused Y of lying" -> content "lying" (the accused is part of the cue).
ACCUSATION_PREPS: dict[str, str] = {"accuse": "of", "charge": "with", "suspect": "of"}

#: Nouns that report a statement, belief or intention: "Trump's claim that ...", "her decision to
#: meet ...", "the group's call for an inquiry". Their content is the that-clause, infinitive or
#: the object of :data:`NOMINAL_CUE_PREPS`; their speaker is the possessor or a "by" agent.
NOMINAL_CUES: frozenset[str] = frozenset({
    "claim", "report", "statement", "allegation", "assertion", "belief", "view", "argument",
    "warning", "promise", "pledge", "plan", "decision", "determination", "conclusion", "finding",
    "suggestion", "insistence", "contention", "accusation", "charge", "call", "demand", "proposal",
    "pronouncement", "threat", "vow", "hope", "fear", "concern", "criticism", "admission",
    "denial", "announcement", "prediction", "recommendation", "advice", "position", "message",
    "eagerness", "desire", "intention", "commitment", "refusal", "assessment", "estimate",
    "observation", "complaint", "insinuation", "suspicion", "expectation", "worry", "opinion",
    "conviction", "acknowledgment", "acknowledgement", "confirmation", "declaration", "remark",
    "comment", "testimony", "explanation", "reluctance", "willingness", "request", "offer",
    "opposition", "endorsement", "praise", "condemnation", "defense", "defence", "rejection",
    "dismissal", "idea", "notion", "theory", "thesis",
    # a holder's bet, missive, attacks or fixation ("Obama's bet is that ...", "his attacks on
    # ...", "his obsession with ...")
    "missive", "bet", "attack", "obsession", "adulation", "fixation",
})

#: Nouns of an attitude that are a cue as the object of a verb whose subject holds it: "raised
#: questions about ...", "expressed misgivings about ...", "made the case that ...", "took
#: offense at ...". Alone ("the questions were many") they report nothing.
ATTITUDE_NOUNS: frozenset[str] = frozenset({
    "question", "doubt", "misgiving", "reservation", "case", "secret", "offense", "offence",
    "interest", "point", "confidence", "skepticism", "scepticism", "alarm", "outrage", "anger",
    "frustration", "support", "objection", "disagreement", "agreement", "doubt", "qualm",
    "regret", "sympathy", "solidarity", "enthusiasm", "displeasure", "dismay", "disdain",
    "contempt", "admiration", "gratitude", "appreciation", "optimism", "pessimism", "concern",
    "worry", "fear", "hope",
})

#: Verbs whose object noun carries the attribution ("made the case that ...", "raised concerns
#: about ...", "issued a warning that ...", "announced plans to ..."): with a noun of
#: :data:`NOMINAL_CUES` or :data:`ATTITUDE_NOUNS` as object, the verb is the cue, its subject
#: the speaker and the noun's clause or prepositional object the content. The other cue verbs
#: take an attitude noun only ("criticized the concern as ..." keeps its object).
LIGHT_VERBS: frozenset[str] = frozenset({
    "make", "raise", "have", "express", "voice", "offer", "issue", "share", "reiterate", "renew",
    "repeat", "take", "persist", "send", "leave", "pose", "air", "register", "harbor", "harbour",
    "hold", "sound", "signal", "give", "level", "lodge", "file", "lay",
})

#: Prepositions that introduce the content of an attitude noun, besides those of
#: :data:`NOMINAL_CUE_PREPS`: "offense at", "concerns over", "interest in", "support behind".
ATTITUDE_PREPS: frozenset[str] = frozenset({"at", "over", "in", "behind", "with"})

#: Prepositions that introduce the content of a nominal cue ("his criticism of the law").
NOMINAL_CUE_PREPS: frozenset[str] = frozenset({"of", "for", "on", "about", "against", "to"})

#: Adjectives of belief, will, feeling and stance that take a content: a that-clause ("sure
#: the board would ..."), an infinitive ("willing to ..."), a question ("unsure whether ...") or a
#: prepositional object ("critical of ...", "worried about ..."). From VerbNet's and FrameNet's
#: attitude frames (Certainty, Willingness, Emotion_directed, Judgment) and the PolNeAR cue list.
ATTITUDE_ADJECTIVES: frozenset[str] = frozenset({
    "afraid", "sure", "unsure", "certain", "uncertain", "confident", "convinced", "willing",
    "unwilling", "ready", "eager", "keen", "reluctant", "hesitant", "determined", "critical",
    "worried", "concerned", "anxious", "nervous", "skeptical", "sceptical", "hopeful",
    "optimistic", "pessimistic", "opposed", "supportive", "passionate", "adamant", "insistent",
    "unhappy", "angry", "furious", "upset", "frustrated", "disappointed", "proud", "aware",
    "wary", "fearful", "doubtful", "bearish", "bullish", "enthusiastic", "vocal", "outspoken",
    "frank", "resistant", "dismissive", "sympathetic", "grateful", "thankful", "satisfied",
    "dissatisfied", "pleased", "displeased", "alarmed", "troubled", "skittish", "adamant",
    "committed", "intent", "cautious", "unconvinced", "persuaded", "positive", "dubious",
    "suspicious", "contemptuous", "scornful", "incredulous", "indignant", "outraged", "livid",
})

#: Nouns of a holder of a position ("a supporter of ...", "a staunch opponent of ...").
AGENT_NOUNS: frozenset[str] = frozenset({
    "supporter", "opponent", "critic", "advocate", "defender", "proponent", "champion", "backer",
    "foe", "skeptic", "sceptic", "believer", "admirer", "detractor", "enemy",
})

#: Head nouns of a finding that opens its clause: "In the latest poll, ...".
FINDING_NOUNS: frozenset[str] = frozenset({
    "poll", "survey", "study", "report", "analysis", "review", "audit", "census", "estimate",
    "ranking", "index", "tally", "count", "projection", "forecast", "model", "data", "research",
    "findings", "results", "figures", "numbers", "records", "documents", "evidence", "polling",
})

#: Every verb lemma of the lexicons above.
_VERB_LEXICON: frozenset[str] = (DEFAULT_CUE_VERBS | XCOMP_CUE_VERBS | OBJECT_CUE_VERBS
                                 | frozenset(PREP_CUE_VERBS) | frozenset(ACCUSATION_PREPS))


def cue_lemma(tok) -> str:
    """The lower-case lemma of ``tok``, repaired where the small pipeline's lemmatizer cuts a
    verb's final "e" ("hopes" -> "hop", "rated" -> "rat").

    Args:
        tok (spacy.tokens.Token): a token of a parsed document.

    Returns:
        str: ``tok.lemma_`` lower-cased, or the lexicon verb (of :data:`DEFAULT_CUE_VERBS`,
        :data:`OBJECT_CUE_VERBS`, :data:`PREP_CUE_VERBS` ...) that the word's form spells.
    """
    lemma = tok.lemma_.lower()
    if lemma in _VERB_LEXICON:
        return lemma
    low = tok.lower_
    if lemma + "e" in _VERB_LEXICON and low.startswith(lemma + "e"):
        return lemma + "e"
    return lemma
