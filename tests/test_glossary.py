"""The seed's glossary (tests/fixtures/shared/seed/vlm_models.md, section Glossary)."""

import pytest

from advisor import AdvisorError, glossary


@pytest.mark.parametrize("text, terms", [
    ("Contrastive + CE", ["Contrastive + CE"]),
    ("InfoNCE (Softmax)", ["InfoNCE (Softmax)"]),
    ("Dual Encoder + Decoder", ["Dual Encoder"]),
    ("Captioning + VQA", ["Captioning", "VQA"]),
    ("Cross-Entropy", ["Cross-Entropy (CE)"]),
    ("Sigmoid", ["Sigmoid"]),
    ("Instruction Tuning (VQA, GPT4Gen)", ["Instruction Following", "VQA"]),
    ("Semantic Alignment", ["Joint Embedding"]),
])
def test_lookup(text, terms):
    assert [e.term for e in glossary.lookup(text)] == terms


def test_definitions_are_the_seed_words():
    assert glossary.get("Dual Encoder").definition == (
        "Independent vision and text encoders projected into a shared embedding space "
        "(e.g., CLIP, SigLIP).")
    assert glossary.get("infonce").definition == (
        "Contrastive loss using softmax over similarities.")


def test_every_catalog_value_resolves(catalog):
    for m in catalog:
        columns = ("model_type", "architecture", "training_objective", "loss_function")
        if m.raw["origin"] == "curated":  # objective and loss only where sourced
            columns = columns[:2] + tuple(c for c in columns[2:] if m.raw[c] and
                                          m.name != "Florence-2")
        for column in columns:
            if not m.raw[column] and m.caveats_for(column):  # not read: said so
                continue
            assert glossary.lookup(m.raw[column]), (m.name, column)


def test_categories_cover_the_seed_sections():
    assert {e.category for e in glossary.entries()} == set(glossary.CATEGORIES)
    assert len([e for e in glossary.entries() if e.origin == "seed"]) == 18


def test_unknown_term_suggests():
    with pytest.raises(AdvisorError, match=r"glossary: no entry 'Dual Encodr'; did you "
                                           r"mean 'Dual Encoder'"):
        glossary.get("Dual Encodr")


def test_lookup_many_agrees_with_lookup_on_every_catalog_value(catalog):
    # one regex scan over the values joined by newlines, for catalogs with a
    # million distinct values; each value's hits must be those of its own lookup
    texts = [v for c in ("architecture", "training_objective", "loss_function",
                         "tasks", "model_type") for v in catalog.values(c)]
    texts += ["", "Contrastive + CE\nVQA", "vqa-like", "x Captioning", "VQA VQA"]
    for category in (None, "Training Objective", "Loss Function"):
        assert [list(found) for found in glossary.lookup_many(texts, category)] == [
            glossary.lookup(t, category) for t in texts]
    assert glossary.lookup_many([]) == []
    # labels: the terms a text names, or the text itself when it names none
    codes, labels = glossary.label_codes(
        ["Contrastive + CE r7", "none here", "VQA, VQA", "vqa", "other"])
    assert [labels[c] for c in codes.tolist()] == [
        "Contrastive + CE", "none here", "VQA", "VQA", "other"]
    assert len(set(labels)) == len(labels) == 4


def test_lookup_many_of_a_text_naming_every_entry():
    # a value naming more entries than one int64 code holds falls back to lookup
    # one by one; the answer is the same
    every = ", ".join(e.term for e in glossary.entries())
    assert len(glossary.lookup(every)) > 16
    texts = [every, "Captioning", every.upper()]
    assert [list(f) for f in glossary.lookup_many(texts)] == [
        glossary.lookup(t) for t in texts]


def test_bulk_lookup_rereads_texts_with_a_name_inside_a_word():
    # the bulk reading takes the longest name at the leftmost place; where that one
    # touches a letter ("ce" in "face", "Contrastive + CE" followed by "x"), the
    # pattern may find a shorter name or none, so that text is read again with it
    texts = ["face ce", "Contrastive + CEx ce", "xvqa VQA", "ICE",
             "sequence-to-sequence ce", "rl-post-training rl", "Contrastive + CE"]
    for category in (None, "Loss Function", "Training Objective"):
        assert [list(f) for f in glossary.lookup_many(texts, category)] == [
            glossary.lookup(t, category) for t in texts]
    terms = [[e.term for e in f] for f in glossary.lookup_many(texts, "Loss Function")]
    assert terms[0] == terms[1] == ["Cross-Entropy (CE)"] and terms[3] == []
    assert terms[-1] == ["Contrastive + CE"]
