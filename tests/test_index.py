"""index: the flat arrays a query reads, and what the cache stores."""

import numpy as np
import pytest

from advisor import vocab
from advisor.index import Index, Strings, bits_of, cache_dir, split_list
from advisor.vocab import Commercial, OpenWeights


def test_codes_are_named(seed):
    ix = seed.index
    commercial = dict(zip(seed.names, ix.codes_of("commercial_use", Commercial),
                          strict=True))
    assert commercial["BLIP"] == Commercial.YES
    assert commercial["BLIP-2"] == Commercial.RESTRICTED
    weights = dict(zip(seed.names, ix.codes_of("open_weights", OpenWeights),
                       strict=True))
    assert weights["GPT-4o"] == OpenWeights.NO and weights["CLIP (ViT-B/32)"] == 0
    assert vocab.COMMERCIAL == ("yes", "no", "restricted", "unknown")


def test_a_word_outside_the_vocabulary_is_unknown():
    ix = Index({"commercial_use": Strings([0, 1], ["yes", "maybe"])}, {},
               np.zeros(2, np.int8))
    assert ix.codes_of("commercial_use", Commercial).tolist() == [
        Commercial.YES, Commercial.UNKNOWN]


def test_task_bits(seed):
    have = dict(zip(seed.names, seed.index.bits("tasks"), strict=True))
    assert have["CLIP (ViT-B/32)"] & bits_of(["zero-shot-classification"],
                                             {t: 1 << i for i, t in
                                              enumerate(vocab.TASKS)})
    assert split_list("vqa; captioning;") == ["vqa", "captioning"]


def test_memo_computes_once(seed):
    calls = []
    ix = seed.index
    for _ in range(3):
        ix.memo(("test", 1), lambda: calls.append(1) or 42)
    assert calls == [1]


def test_documented_share(seed):
    doc = dict(zip(seed.names, seed.index.documented, strict=True))
    assert doc["BLIP"] == 1.0
    # of six key facts: CLIP's commercial use is unknown (only the code is MIT,
    # says its caveat); GPT-4o's parameters and resolution are unknown
    assert doc["CLIP (ViT-B/32)"] == np.float32(5 / 6)
    assert doc["GPT-4o"] == np.float32(4 / 6)


def test_save_and_load_round_trip(seed, tmp_path):
    path = tmp_path / "index.npz"
    seed.index.save(path)
    back = Index.load(path, 1 << 30)
    assert back.strings["name"].tolist() == seed.names
    for k, v in seed.index.num.items():
        assert np.array_equal(back.num[k], v, equal_nan=True)
    assert Index.load(tmp_path / "missing.npz", 1 << 30) is None
    assert Index.load(path, 100) is None  # larger than allowed: rebuilt


def test_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv("ADVISOR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "advisor"


def test_bulk_pauses_the_garbage_collector_and_restores_it():
    import gc

    from advisor.index import bulk
    assert gc.isenabled()
    with bulk():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk():
            pass
        assert not gc.isenabled()            # left as it was found
    finally:
        gc.enable()
    with pytest.raises(KeyError), bulk():
        {}["missing"]
    assert gc.isenabled()                    # restored after an error too
