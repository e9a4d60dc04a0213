"""features: the fitted feature space, on the seed table's rows."""

import numpy as np

from advisor.features import feature_frame, fit_features


def test_rows_are_unit_length(seed):
    fs = fit_features(seed.index)
    assert fs.matrix_.shape[0] == len(seed)
    assert fs.matrix_.dtype == np.float32
    assert np.allclose(np.linalg.norm(fs.matrix_, axis=1), 1, atol=1e-5)


def test_unknown_numbers_get_an_indicator_not_a_value(seed):
    fs = fit_features(seed.index)
    names = list(fs.names_)
    missing = [n for n in names if "missingindicator" in n]
    assert any("parameter_count" in n for n in missing)
    row = fs.matrix_[seed.position("GPT-4o")]   # parameters: Not disclosed
    assert row[names.index(next(n for n in missing if "parameter_count" in n))] > 0


def test_the_frame_reads_glossary_terms(seed):
    frame = feature_frame(seed.index)
    clip = frame.iloc[seed.position("CLIP (ViT-B/32)")]
    assert clip["loss"] == "InfoNCE (Softmax)"  # the seed cell, a glossary term
    assert clip["parameter_count"] == np.log10(125e6)


def test_clip_is_nearest_to_the_other_contrastive_encoders(seed):
    X = seed.features_.matrix_
    sims = X @ X[seed.position("CLIP (ViT-B/32)")]
    order = [seed.names[i] for i in np.argsort(-sims)]
    assert order[0] == "CLIP (ViT-B/32)"
    assert set(order[1:3]) <= {"SigLIP (ViT-L/14)", "SEED", "ImageBind"}


def test_unique_free_text_keeps_the_width_bounded(tmp_path):
    # issue 17, finding 1: one column per distinct value made memory grow with the
    # square of the rows when every row's text is unique (a hub export)
    import sys
    from pathlib import Path

    from advisor import load_catalog
    from advisor.features import MAX_LABELS
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import ensure
    small = load_catalog(ensure(1500, tmp_path, diverse=True)).features_.matrix_
    large = load_catalog(ensure(3000, tmp_path, diverse=True)).features_.matrix_
    assert small.shape[1] == large.shape[1]            # the width stops growing
    assert large.shape[1] <= 4 * (MAX_LABELS + 1) + 40  # capped blocks + the rest


def test_labels_of_plain_values_are_the_values():
    # the one-join fast path and pandas' split path give the same labels
    import numpy as np

    from advisor.features import _labels
    plain = ["Dual Encoder", "Vision-Language Bridge", "x r1"]
    which, label, names = _labels(plain)
    assert names == plain and which.tolist() == label.tolist() == [0, 1, 2]
    mixed = [*plain, "vqa; ocr", " padded "]
    which, label, names = _labels(mixed)
    assert names == [*plain, "padded", "vqa", "ocr"]
    assert [names[k] for k in label[np.argsort(which, kind="stable")]] == [
        "Dual Encoder", "Vision-Language Bridge", "x r1", "vqa", "ocr", "padded"]


def test_multilabel_puts_unseen_labels_in_other_or_drops_them():
    # a label not kept at fit goes to "(other)" when the vocabulary had one; with a
    # vocabulary that fit whole, an unseen label sets no column
    from advisor.features import OTHER, MultiLabel
    small = MultiLabel().fit(np.asarray([["vqa; ocr"], ["vqa"]], dtype=object))
    assert small.classes_.tolist() == ["ocr", "vqa"]
    assert small.transform(np.asarray([["ocr; new"], ["new"]], dtype=object)
                           ).tolist() == [[1, 0], [0, 0]]
    values = [[f"v{i % 70}"] for i in range(140)] + [["rare"]]
    capped = MultiLabel(max_labels=64).fit(np.asarray(values, dtype=object))
    assert OTHER in capped.classes_ and "rare" not in capped.classes_
    out = capped.transform(np.asarray([["v0"], ["rare"], ["unseen; v1"]],
                                      dtype=object))
    col = {c: k for k, c in enumerate(capped.classes_.tolist())}
    assert out.sum(axis=1).tolist() == [1, 1, 2]
    assert out[0, col["v0"]] == out[1, col[OTHER]] == out[2, col[OTHER]] == 1
    assert out[2, col["v1"]] == 1
