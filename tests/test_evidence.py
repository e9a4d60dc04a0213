"""evidence: the benchmark registry, evidence.csv and capability, against the
numbers of tests/fixtures/shared/facts/capability_facts.csv that evidence.csv copies."""

import csv
import functools
import json
import re

import numpy as np
import pytest
from conftest import ROOT

from advisor import AdvisorError, Requirements, advise
from advisor.engine import evidence_of, placed_of
from advisor.evidence import BENCHMARKS, BY_ID, load_evidence, model_numbers
from advisor.vocab import TASKS

CAPABILITY = ROOT / "tests" / "fixtures" / "shared" / "facts" / "capability_facts.csv"


def test_registry_labels_are_unique_and_tasks_known():
    labels = [label for b in BENCHMARKS for label in b.labels]
    assert len(labels) == len(set(labels))
    assert all(set(b.tasks) <= set(TASKS) for b in BENCHMARKS)
    # different versions, splits and settings are different benchmarks
    for a, b in (("mmmu-val", "mmmu-cot"), ("mmbench-en-test-v1.0", "mmbench-v1.1"),
                 ("docvqa-test", "docvqa-val"), ("ocrbench", "ocrbench-v2-en")):
        assert BY_ID[a].labels != BY_ID[b].labels and BY_ID[a].setting


def _evidence_rows() -> list[dict[str, str]]:
    with open(ROOT / "evidence.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_number_is_a_sourced_row_of_the_facts_file_or_the_leaderboard(catalog):
    rows = _evidence_rows()
    assert len(rows) == 704
    assert all(r["source"].startswith("https://") for r in rows)
    # the rows read from the MMMU leaderboard itself are checked against its excerpt
    # (test_mmmu_leaderboard_rows_are_the_pinned_entries); every other row copies
    # tests/fixtures/shared/facts/capability_facts.csv
    with open(CAPABILITY, encoding="utf-8") as f:
        facts = {(r["variant"], r["value"].split("/")[0], r["source_url"])
                 for r in csv.DictReader(f)}
    # and the 2026 refresh's numbers copy models_2026_facts.csv (its value or note)
    with open(CAPABILITY.with_name("models_2026_facts.csv"), encoding="utf-8") as f:
        recent = [r for r in csv.DictReader(f) if r["benchmark"] or "MMMU" in r["note"]]
    entries = _leaderboard_entries()
    tables = _tables()
    screenspot_pro, charxiv = _screenspot_pro_values(), _charxiv_reasoning()
    for r in rows:
        if r["source"] in TABLES and _from_table(r):  # read from a published
            assert _in_table(r, tables[r["source"]]), r  # table: it is in it
            continue
        if r["source"] in COMPARISONS:  # a table with the models as columns:
            assert _comparison_cell(r) == r["value"], r  # its row and column's cell
            continue
        if r["source"] == SCREENSPOT_PRO:  # its leaderboard's own data file
            assert r["value"] == screenspot_pro[_named_entry(r)], r
            continue
        if r["source"] == CHARXIV:  # its leaderboard's own data file
            assert float(r["value"]) == charxiv[_named_entry(r)], r
            continue
        assert (r["variant"], r["value"], r["source"]) in facts or (
            r["source"] == MMMU_LEADERBOARD and _entry_of(r, entries)) or any(
            r["source"] == f["source_url"] and (r["value"] == f["value"] or
                                                f" {r['value']}" in f["note"])
            for f in recent), r


TABLES = {  # a source -> its table, cut verbatim into tests/fixtures/benchmark-tables
    "https://github.com/QwenLM/Qwen2.5-VL/blob/a4b65072e8d386cc67db3e067198ab9dea03d598/"
    "README.md": "qwen2-vl-README-a4b6507.md",
    "https://github.com/QwenLM/Qwen2.5-VL/blob/f0af2996e843cf46aa5f778c38d6694500c2ca81/"
    "README.md": "qwen2.5-vl-README-f0af299.md",
    "https://huggingface.co/OpenGVLab/InternVL2_5-4B/commit/"
    "786e6398e9ea9c9c500d65b957ef20db46250f6a": "internvl2_5-4B-commit-786e639.md",
    "https://github.com/OpenBMB/MiniCPM-V/blob/0dbb566de090067266abb76e702fb289f09934c5/"
    "README.md": "minicpm-v-README-0dbb566.html",
    "https://github.com/OpenBMB/MiniCPM-V/blob/0dbb566de090067266abb76e702fb289f09934c5/"
    "docs/minicpm_o2dot6_en.md": "minicpm-o2.6-doc-0dbb566.html",
    "https://github.com/Video-MME/video-mme.github.io/blob/"
    "ee7b687ae861dcbf5c7452c69b246768bb10d89d/home_page.html":
    "video-mme-leaderboard-ee7b687.html",
    "https://github.com/deep-diver/ai-paper-reviewer/blob/"
    "c6e9a2869a688bf4a44def9b21d08131a0b1341b/content/paper-reviews/2412.05271/"
    "index.md": "internvl2.5-report-table10-c6e9a28.md",
    "https://github.com/meta-llama/llama-models/blob/"
    "a9c89c471f793423afd4cc3ca8671d6e56fe64cb/models/llama4/MODEL_CARD.md":
    "llama4-MODEL_CARD-a9c89c4.html",
    "https://github.com/QwenLM/Qwen2.5-Omni/blob/"
    "f8bf58c6c68a66d3543f625ca08e285daf8fff53/README.md":
    "qwen2.5-omni-README-f8bf58c.md",
}
# the benchmarks read from these tables (older rows of the same sources copy the
# facts file and are checked against it)
FROM_TABLES = {"ChartQA (test)", "ChartQA", "BLINK (val)", "Mantis-Eval", "MTVQA",
               "HallusionBench (avg)", "HallusionBench",
               "MathVista (testmini)", "MathVista", "MVBench", "Video-MME (w/o subs)",
               "Video-MME (w/ subs)", "ScreenSpot", "ScreenSpot-Pro", "OSWorld",
               "MuirBench", "RefCOCO/+/g (average of 8 splits)", "MMMU-Pro (overall)"}


@functools.cache
def _fixture_table(name: str) -> str:
    """A table cut into tests/fixtures/benchmark-tables (read once)."""
    return (ROOT / "tests" / "fixtures" / "benchmark-tables" / name).read_text(
        encoding="utf-8")


def _html_rows(text: str) -> list[list[str]]:
    """An HTML table's rows of cell texts (bold, links and tags dropped, a <br> read
    as a space)."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = ""
            elif tag == "br" and self.cell is not None:
                self.cell += " "

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(" ".join(self.cell.split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    p = Cells()
    p.feed(text)
    return p.rows


def _tables() -> dict[str, list[list[str]]]:
    """Each table source's rows of cells: markdown rows split on '|', HTML rows
    by their cells (_html_rows)."""
    out = {}
    for source, name in TABLES.items():
        text = _fixture_table(name)
        if name.endswith(".html"):
            out[source] = _html_rows(text)
        else:
            out[source] = [[re.sub(r"<[^>]+>|\*\*|\[.*?\]\(.*?\)", " ", c).strip()
                            for c in line.strip().strip("|").split("|")]
                           for line in text.splitlines() if line.startswith("|")]
    return out


# a source whose table has the models as its columns -> that table, cut verbatim into
# tests/fixtures/benchmark-tables; each of its rows of evidence.csv names the table's
# row and column in its note ("row 'MMMU'; column 'GPT5.2'")
COMPARISONS = {
    "https://qwen.ai/blog?id=qwen3.5": "qwen3.5-blog-vision-language.md",
    "https://huggingface.co/Qwen/Qwen3.5-122B-A10B-FP8":
    "qwen3.5-122b-a10b-fp8-card-vision-language.md",
    "https://huggingface.co/google/gemma-4-26B-A4B-it":
    "gemma-4-26b-a4b-it-card-benchmarks.md",
    "https://qwen.ai/blog?id=qwen3.6-35b-a3b":
    "qwen3.6-35b-a3b-blog-vision-language.md",
    "https://qwen.ai/blog?id=qwen3.6-27b": "qwen3.6-27b-blog-vision-language.md",
    # an HTML table with the models as rows: the note names the row and the column
    "https://github.com/rednote-hilab/dots.ocr/blob/"
    "36d7248878f181c6257dc1cbd799ae940970444f/README.md":
    "dots.ocr-README-36d7248.html",
}


def _comparison_cell(row: dict[str, str]) -> str | None:
    """The cell of a COMPARISONS table at the row and column a row's note names,
    as the row writes it (without a '%'); None where the table has no such cell."""
    named = re.search(r"row '(.+)'; column '(.+)'$", row["note"])
    name = COMPARISONS[row["source"]]
    text = _fixture_table(name)
    if name.endswith(".html") and named:
        header, *body = _html_rows(text)
        column = header.index(named.group(2))
        # a row short of cells, under a cell spanning rows, is aligned to the right
        return next((r[column - len(header)] for r in body if named.group(1) in r),
                    None)
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not header:
            header = cells
        elif named and cells[0] == named.group(1) and named.group(2) in header:
            at = header.index(named.group(2))
            return cells[at].removesuffix("%") if at < len(cells) else None
    return None


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9.]", "", text.casefold())


def _from_table(row: dict[str, str]) -> bool:
    """Whether a row of a TABLES source was read from its table (the others copy
    the facts file and are checked there)."""
    return row["benchmark"] in FROM_TABLES or row["note"].startswith(
        "MiniCPM-V README OmniDocBench")


def _in_table(row: dict[str, str], table: list[list[str]]) -> bool:
    """The row's value is a cell (or a part of an 'a/b' cell, with its trailing
    '*') of a table row that names the row's benchmark (the note's 'row X') or its
    model (the variant, to its first parenthesis), under the note's 'column X'."""
    named = re.search(r"row (.+?)(?: \d|$|;| \()", row["note"])
    name = _fold(named.group(1)) if named else ""
    model = _fold(row["variant"].split(" (")[0])
    column = re.search(r"column (.+?)(?:;|$)", row["note"])
    header: list[str] = []
    for cells in table:
        if cells and cells[0] in ("Model", "Model Name", "Method Type"):
            header = [_fold(h) for h in cells]  # the table this row is in
            continue
        heads = [_fold(c) for c in cells[:2]]
        by_row = bool(name) and any(  # the benchmark named in its first cells
            h and (name.startswith(h) or h.startswith(name)) for h in heads)
        by_model = any(h and (h.startswith(model) or model.startswith(h))
                       for h in heads)
        if not (by_row or by_model):
            continue
        if column and by_model:
            at = [i for i, h in enumerate(header) if h == _fold(column.group(1))]
            if at and at[0] < len(cells) and row["value"] in [
                    v.strip().rstrip("*") for v in cells[at[0]].split("/")]:
                return True
            continue
        values = [v.strip().rstrip("*").strip() for c in cells[1:]
                  for v in c.replace(" / ", "/").split("/")]
        if row["value"] in values or f"{float(row['value']):g}" in values:
            return True
    return False


SCREENSPOT_PRO = ("https://github.com/GUI-Agent/grounding-leaderboard/blob/"
                  "ef17af06d60111eccbbdff93d8539dbcf2f7ab7c/results/screenspot_pro.json")


def _named_entry(row: dict[str, str]) -> str | None:
    """The leaderboard entry a row's note names (``entry '...'``), if any."""
    named = re.search(r"entry '([^']+)'", row["note"])
    return named.group(1) if named else None


def _screenspot_pro_values() -> dict[str, str]:
    """Each leaderboard entry's value as a row writes it: the overall average
    accuracy in %, to one decimal (the excerpt in
    tests/fixtures/screenspot-pro-leaderboard-ef17af0-excerpt.json)."""
    entries = json.loads((ROOT / "tests" / "fixtures" /
                          "screenspot-pro-leaderboard-ef17af0-excerpt.json"
                          ).read_text(encoding="utf-8"))
    return {name: f"{100 * e['results']['overall']['avg']:.1f}"
            for name, e in entries.items()}


CHARXIV = ("https://github.com/charxiv/charxiv.github.io/blob/"
           "5a41705999e7d99610482bedfd9e441511a8c73e/data/val_result.csv")


def _charxiv_reasoning() -> dict[str, float]:
    """Each entry's reasoning-questions overall (the file's first 'Overall'
    column, under the site's 'Reasoning Questions' heading), in
    tests/fixtures/benchmark-tables/charxiv-val_result-5a41705.csv."""
    with open(ROOT / "tests" / "fixtures" / "benchmark-tables" /
              "charxiv-val_result-5a41705.csv", encoding="utf-8") as f:
        table = list(csv.reader(f))
    assert table[0][:4] == ["Model", "Weight", "Size [V/L] (B)", "Overall"]
    return {r[0]: float(r[3]) for r in table[1:]}


MMMU_LEADERBOARD = ("https://github.com/MMMU-Benchmark/mmmu-benchmark.github.io/blob/"
                    "9092d1bda95bd2f957c323fc8957c89db6944c5a/leaderboard_data.json")
# evidence variants that name their leaderboard entry otherwise
ENTRY_OF = {
    "DeepSeek-VL2 (4.5B activated)": "DeepSeek-VL2",
    "DeepSeek-VL2-Small (2.8B activated)": "DeepSeek-VL2-Small",
    "DeepSeek-VL2-Tiny (1.0B activated)": "DeepSeek-VL2-Tiny",
    "Qwen3-VL-235B-A22B": "Qwen3-VL 235B-A22B",
    "Gemini 2.5 Pro Deep-Think (2025-05-20)": "Gemini 2.5 Pro Deep-Think",
    "InternVL2_5-8B": "InternVL2.5-8B",
    "Llama-4-Scout-17B-16E-Instruct": "Llama 4 Scout",
    "Llama-4-Maverick-17B-128E-Instruct": "Llama 4 Maverick",
}


def _leaderboard_entries() -> dict[str, dict]:
    path = ROOT / "tests" / "fixtures" / "mmmu-leaderboard-9092d1b.json"
    return {e["info"]["name"]: e
            for e in json.loads(path.read_text(encoding="utf-8"))["leaderboardData"]}


def _entry_of(row: dict[str, str], entries: dict[str, dict]) -> dict | None:
    for name in (ENTRY_OF.get(row["variant"]), row["variant"], _named_entry(row)):
        if name in entries:
            return entries[name]
    return None


def test_mmmu_leaderboard_rows_are_the_pinned_entries():
    # every row citing the leaderboard is one part of its entry (validation, test or
    # MMMU-Pro overall), under the setting the entry's name states (issue 24: a
    # thinking number is never filed as a direct answer)
    from advisor.feeds import setting_of
    parts = {"MMMU (val": "validation", "MMMU (test": "test",
             "MMMU-Pro (overall": "pro"}
    rows = [r for r in _evidence_rows() if r["source"] == MMMU_LEADERBOARD]
    assert len(rows) == 112
    entries = _leaderboard_entries()
    for r in rows:
        e = _entry_of(r, entries)
        assert e is not None, r
        part = next(p for k, p in parts.items() if r["benchmark"].startswith(k))
        assert float(r["value"]) == float(e[part]["overall"]), (r, e)
        setting = setting_of(e["info"]["name"])
        assert (f", {setting}" if setting in ("thinking", "CoT") else
                ", with tools" if setting == "tools" else "") in r["benchmark"] or (
            not setting and "," not in r["benchmark"]), (r, setting)
    # the rows added from it for models that had no comparable MMMU number
    for model, entry in (("Qwen2.5-VL-3B", "Qwen2.5-VL 3B"),
                         ("Gemma 3 (4B/12B/27B)", "Gemma 3-4B"),
                         ("GPT-5", "GPT-5 w/ thinking"),
                         ("Gemma 4 (26B A4B / 31B)", "Gemma 4 31B")):
        assert any(r["model"] == model and r["variant"] == entry for r in rows)
    # the thinking entries of GPT-5 and Gemini 2.5 Pro Deep-Think are not MMMU (val)
    assert not [r for r in rows if r["benchmark"] == "MMMU (val)" and
                setting_of(r["variant"]) == "thinking"]


def test_scales_are_put_on_the_benchmarks_own(catalog):
    ev = evidence_of(catalog, None)
    # GLM-4.5V's is a thinking-mode number: OCRBench's twin for that setting
    ocr = [i for i, r in enumerate(ev.rows) if r["benchmark"] == "OCRBench (thinking)"]
    glm = next(i for i in ocr if ev.rows[i]["variant"] == "GLM-4.5V (w/ thinking)")
    assert ev.rows[glm]["value"] == "86.5" and ev.value[glm] == 865.0  # x10: /1000


def test_placement_golden(catalog):
    # MMMU (val) within 24 GB at bf16 (at most 10B): InternVL2_5-8B's 56.0 is 6th
    # of 20, after InternVL3-8B 62.7, Qwen2.5-Omni-7B 59.2, Ovis2-8B 59.0,
    # Qwen2.5-VL 7B 58.6 and InternVL3-9B 57.7 (the leaderboard); GLM-4.1V-9B-
    # Thinking's 68.0 is a thinking-mode number and is placed among those (issue
    # 25); MMBench v1.1 (test) 83.6 is the only one
    advice = advise({"tasks": ["vqa"], "gpu_memory_gb": 24, "precision": "bf16",
                     "top_k": 69}, catalog=catalog)
    internvl = next(r for r in advice if r.name == "InternVL2.5 (1B–38B)")
    assert internvl.evidence[0].startswith("MMMU (val) 56.0 (leaderboard, "
                                           "InternVL2_5-8B, 8B, https://")
    assert internvl.evidence[0].endswith("6th of 20 models with a number on it "
                                         "within the size limit")
    # MMMU (test) 48.9 and MMMU-Pro 34.3 (the leaderboard file, issue 24): each
    # placed among the few checkpoints within the limit that have one
    assert internvl.evidence[1].startswith("MMMU (test) 48.9 (self-reported")
    assert internvl.evidence[1].endswith("1st of 2 models with a number on it "
                                         "within the size limit")
    assert internvl.evidence[3].endswith("1st of 1 model with a number on it within "
                                         "the size limit")


def test_the_variant_that_fits_the_size_limit(catalog):
    # InternVL2.5 family 1B–38B: MMMU val 43.6 for 2B, 56.0 for 8B
    small = advise({"tasks": ["vqa"], "max_params": "4B", "top_k": 69},
                   catalog=catalog)
    rec = next(r for r in small if r.name == "InternVL2.5 (1B–38B)")
    assert rec.evidence[0].startswith("MMMU (val) 43.6 (self-reported, "
                                      "InternVL2_5-2B, 2B")
    assert "InternVL2_5-2B" in rec.explanation


def test_no_evidence_is_its_own_outcome(catalog):
    # GIT: COCO CIDEr and VQAv2 only, no MMMU or MMBench number (capability_notes.md),
    # but its tasks say vqa: it ranks on that claim, as the weakest model with a
    # published number, so a model measured near zero never outranks a claim
    advice = advise({"tasks": ["vqa"], "top_k": 200}, catalog=catalog)
    git = next(r for r in advice if r.name == "GIT")
    assert git.capability is None and git.evidence == []
    assert git.explanation.endswith(
        "No published number for vqa in the evidence; its tasks say it does them: "
        "ranked as the weakest model with a published number.")
    measured = [r.capability for r in advice if r.capability is not None]
    assert git.primary == pytest.approx(min(measured))
    # superseded ones (Gemini 2.5 Pro, ...) still follow the current ones whatever
    # their numbers
    superseded = [r.rank for r in advice if r.model["status"] and not r.unknown]
    assert superseded and min(superseded) > git.rank
    # where no model has a number on the asked tasks' benchmarks (grounding has
    # none), the claim has nothing to be placed among: newest first
    grounding = advise({"tasks": ["grounding"], "top_k": 3}, catalog=catalog)
    first = grounding[0]
    assert first.capability is None and first.explanation.endswith(
        "ranked after the models with published numbers, newest first.")


@pytest.mark.parametrize("rank_by, first, reason", [
    ("size", "GIT", "~177M, the smallest with vqa (facts.csv)"),
    ("context", "Llama 4 Scout", "10M tokens (Llama 4 model card)"),
    ("resolution", "Qwen3-VL", "4096 px (max_pixels 16,777,216)"),
    ("recency", "Claude Haiku 5.5", "2026-10-07 (models.dev), the newest with vqa"),
])
def test_rank_by(catalog, rank_by, first, reason):
    advice = advise({"tasks": ["vqa"], "rank_by": rank_by}, catalog=catalog)
    assert advice.names[0] == first, reason
    assert advice.requirements.rank_by == rank_by


def test_rank_by_similarity_needs_a_target(catalog):
    near = advise({"similar_to": "clip", "rank_by": "similarity"}, catalog=catalog)
    sims = [r.similarity for r in near]
    assert sims == sorted(sims, reverse=True)
    with pytest.raises(AdvisorError, match="rank_by: 'similarity' needs similar_to"):
        advise({"rank_by": "similarity"}, catalog=catalog)
    with pytest.raises(AdvisorError, match=r"rank_by: unknown value 'speed'; "
                                           r"valid choices"):
        advise({"rank_by": "speed"}, catalog=catalog)


def test_leaderboard(catalog):
    board = advise({"tasks": ["document-retrieval"]}, catalog=catalog).leaderboard()
    # only the models with a number: ColQwen2 and ColPali (ViDoRe, README table)
    assert [r["model"] for r in board] == ["ColQwen2 / ColQwen2.5", "ColPali"]
    n = board[0]["numbers"][0]
    assert (n["benchmark"], n["value"], n["scale"], n["checkpoint"], n["kind"]) == (
        "ViDoRe", 89.4, 100, "vidore/colqwen2.5-v0.2", "self-reported")
    assert board[0]["sources"][0].startswith("https://github.com/illuin-tech/")
    # numbers are on the benchmark's own scale: Ovis2's OCRBench 89.8 (its README's
    # %) is 898 of 1000, as every other OCRBench number, and says how it was written
    ocr = advise({"tasks": ["ocr"]}, catalog=catalog).leaderboard()
    ovis = next(x for r in ocr if r["model"] == "Ovis2 (1B–34B)" for x in r["numbers"]
                if x["benchmark"] == "OCRBench")
    assert (ovis["value"], ovis["as_written"], ovis["scale"]) == (898.0, "89.8", 1000)


def test_model_numbers_for_explain_and_compare(catalog):
    numbers = model_numbers(evidence_of(catalog, None),
                            placed_of(catalog, None, float("inf")),
                            catalog.position("Qwen2.5-VL-7B"))
    assert [(n["benchmark"], n["value"]) for n in numbers] == [
        ("MMMU (val)", "58.6"), ("MMMU-Pro (overall)", "38.3"), ("MMMU", "58.6"),
        ("MMBench v1.1", "84.3"),
        ("DocVQA", "95.7"), ("OCRBench v2 (en)", "56.3"),
        ("CharXiv (reasoning, val)", "42.5"), ("Video-MME (w/o subs)", "65.1"),
        ("Video-MME (w/ subs)", "71.6"),
        ("ScreenSpot", "84.7"), ("ScreenSpot-Pro", "29.0"), ("MuirBench", "59.2"),
        ("MathVista", "68.2")]


@pytest.mark.parametrize("row, message", [
    ("CLIP (ViT-B/32),x,,ImageNet top-1,63,100,%,leaderboard,https://x,",
     r"mine.csv: row 2, column 'benchmark': unknown benchmark 'ImageNet top-1'"),
    ("Nope,x,,MMMU (val),50,100,%,leaderboard,https://x,",
     r"mine.csv: row 2, column 'model': unknown model 'Nope'"),
    ("CLIP (ViT-B/32),x,,MMMU (val),150,100,%,leaderboard,https://x,",
     r"mine.csv: row 2, column 'value': 150 on a scale of 100.0 does not fit"),
    ("CLIP (ViT-B/32),x,,MMMU (val),50,100,%,rumour,https://x,",
     r"mine.csv: row 2, column 'kind': 'rumour' is not one of"),
    ("CLIP (ViT-B/32),x,,MMMU (val),50,100,%,leaderboard,a blog,",
     r"mine.csv: row 2, column 'source': 'a blog' is not a URL"),
])
def test_a_bad_evidence_file_names_row_and_column(catalog, write_evidence, row,
                                                  message):
    with pytest.raises(AdvisorError, match=message):
        load_evidence(catalog, write_evidence(row))


@pytest.mark.parametrize("make, message", [
    (lambda p: None, r"mine.csv: no such file"),
    (lambda p: p.mkdir(), r"mine.csv: a directory, not a regular file"),
    (lambda p: p.write_bytes(b"model,\xff\n"),
     r"mine.csv: not UTF-8 text \(line 1, byte 6 of the file\)"),
])
def test_an_unreadable_evidence_file_is_named(catalog, tmp_path, make, message):
    path = tmp_path / "mine.csv"
    make(path)
    with pytest.raises(AdvisorError, match=message):
        load_evidence(catalog, path)


def test_your_own_evidence(catalog, write_evidence):
    path = write_evidence("BLIP,blip-vqa,,MMMU (val),90,100,accuracy %,third-party,"
                          "https://example.org/made-up-for-a-test,",
                          "GIT,git,,MMMU (val),10,100,accuracy %,third-party,"
                          "https://example.org/test,")
    advice = advise({"tasks": ["vqa"]}, catalog=catalog, evidence=path)
    assert advice.names[0] == "BLIP"
    assert np.isnan(advice.evaluation.capability[catalog.position("Qwen3-VL")])


def test_the_spread_of_sources_stays_visible(catalog, write_evidence):
    path = write_evidence("BLIP,b,,MMMU (val),40,100,%,self-reported,https://e.org/a,",
                          "BLIP,b,,MMMU (val),35,100,%,third-party,https://e.org/b,",
                          "GIT,g,,MMMU (val),30,100,%,third-party,https://e.org/c,")
    advice = advise({"tasks": ["vqa"]}, catalog=catalog, evidence=path)
    blip = advice[0]
    assert blip.name == "BLIP"  # the maker's 40 is chosen over the third party's 35
    assert blip.evidence[0].startswith("MMMU (val) 40 (self-reported, b, ")
    assert blip.evidence[0].endswith("; other sources say 35 (third-party)")


def test_a_lower_is_better_benchmark_places_the_lowest_first(catalog):
    # OmniDocBench overall edit distance (EN), the MiniCPM-V README's table (issue
    # 25): PaddleOCR-VL 0.105 < MiniCPM-o 4.5 0.109 < DeepSeek-OCR 2 0.119 <
    # dots.ocr 0.125 < ... < GPT-5 0.218 (10 models, every setting counted: three
    # are Gemini numbers with thinking off); 0 is a perfect parse
    from advisor.evidence import BY_ID, SIGN
    bench = BY_ID["omnidocbench-edit-en"]
    assert bench.lower and SIGN[list(BY_ID).index(bench.id)] == -1
    advice = advise({"tasks": ["ocr"], "top_k": 200, "reasoning": "any"},
                    catalog=catalog)
    places = {r.name: e for r in advice for e in r.evidence
              if e.startswith("OmniDocBench (overall edit distance, EN)")}
    for name, place in (("PaddleOCR-VL (0.9B)", "1st"), ("MiniCPM-o 4.5", "2nd"),
                        ("dots.ocr", "4th"), ("GPT-5", "10th")):
        assert places[name].endswith(f"{place} of 10 models with a number on it")


def test_each_finer_task_is_ranked_on_its_own_benchmarks():
    # the task a number shows, its direction and its scale (issue 25): percentages
    # out of 100, higher is better, except OmniDocBench's edit distance (0 to 1,
    # lower is better)
    shows = {"chartqa-test": "chart-qa", "charxiv-reasoning": "chart-qa",
             "videomme-wo-subs": "video-qa", "videomme-w-subs": "video-qa",
             "mvbench": "video-qa", "screenspot": "gui-agent",
             "screenspot-pro": "gui-agent", "osworld": "gui-agent",
             "muirbench": "multi-image", "mtvqa": "multilingual-ocr",
             "omnidocbench-edit-en": "document-parsing"}
    for bid, task in shows.items():
        b = BY_ID[bid]
        assert task in b.shows, bid
        assert (b.scale, b.lower) == ((1, True) if bid.startswith("omnidoc")
                                      else (100, False)), bid
    # with and without subtitles are two benchmarks, never compared
    assert BY_ID["videomme-wo-subs"].labels != BY_ID["videomme-w-subs"].labels
    # numbers shown but not ranked on until a task asks for them
    for bid in ("mathvista", "mathvista-testmini", "hallusionbench",
                "hallusionbench-avg"):
        assert BY_ID[bid].tasks == ()
    # every finer task has a benchmark that ranks it
    from advisor.vocab import FINER_TASKS
    assert set(FINER_TASKS) <= {t for b in BENCHMARKS for t in b.shows}


def test_encoder_checkpoints_carry_their_published_sizes(catalog):
    # issue 25: under a size limit a number counts only when its checkpoint's own
    # size is known and fits. The sizes: open_clip's model profile (mparams) and
    # EVA-CLIP's 'total #params' column, cut into tests/fixtures/benchmark-tables
    from advisor.parsing import parse_count
    folder = ROOT / "tests" / "fixtures" / "benchmark-tables"
    with open(folder / "open_clip-model_profile-89fb801.csv", encoding="utf-8") as f:
        profile = {r["model"]: r["mparams"] for r in csv.DictReader(f)}
    eva = (folder / "eva-clip-README-b67d0e4.md").read_text(encoding="utf-8")
    sized = 0
    for r in _evidence_rows():
        if "model profile" in r["note"]:
            arch = r["note"].split(" for ", 1)[1].split(" in open_clip")[0]
            assert parse_count(r["params"]).low == pytest.approx(
                float(profile[arch]) * 1e6), r
            sized += 1
        elif "'total #params'" in r["note"]:
            line = next(x for x in eva.splitlines() if r["variant"] in x)
            assert f"| {r['params']} |" in line, r
            sized += 1
    assert sized == 9
    # so SigLIP's SO400M (878M) and L/16 (652M) numbers no longer count under
    # 500M, and EVA-02-CLIP L/14 at 336 px (428M, 80.4) leads the encoders there
    top = advise({"tasks": ["zero-shot-classification"], "max_params": "500M"},
                 catalog=catalog, top_k=3)
    assert top.names[0] == "EVA-CLIP (EVA-02-CLIP)"
    siglip = next((r for r in top if r.name == "SigLIP (ViT-L/14)"), None)
    assert siglip is None or siglip.capability is None


def test_thinking_and_direct_numbers_are_never_compared(catalog):
    # issue 25: each benchmark has a twin for numbers in a thinking mode. GPT-5's
    # MMMU (val) 74.4 'w/o thinking' and 84.2 'w/ thinking' (the leaderboard) are
    # two benchmarks; reasoning chooses which settings count
    assert BY_ID["ocrbench-thinking"].name == "OCRBench (thinking)"
    assert BY_ID["docvqa-val-thinking"].name == "DocVQA (val, thinking)"
    assert BY_ID["mmmu-val-thinking"].mode == "thinking" and not BY_ID["mmmu-val"].mode

    def numbers(mode):
        advice = advise({"tasks": ["vqa"], "reasoning": mode}, catalog=catalog,
                        top_k=200)
        return {r.name: r for r in advice}
    direct, thinking, both = numbers("direct"), numbers("thinking"), numbers("any")
    gpt5 = direct["GPT-5"].evidence
    assert gpt5[0].startswith("MMMU (val) 74.4")
    assert not any("thinking" in e.split(" (leaderboard")[0].split(" (self")[0]
                   for e in gpt5)
    assert thinking["GPT-5"].evidence[0].startswith("MMMU (val, thinking) 84.2")
    assert all(", thinking)" in e.split(" (self")[0].split(" (third")[0]
               or "(thinking)" in e for e in thinking["GPT-5"].evidence)
    # a thinking model has no direct number: under 'direct' it has no capability
    assert direct["GLM-4.1V-9B-Thinking"].capability is None
    assert thinking["GLM-4.1V-9B-Thinking"].capability is not None
    # 'any' counts both, each placed only among its own setting's numbers
    places = [e for e in both["GPT-5"].evidence if e.startswith("MMMU (val")]
    assert len(places) == 2 and "MMMU (val, thinking) 84.2" in places[1]


def test_similar_to_measures_what_the_target_does(catalog):
    # 'like Qwen2.5-VL-72B': its numbers show VQA, OCR, chart QA (CharXiv's
    # leaderboard), video QA, GUI agents and document parsing. A model is measured
    # on each of those tasks (weighted by how widely their benchmarks are
    # reported); one with no number on a task scores 1/2 for it if it does the
    # task, 0 if its tasks leave it out. PaddleOCR-VL parses documents best
    # (OmniDocBench 0.105) but answers no questions
    advice = advise({"similar_to": "Qwen2.5-VL-72B", "max_params": "10B"},
                    catalog=catalog, top_k=100)
    assert advice.evaluation.relevant.profile == (
        "vqa", "ocr", "chart-qa", "video-qa", "gui-agent", "document-parsing")
    cap = {r.name: r.capability for r in advice}
    assert cap["PaddleOCR-VL (0.9B)"] < 0.5 < cap["Qwen2.5-VL-7B"]
    # with tasks asked, the tasks decide: PaddleOCR-VL leads document parsing
    parse = advise({"tasks": ["document-parsing"], "max_params": "10B"},
                   catalog=catalog, top_k=1)
    assert parse.names == ["PaddleOCR-VL (0.9B)"]


@pytest.mark.parametrize("mode, variant, default, said", [
    ("", "GPT-5 w/o thinking", "thinking", "measured with thinking off"),
    ("", "Gemini2.5-Flash-Nonthinking", "thinking", "measured with thinking off"),
    ("", "Gemini 2.5 Pro 05-06", "thinking", ""),  # setting not stated: the default's
    ("thinking", "GPT-5 w/ thinking", "thinking", ""),
    ("CoT", "o", "thinking", "measured with chain-of-thought prompting"),
    ("thinking", "GPT-5.1 Thinking", "direct", "measured in its thinking mode"),
    ("CoT", "Llama-3.2-11B-Vision-Instruct", "direct",
     "measured with chain-of-thought prompting"),
    ("", "GPT-5 w/o thinking", "direct", ""),
    ("thinking", "Kimi-VL-A3B-Thinking", "", ""),  # default not stated: all count
    ("", "GPT-5 w/o thinking", "", ""),
    ("thinking", "Gemini 2.5 Pro Deep-Think", "thinking",
     "measured in Deep Think, a heavier mode than any default"),
    ("thinking", "Gemini 2.5 Pro Deep-Think", "", "measured in Deep Think, a heavier "
     "mode than any default"),
], ids=lambda v: v if isinstance(v, str) and v else "-")
def test_a_number_is_in_its_models_default_mode_or_says_why_not(mode, variant,
                                                                 default, said):
    from advisor.evidence import off_default
    assert off_default(mode, variant, default) == said


def test_reasoning_counts_each_models_default_mode_by_default(catalog):
    # issue 25: the reasoning key's default is the model's default mode (the
    # catalog's default_mode, each cell sourced). OpenAI's API reference: GPT-5
    # defaults to medium reasoning effort, GPT-5.1 to none; Google: thinking is on
    # by default for Gemini 2.5. Numbers in the other setting are left out and the
    # explanation says which and why; 'any' counts them, each among its own
    assert Requirements().reasoning == "default"

    def ranked(mode):
        return {r.name: r for r in advise({"tasks": ["vqa"], "reasoning": mode,
                                           "top_k": 200}, catalog=catalog)}
    default, every = ranked("default"), ranked("any")
    gpt5, gpt51 = default["GPT-5"], default["GPT-5.1"]
    assert not any("w/o thinking" in e for e in gpt5.evidence)
    assert any(e.startswith("MMMU (val, thinking) 84.2") for e in gpt5.evidence)
    assert any(e.startswith("MMMU (val) 74.4") for e in every["GPT-5"].evidence)
    assert ("Not counted, as GPT-5 thinks (reasons) before answering by default "
            "(default mode: thinking, per https://github.com/openai/openai-python/"
            "blob/6d9262d") in gpt5.explanation
    assert "MMMU (val) 74.4 (GPT-5 w/o thinking): measured with thinking off" in \
        gpt5.explanation
    assert not any("thinking" in e.split(" (self")[0] for e in gpt51.evidence)
    assert any(e.startswith("MMMU-Pro (overall, thinking) 79") for e in
               every["GPT-5.1"].evidence)
    assert "MMMU-Pro (overall, thinking) 79 (GPT-5.1 Thinking): measured in its " \
        "thinking mode" in gpt51.explanation
    # Deep Think is nobody's default; Gemini 2.5 Pro keeps its stated numbers
    pro = default["Gemini 2.5 Pro"]
    assert not any("Deep-Think" in e for e in pro.evidence)
    assert any(e.startswith("MMMU (val) 79.6") for e in pro.evidence)
    # a model whose default is not stated is ranked on every setting's numbers, as
    # with 'any' (their places differ only by the numbers others left out)
    def numbers(r):
        return [e.rsplit("): ", 1)[0] for e in r.evidence]
    assert numbers(default["Llama 3.2 Vision"]) == numbers(every["Llama 3.2 Vision"])
    assert any("(CoT)" in e for e in numbers(default["Llama 3.2 Vision"]))
    assert "Not counted" not in default["Llama 3.2 Vision"].explanation
    # the numbers left out leave the pools too: MMMU (val) has one model fewer
    assert any("of 40 models" in e for e in gpt51.evidence)
    assert any("of 41 models" in e for e in every["GPT-5.1"].evidence)


def test_refcoco_is_shown_and_not_ranked_on(catalog):
    # issue 25: RefCOCO/+/g, the mean of 8 splits (InternVL 2.5 report, Table 10):
    # accuracy in %, higher is better. The only numbers read here are 2024
    # models'; ranked on, they put Qwen2-VL and Florence-2 first for grounding
    # under 8B, above Qwen3-VL and Qwen2.5-VL that have none. So it is shown (the
    # model's numbers) and grounding is still ranked on the makers' claims
    from advisor.evidence import SIGN
    bench = BY_ID["refcoco-avg8"]
    assert (bench.scale, bench.tasks, SIGN[list(BY_ID).index(bench.id)]) == (
        100, (), 1.0)
    ev, placed = evidence_of(catalog, None), placed_of(catalog, None, float("inf"))
    shown = {n["benchmark"]: n["value"] for n in model_numbers(
        ev, placed, catalog.position("Qwen2-VL-72B"))}
    assert shown["RefCOCO/+/g (average of 8 splits)"] == "91.1"
    top = advise({"tasks": ["grounding"], "open_weights": True, "max_params": "8B"},
                 catalog=catalog, top_k=3)
    assert top.names[0] == "Qwen3-VL" and all(r.capability is None for r in top)
