"""imports: LiteLLM's model map merged into a catalog CSV, offline, on a real
excerpt (tests/fixtures/README.md says where it came from)."""

import csv
import json
from pathlib import Path

import pytest
from conftest import model_row

from advisor import AdvisorError, load_catalog
from advisor.imports import catalog_import, litellm_rows, read_source

FIXTURE = Path(__file__).parent / "fixtures" / "litellm-1.110.2-excerpt.json"
VISION_CHAT = ["gpt-5", "gpt-4.1-mini", "claude-sonnet-4-5", "gemini/gemini-2.5-flash",
               "gpt-4o", "azure/gpt-4o", "gpt-4o-mini", "gemini/gemini-2.5-pro",
               "amazon.nova-2-lite-v1:0", "deep-research-pro-preview-12-2025"]


def test_only_vision_chat_models_become_rows():
    data, label = read_source(str(FIXTURE))
    rows, refused = litellm_rows(data, label, "2026-11-26")
    assert [r["name"] for r in rows] == VISION_CHAT
    # no max_input_tokens: refused, not guessed
    assert refused == [("replicate/openai/gpt-5", "max_input_tokens None is not a "
                                                  "positive number of tokens")]
    gpt5 = rows[0]
    # the entry: max_input_tokens 272000, 1.25e-06 and 1e-05 USD a token
    assert gpt5 == {"name": "gpt-5", "token_limit": "272000",
                    "modalities": "text; image; pdf",
                    "input_price_per_mtok": "1.25", "output_price_per_mtok": "10",
                    "price_per_image": "", "source": f"{FIXTURE}#gpt-5",
                    "as_of": "2026-11-26", "origin": "imported"}
    nova = next(r for r in rows if r["name"] == "amazon.nova-2-lite-v1:0")
    assert nova["modalities"] == "text; image; video; pdf"
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
        "input_price_per_mtok": ("", "2.5"), "output_price_per_mtok": ("", "10"),
        "as_of": ("", "2026-11-26")}
    assert ("azure/gpt-4o", "also matches 'GPT-4o', already updated") in plan.refused
    assert plan.summary().startswith("read 14, imported 8, updated 1, refused 2 (")
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
    with pytest.raises(AdvisorError, match=r"^catalog import: --from 'hf' is not "
                                           r"supported yet"):
        catalog_import("hf", None, tmp_path / "x.csv")
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(AdvisorError, match=r"expected a JSON object of model entries"):
        read_source(str(bad))
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

