"""The curated rows (origin = curated) against
tests/fixtures/shared/facts/model_facts.csv, and golden tests on the whole catalog,
each citing its sources."""

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

from advisor import AdvisorError, Range, advise, glossary, load_catalog
from advisor.audit import audit

FACTS = ROOT / "tests" / "fixtures" / "shared" / "facts" / "model_facts.csv"
B, M = 10**9, 10**6

# catalog name, facts row name, the facts cells (params, token_limit, image_resolution),
# and the Ranges the catalog's spelling of them parses to. None: the facts cell gives
# no number the catalog's formats can hold, so the value stays unknown.
CURATED = [
    ("Qwen2-VL (2B/7B)", "Qwen2-VL (2B/7B)", ("2B; 7B", "32K", None),
     (2 * B, 7 * B), (32_000, 32_000), (None, None)),
    ("Qwen2-VL-72B", "Qwen2-VL-72B", ("72B", "32K", None),
     (72 * B, 72 * B), (32_000, 32_000), (None, None)),
    # the facts file's 3B is the name; the catalog holds the count from the config
    # (3,754,622,976: arch.csv and its sources cell say how)
    ("Qwen2.5-VL-3B", "Qwen2.5-VL-3B", ("3B", "32,768", None),
     (3.75 * B, 3.75 * B), (32_768, 32_768), (None, None)),
    ("Qwen2.5-VL-7B", "Qwen2.5-VL-7B", ("~8B (HF)", "32,768", None),
     (8 * B, 8 * B), (32_768, 32_768), (None, None)),
    ("Qwen2.5-VL-72B", "Qwen2.5-VL-72B", ("~73B (HF)", "32,768", None),
     (73 * B, 73 * B), (32_768, 32_768), (None, None)),
    ("Qwen3-VL", "Qwen3-VL", ("235B-A22B MoE", "262,144", ""),
     (2 * B, 235 * B), (262_144, 262_144), (None, None)),
    ("PaliGemma", "PaliGemma", ("3B", "", "224 / 448 / 896"),
     (3 * B, 3 * B), (None, None), (224, 896)),
    ("PaliGemma 2", "PaliGemma 2", ("28B", "512", "224 / 448 / 896"),
     (3 * B, 28 * B), (512, 512), (224, 896)),
    ("Gemma 3 (4B/12B/27B)", "Gemma 3 (4B/12B/27B)",
     ("4B; 12B; 27B", "128K", "896x896"),
     (4 * B, 27 * B), (128_000, 128_000), (896, 896)),
    ("Florence-2", "Florence-2", ("base 0.23B; large 0.77B", "", "768x768"),
     (230 * M, 770 * M), (None, None), (768, 768)),
    ("SmolVLM (256M–2.2B)", "SmolVLM / SmolVLM2", ("256M; 500M; 2.2B", "16,384", None),
     (256 * M, 2.2 * B), (8192, 16_384), (None, None)),
    ("Idefics2-8B", "Idefics2-8B", ("~8B", "", None),
     (8 * B, 8 * B), (None, None), (None, None)),
    ("Idefics3-8B-Llama3", "Idefics3-8B-Llama3", ("~8.5B", "", None),
     (8.5 * B, 8.5 * B), (None, None), (None, None)),
    ("LLaVA-NeXT (LLaVA-1.6)", "LLaVA-NeXT (LLaVA-1.6)", ("", "", "336x1344"),
     (None, None), (None, None), (336, 1344)),
    ("LLaVA-OneVision", "LLaVA-OneVision", ("0.5B; 7B; 72B", "32K", ""),
     (0.5 * B, 72 * B), (32_000, 32_000), (None, None)),
    ("InternVL2.5 (1B–38B)", "InternVL2.5 (1B-38B)", ("1B; 2B; 4B; 8B; 26B; 38B", "",
                                                     "448x448 tiles"),
     (1 * B, 38 * B), (None, None), (448, None)),
    ("InternVL2.5-78B", "InternVL2.5-78B", ("78B", "", "448x448 tiles"),
     (78 * B, 78 * B), (None, None), (448, None)),
    ("Llama 3.2 Vision", "Llama 3.2 Vision", ("11B; 90B", "128K", "560 px"),
     (11 * B, 90 * B), (128_000, 128_000), (448, 560)),
    ("Pixtral 12B", "Pixtral 12B", ("12B + 0.4B", "128K", None),
     (12.4 * B, 12.4 * B), (128_000, 128_000), (None, None)),
    ("Molmo", "Molmo", ("7B; 72B", "", ""),
     (7 * B, 72 * B), (None, None), (None, None)),
    ("Phi-3.5-vision", "Phi-3.5-vision", ("~4.2B", "128K", ""),
     (4.2 * B, 4.2 * B), (128_000, 128_000), (None, None)),
    ("Phi-4-multimodal", "Phi-4-multimodal", ("5.6B", "128K", ""),
     (5.6 * B, 5.6 * B), (128_000, 128_000), (None, None)),
    ("DeepSeek-VL2", "DeepSeek-VL2", ("3.37B total", "4096", ""),
     (3.37 * B, 27.5 * B), (4096, 4096), (None, None)),
    ("OpenCLIP ViT-H/14 (LAION-2B)", "OpenCLIP ViT-H/14 (LAION-2B)", ("", "", "224"),
     (None, None), (None, None), (224, 224)),
    ("EVA-CLIP (EVA-02-CLIP)", "EVA-CLIP (EVA-02-CLIP)", ("B 149M", "77", "L-336: 336"),
     (149 * M, 4.7 * B), (77, 77), (224, 336)),
    ("SigLIP 2", "SigLIP 2",
     ("so400m-patch16-512 ~1.14B total", "64", "FixRes 224-512"),
     (None, None), (64, 64), (224, 512)),
    ("Claude 3.5 Sonnet", "Claude 3.5 Sonnet", ("not disclosed", "200,000", None),
     (None, None), (200_000, 200_000), (None, None)),
    ("GPT-4.1", "GPT-4.1", ("not disclosed", "1,047,576", None),
     (None, None), (1_047_576, 1_047_576), (None, None)),
    ("Gemini 2.5 Pro", "Gemini 2.5 Pro", ("not disclosed", "1,048,576", None),
     (None, None), (1_048_576, 1_048_576), (None, None)),
]


NEWER_FACTS = FACTS.with_name("newer_model_facts.csv")
# the rows added from newer_model_facts.csv, likewise: catalog name, facts row name,
# the facts cells (params, token_limit, image_resolution) and the parsed Ranges
NEWER = [
    ("InternVL3 (1B/2B)", "InternVL3 (1B-78B)", ("1B; 2B", "", "448x448 tiles"),
     (1 * B, 2 * B), (None, None), (448, None)),
    ("InternVL3-9B", "InternVL3 (1B-78B)", ("9B", "", "448x448 tiles"),
     (9 * B, 9 * B), (None, None), (448, None)),
    ("InternVL3 (8B–78B)", "InternVL3 (1B-78B)", ("78B", "", "448x448 tiles"),
     (8 * B, 78 * B), (None, None), (448, None)),
    ("InternVL3.5 (1B–241B)", "InternVL3.5 (1B-241B-A28B)", ("1.1B", "", ""),
     (1.1 * B, 240.7 * B), (None, None), (None, None)),
    ("MiniCPM-V 4.5", "MiniCPM-V 4.5", ("8B", "", "1344x1344"),
     (8 * B, 8 * B), (None, None), (1344, 1344)),
    ("MiniCPM-o 2.6", "MiniCPM-o 2.6", ("8B total", "", "1344x1344"),
     (8 * B, 8 * B), (None, None), (1344, 1344)),
    ("GLM-4.5V", "GLM-4.5V", ("106B total", "", ""),
     (106 * B, 106 * B), (None, None), (None, None)),
    ("GLM-4.1V-9B-Thinking", "GLM-4.1V-9B-Thinking", ("9B", "64k", "up to 4K"),
     (9 * B, 9 * B), (64_000, 64_000), (None, None)),
    ("Kimi-VL-A3B", "Kimi-VL-A3B", ("16B total", "128K", "native resolution"),
     (16 * B, 16 * B), (128_000, 128_000), (None, None)),
    ("Llama 4 Scout", "Llama 4 Scout", ("109B total", "10M", "tiled"),
     (109 * B, 109 * B), (10**7, 10**7), (None, None)),
    ("Llama 4 Maverick", "Llama 4 Maverick", ("400B total", "1M", "tiled"),
     (400 * B, 400 * B), (10**6, 10**6), (None, None)),
    ("Gemma 3n (E2B/E4B)", "Gemma 3n (E2B/E4B)", ("raw 5B (E2B) / 8B (E4B)", "32k",
                                                 "768x768"),
     (5 * B, 8 * B), (32_000, 32_000), (768, 768)),
    ("Mistral Small 3.1", "Mistral Small 3.1 (vision)", ("24B", "128k", ""),
     (24 * B, 24 * B), (128_000, 128_000), (None, None)),
    ("Aya Vision", "Aya Vision", ("8B; 32B", "", ""),
     (8 * B, 32 * B), (None, None), (None, None)),
    ("Moondream 2", "Moondream 2", ("2B; 0.5B", "", ""),
     (0.5 * B, 2 * B), (None, None), (None, None)),
    ("Qwen2.5-Omni-7B", "Qwen2.5-Omni-7B", ("7B", "", ""),
     (7 * B, 7 * B), (None, None), (None, None)),
    ("Ovis2 (1B–34B)", "Ovis2 (1B-34B)", ("1B; 2B; 4B; 8B; 16B; 34B", "",
                                         "max_partition=9"),
     (1 * B, 34 * B), (None, None), (448, 1344)),
    ("ColPali", "ColPali", ("~3B", "", "448"), (3 * B, 3 * B), (None, None),
     (448, 448)),
    ("ColQwen2 / ColQwen2.5", "ColQwen2 / ColQwen2.5", ("~2B", "", "dynamic"),
     (2 * B, 3 * B), (None, None), (None, None)),
    ("Perception Encoder (PE-Core)", "Perception Encoder (PE-Core)",
     ("vision 0.01B-1.88B", "32 tokens (T-L); 72 tokens (G)", "448 (G)"),
     (None, None), (32, 72), (224, 448)),
    ("MetaCLIP 2 (worldwide)", "MetaCLIP 2 (worldwide)", ("", "", "224 or 384"),
     (None, None), (None, None), (224, 384)),
    # parameter count: 92.9M from Nomic's collection listing (wrong_values.csv)
    ("nomic-embed-vision v1.5", "nomic-embed-vision v1.5", ("", "77", "224"),
     (92.9 * M, 92.9 * M), (77, 77), (224, 224)),
    ("GPT-5", "GPT-5", ("not disclosed", "400,000 context", ""),
     (None, None), (400_000, 400_000), (None, None)),
    ("Claude Sonnet 4.5", "Claude Sonnet 4.5", ("not disclosed", "200K", ""),
     (None, None), (200_000, 200_000), (None, None)),
    ("Claude Opus 4.1", "Claude Opus 4.1", ("not disclosed", "200,000", ""),
     (None, None), (200_000, 200_000), (None, None)),
    ("Claude Sonnet 4", "Claude Sonnet 4", ("not disclosed", "200,000", ""),
     (None, None), (200_000, 200_000), (None, None)),
    ("Gemini 2.5 Flash", "Gemini 2.5 Flash", ("not disclosed", "", ""),
     (None, None), (None, None), (None, None)),
]


def _facts(path=FACTS):
    with path.open(encoding="utf-8") as f:
        return {r["name"]: r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def cells():
    """The bundled catalog's cells as typed (no sourced facts applied)."""
    return load_catalog(facts="seed")


@pytest.mark.parametrize("name, facts_name, cells_, params, tokens, resolution",
                         NEWER, ids=[c[0] for c in NEWER])
def test_newer_row_parses_to_the_facts(cells, name, facts_name, cells_, params,
                                       tokens, resolution):
    m = cells[name]
    assert m.raw["origin"] == "curated"
    assert (m.parameter_count, m.token_limit, m.image_resolution) == (
        Range(*params), Range(*tokens), Range(*resolution))
    assert m.raw["source"].startswith("https://")
    row = _facts(NEWER_FACTS)[facts_name]
    for cell, column in zip(cells_, ("params", "token_limit", "image_resolution"),
                            strict=True):
        if cell:
            assert cell in row[column], (column, row[column])
        else:
            assert row[column] == "" or column == "image_resolution" or \
                row[column].startswith("not disclosed"), (column, row[column])
    assert m.raw["source"] == row["source_url"]
    # the facts row has one InternVL3 row (commercial use unknown); the catalog splits
    # it by licence tier where newer_models_notes.md read the HF tags: apache-2.0 on
    # 1B and 2B, mit on 9B. Aya Vision and Moondream 2: the facts file did not read
    # the weights' licence; the 8B card says cc-by-nc-4.0, non-commercial use only,
    # and moondream2's card apache-2.0 (each quoted in caveats)
    # (issue 24) wrong_values.csv: GLM-4.5V's weights are MIT (commercial use yes),
    # nomic-embed-vision v1.5 is CC-BY-NC-4.0 (no), ColQwen2.5 runs on Qwen2.5-VL-3B's
    # research-licensed weights (restricted), Claude Sonnet 4 was released 2025-05-22
    tiers = {"InternVL3 (1B/2B)": "yes", "InternVL3-9B": "yes", "Aya Vision": "no",
             "Moondream 2": "yes", "GLM-4.5V": "yes", "nomic-embed-vision v1.5": "no",
             "ColQwen2 / ColQwen2.5": "restricted"}
    assert m.commercial_use == tiers.get(name, row["commercial_use"])
    assert m.open_weights == row["open_weights"]
    dates = {"Claude Sonnet 4": "2025-05-22"}
    if name in dates:
        assert m.raw["release_date"] == dates[name]
    elif row["release_date"]:
        assert row["release_date"].startswith(m.raw["release_date"]), m.name


@pytest.mark.parametrize("name, facts_name, cells_, params, tokens, resolution",
                         CURATED, ids=[c[0] for c in CURATED])
def test_curated_row_parses_to_the_facts(cells, name, facts_name, cells_, params,
                                         tokens, resolution):
    m = cells[name]
    cells = cells_
    assert m.raw["origin"] == "curated"
    assert m.parameter_count == Range(*params)
    assert m.token_limit == Range(*tokens)
    assert m.image_resolution == Range(*resolution)
    row = _facts()[facts_name]
    # each number above is read from these cells of the facts file
    for cell, column in zip(cells, ("params", "token_limit", "image_resolution"),
                            strict=True):
        if cell:
            assert cell in row[column], (column, row[column])
        elif cell == "":
            assert row[column] == "", column
    assert m.raw["source"] == row["source_url"]
    assert m.raw["license_spdx"] in row["license_spdx"]
    assert m.commercial_use == row["commercial_use"]
    assert m.open_weights == row["open_weights"]


# rows curated from a registry excerpt in tests/fixtures (LiteLLM 1.110.2): catalog
# name, the entry's key
REGISTRY = [("GPT-4.1 mini", "gpt-4.1-mini")]
LITELLM = Path(__file__).parent / "fixtures" / "litellm-1.110.2-excerpt.json"


@pytest.mark.parametrize("name, key", REGISTRY, ids=[r[0] for r in REGISTRY])
def test_registry_row_matches_its_entry(catalog, name, key):
    import json
    entry = json.loads(LITELLM.read_text())[key]
    m = catalog[name]
    assert m.raw["origin"] == "curated" and m.open_weights == "no"
    assert m.token_limit.low == entry["max_input_tokens"] == 1_047_576
    assert m.modalities == ("text", "image", "pdf") and entry["supports_pdf_input"]
    # the prices are sourced facts with the entry's per-token costs x 1e6
    for column, cost in (("input_price_per_mtok", "input_cost_per_token"),
                         ("output_price_per_mtok", "output_cost_per_token")):
        assert float(m.facts[column].value) == pytest.approx(entry[cost] * 1e6)
    assert f"entry '{key}'" in m.raw["caveats"]


# the rows of the 2026 refresh (issue 24), each checked in test_refresh.py against
# models.dev's TOMLs and models_2026_facts.csv copied into tests/fixtures
REFRESH_2026 = [
    "Gemini 3.1 Pro (Preview)", "Gemini 3 Pro (Preview)", "Gemini 3 Flash (Preview)",
    "Gemini 3.5 Flash", "Gemini 3.1 Flash-Lite", "Gemini 2.5 Flash-Lite", "GPT-5.1",
    "GPT-5.2", "GPT-5.4", "GPT-5.4 mini", "GPT-5.5", "GPT-5 mini", "Claude Opus 4.5",
    "Claude Opus 4.6", "Claude Opus 4.7", "Claude Opus 4.8", "Claude Sonnet 4.6",
    "Claude Sonnet 5", "Claude Haiku 4.5", "Qwen3.5 (27B–397B-A17B)",
    "Qwen3.6 (27B / 35B-A3B)", "Gemma 4 (26B A4B / 31B)", "Gemma 4 (E2B / E4B)",
    "MiniCPM-o 4.5", "MiniCPM-V 4.6", "PaddleOCR-VL (0.9B)", "DeepSeek-OCR", "dots.ocr",
    "Molmo 2", "Nemotron Nano 12B v2 VL", "GLM-4.6V", "Mistral Small 3.2",
    "Mistral Small 4", "Claude Opus 5", "Claude Haiku 5.5", "Gemini 3.8 Flash",
    "Gemini 3.5 Flash-Lite", "GPT-6 Astra", "GPT-6 Sol", "GPT-6 Luna",
    "Qwen3-Omni-30B-A3B"]


def test_every_curated_row_is_tested(catalog):
    curated = [m.name for m in catalog if m.raw["origin"] == "curated"]
    assert sorted(curated) == sorted([c[0] for c in CURATED + NEWER + REGISTRY]
                                     + REFRESH_2026)
    assert len(catalog) == 70 + len(REFRESH_2026)


def test_every_row_has_a_source_and_date(catalog):
    for m in catalog:
        assert m.raw["source"].startswith("https://"), m.name
        assert m.raw["as_of"] == ("2026-12" if m.name in REFRESH_2026 else "2026-11"
                                  ), m.name


def test_small_permissive_vqa_models(catalog):
    # SmolVLM-Instruct card: Apache-2.0, 256M/500M/2.2B; Qwen2-VL-2B: Apache-2.0 tag;
    # Qwen2.5-VL-3B card metadata: qwen-research (non-commercial).
    advice = advise({"open_weights": True, "commercial_use": True, "max_params": "4B",
                     "tasks": ["vqa"], "top_k": 42}, catalog=catalog)
    assert {"SmolVLM (256M–2.2B)", "Qwen2-VL (2B/7B)"} <= set(advice.fully_met)
    assert [c.requirement for c in advice.rejected["Qwen2.5-VL-3B"]] == [
        "commercial_use"]
    qwen = next(r for r in advice if r.name == "Qwen2-VL (2B/7B)")
    assert "smallest variant ~2B (of 2B–7B) <= 4B allowed" in qwen.explanation
    assert ("Source: https://huggingface.co/Qwen/Qwen2-VL-7B-Instruct"
            in qwen.explanation)


def test_million_token_context(catalog):
    # OpenAI gpt-4.1: 1,047,576 context; Vertex Gemini 2.5 Pro: 1,048,576 input.
    # Gemini (seed row): 1,048,576 input tokens (Google's models page, facts.csv);
    # Llama 4 model card: Scout 10M, Maverick 1M. GPT-4.1 mini: LiteLLM's
    # 1,047,576 input tokens; Gemini 2.5 Flash: models.dev's 1,048,576 (facts.csv).
    # The 2026 refresh (models.dev at f3fc692, [limit] context): Gemini 3.x and 2.5
    # Flash-Lite 1,048,576; GPT-5.4 and 5.5 1,050,000; Claude Opus 4.6-4.8, Sonnet
    # 4.6 and 5 1,000,000. Gemini 3 Pro (Preview) has 1,048,576 too but is retired
    # (shut down 2026-03-09), so it is left out. LiteLLM 1.110.2 (newer than the
    # snapshot): Claude Opus 5 and Haiku 5.5 1,000,000, Gemini 3.8 Flash and 3.5
    # Flash-Lite 1,048,576; GPT-6's 922,000 input tokens fall short
    advice = advise({"min_token_limit": "1M"}, catalog=catalog)
    assert set(advice.fully_met) == {"GPT-4.1", "GPT-4.1 mini", "Gemini 2.5 Pro",
                                     "Gemini 2.5 Flash", "Gemini", "Llama 4 Scout",
                                     "Llama 4 Maverick", "Gemini 3.1 Pro (Preview)",
                                     "Gemini 3 Flash (Preview)", "Gemini 3.5 Flash",
                                     "Gemini 3.1 Flash-Lite", "Gemini 2.5 Flash-Lite",
                                     "GPT-5.4", "GPT-5.5", "Claude Opus 4.6",
                                     "Claude Opus 4.7", "Claude Opus 4.8",
                                     "Claude Sonnet 4.6", "Claude Sonnet 5",
                                     "Claude Opus 5", "Claude Haiku 5.5",
                                     "Gemini 3.8 Flash", "Gemini 3.5 Flash-Lite"}
    assert "Qwen3-VL" in advice.rejected  # 262,144 native (1M only by expansion)


def test_caveat_flagged_when_it_touches_a_check(catalog):
    # the seed says ~32k for GPT-4o Mini; OpenAI documents 128,000
    advice = advise({"min_token_limit": "16k", "tasks": ["vqa"], "top_k": 42},
                    catalog=catalog)
    mini = next(r for r in advice if r.name == "GPT-4o Mini")
    assert "Caveat on a checked requirement: seed says ~32k tokens; OpenAI documents " \
           "128,000 tokens" in mini.explanation
    untouched = advise({"tasks": ["vqa"], "top_k": 42}, catalog=catalog)
    mini = next(r for r in untouched if r.name == "GPT-4o Mini")
    assert "Caveat" not in mini.explanation


def test_origin_filter():
    seed = load_catalog(origin="seed")
    assert len(seed) == 13 and set(seed.frame["origin"]) == {"seed"}
    assert len(load_catalog(origin="curated")) == 57 + len(REFRESH_2026)
    with pytest.raises(AdvisorError, match=r"origin: 'sede' is not an origin in "
                                           r"catalog\.csv; valid choices: curated, "
                                           r"seed"):
        load_catalog(origin="sede")


def test_added_glossary_entries_have_sources():
    added = [e for e in glossary.entries() if e.origin != "seed"]
    assert {e.term for e in added} == {"Native / dynamic resolution",
                                       "Mixture of Experts (MoE)",
                                       "Encoder-Decoder (seq2seq)",
                                       "Late interaction (ColBERT)",
                                       "Reinforcement learning (RL) post-training",
                                       "Document retrieval"}
    assert all(e.source.startswith("https://") for e in added)
    assert len([e for e in glossary.entries() if e.origin == "seed"]) == 18


def test_explanations_quote_added_entries(catalog):
    qwen = advise({"similar_to": "qwen2.5-vl-7b", "top_k": 3, "rank_by": "similarity"},
                  catalog=catalog)
    assert any("Native / dynamic resolution" in r.glossary for r in qwen)
    deepseek = advise({"exclude": []}, catalog=catalog, top_k=69)
    rec = next(r for r in deepseek if r.name == "DeepSeek-VL2")
    assert "only part of the parameters is active per token" in rec.explanation


def test_audit_lists_the_gaps_that_change_answers_first(catalog):
    ranked = audit(catalog)
    rows = {r.name: r for r in ranked}
    assert [r.impact for r in ranked] == sorted((r.impact for r in ranked),
                                                reverse=True)
    # Aya Vision: its licence and tasks are read (the 8B card), its context and
    # image size are not
    assert set(rows["Aya Vision"].blocks) == {"min_token_limit", "min_image_resolution"}
    # nomic-embed-vision v1.5: its licence (CC-BY-NC-4.0) and size (92.9M) are read
    # now (wrong_values.csv), so neither leaves a requirement unknown
    assert not {"commercial_use", "open_license", "max_params"} & set(
        rows["nomic-embed-vision v1.5"].blocks if "nomic-embed-vision v1.5" in rows
        else ())
    assert ranked[0].impact >= 5
    # LLaVA-NeXT: no parameter count, so every size requirement is unknown
    assert {"min_params", "max_params", "gpu_memory_gb"} <= set(
        rows["LLaVA-NeXT (LLaVA-1.6)"].blocks)
    # InternVL3 (1B/2B): 448×448+ is open above 448 px
    assert "min_image_resolution" in rows["InternVL3 (1B/2B)"].blocks
    # an API model has no weights to fit: its memory check is no gap
    assert "gpu_memory_gb" not in rows["GPT-4o"].blocks
    # Qwen2.5-VL-7B: size, context, sourced resolution, licence, date all known
    assert "Qwen2.5-VL-7B" not in rows
    assert all(r.source for r in rows.values())


def test_each_default_mode_is_its_sources_words(catalog):
    # issue 25: every default_mode cell cites (in its sources cell) a section of
    # tests/fixtures/provider-docs/default-reasoning-modes.md, verbatim excerpts of
    # OpenAI's API reference (GPT-5: medium effort; GPT-5.1: none), Google's
    # thinking page (2.5 series: thinking on), a gateway's Gemini 3 table (3 Flash
    # and 3.1 Pro: 'high' by default) and the GLM-V README (thinking by default)
    from advisor.facts import cell_sources
    text = (ROOT / "tests" / "fixtures" / "provider-docs" /
            "default-reasoning-modes.md").read_text()
    sections = dict(re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", text, re.S | re.M))
    says = {  # model -> (its mode, the words of its source that say so)
        "GPT-5": ("thinking", "All models before `gpt-5.1` default to `medium` "
                              "reasoning effort"),
        "GPT-5.1": ("direct", "`gpt-5.1` defaults to `none`, which does not perform "
                              "reasoning"),
        "Gemini 2.5 Flash": ("thinking", "Thinking is on by default in both the API "
                                         "and AI Studio because the 2.5 series"),
        "Gemini 2.5 Pro": ("thinking", "Thinking is on by default in both the API "
                                       "and AI Studio because the 2.5 series"),
        "Gemini 3 Flash (Preview)": ("thinking", "high | Default | Supported | "
                                                 "Default"),
        "Gemini 3.1 Pro (Preview)": ("thinking", "high | Default | Supported | "
                                                 "Default"),
        "GLM-4.5V": ("thinking", "thinking mode is enabled by default"),
    }
    stated = {m.name: m.raw["default_mode"] for m in catalog if m.raw["default_mode"]}
    assert stated == {name: mode for name, (mode, _) in says.items()}
    for name, (_, words) in says.items():
        url, when = cell_sources(catalog[name].raw["sources"])["default_mode"]
        assert when == "2026-12-03" and words in " ".join(sections[url].split()), name


def test_qwen3_5_and_3_6_take_what_their_configuration_declares(catalog):
    """Qwen3.5's open checkpoints are built from transformers' Qwen3_5Config (a
    vision and a text configuration, image and video tokens, nothing for audio:
    tests/fixtures/transformers-qwen3_5-config-8116e63.txt); the Hub tags Qwen3.6-27B
    image-text-to-text (hf-model-info-excerpt.json). models.dev lists audio input
    too, which the open checkpoints' configuration does not have."""
    config = (ROOT / "tests" / "fixtures" / "transformers-qwen3_5-config-8116e63.txt"
              ).read_text(encoding="utf-8")
    subs = re.search(r"sub_configs = \{(.+)\}", config).group(1)
    assert re.findall(r'"(\w+)_config"', subs) == ["vision", "text"]
    assert "image_token_id" in config and "video_token_id" in config
    assert "audio" not in config.split("class Qwen3_5Config")[1]
    info = {e["id"]: e for e in json.loads(
        (ROOT / "tests" / "fixtures" / "hf-model-info-excerpt.json").read_text())}
    assert info["Qwen/Qwen3.6-27B"]["cardData"]["pipeline_tag"] == "image-text-to-text"
    for name in ("Qwen3.5 (27B–397B-A17B)", "Qwen3.6 (27B / 35B-A3B)"):
        m = catalog[name]
        assert set(m.modalities) == {"text", "image", "video"}, name
        assert "modalities=" in m.raw["sources"] and "models.dev" in m.raw["caveats"]
