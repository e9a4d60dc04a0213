"""memory: image tokens per rule kind and the memory estimate, against the formulas
of tests/fixtures/shared/facts/arch_notes.md worked by hand, on the bundled arch.csv."""

from fractions import Fraction

import pytest

from advisor import AdvisorError
from advisor.memory import (
    Rule,
    Settings,
    estimate,
    fit,
    image_tokens,
    load_arch,
    parse_size,
    variants,
)


@pytest.fixture(scope="module")
def archs():
    return load_arch()


def checkpoint(archs, name):
    return next(a for a in archs if a.checkpoint == name)


QWEN25_7B = "Qwen/Qwen2.5-VL-7B-Instruct"


@pytest.mark.parametrize("ck, size, tokens", [
    # Qwen2.5-VL: a token per 28x28 px after smart_resize; 1024 -> 1036 = 37 x 28
    (QWEN25_7B, (1024, 1024), 37 * 37),
    (QWEN25_7B, (10, 10), 4),                         # min_pixels 3136: 4 tokens
    (QWEN25_7B, (8000, 8000), 16384),                 # max_pixels: 128 x 128
    # Qwen3-VL: a token per 32x32 px
    ("Qwen/Qwen3-VL-8B-Instruct", (1024, 1024), 32 * 32),
    # InternVL2.5: 256 per 448 px tile; 1024x1024 is a 3x3 grid + the thumbnail
    ("OpenGVLab/InternVL2_5-8B", (1024, 1024), 256 * (9 + 1)),
    ("OpenGVLab/InternVL2_5-8B", (448, 448), 256),    # one tile, no thumbnail
    ("OpenGVLab/InternVL2_5-8B", (2048, 1024), 256 * (8 + 1)),   # 4x2 grid
    # LLaVA-1.5: a fixed 576 = (336/14)^2
    ("llava-hf/llava-1.5-13b-hf", (4000, 3000), 576),
    # GPT-4o (API tiling): the guide's own examples, 85 + 170 per 512 px tile
    ("openai/gpt-4o", (1024, 1024), 85 + 170 * 4),
    ("openai/gpt-4o", (2048, 4096), 85 + 170 * 6),
    # a small image is not scaled up to a 768 px side (issue 26): one tile; a
    # narrow one keeps its 300 px side: 1 x 4 tiles
    ("openai/gpt-4o", (224, 224), 85 + 170),
    ("openai/gpt-4o", (300, 2000), 85 + 170 * 4),
    # the same tiling at GPT-4o mini's own base and tile tokens: 33x GPT-4o's
    ("openai/gpt-4o-mini", (1024, 1024), 2833 + 5667 * 4),
    ("openai/gpt-5.1", (1024, 1024), 70 + 140 * 4),
    # OpenAI's patch rule, the page's own gpt-5.4 examples: ceil(1024 x 1.2), and
    # 2048x2048 shrunk to 1600x1600 by the 2,500-patch budget: ceil(2500 x 1.2)
    ("openai/gpt-5.4", (1024, 1024), 1229),
    ("openai/gpt-5.4", (2048, 2048), 3000),
    # gpt-4.1-mini: 6,144 patches fit 2048x2048 whole; 4,096 x 1.62 = 6,635.52
    ("openai/gpt-4.1-mini", (2048, 2048), 6636),
    # gpt-5.5 at auto = original: 6000 px and 10,000 patches; 4000x3000 is 125 x
    # 94 = 11,750 patches; shrink sqrt(1024 x 10000 / 12e6) = 0.9238, adjusted by
    # min(115 / 115.47, 86 / 86.60) to 0.9173: 3669x2752, 115 x 86 = 9,890 patches
    ("openai/gpt-5.5", (4000, 3000), 11868),
    # Gemini 3: the default media resolution's 1,120 whatever the size
    ("google/gemini-3-pro-preview", (4000, 3000), 1120),
    # Claude 3 and 4 (Anthropic's vision page): (width x height) / 750, after
    # scaling down to a long side of at most 1568 px and at most ~1,600 tokens
    ("anthropic/claude-haiku-4-5-20251001", (1024, 1024), 1399),  # 1,048,576 / 750
    ("anthropic/claude-haiku-4-5-20251001", (200, 200), 54),       # 40,000 / 750
    # 3000x2000: the token cap binds before the long side: 1341x894, 1,198,854 px
    ("anthropic/claude-opus-4-5-20251101", (3000, 2000), 1599),
    # 1568x400: exactly at the long-side limit, under the cap: 627,200 / 750
    ("anthropic/claude-opus-4-5-20251101", (1568, 400), 837),
])
def test_image_tokens_follow_the_formulas(archs, ck, size, tokens):
    arch = checkpoint(archs, ck)
    got, how = image_tokens(arch.rule, *size)
    assert got == tokens
    assert f"{tokens:,} tokens" in how and arch.rule.source.startswith("https://")


def test_cross_attention_layers_cache_the_image_not_the_text(archs):
    # issue 26: Llama 3.2 Vision's 40 layers are 32 self-attention and 8
    # cross-attention (its config): a text token is cached by the 32 only, and
    # each image puts its vision tokens (4 tiles x (560/14)^2 = 6,400) in the 8
    llama = checkpoint(archs, "meta-llama/Llama-3.2-11B-Vision-Instruct")
    assert (llama.layers, llama.cross_layers, llama.cross_tokens) == (40, 8, 6400)
    assert llama.kv_bytes_per_token() == 2 * 32 * 8 * 128 * 2
    e = estimate(llama, "bf16", image_size=(1024, 1024), context_tokens=32_000)
    assert e.terms["KV cache for 32,000 tokens"] == pytest.approx(
        32_000 * 2 * 32 * 8 * 128 * 2 / 1e9)
    cross = next(k for k in e.terms if k.startswith("KV cache of the cross"))
    assert e.terms[cross] == pytest.approx(6400 * 2 * 8 * 8 * 128 * 2 / 1e9)
    assert not e.not_counted   # the image is counted, through the cross-attention
    # without an image size, no cross-attention cache is counted
    assert not any("cross" in k for k in estimate(llama, "bf16").terms)


def test_kv_cache_bytes_by_hand(archs):
    # 2 (K, V) x layers x KV heads x head size x 2 bytes, per token
    assert checkpoint(archs, QWEN25_7B).kv_bytes_per_token() == 2 * 28 * 4 * 128 * 2
    llava = checkpoint(archs, "llava-hf/llava-1.5-13b-hf")
    assert llava.kv_bytes_per_token() == 2 * 40 * 40 * 128 * 2   # no GQA: 819,200
    e = estimate(llava, "fp16", context_tokens=100_000)
    assert e.terms["KV cache for 100,000 tokens"] == pytest.approx(81.92)
    assert e.binding() == "KV cache for 100,000 tokens: 81.9 GB"   # not the weights


def test_every_fact_has_a_source_and_names_a_catalog_model(archs, catalog):
    import csv

    from advisor.memory import bundled_arch_path
    with bundled_arch_path().open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert all(r["source"].startswith("https://") for r in rows)
    assert {a.model for a in archs} <= set(catalog.names)


def test_minicpm_o_kv_cache_by_hand(archs):
    # MiniCPM-o 2.6 (Qwen2.5-7B inside): 28 layers, 4 KV heads of 128, no sliding
    # window: 2 x 28 x 4 x 128 x 2 bytes = 57,344 bytes a token
    mini = checkpoint(archs, "openbmb/MiniCPM-o-2_6")
    assert mini.kv_bytes_per_token() == 57_344 and mini.max_positions == 32_768
    e = estimate(mini, "fp16", context_tokens=32_000)
    assert e.terms["KV cache for 32,000 tokens"] == pytest.approx(57_344 * 32e3 / 1e9)
    # no image-token rule for MiniCPM's slices: an image size is said not counted
    shown = estimate(mini, "fp16", image_size=(1024, 1024))
    assert shown.not_counted == "images: no sourced image-token rule"
    assert shown.tokens == 4096 and e.not_counted == ""


def test_qwen2_vl_72b_by_hand(archs):
    # 80 layers, 8 KV heads of 128: 2 x 80 x 8 x 128 x 2 = 327,680 bytes a token;
    # the family's image rule: 1024 px -> 37 x 37 = 1,369 tokens
    big = checkpoint(archs, "Qwen/Qwen2-VL-72B-Instruct")
    assert big.kv_bytes_per_token() == 327_680
    e = estimate(big, "int4", image_size=(1024, 1024))
    assert e.image_tokens == 1369 and e.tokens == 4096 + 1369
    # int4 is read as AWQ: 4 bits + a 16-bit scale and a 4-bit zero per 128; the
    # vision tower and embeddings have no published size, so all 72B at that rate
    assert e.total == pytest.approx(72e9 * (4 + 20 / 128) / 8 / 1e9
                                    + 327_680 * 5465 / 1e9 + 0.55)
    assert e.not_counted == ("the vision and embeddings int4 keeps at 16 bits (size "
                             "not published; counted at 4.16 bits)")


def test_an_estimate_adds_named_terms(archs):
    e = estimate(checkpoint(archs, QWEN25_7B), "bf16", image_size=(1024, 1024),
                 context_tokens=4096)
    # 8.292B x 2 bytes; 57,344 bytes x (4,096 + 1,369) tokens; the measured
    # workspace (memory.WORKSPACE_GB)
    assert e.terms == pytest.approx({
        "weights (8.29B x 2 bytes, bf16)": 16.584,
        "KV cache for 5,465 tokens": 57_344 * 5465 / 1e9,
        "runtime overhead (activations and buffers, 0.55 GB as measured)": 0.55})
    assert e.total == pytest.approx(17.4478, abs=1e-3) and not e.fallback


def test_without_architecture_data_the_rule_of_thumb_says_so(archs):
    gemma = checkpoint(archs, "google/gemma-3-4b-it")   # no layers or KV heads
    e = estimate(gemma, "fp16", image_size=(896, 896))
    assert e.fallback and e.terms == pytest.approx(
        {"weights x 1.2 (rule of thumb; no architecture data)": 4e9 * 2 * 1.2 / 1e9})
    assert e.image_tokens == 256


def test_the_largest_variant_that_fits(archs):
    fits = fit(variants(archs, "InternVL2.5 (1B–38B)"), 24,
               Settings("fp16", image_size=(1024, 1024)))
    assert [f.estimate.checkpoint.split("-")[-1] for f in fits] == ["1B", "8B", "26B"]
    assert [f.fits for f in fits] == [True, True, False]
    eight = fits[1]
    # the context is capped by the model's 32,768 positions, less the image
    assert eight.max_context == 32_768 - 2560 and fits[2].max_side == 0
    assert [a.checkpoint for a in variants(archs, "Qwen3-VL")] == [
        "Qwen/Qwen3-VL-8B-Instruct"]


def test_bad_values_name_the_file_row_and_column(tmp_path):
    path = tmp_path / "arch.csv"
    path.write_text("model,checkpoint,field,value,source,note\n"
                    "X,x/x-1B,num_hidden_layers,many,https://example.org,\n")
    with pytest.raises(AdvisorError, match=r"arch.csv: row 1, column 'value': "
                                           r"'many': invalid literal"):
        load_arch(path)
    path.write_text("model,checkpoint,field,value,source,note\n"
                    "X,x/x-1B,image_rule,tiles tile=448,https://example.org,\n")
    with pytest.raises(AdvisorError, match=r"a tiles rule needs tokens, max_tiles, "
                                           r"thumbnail"):
        load_arch(path)
    with pytest.raises(ValueError, match="unknown rule kind 'grid'"):
        Rule.parse("grid n=3")


@pytest.mark.parametrize("text, size", [
    ("1024x768", (1024, 768)), ("2048×1536", (2048, 1536)), ("896", (896, 896))])
def test_image_sizes(text, size):
    assert parse_size(text) == size


def test_a_bad_image_size_says_the_form():
    with pytest.raises(AdvisorError, match=r"image_size: 'big' is not an image size; "
                                           r"expected WIDTHxHEIGHT"):
        parse_size("big")


# -- the gpu_memory_gb check reads the estimate (issue 14) ----------------------------
def gpu_detail(advice, name):
    i = advice.catalog.position(name)
    return next(c.detail for c in advice.evaluation.checks(i)
                if c.requirement == "gpu_memory_gb")


def test_a_family_fits_through_a_named_variant():
    from advisor import advise
    ocr = advise({"gpu_memory_gb": 24, "image_size": "2048x2048", "tasks": ["ocr"]})
    # Qwen3-VL-8B: 8.767B (counted from its config) x 2 bytes = 17.5 GB of weights,
    # a KV cache for 4,096 text + (2048/32)^2 image tokens at 2 x 36 x 8 x 128 x 2
    # bytes a token, the measured 0.55 GB workspace
    kv = 2 * 36 * 8 * 128 * 2 * (4096 + 64 * 64) / 1e9
    w = 8_767_123_696 * 2 / 1e9
    assert gpu_detail(ocr, "Qwen3-VL") == (
        f"Qwen3-VL-8B-Instruct needs ~{w + kv + 0.55:.1f} of 24 GB (weights (8.77B x 2 "
        f"bytes, fp16) {w:.1f} GB, KV cache for 8,192 tokens {kv:.1f} GB, runtime "
        "overhead (activations and buffers, 0.55 GB as measured) 0.6 GB); larger "
        "variants (up to ~235B) have no architecture data")
    assert gpu_detail(ocr, "InternVL2.5 (1B–38B)").startswith(
        "InternVL2_5-8B needs ~") and "; InternVL2_5-26B needs ~" in gpu_detail(
        ocr, "InternVL2.5 (1B–38B)")
    # on 8 GB only Qwen3-VL's smallest variant (no architecture data) fits: said so
    small = advise({"gpu_memory_gb": 8})
    assert gpu_detail(small, "Qwen3-VL").startswith(
        "only the smallest variant (~2B; rule of thumb, no architecture data) fits: "
        f"~4.8 of 8 GB; Qwen3-VL-8B-Instruct needs ~{w + 0.6 + 0.55:.1f} GB")


def test_a_failed_check_names_the_term_that_broke_it():
    from advisor import advise
    # Qwen2.5-VL-7B: 57,344 bytes a token x 100,000 tokens x 8 sequences = 45.9 GB
    # of KV cache, more than its 16.6 GB of weights
    busy = advise({"gpu_memory_gb": 48, "context_tokens": "100k", "batch": 8})
    assert gpu_detail(busy, "Qwen2.5-VL-7B") == (
        "no variant fits 48 GB: Qwen2.5-VL-7B-Instruct needs ~63.0 GB, most of it KV "
        "cache for 100,000 tokens x batch 8: 45.9 GB")
    # LLaVA-1.5 has 4,096 positions (Llama-2): a 32k context cannot run at all
    long = advise({"gpu_memory_gb": 80, "context_tokens": "32k"})
    assert "LLaVA (13B)" in long.rejected
    assert gpu_detail(long, "LLaVA (13B)").startswith(
        "no variant holds 32,000 tokens (context and images): llava-1.5-13b-hf has "
        "4,096 positions")


def test_the_vision_tower_stays_at_16_bits(archs):
    # Qwen2.5-VL-7B: 8.292B = ViT 676.6M + LM; at int4 the LM is 0.5 bytes a
    # parameter, the ViT 2
    e = estimate(checkpoint(archs, QWEN25_7B), "int4")
    (said, gb), *_ = e.terms.items()
    assert said == ("weights (7.62B x 4.16 bits + vision 677M x 2 bytes, int4 = "
                    "awq-int4)")
    assert e.not_counted == ("the embeddings int4 keeps at 16 bits (size not "
                             "published; counted at 4.16 bits)")
    bits = 4 + 20 / 128
    assert gb == pytest.approx((8.292e9 - 676.6e6) * bits / 8 / 1e9
                               + 676.6e6 * 2 / 1e9)


def test_memory_settings_need_gpu_memory():
    from advisor import Requirements
    with pytest.raises(AdvisorError, match=r"^image_size: '1024x768' is given "
                                           r"without gpu_memory_gb; it only sizes"):
        Requirements.from_dict({"image_size": "1024x768"})
    req = Requirements.from_dict({"gpu_memory_gb": 24, "image_size": [1024, 768],
                                  "context_tokens": "32k", "batch": 2})
    assert (req.image_size, req.images, req.context_tokens, req.batch) == (
        (1024, 768), 1, 32_000, 2)
    with pytest.raises(AdvisorError, match=r"^batch == 0, must be >= 1$"):
        Requirements.from_dict({"gpu_memory_gb": 24, "batch": 0})


def test_memory_relaxations_name_the_nearest_setting(seed):
    # LLaVA (13B) needs 29.9 GB at fp16 (see test_engine); at int8, 17.2 GB fits 24
    from advisor import advise
    advice = advise({"gpu_memory_gb": 24, "min_params": "13B", "tasks": ["vqa"]},
                    catalog=seed)
    gpu = next(r for r in advice.relaxations if r.drop == ("gpu_memory_gb",))
    assert gpu.settings == (("precision int8", ("LLaVA (13B)",)),)
    assert str(gpu) == ("with min_params, tasks kept, gpu_memory_gb 30 admits "
                        "LLaVA (13B); or keep the GPU and use precision int8 (admits "
                        "LLaVA (13B))")
    # int8, three images (576 tokens each) and a 2k context on 16 GB: 13.3 GB of
    # weights (8.19 bits), 0.55 of workspace and 819,200 bytes x 3,728 tokens =
    # 3.05 GB of KV cache: 16.9 GB. int4 (10.4 GB) or one image (15.96 GB) fit;
    # two do not (16.4 GB)
    busy = advise({"gpu_memory_gb": 16, "min_params": "13B", "tasks": ["vqa"],
                   "precision": "int8", "images": 3, "image_size": "1024x1024",
                   "context_tokens": "2k"}, catalog=seed)
    gpu = next(r for r in busy.relaxations if r.drop == ("gpu_memory_gb",))
    assert [s for s, _ in gpu.settings] == ["precision int4", "images 1"]


def test_fit_in_python_resolves_names_and_validates():
    from advisor import fit
    fits = fit("internvl2.5 (1b-38b)", "24GB", image_size="1024x1024",
               context_tokens="8k")
    assert [f.arch.checkpoint for f in fits if f.fits] == [
        "OpenGVLab/InternVL2_5-1B", "OpenGVLab/InternVL2_5-8B"]
    assert fits[1].estimate.tokens == 8000 + 2560
    # issue 26: a model without architecture data is estimated as advise's check
    # estimates it, by the rule of thumb on its catalog size (CLIP: 151M sourced)
    clip = fit("clip", 24)
    assert [f.arch.checkpoint for f in clip] == ["CLIP (ViT-B/32) at 151M (catalog "
                                                 "size)"]
    assert clip[0].fits and clip[0].estimate.fallback
    assert clip[0].estimate.total == pytest.approx(151e6 * 2 * 1.2 / 1e9, rel=0.01)
    with pytest.raises(AdvisorError, match=r"^model: 'GPT-4o' is API-only"):
        fit("gpt-4o", 24)
    # without a size either, there is nothing to estimate
    with pytest.raises(AdvisorError, match=r"^model: no architecture data for "
                                           r"'Perception Encoder \(PE-Core\)'"):
        fit("perception encoder", 24)
    with pytest.raises(AdvisorError, match=r"^precision: unknown precision 'fp8'; "
                                           r"valid choices: fp32"):
        fit("qwen2.5-vl-7b", 24, precision="fp8")


# -- the vision encoder's attention without flash attention (attention="eager") --
def test_encoder_attention_count_matches_llama_cpp(archs):
    # llama.cpp PR 13478 (https://github.com/ggml-org/llama.cpp/pull/13478), whose
    # clip graph keeps the Qwen2.5-VL encoder's KQ matrix in f32 (4 bytes, no mask
    # copy): "cap image size to maximum 1024x1024, which brings down the max memory
    # usage to 1830M". 1024 -> 1036 px = 74 x 74 patches of 14 px; 16 heads
    from advisor.memory import encoder_attention
    qwen = checkpoint(archs, QWEN25_7B)
    got, how = encoder_attention(qwen, 37 * 37, per_entry=4, mask=0)
    assert got == 16 * (74 * 74) ** 2 * 4 and round(got / 2**20) == 1830
    assert how == "16 heads x 5,476² patches"
    # the same PR: a 2592x1944 image is "over 20k tokens" (patches), "41GB"
    tokens, _ = image_tokens(qwen.rule, 2592, 1944)
    got, how = encoder_attention(qwen, tokens, per_entry=4, mask=0)
    assert how == "16 heads x 25,668² patches" and 39 < got / 2**30 < 43


def test_eager_term_by_hand_and_flash_adds_nothing(archs):
    # QwenLM/Qwen3-VL#541's setting: Qwen2-VL-2B, fp16, a 1700x2200 page under
    # max_pixels 1280 x 28 x 28 (resized to 868x1120: 31 x 40 = 1,240 tokens).
    # 4 patches a token: N = 4,960; the eager peak is N^2 x (16 heads x (2 + 4 + 2)
    # bytes + a 2-byte mask) = 3.198 GB
    qwen2 = checkpoint(archs, "Qwen/Qwen2-VL-2B-Instruct")
    flash = estimate(qwen2, "fp16", image_size=(868, 1120), context_tokens=1024)
    eager = estimate(qwen2, "fp16", image_size=(868, 1120), context_tokens=1024,
                     attention="eager")
    assert flash.image_tokens == 1240
    term = eager.terms["vision attention, eager (16 heads x 4,960² patches)"]
    assert term == pytest.approx(4960 ** 2 * (16 * 8 + 2) / 1e9)
    assert eager.total - flash.total == pytest.approx(term)
    assert not any("vision attention" in k for k in flash.terms)
    assert eager.binding().startswith("weights") and eager.not_counted == ""
    # docs/memory.md's comparison: 5.0 GB with flash, 8.2 eager; at max_pixels
    # 2560 x 28 x 28 (1232x1596, 2,508 tokens, 10,032 patches) 18.2, 9.9 GB more
    larger = estimate(qwen2, "fp16", image_size=(1232, 1596), context_tokens=1024,
                      attention="eager")
    assert larger.image_tokens == 2508
    assert [round(e.total, 1) for e in (flash, eager, larger)] == [5.0, 8.2, 18.2]
    assert round(larger.total - eager.total, 1) == 9.9


def test_eager_without_encoder_facts_says_what_is_not_counted(archs):
    intern = checkpoint(archs, "OpenGVLab/InternVL2_5-8B")
    e = estimate(intern, "bf16", image_size=(1024, 1024), attention="eager")
    assert e.not_counted == "vision attention (eager): no sourced encoder facts"
    assert not any("vision attention" in k for k in e.terms)
    # no image, nothing for the encoder to attend to: nothing missing either
    assert estimate(intern, "bf16", attention="eager").not_counted == ""


def test_eager_changes_the_largest_image_that_fits(archs):
    qwen = checkpoint(archs, QWEN25_7B)
    flash, = fit([qwen], 24, Settings("bf16"))
    eager, = fit([qwen], 24, Settings("bf16", attention="eager"))
    # flash: the KV cache grows by 57,344 bytes a token, so even 16,384 tokens
    # (8192 px) fit; eager: the N^2 matrix caps the side at 1184 px (1,764 tokens:
    # 23.9 GB in all; 1216 px: 1,849 tokens, 24.6 GB)
    assert flash.max_side == 8192 and eager.max_side == 1184


def test_attention_setting_is_validated_and_relaxed(catalog):
    from advisor import Requirements, advise
    with pytest.raises(AdvisorError, match=r"^attention: unknown value 'eagr'; "
                                           r"did you mean 'eager'"):
        Requirements.from_dict({"gpu_memory_gb": 24, "attention": "eagr"})
    with pytest.raises(AdvisorError, match=r"^attention: 'eager' is given without "
                                           r"gpu_memory_gb"):
        Requirements.from_dict({"attention": "eager"})
    # Qwen2.5-VL-7B alone, 2048 px eager on 24 GB: 16.6 + 0.55 GB of weights and
    # workspace, 59.1 GB of encoder attention. Flash admits it, and so does 1152 px
    # (1,681 tokens: 23.3 GB in all); 1536 px does not
    one = catalog.take([catalog.position("Qwen2.5-VL-7B")])
    advice = advise({"gpu_memory_gb": 24, "image_size": "2048x2048",
                     "attention": "eager"}, catalog=one)
    assert not list(advice)
    gpu = next(r for r in advice.relaxations if r.drop == ("gpu_memory_gb",))
    assert gpu.settings == (("attention flash", ("Qwen2.5-VL-7B",)),
                            ("image_size 1152x1152", ("Qwen2.5-VL-7B",)))
    assert "most of it vision attention, eager (16 heads x 21,316² patches): " \
           "59.1 GB" in advice.why_not("Qwen2.5-VL-7B")


def test_the_manual_counts_the_bundled_facts(archs):
    import csv
    import re
    from pathlib import Path

    from advisor.memory import bundled_arch_path
    with bundled_arch_path().open(encoding="utf-8") as f:
        values = sum(1 for _ in csv.DictReader(f))
    text = " ".join((Path(__file__).parent.parent / "docs" / "memory.md").read_text(
        encoding="utf-8").split())
    said = re.search(r"`arch.csv`: (\d+) sourced values for (\d+) checkpoints, (\d+) "
                     r"with every KV-cache fact, (\d+) with an image-token rule, (\d+) "
                     r"with the vision encoder's heads", text)
    assert said and tuple(map(int, said.groups())) == (
        values, len(archs), sum(a.kv_known for a in archs),
        sum(a.rule is not None for a in archs),
        sum(a.encoder is not None for a in archs))


def test_pixtral_tokens_are_what_transformers_counts(archs):
    # tests/fixtures/image-tokens-transformers-5.23.0.json: each size run through
    # the Pixtral processor's own code (floored resize, a break token per row)
    import json
    from pathlib import Path
    fixture = json.loads((Path(__file__).parent / "fixtures" /
                          "image-tokens-transformers-5.23.0.json").read_text())
    rule = checkpoint(archs, "mistralai/Pixtral-12B-2409").rule
    for case in fixture["pixtral"]:
        got, how = image_tokens(rule, case["width"], case["height"])
        assert got == case["tokens"], case
        cols, rows = (side // 16 for side in case["resized"])
        assert f"{cols} x {rows} patches of 16 px and {rows} row breaks" in how


# -- quantised formats and published measurements (issue 26) --------------------------
QWEN2_7B, QWEN2_2B = "Qwen/Qwen2-VL-7B-Instruct", "Qwen/Qwen2-VL-2B-Instruct"


def test_each_format_counts_its_own_storage(archs):
    # Qwen2-VL-7B: 8.29B = vision 675.8M + embeddings 2 x 152,064 x 3,584 (untied)
    # + the decoder's linear layers; AWQ and GPTQ quantise only those
    from advisor.vocab import PRECISIONS
    a = checkpoint(archs, QWEN2_7B)
    assert a.embedding_params == 2 * 152_064 * 3_584 and a.vision_params == 675_760_384
    rest = 8.29e9 - 675_760_384 - 2 * 152_064 * 3_584
    kept = (675_760_384 + 2 * 152_064 * 3_584) * 2
    for fmt, bits in [("awq-int4", 4 + 20 / 128), ("gptq-int4", 4 + 20 / 128),
                      ("gptq-int8", 8 + 24 / 128)]:
        assert PRECISIONS[fmt].bits == bits
        w = next(iter(estimate(a, fmt).terms.values()))
        assert w == pytest.approx((rest * bits / 8 + kept) / 1e9), fmt
    # bitsandbytes NF4 quantises the vision tower too, not the embeddings
    nf4 = next(iter(estimate(a, "bnb-nf4").terms.values()))
    bits = 4 + 8 / 64 + 32 / (64 * 256)
    assert nf4 == pytest.approx(((8.29e9 - 2 * 152_064 * 3_584) * bits / 8
                                 + 2 * 152_064 * 3_584 * 2) / 1e9)
    # GGUF: the language model in the file's blocks, the projector at 16 bits
    q8 = next(iter(estimate(a, "gguf-q8_0").terms.values()))
    assert q8 == pytest.approx(((8.29e9 - 675_760_384) * 8.5 / 8
                                + 675_760_384 * 2) / 1e9)
    # a tied head is counted once (Qwen2-VL-2B)
    assert checkpoint(archs, QWEN2_2B).embedding_params == 151_936 * 1_536


def test_plain_widths_are_read_as_the_common_format_and_say_so():
    from advisor.vocab import PRECISIONS, canonical_precision
    assert PRECISIONS["int4"].same_as == "awq-int4"
    assert PRECISIONS["int8"].same_as == "gptq-int8"
    assert canonical_precision("Q4_K_M") == "gguf-q4_k_m"
    assert canonical_precision("4-bit") == "int4"
    with pytest.raises(AdvisorError, match="unknown precision 'int3'"):
        canonical_precision("int3")


def test_the_measurements_are_the_cited_table_cell_by_cell():
    # measurements.csv against the table cut verbatim from the Qwen2-VL README
    from pathlib import Path

    from advisor.memory import load_measurements
    table = (Path(__file__).parent / "fixtures" / "measurements" /
             "qwen2-vl-readme-a4b6507-speed-benchmark.md").read_text()
    names = {"bf16": "BF16", "gptq-int8": "GPTQ-Int8", "gptq-int4": "GPTQ-Int4",
             "awq-int4": "AWQ"}
    rows, model, length = {}, None, None
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[2] in names.values():
            model, length = cells[0] or model, int(cells[1] or length)
            rows[(f"Qwen/{model}", length, cells[2])] = float(cells[5])
    found = load_measurements()
    assert len(found) == 32
    for m in found:
        assert rows[(m.checkpoint, m.input_tokens, names[m.precision])] == \
            m.measured_gib, m
        assert m.output_tokens == 2048 and "a4b65072" in m.source


def test_estimates_are_within_15_percent_of_every_measurement():
    # issue 26: bf16, GPTQ-Int8, GPTQ-Int4 and AWQ, inputs of 1 to 30,720 tokens,
    # each estimate (with the measured runtime's logits of every input position)
    # against the published peak; the largest error is 1.8%
    from advisor.memory import load_measurements, measured_runtime_gb
    errors = []
    for m in load_measurements():
        got = measured_runtime_gb(m)
        errors.append(abs(got - m.measured_gb) / m.measured_gb)
        assert got == pytest.approx(m.measured_gb, rel=0.15), m
    assert max(errors) < 0.02


def test_the_workspace_is_what_the_short_inputs_leave(archs):
    # WORKSPACE_GB: measured minus weights and KV cache at an input of one token,
    # 16 bits, for both sizes
    from advisor.memory import WORKSPACE_GB, estimate_for, load_measurements
    for m in load_measurements():
        if m.input_tokens == 1 and m.precision == "bf16":
            e = estimate_for(m)
            left = m.measured_gb - (e.total - WORKSPACE_GB)
            assert left == pytest.approx(WORKSPACE_GB, abs=0.02), m


def test_the_logits_range_is_prompt_tokens_by_vocabulary(archs):
    e = estimate(checkpoint(archs, QWEN2_7B), "bf16", context_tokens=32_768)
    assert e.logits == pytest.approx(32_768 * 152_064 * 6 / 1e9)
    assert e.high == pytest.approx(e.total + e.logits)
    # without a vocabulary the range is not known
    assert estimate(checkpoint(archs, QWEN25_7B), "bf16").high is None


def test_llava_next_tokens_are_what_transformers_counts(archs):
    # issue 26: tests/fixtures/image-tokens-transformers-5.18.0.json, each size run
    # through LlavaNextProcessor's own count (best canvas, unpadding, a newline per
    # row, the 24 x 24 base view): 1,176 to 2,928 tokens
    import json
    from pathlib import Path
    fixture = json.loads((Path(__file__).parent / "fixtures" /
                          "image-tokens-transformers-5.18.0.json").read_text())
    rule = checkpoint(archs, "llava-hf/llava-v1.6-mistral-7b-hf").rule
    assert rule.kind == "anyres" and len(fixture["llava_next"]) >= 10
    for case in fixture["llava_next"]:
        got, how = image_tokens(rule, case["width"], case["height"])
        assert got == case["tokens"], (case, how)
    got, how = image_tokens(rule, 1024, 1024)
    assert how == ("the 672x672 canvas: 48 x 48 patches of 14 px after unpadding, 48 "
                   "row newlines and the 24 x 24 base view = 2,928 tokens")


@pytest.mark.parametrize("case, name", [
    ("qwen2_vl", "Qwen/Qwen2.5-VL-7B-Instruct"),
    ("internvl", "OpenGVLab/InternVL2_5-8B"),
    ("idefics3", "HuggingFaceM4/Idefics3-8B-Llama3"),
    ("smolvlm", "HuggingFaceTB/SmolVLM-Instruct")])
def test_patch_and_tile_rules_are_what_transformers_counts(archs, case, name):
    # issue 26: the Qwen smart_resize rule, InternVL's tiling with its thumbnail and
    # Idefics3 / SmolVLM's splitting, against transformers 5.18.0's own functions run
    # on fourteen sizes (the fixture says what was run), from 10x10 to 8000x8000 and
    # aspect ratios up to 50
    import json
    from pathlib import Path
    fixture = json.loads((Path(__file__).parent / "fixtures" /
                          "image-tokens-transformers-5.18.0.json").read_text())
    rule = checkpoint(archs, name).rule
    assert len(fixture[case]) == 14
    for size in fixture[case]:
        assert image_tokens(rule, size["width"], size["height"])[0] == \
            size["tokens"], size


def test_split_rule_says_how_it_counts(archs):
    # Idefics3 upscales a small image to the longest side too: 224 px becomes 4 x 4
    # tiles of 364 px; 1920x1080 is 1456x820 -> 4 x 3 tiles (the fixture's rows/cols)
    rule = checkpoint(archs, "HuggingFaceM4/Idefics3-8B-Llama3").rule
    assert rule.kind == "split"
    got, how = image_tokens(rule, 1920, 1080)
    assert got == 169 + 3 + 3 * (4 * (169 + 2) + 1) == 2227
    assert how.startswith("resized to 1456x820: 4 x 3 tiles of 364 px")
    small = Rule.parse("split longest=300 tile=364 seq=169")
    assert image_tokens(small, 1000, 500) == (
        172, "resized to 300x150: one view of 169 tokens and 3 around it = 172 tokens")


def test_api_rules_are_the_providers_pages(archs):
    # issue 26: each OpenAI and Gemini image rule in arch.csv against verbatim
    # excerpts of the providers' pages (tests/fixtures/provider-docs/)
    import re
    from pathlib import Path
    docs = Path(__file__).parent / "fixtures" / "provider-docs"
    openai = (docs / "openai-images-vision-calculating-costs.md").read_text()
    multiplier = {m: Fraction(x) for m, x in re.findall(
        r"^\| `([\w.-]+)`\\?\*?(?: \([^)]*\))? +\| ([\d.]+) +\|$", openai, re.M)}
    tiles = {}
    for names, base, tile in re.findall(r"^\| (`.+?) +\| (\d+) +\| (\d+) +\|$",
                                        openai, re.M):
        for name in re.findall(r"`([\w.-]+)`", names):
            tiles[name] = (int(base), int(tile))
    sizing = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>.*?</td>\s*<td>(.*?)</td>",
                        openai, re.S)
    assert len(multiplier) == 13 and tiles["gpt-4o-mini"] == (2833, 5667)
    rules = {a.checkpoint.split("/")[1]: a.rule for a in archs
             if a.rule is not None and a.checkpoint.startswith("openai/")}
    assert len(rules) == 10
    for name, rule in rules.items():
        if rule.kind == "api_tiles":
            assert (rule.params["base"], rule.params["per_tile"]) == tiles[name], name
            assert (rule.params["tile"], rule.params["max_side"],
                    rule.params["short_side"]) == (512, 2048, 768)
        else:
            assert rule.kind == "patches" and rule.params["px"] == 32
            assert rule.params["multiplier"] == multiplier[name], name
            cell = " ".join(next(how for family, how in sizing
                                 if f"`{name}`" in family).split())
            assert f"{rule.params['budget']:,}" in cell, (name, cell)
            assert f"{rule.params['max_side']}-pixel maximum" in cell, (name, cell)
    gemini = (docs / "gemini-media-resolution-token-counts.md").read_text()
    gemini3 = gemini[gemini.index("Gemini 3 Models"):gemini.index("Gemini 2.5")]
    default = int(re.search(r"UNSPECIFIED</code> \(Default\)</td><td>(\d+)<",
                            gemini3)[1])
    google = [a.rule for a in archs if a.checkpoint.startswith("google/gemini-3")]
    assert default == 1120 and len(google) == 7
    assert all(r.kind == "fixed" and r.params["tokens"] == default for r in google)


def test_qwen25_vl_3b_is_counted_not_named(archs):
    # issue 26: the checkpoint's config built on the meta device counts 3,754,622,976
    # parameters (the name says 3B); the same count of Qwen2-VL-7B's config gives the
    # Hub's published 8.29B. At bf16 the weights alone are 7.5 GB (the name's 3B
    # gave 6 GB), so with the KV cache and workspace it needs more than 8 GB
    ck = checkpoint(archs, "Qwen/Qwen2.5-VL-3B-Instruct")
    assert (ck.params, ck.vision_params, ck.vocab) == (3_754_622_976, 668_684_288,
                                                       151_936)
    e = estimate(ck, "bf16")
    assert e.terms["weights (3.75B x 2 bytes, bf16)"] == pytest.approx(7.509, abs=1e-3)
    assert e.total > 8


def test_every_bundled_rule_counts_any_image_size(archs):
    # every rule kind in arch.csv, on sizes from 1 px to extreme aspect ratios: a
    # positive whole count, said in its own words (no division by a side rounded
    # to nothing)
    from hypothesis import given, settings
    from hypothesis import strategies as st
    rules = {(a.rule.kind, str(a.rule.params)): a.rule for a in archs if a.rule}
    assert {r.kind for r in rules.values()} >= {"patch", "tiles", "longest", "anyres",
                                                "split", "patches", "api_tiles",
                                                "area", "fixed"}

    @settings(max_examples=60, deadline=None)
    @given(st.integers(1, 100_000), st.integers(1, 100_000))
    def counts(w, h):
        for rule in rules.values():
            tokens, how = image_tokens(rule, w, h)
            assert isinstance(tokens, int) and tokens >= 1, (rule, w, h)
            assert f"{tokens:,} tokens" in how

    counts()
