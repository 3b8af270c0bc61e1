"""analysis.stance: labelled sets, polarity features, the trained model and its file, the
example baseline; with a fake embedder, and (slow) with the real model on the profile's set.

Every sentence here is written for these tests."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.errors import AnalysisError
from analysis.stance import ExampleStance, LabelledStatement, NoStance, StanceConfig, TrainedStance, read_labels
from analysis.stance.features import camp_of, feature_names, polarity_features, stance_speaker
from analysis.stance.selection import cross_validate, evaluate
from corpus.profile import Proposition, load_profile

PROP = Proposition(key="p", text="Copying a model through fake accounts is theft.",
                   favor=("copying a model is theft", "fake accounts are fraud"),
                   against=("learning from outputs is fair", "distillation is normal practice"))


class WordEmbedder:
    """Bag-of-words unit vectors over a tiny vocabulary: similarity = shared words."""

    name = "bow"
    vocab = ["copying", "model", "theft", "fake", "accounts", "fraud", "learning", "outputs", "fair",
             "distillation", "normal", "practice", "weather", "rain", "is", "a", "are", "from", "through"]

    def encode(self, texts):
        rows = []
        for text in texts:
            words = text.lower().replace(".", "").split()
            v = np.array([float(w in words) for w in self.vocab])
            rows.append(v / (np.linalg.norm(v) or 1.0))
        return np.array(rows, dtype=np.float32)


def test_labels_follow_the_nearest_examples():
    model = ExampleStance(WordEmbedder(), (PROP,), k=1, relatedness_threshold=0.3, margin=0.05)
    favor, against, unrelated = model.score(["copying a model is theft and fraud",
                                             "learning from outputs is fair practice",
                                             "rain and weather"])
    assert [s.label for s in favor] == ["favor"] and favor[0].score > 0
    assert [s.label for s in against] == ["against"] and against[0].score < 0
    assert unrelated == []  # below the relatedness threshold: no stance at all
    assert model.name.startswith("example-knn/bow")


def test_precomputed_vectors_give_the_same_result():
    embedder = WordEmbedder()
    model = ExampleStance(embedder, (PROP,), k=1, relatedness_threshold=0.3)
    texts = ["fake accounts are fraud", "distillation is normal practice"]
    assert model.score(texts) == model.score(texts, vectors=embedder.encode(texts))


def test_no_stance_scores_nothing():
    assert NoStance().score(["a", "b"]) == [[], []]


# --- labelled sets ---------------------------------------------------------------------------------

HEADER = "group,proposition,label,speaker,kind,text\n"


def test_a_labelled_set_is_read_in_order(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(HEADER + 'g1,p,favor,Anthropic,accuser-facts,"The accounts were fake, all of them."\n'
                    "g2,p,unrelated,,plain,The bakery opens at eight.\n", encoding="utf-8")
    rows = read_labels(path, propositions=["p"])
    assert rows == [LabelledStatement("g1", "p", "favor", "Anthropic", "accuser-facts", "The accounts were fake, all of them."),
                    LabelledStatement("g2", "p", "unrelated", "", "plain", "The bakery opens at eight.")]


@pytest.mark.parametrize("body, message", [
    ("group,label,text\n", r"\[E106\].*line 1.*header"),
    (HEADER + "g1,p,maybe,,plain,Some text here.\n", r"\[E106\].*line 2.*'maybe'"),
    (HEADER + "g1,q,favor,,plain,Some text here.\n", r"\[E106\].*line 2.*'q' is not in the profile"),
    (HEADER + "g1,p,favor,,plain,\n", r"\[E106\].*line 2.*required"),
])
def test_a_bad_labelled_set_names_its_line(tmp_path, body, message):
    path = tmp_path / "labels.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(AnalysisError, match=message):
        read_labels(path, propositions=["p"])


def test_a_missing_labelled_set_is_E105(tmp_path):
    with pytest.raises(AnalysisError, match=r"\[E105\]"):
        read_labels(tmp_path / "none.csv")


# --- polarity features -----------------------------------------------------------------------------

def test_polarity_features_tell_a_denial_from_an_accusation():
    profile = load_profile()
    names = feature_names(profile)
    rows = polarity_features(["The startup rejected the allegations as a baseless smear.",
                              "The lab said the rival stole its work through fraudulent accounts.",
                              "Is this really theft, or just competition?"],
                             ["a DeepSeek spokesperson", "Anthropic", ""], profile)
    assert rows.shape == (3, len(names))
    col = {n: i for i, n in enumerate(names)}
    assert rows[0, col["denial"]] > 0 and rows[0, col["accusation"]] == 0
    assert rows[1, col["accusation"]] > 0 and rows[1, col["denial"]] == 0
    assert rows[0, col["speaker_accused"]] == 1 and rows[1, col["speaker_accuser"]] == 1
    assert rows[1, col["speaker_accuser*accusation"]] > 0
    assert rows[2, col["question"]] == 1 and rows[2, col["no_speaker"]] == 1


def test_camp_of_a_role_is_the_camp_of_its_organisation():
    profile = load_profile()
    assert camp_of("a spokesperson for Moonshot AI", profile) == "accused"
    assert camp_of("OpenAI", profile) == "accuser"
    assert camp_of("Sen. Dana Whitcomb", profile) == ""


def test_an_unresolved_speaker_is_scored_without_the_actor_it_names():
    """"critics of DeepSeek" left unresolved by speaker resolution must not take DeepSeek's camp."""
    profile = load_profile()
    assert stance_speaker("OpenAI", "the company", profile) == "OpenAI"
    unresolved = stance_speaker(None, "Critics of DeepSeek", profile)
    assert camp_of(unresolved, profile) == "" and unresolved.strip() == "Critics of"
    assert stance_speaker(None, "OpenAI", profile) == "someone"  # a speaker still, not the writer
    assert stance_speaker(None, "", profile) == "" and stance_speaker(None, None, profile) == ""


# --- the trained model, on a fake embedder ---------------------------------------------------------

class TopicEmbedder(WordEmbedder):
    """Bag of words over the vocabulary of the small labelled set below."""

    name = "bow-topic"
    vocab = ["accounts", "fake", "copied", "model", "lab", "stole", "outputs", "denied", "baseless", "normal",
             "practice", "bakery", "bread", "weather", "rain", "reported", "alleged", "said"]


def small_set() -> list[LabelledStatement]:
    rows = []
    for i, text in enumerate(["the lab stole outputs with fake accounts", "fake accounts copied the model",
                              "the rival stole the model outputs", "fake accounts stole outputs"]):
        rows.append(LabelledStatement(f"f{i}", "p", "favor", "", "plain", text))
    for i, text in enumerate(["the claims were denied as baseless", "it is normal practice, denied",
                              "baseless, normal practice", "the lab denied it, baseless"]):
        rows.append(LabelledStatement(f"a{i}", "p", "against", "", "plain", text))
    for i, text in enumerate(["it was reported that accounts were alleged", "the lab said it alleged misuse",
                              "reported and alleged, the lab said", "it was alleged and reported"]):
        rows.append(LabelledStatement(f"n{i}", "p", "neutral", "", "plain", text))
    for i, text in enumerate(["the bakery sells bread", "rain and weather today", "bread and rain", "weather"]):
        rows.append(LabelledStatement(f"u{i}", "p", "unrelated", "", "plain", text))
    return rows


def test_a_trained_model_takes_sides_and_leaves_unrelated_text_alone():
    profile = load_profile()
    model = TrainedStance.fit(small_set(), embedder=TopicEmbedder(), profile=profile,
                              config=StanceConfig(polarity=False, C=10.0, confidence_floor=0.0))
    favor, against, unrelated = model.score(["fake accounts stole the model", "denied: baseless and normal",
                                             "bread in the rain"])
    assert [(s.proposition, s.label) for s in favor] == [("p", "favor")] and favor[0].score > 0
    assert [s.label for s in against] == ["against"] and against[0].score < 0
    assert unrelated == []  # not related: no stance stored
    shown = model.score(["bread in the rain"], include_unrelated=True)[0]
    assert [s.label for s in shown] == ["unrelated"] and shown[0].relatedness < 0.5
    assert abs(sum(favor[0].probabilities.values()) - 1.0) < 1e-3
    assert model.name.startswith("trained/logistic/bow-topic/")


def test_below_the_confidence_floor_a_claim_is_unclear_never_a_side():
    model = TrainedStance.fit(small_set(), embedder=TopicEmbedder(), profile=load_profile(),
                              config=StanceConfig(polarity=False, C=10.0, confidence_floor=0.99))
    (score,) = model.score(["fake accounts stole the model"])[0]
    assert score.label == "unclear" and score.probability < 0.99


def test_the_model_file_round_trips_and_refuses_another_embedder(tmp_path):
    profile = load_profile()
    model = TrainedStance.fit(small_set(), embedder=TopicEmbedder(), profile=profile,
                              config=StanceConfig(polarity=False, C=10.0), metrics={"cv_macro_f1": 0.5})
    path = model.save(tmp_path / "stance.joblib")
    again = TrainedStance.load(path, embedder=TopicEmbedder(), profile=profile)
    texts = ["fake accounts stole the model", "denied: baseless and normal"]
    assert again.score(texts) == model.score(texts)
    assert again.data_sha256 == model.data_sha256 and again.metrics == {"cv_macro_f1": 0.5}
    with pytest.raises(AnalysisError, match=r"\[E107\].*fitted on embeddings of 'bow-topic'"):
        TrainedStance.load(path, embedder=WordEmbedder(), profile=profile)
    (tmp_path / "junk.joblib").write_bytes(b"not a model")
    with pytest.raises(AnalysisError, match=r"\[E107\]"):
        TrainedStance.load(tmp_path / "junk.joblib", embedder=TopicEmbedder(), profile=profile)


class BlindEmbedder:
    """Gives every text the same vector: only the n-gram block can tell statements apart."""

    name = "blind"

    def encode(self, texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0


def test_word_ngrams_carry_the_side_an_embedding_blurs_and_survive_the_file(tmp_path):
    profile = load_profile()
    blind = TrainedStance.fit(small_set(), embedder=BlindEmbedder(), profile=profile,
                              config=StanceConfig(polarity=False, C=10.0, confidence_floor=0.0))
    texts = ["fake accounts stole outputs", "denied as baseless, normal practice"]
    assert len({tuple(sorted(s.probabilities.items())) for row in blind.score(texts, propositions=["p"])
                for s in row}) == 1  # the same input, the same answer
    config = StanceConfig(polarity=False, C=10.0, confidence_floor=0.0, ngrams=2, ngram_weight=2.0)
    model = TrainedStance.fit(small_set(), embedder=BlindEmbedder(), profile=profile, config=config)
    favor, against = model.score(texts, propositions=["p"])
    assert favor[0].label == "favor" and against[0].label == "against"
    again = TrainedStance.load(model.save(tmp_path / "ngrams.joblib"), embedder=BlindEmbedder(), profile=profile)
    assert again.vectorizer is not None and again.score(texts, propositions=["p"]) == [favor, against]


def test_cross_validation_keeps_a_group_on_one_side_and_scores_every_statement():
    rows = small_set()
    seen = []

    def fit_predict(train, test):
        groups = {rows[i].group for i in train}
        assert not groups & {rows[i].group for i in test}
        seen.extend(test)
        return [rows[i].label for i in test]  # a perfect model

    evaluation, predicted = cross_validate(rows, fit_predict, folds=4)
    assert sorted(seen) == list(range(len(rows))) and evaluation.macro_f1 == 1.0
    wrong = evaluate(rows, ["favor"] * len(rows))
    assert wrong.per_label_f1["against"] == 0.0 and wrong.confusion["against"]["favor"] == 4


# --- the trained model on the profile's labelled set (slow: the real embedder) ----------------------

@pytest.fixture(scope="module")
def trained(analyzer):
    return analyzer.stance


@pytest.mark.slow
def test_plain_accusations_by_the_accuser_are_in_favour(trained):
    """Regression (issue 6): the accuser's own account came out *against* its accusation."""
    scores = trained.score(["the attacks had been carried out illicitly and at an industrial scale",
                            "it was looking into signs that a rival had inappropriately distilled its models",
                            "the allegations were baseless and its models were trained on its own data"],
                           speakers=["Anthropic", "OpenAI", "a DeepSeek spokesperson"])
    central = [next(s.label for s in row if s.proposition == "accusation-justified") for row in scores]
    assert central == ["favor", "favor", "against"]


@pytest.mark.slow
def test_the_hypocrisy_retort_is_against_the_accusation(trained):
    (row,) = trained.score(["A company that hoovered up every book it could find now complains about copying?"])
    labels = {s.proposition: s.label for s in row}
    assert labels["accusation-justified"] == "against" and labels["accusers-are-hypocrites"] == "favor"


@pytest.mark.slow
def test_a_claim_is_scored_on_the_propositions_it_bears_on(trained):
    policy, retort = trained.score(["Washington should require identity checks before foreign labs may query "
                                    "American models.",
                                    "The scrapers are now upset that someone scraped them."])
    assert "government-should-restrict" in {s.proposition for s in policy}
    assert "accusers-are-hypocrites" not in {s.proposition for s in policy}
    assert "accusers-are-hypocrites" in {s.proposition for s in retort}
    assert "government-should-restrict" not in {s.proposition for s in retort}
    # asked for a proposition, the model always answers on it
    (only,) = trained.score(["The bakery opens at eight."], propositions=["accusation-justified"],
                            include_unrelated=True)[0]
    assert only.proposition == "accusation-justified"


@pytest.mark.slow
def test_claim_shaped_reactions_take_the_side_of_their_speaker(trained):
    """Regression (issue 6): a round-up's claims, as `debatelens claims` gives them (speaker and
    the content without its cue), read neutral or even favour; sentences of our own."""
    scores = trained.score(["the irony of a lab that trained on scraped text objecting to being copied",
                            "the accused companies were simply using the paid API the way it was sold",
                            "it had traced the fake accounts to the three labs through shared payment details"],
                           speakers=["commenters", "some developers", "Anthropic"])
    central = [next(s.label for s in row if s.proposition == "accusation-justified") for row in scores]
    assert central == ["against", "against", "favor"]


def test_variants_keep_the_group_and_label_of_their_statement():
    profile = load_profile(None)
    labels = {(s.group, s.text): s for s in read_labels(profile.stance_labels)}
    groups = {}
    for s in read_labels(profile.stance_labels):
        groups.setdefault(s.group, set()).add((s.proposition, s.label))
    variants = read_labels(profile.stance_variants)
    assert len(variants) > 100
    for v in variants:
        assert v.kind.startswith("claim:") and v.label in ("favor", "against")
        assert (v.proposition, v.label) in groups[v.group]
        assert (v.group, v.text) not in labels  # a variant is never its statement verbatim


@pytest.mark.slow
def test_shipped_variants_are_those_of_the_shipped_labels(nlp, tmp_path):
    """The variants CSV is generated (python -m analysis.stance.variants): after the labels are
    edited it must be regenerated. A better claims extractor may change a few variants, so the
    test asks for most of them, not all."""
    from analysis.stance.variants import claim_variants

    profile = load_profile(None)
    regenerated = {(v.group, v.text) for v in claim_variants(read_labels(profile.stance_labels), nlp)}
    shipped = {(v.group, v.text) for v in read_labels(profile.stance_variants)}
    assert len(regenerated & shipped) >= 0.8 * max(len(shipped), len(regenerated)), (
        "regenerate: python -m analysis.stance.variants corpus/profiles/ai-distillation.stance.csv "
        "corpus/profiles/ai-distillation.stance-claims.csv")


def test_implied_labels_follow_what_the_set_labels_on_both_propositions():
    from analysis.stance.model import implied_labels

    both = [LabelledStatement(f"b{i}", "hyp", "favor", "", "hypocrisy", f"They scraped the web first, case {i}.")
            for i in range(10)]
    both += [LabelledStatement(f"b{i}", "acc", "against", "", "hypocrisy", f"They scraped the web first, case {i}.")
             for i in range(10)]
    alone = [LabelledStatement("h1", "hyp", "favor", "", "hypocrisy",
                               "Whoever took every book online should not moralise."),
             LabelledStatement("a2", "acc", "favor", "", "plain", "The logs show the same accounts.")]
    denials = [LabelledStatement(f"d{i}", "acc", "against", "", "denial", f"The accounts were never ours, reply {i}.")
               for i in range(45)]
    rows = both + alone + denials
    # a hypocrisy retort labelled only on "hyp" is against "acc", as all ten labelled on both are;
    # "against acc" implies nothing on "hyp": its ten co-labelled statements are no sample of its 55
    assert implied_labels(rows) == [(len(both), "acc", "against")]
    fewer = both[:9] + both[10:19] + alone + denials  # nine co-labelled statements: too few to learn from
    assert implied_labels(fewer) == []
    mixed = both[:10] + [LabelledStatement(f"b{i}", "acc", "favor" if i < 2 else "against", "", "x", "t")
                         for i in range(10)] + alone + denials  # 8 of 10 agree: not consistent enough
    assert implied_labels(mixed) == []
