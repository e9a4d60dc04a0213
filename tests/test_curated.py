"""The curated rows (origin = curated) against ../shared/facts/model_facts.csv, and
golden tests on the whole catalog, each citing its sources."""

import csv

import pytest
from conftest import ROOT

from advisor import AdvisorError, Range, advise, glossary, load_catalog
from advisor.audit import audit
from advisor.docs import catalog_table, readme_block, requirements_table

FACTS = ROOT.parent / "shared" / "facts" / "model_facts.csv"
B, M = 10**9, 10**6

# catalog name, facts row name, the facts cells (params, token_limit, image_resolution),
# and the Ranges the catalog's spelling of them parses to. None: the facts cell gives
# no number the catalog's formats can hold, so the value stays unknown.
CURATED = [
    ("Qwen2-VL (2B/7B)", "Qwen2-VL (2B/7B)", ("2B; 7B", "32K", None),
     (2 * B, 7 * B), (32_000, 32_000), (None, None)),
    ("Qwen2-VL-72B", "Qwen2-VL-72B", ("72B", "32K", None),
     (72 * B, 72 * B), (32_000, 32_000), (None, None)),
    ("Qwen2.5-VL-3B", "Qwen2.5-VL-3B", ("3B", "32,768", None),
     (3 * B, 3 * B), (32_768, 32_768), (None, None)),
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


def _facts():
    with FACTS.open(encoding="utf-8") as f:
        return {r["name"]: r for r in csv.DictReader(f)}


@pytest.mark.parametrize("name, facts_name, cells, params, tokens, resolution",
                         CURATED, ids=[c[0] for c in CURATED])
def test_curated_row_parses_to_the_facts(catalog, name, facts_name, cells, params,
                                         tokens, resolution):
    m = catalog[name]
    assert m.raw["origin"] == "curated"
    assert m.parameter_count == Range(*params)
    assert m.token_limit == Range(*tokens)
    assert m.image_resolution == Range(*resolution)
    if not FACTS.exists():
        pytest.skip("the facts file lives in ../shared")
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


def test_every_curated_row_is_tested(catalog):
    curated = [m.name for m in catalog if m.raw["origin"] == "curated"]
    assert sorted(curated) == sorted(c[0] for c in CURATED)
    assert len(catalog) == 42


def test_every_row_has_a_source_and_date(catalog):
    for m in catalog:
        assert m.raw["source"].startswith("https://"), m.name
        assert m.raw["as_of"] == "2026-11", m.name


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
    advice = advise({"min_token_limit": "1M"}, catalog=catalog)
    assert set(advice.fully_met) == {"GPT-4.1", "Gemini 2.5 Pro"}
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
    assert len(load_catalog(origin="curated")) == 29
    with pytest.raises(AdvisorError, match=r"origin: 'sede' is not an origin in "
                                           r"catalog\.csv; valid choices: curated, "
                                           r"seed"):
        load_catalog(origin="sede")


def test_added_glossary_entries_have_sources():
    added = [e for e in glossary.entries() if e.origin != "seed"]
    assert {e.term for e in added} == {"Native / dynamic resolution",
                                       "Mixture of Experts (MoE)"}
    assert all(e.source.startswith("https://") for e in added)
    assert len([e for e in glossary.entries() if e.origin == "seed"]) == 18


def test_explanations_quote_added_entries(catalog):
    qwen = advise({"similar_to": "qwen2.5-vl-7b", "top_k": 3}, catalog=catalog)
    assert any("Native / dynamic resolution" in r.glossary for r in qwen)
    deepseek = advise({"exclude": []}, catalog=catalog, top_k=42)
    rec = next(r for r in deepseek if r.name == "DeepSeek-VL2")
    assert "only part of the parameters is active per token" in rec.explanation


def test_audit(catalog):
    rows = {r.name: r for r in audit(catalog)}
    assert "parameter_count" in rows["LLaVA-NeXT (LLaVA-1.6)"].unknown
    assert "image_resolution (upper end)" in rows["Kosmos-2"].unknown
    assert rows["PaliGemma"].commercial_use == "restricted"
    assert all(r.source for r in rows.values())


def test_readme_table_is_current(catalog):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_block(text) == catalog_table(catalog), "run `make readme-table`"
    assert readme_block(text, "requirements-table") == requirements_table(), \
        "run `make readme-table`"
