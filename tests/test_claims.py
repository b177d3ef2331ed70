"""Attribution: who asserts, claims or denies an event, on articles written for these tests."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from frontwire import claims

ARTICLE = (
    "Drone debris fell on a fuel depot in the Kursk region overnight.\n\n"
    "Roman Starovoit, the governor of the Kursk region, said on Tuesday that two guards were "
    "wounded in the attack.\n\n"
    '"The drones came in low. Our air defence shot down most of them," Starovoit said. '
    '"Firefighters are still at the site."\n\n'
    "He added that a village school had been damaged.\n\n"
    "Russia's Defence Ministry claimed its units destroyed 27 Ukrainian drones over the region.\n\n"
    '"All the drones were intercepted," it said in a statement.\n\n'
    "Kyiv denied that its forces had targeted civilian sites, according to Ukraine's General Staff.\n\n"
    "A group calling itself the Black Lynx claimed responsibility for the strike.\n\n"
    "While denying involvement in the raid, a Ukrainian military spokesman, Andriy Kovalenko, "
    "said the border was quiet.\n\n"
    "Ukrainian forces repelled six assaults near Toretsk, the General Staff reported.\n\n"
    "Separately, shelling damaged a bridge near Sumy.\n"
)


@pytest.fixture(scope="session")
def nlp(plain_nlp: spacy.language.Language) -> spacy.language.Language:
    """These stages are tested on the parse alone, without the actor entity ruler."""
    return plain_nlp


@pytest.fixture(scope="module")
def doc(nlp) -> Doc:
    return nlp(ARTICLE)


def sent_with(doc: Doc, words: str) -> Span:
    for s in doc.sents:
        if words in s.text:
            return s
    raise AssertionError(f"no sentence with {words!r}")


def tok(sent: Span, word: str):
    return next(t for t in sent if t.text == word)


def test_reporting_verb_with_appositive_role(doc) -> None:
    c = claims.attribute(sent_with(doc, "two guards were wounded"))
    assert c is not None
    assert c.claimant == "Roman Starovoit (governor of the Kursk region)"
    assert c.status == "reported" and c.rule == "verb:say"
    assert doc.text[c.start:c.end] == c.text


def test_sentence_inside_a_quotation_belongs_to_its_speaker(doc) -> None:
    c = claims.attribute(sent_with(doc, "The drones came in low"))
    assert c is not None and c.rule == "quote"
    # the surname resolves to the full name given earlier, role kept
    assert c.claimant == "Roman Starovoit (governor of the Kursk region)"


def test_quote_continuing_after_the_attribution_keeps_the_speaker(doc) -> None:
    c = claims.attribute(sent_with(doc, "Firefighters are still"))
    assert c is not None and c.claimant.startswith("Roman Starovoit")


def test_pronoun_subject_resolves_to_previous_person(doc) -> None:
    c = claims.attribute(sent_with(doc, "He added"))
    assert c is not None and c.claimant.startswith("Roman Starovoit") and c.rule == "verb:add"


def test_institution_claim_is_normalised_and_status_claimed(doc) -> None:
    c = claims.attribute(sent_with(doc, "Defence Ministry claimed"))
    assert c is not None
    assert (c.claimant, c.status) == ("Military Forces of Russia (2000-)", "claimed")


def test_it_said_in_a_statement_resolves_to_the_institution(doc) -> None:
    c = claims.attribute(sent_with(doc, "All the drones were intercepted"))
    assert c is not None and c.claimant == "Military Forces of Russia (2000-)"


def test_capital_as_speaker_is_its_government_and_denial(doc) -> None:
    c = claims.attribute(sent_with(doc, "Kyiv denied"))
    assert c is not None
    assert (c.claimant, c.status) == ("Government of Ukraine (2019-)", "denied")


def test_responsibility_claim(doc) -> None:
    s = sent_with(doc, "claimed responsibility")
    c = claims.attribute(s, tok(s, "strike"))
    assert c is not None and c.status == "claimed" and c.rule == "responsibility"
    assert c.claimant.startswith("group calling itself")
    assert claims.responsible_actor(c) is None  # not a known actor: stays claimed_by only


def test_denial_clause_governs_its_own_trigger_only(doc) -> None:
    s = sent_with(doc, "While denying involvement")
    denied = claims.attribute(s, tok(s, "raid"))
    assert denied is not None and denied.status == "denied"
    assert denied.claimant == "Andriy Kovalenko (Ukrainian military spokesman)"
    said = claims.attribute(s, tok(s, "quiet"))
    assert said is not None and said.status == "reported"


def test_trailing_attribution_to_an_institution_in_context(nlp) -> None:
    d = nlp("Ukrainian forces repelled six assaults near Toretsk, the General Staff reported.")
    ctx = claims.claim_context(d, country="UKR")
    s = next(iter(d.sents))
    c = claims.attribute(s, tok(s, "repelled"), context=ctx)
    assert c is not None and c.claimant == "Military Forces of Ukraine (2019-)" and c.status == "reported"


def test_according_to(nlp) -> None:
    d = nlp("Three fighters were killed in the ambush, according to a local security source.")
    c = claims.attribute(next(iter(d.sents)))
    assert c is not None and c.rule == "according-to" and c.claimant == "local security source"


def test_unattributed_statement_is_the_reporters(doc) -> None:
    assert claims.attribute(sent_with(doc, "shelling damaged a bridge")) is None


def test_negated_reporting_verb_is_not_a_claim(nlp) -> None:
    d = nlp("The army did not confirm that the town had fallen.")
    assert claims.attribute(next(iter(d.sents))) is None


def test_scare_quotes_are_not_quotations(nlp) -> None:
    d = nlp('Officials blamed what they called "foreign mercenaries" for the attack on the convoy.')
    assert claims.quote_spans(d) == []


def test_quote_spans_with_speaker_before_and_after(nlp) -> None:
    d = nlp('The mayor said: "We have no water." Later, "The pumps are back," said Omar Diallo.')
    spans = claims.quote_spans(d)
    assert [(d.text[s:e], sp.text) for s, e, sp in spans] == [
        ("We have no water.", "mayor"),
        ("The pumps are back,", "Omar Diallo"),
    ]


def test_responsible_actor_for_known_group(nlp) -> None:
    d = nlp("Al-Shabaab claimed responsibility for the bombing in Mogadishu.")
    s = next(iter(d.sents))
    c = claims.attribute(s, tok(s, "bombing"))
    assert c is not None
    a = claims.responsible_actor(c, "SOM")
    assert a is not None and (a.name, a.inter) == ("Al Shabaab", 2)


def test_impersonal_passive_has_no_claimant(nlp) -> None:
    d = nlp("The army said it was ready. It was reported that rebels had seized the airport.")
    s = list(d.sents)[1]
    assert claims.attribute(s, tok(s, "seized")) is None


def test_verbs_inside_a_quotation_do_not_steal_it(nlp) -> None:
    d = nlp('Amina Sow, a nurse in Dori, spoke to us. "They said they would burn the clinic," Sow said.')
    s = list(d.sents)[1]
    c = claims.attribute(s, tok(s, "burn"))
    assert c is not None and c.rule == "quote" and c.claimant.startswith("Amina Sow")


def test_passive_claim_names_its_agent_and_is_responsibility(nlp) -> None:
    d = nlp("The bombing of the checkpoint was claimed by Islamic State.")
    s = next(iter(d.sents))
    c = claims.attribute(s, tok(s, "bombing"), context=claims.claim_context(d, country="IRQ"))
    assert c is not None and c.rule == "responsibility" and c.claimant == "Islamic State (Iraq)"


def test_group_mistaken_for_a_person_is_still_the_group(nlp) -> None:
    d = nlp("The Houthis claimed to have targeted a cargo ship in the Red Sea.")
    s = next(iter(d.sents))
    c = claims.attribute(s, tok(s, "targeted"))
    assert c is not None and (c.claimant, c.status) == ("Houthi Movement", "claimed")


def test_accusation_is_a_claim_by_the_accuser(nlp) -> None:
    d = nlp("Sudan's army accused the RSF of shelling a hospital in El Fasher.")
    s = next(iter(d.sents))
    c = claims.attribute(s, tok(s, "shelling"))
    assert c is not None and (c.claimant, c.status) == ("Military Forces of Sudan (2019-)", "claimed")


def test_hedge_words(nlp) -> None:
    d = nlp("Gunmen reportedly stormed a church in the village. Gunmen stormed a mosque.")
    first, second = list(d.sents)
    h = claims.hedge(first, tok(first, "stormed"))
    assert h is not None and h.text == "reportedly"
    assert claims.hedge(second, tok(second, "stormed")) is None
    d2 = nlp("The alleged attack on the convoy killed four.")
    s = next(iter(d2.sents))
    assert claims.hedge(s, tok(s, "attack")) is not None


def test_context_is_cached_without_touching_user_data(nlp) -> None:
    d = nlp('"We saw the tanks," said Lina Haddad.')
    ctx = claims.claim_context(d)
    assert claims.claim_context(d) is ctx
    assert not d.user_data
    d.to_bytes()  # the Doc stays serialisable


def _claimants(nlp, text: str) -> list[str | None]:
    doc = nlp(text)
    ctx = claims.claim_context(doc)
    return [(c.claimant if (c := claims.attribute(s, context=ctx)) else None) for s in doc.sents]


def test_it_said_in_a_statement_is_the_institution_that_spoke(nlp) -> None:
    # not "its troops", the subject of the reported clause
    assert _claimants(nlp, "The General Staff said its troops advanced near Kupiansk. "
                           "In a statement, it said two tanks were destroyed.") == [
        "General Staff", "General Staff"]
    # an institution word is an antecedent even when no entity was tagged
    assert _claimants(nlp, "The ministry said its forces repelled a raid. "
                           "It said in a statement that the enemy fled.") == ["ministry", "ministry"]
    # no institution before it: nobody, rather than a guess
    assert _claimants(nlp, "Heavy fighting raged near Vovchansk. "
                           "It said in a statement that the town was calm.") == [None, None]


def test_a_statement_speaks_for_its_author(nlp) -> None:
    assert _claimants(nlp, "The armed groups released a video of the prisoners. The men were captured "
                           "near the border, said a statement posted with the video.")[-1] == "armed groups"
    assert _claimants(nlp, "Fighting was reported near Vovchansk. A statement from the SBU said two "
                           "agents were detained.")[-1] == "Police Forces of Ukraine (2019-) Security Service of Ukraine"
