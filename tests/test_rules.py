"""rules: each requirement's test and reader, on the seed table's rows
(tests/fixtures/shared/seed/vlm_models.md); every number below is a seed cell."""

import numpy as np
import pytest

from advisor import Requirements
from advisor.requirements import HARD_KEYS, SPECS
from advisor.rules import (
    READERS,
    TESTS,
    evaluate,
    headroom,
    needed_gb,
    own_value,
    weights_gb,
)
from advisor.vocab import Status

MET, UNMET, UNKNOWN = Status.MET, Status.UNMET, Status.UNKNOWN


def statuses(seed, key, need, **settings):
    req = Requirements.from_dict({key: need, **settings}, seed)
    st = evaluate(seed, req.hard(), req)[key]
    return {name: Status(int(v)) for name, v in zip(seed.names, st, strict=True)}


def test_every_hard_key_has_a_test_and_a_reader():
    for key in HARD_KEYS:
        rule = SPECS[key].rule
        assert rule.test in TESTS
        if rule.numeric or rule.test in ("yes", "all of"):
            assert rule.reads in READERS


def test_at_least_on_ranges_open_ends_and_unknowns(seed):
    st = statuses(seed, "min_image_resolution", 336)
    assert st["LLaVA (13B)"] == MET          # 336×336
    assert st["MiniGPT-4"] == MET            # 224–336px: the high end counts
    assert st["Kosmos-2"] == UNKNOWN         # 224×224+: open above 224
    assert st["CLIP (ViT-B/32)"] == UNMET    # 224×224
    assert st["GPT-4o"] == UNKNOWN           # Variable


def test_at_least_on_an_open_range_whose_start_already_meets_it(seed):
    st = statuses(seed, "min_image_resolution", 224)
    assert st["Kosmos-2"] == MET             # 224×224+ starts at 224


def test_at_most_reads_the_smallest_variant(seed):
    st = statuses(seed, "max_params", "500M")
    assert st["BLIP"] == MET                 # ~250M–500M
    assert st["ImageBind"] == MET            # ~500M+
    assert st["LLaVA (13B)"] == UNMET        # ~13B
    assert st["GPT-4o"] == UNKNOWN           # Not disclosed
    assert st["SEED"] == UNKNOWN             # Experimental


def test_min_params_reads_the_largest_variant(seed):
    st = statuses(seed, "min_params", "400M")
    assert st["BLIP"] == MET                 # ~250M–500M reaches 500M
    assert st["CLIP (ViT-B/32)"] == UNMET    # ~125M
    assert st["ImageBind"] == MET            # ~500M+ starts above 400M
    st = statuses(seed, "min_params", "1B")
    assert st["ImageBind"] == UNKNOWN        # ~500M+: open above 500M


def test_gpu_memory_by_hand(seed):
    # MiniGPT-4 (no architecture data): 7e9 x 2 bytes x 1.2 = 16.8 GB at fp16;
    # LLaVA (13B), from arch.csv: 26 GB of weights + a 4,096-token KV cache of
    # 819,200 bytes a token + the measured 0.55 GB workspace = 29.91 GB
    req = Requirements.from_dict({"gpu_memory_gb": 24})
    gb = dict(zip(seed.names, needed_gb(seed, req), strict=True))
    assert gb["MiniGPT-4"] == pytest.approx(16.8)
    assert gb["LLaVA (13B)"] == pytest.approx(26 + 819_200 * 4096 / 1e9 + 0.55)
    # int8 is read as GPTQ's 8 bits + 24 bits per group of 128
    assert weights_gb(13e9, "int8") == pytest.approx(13e9 * (8 + 24 / 128) / 8 * 1.2
                                                     / 1e9)
    assert statuses(seed, "gpu_memory_gb", 24)["LLaVA (13B)"] == UNMET
    assert statuses(seed, "gpu_memory_gb", 24, precision="int8")[
        "LLaVA (13B)"] == MET
    assert statuses(seed, "gpu_memory_gb", 1000)["GPT-4o"] == UNKNOWN  # API-only


def test_an_asked_context_beyond_the_token_limit_cannot_run(seed):
    # no architecture data: MiniGPT-4's 2048 tokens cannot hold an 8k context on
    # any GPU; BLIP-2's 512-1024 neither. The default context (a prompt and its
    # answer) holds no model to its limit: CLIP's 77 tokens pass at 4,096
    st = statuses(seed, "gpu_memory_gb", 1000, context_tokens="8k")
    assert st["MiniGPT-4"] == UNMET and st["BLIP-2"] == UNMET
    assert statuses(seed, "gpu_memory_gb", 1000)["CLIP (ViT-B/32)"] == MET
    assert statuses(seed, "gpu_memory_gb", 1000, context_tokens="2k")[
        "MiniGPT-4"] == MET
    # with architecture data the positions decide: LLaVA (13B) has 4,096
    assert statuses(seed, "gpu_memory_gb", 1000, context_tokens="4000")[
        "LLaVA (13B)"] == MET
    assert statuses(seed, "gpu_memory_gb", 1000, context_tokens="5000")[
        "LLaVA (13B)"] == UNMET
    from advisor import advise
    said = advise({"gpu_memory_gb": 1000, "context_tokens": "8k"},
                  catalog=seed).why_not("MiniGPT-4")
    assert "a context of 8,000 tokens exceeds its token limit (2048; no " \
           "architecture data, so images are not counted)" in said


def test_yes_no_facts(seed):
    st = statuses(seed, "commercial_use", True)
    assert st["BLIP"] == MET                 # BSD-3-Clause
    assert st["BLIP-2"] == UNKNOWN           # restricted
    assert statuses(seed, "open_weights", True)["GPT-4o"] == UNMET
    ol = statuses(seed, "open_license", True)
    assert ol["CLIP (ViT-B/32)"] == MET and ol["GPT-4o"] == UNMET


def test_all_of_one_of_none_of(seed):
    st = statuses(seed, "tasks", ["vqa", "captioning"])
    assert st["BLIP"] == MET and st["CLIP (ViT-B/32)"] == UNMET
    st = statuses(seed, "architectures", ["Dual Encoder"])
    assert st["CLIP (ViT-B/32)"] == MET and st["LLaVA (13B)"] == UNMET
    st = statuses(seed, "exclude", ["clip"])
    assert st["CLIP (ViT-B/32)"] == UNMET and st["BLIP"] == MET


def test_a_finer_task_is_unknown_beside_its_broad_task(seed):
    # chart-qa is finer than vqa (vocab.FINER_TASKS): BLIP and LLaVA answer
    # questions, so whether they read charts is unknown; CLIP does not answer
    # questions at all, so it does not
    st = statuses(seed, "tasks", ["chart-qa"])
    assert st["BLIP"] == UNKNOWN and st["LLaVA (13B)"] == UNKNOWN
    assert st["CLIP (ViT-B/32)"] == UNMET
    # document-parsing is finer than ocr: a VQA-only model without ocr lacks it
    assert statuses(seed, "tasks", ["document-parsing"])["BLIP"] == UNMET


def test_video_qa_is_implied_by_vqa_and_video_input(seed):
    # the seed's GPT-4o and Gemini answer questions and take video in
    # (vocab.IMPLIED_TASKS 'vqa+video'); LLaVA takes images only: unknown
    st = statuses(seed, "tasks", ["video-qa"])
    assert st["GPT-4o"] == MET and st["Gemini"] == MET
    assert st["LLaVA (13B)"] == UNKNOWN and st["CLIP (ViT-B/32)"] == UNMET
    assert seed["GPT-4o"].implied_tasks == ("video-qa",)


def test_headroom_is_value_over_threshold(seed):
    req = Requirements.from_dict({"min_token_limit": 1024, "max_params": "500M"})
    rows = np.asarray([seed.position("Kosmos-2"), seed.position("CLIP (ViT-B/32)"),
                       seed.position("BLIP-2")])
    tokens = headroom(seed, "min_token_limit", 1024, rows, req)
    assert tokens[0] == 2.0                      # 2048 / 1024
    assert np.isnan(tokens[1])                   # 77 < 1024: no headroom
    assert tokens[2] == 1.0                      # 512–1024: exactly
    params = headroom(seed, "max_params", 500e6, rows, req)
    assert params[1] == 4.0                      # 500M / 125M
    assert headroom(seed, "tasks", ("vqa",), rows, req) is None


def test_own_value_rounds_memory_up_to_a_tenth(seed):
    req = Requirements.from_dict({"gpu_memory_gb": 8})
    gb = dict(zip(seed.names, own_value(seed, "gpu_memory_gb", req), strict=True))
    assert gb["CLIP (ViT-B/32)"] == 0.3          # 125M x 2 x 1.2 = 0.3 GB
    assert gb["MiniGPT-4"] == 16.8               # 7B x 2 x 1.2
    tokens = dict(zip(seed.names, own_value(seed, "min_token_limit", req),
                      strict=True))
    assert tokens["BLIP-2"] == 1024
