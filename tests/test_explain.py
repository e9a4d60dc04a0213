"""explain: every sentence, from the rules' templates and the seed's rows."""

import pytest

from advisor import Requirements, advise
from advisor.explain import (
    ADVICE_COLUMNS,
    NO_FIT,
    check_sentence,
    names_list,
    rank_sentence,
    rejection_sentence,
    relaxation_line,
)
from advisor.result import Check, Relaxation
from advisor.vocab import Status


@pytest.mark.parametrize("model, key, need, status, settings, text", [
    ("LLaVA (13B)", "min_image_resolution", 336, Status.MET, {},
     "largest input 336 px >= 336 px required"),
    ("CLIP (ViT-B/32)", "min_token_limit", 2048, Status.UNMET, {},
     "largest token limit 77 tokens < 2,048 tokens required"),
    ("Kosmos-2", "min_image_resolution", 336, Status.UNKNOWN, {},
     "'224×224+' starts at 224 px and its upper end is not stated; 336 px required"),
    ("GPT-4o", "min_image_resolution", 336, Status.UNKNOWN, {},
     "image resolution 'Variable' is unknown; 336 px required"),
    ("BLIP", "max_params", 3e8, Status.MET, {},
     "smallest variant ~250M (of ~250M–500M) <= 300M allowed"),
    ("GPT-4o", "max_params", 3e8, Status.UNKNOWN, {},
     "parameter count 'Not disclosed' is unknown"),
    ("BLIP", "min_params", 4e8, Status.MET, {},
     "largest variant 500M parameters >= 400M parameters required"),
    ("MiniGPT-4", "gpu_memory_gb", 12.0, Status.UNMET, {},
     "weights need ~16.8 GB at fp16 (rule of thumb: ~7B x 2 bytes x 1.2; no "
     "architecture data) > 12 GB"),
    ("MiniGPT-4", "gpu_memory_gb", 24.0, Status.MET,
     {"precision": "int8", "gpu_memory_gb": 24},
     "weights need ~8.6 GB at int8 (rule of thumb: ~7B x 8.19 bits x 1.2; no "
     "architecture data) <= 24 GB"),
    # a family without architecture data: its smallest variant decides, and the
    # largest is said either way, by the same rule of thumb
    ("BLIP", "gpu_memory_gb", 24.0, Status.MET, {},
     "the smallest variant's weights need ~0.6 GB at fp16 (rule of thumb: ~250M x "
     "2 bytes x 1.2; no architecture data) <= 24 GB; the largest (~500M) fits too "
     "(~1.2 GB)"),
    ("BLIP", "gpu_memory_gb", 1.0, Status.MET, {},
     "the smallest variant's weights need ~0.6 GB at fp16 (rule of thumb: ~250M x "
     "2 bytes x 1.2; no architecture data) <= 1 GB; the largest (~500M) needs "
     "~1.2 GB"),
    ("LLaVA (13B)", "gpu_memory_gb", 24.0, Status.MET,
     {"precision": "int8", "gpu_memory_gb": 24},
     "llava-1.5-13b-hf needs ~17.2 of 24 GB (weights (13B x 8.19 bits, int8 = "
     "gptq-int8) 13.3 GB, KV cache for 4,096 tokens 3.4 GB, runtime overhead "
     "(activations and buffers, 0.55 GB as measured) 0.6 GB; not counted: the vision "
     "and embeddings int8 keeps at 16 bits (size not published; counted at 8.19 "
     "bits))"),
    ("GPT-4o", "gpu_memory_gb", 24.0, Status.UNKNOWN, {},
     "API-only model (no open weights): nothing to fit on your GPU"),
    ("BLIP-2", "commercial_use", True, Status.UNKNOWN, {},
     "commercial use: restricted (MIT); check the terms"),
    ("GPT-4o", "open_license", True, Status.UNMET, {},
     "license 'OpenAI (closed)' is closed"),
    ("GPT-4o", "open_weights", True, Status.UNMET, {}, "open weights: no (API-only)"),
    ("CLIP (ViT-B/32)", "tasks", ("vqa",), Status.UNMET, {},
     "lacks vqa (tasks: retrieval, zero-shot-classification, embedding)"),
    ("CLIP (ViT-B/32)", "architectures", ("Dual Encoder",), Status.MET, {},
     "architecture 'Dual Encoder' is Dual Encoder"),
    ("CLIP (ViT-B/32)", "architectures", ("Dual Encoder", "Encoder-Decoder"),
     Status.MET, {}, "architecture 'Dual Encoder' is one of Dual Encoder, "
                     "Encoder-Decoder"),
    ("CLIP (ViT-B/32)", "api_only", True, Status.UNMET, {},
     "API-only: no, open weights (openai/clip-vit-base-patch32)"),
    ("GPT-4o", "api_only", True, Status.MET, {},
     "API-only: yes (no downloadable weights)"),
    ("CLIP (ViT-B/32)", "exclude", ("CLIP (ViT-B/32)",), Status.UNMET, {},
     "excluded by request"),
])
def test_check_sentences(seed, model, key, need, status, settings, text):
    req = Requirements.from_dict(settings)
    assert check_sentence(seed[model], key, need, status, req) == text


def test_relaxation_lines_use_each_keys_format():
    assert relaxation_line(Relaxation(("max_params",), ("BLIP",), 2.5e8, ("BLIP",),
                                      ("tasks",))) == (
        "with tasks kept, max_params 250M admits BLIP")
    assert relaxation_line(Relaxation(("gpu_memory_gb",), ("A",), 16.8, ("A",))) == (
        "gpu_memory_gb 16.8 admits A")
    assert relaxation_line(Relaxation(("min_token_limit",), ("A",), 2048, ("A",))
                           ) == "min_token_limit 2048 admits A"
    assert relaxation_line(Relaxation(("tasks", "open_license"),
                                      tuple("abcdefgh"))) == (
        "drop tasks + open_license: admits a, b, c, d, e, f and 2 more")


def test_whole_ranking_sentences():
    assert names_list(["a", "b"]) == "a, b"
    assert rank_sentence("X", 7, 5, 0.41, []) == (
        "X meets the requirements but ranks 7, below the top 5 (score 0.41).")
    assert rank_sentence("X", 7, 5, 0.41, ["a", "b"]).endswith(
        "; its a, b checks are unknown, so it ranks below every fully met model.")
    assert rejection_sentence("X", [Check("tasks", "unmet", "lacks vqa")]) == (
        "X is ruled out by tasks (lacks vqa).")


def test_explanation_quotes_the_glossary_and_the_caveat(seed):
    rec = advise({"max_params": "200M"}, catalog=seed)[0]
    assert rec.name == "CLIP (ViT-B/32)"
    assert "Dual Encoder: \u201c" in rec.explanation
    assert ("Caveat on a checked requirement: ViT-B/32 CLIP has ~151M parameters, "
            "not ~125M") in rec.explanation


def test_no_fit_and_table_columns(seed):
    advice = advise({"min_token_limit": "10M"}, catalog=seed)
    assert NO_FIT in advice.summary()
    advice = advise({"max_params": "200M"}, catalog=seed)
    assert list(advice.rows()[0]) == list(ADVICE_COLUMNS)


def test_one_requirement_reads_in_the_singular(seed):
    one = advise({"tasks": ["vqa"], "top_k": 1}, catalog=seed)[0].explanation
    two = advise({"tasks": ["vqa"], "open_license": True, "top_k": 1},
                 catalog=seed)[0].explanation
    assert "meets the requirement: supports vqa" in one and "all 1" not in one
    assert "meets all 2 requirements: " in two


def test_an_empty_cell_is_shown_as_unknown_in_tables():
    # MiniCPM-o 2.6's row states no token limit (catalog.csv): the advice table
    # and the side-by-side say "unknown", not an empty cell
    from advisor import load_catalog
    from advisor.explain import advice_row, table_text
    cat = load_catalog()
    m = cat["MiniCPM-o 2.6"]
    assert not m.token_limit.known and table_text(m, "token_limit") == "unknown"
    advice = advise({"tasks": ["ocr"], "top_k": 70}, catalog=cat)
    rec = advice[advice.names.index("MiniCPM-o 2.6")]
    row = advice_row(rec, m)
    assert row["tokens"] == "unknown" and row["params"] == "8B"
    assert row["$/M in"] == "-"          # no price: not applicable, not unknown
