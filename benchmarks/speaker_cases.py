"""Labelled speaker-resolution cases for ``benchmarks/attribution.py`` and the tests.

Each case is a short text written for this set (none is taken from any corpus), the speaker
mention as it stands in the text (its first occurrence at or after ``after``, a substring that
anchors the search), and the name it should resolve to (``None``: must stay unresolved).
``ACTORS`` (alias -> canonical name) and ``PRODUCTS`` (product -> maker) are passed to every case,
as the debate profile would be; the pipeline gets :func:`entity_ruler_patterns` before its NER.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    text: str
    mention: str
    expected: str | None
    after: str = ""  # a substring before the mention: the search starts there


#: The profile of the set: canonical name -> (label, aliases). :func:`entity_ruler_patterns`
#: turns it into the entity_ruler patterns the analysis pipeline builds from a profile.
PROFILE = {
    "Larkspur Labs": ("ORG", ["Larkspur Labs", "Larkspur"]),
    "Quillon AI": ("ORG", ["Quillon AI", "Quillon"]),
    "Brightwater Systems": ("ORG", ["Brightwater Systems", "Brightwater"]),
    "Ministry of Digital Affairs": ("ORG", ["Ministry of Digital Affairs"]),
    "Hollis Varga": ("PERSON", ["Hollis Varga"]),
    "Orrin Castellan": ("PERSON", ["Orrin Castellan"]),
}
#: Canonical name -> label, the ``actors`` argument of ``resolve_speakers``.
ACTORS = {name: label for name, (label, _) in PROFILE.items()}
PRODUCTS = {"Corvid": "Larkspur Labs", "Marlin": "Quillon AI", "Tern-2": "Brightwater Systems"}

def entity_ruler_patterns() -> list[dict]:
    """entity_ruler patterns of :data:`PROFILE` (``id`` = canonical name) and the products."""
    patterns = [{"label": label, "pattern": alias, "id": name}
                for name, (label, aliases) in PROFILE.items() for alias in aliases]
    return patterns + [{"label": "PRODUCT", "pattern": p, "id": p} for p in PRODUCTS]


CASES: list[Case] = [
    # he / she -> the nearest person
    Case("Hollis Varga runs research at Larkspur Labs. She said the accounts were fake.", "She", "Hollis Varga"),
    Case("Orrin Castellan founded Quillon AI in 2019. He said the claims were baseless.", "He", "Orrin Castellan"),
    Case("Larkspur hired Mina Okafor last year. She said the lab had logged every request.", "She", "Mina Okafor"),
    Case("Dev Raman, a lawyer for Quillon, spoke on Monday. He said the suit would fail.", "He", "Dev Raman"),
    Case("Tomas Ilves met Greta Lund in Oslo. Lund praised the rules. She said they were fair.", "She", "Greta Lund"),
    Case("Priya Natarajan leads policy at Brightwater. In a talk she said open models help.", "she", "Priya Natarajan"),
    Case("The report named Hollis Varga as the author.\nShe said it took six months to write.", "She", "Hollis Varga"),
    Case("Brightwater declined to comment. Its founder Sam Odell later said the data was licensed.", "Sam Odell", "Sam Odell"),
    # it / they / we -> an organisation
    Case("Larkspur Labs published a letter on Tuesday. It said rivals had copied its chatbot.", "It", "Larkspur Labs"),
    Case("Quillon AI denied the charge. It said its models were trained on public data.", "It", "Quillon AI"),
    Case("Brightwater Systems lost the contract. They said the decision was political.", "They", "Brightwater Systems"),
    Case("The Ministry of Digital Affairs opened an inquiry. It said the findings were due in May.", "It", "Ministry of Digital Affairs"),
    Case("Hollis Varga briefed reporters about Larkspur. It said later that the briefing was informal.", "It", "Larkspur Labs"),
    Case("Quillon shipped Marlin in March. It said the model beat every rival on reasoning tests.", "It", "Quillon AI"),
    Case("Larkspur released Corvid last spring. It said usage had doubled since then.", "It", "Larkspur Labs"),
    Case("Brightwater unveiled Tern-2 at a conference. It said the model was built from scratch.", "It", "Brightwater Systems"),
    Case("Quillon AI and its investors met in Zurich. We will defend our work, they said.", "they", "Quillon AI"),
    # nominal speakers
    Case("Larkspur Labs accused three rivals of copying. The company said it had evidence.", "The company", "Larkspur Labs"),
    Case("Quillon AI raised new funds. The firm said the money would pay for chips.", "The firm", "Quillon AI"),
    Case("Brightwater Systems is based in Leeds. The US company said it would appeal.", "The US company", "Brightwater Systems"),
    Case("Larkspur published logs of the traffic. The lab said the requests came in bursts.", "The lab", "Larkspur Labs"),
    Case("Quillon started in a garage in 2019. The startup said it never used rival outputs.", "The startup", "Quillon AI"),
    Case("The Ministry of Digital Affairs issued new guidance. The ministry said labs must keep logs.", "The ministry", "Ministry of Digital Affairs"),
    Case("Hollis Varga of Larkspur spoke first. The company later said it would publish the data.", "The company", "Larkspur Labs"),
    Case("Mina Okafor testified before the committee. The expert said distillation is hard to detect.", "The expert", "Mina Okafor"),
    Case("Brightwater Systems and Quillon AI both replied. The firm said it welcomed the inquiry.", "The firm", "Quillon AI"),
    Case("Quillon AI was sued in Delaware. The startup's lawyers said the case had no merit.", "The startup's lawyers", None),
    Case("Larkspur wrote to the regulator. Officials said they were reviewing the letter.", "Officials", "Larkspur Labs"),
    # role: a spokesperson for X / X's spokesperson
    Case("A spokesperson for Quillon AI said the accusations were false.", "A spokesperson for Quillon AI", "Quillon AI"),
    Case("Larkspur's spokesperson said the company had closed the accounts.", "Larkspur's spokesperson", "Larkspur Labs"),
    Case("A Brightwater spokesman said the model was trained in-house.", "A Brightwater spokesman", "Brightwater Systems"),
    Case("A spokesperson for Larkspur Labs declined to comment on Monday. On Tuesday the spokesperson said the logs were genuine.", "the spokesperson", "Larkspur Labs", "On Tuesday"),
    Case("Quillon AI spokeswoman Ada Brenner said the lab would cooperate.", "Quillon AI spokeswoman Ada Brenner", "Ada Brenner"),
    # surnames
    Case("Hollis Varga leads research at Larkspur. Varga said the traffic was automated.", "Varga", "Hollis Varga", ". "),
    Case("Orrin Castellan answered the letter. Castellan said the lab had done nothing wrong.", "Castellan", "Orrin Castellan", ". "),
    Case("Mina Okafor and Dev Raman testified. Raman said the rules were vague.", "Raman", "Dev Raman", ". "),
    Case("Greta Lund chairs the panel. Ms. Lund said the hearing would resume in June.", "Ms. Lund", "Greta Lund"),
    Case("Sam Odell spoke at the summit. Odell said open weights were here to stay.", "Odell", "Sam Odell", ". "),
    # relative pronouns
    Case("Hollis Varga, who said the accounts were fake, asked for an inquiry.", "who", "Hollis Varga"),
    Case("Quillon AI, which denies the charge, said it would publish its data.", "which", "Quillon AI"),
    Case("The letter came from Larkspur Labs, which said rivals had copied its models.", "which", "Larkspur Labs"),
    # names in the span
    Case("Larkspur Labs said the rivals had broken its terms.", "Larkspur Labs", "Larkspur Labs"),
    Case("Quillon said the claim was absurd.", "Quillon", "Quillon AI"),
    Case("Hollis Varga, chief scientist at Larkspur, said the logs were clear.", "Hollis Varga", "Hollis Varga"),
    Case("Corvid, the Larkspur chatbot, said in a reply that it could not help.", "Corvid", "Larkspur Labs"),
    Case("Marlin told users the feature was not available.", "Marlin", "Quillon AI"),
    # headings never fused
    Case("Distillation dispute widens\nLarkspur Labs said three rivals had copied its chatbot.", "Distillation dispute widens\nLarkspur Labs", "Larkspur Labs"),
    Case("THE WEEK IN AI\nOrrin Castellan said the accusations were a distraction.", "THE WEEK IN AI\nOrrin Castellan", "Orrin Castellan"),
    # lead subject preferred when nothing is near
    Case("Larkspur Labs accused rivals of copying its chatbot.\n\nThe dispute has drawn in regulators, investors and several universities over the past month, with hearings planned.\n\nThe company said it would publish evidence.", "The company", "Larkspur Labs"),
    Case("Orrin Castellan defended his lab on Friday.\n\nThe dispute has drawn in regulators and investors over the past month.\n\nHe said the charges were invented.", "He", "Orrin Castellan"),
    # a subject outranks the object of a preposition in the nearest mention's sentence
    Case("It was Hollis Varga who opened the hearing with a sharp rebuttal of Orrin Castellan. “We will not give ground,” she told the committee.", "she", "Hollis Varga"),
    Case("Orrin Castellan won the vote after a long fight with Hollis Varga. He said the result was fair.", "He", "Orrin Castellan"),
    # a name that does not own the head noun is not the speaker
    Case("Critics of Larkspur Labs said the accusation was a publicity stunt.", "Critics of Larkspur Labs", None),
    Case("Discussion of Quillon's reply suggests a move to protect its lead.", "Discussion of Quillon's reply", None),
    Case("Rivals of Brightwater Systems said the logs were forged.", "Rivals of Brightwater Systems", None),
    Case("Users of Corvid said the chatbot had got worse.", "Users of Corvid", None),
    Case("The similarity to Larkspur's models would be unlikely by chance, one reviewer wrote.", "The similarity to Larkspur's models", None),
    Case("The Larkspur controversy shows something deeper than one accusation, a columnist wrote.", "The Larkspur controversy", None),
    # ... and one that does owns it
    Case("The Quillon statement said the accounts had been closed.", "The Quillon statement", "Quillon AI"),
    Case("A lawyer for Quillon AI said the suit would fail.", "A lawyer for Quillon AI", "Quillon AI"),
    Case("The chief executive of Larkspur Labs said the logs were genuine.", "The chief executive of Larkspur Labs", "Larkspur Labs"),
    Case("Researchers at Brightwater said the model was trained in-house.", "Researchers at Brightwater", "Brightwater Systems"),
    Case("A report by Quillon AI says the traffic was automated.", "A report by Quillon AI", "Quillon AI"),
    Case("Larkspur's lawyers said the case had no merit.", "Larkspur's lawyers", "Larkspur Labs"),
    # must stay unresolved
    Case("Critics said the labs had scraped the web themselves.", "Critics", None),
    Case("Experts said distillation is common practice.", "Experts", None),
    Case("A company said its chatbot had been copied.", "A company", None),
    Case("The weather was bad all week. It said nothing about the dispute.", "It", None),
    Case("Several researchers said the logs proved nothing.", "Several researchers", None),
    Case("The company said it had evidence of copying.", "The company", None),
    Case("He said the accounts were fake.", "He", None),
    Case("They said the rules were unfair.", "They", None),
    Case("“Larkspur copied us first,” one engineer said. She said the logs were old.", "She", None),
    Case("Many users said the chatbot had got worse.", "Many users", None),
    Case("Larkspur Labs and Quillon AI clashed. Hollis Varga said it was a matter of principle. The firm said it would not back down.", "The firm", "Quillon AI"),
]
