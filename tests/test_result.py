"""result: Advice and its Evaluation answer from data (seed table rows)."""

import numpy as np
import pytest

from advisor import Advice, advise, explain
from advisor.result import Evaluation


@pytest.fixture
def advice(seed):
    # LLaVA (13B) and MiniGPT-4 meet all three; Kosmos-2's 224×224+ is unknown
    return advise({"open_license": True, "min_image_resolution": 336,
                   "min_token_limit": 2048, "top_k": 1}, catalog=seed)


def test_the_evaluation_keeps_every_stage(advice, seed):
    ev = advice.evaluation
    assert isinstance(ev, Evaluation)
    assert set(ev.status) == {"open_license", "min_image_resolution",
                              "min_token_limit"}
    names = [seed.names[i] for i in ev.rows]
    assert set(names) == {"LLaVA (13B)", "MiniGPT-4", "Kosmos-2"}
    kosmos = seed.position("Kosmos-2")
    # an unknown check puts a model in tier 4 (after superseded ones, 2, and those
    # with no evidence, 1); a model that does not pass has an infinite tier
    assert ev.tier[kosmos] == 4.0 and ev.tier[ev.rows].sum() == 4.0
    assert np.isinf(ev.tier[ev.rejected]).all() and ev.rejected.sum() == 10
    assert len(ev.tier) == len(ev.primary) == len(seed)
    measured = ev.measure(ev.rows)  # the fit and score, at the models asked for
    assert len(measured.score) == len(ev.rows) == len(measured.parts["checks"])


def test_rank_and_rejection_answers_come_from_the_evaluation(advice):
    assert advice.names == ["LLaVA (13B)"]
    # MMMU (val), leaderboard: LLaVA-1.5-13B 36.4, MiniGPT4-Vicuna-13B 26.8,
    # Kosmos2 24.4 (evidence.csv), among the seed's 7 models with one (GPT-4o's
    # 69.1 and 70.7 and GPT-4o mini's 59.4 came from the leaderboard file, issue 24)
    assert advice.why_not("minigpt-4") == (
        "MiniGPT-4 meets the requirements but ranks 2, below the top 1 "
        "(score 0.27). Capability 0.24 against 0.42 for LLaVA (13B) (#1) on MMMU "
        "(val), MMBench (EN).")
    assert advice.why_not("kosmos-2") == (
        "Kosmos-2 meets the requirements but ranks 3, below the top 1 (score 0.19); "
        "its min_image_resolution check is unknown, so it ranks below every fully "
        "met model. Capability 0.17 against 0.42 for LLaVA (13B) (#1) on MMMU (val), "
        "MMBench (EN).")
    assert advice.why_not("blip-2").startswith("BLIP-2 is ruled out by "
                                                "min_token_limit")


def test_rejected_is_a_lazy_mapping(advice):
    assert "BLIP-2" in advice.rejected and "LLaVA (13B)" not in advice.rejected
    with pytest.raises(KeyError):
        advice.rejected["LLaVA (13B)"]
    assert len(advice.rejected) == len(list(advice.rejected))


def test_critique_reruns_with_new_requirements(advice):
    smaller = advice.critique("LLaVA (13B)", "smaller")
    assert isinstance(smaller, Advice)
    assert smaller.requirements.max_params == 13e9 - 1
    assert smaller.names == ["MiniGPT-4"]


def test_exports_carry_the_same_rows(advice):
    frame = advice.to_frame()
    assert frame["name"].tolist() == advice.names
    data = advice.to_dict()
    assert [r["name"] for r in data["recommendations"]] == advice.names
    top = data["recommendations"][0]
    assert top["score"] == round(advice[0].score, 4) == 0.4336  # no float noise
    # no task: most models that meet the requirements answer questions, so the
    # job ranked is an assistant's, and the note says so
    assert data["schema"] == 1 and data["note"] == explain.NO_TASK[1]
    # what the table shows and more: the facts as written and read, the licence,
    # where the weights are, the row's source, the numbers and their checkpoints
    assert top["model"]["parameter_count"] == {"as_written": "~13B", "low": 13e9,
                                               "high": 13e9, "sourced": None}
    assert top["model"]["hf_id"] == "llava-hf/llava-1.5-13b-hf"
    assert top["model"]["license"] == advice.catalog["LLaVA (13B)"].raw["license"]
    assert top["model"]["source"] == "https://github.com/haotian-liu/LLaVA"
    assert top["numbers"][0]["benchmark"] == "MMMU (val)"
    assert top["numbers"][0]["variant"] and top["numbers"][0]["source"]

    def decimals(x):
        if isinstance(x, float):
            return len(repr(x).split(".")[1]) if "." in repr(x) else 0
        if isinstance(x, dict):
            return max(map(decimals, x.values()), default=0)
        if isinstance(x, list):
            return max(map(decimals, x), default=0)
        return 0
    assert decimals(data["recommendations"]) <= 4


def test_nothing_asked_says_so(seed):
    advice = advise({}, catalog=seed)
    assert advice.note == ("No requirement was given, so every model passes; the "
                           "ranking is the default order: published benchmark "
                           "numbers on the requested tasks (a model with none "
                           "whose tasks say it does them ranks as the weakest "
                           "with a number; the others follow, newest first). "
                           + explain.NO_TASK[1])
    assert str(advice).splitlines()[0] == advice.note
    assert advise({"rank_by": "size"}, catalog=seed).note.endswith(
        "smallest first (smallest variant).")
    assert advise({"prefer": {"open_license": True}}, catalog=seed
                  ).note == explain.NO_TASK[1]
    assert advise({"tasks": ["vqa"]}, catalog=seed).note is None


def test_with_no_task_the_job_most_models_do_is_ranked(seed, catalog):
    # issue 25: encoders and assistants are placed on their own benchmarks, so with
    # no task the two scales are not mixed. Open weights: most are assistants,
    # and no encoder (Perception Encoder, SigLIP 2) is among the first five
    top = advise({"open_weights": True}, catalog=catalog, top_k=5)
    assert top.evaluation.job == 1 and top.note == explain.NO_TASK[1]
    assert not {"Perception Encoder (PE-Core)", "SigLIP 2"} & set(top.names)
    # the seed's dual encoders (CLIP, SigLIP, ImageBind; BLIP also captions):
    # most are encoders, ranked on ImageNet zero-shot, and the assistant follows
    enc = advise({"architectures": ["Dual Encoder"]}, catalog=catalog, top_k=50)
    assert enc.evaluation.job == 0 and enc.note == explain.NO_TASK[0]
    assert enc.names.index("BLIP") > enc.names.index("CLIP (ViT-B/32)")
    # ranked by size the scale is one for all: no job is inferred
    assert advise({"rank_by": "size"}, catalog=seed).evaluation.job is None


def test_an_advice_is_freed_without_the_garbage_collector(seed):
    # a reference cycle would keep each query's arrays (a million rows: tens of
    # MB) alive until the collector runs, and every new query would fault in
    # fresh memory
    import gc
    import weakref
    gc.disable()
    try:
        advice = advise({"similar_to": "clip", "tasks": ["vqa"]}, catalog=seed)
        advice.why_not("blip")
        kept = weakref.ref(advice.evaluation), weakref.ref(advice)
        del advice
        assert [r() for r in kept] == [None, None]
    finally:
        gc.enable()


def test_recommendations_are_explained_when_read(seed, monkeypatch):
    # issue 17: a top_k as large as the catalog explained every model up front
    from advisor import engine
    built = []
    real = engine._recommendation
    monkeypatch.setattr(engine, "_recommendation",
                        lambda *a: built.append(a[2]) or real(*a))
    advice = advise({"top_k": 99_999_999}, catalog=seed)
    assert len(advice) == len(seed) and built == []   # ranked, nothing explained
    assert len(advice.names) == len(seed) and built == []
    last = advice[-1]
    assert last.rank == len(seed) and last.name == advice.names[-1]
    assert [r.rank for r in advice[1:3]] == [2, 3] and len(built) == 3
    assert advice[-1] is last and len(built) == 3      # built once, kept
    with pytest.raises(IndexError):
        advice[len(seed)]
