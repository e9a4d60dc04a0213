"""evidence: the benchmark registry, evidence.csv and capability, against the
numbers of ../shared/facts/capability_facts.csv that evidence.csv copies."""

import csv

import numpy as np
import pytest
from conftest import ROOT

from advisor import AdvisorError, advise
from advisor.engine import evidence_of, placed_of
from advisor.evidence import BENCHMARKS, BY_ID, load_evidence, model_numbers
from advisor.vocab import TASKS

CAPABILITY = ROOT.parent / "shared" / "facts" / "capability_facts.csv"


def test_registry_labels_are_unique_and_tasks_known():
    labels = [label for b in BENCHMARKS for label in b.labels]
    assert len(labels) == len(set(labels))
    assert all(set(b.tasks) <= set(TASKS) for b in BENCHMARKS)
    # different versions, splits and settings are different benchmarks
    for a, b in (("mmmu-val", "mmmu-cot"), ("mmbench-en-test-v1.0", "mmbench-v1.1"),
                 ("docvqa-test", "docvqa-val"), ("ocrbench", "ocrbench-v2-en")):
        assert BY_ID[a].labels != BY_ID[b].labels and BY_ID[a].setting


def test_every_number_is_a_sourced_row_of_the_facts_file(catalog):
    with open(ROOT / "evidence.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 217
    assert all(r["source"].startswith("https://") for r in rows)
    if not CAPABILITY.exists():
        pytest.skip("the facts file lives in ../shared")
    with open(CAPABILITY, encoding="utf-8") as f:
        facts = {(r["variant"], r["value"].split("/")[0], r["source_url"])
                 for r in csv.DictReader(f)}
    for r in rows:
        assert (r["variant"], r["value"], r["source"]) in facts, r


def test_scales_are_put_on_the_benchmarks_own(catalog):
    ev = evidence_of(catalog, None)
    ocr = [i for i, r in enumerate(ev.rows) if r["benchmark"] == "OCRBench"]
    glm = next(i for i in ocr if ev.rows[i]["variant"] == "GLM-4.5V (w/ thinking)")
    assert ev.rows[glm]["value"] == "86.5" and ev.value[glm] == 865.0  # x10: /1000


def test_placement_golden(catalog):
    # MMMU (val) within 24 GB at bf16 (at most 8.3B): InternVL2_5-8B's 56.0 is 6th
    # of 17, MMBench v1.1 (test) 83.6 is the only one
    advice = advise({"tasks": ["vqa"], "gpu_memory_gb": 24, "precision": "bf16",
                     "top_k": 69}, catalog=catalog)
    internvl = next(r for r in advice if r.name == "InternVL2.5 (1B–38B)")
    assert internvl.evidence[0].startswith("MMMU (val) 56.0 (leaderboard, "
                                           "InternVL2_5-8B, 8B, https://")
    assert internvl.evidence[0].endswith("6th of 17 models with a number on it "
                                         "within the size limit")
    assert internvl.evidence[1].endswith("1st of 1 model with a number on it within "
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
    # GIT: COCO CIDEr and VQAv2 only, no MMMU or MMBench number (capability_notes.md)
    advice = advise({"tasks": ["vqa"], "top_k": 69}, catalog=catalog)
    git = next(r for r in advice if r.name == "GIT")
    assert git.capability is None and git.evidence == []
    assert git.explanation.endswith(
        "No published number for vqa in the evidence; released 2022-05-27: ranked "
        "after the models with published numbers, newest first.")
    with_numbers = [r.rank for r in advice if r.capability is not None
                    and not r.unknown]
    assert max(with_numbers) < git.rank  # every fully met model with a number


@pytest.mark.parametrize("rank_by, first, reason", [
    ("size", "GIT", "~177M, the smallest with vqa (facts.csv)"),
    ("context", "Llama 4 Scout", "10M tokens (Llama 4 model card)"),
    ("resolution", "Qwen3-VL", "4096 px (max_pixels 16,777,216)"),
    ("recency", "Claude Sonnet 4.5", "2025-09-29, the newest with vqa"),
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
    assert board[0]["ViDoRe"] == "89.4 (vidore/colqwen2.5-v0.2, self-reported)"
    assert board[0]["sources"][0].startswith("https://github.com/illuin-tech/")


def test_model_numbers_for_explain_and_compare(catalog):
    numbers = model_numbers(evidence_of(catalog, None),
                            placed_of(catalog, None, float("inf")),
                            catalog.position("Qwen2.5-VL-7B"))
    assert [(n["benchmark"], n["value"]) for n in numbers] == [
        ("MMMU", "58.6"), ("MMBench v1.1", "84.3"), ("DocVQA", "95.7"),
        ("OCRBench v2 (en)", "56.3")]


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
    (lambda p: p.write_bytes(b"model,\xff\n"), r"mine.csv: not UTF-8 text \(byte 6\)"),
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
