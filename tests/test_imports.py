"""imports: LiteLLM's model map merged into a catalog CSV, offline, on a real
excerpt (tests/fixtures/README.md says where it came from)."""

import csv
import json
from pathlib import Path

import pytest
from conftest import model_row
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import AdvisorError, load_catalog
from advisor.imports import (
    ENTRY_FIELDS,
    catalog_import,
    entry_problem,
    hf_rows,
    litellm_rows,
    models_dev_rows,
    read_source,
    read_tree,
    tree_rows,
)

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "litellm-1.110.2-excerpt.json"
MODELS_DEV = FIXTURES / "models.dev-f3fc692-excerpt.json"
HF = FIXTURES / "hf-model-info-excerpt.json"
# one row per model: azure/gpt-4o folds into gpt-4o, a provider's prefix or a
# version suffix is not part of the model's name (issue 24)
VISION_CHAT = ["gpt-5", "gpt-4.1-mini", "claude-sonnet-4-5", "gemini-2.5-flash",
               "gpt-4o", "gpt-4o-mini", "gemini-2.5-pro", "nova-2-lite",
               "deep-research-pro-preview-12-2025"]


def test_only_vision_chat_models_become_rows():
    data, label = read_source(str(FIXTURE))
    rows, refused = litellm_rows(data, label, "2026-11-26")
    assert [r["name"] for r in rows] == VISION_CHAT
    # no max_input_tokens: refused, not guessed; every other refusal says why
    assert refused == [
        ("replicate/openai/gpt-5", "max_input_tokens None is not a positive number "
                                   "of tokens"),
        ("text-embedding-3-small", "does not take images (supports_vision is not "
                                   "true)"),
        ("gpt-3.5-turbo", "does not take images (supports_vision is not true)"),
        ("azure/gpt-4o", "another route or snapshot of 'gpt-4o': folded into it")]
    gpt5 = rows[0]
    # the entry: max_input_tokens 272000, 1.25e-06 and 1e-05 USD a token
    assert gpt5 == {"name": "gpt-5", "token_limit": "272000",
                    "modalities": "text; image; pdf",
                    "input_price_per_mtok": "1.25", "output_price_per_mtok": "10",
                    "price_per_image": "", "aliases": "", "caveats": "",
                    "source": f"{FIXTURE}#gpt-5", "as_of": "2026-11-26",
                    "origin": "imported"}
    # gpt-4o: OpenAI's own entry's $2.50, Azure's route an alias
    gpt4o = next(r for r in rows if r["name"] == "gpt-4o")
    assert (gpt4o["input_price_per_mtok"], gpt4o["aliases"]) == ("2.5", "azure/gpt-4o")
    nova = next(r for r in rows if r["name"] == "nova-2-lite")
    assert nova["modalities"] == "text; image; video; pdf"
    assert nova["source"].endswith("#amazon.nova-2-lite-v1:0")
    research = next(r for r in rows if r["name"].startswith("deep-research"))
    assert research["price_per_image"] == str(
        json.loads(FIXTURE.read_text())[research["name"]]["input_cost_per_image"])


def write_catalog(path, *rows):
    from advisor.columns import COLUMNS
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in COLUMNS})


def test_a_merge_adds_updates_and_keeps_curated_values(tmp_path):
    path = tmp_path / "my.csv"
    curated = model_row(name="GPT-4o", token_limit="128k", modalities="text; image",
                        license="OpenAI terms (closed)", source="https://example.org/4o",
                        parameter_count="Not disclosed")
    write_catalog(path, curated)
    plan = catalog_import("litellm", str(FIXTURE), path, as_of="2026-11-26")
    # GPT-4o matched by name: only the columns the source owns change, and only
    # where it says something new ('128k' is its 128000; inputs are added to the
    # catalog's, never removed); a second provider's entry for it is refused
    assert plan.changes["GPT-4o"] == {
        "modalities": ("text; image", "text; image; pdf"),
        "aliases": ("", "azure/gpt-4o"),
        "input_price_per_mtok": ("", "2.5"), "output_price_per_mtok": ("", "10"),
        "as_of": ("", "2026-11-26"),
        # each changed value now cites this import, dated (issue 24)
        "sources": ("", "; ".join(f"{c}={FIXTURE}#gpt-4o@2026-11-26" for c in (
            "modalities", "input_price_per_mtok", "output_price_per_mtok")))}
    assert ("azure/gpt-4o", "another route or snapshot of 'gpt-4o': folded into it"
            ) in plan.refused
    assert plan.summary().startswith("read 14, imported 8, updated 1, refused 4 (")
    cat = load_catalog(path)
    gpt4o = cat["GPT-4o"]
    assert gpt4o.raw["license"] == "OpenAI terms (closed)"          # curated, kept
    assert gpt4o.raw["source"] == "https://example.org/4o"          # curated, kept
    assert gpt4o.token_limit.low == 128000
    new = cat["gpt-4.1-mini"]
    assert new.raw["origin"] == "imported" and new.raw["license"] == ""  # not guessed
    assert new.parameter_count.low is None and new.image_resolution.low is None
    # a second run changes nothing
    again = catalog_import("litellm", str(FIXTURE), path, as_of="2026-11-26")
    assert not again.new and not again.changes
    assert Path(str(path) + ".bak").exists()


def test_a_dry_run_writes_nothing(tmp_path, capsys):
    from advisor.cli import main
    path = tmp_path / "my.csv"
    write_catalog(path, model_row(name="GPT-5", token_limit="400000"))
    before = path.read_bytes()
    main(["catalog", "import", "--from", "litellm", str(FIXTURE), "--into", str(path),
          "--dry-run", "--only", "gpt-5", "--only", "gpt-4o-mini"])
    out = capsys.readouterr().out
    assert path.read_bytes() == before
    assert "Would change" in out and "400000" in out and "272000" in out
    assert "dry run: read 2, imported 1, updated 1, refused 0" in out


def test_sources_that_cannot_be_read_are_one_error(tmp_path):
    with pytest.raises(AdvisorError, match=r"^catalog import: --from 'pypi' is not "
                                           r"a registry; one of litellm, models.dev, "
                                           r"models.dev-tree, hf"):
        catalog_import("pypi", None, tmp_path / "x.csv")
    with pytest.raises(AdvisorError, match=r"^catalog import: --from hf without a "
                                           r"SOURCE queries the Hub for the "
                                           r"repositories given with --id"):
        catalog_import("hf", None, tmp_path / "x.csv")
    with pytest.raises(AdvisorError, match=r"^catalog import: --from models.dev needs "
                                           r"a SOURCE: a JSON object of providers"):
        catalog_import("models.dev", None, tmp_path / "x.csv")
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(AdvisorError, match=r"expected a JSON object of model entries"):
        read_source(str(bad))
    with pytest.raises(AdvisorError, match=r"expected a JSON object of providers"):
        read_source(str(bad), "models.dev")
    bad.write_text("{")
    with pytest.raises(AdvisorError, match=r"bad\.json: not JSON \("):
        read_source(str(bad), "hf")
    with pytest.raises(AdvisorError, match=r"^catalog import: cannot read "
                                           r"http://127\.0\.0\.1:9/x\.json"):
        read_source("http://127.0.0.1:9/x.json")        # nothing listens on port 9
    with pytest.raises(AdvisorError, match=r"has no entry 'gpt-99'"):
        catalog_import("litellm", str(FIXTURE), tmp_path / "x.csv", only=("gpt-99",))
    from advisor.loader import bundled_catalog_path
    with pytest.raises(AdvisorError, match=r"is the bundled catalog, which is never "
                                           r"written"):
        catalog_import("litellm", str(FIXTURE), bundled_catalog_path())


def test_prices_filter_and_rank_api_models(tmp_path):
    # prices from the LiteLLM excerpt: gpt-4o-mini $0.15, gpt-4.1-mini $0.4, gpt-5
    # $1.25, gpt-4o $2.5, claude-sonnet-4-5 $3 per million input tokens
    from advisor import advise
    path = tmp_path / "my.csv"
    write_catalog(path, model_row(name="Open One", open_weights="yes"))
    catalog_import("litellm", str(FIXTURE), path, as_of="2026-11-26",
                   only=("gpt-5", "gpt-4.1-mini", "claude-sonnet-4-5", "gpt-4o",
                         "gpt-4o-mini"))
    cat = load_catalog(path)
    cheap = advise({"max_price": 1, "top_k": 10}, catalog=cat)
    assert set(cheap.fully_met) == {"gpt-4o-mini", "gpt-4.1-mini", "Open One"}
    assert set(cheap.rejected) == {"gpt-5", "claude-sonnet-4-5", "gpt-4o"}
    assert cheap.rejected["gpt-5"][0].detail == (
        "input price $1.25 per M tokens > $1")
    own = next(r for r in cheap if r.name == "Open One")
    assert own.checks[0].detail == ("self-hosted (open weights, no API price): not "
                                    "free, but the price limit does not apply")
    by_price = advise({"rank_by": "price", "top_k": 10}, catalog=cat)
    assert by_price.names[:5] == ["gpt-4o-mini", "gpt-4.1-mini", "gpt-5", "gpt-4o",
                                  "claude-sonnet-4-5"]      # unpriced Open One last
    assert by_price.names[-1] == "Open One"
    assert [r["$/M in"] for r in by_price.rows()][:2] == ["$0.15", "$0.4"]


def test_audit_against_a_registry_lists_the_drift():
    # the bundled catalog against the excerpt: GPT-5's 400,000 (context, from a
    # gateway listing) against LiteLLM's 272,000 input tokens; the same numbers
    # written differently ('200k', '~128k') and inputs already listed are no drift
    from advisor.imports import drift
    rows = drift(load_catalog(), str(FIXTURE))
    assert ("GPT-5", "token_limit", "400000", "272000") in rows
    assert not [r for r in rows if r[0] in ("Claude Sonnet 4.5", "GPT-4o")
                and r[1] == "token_limit"]
    assert ("GPT-4o", "modalities", "text; image; audio; video",
            "text; image; audio; video; pdf") in rows
    assert not [r for r in rows if "price" in r[1]]   # the sourced prices agree



# -- models.dev ---------------------------------------------------------------------
def test_models_dev_rows_take_image_models_once():
    data, label = read_source(str(MODELS_DEV), "models.dev")
    rows, refused = models_dev_rows(data, label, "2026-11-26")
    # o3-mini takes text only: not a row; azure's GPT-4o is openai's again
    assert [r["name"] for r in rows] == [
        "Claude Sonnet 4.5 (latest)", "Claude Opus 4.1 (latest)",
        "Claude Sonnet 4 (latest)", "GPT-5", "GPT-4o", "Gemini 2.5 Flash",
        "GPT-4.1 mini", "Qwen2.5-VL 7B Instruct"]
    assert refused == [("azure/gpt-4o", "another provider's copy of 'openai/gpt-4o'")]
    # GPT-5: openai's file is a base_model merge; its limit, inputs and cost
    assert rows[3] == {"name": "GPT-5", "token_limit": "400000",
                       "modalities": "text; image", "input_price_per_mtok": "1.25",
                       "output_price_per_mtok": "10", "open_weights": "no",
                       "release_date": "2025-08-07",
                       "source": f"{MODELS_DEV}#openai/gpt-5", "as_of": "2026-11-26",
                       "origin": "imported"}
    assert rows[-1]["open_weights"] == "yes"       # alibaba's Qwen2.5-VL 7B


def test_models_dev_updates_the_bundled_names_it_shares(tmp_path):
    # 'Claude Sonnet 4 (latest)' is the catalog's Claude Sonnet 4; its prices, the
    # pdf input and the release date are the source's own columns; the curated
    # licence stays
    path = tmp_path / "my.csv"
    write_catalog(path, model_row(name="Claude Sonnet 4", token_limit="200k",
                                  modalities="text; image", license="Anthropic "
                                  "terms (closed)", open_weights="no",
                                  release_date="2025-05-22"))
    plan = catalog_import("models.dev", str(MODELS_DEV), path, as_of="2026-11-26",
                          only=("anthropic/claude-sonnet-4-0", "openai/gpt-5"))
    cited = f"{MODELS_DEV}#anthropic/claude-sonnet-4-0@2026-11-26"
    assert plan.changes == {"Claude Sonnet 4": {
        "modalities": ("text; image", "text; image; pdf"),
        "input_price_per_mtok": ("", "3"), "output_price_per_mtok": ("", "15"),
        "as_of": ("", "2026-11-26"),
        "sources": ("", f"modalities={cited}; input_price_per_mtok={cited}; "
                        f"output_price_per_mtok={cited}")}}
    assert [r["name"] for r in plan.new] == ["GPT-5"]
    cat = load_catalog(path)
    assert cat["Claude Sonnet 4"].raw["license"] == "Anthropic terms (closed)"
    assert cat["GPT-5"].raw["input_price_per_mtok"] == "1.25"
    with pytest.raises(AdvisorError, match=r"has no entry 'openai/gpt-99'"):
        catalog_import("models.dev", str(MODELS_DEV), path, only=("openai/gpt-99",))


# -- the Hugging Face Hub ------------------------------------------------------------
def test_hub_infos_become_rows_with_counts_and_licences():
    data, label = read_source(str(HF), "hf")
    rows, refused = hf_rows(data, label, "2026-11-26")
    # 27,781,427,952 safetensors parameters; the card's licence as written
    assert rows[0] == {"name": "Qwen3.6-27B", "hf_id": "Qwen/Qwen3.6-27B",
                       "parameter_count": "27.8B", "license_spdx": "apache-2.0",
                       "modalities": "text; image",
                       "open_weights": "yes", "caveats": "", "aliases": "",
                       "source": f"{HF}#Qwen/Qwen3.6-27B", "as_of": "2026-11-26",
                       "origin": "imported"}
    assert rows[1]["parameter_count"] == ""       # the Hub page gave none
    # the two recorded in huggingface_hub's tests do not take images
    assert refused == [
        ("google-bert/bert-base-uncased", "pipeline_tag 'fill-mask' does not take "
                                          "images"),
        ("Waynehillsdev/Waynehills-STT-doogie-server",
         "pipeline_tag 'automatic-speech-recognition' does not take images")]


def test_hub_gates_refuse_what_is_implausible():
    qwen, idefics = json.loads(HF.read_text())[:2]
    # changed copies of real entries: a count 14x below the name's 27B, a gated
    # repository, a repeated id, no id
    small = {**qwen, "safetensors": {"total": 2_000_000_000}}
    gated = {**idefics, "gated": "manual"}
    rows, refused = hf_rows([small, gated, gated, {"pipeline_tag": "x"}], "H", "d")
    assert refused == [
        ("Qwen/Qwen3.6-27B", "safetensors total 2B is more than 10x from the 27B in "
                             "its name"),
        ("HuggingFaceM4/Idefics3-8B-Llama3", "repeated id"),
        ("None", "no repository id")]
    assert rows[0]["caveats"] == "gated on the Hub: accept its terms to download"


def test_a_hub_import_matches_by_repository_id(tmp_path):
    # the bundled Idefics3 row (hf_id HuggingFaceM4/Idefics3-8B-Llama3, licence id
    # 'Apache-2.0'): the same licence in another case, no count: nothing but as_of
    path = tmp_path / "my.csv"
    write_catalog(path, model_row(name="Idefics3 (8B)", parameter_count="~8.5B",
                                  hf_id="HuggingFaceM4/Idefics3-8B-Llama3",
                                  license_spdx="Apache-2.0", open_weights="yes"))
    plan = catalog_import("hf", str(HF), path, as_of="2026-11-26")
    assert plan.changes == {"Idefics3 (8B)": {"as_of": ("", "2026-11-26")}}
    assert [r["name"] for r in plan.new] == ["Qwen3.6-27B"]
    assert plan.summary().startswith("read 4, imported 1, updated 1, refused 2 (")
    assert load_catalog(path)["Qwen3.6-27B"].parameter_count.low == 27.8e9


def test_the_hub_is_asked_through_huggingface_hub(monkeypatch):
    # no network: HfApi.model_info answers with ModelInfo objects made from the
    # recorded responses, as huggingface_hub's own test does
    from huggingface_hub import HfApi, ModelInfo

    from advisor.imports import hub_infos
    recorded = {i["id"]: i for i in json.loads(HF.read_text())}
    asked = []

    def model_info(self, repo_id, expand=None):
        asked.append((repo_id, tuple(expand)))
        return ModelInfo(**recorded[repo_id])
    monkeypatch.setattr(HfApi, "model_info", model_info)
    data, label = hub_infos(("Qwen/Qwen3.6-27B", "google-bert/bert-base-uncased"))
    assert asked[0] == ("Qwen/Qwen3.6-27B", ("safetensors", "cardData",
                                             "pipeline_tag", "tags", "config",
                                             "gated"))
    rows, refused = hf_rows(data, label, "2026-11-26")
    assert [(r["name"], r["parameter_count"], r["source"]) for r in rows] == [
        ("Qwen3.6-27B", "27.8B", "https://huggingface.co/api/models/Qwen/Qwen3.6-27B")]
    assert refused == [("google-bert/bert-base-uncased",
                        "pipeline_tag 'fill-mask' does not take images")]

    def down(self, repo_id, expand=None):
        raise OSError("Network is unreachable")
    monkeypatch.setattr(HfApi, "model_info", down)
    with pytest.raises(AdvisorError, match=r"^catalog import: cannot read a/b from "
                                           r"the Hugging Face Hub \(OSError: Network "
                                           r"is unreachable\)$"):
        hub_infos(("a/b",))


def test_an_update_to_a_column_the_file_lacks_adds_it(tmp_path):
    # the bundled catalog's header has no price columns: an update that sets a
    # price must add the column, not write a row one field longer than the header
    # (which the next read took for a row with an empty name)
    from advisor.loader import bundled_catalog_path
    path = tmp_path / "my.csv"
    with bundled_catalog_path().open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    kept = [c for c in rows[0] if not c.endswith(("_per_mtok", "_per_image"))]
    with path.open("w", newline="", encoding="utf-8") as f:  # a header without prices
        w = csv.DictWriter(f, fieldnames=kept, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    assert b"input_price_per_mtok" not in path.read_bytes().splitlines()[0]
    catalog_import("litellm", str(FIXTURE), path, only=("gpt-4o",), as_of="2026-11-26")
    with path.open(newline="") as f:
        header, *lines = list(csv.reader(f))
    assert "input_price_per_mtok" in header
    assert {len(line) for line in lines} == {len(header)}
    again = catalog_import("models.dev", str(MODELS_DEV), path, as_of="2026-11-26")
    # models.dev's qwen2-5-vl-7b-instruct is the Qwen2.5-VL-7B row (its Hub repository's
    # name), not a new one
    assert again.summary().startswith("read 10, imported 0, updated 8, refused 1")
    assert load_catalog(path)["GPT-4o"].raw["input_price_per_mtok"] == "2.5"


def test_a_hub_dry_run_from_the_command_line(tmp_path, capsys):
    from advisor.cli import main
    main(["catalog", "import", "--from", "hf", str(HF), "--id", "Qwen/Qwen3.6-27B",
          "--id", "google-bert/bert-base-uncased", "--into", str(tmp_path / "m.csv"),
          "--dry-run"])
    out = " ".join(capsys.readouterr().out.split())
    assert "Qwen3.6-27B │ (new row) │ - │ 27.8B parameters, text; image" in out
    assert ("dry run: read 2, imported 1, updated 0, refused 1 "
            "(google-bert/bert-base-uncased: pipeline_tag 'fill-mask' does not take "
            "images)") in out
    with pytest.raises(SystemExit) as e:
        main(["catalog", "import", "--from", "litellm", str(FIXTURE), "--id", "x/y",
              "--into", str(tmp_path / "m.csv")])
    assert e.value.code == 2
    assert "--id names Hub repositories; with --from litellm use --only" in \
        capsys.readouterr().err


# -- the real LiteLLM 1.110.2 map (issue 24) ---------------------------------------
REAL_MAP = FIXTURES / "litellm-1.110.2.json.gz"


@pytest.fixture(scope="module")
def real_map(tmp_path_factory):
    # litellm/model_prices_and_context_window_backup.json of the litellm 1.110.2
    # wheel, gzipped (SHA-256 of the JSON: 8943af58...; tests/fixtures/README.md)
    import gzip
    path = tmp_path_factory.mktemp("litellm") / "map.json"
    path.write_bytes(gzip.decompress(REAL_MAP.read_bytes()))
    return path


def test_the_real_map_gives_one_row_per_model(real_map, tmp_path):
    from advisor.imports import model_ident
    from advisor.loader import bundled_catalog_path
    into = tmp_path / "my.csv"
    into.write_bytes(bundled_catalog_path().read_bytes())
    plan = catalog_import("litellm", str(real_map), into, dry_run=True,
                          as_of="2026-12-03")
    # 4,878 entries, 1,850 with supports_vision, ~1,450 of them chat: no model twice
    assert plan.read == 4878
    idents = [model_ident(r["name"]) for r in plan.new] + [
        model_ident(n.casefold()) for n in plan.changes]
    assert len(idents) == len(set(idents))
    assert len(plan.new) < 420  # 1,382 rows before folding
    # Claude Opus 4.7's 16 keys (regions, Bedrock, Vertex, hosts) update its row
    assert "Claude Opus 4.7" in plan.changes
    assert not [r for r in plan.new if "opus-4-7" in r["name"]]
    # GPT-4o keeps OpenAI's own $2.50, never Azure EU's 2.75
    assert "input_price_per_mtok" not in plan.changes.get("GPT-4o", {}) or \
        plan.changes["GPT-4o"]["input_price_per_mtok"][1] == "2.5"
    # every refusal has a reason, counted; zero prices are no prices
    reasons = plan.reasons()
    assert reasons["does not take images (supports_vision is not true)"] == 3028
    entries = json.loads(real_map.read_text())
    assert reasons["mode … is not vision chat"] == sum(
        1 for k, e in entries.items() if k != "sample_spec"
        and e.get("supports_vision") is True and e.get("mode") != "chat") == 394
    assert sum(reasons.values()) == len(plan.refused)
    assert all(r["input_price_per_mtok"] != "0" for r in plan.new)


def test_the_real_map_imports_and_loads(real_map, tmp_path):
    from advisor.loader import bundled_catalog_path
    into = tmp_path / "my.csv"
    into.write_bytes(bundled_catalog_path().read_bytes())
    catalog_import("litellm", str(real_map), into, as_of="2026-12-03")
    cat = load_catalog(into)
    assert cat["GPT-4o"].raw["input_price_per_mtok"] == "2.5"
    # Llama 4 Scout: no first party in the map, so its longest context across
    # hosts (10M) and no host's price
    scout = cat["Llama 4 Scout"]
    assert scout.token_limit.high == 10_000_000
    assert "llama-4-scout-17b-16e-instruct" in scout.raw["aliases"]


def test_hub_copies_fold_into_their_model():
    # the Qwen3.6-27B info of the fixture, and the same info under the names its
    # quantized copies take on the Hub (an AWQ total counts packed weights)
    from advisor.imports import hf_rows
    infos = json.loads(HF.read_text())
    info = next(i for i in infos if i["id"] == "Qwen/Qwen3.6-27B")
    awq = {**info, "id": "Qwen/Qwen3.6-27B-AWQ",
           "safetensors": {"total": 5_000_000_000}}
    fp8 = {**info, "id": "someone/Qwen3.6-27B-FP8"}
    rows, refused = hf_rows([awq, info, fp8], "hub.json", "2026-12-03")
    assert [r["name"] for r in rows] == ["Qwen3.6-27B"]
    assert rows[0]["hf_id"] == "Qwen/Qwen3.6-27B"
    assert rows[0]["parameter_count"] == "27.8B"           # the model's, not the AWQ's
    assert rows[0]["aliases"] == "Qwen/Qwen3.6-27B-AWQ; someone/Qwen3.6-27B-FP8"
    assert [why for _, why in refused] == [
        "a quantized or converted copy of 'Qwen3.6-27B': folded into it"] * 2
    # only copies: the model's name, and no size read from a packed copy
    rows, _ = hf_rows([awq], "hub.json", "2026-12-03")
    assert (rows[0]["name"], rows[0]["parameter_count"]) == ("Qwen3.6-27B", "")


# -- hostile entries (issue 29): every field of each source's declared schema ---------

JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**400),
                 st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                 st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def _nested(flat: dict[str, object]) -> dict:
    out: dict = {}
    for path, value in flat.items():
        *parents, last = path.split(".")
        node = out
        for p in parents:
            node = node.setdefault(p, {}) if isinstance(node.get(p, {}), dict) else {}
        node[last] = value
    return out


def _entries(source):
    fields = list(ENTRY_FIELDS[source])
    return st.lists(st.dictionaries(st.sampled_from(fields), JUNK, max_size=len(fields)
                                    ).map(_nested), min_size=1, max_size=4)


ROWS = {
    "litellm": lambda es: litellm_rows({f"m{i}": e for i, e in enumerate(es)},
                                       "file", "2026-12"),
    "models.dev": lambda es: models_dev_rows(
        {"p": {"models": {f"m{i}": e for i, e in enumerate(es)}}}, "file", "2026-12"),
    "hf": lambda es: hf_rows([{"id": f"org/m{i}", **e} for i, e in enumerate(es)],
                             "file", "2026-12"),
}


@pytest.mark.parametrize("source", list(ENTRY_FIELDS))
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_entries_are_rows_or_refusals(source, data):
    # each entry becomes a row or a refusal with its reason; nothing raises but an
    # AdvisorError
    entries = data.draw(_entries(source))
    try:
        rows, refused = ROWS[source](entries)
    except AdvisorError:
        return
    # (models.dev's entries without image input are passed over, not refused)
    assert len(rows) + len(refused) >= (0 if source == "models.dev" else 1)
    assert all(isinstance(why, str) and why for _, why in refused)
    # an entry with a field of the wrong type is refused, naming the field
    for e in entries:
        problem = entry_problem(e, source)
        if problem is not None:
            assert any(problem == why for _, why in refused), (problem, refused)
    for row in rows:
        assert all(isinstance(v, str) for v in row.values())


def _deep(depth):
    doc = "x"
    for _ in range(depth):
        doc = {"k": doc}
    return doc


HOSTILE_SHAPES = {  # (document, what the refusal says)
    "deep": (_deep(40), r"nested more than 16 levels deep \(at (\w+/)*k/k/\.\.\.\)"),
    "long string": ({"m": {"mode": "x" * 100_000}},
                    r"at (\w+/)*m/mode: a string of 100,000 characters, more than the "
                    r"65,536"),
    "long key": ({"k" * 70_000: {}}, r"a key of 70,000 characters, more than 65,536"),
    "many values": ({"m": list(range(1_000_001))},
                    r"more than 1,000,000 values; a feed file holds far fewer"),
}


# a models.dev TOML is capped at 1 MB, which cannot hold a million values
@pytest.mark.parametrize("kind, shape", [
    (k, s) for k in ("litellm", "models.dev", "hf", "mmmu", "models.dev-tree")
    for s in HOSTILE_SHAPES if (k, s) != ("models.dev-tree", "many values")])
def test_a_feed_past_its_limits_is_refused_with_the_limit(tmp_path, kind, shape):
    # issue 29, item 2: depth, count and string length are bounded, and the message
    # says which limit and where, before any entry is read
    from advisor.feeds import read_leaderboard
    doc, message = HOSTILE_SHAPES[shape]
    if kind == "models.dev-tree":
        (tmp_path / "models" / "lab").mkdir(parents=True)
        toml = tmp_path / "models" / "lab" / "m.toml"
        toml.write_text(_toml(doc))
        with pytest.raises(AdvisorError, match=message):
            read_tree(str(tmp_path))
        return
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"leaderboardData": [doc]} if kind == "mmmu" else
                               [doc] if kind == "hf" else doc))
    with pytest.raises(AdvisorError, match=message):
        if kind == "mmmu":
            read_leaderboard(str(path))
        else:
            read_source(str(path), kind)


def _toml(doc, prefix=""):
    """A small TOML writer for the nested tables of these tests."""
    lines, tables = [], []
    for k, v in doc.items():
        if isinstance(v, dict):
            tables.append((k, v))
        else:
            lines.append(f"{json.dumps(k)} = {json.dumps(v)}")
    out = "\n".join(lines) + "\n"
    for k, v in tables:
        name = f"{prefix}.{json.dumps(k)}" if prefix else json.dumps(k)
        out += f"[{name}]\n" + _toml(v, name)
    return out


# the fields a models.dev TOML and an MMMU leaderboard entry are read for, each
# given hostile values: the tree's and the leaderboard's importers
TREE_FIELDS = ["name", "release_date", "open_weights", "limit.context",
               "modalities.input", "modalities.output", "weights", "parameters.total",
               "parameters", "benchmarks", "limit", "modalities"]
BENCH_ENTRY = st.dictionaries(
    st.sampled_from(["name", "score", "metric", "source", "variant", "version",
                     "date"]),
    st.one_of(JUNK, st.sampled_from(["MMMU", "MMMU-Pro", "Video-MME", "OCRBench",
                                     "ChartQA", "https://example.org/x"])))
TREE_VALUES = st.one_of(JUNK, st.lists(st.sampled_from(["text", "image", "video",
                                                        "audio"]), max_size=3),
                        st.lists(BENCH_ENTRY, max_size=3),
                        st.lists(st.dictionaries(st.just("url"), st.one_of(
                            JUNK, st.just("https://huggingface.co/a/b"))), max_size=2))
BOARD_FIELDS = ["info.name", "info.size", "info.date", "info.type", "info.link",
                "validation.overall", "validation.source", "test.overall",
                "pro.overall", "pro.source", "info", "validation", "pro"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_tree_files_are_rows_or_refusals(data):
    # issue 29, item 4: the models.dev tree's importer (rows and evidence)
    from advisor.feeds import tree_evidence
    tomls = data.draw(st.lists(st.dictionaries(st.sampled_from(TREE_FIELDS),
                                               TREE_VALUES).map(_nested),
                               min_size=1, max_size=4))
    tree = {f"lab/m{i}": t for i, t in enumerate(tomls)}
    try:
        rows, refused = tree_rows(tree, "base", "2026-12")
        evidence, skipped = tree_evidence(tree, "base", {k: k for k in tree})
    except AdvisorError:
        return
    assert len(rows) + len(refused) == len(tree)
    assert all(isinstance(why, str) and why for _, why in refused)
    assert all(isinstance(n, int) for n in skipped.values())
    for row in evidence:  # each number on its benchmark's scale, with a web source
        assert float(row["value"]) >= 0 and row["source"].startswith(("http", "base/"))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_leaderboard_entries_are_rows_or_unmatched(catalog, data):
    # issue 29, item 4: the MMMU leaderboard's importer
    from advisor.feeds import mmmu_evidence
    entries = data.draw(st.lists(st.one_of(
        st.dictionaries(st.sampled_from(BOARD_FIELDS), st.one_of(
            JUNK, st.sampled_from(["GPT-4o", "Qwen2.5-VL-72B w/ thinking", "84.2",
                                   "author", "2025-08-07"]))).map(_nested),
        JUNK), min_size=1, max_size=4))
    try:
        rows, unmatched, refused = mmmu_evidence(entries, catalog,
                                                 "https://example.org/lb")
    except AdvisorError:
        return
    for row in rows:
        assert 0 <= float(row["value"]) <= 100 and row["model"] in catalog
    # an entry with a field of the wrong type is refused, naming the field
    from advisor.feeds import board_problem
    problems = [board_problem(e) for e in entries]
    assert [why for _, why in refused] == [p for p in problems if p is not None]
