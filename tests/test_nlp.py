from __future__ import annotations

from frontwire import nlp as nlp_mod


def test_loaded_once_and_cached(nlp):
    assert nlp_mod.load_nlp() is nlp
    assert nlp_mod.model_name() in nlp_mod.MODELS


def test_project_components_run_before_ner(nlp):
    names = nlp.pipe_names
    assert "frontwire_places" in names and "ner" in names
    assert names.index("frontwire_places") < names.index("ner")


def test_gazetteer_places_fix_stock_ner(nlp):
    # the stock small model mislabels unfamiliar border villages; the gazetteer component fixes them
    doc = nlp("Shells landed in Kozacha Lopan and Vovchansk, the Kharkiv governor said.")
    ents = {e.text: e.label_ for e in doc.ents}
    assert ents.get("Vovchansk") == "GPE"
    assert ents.get("Kozacha Lopan") == "GPE"


def test_a_full_stop_glued_to_a_bracket_ends_the_sentence(nlp):
    doc = nlp("Teachers staged a sit-in.[size=no report]")
    assert [t.text for t in doc][-8:-4] == ["in", ".", "[", "size"]
    assert [s.text for s in doc.sents] == ["Teachers staged a sit-in.", "[size=no report]"]
    # abbreviations keep their stops
    assert "U.S." in [t.text for t in nlp("The U.S. army left.")]
