"""Small vocabularies with their aliases, defined once for the API, the CLI and the
wizard."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import IntEnum
from typing import NamedTuple

from .errors import AdvisorError, did_you_mean
from .parsing import FoldedJoin, is_date

__all__ = [
    "TASKS", "MODALITIES", "PRECISIONS", "Precision", "REGISTRIES", "COMMERCIAL",
    "DEFAULT_MODES",
    "OPEN_WEIGHTS",
    "Status",
    "Commercial", "OpenWeights",
    "canonical_task", "canonical_modality", "canonical_precision", "derive_tasks",
    "column_bits", "tasks_of_bits", "RULE_WORDS",
    "implied_tasks", "implied_by", "IMPLIED_TASKS", "FINER_TASKS", "Lifecycle",
    "lifecycle", "GIT_COMMIT",
]

# canonical name -> aliases (compared after folding case, spaces, '_' and '-').
TASKS: dict[str, tuple[str, ...]] = {
    "captioning": ("caption", "image captioning", "image-to-text", "description",
                   "coco captions"),
    "vqa": ("visual question answering", "question answering", "image qa", "vqav2",
            "mmbench", "mmmu"),
    "retrieval": ("image-text retrieval", "text-image retrieval",
                  "cross-modal retrieval", "search", "image search"),
    "zero-shot-classification": ("zero-shot classification", "zero shot", "zsc",
                                 "classification", "zero-shot", "imagenet"),
    "instruction-following": ("instruction following", "instruction chat", "chat",
                              "multimodal chat", "instructions", "assistant"),
    "embedding": ("embeddings", "embed", "feature extraction", "features"),
    "grounding": ("phrase grounding", "visual grounding", "referring expressions",
                  "localization", "detection", "object detection", "pointing",
                  "refcoco", "boxes", "points"),
    "ocr": ("text recognition", "document understanding", "document qa",
            "document", "documents", "docvqa", "ocrbench", "reading text"),
    "document-retrieval": ("visual document retrieval", "document retrieval",
                           "page retrieval", "doc retrieval", "vidore",
                           "visual rag"),
    "chart-qa": ("chart understanding", "charts", "chart qa", "chart question "
                 "answering", "chartqa", "charxiv", "plots", "infographics"),
    "video-qa": ("video", "videos", "video question answering",
                 "video understanding", "video qa", "video-mme", "videomme",
                 "mvbench"),
    "gui-agent": ("gui", "computer use", "computer-use", "screen agent",
                  "ui grounding", "web agent", "screenspot", "osworld",
                  "android control", "gui grounding"),
    "multi-image": ("multiple images", "multi image", "multi-image reasoning",
                    "interleaved images", "image comparison", "muirbench", "blink"),
    "document-parsing": ("document parsing", "pdf to markdown", "layout parsing",
                         "document conversion", "pdf parsing", "omnidocbench",
                         "layout analysis"),
    "multilingual-ocr": ("multilingual text recognition", "multilingual ocr",
                         "mtvqa", "non-english ocr", "multilingual documents"),
}

# What a task's word asks for is narrower than one of the broad tasks the catalog
# was first curated with: the finer task -> the broad one. A model whose tasks give
# the broad task but not the finer one is unknown for it (no source says either
# way), not unmet; one without the broad task does not do the finer one.
FINER_TASKS: dict[str, str] = {
    "chart-qa": "vqa", "video-qa": "vqa", "multi-image": "vqa",
    "gui-agent": "instruction-following", "document-parsing": "ocr",
    "multilingual-ocr": "ocr",
}

# A stated task implies these: a model that follows instructions about an image
# writes text about it, so it also captions and answers visual questions (asked to
# "describe the image" or "what is in it?"). A key of several words joined by '+'
# needs them all, each a task the model does or a modality it takes in: a model
# that answers questions about images and takes video in answers questions about
# videos. Shown as implied in every check.
IMPLIED_TASKS: dict[str, tuple[str, ...]] = {
    "instruction-following": ("captioning", "vqa"),
    "vqa+video": ("video-qa",),
}

MODALITIES: dict[str, tuple[str, ...]] = {
    "image": ("images", "vision", "picture", "photo"),
    "text": ("language", "txt"),
    "video": ("videos", "frames"),
    "audio": ("speech", "sound"),
    "depth": (),
    "thermal": (),
    "imu": ("motion",),
    "pdf": ("document", "documents"),
}

# the registries `advisor catalog import` reads (imports.SOURCES says how), and
# what a SOURCE of each is
REGISTRIES: dict[str, str] = {
    "litellm": "a JSON object of model entries (LiteLLM's "
               "model_prices_and_context_window.json; by default the installed "
               "litellm package's copy)",
    "models.dev": "a JSON object of providers, each with its models (models.dev's "
                  "api.json, e.g. https://models.dev/api.json)",
    "models.dev-tree": "a checkout of the models.dev repository (its models/ "
                       "folder: one TOML per model; --commit cites each file at "
                       "that commit)",
    "hf": "a JSON list of Hub model infos (GET https://huggingface.co/api/models/"
          "REPO); by default the Hub itself, asked for each --id",
}

class Precision(NamedTuple):
    """A format the weights are stored in: bits per quantised weight with the
    format's own scales and zero points, the parts it leaves at 16 bits, and how
    that is known."""

    bits: float
    kept: tuple[str, ...] = ()   # parts left at 16 bits: "vision", "embeddings"
    said: str = ""               # how the bits are counted
    source: str = ""
    same_as: str = ""            # a plain name read as this format

    @property
    def bytes(self) -> float:
        """Bytes per quantised weight."""
        return self.bits / 8

    @property
    def per_weight(self) -> str:
        """The size of a weight in words: '2 bytes', '4.16 bits'."""
        if self.bits % 8:
            return f"{self.bits:.3g} bits"
        return f"{self.bytes:g} byte{'' if self.bytes == 1 else 's'}"


_AWQ = ("https://github.com/casper-hansen/AutoAWQ/blob/"
        "d9dc8e564fed1527be2a9d8d5c74daf3823c3203/awq/modules/linear/gemm.py")
_GPTQ = ("https://github.com/AutoGPTQ/AutoGPTQ/blob/"
         "c550a83bd8a9d7ca6a4473faa313ae7493f68986/auto_gptq/nn_modules/qlinear/"
         "qlinear_exllamav2.py")
_GGML = ("https://github.com/ggml-org/llama.cpp/blob/"
         "aca2e6ce7909064dbfbf3bd168e9ad3db1826e6c/ggml/src/ggml-common.h")
_DECODER = ("vision", "embeddings")  # AWQ and GPTQ quantise the decoder's linears
# The formats weights are served in (the memory check's ``precision``): the plain
# widths, and the quantised formats people download, each counted from its own
# storage layout (group size 128 as in Qwen's AWQ / GPTQ checkpoints, e.g.
# https://huggingface.co/Qwen/Qwen2.5-VL-7B-Instruct-AWQ/blame/main/config.json:
# bits 4, group_size 128, zero_point, modules_to_not_convert ["visual"]).
_FORMATS: dict[str, Precision] = {
    "awq-int4": Precision(
        4 + (16 + 4) / 128, _DECODER,
        "4-bit weights, a 16-bit scale and a 4-bit zero per group of 128 (qweight, "
        "scales, qzeros); the vision tower, embeddings and output head stay 16-bit",
        _AWQ),
    "gptq-int4": Precision(
        4 + (16 + 4) / 128, _DECODER,
        "4-bit weights, a 16-bit scale and a 4-bit zero per group of 128 (qweight, "
        "scales, qzeros; g_idx adds 32 bits per input row, not counted); the "
        "vision tower, embeddings and output head stay 16-bit", _GPTQ),
    "gptq-int8": Precision(
        8 + (16 + 8) / 128, _DECODER,
        "8-bit weights, a 16-bit scale and an 8-bit zero per group of 128 (the "
        "layout's qweight and qzeros at 8 bits); the vision tower, embeddings and "
        "output head stay 16-bit", _GPTQ),
    "bnb-nf4": Precision(
        4 + 8 / 64 + 32 / (64 * 256), ("embeddings",),
        "4-bit NormalFloat per block of 64 with double quantisation (an 8-bit "
        "scale per block, a 32-bit one per 256 blocks: 0.127 bits); every linear "
        "layer, the vision tower's too, except the output head",
        "https://arxiv.org/abs/2305.14314"),
    "gguf-q8_0": Precision(
        (16 + 32 * 8) / 32, ("vision",),
        "block_q8_0: a 16-bit scale and 32 8-bit weights (8.5 bits); the vision "
        "projector is a separate file, counted at 16 bits", _GGML),
    "gguf-q5_k_m": Precision(
        5.5, ("vision",),
        "block_q5_K, 'effectively 5.5 bits per weight'; the _M mix keeps some "
        "tensors in larger k-quants, not counted (a low estimate); the vision "
        "projector is a separate file, counted at 16 bits", _GGML),
    "gguf-q4_k_m": Precision(
        4.5, ("vision",),
        "block_q4_K, 'effectively 4.5 bits per weight'; the _M mix keeps some "
        "tensors in larger k-quants, not counted (a low estimate); the vision "
        "projector is a separate file, counted at 16 bits", _GGML),
}
# the plain widths first (the plain int8 and int4 read as the common format of
# that width, and said so), then the formats by name
PRECISIONS: dict[str, Precision] = {
    "fp32": Precision(32), "fp16": Precision(16), "bf16": Precision(16),
    "int8": _FORMATS["gptq-int8"]._replace(same_as="gptq-int8"),
    "int4": _FORMATS["awq-int4"]._replace(same_as="awq-int4"), **_FORMATS}
_PRECISION_ALIASES = {"float32": "fp32", "float16": "fp16", "half": "fp16",
                      "bfloat16": "bf16", "8bit": "int8", "8-bit": "int8",
                      "4bit": "int4", "4-bit": "int4", "awq": "awq-int4",
                      "gptq": "gptq-int4", "nf4": "bnb-nf4", "q4_k_m": "gguf-q4_k_m",
                      "q5_k_m": "gguf-q5_k_m", "q8_0": "gguf-q8_0"}



class Status(IntEnum):
    """A requirement checked for one model; stored as int8 in the check arrays."""

    UNMET = 0
    MET = 1
    UNKNOWN = -1

    def __str__(self) -> str:
        return self.name.lower()


class Commercial(IntEnum):
    """The catalog's ``commercial_use`` words, as the codes the index stores."""

    YES = 0
    NO = 1
    RESTRICTED = 2
    UNKNOWN = 3


class OpenWeights(IntEnum):
    """The catalog's ``open_weights`` words, as the codes the index stores."""

    YES = 0
    NO = 1
    UNKNOWN = 2


# a git commit as --commit takes it (the feeds cite their files at it): 7 to 40
# lower-case hex digits
GIT_COMMIT = re.compile(r"[0-9a-f]{7,40}")


class Lifecycle(IntEnum):
    """Where a model stands (the ``status`` column), as the codes the index stores:
    current (or not stated), superseded by a newer model, deprecated (its maker
    has announced an end), retired (no longer served or supported)."""

    CURRENT = 0
    SUPERSEDED = 1
    DEPRECATED = 2
    RETIRED = 3


# the status column's forms: 'current', 'superseded by NAME', 'deprecated on DATE',
# 'retired' or 'retired on DATE' (blank reads as current)
_LIFECYCLE = re.compile(
    r"(?P<kind>current|superseded|deprecated|retired)"
    r"(?:\s+(?P<by>by|on)\s+(?P<what>\S.*))?", re.IGNORECASE)


def lifecycle(text: str) -> tuple[Lifecycle, str]:
    """'superseded by Gemini 2.5 Flash' -> (SUPERSEDED, 'Gemini 2.5 Flash');
    'retired on 2026-02-17' -> (RETIRED, '2026-02-17'); '' -> (CURRENT, '').
    An AdvisorError says which forms are valid."""
    text = " ".join(str(text).split())
    if not text:
        return Lifecycle.CURRENT, ""
    m = _LIFECYCLE.fullmatch(text)
    kind = Lifecycle[m["kind"].upper()] if m else None
    by, what = ((m["by"] or "").casefold(), m["what"] or "") if m else ("", "")
    ok = m is not None and {
        Lifecycle.CURRENT: not by,
        Lifecycle.SUPERSEDED: by == "by",
        Lifecycle.DEPRECATED: by == "on" and is_date(what),
        Lifecycle.RETIRED: not by or (by == "on" and is_date(what)),
    }[kind]
    if not ok:
        raise AdvisorError(f"status: {text[:80]!r} is not one of 'current', "
                           "'superseded by NAME', 'deprecated on YYYY-MM-DD', "
                           "'retired' or 'retired on YYYY-MM-DD'")
    return kind, what


COMMERCIAL = tuple(c.name.lower() for c in Commercial)
OPEN_WEIGHTS = tuple(c.name.lower() for c in OpenWeights)
# the default_mode column: how a model answers when its user sets nothing (blank:
# not stated). A hybrid model's default is the setting its maker's API or serving
# recipe uses unless told otherwise
DEFAULT_MODES = {"direct": "answers directly (no thinking)",
                 "thinking": "thinks (reasons) before answering"}


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(text).casefold())


def _lookup_table(vocab: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table = {}
    for name, aliases in vocab.items():
        for word in (name, *aliases):
            table[_fold(word)] = name
    return table


_TASK_TABLE = _lookup_table(TASKS)
_MODALITY_TABLE = _lookup_table(MODALITIES)


def _canonical(value, table, vocab, key: str) -> str:
    if not isinstance(value, str):
        raise AdvisorError(f"{key}: {value!r} is not a word; "
                           f"valid choices: {', '.join(vocab)}")
    hit = table.get(_fold(value))
    if hit is None:
        raise AdvisorError(f"{key}: unknown value {value!r}; "
                           + did_you_mean(value, list(vocab)))
    return hit


def canonical_task(value: str, key: str = "tasks") -> str:
    """'Zero-shot classification' -> 'zero-shot-classification'."""
    return _canonical(value, _TASK_TABLE, TASKS, key)


def canonical_modality(value: str, key: str = "modalities") -> str:
    return _canonical(value, _MODALITY_TABLE, MODALITIES, key)


def canonical_precision(value: str, key: str = "precision") -> str:
    if not isinstance(value, str):
        raise AdvisorError(f"{key}: {value!r} is not a precision; "
                           f"valid choices: {', '.join(PRECISIONS)}")
    word = value.strip().casefold()
    word = _PRECISION_ALIASES.get(word, word)
    if word not in PRECISIONS:
        raise AdvisorError(f"{key}: unknown precision {value!r}; "
                           + did_you_mean(value, list(PRECISIONS)))
    return word


def implied_tasks(stated, modalities=()) -> tuple[str, ...]:
    """The tasks that ``stated`` (with the ``modalities`` the model takes in)
    implies and does not list (``IMPLIED_TASKS``)."""
    have = {*stated, *modalities}
    out: list[str] = []
    for _ in range(2):  # a task one key implies can complete another key
        for key, tasks in IMPLIED_TASKS.items():
            if set(key.split("+")) <= have:
                out += [t for t in tasks if t not in have]
                have.update(tasks)
    return tuple(dict.fromkeys(out))


def implied_by(task: str, stated, modalities=()) -> str:
    """Why ``task`` is implied: the words of the key that implies it ('vqa and
    video input'); '' when nothing does."""
    have = {*stated, *modalities, *implied_tasks(stated, modalities)}
    for key, tasks in IMPLIED_TASKS.items():
        words = key.split("+")
        if task in tasks and set(words) <= have:
            return " and ".join(w + " input" if w in MODALITIES else w for w in words)
    return ""


def derive_tasks(architecture: str, training_objective: str, loss_function: str
                 ) -> tuple[str, ...]:
    """The documented rule that turns the seed's words into tasks.

    - a contrastive loss (``Contrastive``, ``InfoNCE``, ``Sigmoid``) trains an
      embedding space: ``retrieval`` and ``embedding``; when the model is only
      encoders (``Dual Encoder``, ``Cross-modal Embedding``) it also classifies
      zero-shot by comparing an image with label prompts;
    - a generative loss (``Cross-Entropy``, ``CE``) trains a decoder that writes
      text: ``captioning`` and ``vqa``;
    - the objective's own words add what they name: ``Captioning``, ``VQA``,
      ``Instruction ...`` -> ``instruction-following``.

    Each column is read on its own (``column_bits``: the words of ``RULE_WORDS``)
    and the bits combined (``tasks_of_bits``), so a catalog reads each distinct
    value of a column once, in bulk.
    """
    return tasks_of_bits(int(
        column_bits("loss_function", [loss_function])[0]
        | column_bits("architecture", [architecture])[0]
        | column_bits("training_objective", [training_objective])[0]))


# the rule's bits, and the words of each column that set them: a pattern over the
# casefolded value, or (architecture) the whole stripped value
CONTRASTIVE, GENERATIVE, ENCODERS, CAPTION, VQA_WORD, INSTRUCTION = (
    1, 2, 4, 8, 16, 32)
RULE_WORDS: dict[str, tuple[tuple[int, str], ...]] = {
    "loss_function": ((CONTRASTIVE, r"contrastive|infonce|sigmoid"),
                      (GENERATIVE, r"cross-entropy|\bce\b")),
    "training_objective": ((CAPTION, "caption"), (VQA_WORD, "vqa"),
                           (INSTRUCTION, "instruction")),
}
ENCODERS_ONLY = ("dual encoder", "cross-modal embedding")


def column_bits(column: str, values: Sequence[str]):
    """The rule's bits each value of ``column`` sets, as an int64 array: one scan
    of the column's words over the casefolded values joined
    (``parsing.FoldedJoin``)."""
    import numpy as np  # only when tasks are derived (not at the CLI's start-up)
    bits = np.zeros(len(values), np.int64)
    if column == "architecture":  # the whole value, casefolded and stripped: a set
        # lookup each is 6x faster than a regex over the joined values
        bits[[k for k, v in enumerate(values)
              if str(v).casefold().strip() in ENCODERS_ONLY]] = ENCODERS
        return bits
    folded = FoldedJoin(values)
    # one scan for all the column's words (they never overlap, so each is found
    # where a scan of its own would find it), each distinct match then given the
    # bits of the words it is
    words = RULE_WORDS[column]
    where, codes, found = folded.scan("|".join(f"(?:{p})" for _, p in words))
    of_found = np.asarray([sum(bit for bit, p in words if re.fullmatch(p, f))
                           for f in found], np.int64)
    for bit, _ in words:
        bits[where[(of_found[codes] & bit) != 0]] |= bit
    return bits


def tasks_of_bits(bits: int) -> tuple[str, ...]:
    """The tasks the rule's bits give, in ``TASKS`` order."""
    tasks: set[str] = set()
    if bits & CONTRASTIVE:
        tasks |= {"retrieval", "embedding"}
        if bits & ENCODERS:
            tasks.add("zero-shot-classification")
    if bits & GENERATIVE:
        tasks |= {"captioning", "vqa"}
    if bits & CAPTION:
        tasks.add("captioning")
    if bits & VQA_WORD:
        tasks.add("vqa")
    if bits & INSTRUCTION:
        tasks.add("instruction-following")
    return tuple(t for t in TASKS if t in tasks)
