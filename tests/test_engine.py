"""advise() against the seed table (tests/fixtures/shared/seed/vlm_models.md): each
golden test names the rows it rests on."""

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import Advice, AdvisorError, advise, load_catalog
from advisor.catalog import Catalog
from advisor.requirements import COMPONENTS


def test_open_336px_2k_tokens(seed):
    # LLaVA (13B): Academic (open), 336×336, 2048; MiniGPT-4: Academic (open),
    # 224–336px, 2048; Kosmos-2: 224×224+ (unknown for 336), 2048;
    # BLIP-2: 512–1024 tokens.
    advice = advise({"open_license": True, "min_image_resolution": 336,
                     "min_token_limit": 2048}, catalog=seed)
    assert set(advice.fully_met) == {"LLaVA (13B)", "MiniGPT-4"}
    assert advice.names[:2] == ["LLaVA (13B)", "MiniGPT-4"]
    kosmos = advice[2]
    assert kosmos.name == "Kosmos-2" and kosmos.unknown == ["min_image_resolution"]
    assert "BLIP-2" in advice.rejected
    assert [c.detail for c in advice.rejected["BLIP-2"]] == [
        "largest token limit 1,024 tokens < 2,048 tokens required"]
    llava = advice[0]
    assert {c.requirement: c.status for c in llava.checks} == {
        "open_license": "met", "min_image_resolution": "met", "min_token_limit": "met"}
    assert "largest input 336 px >= 336 px required" in llava.explanation
    assert advice.relaxations == []


def test_strict_drops_the_unknown(seed):
    advice = advise({"open_license": True, "min_image_resolution": 336,
                     "min_token_limit": 2048, "strict": True}, catalog=seed)
    assert advice.names == ["LLaVA (13B)", "MiniGPT-4"]
    assert [c.status for c in advice.rejected["Kosmos-2"]] == ["unknown"]


def test_max_params_200m(seed):
    # CLIP: ~125M; BLIP: ~250M–500M (smallest variant 250M)
    advice = advise({"max_params": "200M"}, catalog=seed)
    assert advice[0].name == "CLIP (ViT-B/32)"
    assert advice.fully_met == ("CLIP (ViT-B/32)",)
    assert advice.why_not("BLIP") == (
        "BLIP is ruled out by max_params (smallest variant ~250M (of ~250M–500M) > "
        "200M allowed).")
    # Not disclosed / Experimental: unknown, ranked after the fully met
    assert {r.name for r in advice[1:]} == {"SEED", "GPT-4o", "GPT-4o Mini"}
    assert all(r.unknown == ["max_params"] for r in advice[1:])


def test_max_params_names_the_variant_that_meets_it(seed):
    advice = advise({"max_params": "300M"}, catalog=seed)
    blip = next(r for r in advice if r.name == "BLIP")
    assert blip.checks[0].detail == ("smallest variant ~250M (of ~250M–500M) <= 300M "
                                     "allowed")


def test_similar_to_clip(seed):
    # CLIP and SigLIP: both VLM, Dual Encoder, Contrastive Learning
    advice = advise({"similar_to": "clip"}, catalog=seed)
    assert advice[0].name == "SigLIP (ViT-L/14)"
    assert "CLIP (ViT-B/32)" not in advice.names
    assert advice[0].similarity > advice[1].similarity
    assert "cosine similarity" in advice[0].explanation
    assert "is the model you asked for" in advice.why_not("CLIP (ViT-B/32)")


def test_no_fit_open_and_100k_tokens(seed):
    # Only Gemini and GPT-4o reach ~128k, both (closed); GPT-4o Mini ~32k.
    advice = advise({"open_license": True, "min_token_limit": "100k"}, catalog=seed)
    assert len(advice) == 0
    by_drop = {r.drop: r for r in advice.relaxations}
    assert set(by_drop) == {("open_license",), ("min_token_limit",)}
    assert by_drop[("open_license",)].admits == ("Gemini", "GPT-4o")
    tokens = by_drop[("min_token_limit",)]
    assert tokens.change == 2048
    assert tokens.change_admits == ("Kosmos-2", "LLaVA (13B)", "MiniGPT-4")
    assert str(tokens) == ("with open_license kept, min_token_limit 2048 admits "
                           "Kosmos-2, LLaVA (13B), MiniGPT-4")
    assert "No model meets every requirement" in advice.summary()


def test_gpu_24gb_fp16(seed):
    # LLaVA-1.5-13B (arch.csv): 13e9 x 2 bytes = 26 GB, a KV cache of 2 x 40
    # layers x 40 heads x 128 x 2 bytes x 4,096 tokens = 3.36 GB, the measured
    # workspace 0.55 GB: 29.9 GB > 24. MiniGPT-4 (no architecture data): ~7B x 2 x
    # 1.2 = 16.8
    advice = advise({"gpu_memory_gb": 24, "precision": "fp16", "top_k": 13},
                    catalog=seed)
    assert "LLaVA (13B)" in advice.rejected
    assert "MiniGPT-4" in advice.fully_met
    assert advice.rejected["LLaVA (13B)"][0].detail.startswith(
        "no variant fits 24 GB: llava-1.5-13b-hf needs ~29.9 GB, most of it "
        "weights (13B x 2 bytes, fp16): 26.0 GB")
    mini = next(r for r in advice if r.name == "MiniGPT-4")
    assert mini.checks[0].detail == (
        "weights need ~16.8 GB at fp16 (rule of thumb: ~7B x 2 bytes x 1.2; no "
        "architecture data) <= 24 GB")
    gpt = next(r for r in advice if r.name == "GPT-4o")
    assert gpt.unknown == ["gpu_memory_gb"]
    assert "API-only" in gpt.checks[0].detail


def test_int4_fits_llava_in_24gb(seed):
    advice = advise({"gpu_memory_gb": 24, "precision": "int4"}, catalog=seed)
    assert "LLaVA (13B)" in advice.fully_met


def test_commercial_use_reads_the_terms(seed):
    advice = advise({"commercial_use": True, "top_k": 13}, catalog=seed)
    assert "ImageBind" in advice.rejected          # CC-BY-NC-4.0: no
    assert "LLaVA (13B)" in advice.rejected         # research use only: no
    mini = next(r for r in advice if r.name == "MiniGPT-4")  # restricted
    assert mini.unknown == ["commercial_use"]
    assert "restricted" in mini.checks[0].detail
    assert "BLIP" in advice.fully_met               # BSD-3-Clause


def test_tasks_and_modalities(seed):
    advice = advise({"tasks": ["Zero-shot classification"], "modalities": ["audio"]},
                    catalog=seed)
    assert advice.names == ["ImageBind"]            # Audio+Text+Image
    advice = advise({"tasks": ["grounding"]}, catalog=seed)
    assert advice.names == ["Kosmos-2"]             # phrase grounding (facts file)


def test_model_types_architectures_exclude(seed):
    advice = advise({"architectures": ["Dual Encoder"], "exclude": ["siglip"]},
                    catalog=seed)
    # BLIP: Dual Encoder + Decoder; CLIP leads on its published ImageNet zero-shot
    # number (evidence.csv), BLIP has none for an encoder's job
    assert advice.names == ["CLIP (ViT-B/32)", "BLIP"]
    assert advice.rejected["SigLIP (ViT-L/14)"][0].detail == "excluded by request"
    # on the general VQA benchmarks: GPT-4o (MMMU val 69.1, MMBench-EN 83.4), Gemini
    # (1.5 Pro MMMU val 58.5), GPT-4o mini (MMMU 59.4, a smaller pool)
    assert advise({"model_types": ["LMM"]}, catalog=seed).names == [
        "GPT-4o", "Gemini", "GPT-4o Mini"]


def test_explanation_quotes_the_glossary(seed):
    clip = advise({"tasks": ["retrieval"], "max_params": "200M"}, catalog=seed)[0]
    assert clip.name == "CLIP (ViT-B/32)"
    assert clip.glossary["Dual Encoder"] in clip.explanation
    assert ("Independent vision and text encoders projected into a shared embedding "
            "space") in clip.explanation
    assert "Contrastive loss using softmax over similarities." in clip.explanation
    assert "Source: https://github.com/openai/CLIP" in clip.explanation
    # a caveat that touches a checked requirement is flagged
    assert "~151M parameters, not ~125M" in clip.explanation


def test_preferences_raise_the_score(seed):
    plain = advise({"tasks": ["vqa"], "top_k": 13}, catalog=seed)
    pref = advise({"tasks": ["vqa"], "prefer": {"commercial_use": True}, "top_k": 13},
                  catalog=seed)
    assert set(pref.names) == set(plain.names)   # preferences never filter
    # a preference raises the fit, which breaks ties after the capability
    git = {r.name: r for r in pref}["GIT"], {r.name: r for r in plain}["GIT"]
    assert git[0].components["preference"] == 1.0 and git[0].fit > git[1].fit
    llava = {r.name: r for r in pref}["LLaVA (13B)"]
    assert llava.components["preference"] == 0.0   # LLaVA (13B): commercial use no


def test_weights_change_the_order(seed):
    reqs = {"similar_to": "clip", "tasks": ["retrieval"]}
    sim_only = advise({**reqs, "weights": {"task_fit": 0, "documented": 0,
                                           "checks": 0}}, catalog=seed)
    assert sim_only[0].fit == pytest.approx((1 + sim_only[0].similarity) / 2)


def test_the_weights_decide_how_much_each_component_counts(catalog):
    # issue 25: 'similar to CLIP' with the similarity weight at 1e6 orders by
    # similarity; at 0 by capability on CLIP's benchmarks (rank, weight 30)
    def top(w):
        return advise({"similar_to": "clip", "weights": {"similarity": w}},
                      catalog=catalog, top_k=5)
    by_sim, by_cap = top(1e6), top(0)
    assert by_sim.names != by_cap.names
    sims = [r.similarity for r in by_sim]
    assert sims == sorted(sims, reverse=True)
    caps = [r.capability for r in by_cap]
    assert caps == sorted(caps, reverse=True)
    # at 1000 similarity leads, the capability still splits near ties: the most
    # similar (EVA-CLIP, cosine 0.99) comes first
    assert top(1000)[0].similarity == max(sims)
    # the score is the weighted mean of the components it lists
    r = by_cap[0]
    w = {k: d for k, (d, _) in COMPONENTS.items()} | {"similarity": 0}
    assert r.score == pytest.approx(sum(w[k] * v for k, v in r.components.items())
                                    / sum(w[k] for k in r.components))
    # with rank's weight at 0 the order's value no longer counts: the fit decides
    fit_only = advise({"similar_to": "clip", "weights": {"rank": 0}},
                      catalog=catalog, top_k=5)
    assert [r.score for r in fit_only] == pytest.approx([r.fit for r in fit_only])


def test_cost_per_image_is_tokens_times_the_input_price(catalog):
    # one 1024x1024 image: GPT-4o 765 tokens x $2.50/M = $0.0019125 (OpenAI's tile
    # rule); GPT-4o mini 2,833 + 4 x 5,667 = 25,501 x $0.15/M = $0.003825 (the same
    # page's tile table); Claude Haiku 4.5 1,399 x $1/M = $0.001399; Claude Opus 4.5
    # 1,399 x $5/M = $0.006995 (Anthropic's area rule); Gemini 3.1 Flash-Lite 1,120
    # x $0.25/M = $0.00028 (Google's media-resolution page); prices from facts.csv
    advice = advise({"api_only": True, "max_cost_per_image": 0.002, "top_k": 80},
                    catalog=catalog)
    checks = {r.name: {c.requirement: c for c in r.checks} for r in advice}
    gpt = checks["GPT-4o"]["max_cost_per_image"]
    assert gpt.status == "met"
    assert gpt.detail.startswith("1024x1024: 765 tokens x $2.5/M = $0.001912 per "
                                 "image <= $0.002")
    assert checks["Claude Haiku 4.5"]["max_cost_per_image"].status == "met"
    # an API without a sourced image-token rule is unknown, and says why: Gemini
    # 2.5's default is "256 + Pan & Scan (~2048)", no fixed count
    unknown = checks["Gemini 2.5 Flash"]["max_cost_per_image"]
    assert unknown.status == "unknown"
    assert unknown.detail.startswith("no sourced image-token rule for it")
    assert {"Claude Opus 4.5", "GPT-4o Mini"} <= set(advice.rejected)
    assert "$0.006995 per image > $0.002" in advice.why_not("claude opus 4.5")
    assert "25,501 tokens x $0.15/M = $0.003825 per image > $0.002" in \
        advice.why_not("gpt-4o mini")
    # ranking by cost: the cheapest image first, the others (unknown cost) after
    cheap = advise({"api_only": True, "rank_by": "cost", "top_k": 2},
                   catalog=catalog)
    assert cheap.names == ["Gemini 3.1 Flash-Lite", "Gemini 3.5 Flash-Lite"]
    assert "One image costs $0.00028 (1024x1024: 1,120 tokens x $0.25/M)." in \
        cheap[0].explanation
    # image_size prices another image, without a GPU: at 512x512 a patch model
    # pays for 16 x 16 patches (GPT-4.1 mini: ceil(256 x 1.62) = 415 tokens) and
    # Gemini 3 still 1,120, so the order changes
    small = advise({"api_only": True, "rank_by": "cost", "image_size": "512x512",
                    "top_k": 2}, catalog=catalog)
    assert small.names[0] == "GPT-4.1 mini"
    assert "One image costs $0.000166 (512x512: 415 tokens x $0.4/M)." in \
        small[0].explanation


def test_critique(seed):
    advice = advise({"tasks": ["vqa"]}, catalog=seed)
    smaller = advice.critique("llava", "smaller")
    assert smaller.requirements.similar_to == "LLaVA (13B)"
    assert smaller.requirements.max_params == 13e9 - 1
    assert "MiniGPT-4" in smaller.fully_met and "LLaVA (13B)" not in smaller.names
    longer = advice.critique("llava", "longer-context")
    assert set(longer.fully_met) == {"Gemini", "GPT-4o", "GPT-4o Mini"}
    # open, 2048 tokens, above LLaVA's 336 px: Kosmos-2 (224×224+) unknown, none met
    impossible = advise({"open_license": True, "min_token_limit": 2048},
                        catalog=seed).critique(
        "llava", "higher-resolution")
    assert impossible.requirements.min_image_resolution == 337
    assert len(impossible.fully_met) == 0
    assert impossible.relaxations
    with pytest.raises(AdvisorError, match=r"critique: GPT-4o's parameter_count is "
                                           r"unknown \('Not disclosed'\)"):
        advice.critique("gpt-4o", "smaller")
    with pytest.raises(AdvisorError, match=r"direction: unknown value 'tiny'; "
                                           r"valid choices: higher-resolution, "
                                           r"longer-context, smaller"):
        advice.critique("clip", "tiny")


def test_why_not_below_top_k(seed):
    advice = advise({"tasks": ["vqa"], "top_k": 1}, catalog=seed)
    top = advice.names[0]
    assert advice.why_not(top) == f"{top} is recommended at rank 1 (score " \
                                  f"{advice[0].score:.2f})."
    second = [n for n in seed.names if n not in advice.names and n not in
              advice.rejected][0]
    assert advice.why_not(second).startswith(f"{second} meets the requirements but "
                                             "ranks ")


def test_to_dict_is_json_and_reproducible(seed):
    advice = advise({"open_license": True, "min_token_limit": "100k"}, catalog=seed)
    data = json.loads(json.dumps(advice.to_dict()))
    assert data["catalog"]["content_hash"] == seed.content_hash
    assert data["requirements"] == {"open_license": True, "min_token_limit": 100000}
    assert data["relaxations"][0]["text"]
    assert set(data["rejected"]) == set(seed.names)


def test_to_frame_and_html(seed):
    advice = advise({"tasks": ["vqa"]}, catalog=seed)
    frame = advice.to_frame()
    assert list(frame["name"]) == advice.names
    assert frame["score"].between(0, 1).all()
    html = advice._repr_html_()
    assert "<table>" in html and advice.names[0] in html


def test_catalog_argument_as_path(write_csv):
    from conftest import model_row
    path = write_csv([model_row(name="A"), model_row(name="B", parameter_count="1B")])
    assert advise({"max_params": "500M"}, catalog=path).names == ["A"]
    assert advise({"max_params": "500M"}, catalog=str(path)).names == ["A"]


# -- errors ---------------------------------------------------------------------------
@pytest.mark.parametrize("requirements, message", [
    ({"min_tokn_limit": 5}, r"unknown requirement key 'min_tokn_limit'; did you mean "
                            r"'min_token_limit'\?"),
    ({"open_license": "maybe"}, r"open_license: 'maybe' is not true or false"),
    ({"min_token_limit": -5}, r"min_token_limit == -5, must be > 0"),
    ({"min_token_limit": float("nan")}, r"min_token_limit == nan, must be a finite"),
    ({"min_token_limit": "lots"}, r"min_token_limit: cannot read 'lots' as a token "
                                  r"limit"),
    ({"min_token_limit": "1k-2k"}, r"min_token_limit: '1k-2k' is not a single number"),
    ({"min_image_resolution": [336]}, r"min_image_resolution: \[336\] is not a number"),
    ({"max_params": True}, r"max_params: True is not a number; for example '7B'"),
    ({"gpu_memory_gb": "lots"}, r"gpu_memory_gb: 'lots' is not a number of GB"),
    ({"gpu_memory_gb": 0}, r"gpu_memory_gb == 0, must be > 0"),
    ({"precision": "fp8"}, r"precision: unknown precision 'fp8'; valid choices: "
                           r"fp32, fp16, bf16, int8, int4, awq-int4, gptq-int4, "
                           r"gptq-int8, bnb-nf4, gguf-q8_0, gguf-q5_k_m, gguf-q4_k_m"),
    ({"tasks": ["dancing"]}, r"tasks: unknown value 'dancing'; valid choices: "
                             r"captioning, vqa, retrieval"),
    ({"tasks": ["captionng"]}, r"tasks: unknown value 'captionng'; did you mean "
                               r"'captioning'\?"),
    ({"tasks": 5}, r"tasks: 5 is not a list"),
    ({"modalities": ["smell"]}, r"modalities: unknown value 'smell'"),
    ({"model_types": ["XYZ"]}, r"model_types: unknown value 'XYZ'; valid choices: VLM, "
                               r"LMM, Multimodal"),
    ({"architectures": ["Dual Encodr"]}, r"architectures: unknown value 'Dual Encodr';"
                                         r" did you mean 'Dual Encoder'"),
    ({"exclude": ["nonesuch"]}, r"exclude: unknown model 'nonesuch'"),
    ({"similar_to": "clipp"}, r"similar_to: unknown model 'clipp'; did you mean "
                              r"'CLIP \(ViT-B/32\)'"),
    ({"similar_to": 3}, r"similar_to: 3 is not a model name"),
    ({"top_k": 0}, r"top_k == 0, must be >= 1"),
    ({"top_k": 2.5}, r"top_k: 2.5 is not a whole number"),
    ({"prefer": {"colour": 1}}, r"prefer: 'colour' is not a preference key"),
    ({"prefer": {"max_params": "x"}}, r"max_params: cannot read 'x'"),
    ({"weights": {"simlarity": 1}}, r"weights: unknown component 'simlarity'; did you "
                                    r"mean 'similarity'\?"),
    ({"weights": {"similarity": -1}}, r"weights: similarity == -1, must be a finite "
                                      r"number >= 0"),
    ("open please", r"requirements: expected a dict of requirement keys, got str"),
], ids=lambda x: str(x)[:40])
def test_bad_input(seed, requirements, message):
    with pytest.raises(AdvisorError, match=message):
        advise(requirements, catalog=seed)


def test_bad_catalog_argument():
    with pytest.raises(AdvisorError, match=r"catalog: expected a path or a Catalog, "
                                           r"got int"):
        advise({}, catalog=3)


def test_advisor_error_is_a_value_error():
    assert issubclass(AdvisorError, ValueError)


# -- properties ------------------------------------------------------------------------
HARD = {
    "open_license": st.booleans(),
    "commercial_use": st.booleans(),
    "min_image_resolution": st.sampled_from([224, 300, 336, 384, 1000]),
    "min_token_limit": st.sampled_from([64, 512, 1024, 2048, 32_000, 100_000]),
    "max_params": st.sampled_from([1e8, 3e8, 1e9, 2e9, 7e9, 2e10]),
    "gpu_memory_gb": st.sampled_from([1, 8, 24, 80]),
    "tasks": st.lists(st.sampled_from(["vqa", "captioning", "retrieval", "grounding",
                                       "embedding"]), max_size=2),
    "modalities": st.lists(st.sampled_from(["image", "text", "audio", "video"]),
                           max_size=2),
}
requirement_dicts = st.fixed_dictionaries({}, optional=HARD)
FAST = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(base=requirement_dicts, extra=st.sampled_from(sorted(HARD)), data=st.data())
def test_adding_a_hard_requirement_never_grows_the_fully_met_set(catalog, base, extra,
                                                                 data):
    more = {**base, extra: data.draw(HARD[extra])}
    if extra in base and base[extra] != more[extra]:
        return  # replacing a value, not adding a requirement
    assert set(advise(more, catalog=catalog).fully_met) <= set(
        advise(base, catalog=catalog).fully_met)


@FAST
@given(reqs=requirement_dicts, seed=st.integers(0, 10_000))
def test_row_order_never_changes_the_ranking(catalog, reqs, seed):
    rows = list(range(len(catalog)))
    random.Random(seed).shuffle(rows)
    shuffled = catalog.take(rows)
    a = advise({**reqs, "top_k": len(catalog)}, catalog=catalog)
    b = advise({**reqs, "top_k": len(catalog)}, catalog=shuffled)
    assert a.names == b.names
    assert [r.score for r in a] == pytest.approx([r.score for r in b])


@FAST
@given(reqs=requirement_dicts,
       similar=st.sampled_from([None, "clip", "llava", "gemini"]),
       strict=st.booleans())
def test_scores_in_unit_interval_and_ranks_consecutive(catalog, reqs, similar, strict):
    advice = advise({**reqs, "similar_to": similar, "strict": strict,
                     "top_k": len(catalog)},
                    catalog=catalog)
    assert isinstance(advice, Advice)
    assert all(0.0 <= r.score <= 1.0 for r in advice)
    assert [r.rank for r in advice] == list(range(1, len(advice) + 1))
    assert all(0.0 <= v <= 1.0 for r in advice for v in r.components.values())
    # every model is recommended, rejected or the similar_to target
    listed = set(advice.names) | set(advice.rejected)
    assert len(listed) + (similar is not None) == len(catalog)
    for relax in advice.relaxations:
        assert relax.admits


def test_load_once_per_process():
    assert advise({}).catalog is advise({}).catalog
    assert isinstance(load_catalog(), Catalog)


def test_open_weights(catalog):
    advice = advise({"open_weights": True, "top_k": len(catalog)}, catalog=catalog)
    assert {"Gemini", "GPT-4o", "GPT-4o Mini"} <= set(advice.rejected)  # API-only
    assert advice.rejected["GPT-4o"][0].detail == "open weights: no (API-only)"
    clip = next(r for r in advice if r.name == "CLIP (ViT-B/32)")
    assert clip.checks[0].detail == "open weights: yes (openai/clip-vit-base-patch32)"


# -- lifecycle: the status column (issue 24) -------------------------------------------
def _lifecycle_rows(catalog, statuses):
    """The bundled rows of Qwen2.5-VL-7B, Qwen2.5-VL-3B and InternVL3-9B, each with
    the status given (one each, in that order)."""
    names = ["Qwen2.5-VL-7B", "Qwen2.5-VL-3B", "InternVL3-9B"]
    return [dict(catalog[n].raw, status=s) for n, s in zip(names, statuses,
                                                          strict=True)]


def test_superseded_ranks_after_current_and_says_by_what(catalog, write_csv):
    from advisor import advise
    rows = _lifecycle_rows(catalog, ["superseded by InternVL3-9B", "", ""])
    path = write_csv(rows)
    # every row current: 7B ranks first on its published numbers
    plain = advise({"tasks": ["vqa"]}, write_csv(
        _lifecycle_rows(catalog, ["", "", ""]), name="plain.csv"))
    assert plain.names == ["Qwen2.5-VL-7B", "InternVL3-9B", "Qwen2.5-VL-3B"]
    # superseded: after both current ones, its score (and numbers) unchanged
    current = advise({"tasks": ["vqa"]}, path)
    assert current.names == ["InternVL3-9B", "Qwen2.5-VL-3B", "Qwen2.5-VL-7B"]
    assert current[2].score == pytest.approx(plain[0].score)
    rec = current[-1]
    assert "Status: superseded by InternVL3-9B: it ranks after current models " \
           "that meet the same requirements." in rec.explanation
    assert rec.model["status"] == "superseded by InternVL3-9B"


def test_retired_is_left_out_unless_asked_for(catalog, write_csv):
    from advisor import advise
    path = write_csv(_lifecycle_rows(catalog, ["retired on 2026-02-17", "", ""]))
    advice = advise({"tasks": ["vqa"]}, path)
    assert "Qwen2.5-VL-7B" not in advice.names and len(advice) == 2
    assert advice.why_not("Qwen2.5-VL-7B") == (
        "Qwen2.5-VL-7B is ruled out by include_retired (retired on 2026-02-17: left "
        "out unless include_retired is set).")
    assert "Qwen2.5-VL-7B" in advise({"tasks": ["vqa"], "include_retired": True},
                                     path).names
    # excluding a retired model's rival never offers the retired one as a relaxation
    none = advise({"tasks": ["vqa"], "min_params": "70B"}, path)
    assert all("Qwen2.5-VL-7B" not in r.admits for r in none.relaxations)


@pytest.mark.parametrize("cell", ["superseded", "deprecated", "retired by X",
                                  "old", "deprecated on soon"])
def test_a_bad_status_names_the_row_and_the_forms(catalog, write_csv, cell):
    from advisor import load_catalog
    path = write_csv(_lifecycle_rows(catalog, [cell, "", ""]))
    with pytest.raises(AdvisorError, match=r"row 1 \('Qwen2.5-VL-7B'\).*column "
                       r"'status'.*'superseded by NAME', 'deprecated on YYYY-MM-DD'"):
        load_catalog(path)


def test_status_is_read_in_its_canonical_form(catalog, write_csv):
    from advisor import load_catalog
    cat = load_catalog(write_csv(_lifecycle_rows(
        catalog, ["Superseded  by   InternVL3-9B", "current", "RETIRED"])))
    assert [m.raw["status"] for m in cat] == ["superseded by InternVL3-9B", "",
                                              "retired"]


# -- a published number implies its task (issue 25, item 3) ----------------------------
def test_a_published_number_meets_its_task(catalog):
    # GPT-4o's tasks cell says captioning, vqa, instruction-following; its DocVQA
    # (test) 92.8 and OCRBench 736 (evidence.csv) show it reads documents
    advice = advise({"tasks": ["ocr"], "top_k": 200}, catalog=catalog)
    assert "GPT-4o" in advice.names
    gpt = next(r for r in advice if r.name == "GPT-4o")
    assert gpt.checks[0].detail == (
        "supports ocr: a published number on its benchmarks (DocVQA (test) 92.8; "
        "OCRBench 736); tasks: captioning, vqa, instruction-following")
    assert "lacks" not in advice.why_not("gpt-4o")


def test_a_general_benchmark_shows_vqa_not_captioning(catalog, write_csv):
    # Ovis2's tasks say vqa and ocr; its MMMU and MMBench numbers show it answers
    # questions about images, which is not captioning (evidence.SHOWS)
    from advisor.evidence import SHOWS
    assert SHOWS[("vqa", "instruction-following", "captioning")] == ("vqa",)
    row = dict(catalog["Ovis2 (1B–34B)"].raw, tasks="ocr")
    cat = load_catalog(write_csv([row]))
    assert advise({"tasks": ["vqa"]}, cat).names == ["Ovis2 (1B–34B)"]
    assert advise({"tasks": ["captioning"]}, cat).names == []
