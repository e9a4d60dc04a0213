"""The 2026 refresh of the bundled catalog (issue 24), checked against files in the
repository: models.dev's TOMLs at f3fc692 (tests/fixtures/models.dev-f3fc692-catalog,
copied verbatim) and the sourced facts it started from
(tests/fixtures/shared/facts/models_2026_facts.csv, a copy of the shared facts file).
"""

import csv
import tomllib
from pathlib import Path

import pytest

from advisor import advise, load_catalog, parsing
from advisor.index import split_list
from advisor.vocab import Lifecycle, lifecycle

FIXTURES = Path(__file__).parent / "fixtures"
TREE = FIXTURES / "models.dev-f3fc692-catalog"
MD = ("https://github.com/anomalyco/models.dev/blob/"
      "f3fc692299671838c7c65fd8126bf84d81a2e817/")
# the models the issue names as missing, as the catalog spells each
NAMED = ["Qwen3.5 (27B–397B-A17B)", "Qwen3.6 (27B / 35B-A3B)",
         "Gemma 4 (26B A4B / 31B)", "Gemma 4 (E2B / E4B)", "Gemini 3 Pro (Preview)",
         "Gemini 3.1 Pro (Preview)",
         "GPT-5.1", "GPT-5.2", "GPT-5.4", "Claude Opus 4.5", "Claude Opus 4.6",
         "Claude Sonnet 4.6", "Claude Haiku 4.5", "MiniCPM-o 4.5", "MiniCPM-V 4.6",
         "Mistral Small 3.2", "GLM-4.6V", "PaddleOCR-VL (0.9B)", "DeepSeek-OCR",
         "Claude Opus 5", "Mistral Small 4", "Qwen3-Omni-30B-A3B",
         "dots.ocr", "Molmo 2", "Nemotron Nano 12B v2 VL", "Gemini 2.5 Flash-Lite"]
# no card, config or serving recipe read gives its context
CONTEXT_UNKNOWN = {"MiniCPM-o 4.5"}


def _toml(url: str) -> dict:
    return tomllib.loads((TREE / url.removeprefix(MD)).read_text(encoding="utf-8"))


def _from_models_dev(catalog):
    """(model, its TOML) for the rows whose source is a models.dev model file."""
    return [(m, _toml(m.raw["source"])) for m in catalog
            if m.raw["source"].startswith(MD + "models/")]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_every_named_model_is_in_the_catalog_with_its_facts(catalog):
    for name in NAMED:
        m = catalog[name]
        assert parsing.is_date(m.raw["release_date"]), name
        if name in CONTEXT_UNKNOWN:  # unknown stays unknown, and its row says why
            assert not m.raw["token_limit"]
            assert "token_limit: unknown" in m.raw["caveats"]
        else:
            assert m.token_limit.low >= 8192, name
        assert m.raw["license"] and m.raw["tasks"] and m.raw["modalities"], name
        assert m.commercial_use in ("yes", "no", "restricted", "unknown")
        assert m.raw["parameter_count"], name
        if m.open_weights == "no":  # an API: its prices are sourced facts
            assert {"input_price_per_mtok", "output_price_per_mtok"} <= set(m.facts)


def test_rows_from_models_dev_say_what_their_toml_says(catalog):
    rows = _from_models_dev(catalog)
    assert len(rows) >= 25
    for m, t in rows:
        assert m.token_limit.low == t["limit"]["context"], m.name
        assert {"yes": True, "no": False}[m.open_weights] is t["open_weights"]
        inputs = set(t["modalities"]["input"]) & {"text", "image", "video", "audio",
                                                  "pdf"}
        # where a source of the checkpoints' own contradicts the feed (the row's
        # sources cell names it, its caveats name both), checks use that source
        if "modalities=" in m.raw["sources"]:
            assert inputs - set(m.modalities) and "models.dev" in m.raw["caveats"]
        else:
            assert inputs <= set(m.modalities), m.name
        assert "text" in t["modalities"]["output"]
        # a family row dates itself by one member (its caveats say which)
        if "release_date" in m.raw["caveats"]:
            continue
        assert m.raw["release_date"] == t["release_date"], m.name


def test_api_prices_are_the_first_party_providers(catalog):
    priced = [m for m in catalog if m.facts.get("input_price_per_mtok")
              and m.facts["input_price_per_mtok"].source.startswith(MD + "providers/")]
    assert len(priced) >= 19
    for m in priced:
        cost = _toml(m.facts["input_price_per_mtok"].source)["cost"]
        assert float(m.facts["input_price_per_mtok"].value) == cost["input"], m.name
        assert float(m.facts["output_price_per_mtok"].value) == cost["output"], m.name
        source = m.facts["input_price_per_mtok"].source
        lab = source.split("/providers/")[1].split("/")[0]
        assert lab in ("google", "openai", "anthropic")


def test_open_rows_say_what_the_2026_facts_say(catalog):
    facts = {}
    path = FIXTURES / "shared" / "facts" / "models_2026_facts.csv"
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            facts.setdefault(row["name"], row)
    pairs = {  # catalog row -> the facts row it was read from
        "MiniCPM-o 4.5": "MiniCPM-o 4.5", "MiniCPM-V 4.6": "MiniCPM-V 4.6",
        "PaddleOCR-VL (0.9B)": "PaddleOCR-VL (0.9B)",
        "DeepSeek-OCR": "DeepSeek-OCR / DeepSeek-OCR 2",
        "Molmo 2": "Molmo 2 (8B; O-7B)",
        "Gemma 4 (26B A4B / 31B)": "Gemma 4 31B",
        "Qwen3.5 (27B–397B-A17B)": ("Qwen3.5 (397B-A17B, 122B-A10B, 35B-A3B, 27B; "
                                    "smaller sizes incl. 9B, 0.8B)")}
    for name, facts_name in pairs.items():
        m, row = catalog[name], facts[facts_name]
        assert m.raw["license_spdx"] == row["license"].split(" ")[0], name
        assert m.commercial_use == row["commercial_use"], name
        if row["release_date"][:7].count("-") == 1:
            assert row["release_date"].startswith(m.raw["release_date"]), name
        stated = set(split_list(row["tasks"])) & {"vqa", "ocr", "grounding",
                                                 "instruction-following"}
        assert stated <= set(m.tasks), (name, stated, m.tasks)


def test_no_row_released_since_2024_lacks_tasks_or_a_licence(catalog):
    for m in catalog:
        if m.release_date is not None and m.raw["release_date"] >= "2024":
            assert m.raw["tasks"].strip(), m.name
            assert m.raw["license"].strip(), m.name


def test_lifecycle_rows_cite_their_source(catalog):
    # Google's Gemini deprecations page: gemini-3-pro-preview shut down March 9,
    # 2026 (replacement gemini-3.1-pro-preview); gemini-2.0-flash -> 2.5-flash
    said = {m.name: lifecycle(m.raw["status"]) for m in catalog if m.raw["status"]}
    assert said["Gemini 3 Pro (Preview)"] == (Lifecycle.RETIRED, "2026-03-09")
    assert said["Gemini"] == (Lifecycle.SUPERSEDED, "Gemini 2.5 Flash")
    for name, (kind, what) in said.items():
        assert "status:" in catalog[name].raw["caveats"], name
        if kind == Lifecycle.SUPERSEDED:
            assert what in catalog, (name, what)  # the successor is a row


def test_the_seed_reading_keeps_gemini_current():
    seed = load_catalog(facts="seed")
    assert seed["Gemini"].raw["status"] == ""
    assert "Gemini" in advise({"modalities": ["video"], "top_k": 50}, seed).names


def test_retired_gemini_3_pro_is_left_out_and_says_why(catalog):
    advice = advise({"modalities": ["video"], "api_only": True, "top_k": 50}, catalog)
    assert "Gemini 3 Pro (Preview)" not in advice.names
    assert "retired on 2026-03-09" in advice.why_not("Gemini 3 Pro (Preview)")
    assert "Gemini 3 Pro (Preview)" in advise(
        {"modalities": ["video"], "api_only": True, "top_k": 50,
         "include_retired": True}, catalog).names


def test_rows_from_litellm_say_what_its_first_party_entry_says(catalog):
    # the models newer than the models.dev snapshot, from LiteLLM 1.110.2's map
    # (tests/fixtures/litellm-1.110.2.json.gz): each first-party entry's context,
    # inputs and prices
    import gzip
    import json
    entries = json.loads(gzip.decompress(
        (FIXTURES / "litellm-1.110.2.json.gz").read_bytes()))
    rows = [m for m in catalog
            if m.raw["source"] == "https://pypi.org/project/litellm/1.110.2/"]
    assert {m.name for m in rows} >= {"Claude Opus 5", "Gemini 3.8 Flash",
                                      "GPT-6 Astra"}
    for m in rows:
        key = m.raw["caveats"].split("entry '")[1].split("'")[0]
        e = entries[key]
        assert e["supports_vision"] is True and e["mode"] == "chat"
        assert m.token_limit.low == e["max_input_tokens"], m.name
        assert ("video" in m.modalities) == bool(e.get("supports_video_input"))
        assert float(m.facts["input_price_per_mtok"].value) == pytest.approx(
            e["input_cost_per_token"] * 1e6)
        assert float(m.facts["output_price_per_mtok"].value) == pytest.approx(
            e["output_cost_per_token"] * 1e6)


def test_anthropic_lifecycle_follows_its_deprecations_table(catalog):
    # tests/fixtures/provider-docs/anthropic-model-lifecycle.md: each Claude row
    # whose dated API ID the table lists as retired or deprecated says so, with the
    # table's date; the active ones stay current
    text = (FIXTURES / "provider-docs" / "anthropic-model-lifecycle.md").read_text(
        encoding="utf-8")
    table = {c[0]: c for c in ([x.strip() for x in line.strip("|").split("|")]
                               for line in text.splitlines()
                               if line.startswith("| claude-"))}
    seen = 0
    for m in catalog:
        ids = [a.strip() for a in m.raw["aliases"].split(";") if a.strip() in table]
        if not ids:
            continue
        seen += 1
        state, deprecated, retired = (table[ids[0]][i] for i in (1, 3, 4))
        kind, when = lifecycle(m.raw["status"])
        if state == "Retired":
            assert (kind, when) == (Lifecycle.RETIRED, retired), m.name
        elif state == "Deprecated":
            assert (kind, when) == (Lifecycle.DEPRECATED, deprecated), m.name
        else:
            assert kind == Lifecycle.CURRENT, m.name
    assert seen >= 6
    advice = advise({"tasks": ["chart-qa"], "top_k": 50}, catalog)
    assert "Claude 3.5 Sonnet" not in advice.names
    assert "retired on 2025-10-28" in advice.why_not("Claude 3.5 Sonnet")
