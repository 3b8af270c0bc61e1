"""corpus.profile: the shipped debate profile, relevance scoring, and validation of bad profiles."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from corpus.errors import CorpusError
from corpus.models import ACTOR_TYPES
from corpus.profile import DEFAULT_PROFILE, Relevance, load_profile, parse_profile

MINIMAL = """
[profile]
name = "mini"

[relevance]
min_passages = 1
scale = 2.0
core = ["distillation"]
dispute = ["accus*"]
[relevance.weights]
distillation = 2.0

[[actors]]
name = "DeepSeek"
type = "company"
aliases = ["Deepseek"]

[[propositions]]
key = "p1"
text = "A proposition."
favor = ["for it"]
against = ["against it"]
"""

#: Written for this test: a report of the distillation accusations.
ON_TOPIC = (
    "Anthropic said on Monday that three Chinese labs, DeepSeek, Moonshot and MiniMax, ran a "
    "distillation campaign through some 24,000 fraudulent accounts, querying Claude millions of "
    "times to train their own models on its outputs. OpenAI has made similar distillation claims."
)
#: Written for this test: sports, nothing about the debate.
OFF_TOPIC = (
    "The home side won the derby 3-1 on Saturday after a late penalty. The coach praised the "
    "defence and said the league title race is far from over with ten matches left to play."
)


@pytest.fixture(scope="module")
def shipped():
    return load_profile()


def write(tmp_path: Path, text: str, name: str = "profile.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_profile_loads_by_default_name_and_path(shipped):
    assert shipped.name == DEFAULT_PROFILE == "ai-distillation"
    assert load_profile("ai-distillation") == shipped
    assert load_profile(shipped.path) == shipped
    assert Path(shipped.path).name == "ai-distillation.toml"
    assert shipped.feeds and shipped.queries and shipped.title


def test_shipped_propositions_have_examples_on_both_sides(shipped):
    assert len(shipped.propositions) >= 3
    keys = [p.key for p in shipped.propositions]
    assert len(set(keys)) == len(keys)
    for p in shipped.propositions:
        assert p.text.strip()
        assert len(p.favor) >= 1 and len(p.against) >= 1
        assert all(s.strip() for s in p.favor + p.against)
        assert not set(p.favor) & set(p.against)
    assert shipped.proposition("distillation-is-theft").key == "distillation-is-theft"


def test_unknown_proposition_names_the_known_ones(shipped):
    with pytest.raises(CorpusError, match=r"^\[E006\]") as info:
        shipped.proposition("no-such-key")
    assert "distillation-is-theft" in str(info.value)


def test_shipped_actors_and_types(shipped):
    types = {a.name: a.type for a in shipped.actors}
    assert types["DeepSeek"] == "company"
    assert types["MiniMax"] == "company"
    assert types["Moonshot AI"] == "company"
    assert types["Anthropic"] == "company"
    assert types["OpenAI"] == "company"
    assert {a.type for a in shipped.actors} <= set(ACTOR_TYPES)
    assert "government" in types.values() and "official" in types.values()


def test_actor_surface_forms(shipped):
    forms = shipped.actor_by_form()
    assert forms["deepseek-ai"].name == "DeepSeek"
    assert forms["moonshot"].name == "Moonshot AI"
    assert forms["minimax"].name == "MiniMax"
    moonshot = next(a for a in shipped.actors if a.name == "Moonshot AI")
    lengths = [len(f) for f in moonshot.surface_forms]
    assert lengths == sorted(lengths, reverse=True) and "Moonshot AI" in moonshot.surface_forms


def test_relevance_keeps_the_debate_and_drops_sports(shipped):
    score, keep = shipped.relevance.score(ON_TOPIC)
    assert keep and 0.0 < score < 1.0
    off_score, off_keep = shipped.relevance.score(OFF_TOPIC)
    assert not off_keep and off_score == 0.0


def test_relevance_score_follows_its_formula(shipped):
    rel = shipped.relevance
    counts = rel.counts(ON_TOPIC)
    assert counts["distillation"] == 2 and counts["fraudulent accounts"] == 1
    assert counts["deepseek"] == 1 and "distill" not in counts  # whole words only
    n = len(rel.dispute_passages(ON_TOPIC))
    assert n >= 1 and rel.score(ON_TOPIC)[0] == round(1 - math.exp(-n / rel.scale), 4)


def test_relevance_needs_the_subject_beside_a_dispute_term():
    rel = Relevance(core=("distillation",), dispute=("accus*", "theft"), min_passages=1, scale=2.0,
                    weights={"anthropic": 1.0, "openai": 1.0, "deepseek": 1.0})
    # One actor and an accusation, no subject: not kept.
    assert rel.score("Anthropic accused a rival of poaching staff.") == (0.0, False)
    # Two principal actors beside an accusation name the subject too: kept.
    assert rel.score("Anthropic accused DeepSeek of copying.")[1]
    # The subject alone, in a technical aside: not kept.
    assert rel.score("We release a distillation recipe for small models.") == (0.0, False)
    # Subject in one paragraph, the accusation in the next: one dispute passage.
    text = "The lab described the distillation it found.\nIt called the practice theft."
    assert rel.dispute_passages(text) == [0]
    assert rel.score(text) == (round(1 - math.exp(-1 / 2.0), 4), True)
    # ...but not three paragraphs away.
    far = "A distillation recipe.\nUnrelated.\nMore.\nSomeone was accused of theft."
    assert rel.dispute_passages(far) == []
    # Prefix terms: accus* matches accusation; whole words otherwise.
    assert rel.counts("An accusation and an accuser; DISTILLATION, distillations") == {
        "accus*": 2, "distillation": 1}


def test_minimal_profile_from_a_file(tmp_path):
    p = load_profile(write(tmp_path, MINIMAL))
    assert p.name == "mini" and p.title == "mini" and p.language == "en"
    assert [a.name for a in p.actors] == ["DeepSeek"]
    assert p.relevance.core == ("distillation",)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('core = ["distillation"]', "", "relevance.core"),
    ('core = ["distillation"]', "core = []", "relevance.core"),
    ('type = "company"', 'type = "alien"', "'alien'"),
    ('against = ["against it"]', "", "for and against"),
    ('against = ["against it"]', "against = []", "for and against"),
    ('favor = ["for it"]', "", "for and against"),
    ('name = "mini"', 'title = "no name"', "`name`"),
    ('key = "p1"', 'key = 7', "`key`"),
    # Regression: a bare string where a list or number is expected was accepted (or crashed).
    ('core = ["distillation"]', 'core = "distillation"', "relevance.core"),
    ("scale = 2.0", 'scale = "high"', "scale"),
    ('dispute = ["accus*"]', 'dispute = "accus*"', "relevance.dispute"),
    ("distillation = 2.0", 'distillation = "heavy"', "weights"),
])
def test_invalid_profiles_raise_e004(tmp_path, old, new, expected):
    assert old in MINIMAL
    path = write(tmp_path, MINIMAL.replace(old, new, 1))
    with pytest.raises(CorpusError) as info:
        load_profile(path)
    assert str(info.value).startswith("[E004]")
    assert str(path) in str(info.value) and expected in str(info.value)


def test_missing_relevance_table_raises_e004(tmp_path):
    text = MINIMAL.replace("[relevance.weights]\ndistillation = 2.0\n", "")
    text = text.replace('[relevance]\nmin_passages = 1\nscale = 2.0\ncore = ["distillation"]\ndispute = ["accus*"]\n', "")
    with pytest.raises(CorpusError, match=r"^\[E004\].*`relevance`"):
        load_profile(write(tmp_path, text))


def test_repeated_proposition_keys_raise_e004(tmp_path):
    text = MINIMAL + '\n[[propositions]]\nkey = "p1"\ntext = "Again."\nfavor = ["x"]\nagainst = ["y"]\n'
    with pytest.raises(CorpusError, match=r"^\[E004\].*repeat"):
        load_profile(write(tmp_path, text))


@pytest.mark.parametrize("actors", ['actors = ["DeepSeek"]', 'actors = ["Surname"]'])
def test_actor_that_is_not_a_table_raises_e004(actors):
    # Regression: "Surname" contains "name", so the old check indexed a str and raised TypeError.
    import tomllib

    data = tomllib.loads(MINIMAL.replace('[[actors]]\nname = "DeepSeek"\ntype = "company"\n'
                                         'aliases = ["Deepseek"]\n', ""))
    data["actors"] = tomllib.loads(actors)["actors"]
    with pytest.raises(CorpusError, match=r"^\[E004\]"):
        parse_profile(data, path="inline")


def test_missing_file_raises_e003(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(CorpusError, match=r"^\[E003\]") as info:
        load_profile(missing)
    assert str(missing) in str(info.value)


def test_directory_instead_of_file_raises_e003(tmp_path):
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(CorpusError, match=r"^\[E003\]"):
        load_profile(folder)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads any file whatever its mode: the permission case cannot fail as root")
def test_unreadable_file_raises_e003(tmp_path):
    path = write(tmp_path, MINIMAL)
    path.chmod(0)
    with pytest.raises(CorpusError, match=r"^\[E003\]"):
        load_profile(path)


def test_malformed_toml_and_bad_encoding_raise_e003(tmp_path):
    with pytest.raises(CorpusError, match=r"^\[E003\]"):
        load_profile(write(tmp_path, "[profile\nname = ", "broken.toml"))
    latin = tmp_path / "latin.toml"
    latin.write_bytes(MINIMAL.replace("A proposition.", "Caf\xe9").encode("latin-1"))
    with pytest.raises(CorpusError, match=r"^\[E003\]"):
        load_profile(latin)


def test_unknown_shipped_name_lists_the_shipped_ones():
    with pytest.raises(CorpusError, match=r"^\[E003\]") as info:
        load_profile("no-such-debate")
    assert "ai-distillation" in str(info.value)


def test_products_count_toward_their_maker(shipped):
    forms = shipped.actor_by_form()
    assert forms["kimi"].name == "Moonshot AI" and forms["claude"].name == "Anthropic"
    moonshot = next(a for a in shipped.actors if a.name == "Moonshot AI")
    assert "Kimi" in moonshot.products and "Kimi" in moonshot.surface_forms


def test_a_profile_copied_away_from_its_relevance_examples_is_refused_in_one_line(tmp_path):
    shipped = Path(load_profile().path)
    copy = tmp_path / "moved.toml"
    copy.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")  # its CSVs stay behind
    with pytest.raises(CorpusError, match=r"^\[E004\].*relevance\.semantic\.examples.*does not exist"):
        load_profile(copy)


def test_a_missing_stance_file_is_named_under_its_own_table(tmp_path):
    shipped = Path(load_profile().path)
    text = shipped.read_text(encoding="utf-8").replace('= "ai-distillation.', '= "' + str(shipped.parent) + '/ai-distillation.')
    copy = tmp_path / "moved.toml"
    copy.write_text(text.replace("ai-distillation.stance-claims.csv", "nowhere.csv"), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"^\[E004\].*`stance\.variants` names .*nowhere\.csv, which does not exist"):
        load_profile(copy)


def _plain_rule(rel: Relevance, text: str) -> tuple[list[int], dict[str, int]]:
    """The keyword rule read the plain way: every term's pattern over every paragraph."""
    pats = rel._patterns
    has = lambda terms, t: any(pats[x].search(t) for x in terms)  # noqa: E731
    paragraphs = [p for p in text.split("\n") if p.strip()]
    hits = []
    for i, para in enumerate(paragraphs):
        weight = sum(w for x, w in rel.weights.items() if pats[x].search(para))
        if not has(rel.core, para) and weight < 2.0:
            continue
        if not rel.dispute or has(rel.dispute, " ".join(paragraphs[max(0, i - 1):i + 2])):
            hits.append(i)
    counts = {x: n for x, p in pats.items() if (n := len(p.findall(text)))}
    return hits, counts


def test_the_keyword_rule_finds_what_every_pattern_over_every_paragraph_finds(shipped):
    """The substring prefilter never drops a match: case variants, prefixes, CJK terms, the
    letters case-insensitive matching pairs with i, s and k, terms run into other words."""
    import random

    rel = shipped.relevance
    terms = sorted(rel._patterns)
    pieces = ["the lab said", "critics answered", "İn a letter", "ſtated", "\u212Aey point", "蒸馏", "公司",
              "re-", "un", "—", "\n", "\n\n", "xx", "accusations", "DISTILLATION", "Distilled", "theft"]
    rnd = random.Random(11)
    for _ in range(300):
        words = []
        for _ in range(rnd.randint(3, 40)):
            word = rnd.choice(terms + pieces).rstrip("*")
            word = rnd.choice([word, word.upper(), word.title(), word.replace("i", "İ"), word + "s"])
            words.append(word + rnd.choice(["", " ", " ", ", ", "\n"]))
        text = "".join(words)
        hits, counts = _plain_rule(rel, text)
        assert rel.dispute_passages(text) == hits, text
        assert rel.counts(text) == counts, text
        assert rel.assess(text).counts == counts and rel.assess(text).passages == len(hits)
