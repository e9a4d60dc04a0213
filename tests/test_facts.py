"""facts: sourced values that correct or complete catalog cells (facts.csv), each
checked against the facts files it was copied from (tests/fixtures/shared/facts/)."""

import pytest

from advisor import AdvisorError, Requirements, advise, glossary, load_catalog
from advisor.evidence import BENCHMARKS
from advisor.facts import FACT_COLUMNS, bundled_facts_path, read_facts
from advisor.loader import validate_catalog
from advisor.rules import evaluate
from advisor.vocab import Status

MET, UNMET, UNKNOWN = Status.MET, Status.UNMET, Status.UNKNOWN


def status(catalog, key, need):
    req = Requirements.from_dict({key: need})
    st = evaluate(catalog, {key: need}, req)[key]
    return {n: Status(int(v)) for n, v in zip(catalog.names, st, strict=True)}


def test_every_fact_has_a_source_and_a_catalog_model(catalog):
    facts = read_facts(bundled_facts_path().read_bytes(), "facts.csv")
    # + input and output prices of 7 API models (LiteLLM 1.110.2) and GPT-4.1
    # mini's; Claude Opus 4.1's and Sonnet 4's prices and Gemini 2.5 Flash's
    # context (models.dev at f3fc692); Aya Vision's and nomic-embed-vision v1.5's
    # release dates (the Aya Vision blog post, the nomic repository's history);
    # Claude 3.5 Sonnet's two prices (models.dev at f3fc692); Qwen2.5-Omni-7B's
    # size (Hugging Face's count in Qwen's collection); + input and output prices of
    # the 19 API models of the 2026 refresh (their makers' provider files in
    # models.dev at f3fc692, issue 24) and Gemma 4's largest input (its image
    # processor in transformers 5.23.0)
    # and the prices of 7 newer API models from LiteLLM 1.110.2's first-party entries
    assert len(facts) == 77 + 14 + 2 + 5 + 2 + 2 + 1 + 2 * 19 + 2 + 2 * 7
    for f in facts:
        assert f.source.startswith("https://") and f.note, f
        assert f.model in catalog and f.column in FACT_COLUMNS, f
    assert validate_catalog(load_catalog.__globals__["bundled_catalog_path"]()) == []


@pytest.mark.parametrize("model, at_336, at_896, maximum", [
    # arch_facts.csv / model_facts.csv: max_pixels 12,845,056 = 3584² px
    ("Qwen2.5-VL-7B", MET, MET, 3584), ("Qwen2-VL (2B/7B)", MET, MET, 3584),
    ("Qwen3-VL", MET, MET, 4096),                 # max_pixels 16,777,216
    ("Pixtral 12B", MET, MET, 1024),              # params.json image_size 1024
    ("SmolVLM (256M–2.2B)", MET, MET, 1536),      # longest edge 4 × 384
    ("Idefics2-8B", MET, MET, 980),               # HF blog: up to 980 × 980
    ("Idefics3-8B-Llama3", MET, MET, 1456),       # longest edge 4 × 364
    ("LLaVA-OneVision", MET, MET, 2304),          # up to 2304 × 2304
    ("InternVL2.5 (1B–38B)", MET, MET, 1344),     # 448 px tiles, 3 × 3 for a square
    ("Llama 3.2 Vision", MET, MET, 1120),         # 560 px tiles, up to 4
    ("Phi-4-multimodal", MET, MET, 2688),         # 448 px crops, up to 36
    ("DeepSeek-VL2", MET, MET, 1152),             # candidate_resolutions to 1152
    ("GPT-4o", MET, MET, 2048),                   # fit 2048, short side 768
    ("Claude 3.5 Sonnet", MET, MET, 1568),        # downscaled past 1568
    ("BLIP", MET, UNMET, 480),                    # checkpoints at 384 and 480
    ("MiniGPT-4", UNMET, UNMET, 224),             # the seed's 224–336px is 224
    ("Kosmos-2", UNMET, UNMET, 224),              # the seed's 224×224+ is 224
    ("GPT-4.1", UNKNOWN, UNKNOWN, None),          # variable: no maximum published
    ("Molmo", UNKNOWN, UNKNOWN, None),            # preprocessor not identified
])
def test_dynamic_resolution_meets_what_its_source_says(catalog, model, at_336, at_896,
                                                       maximum):
    assert status(catalog, "min_image_resolution", 336)[model] == at_336
    assert status(catalog, "min_image_resolution", 896)[model] == at_896
    assert catalog[model].image_resolution.best == maximum


def test_the_check_names_the_source_and_the_cell(catalog):
    advice = advise({"min_image_resolution": 896, "exclude": [], "top_k": 69},
                    catalog=catalog)
    qwen = next(r for r in advice if r.name == "Qwen2.5-VL-7B")
    assert qwen.checks[0].detail == (
        "largest input 3,584 px >= 896 px required (sourced: native resolution, "
        "preprocessor_config max_pixels 12,845,056 (3584² px), "
        "https://github.com/ggml-org/llama.cpp/pull/17020.diff, as of 2026-11; the "
        "catalog says "
        "'Variable')")


def test_gemini_uses_not_disclosed_by_default_and_770m_with_the_seed():
    sourced = advise({"tasks": ["vqa"], "max_params": "1B"})
    assert "Gemini" not in sourced.fully_met
    gemini = [c.detail for c in sourced.evaluation.checks(
        sourced.catalog.position("Gemini"))]
    assert gemini[0] == ("parameter count 'Not disclosed' is unknown (sourced: Google "
                         "does not disclose Gemini's size; 770M is the unrelated "
                         "describeai/gemini T5 model, "
                         "https://ai.google.dev/gemini-api/docs/models, as of 2026-11; "
                         "the seed table "
                         "says '770M')")
    seed = advise({"tasks": ["vqa"], "max_params": "1B"},
                  catalog=load_catalog(facts="seed"))
    assert "Gemini" in seed.fully_met


def test_facts_seed_is_exactly_the_seed(seed, seed_sourced):
    assert seed["GPT-4o Mini"].token_limit.best == 32_000        # seed: ~32k
    assert seed_sourced["GPT-4o Mini"].token_limit.best == 128_000  # OpenAI docs
    assert seed["GPT-4o Mini"].facts == {}
    assert seed_sourced["GPT-4o Mini"].raw["token_limit"] == "~32k"  # kept, shown
    assert seed["CLIP (ViT-B/32)"].release_date is None


def test_implied_tasks_admit_instruction_followers(catalog):
    for tasks in (["captioning"], ["vqa", "instruction-following"]):
        advice = advise({"tasks": tasks, "top_k": 69}, catalog=catalog)
        assert "Qwen2.5-VL-7B" in advice.fully_met
    advice = advise({"tasks": ["captioning"], "top_k": 69}, catalog=catalog)
    qwen = next(r for r in advice if r.name == "Qwen2.5-VL-7B")
    assert qwen.checks[0].detail == (
        "supports captioning (tasks: vqa, ocr, grounding, instruction-following; "
        "captioning implied by instruction-following)")


def test_llama_32_vision_is_not_a_retrieval_model(catalog):
    advice = advise({"tasks": ["retrieval"], "top_k": 69}, catalog=catalog)
    assert "Llama 3.2 Vision" in advice.rejected
    assert "retrieval" in catalog["Llama 3.2 Vision"].caveats_for("tasks")[0]


def test_document_retrieval(catalog):
    advice = advise({"tasks": ["visual document retrieval"], "top_k": 69},
                    catalog=catalog)
    assert set(advice.fully_met) == {"ColPali", "ColQwen2 / ColQwen2.5"}
    assert glossary.get("document-retrieval").category == "Task"


def test_every_label_an_explanation_prints_resolves(catalog):
    import re
    for m in catalog:
        rec = advise({"exclude": [n for n in catalog.names if n != m.name],
                      "include_retired": True}, catalog=catalog)[0]
        for category, term in re.findall(r"([A-Z][\w ]+) \u2014 ([^:]+):",
                                         rec.explanation):
            if category == "Benchmark":  # `advisor glossary NAME` reads the registry
                assert term in {b.name for b in BENCHMARKS}, (m.name, term)
                continue
            assert glossary.category(category) == category, (m.name, category)
            assert glossary.get(term).term == term, (m.name, term)


def test_florence_2_is_an_encoder_decoder(catalog):
    rec = advise({"exclude": [n for n in catalog.names if n != "Florence-2"]},
                 catalog=catalog)[0]
    assert "Encoder-Decoder (seq2seq)" in rec.glossary
    assert "Dual Encoder" not in rec.glossary


@pytest.mark.parametrize("text, message", [
    ("model,column,value,source,note\nCLIP (ViT-B/32),params,1B,https://x.org,n\n",
     r"facts.csv: row 2, column 'column': 'params' cannot be sourced"),
    ("model,column,value,source,note\nCLIP (ViT-B/32),token_limit,77,docs,n\n",
     r"facts.csv: row 2, column 'source': 'docs' is not a URL"),
    ("model,column,value,source,note\nCLIP (ViT-B/32),token_limit,lots,https://x,n\n",
     r"facts.csv: row 2, column 'value': cannot read 'lots' as a token limit"),
    ("name,column\n", r"facts.csv: the header must be model, column, value"),
    ("model,column,value,source,note,as_of\nCLIP (ViT-B/32),token_limit,77,"
     "https://x.org,n,last year\n",
     r"facts.csv: row 2, column 'as_of': 'last year' is not a date"),
    ("model,column,value,source,note,as_of\nCLIP (ViT-B/32),token_limit,77,"
     "https://x.org,n,2026-11\nCLIP (ViT-B/32),token_limit,78,https://y.org,n,"
     "2026-11\n", r"two facts for 'CLIP \(ViT-B/32\)', 'token_limit' as of 2026-11"),
])
def test_a_bad_facts_file_is_refused(text, message):
    from advisor.facts import apply_facts
    with pytest.raises(AdvisorError, match=message):
        facts = read_facts(text.encode(), "facts.csv")
        apply_facts(load_catalog(facts="seed").index, facts, "facts.csv")


# -- provenance by date (issue 24) -------------------------------------------------
DATED = ("model,column,value,source,note,as_of\n"
         "CLIP (ViT-B/32),token_limit,77,https://old.example/clip,the old card,"
         "2021-01\n"
         "CLIP (ViT-B/32),token_limit,248,https://new.example/clip,a newer card,"
         "2026-11-20\n")


def test_the_newest_fact_wins_and_the_older_is_shown(tmp_path):
    from advisor.explain import sourced
    path = tmp_path / "dated.csv"
    path.write_text(DATED, encoding="utf-8")
    m = load_catalog(facts=path)["clip"]
    assert m.token_limit.best == 248 and m.facts["token_limit"].as_of == "2026-11-20"
    assert sourced(m, "token_limit") == (
        " (sourced: a newer card, https://new.example/clip, as of 2026-11-20; the seed "
        "table says '77'; earlier: 77 (https://old.example/clip, as of 2021-01))")


def test_a_cell_with_a_newer_source_outdates_a_fact(tmp_path, write_csv):
    from advisor.explain import sourced
    row = dict(load_catalog()["clip"].raw, token_limit="512",
               sources="token_limit=https://cell.example/clip@2026-12-01")
    facts = tmp_path / "dated.csv"
    facts.write_text(DATED, encoding="utf-8")
    m = load_catalog(write_csv([row]), facts=facts)["clip"]
    assert m.token_limit.best == 512 and "token_limit" not in m.facts
    assert sourced(m, "token_limit") == (
        " (its own source is newer than: 248 (https://new.example/clip, as of "
        "2026-11-20) | 77 (https://old.example/clip, as of 2021-01))")
    # a cell source older than the newest fact: the fact holds
    row["sources"] = "token_limit=https://cell.example/clip@2025-01-01"
    assert load_catalog(write_csv([row], name="b.csv"), facts=facts)[
        "clip"].token_limit.best == 248


def test_an_import_dates_each_value_it_changes(tmp_path, write_csv):
    # a catalog value imported today outdates an older fact about it: the import
    # writes the row's sources per value, and the next load reads the cell
    from conftest import ROOT

    from advisor.imports import catalog_import
    fixture = ROOT / "tests" / "fixtures" / "litellm-1.110.2-excerpt.json"
    row = dict(load_catalog()["GPT-4o Mini"].raw)
    path = write_csv([row])
    facts = tmp_path / "f.csv"
    facts.write_text("model,column,value,source,note,as_of\nGPT-4o Mini,"
                     "input_price_per_mtok,0.2,https://old.example,an old price,"
                     "2025-01\n", encoding="utf-8")
    assert load_catalog(path, facts=facts)["GPT-4o Mini"].facts[
        "input_price_per_mtok"].value == "0.2"
    catalog_import("litellm", str(fixture), path, only=("gpt-4o-mini",),
                   as_of="2026-11-26")
    m = load_catalog(path, facts=facts)["GPT-4o Mini"]
    assert "input_price_per_mtok" not in m.facts           # the newer cell holds
    assert m.raw["input_price_per_mtok"] == "0.15"
    assert "input_price_per_mtok=" in m.raw["sources"] and "@2026-11-26" in \
        m.raw["sources"]
    assert m.earlier["input_price_per_mtok"] == "0.2 (https://old.example, as of " \
        "2025-01)"


def test_a_users_facts_file(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("model,column,value,source,note\n"
                    "CLIP (ViT-B/32),token_limit,248,https://example.org/longclip,"
                    "a longer text context\n", encoding="utf-8")
    cat = load_catalog(facts=path)
    assert cat["clip"].token_limit.best == 248
    assert cat["GPT-4o Mini"].token_limit.best == 32_000  # the bundled facts are off
    with pytest.raises(AdvisorError, match=r"facts: sourcd: cannot read it \(No such "
                                           r"file or directory\); or use one of "
                                           r"sourced, seed"):
        load_catalog(facts="sourcd")


def test_api_prices_are_sourced_facts_the_price_check_reads(catalog):
    # litellm 1.110.2's model map: gpt-5 1.25e-06 and claude-sonnet-4-5 3e-06 USD
    # per input token; an open-weight model without a price is self-hosted
    st = status(catalog, "max_price", 2)
    assert st["GPT-5"] == MET and st["Claude Sonnet 4.5"] == UNMET
    # models.dev's Claude Opus 4.1: $15 per million input tokens, Claude 3.5
    # Sonnet (claude-3-5-sonnet-20240620): $3
    assert st["Qwen2.5-VL-7B"] == MET and st["Claude Opus 4.1"] == UNMET
    assert st["Claude 3.5 Sonnet"] == UNMET and status(
        catalog, "max_price", 3)["Claude 3.5 Sonnet"] == MET
    assert "claude-opus-4-1" in catalog["Claude Opus 4.1"].facts[
        "input_price_per_mtok"].source
    # Qwen2.5-Omni-7B weighs 11B by Hugging Face's count (Qwen's collection), not
    # the 7B of its name: at fp16 it needs ~26.4 GB, not ~16.8, so 24 GB is short
    omni = catalog["Qwen2.5-Omni-7B"]
    assert omni.raw["parameter_count"] == "7B" and omni.parameter_count.low == 11e9
    assert status(catalog, "max_params", 8e9)["Qwen2.5-Omni-7B"] == UNMET
    assert status(catalog, "gpu_memory_gb", 24)["Qwen2.5-Omni-7B"] == UNMET
    assert status(load_catalog(facts="seed"), "gpu_memory_gb", 24)[
        "Qwen2.5-Omni-7B"] == MET
    gpt5 = catalog["GPT-5"].facts["input_price_per_mtok"]
    assert gpt5.value == "1.25" and "entry 'gpt-5'" in gpt5.note



@pytest.mark.parametrize("path, message", [
    ("/dev/zero", r"facts: /dev/zero: a device, not a regular file"),
    ("/", r"facts: /: a directory, not a regular file"),
])
def test_a_facts_path_is_read_bounded(path, message):
    # issue 30, finding 3: --facts /dev/zero grew to 10.8 GB; now one error line
    with pytest.raises(AdvisorError, match=message):
        load_catalog(facts=path)


def test_a_fifo_as_facts_never_hangs(tmp_path):
    import os
    fifo = tmp_path / "facts.fifo"
    os.mkfifo(fifo)
    with pytest.raises(AdvisorError, match="a FIFO, not a regular file"):
        load_catalog(facts=fifo)
