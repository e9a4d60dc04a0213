"""Published capability evidence: the benchmark registry, evidence.csv, and the
capability of each model on the benchmarks of the requested tasks.

``BENCHMARKS`` declares each benchmark once: its name, the version, split and
setting its numbers were measured in, metric and scale, the tasks it is evidence
for, a one-line definition, and the labels sources print for it. Numbers of
different versions, splits or settings are different benchmarks and are never
compared: MMMU (val) and MMMU with chain-of-thought prompting, MMBench v1.0 and
v1.1, DocVQA test and val, OCRBench v1 and v2 each have their own entry, and a
label that leaves the split or version unstated is an entry of its own too.

Capability of a model (``capability``), in [0, 1]:
1. the benchmarks of the requested tasks (with no task, of the model's own kind of
   job: generative models on the general VQA benchmarks, encoders on zero-shot
   ImageNet; with ``similar_to``, the target model's benchmarks);
2. per model and benchmark one number: the largest checkpoint that meets the size
   limits (``max_params``, ``gpu_memory_gb``), then the maker's or a leaderboard's
   number over a third party's, then the higher value; the others stay visible as
   the spread;
3. each number placed among the catalog's models with that benchmark (within the
   size limit): p, the mean of its rank placement (n - place) / (n - 1) and of its
   place in the benchmark's range (value - min) / (max - min), shrunk towards 1/2
   by (n - 1) / (n - 1 + 3), so that a benchmark few models report cannot dominate
   and scales never mix;
4. the model's capability: the mean of its percentiles weighted by n - 1. A model
   with no number on these benchmarks has none (NaN): it is never given one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .errors import (
    AdvisorError,
    CsvRows,
    bundled_file,
    cell_error,
    check_url,
    did_you_mean,
    printable,
    read_file,
    utf8,
)
from .index import TASK_BITS, bits_of
from .parsing import ParseError, format_count, parse_count
from .requirements import REASONING_MODES
from .rules import OVERHEAD, best
from .vocab import FINER_TASKS, PRECISIONS, TASKS

if TYPE_CHECKING:  # pragma: no cover
    from .catalog import Catalog

__all__ = ["Benchmark", "BENCHMARKS", "BY_ID", "KINDS", "Evidence", "Placed",
           "bundled_evidence_path", "load_evidence", "capability", "benchmarks_for",
           "SHRINK", "GENERAL", "ENCODER", "words", "used", "definitions",
           "relevance", "size_cap", "model_numbers", "counted", "Relevance",
           "set_aside", "off_default", "label_setting", "LABEL_SETTINGS",
           "placements", "BY_LABEL", "task_bits", "task_numbers", "SHOWS", "SIGN"]

GENERAL = ("vqa", "instruction-following")  # the job of a generative model
ENCODER = ("zero-shot-classification",)     # the job of an encoder
MOST_EVIDENCE_BYTES = 1 << 30  # numbers for a synthetic catalog of millions of rows
SHRINK = 3.0  # pseudo-models that pull a small benchmark's percentile to 1/2


@dataclass(frozen=True)
class Benchmark:
    """One benchmark in one version, split and setting."""

    id: str
    name: str
    setting: str
    metric: str
    scale: float | None   # the top of the scale numbers are put on (None: open)
    tasks: tuple[str, ...]
    definition: str
    labels: tuple[str, ...]
    lower: bool = False  # a lower number is better (an edit distance, an error)
    mode: str = ""       # how the model answered: '' directly, or a SETTING_WORDS key

    @property
    def shows(self) -> tuple[str, ...]:
        """The tasks a number on it shows the model does (``tasks``, narrowed by
        ``SHOWS``)."""
        return SHOWS.get(self.tasks, self.tasks)


_MMMU = ("A multi-discipline benchmark of college-level questions about images "
         "(charts, diagrams, photos, tables) across many academic subjects.")
_MMMU_PRO = ("A harder MMMU: questions text-only models can answer removed, ten "
             "options instead of four, and a setting where the question is only in "
             "the image.")
_MMB = ("Multiple-choice questions probing perception and reasoning skills on "
        "images, scored with circular evaluation.")
_MLVU = "Questions about long videos, from minutes to hours."
_OSWORLD = ("Open-ended tasks carried out in a real desktop operating system by "
            "seeing the screen and acting on it.")
_PARSE = ("Parsing whole document pages (text, tables, formulas, reading order) "
          "into structured text")
_EDIT = _PARSE + (", scored by the edit distance to the reference: 0 is "
                  "perfect.")
_DOC = "Questions about scanned document pages, scored by ANLS (x100)."
_OCR = ("Text recognition, scene text, document and key-information questions; "
        "a score out of 1000 (v1).")
_VIDEO_MME = ("Multiple-choice questions about videos from seconds to an hour "
              "long, across many domains.")
_MATHVISTA = ("Mathematical reasoning over images (plots, geometry, tables, "
              "puzzles); shown, not ranked on: no task asks for it.")
_HALLUSION = ("Questions built to catch a model describing what an image does not "
              "show (visual illusions, edited charts); shown, not ranked on.")
_GEN = ("vqa", "instruction-following", "captioning")
# what a number on a benchmark shows the model does, where that is narrower than
# what the benchmark is evidence for in ranking: a general VQA benchmark (MMMU,
# MMBench) shows that it answers questions about images, not that it captions
SHOWS = {_GEN: ("vqa",)}
# a setting a number is filed under -> how a benchmark's label says it and how its
# description does ('' is a direct answer, or the setting not stated). Numbers in
# different settings are different benchmarks, never compared; with tools they are
# shown, not ranked on
SETTING_WORDS = {"": ("", ""), "thinking": (", thinking",
                                            "the model's thinking (reasoning) mode"),
                 "CoT": (", CoT", "chain-of-thought prompting"),
                 "tools": (", with tools", "with tools")}
# how an entry's or a checkpoint's label states the setting it was measured in,
# first match first: thinking turned off ('GPT-5 w/o thinking',
# 'Gemini2.5-Flash-Nonthinking'), tools ('Thinking w/ tools'), Deep Think, a
# heavier mode than any model's default ('Gemini 2.5 Pro Deep-Think'), thinking,
# chain-of-thought; '' where the label states none
LABEL_SETTINGS: tuple[tuple[str, re.Pattern], ...] = (
    ("off", re.compile(r"\bw/o\s+thinking\b|\bnon-?thinking\b", re.I)),
    ("tools", re.compile(r"\bw/\s*tools\b", re.I)),
    ("deep", re.compile(r"\bdeep[- ]?think\b", re.I)),
    ("thinking", re.compile(r"\bw/\s*thinking\b|\bthinking\b", re.I)),
    ("CoT", re.compile(r"\bcot\b|chain[- ]of[- ]thought", re.I)),
)
# why a number is not in its model's default mode (the catalog's default_mode),
# by (the default, the setting it was measured in: a benchmark's mode, or 'off'
# where its label says thinking was off); a label that leaves the setting unstated
# is taken as the default's, and Deep Think is never a default
OFF_DEFAULT = {("thinking", "off"): "measured with thinking off",
               ("thinking", "CoT"): "measured with chain-of-thought prompting",
               ("direct", "thinking"): "measured in its thinking mode",
               ("direct", "CoT"): "measured with chain-of-thought prompting"}
DEEP_THINK = "measured in Deep Think, a heavier mode than any default"


def label_setting(label: str) -> str:
    """The setting ``label`` states: a LABEL_SETTINGS key, or '' for none."""
    return next((s for s, words in LABEL_SETTINGS if words.search(label)), "")


# the MMMU leaderboard's parts -> the label its benchmarks take ({} the setting's words)
MMMU_PARTS = {"validation": "MMMU (val{})", "test": "MMMU (test{})",
              "pro": "MMMU-Pro (overall{})"}


def _in_settings(key: str, part: str, split: str, direct: str, definition: str,
                 settings: tuple[str, ...]) -> tuple[Benchmark, ...]:
    """One part of MMMU as a benchmark per setting: the direct answer (described by
    ``direct``), then each of ``settings`` in the order given."""
    out = []
    for s in ("", *settings):
        words, how = SETTING_WORDS[s]
        label = MMMU_PARTS[part].format(words)
        out.append(Benchmark(
            f"{key}-{s.lower()}" if s else key, label,
            f"{split}, {how}" if s else direct, "accuracy %", 100,
            () if s == "tools" else _GEN,
            definition + (" With tools: shown, not ranked on." if s == "tools" else ""),
            (label,), mode=s))
    return tuple(out)


BENCHMARKS: tuple[Benchmark, ...] = (
    *_in_settings("mmmu-val", "validation", "validation split",
                  "validation split, direct answer", _MMMU,
                  ("CoT", "thinking", "tools")),
    *_in_settings("mmmu-test", "test", "test split",
                  "test split, direct answer or not stated", _MMMU,
                  ("thinking", "CoT")),
    *_in_settings("mmmu-pro", "pro", "the mean of the standard and vision settings",
                  "the mean of the standard (10 options) and vision settings; direct "
                  "answer or not stated", _MMMU_PRO, ("thinking", "CoT", "tools")),
    Benchmark("mmmu-cot", "MMMU (CoT)", "chain-of-thought prompting, split not "
              "stated", "accuracy %", 100, _GEN, _MMMU, ("MMMU (CoT)",), mode="CoT"),
    Benchmark("mmmu", "MMMU", "split and setting not stated", "accuracy %", 100,
              _GEN, _MMMU, ("MMMU",)),
    Benchmark("mmmu-pro-unstated", "MMMU-Pro", "which settings are averaged not "
              "stated", "accuracy %", 100, _GEN, _MMMU_PRO, ("MMMU-Pro",)),
    Benchmark("mmbench-en-test-v1.0", "MMBench-EN (test, v1.0)", "v1.0, English, "
              "test split", "accuracy %", 100, _GEN, _MMB, ("MMBench-EN (test)",)),
    Benchmark("mmbench-test", "MMBench (test)", "test split, version and language "
              "not stated", "accuracy %", 100, _GEN, _MMB, ("MMBench (test)",)),
    Benchmark("mmbench-en", "MMBench (EN)", "English, version and split not "
              "stated", "accuracy %", 100, _GEN, _MMB, ("MMBench (EN)",)),
    Benchmark("mmbench", "MMBench", "version, language and split not stated",
              "accuracy %", 100, _GEN, _MMB, ("MMBench",)),
    Benchmark("mmbench-en-v1.1-test", "MMBench-EN v1.1 (test)", "v1.1, English, "
              "test split", "accuracy %", 100, _GEN, _MMB,
              ("MMBench-EN v1.1 (test)",)),
    Benchmark("mmbench-en-v1.1-dev", "MMBench-EN v1.1 (dev)", "v1.1, English, "
              "dev split", "accuracy %", 100, _GEN, _MMB, ("MMBench-EN v1.1 (dev)",)),
    Benchmark("mmbench-v1.1-test", "MMBench v1.1 (test)", "v1.1, test split, "
              "language not stated", "accuracy %", 100, _GEN, _MMB,
              ("MMBench v1.1 (test)",)),
    Benchmark("mmbench-en-v1.1", "MMBench-EN v1.1", "v1.1, English, split not "
              "stated", "accuracy %", 100, _GEN, _MMB, ("MMBench-EN v1.1",)),
    Benchmark("mmbench-v1.1", "MMBench v1.1", "v1.1, language and split not stated",
              "accuracy %", 100, _GEN, _MMB, ("MMBench v1.1",)),
    Benchmark("docvqa-test", "DocVQA (test)", "test split", "ANLS x100", 100,
              ("ocr",), _DOC, ("DocVQA (test)",)),
    Benchmark("docvqa-val", "DocVQA (val)", "validation split", "ANLS x100", 100,
              ("ocr",), _DOC, ("DocVQA (val)",)),
    Benchmark("docvqa", "DocVQA", "split not stated", "ANLS x100", 100, ("ocr",),
              _DOC, ("DocVQA",)),
    Benchmark("ocrbench", "OCRBench", "v1", "score /1000", 1000, ("ocr",), _OCR,
              ("OCRBench",)),
    Benchmark("ocrbench-v2-en", "OCRBench v2 (en)", "v2, English", "score %", 100,
              ("ocr",), "The second version of OCRBench, with harder text-centric "
              "tasks; English part, in %.", ("OCRBench v2 (en)",)),
    Benchmark("imagenet-zs", "ImageNet-1k zero-shot", "top-1, zero-shot",
              "accuracy %", 100, ("zero-shot-classification", "retrieval",
                                  "embedding"),
              "Top-1 accuracy on the 1,000 ImageNet classes by comparing an image "
              "with class-name prompts, without training on ImageNet.",
              ("ImageNet-1k zero-shot top-1",)),
    Benchmark("coco-cider-karpathy", "COCO Captions CIDEr (Karpathy test)",
              "Karpathy test split, after fine-tuning on COCO", "CIDEr", None,
              ("captioning",), "Agreement of generated captions with human "
              "captions of COCO images (CIDEr).",
              ("COCO Captions CIDEr (Karpathy test)",)),
    Benchmark("coco-cider", "COCO Captions CIDEr", "split not stated", "CIDEr",
              None, ("captioning",), "Agreement of generated captions with human "
              "captions of COCO images (CIDEr).", ("COCO Captions CIDEr",)),
    Benchmark("coco-cider-zs", "COCO Captions CIDEr (zero-shot)",
              "test split, zero-shot", "CIDEr", None, ("captioning",),
              "Agreement of generated captions with human captions of COCO images "
              "(CIDEr), without fine-tuning on COCO.",
              ("COCO Captions CIDEr (test, zero-shot)",)),
    Benchmark("vqav2-testdev", "VQAv2 (test-dev)", "test-dev split",
              "VQA accuracy %", 100, (), "Open-ended questions about COCO images; "
              "shown as evidence, not ranked on (no current model reports it).",
              ("VQAv2 test-dev",)),
    Benchmark("vidore", "ViDoRe", "version and metric not stated (README score)",
              "score", 100, ("document-retrieval",),
              "Retrieving the document page that answers a query among page "
              "images.", ("ViDoRe",)),
    Benchmark("molmo-avg11", "Average of 11 academic benchmarks", "Ai2's set",
              "average score", 100, (), "One maker's average over its own choice of "
              "benchmarks; shown, not ranked on.",
              ("Average of 11 academic benchmarks",)),
    Benchmark("omnidocbench-edit-en", "OmniDocBench (overall edit distance, EN)",
              "English pages, overall normalised edit distance, version not stated; "
              "lower is better", "edit distance", 1, ("document-parsing", "ocr"),
              _EDIT, ("OmniDocBench overall edit distance (EN)",), lower=True),
    Benchmark("omnidocbench-v1.5-edit", "OmniDocBench v1.5 (average edit distance)",
              "v1.5, average edit distance over its pages; lower is better",
              "edit distance", 1, ("document-parsing", "ocr"), _EDIT,
              ("OmniDocBench v1.5 (average edit distance)",), lower=True),
    Benchmark("omnidocbench-v1.5-text-edit", "OmniDocBench v1.5 (text edit distance)",
              "v1.5, the normalised edit distance of the text blocks only (tables "
              "and formulas left out); lower is better", "edit distance", 1,
              ("document-parsing", "ocr"),
              "Parsing whole document pages into structured text; this part scores "
              "the text read, by its edit distance to the reference: 0 is perfect.",
              ("OmniDocBench v1.5 (text edit distance)",), lower=True),
    Benchmark("omnidocbench-v1.5-score", "OmniDocBench v1.5 (score)", "v1.5, the "
              "single 0-100 score makers' tables print (higher is better; the "
              "edit distance is its own entry), its make-up not stated there",
              "score", 100, ("document-parsing", "ocr"), _PARSE + ".",
              ("OmniDocBench v1.5 (score)",)),
    Benchmark("cc-ocr", "CC-OCR", "total over its four tracks, as published",
              "score", 100, ("ocr",), "Reading text in images: multi-scene text, "
              "text in ten languages, document parsing and key-information "
              "extraction.", ("CC-OCR",)),
    Benchmark("charxiv-reasoning", "CharXiv (reasoning)", "reasoning questions "
              "about scientific charts, version and split not stated", "accuracy %",
              100, ("chart-qa",), "Questions that need reasoning over charts from "
              "arXiv papers.", ("CharXiv (reasoning)", "CharXiv Reasoning")),
    Benchmark("charxiv-reasoning-val", "CharXiv (reasoning, val)", "reasoning "
              "questions, validation split (1,000 charts, 5,000 questions), zero-shot "
              "with the benchmark's own instructions", "accuracy %", 100,
              ("chart-qa",), "Questions that need reasoning over charts from "
              "arXiv papers.", ("CharXiv (reasoning, val)",)),
    Benchmark("chartqa-test", "ChartQA (test)", "test split", "relaxed accuracy %",
              100, ("chart-qa",), "Questions about bar, line and pie charts, answered "
              "from the values and labels drawn in them.", ("ChartQA (test)",)),
    Benchmark("chartqa", "ChartQA", "split not stated", "relaxed accuracy %", 100,
              ("chart-qa",), "Questions about bar, line and pie charts, answered "
              "from the values and labels drawn in them.", ("ChartQA",)),
    Benchmark("videomme-wo-subs", "Video-MME (w/o subs)", "without subtitles",
              "accuracy %", 100, ("video-qa",), _VIDEO_MME, ("Video-MME (w/o subs)",)),
    Benchmark("videomme-w-subs", "Video-MME (w/ subs)", "with subtitles",
              "accuracy %", 100, ("video-qa",), _VIDEO_MME + " Subtitles are given "
              "as text.", ("Video-MME (w/ subs)",)),
    Benchmark("mvbench", "MVBench", "frames as each maker sampled them",
              "accuracy %", 100, ("video-qa",), "Twenty temporal tasks (actions, "
              "order, counting, movement) over short video clips, multiple choice.",
              ("MVBench",)),
    Benchmark("screenspot", "ScreenSpot", "v1", "accuracy %", 100, ("gui-agent",),
              "Locating the screen element an instruction names on mobile, desktop "
              "and web screenshots (GUI grounding).", ("ScreenSpot",)),
    Benchmark("screenspot-pro", "ScreenSpot-Pro", "professional high-resolution "
              "screens", "accuracy %", 100, ("gui-agent",), "Locating small targets "
              "on high-resolution screens of professional software (GUI "
              "grounding).", ("ScreenSpot-Pro",)),
    Benchmark("osworld", "OSWorld", "step budget and harness not stated",
              "success rate %", 100, ("gui-agent",), _OSWORLD, ("OSWorld",)),
    Benchmark("osworld-verified", "OSWorld-Verified", "the verified task set; "
              "step budget and harness not stated", "success rate %", 100,
              ("gui-agent",), _OSWORLD, ("OSWorld-Verified",)),
    Benchmark("androidworld", "AndroidWorld", "harness not stated",
              "success rate %", 100, ("gui-agent",), "Tasks carried out in Android "
              "apps on an emulator by seeing the screen and acting on it.",
              ("AndroidWorld",)),
    Benchmark("mlvu-mavg", "MLVU (M-Avg)", "multiple-choice average (M-Avg)",
              "accuracy %", 100, ("video-qa",), _MLVU, ("MLVU (M-Avg)",)),
    Benchmark("mlvu", "MLVU", "metric not stated", "score", 100, ("video-qa",),
              _MLVU, ("MLVU",)),
    Benchmark("muirbench", "MuirBench", "overall", "accuracy %", 100,
              ("multi-image",),
              "Questions that need several images at once (comparing, ordering, "
              "matching), with unanswerable variants.", ("MuirBench",)),
    Benchmark("blink-val", "BLINK (val)", "validation split", "accuracy %", 100,
              ("multi-image",), "Visual perception questions, many over several "
              "images (correspondence, depth, multi-view reasoning).",
              ("BLINK (val)",)),
    Benchmark("mantis-eval", "Mantis-Eval", "as published", "accuracy %", 100,
              ("multi-image",), "Questions that need reasoning across several "
              "interleaved images.", ("Mantis-Eval",)),
    Benchmark("mtvqa", "MTVQA", "average over its languages", "accuracy %", 100,
              ("multilingual-ocr",),
              "Questions about text in images in nine languages other than English "
              "and Chinese.", ("MTVQA",)),
    Benchmark("refcoco-avg8", "RefCOCO/+/g (average of 8 splits)", "the mean of "
              "RefCOCO val, testA, testB, RefCOCO+ val, testA, testB and RefCOCOg "
              "val, test; a box counts when its IoU with the answer is at least 0.5",
              "accuracy %", 100, (),
              "Referring expressions: given a phrase ('the man on the left'), put a "
              "box on the object it names, in COCO photos; shown, not ranked on: "
              "the only numbers read here are 2024 models', and ranking on them "
              "would put those above newer grounding models that have none.",
              ("RefCOCO/+/g (average of 8 splits)",)),
    Benchmark("mathvista-testmini", "MathVista (testmini)", "testmini split",
              "accuracy %", 100, (), _MATHVISTA, ("MathVista (testmini)",)),
    Benchmark("mathvista", "MathVista", "split not stated", "accuracy %", 100, (),
              _MATHVISTA, ("MathVista",)),
    Benchmark("hallusionbench-avg", "HallusionBench (avg)", "average of question, "
              "figure and all-question accuracy", "accuracy %", 100, (),
              _HALLUSION, ("HallusionBench (avg)",)),
    Benchmark("hallusionbench", "HallusionBench", "metric not stated", "score", 100,
              (), _HALLUSION, ("HallusionBench",)),
    Benchmark("opencompass-avg8", "OpenCompass average (8 benchmarks)",
              "OpenCompass's set", "average score", 100, (),
              "OpenCompass's average over 8 multimodal benchmarks; shown, not "
              "ranked on.", ("OpenCompass average (8 benchmarks)",)),
)


def _thinking(b: Benchmark) -> Benchmark:
    """``b`` measured in the model's thinking mode: its own benchmark, never
    compared with the direct answers ('OCRBench (thinking)', 'DocVQA (val,
    thinking)')."""
    def said(text: str) -> str:
        return text[:-1] + ", thinking)" if text.endswith(")") else text + \
            " (thinking)"
    words = SETTING_WORDS["thinking"][1]
    return Benchmark(f"{b.id}-thinking", said(b.name),
                     f"{b.setting}, {words}" if b.setting else words, b.metric,
                     b.scale, b.tasks, b.definition, tuple(map(said, b.labels)),
                     b.lower, "thinking")


# every benchmark that is not already one setting of a family (MMMU's) has a twin
# for the numbers of models in their thinking mode
BENCHMARKS = BENCHMARKS + tuple(
    _thinking(b) for b in BENCHMARKS
    if not b.mode and f"{b.id}-thinking" not in {x.id for x in BENCHMARKS})
BY_ID = {b.id: b for b in BENCHMARKS}
BY_LABEL = {label: i for i, b in enumerate(BENCHMARKS) for label in b.labels}
# -1 where a lower number is better: value x sign orders every benchmark high-first
SIGN = np.asarray([-1.0 if b.lower else 1.0 for b in BENCHMARKS])
# the kinds of a number, most trusted first: the maker's own or a benchmark
# maintainer's table count the same; a competitor's column counts less
KINDS = {"self-reported": 0, "leaderboard": 0, "third-party": 1}
HEADER = ("model", "variant", "params", "benchmark", "value", "scale", "metric",
          "kind", "source", "note")


def task_bits(ev: Evidence, n: int) -> np.ndarray:
    """uint32 per model: the tasks its published numbers show it does (a DocVQA
    number shows OCR), by the registry's ``tasks`` of each benchmark it has a
    number on (narrowed by ``SHOWS``)."""
    per_bench = np.asarray([bits_of(b.shows, TASK_BITS)
                            for b in BENCHMARKS], np.uint32)
    out = np.zeros(n, np.uint32)
    np.bitwise_or.at(out, ev.model, per_bench[ev.bench])
    return out


def task_numbers(ev: Evidence, i: int, tasks) -> list[str]:
    """Model ``i``'s published numbers on the benchmarks of ``tasks``, one phrase
    each ('DocVQA (test) 92.8'), in the file's order, each benchmark once."""
    out: dict[str, str] = {}
    for r in np.flatnonzero(ev.model == i).tolist():
        b = BENCHMARKS[int(ev.bench[r])]
        if set(b.shows) & set(tasks):
            out.setdefault(b.name, f"{b.name} {ev.rows[r]['value']}")
    return list(out.values())


def benchmarks_for(tasks, modes=("", "thinking", "CoT")) -> np.ndarray:
    """bool per benchmark: evidence for any of ``tasks``, measured in one of
    ``modes`` (how the model answered: '' directly, thinking, CoT)."""
    return np.asarray([bool(set(b.tasks) & set(tasks)) and b.mode in modes
                       for b in BENCHMARKS])


def bundled_evidence_path() -> Path:
    """The evidence shipped with advisor."""
    return bundled_file("evidence.csv")


class Evidence(NamedTuple):
    """evidence.csv for one catalog, as arrays (one entry per number)."""

    model: np.ndarray     # int: position in the catalog
    bench: np.ndarray     # int: position in BENCHMARKS
    value: np.ndarray     # float, on the benchmark's scale
    params: np.ndarray    # float: the checkpoint's size, NaN where not stated
    kind: np.ndarray      # int: KINDS
    rows: list[dict[str, str]]  # the CSV rows, for words
    # why each number is not in its model's default mode ('' where it is, or
    # where the model's default is not stated): reasoning='default' leaves it out
    aside: np.ndarray


def off_default(mode: str, variant: str, default: str) -> str:
    """Why a number measured in setting ``mode`` ('' direct or not stated,
    'thinking', 'CoT') for checkpoint ``variant`` is not in its model's
    ``default`` mode ('direct', 'thinking' or '' unknown); '' where it is."""
    said = label_setting(variant)
    if said == "deep":
        return DEEP_THINK
    if not mode and said == "off":
        mode = "off"
    return OFF_DEFAULT.get((default, mode), "")


def _read_row(row: dict[str, str], n: int, label: str) -> tuple[int, float, float, int]:
    """(benchmark, value on its scale, params, kind) of one checked row."""
    bench = BY_LABEL.get(row["benchmark"])
    if bench is None:
        raise cell_error(label, n, "benchmark", f"unknown benchmark "
                         f"{row['benchmark'][:80]!r}; "
                         + did_you_mean(row["benchmark"], list(BY_LABEL)))
    if row["kind"] not in KINDS:
        raise cell_error(label, n, "kind", f"{row['kind'][:40]!r} is not one of "
                         + ", ".join(KINDS))
    check_url(row["source"], label, n)
    try:
        value = float(row["value"])
        scale = float(row["scale"]) if row["scale"] else None
        params = parse_count(row["params"], "parameter count").low \
            if row["params"] else None
    except (ValueError, ParseError) as e:
        raise cell_error(label, n, "value", f"{row['value'][:40]!r}: {e}") from None
    top = BENCHMARKS[bench].scale
    if (scale is None) != (top is None) or (top and not 0 <= value <= scale):
        raise cell_error(label, n, "value", f"{value:g} on a scale of {scale} does "
                         f"not fit {BENCHMARKS[bench].name} ({top})")
    value = value * top / scale if top else value
    return bench, value, np.nan if params is None else float(params), KINDS[row["kind"]]


def load_evidence(catalog: Catalog, path: str | Path | None = None) -> Evidence:
    """evidence.csv (the bundled one, or ``path``) checked and resolved against
    ``catalog``. The bundled file's models that a catalog lacks are left out; in a
    file of your own an unknown model is an error."""
    file = Path(path) if path is not None else bundled_evidence_path()
    label = printable(str(path))[:200] if path is not None else "evidence.csv"
    text = utf8(read_file(file, label, MOST_EVIDENCE_BYTES), label)
    reader = CsvRows(text, label)
    missing = [h for h in HEADER if h not in (reader.fieldnames or ())]
    if missing:
        raise AdvisorError(f"{label}: missing column(s) {', '.join(missing)}; "
                           f"evidence needs {', '.join(HEADER)}")
    out: dict[str, list[Any]] = {k: [] for k in ("model", "bench", "value", "params",
                                                 "kind", "rows", "aside")}
    defaults = catalog.index.strings["default_mode"]
    for n, row in enumerate(reader, start=2):
        row = {k: (row.get(k) or "").strip() for k in HEADER}
        if row["model"] not in catalog:
            if path is None:
                continue
            raise cell_error(label, n, "model", f"unknown model {row['model'][:80]!r}")
        bench, value, params, kind = _read_row(row, n, label)
        i = catalog.position(row["model"])
        aside = off_default(BENCHMARKS[bench].mode, row["variant"], defaults[i])
        for k, v in (("model", i), ("bench", bench), ("value", value),
                     ("params", params), ("kind", kind), ("rows", row),
                     ("aside", aside)):
            out[k].append(v)
    return Evidence(np.asarray(out["model"], np.int64),
                    np.asarray(out["bench"], np.int64),
                    np.asarray(out["value"], np.float64),
                    np.asarray(out["params"], np.float64),
                    np.asarray(out["kind"], np.int8), out["rows"],
                    np.asarray(out["aside"], dtype=object))


class Placed(NamedTuple):
    """The numbers a capability rests on: per chosen evidence row, its benchmark's
    pool size, its place (1 is best) and its percentile."""

    row: np.ndarray       # int: index into Evidence
    n: np.ndarray         # int: models with that benchmark
    place: np.ndarray     # int: 1 = highest value
    percentile: np.ndarray


def size_cap(req, catalog: Catalog) -> float:
    """The largest checkpoint the requirements allow (inf without a limit)."""
    cap = np.inf
    if req.max_params is not None:
        cap = min(cap, req.max_params)
    if req.gpu_memory_gb is not None:
        cap = min(cap, req.gpu_memory_gb * 1e9 / (PRECISIONS[req.precision].bytes
                                                  * OVERHEAD))
    return cap


def _choose(ev: Evidence, catalog: Catalog, cap: float, default: bool
            ) -> np.ndarray:
    """Evidence rows chosen: per (model, benchmark) the largest checkpoint within
    ``cap``, then the most trusted kind, then the highest value (``default``: only
    numbers in their model's default mode)."""
    # a row without a size stands for the whole family: its largest size
    largest = best(catalog, "parameter_count")
    size = np.where(np.isnan(ev.params), largest[ev.model], ev.params)
    unsized = np.isnan(size)
    ok = unsized | (size <= cap)
    if np.isfinite(cap):
        ok &= ~unsized  # under a limit, only a number known to fit counts
    if default:
        ok &= ev.aside == ""
    idx = np.flatnonzero(ok)
    if not len(idx):
        return idx
    better = ev.value[idx] * SIGN[ev.bench[idx]]  # the best number first
    order = np.lexsort((-better, ev.kind[idx], -np.nan_to_num(size[idx], nan=0),
                        ev.bench[idx], ev.model[idx]))
    idx = idx[order]
    pair = ev.model[idx] * len(BENCHMARKS) + ev.bench[idx]
    first = np.ones(len(idx), dtype=bool)
    first[1:] = pair[1:] != pair[:-1]
    return idx[first]


def _place(ev: Evidence, chosen: np.ndarray) -> Placed:
    """Each chosen number's place and percentile among its benchmark's numbers."""
    bench = ev.bench[chosen]
    value = ev.value[chosen] * SIGN[bench]  # higher is better on every benchmark
    order = np.lexsort((-value, bench))
    n = np.bincount(bench, minlength=len(BENCHMARKS))[bench]
    place = np.empty(len(chosen), np.int64)
    sb, sv = bench[order], value[order]
    starts = np.flatnonzero(np.r_[True, sb[1:] != sb[:-1]])
    within = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts,
                                                                      len(order)]))
    # ties share the better place: each run of equal values takes its first place
    run = np.r_[True, (sb[1:] != sb[:-1]) | (sv[1:] != sv[:-1])]
    first = np.maximum.accumulate(np.where(run, np.arange(len(order)), 0))
    place[order] = within[first] + 1
    # the mean of two placements: by rank (robust to an outlier at either end)
    # and by value within the benchmark's range (keeps how far apart numbers are)
    low = np.full(len(BENCHMARKS), np.inf)
    high = np.full(len(BENCHMARKS), -np.inf)
    np.minimum.at(low, bench, value)
    np.maximum.at(high, bench, value)
    span = (high - low)[bench]
    with np.errstate(invalid="ignore", divide="ignore"):
        by_value = np.where(span > 0, (value - low[bench]) / span, 0.5)
        by_rank = np.where(n > 1, (n - place) / np.maximum(n - 1, 1), 0.5)
    p = (by_value + by_rank) / 2
    shrunk = 0.5 + (p - 0.5) * (n - 1) / (n - 1 + SHRINK)
    return Placed(chosen, n, place, shrunk)


class Relevance(NamedTuple):
    """Which benchmarks count, per kind of model: ``table[k, b]``; ``kind`` gives
    each model's row of the table (None: row 0 for every model)."""

    table: np.ndarray          # bool (kinds, benchmarks)
    kind: np.ndarray | None    # int8 per model
    # with similar_to: the tasks the target's numbers show; a model is measured on
    # each (a task it has no number on counts as the middle, 1/2)
    profile: tuple[str, ...] = ()

    def counts(self, model, bench) -> np.ndarray:
        k = 0 if self.kind is None else self.kind[model]
        return self.table[k, bench]


def placements(ev: Evidence, catalog: Catalog, cap: float, default: bool = False
               ) -> Placed:
    """The numbers chosen within the size ``cap`` (``default``: only those in
    their model's default mode) and their places (the same for every query with
    that cap and choice: the engine keeps them with the catalog)."""
    return _place(ev, _choose(ev, catalog, cap, default))


def capability(ev: Evidence, catalog: Catalog, req, relevant: Relevance,
               placed: Placed | None = None) -> tuple[np.ndarray, Placed]:
    """Capability per catalog model (NaN without evidence) and the numbers behind
    it, on the benchmarks ``relevant`` says count."""
    if placed is None:
        placed = placements(ev, catalog, size_cap(req, catalog),
                            req.reasoning == "default")
    model, bench = ev.model[placed.row], ev.bench[placed.row]
    use = relevant.counts(model, bench)
    w = np.where(use, placed.n - 1, 0).astype(np.float64)

    def mean(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        total = np.bincount(model, weights=weights, minlength=len(catalog))
        num = np.bincount(model, weights=weights * placed.percentile,
                          minlength=len(catalog))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, num / total, np.nan), total
    cap, total = mean(w)
    if relevant.profile:  # what the target does, task by task, each weighted by
        # how widely its benchmarks are reported (n - 1 summed, as numbers are)
        per_task, weight = [], []
        bits = catalog.index.bits("tasks") | task_bits(ev, len(catalog))
        n_of = np.zeros(len(BENCHMARKS))
        n_of[bench] = placed.n
        for task in relevant.profile:
            counts = np.asarray([task in b.shows for b in BENCHMARKS]) & \
                relevant.table[0]
            weight.append(float(np.maximum(n_of[counts] - 1, 0).sum()))
            shows = counts[bench]
            # unmeasured: 1/2 where the model does the task (or its broad one, or
            # states no tasks), 0 where its tasks leave it out
            does = (bits == 0) | (bits & np.uint32(TASK_BITS[task]) != 0)
            if task in FINER_TASKS:
                does |= bits & np.uint32(TASK_BITS[FINER_TASKS[task]]) != 0
            per_task.append(np.where(np.isnan(got := mean(w * shows)[0]),
                                     np.where(does, 0.5, 0.0), got))
        cap = np.where(total > 0, np.average(per_task, axis=0, weights=weight)
                       if sum(weight) else np.mean(per_task, axis=0), np.nan)
    return cap, placed


def relevance(catalog: Catalog, req, evidence: Evidence) -> Relevance:
    """Which benchmarks count: the requested tasks'; else the target's; else each
    model's own kind of job (0 encoder: ImageNet zero-shot; 1 generative)."""
    modes = REASONING_MODES[req.reasoning]
    if req.tasks:
        return Relevance(benchmarks_for(req.tasks, modes)[None, :], None)
    if req.similar_to:
        target = catalog.position(req.similar_to)
        has = np.zeros(len(BENCHMARKS), dtype=bool)
        has[evidence.bench[evidence.model == target]] = True
        counted = has & benchmarks_for(TASKS, modes)
        profile = tuple(t for t in TASKS if any(
            t in b.shows for b, c in zip(BENCHMARKS, counted, strict=True) if c))
        return Relevance(counted[None, :], None, profile)
    generative = catalog.index.memo("generative", lambda: (
        (catalog.index.bits("tasks") & np.uint32(bits_of(
            ("captioning", "vqa", "instruction-following", "ocr"), TASK_BITS))) != 0
    ).astype(np.int8))
    return Relevance(np.stack([benchmarks_for(ENCODER, modes),
                               benchmarks_for(GENERAL, modes)]), generative)


def model_numbers(ev: Evidence, placed: Placed, i: int) -> list[dict[str, str]]:
    """Every published number of model ``i``, best-placed checkpoint first per
    benchmark, each with its place among the catalog's models in ``placed`` (the
    placements without a size limit)."""
    place = {int(r): f"{_ordinal(int(p))} of {int(n)}"
             for r, p, n in zip(placed.row, placed.place, placed.n, strict=True)}
    rows = np.flatnonzero(ev.model == i)
    unplaced = np.asarray([int(r) not in place for r in rows], dtype=bool)
    rows = rows[np.lexsort((unplaced, ev.bench[rows]))] if len(rows) else rows
    return [{"benchmark": BENCHMARKS[int(ev.bench[r])].name,
             "value": ev.rows[r]["value"], "checkpoint": ev.rows[r]["variant"],
             "kind": ev.rows[r]["kind"], "place": place.get(int(r), ""),
             "source": ev.rows[r]["source"], "normalized": float(ev.value[r])}
            for r in rows.tolist()]


def used(ev: Evidence, placed: Placed, i: int, relevant: Relevance) -> list[int]:
    """Positions in ``placed`` of the numbers model ``i``'s capability rests on."""
    return [j for j in np.flatnonzero(ev.model[placed.row] == i).tolist()
            if relevant.counts(i, int(ev.bench[placed.row[j]]))]


def counted(ev: Evidence, placed: Placed, i: int, relevant: Relevance
            ) -> list[dict[str, str]]:
    """The numbers model ``i``'s capability rests on, as data: benchmark, value,
    the checkpoint (variant) it is for, its kind and source."""
    return [{"benchmark": BENCHMARKS[int(ev.bench[r])].name,
             "value": ev.rows[r]["value"], "variant": ev.rows[r]["variant"],
             "kind": ev.rows[r]["kind"], "source": ev.rows[r]["source"]}
            for r in (int(placed.row[k]) for k in used(ev, placed, i, relevant))]


def words(ev: Evidence, placed: Placed, i: int, relevant: Relevance,
          limited: bool = False) -> list[str]:
    """The numbers behind model ``i``'s capability, one phrase each: 'MMMU (val)
    56.0 (leaderboard, InternVL2_5-8B, 8B, URL): 9th of 22 models with a number
    on it' (``limited``: among the checkpoints within the size limit)."""
    out = []
    for j in used(ev, placed, i, relevant):
        r = int(placed.row[j])
        b, row = BENCHMARKS[int(ev.bench[r])], ev.rows[r]
        size = f", {format_count(ev.params[r])}" if not np.isnan(ev.params[r]) else ""
        within = " within the size limit" if limited else ""
        out.append(f"{b.name} {row['value']} ({row['kind']}, {row['variant']}{size}, "
                   f"{row['source']}): {_ordinal(int(placed.place[j]))} of "
                   f"{int(placed.n[j])} model{'s' if placed.n[j] != 1 else ''} with "
                   f"a number on it{within}{_spread(ev, r)}")
    return out


def set_aside(ev: Evidence, i: int, relevant: Relevance) -> list[str]:
    """Model ``i``'s numbers on the benchmarks that count which are not in its
    default mode, one phrase each: 'MMMU (val) 74.4 (GPT-5 w/o thinking): measured
    with thinking off' (reasoning='default' leaves them out)."""
    rows = np.flatnonzero((ev.model == i) & (ev.aside != "")).tolist()
    return [f"{BENCHMARKS[int(ev.bench[r])].name} {ev.rows[r]['value']} "
            f"({ev.rows[r]['variant']}): {ev.aside[r]}" for r in rows
            if relevant.counts(i, int(ev.bench[r]))]


def _spread(ev: Evidence, r: int) -> str:
    """Where other sources give another number for the same checkpoint and
    benchmark: '; other sources say 56.0 (third-party)'."""
    same = np.flatnonzero((ev.model == ev.model[r]) & (ev.bench == ev.bench[r]))
    others = [f"{ev.rows[k]['value']} ({ev.rows[k]['kind']})" for k in same.tolist()
              if k != r and ev.rows[k]["variant"] == ev.rows[r]["variant"]
              and ev.value[k] != ev.value[r]]
    return f"; other sources say {', '.join(others)}" if others else ""


def definitions(ev: Evidence, placed: Placed, i: int, relevant: Relevance
                ) -> dict[str, str]:
    """benchmark name -> its definition, for the numbers behind model ``i``."""
    out: dict[str, str] = {}
    for j in used(ev, placed, i, relevant):
        b = BENCHMARKS[int(ev.bench[placed.row[j]])]
        out.setdefault(b.name, f"{b.definition} ({b.setting})")
    return out


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
        n % 10, "th")
    return f"{n}{suffix}"
