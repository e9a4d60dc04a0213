"""The feeds (issue 24): the MMMU leaderboard and models.dev's models/ tree, read
from real excerpts (tests/fixtures/README.md says where each came from)."""

import csv
import json
from pathlib import Path

import pytest

from advisor import AdvisorError, load_catalog
from advisor.edit import write_evidence
from advisor.evidence import BY_LABEL, load_evidence
from advisor.feeds import (
    LEADERBOARD_BASE,
    match,
    mmmu_evidence,
    read_leaderboard,
    setting_of,
    tree_evidence,
)
from advisor.feeds import _names as names_of
from advisor.imports import read_tree, tree_rows

FIXTURES = Path(__file__).parent / "fixtures"
BOARD = FIXTURES / "mmmu-leaderboard-9092d1b-excerpt.json"
TREE = FIXTURES / "models.dev-f3fc692-models"
COMMIT = "9092d1bda95bd2f957c323fc8957c89db6944c5a"


@pytest.mark.parametrize("name, setting", [
    ("GPT-5 w/ thinking", "thinking"), ("GPT-5 w/o thinking", ""),
    ("Gemini 2.5 Pro Deep-Think (2025-05-20)", "thinking"),
    ("GPT-5.4 Thinking w/ tools", "tools"), ("GPT-5.4 Thinking w/o tools", "thinking"),
    ("Llama 3.2 90B (CoT)", "CoT"), ("Claude Sonnet 4.5", ""),
    ("Gemini 3.1 Pro Thinking (High)", "thinking"),
    ("Gemini-2.5-Pro-Nonthinking", ""), ("Qwen3-VL-8B non-thinking", "")])
def test_the_setting_is_read_from_the_name(name, setting):
    assert setting_of(name) == setting


@pytest.fixture(scope="module")
def board():
    return mmmu_evidence(read_leaderboard(str(BOARD)), load_catalog(),
                         LEADERBOARD_BASE.format(commit=COMMIT))


def _find(rows, variant, bench):
    hits = [r for r in rows if r["variant"] == variant and r["benchmark"] == bench]
    assert len(hits) == 1, (variant, bench, hits)
    return hits[0]


def test_thinking_numbers_are_kept_apart(board):
    rows, _, refused = board
    assert refused == []  # every entry of the real file has the declared shape
    # GPT-5's two entries (leaderboard_data.json at 9092d1b): 84.2 with thinking,
    # 74.4 without; never one benchmark (wrong_values.csv, issue 24)
    assert _find(rows, "GPT-5 w/ thinking", "MMMU (val, thinking)")["value"] == "84.2"
    assert _find(rows, "GPT-5 w/o thinking", "MMMU (val)")["value"] == "74.4"
    assert _find(rows, "GPT-5 w/ thinking", "MMMU-Pro (overall, thinking)"
                 )["value"] == "78.4"
    assert not [r for r in rows if r["variant"] == "GPT-5 w/ thinking"
                and r["benchmark"] == "MMMU (val)"]
    deep = [r for r in rows if "Deep-Think" in r["variant"]]
    assert deep and {r["benchmark"] for r in deep} == {"MMMU (val, thinking)"}


def test_numbers_land_on_their_rows_with_their_size_and_kind(board):
    rows, _, refused = board
    assert refused == []  # every entry of the real file has the declared shape
    r = _find(rows, "GPT-5 w/o thinking", "MMMU (val)")
    assert r["model"] == "GPT-5" and r["kind"] == "self-reported"  # source: author
    assert r["source"] == ("https://github.com/MMMU-Benchmark/mmmu-benchmark.github.io"
                           f"/blob/{COMMIT}/leaderboard_data.json")
    # a family row takes the checkpoint whose size its range holds
    r = _find(rows, "InternVL3-38B", "MMMU (val)")
    assert (r["model"], r["params"], r["value"]) == ("InternVL3 (8B–78B)", "38B",
                                                     "70.1")
    assert _find(rows, "InternVL3-2B", "MMMU (val)")["model"] == "InternVL3 (1B/2B)"
    # the size is the name's total, never the active 22B of the leaderboard column
    assert _find(rows, "Qwen3-VL 235B-A22B", "MMMU (val)")["params"] == "235B"
    assert _find(rows, "Kimi-VL-A3B", "MMMU (val)")["params"] == ""


def test_every_number_is_a_registry_benchmark_and_loads(board, tmp_path):
    rows, _, refused = board
    assert refused == []  # every entry of the real file has the declared shape
    assert all(r["benchmark"] in BY_LABEL for r in rows)
    path = tmp_path / "ev.csv"
    assert write_evidence(path, rows) == len(rows)
    assert write_evidence(path, rows) == 0  # each number once
    ev = load_evidence(load_catalog(), path)
    assert len(ev.rows) == len(rows)


def test_unmatched_entries_are_listed_not_guessed(write_csv):
    # a catalog with Gemma 3 but not Gemma 4: Gemma 4 31B is not filed under it
    cat = load_catalog()
    path = write_csv([dict(cat["Gemma 3 (4B/12B/27B)"].raw), dict(cat["GPT-5"].raw)])
    entries = [{"info": {"name": "Gemma 4 31B", "size": "31B", "date": "2026-04-02",
                         "type": "open_source"}, "pro": {"overall": "76.9",
                                                         "source": "author"}},
               {"info": {"name": "Gemma 3-27B", "size": "27B", "type": "open_source"},
                "validation": {"overall": "64.9", "source": "author"}},
               {"info": {"name": "Human Expert (High)", "type": "human_expert"},
                "validation": {"overall": "88.6"}}]
    rows, unmatched, refused = mmmu_evidence(entries, load_catalog(path),
                                             "https://example.org/x")
    assert refused == []
    assert unmatched == ["Gemma 4 31B"]
    assert [(r["model"], r["params"], r["value"]) for r in rows] == [
        ("Gemma 3 (4B/12B/27B)", "27B", "64.9")]


def test_a_name_without_a_row_matches_none():
    names = names_of(load_catalog())
    assert match("Reka Core", names) is None
    assert match("Gemini 2.5 Pro 05-06", names).model == "Gemini 2.5 Pro"


def test_a_bad_leaderboard_file_is_one_error(tmp_path):
    bad = tmp_path / "lb.json"
    bad.write_text(json.dumps([1, 2]))
    with pytest.raises(AdvisorError, match="'leaderboardData' list"):
        read_leaderboard(str(bad))
    bad.write_text("{")
    with pytest.raises(AdvisorError, match="not JSON"):
        read_leaderboard(str(bad))


def test_the_bundled_evidence_is_never_written(board):
    from advisor.evidence import bundled_evidence_path
    with pytest.raises(AdvisorError, match="bundled evidence"):
        write_evidence(bundled_evidence_path(), board[0])


# -- models.dev's models/ tree ---------------------------------------------------------
@pytest.fixture(scope="module")
def tree():
    return read_tree(str(TREE), "f3fc692299671838c7c65fd8126bf84d81a2e817")


def test_tree_rows_cite_each_file_at_its_commit(tree):
    data, base = tree
    rows, refused = tree_rows(data, base, "2026-12-03")
    by = {r["name"]: r for r in rows}
    gemma = by["Gemma 4 31B IT"]  # models/google/gemma-4-31b-it.toml
    assert gemma == {
        "name": "Gemma 4 31B IT", "token_limit": "262144", "modalities": "text; image",
        "open_weights": "yes", "release_date": "2026-04-02",
        "hf_id": "google/gemma-4-31B-it", "parameter_count": "",
        "organisation": "google",
        "source": "https://github.com/anomalyco/models.dev/blob/f3fc692299671838c7c65f"
                  "d8126bf84d81a2e817/models/google/gemma-4-31b-it.toml",
        "as_of": "2026-12-03", "origin": "imported", "caveats": ""}
    assert by["GPT-5.4"]["token_limit"] == "1050000"
    assert by["Gemini 3 Pro Preview"]["modalities"] == "text; image; audio; video; pdf"


def test_tree_refusals_say_why_and_snapshots_fold(tree):
    data, base = tree
    rows, refused = tree_rows(data, base, "2026-12-03")
    why = dict(refused)
    assert why["openai/gpt-image-1"] == "generates images or video"
    assert why["google/gemini-2.5-flash-image"] == "generates images or video"
    assert why["google/gemini-2.5-flash-tts"].startswith("no text output")
    assert why["deepseek/deepseek-chat"] == "no image or video input"
    assert why["openai/whisper-large-v3"] == "no image or video input"
    # Claude Opus 4.5: one row (the undated entry's values), the snapshot named
    assert why["anthropic/claude-opus-4-5-20251101"] == (
        "a dated snapshot of 'anthropic/claude-opus-4-5': folded into it")
    opus = [r for r in rows if r["name"].startswith("Claude Opus 4.5")]
    assert len(opus) == 1 and opus[0]["release_date"] == "2025-11-24"
    assert "claude-opus-4-5-20251101" in opus[0]["caveats"]


def test_tree_parameters_are_read_where_a_file_gives_them(tmp_path):
    # the [parameters] table models.dev documents; no file of f3fc692 has one yet,
    # so this checks the reading on a file written here
    lab = tmp_path / "models" / "acme"
    lab.mkdir(parents=True)
    (lab / "v.toml").write_text('name = "Acme V"\n[limit]\ncontext = 8192\n'
                                '[modalities]\ninput = ["text", "image"]\n'
                                'output = ["text"]\n[parameters]\ntotal = 8_290_000_000'
                                '\n')
    rows, _ = tree_rows(*read_tree(str(tmp_path)), "2026-12-03")
    assert rows[0]["parameter_count"] == "8.29B"


def test_tree_benchmarks_become_evidence_with_their_setting(tree):
    data, base = tree
    rows, skipped = tree_evidence(data, base, {"sakana/fugu": "Fugu"})
    assert rows == [{
        "model": "Fugu", "variant": "Fugu", "params": "",
        "benchmark": "CharXiv Reasoning", "value": "85.1", "scale": "100",
        "metric": "accuracy %", "kind": "self-reported",  # the maker's own console
        "source": "https://console.sakana.ai/models",
        "note": "models.dev sakana/fugu.toml"}]
    assert skipped["SWE Bench Pro"] == 1 and "CharXiv Reasoning" not in skipped


def test_a_tree_import_writes_rows_and_evidence(tmp_path):
    from advisor.imports import catalog_import
    into, ev = tmp_path / "my.csv", tmp_path / "ev.csv"
    plan = catalog_import("models.dev-tree", str(TREE), into,
                          commit="f3fc692299671838c7c65fd8126bf84d81a2e817",
                          evidence_into=ev)
    assert (plan.read, len(plan.new), len(plan.refused)) == (17, 11, 6)
    assert plan.reasons() == {"generates images or video": 2,
                              "no image or video input": 2,
                              "a dated snapshot of …: folded into it": 1,
                              "no text output (speech or another output only)": 1}
    cat = load_catalog(into)
    assert "Gemma 4 31B IT" in cat
    with ev.open(encoding="utf-8") as f:
        assert [r["model"] for r in csv.DictReader(f)] == ["Fugu"]


@pytest.mark.parametrize("text, message", [
    ('name = "x"\n[limit\n', "not TOML"),
])
def test_a_bad_tree_is_one_error(tmp_path, text, message):
    lab = tmp_path / "models" / "acme"
    lab.mkdir(parents=True)
    (lab / "x.toml").write_text(text)
    with pytest.raises(AdvisorError, match=message):
        read_tree(str(tmp_path))
    with pytest.raises(AdvisorError, match="not a folder"):
        read_tree(str(tmp_path / "nowhere"))
    with pytest.raises(AdvisorError, match="not a git commit"):
        read_tree(str(TREE), "main; rm")


def test_a_leaderboard_entry_of_the_wrong_shape_is_refused_and_counted(tmp_path,
                                                                        capsys):
    # issue 29: each entry is checked against BOARD_FIELDS; a refusal names the
    # entry, the field and the value, and the summary counts it
    from advisor.cli import main
    good = {"info": {"name": "Gemma 3-27B", "type": "open_source"},
            "validation": {"overall": "64.9", "source": "author"}}
    bad = [{"info": {"name": "X", "type": "open_source"},
            "validation": {"overall": True}},
           {"info": {"name": "Y"}, "pro": ["64"]}, 7, {"info": {"size": "1B"}}]
    board = tmp_path / "leaderboard_data.json"
    board.write_text(json.dumps({"leaderboardData": [good, *bad]}))
    rows, unmatched, refused = mmmu_evidence(
        read_leaderboard(str(board)), load_catalog(), "https://example.org/x")
    assert [r["value"] for r in rows] == ["64.9"]
    assert refused == [("X", "validation.overall is True, not a number from 0 to "
                             "100"),
                       ("Y", "pro is ['64'], not an object"),
                       ("entry 4", "the entry is int, not an object"),
                       ("entry 5", "info.name is missing")]
    code = None
    try:
        main(["evidence", "import", "--from", "mmmu", str(board), "--into",
              str(tmp_path / "ev.csv"), "--commit", "9092d1b", "--dry-run"])
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr().out
    assert code in (None, 0) and "refused Y: pro is ['64'], not an object" in out
    assert out.rstrip().endswith("refused 4")
