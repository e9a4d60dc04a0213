"""Will it run on my GPU with my images? Image tokens and a memory estimate per
checkpoint, from sourced architecture facts (``arch.csv``).

``arch.csv`` holds one published value per row (model, checkpoint, field, value,
source, note): the language model's layers, KV heads and head size, the parameters,
and the image-token rule as data (``image_rule``: a kind and its parameters, from
the family's processor, or the provider's rule for an API model).
:func:`image_tokens` applies a rule to an image size and
says how it got there; :func:`estimate` adds up the named terms:

- weights: parameters x bytes per parameter at the chosen precision;
- KV cache: 2 (K and V) x layers x KV heads x head size x tokens (the text context
  plus every image's tokens) x 2 bytes (a 16-bit cache) x batch;
- runtime overhead: activations and buffers, a flat ``WORKSPACE_GB`` measured
  beside the weights and KV cache in the Qwen2-VL speed table (``measurements.csv``);
  a runtime that computes the logits of the whole prompt (transformers' generate
  did, in that table) adds prompt tokens x vocabulary x (2 + 4) bytes, the
  estimate's ``high`` end (``Estimate.logits``);
- weights in a quantised format (``vocab.PRECISIONS``): the format's bits per
  weight with its scales and zeros, and the parts it leaves at 16 bits (vision
  tower, embeddings and output head) at 2 bytes where their size is known;
- with ``attention="eager"`` (no flash attention), the vision encoder's attention
  matrix: heads x N^2 x (2 + 4 + 2) bytes plus the N x N mask, N the patches of every
  image in the batch (``EAGER_BYTES``; read from transformers' eager Qwen2-VL /
  Qwen2.5-VL vision attention, cited per checkpoint in ``arch.csv``). Flash
  attention never stores that matrix, so the default ``"flash"`` adds nothing.

A checkpoint without the KV-cache facts falls back to the rule of thumb
(parameters x bytes x 1.2) and says so.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from . import vocab
from .errors import AdvisorError, CsvRows, bundled_file, printable, read_file, utf8
from .parsing import ParseError, format_count, parse_count

__all__ = ["Rule", "Arch", "Estimate", "Fit", "load_arch", "bundled_arch_path",
           "image_rules", "catalog_variant",
           "image_tokens", "estimate", "rule_of_thumb", "parse_size", "RULES",
           "OVERHEAD", "WORKSPACE_GB", "LOGIT_BYTES", "KV_BYTES", "variants", "fit",
           "SIDES", "weights_gb", "Measurement", "load_measurements", "estimate_for",
           "measured_runtime_gb",
           "Option", "options", "bundled_archs", "Settings", "Encoder", "ATTENTION",
           "EAGER_BYTES", "encoder_attention", "TERM_KINDS", "term_kind"]

# the kinds of term an estimate adds up, in order, each with its short label: a
# term's name starts with its kind ('KV cache for 5,369 tokens'), and what shows
# the terms (the fit bar, the memory plot) reads them from here
TERM_KINDS = {"weights": "weights", "KV cache": "KV cache",
              "runtime overhead": "overhead", "vision attention": "vision attention"}


def term_kind(name: str) -> str:
    """The kind of an estimate's term, from its name."""
    return next(k for k in TERM_KINDS if name.startswith(k))


# Inference needs the weights plus about 20% for activations, KV cache and buffers:
# Memory (GB) = P x (Q / 8) x 1.2, "Calculating GPU memory for serving LLMs",
# https://bentoml.com/llm/getting-started/calculating-gpu-memory-for-llms. Used
# only where a checkpoint has no architecture data (no KV cache to count).
OVERHEAD = 1.2
# With architecture data: activations, buffers and the allocator's slack beside
# the weights and the KV cache. The Qwen2-VL speed table (measurements.csv) leaves
# 0.55 GB (2B: 0.546, 7B: 0.557) at an input of 1 token and 2,048 generated, in
# 16 bits; the test of the estimate against that table checks it.
WORKSPACE_GB = 0.55
# A runtime that keeps the logits of every prompt position holds them in 16 bits
# and again as float32 (transformers' generate in the table: the growth with the
# input is the vocabulary x 6 bytes per token, to within 1%)
LOGIT_BYTES = 2 + 4
MOST_ARCH_BYTES = 64 << 20  # an architecture file of many thousand checkpoints
KV_BYTES = 2     # a 16-bit KV cache, whatever the weights' precision
GB = 1e9
# How the vision encoder attends; the memory check's ``attention`` setting.
ATTENTION = {
    "flash": "flash / memory-efficient attention (vLLM, SGLang, flash-attn): the "
             "encoder's patches x patches matrix is never stored",
    "eager": "eager attention (transformers without flash-attn): the encoder holds "
             "its whole attention matrix, counted as a term",
}
# Bytes per attention entry at the eager peak, read from the cited code: the 16-bit
# scores (plus mask) stay referenced while softmax(dtype=float32) makes a 4-byte copy
# and .to(q.dtype) a 16-bit one; the N x N mask itself is 16-bit too.
EAGER_BYTES = 2 + 4 + 2
MASK_BYTES = 2
# the rule kinds and the parameters each takes
RULES = {"fixed": ("tokens",), "patch": ("px", "min_pixels", "max_pixels"),
         "tiles": ("tile", "tokens", "max_tiles", "thumbnail"),
         "longest": ("px", "max_side"),
         "api_tiles": ("tile", "base", "per_tile", "max_side", "short_side"),
         "area": ("px_per_token", "max_side", "max_tokens"),
         "anyres": ("px", "patch", "grid"),
         "split": ("longest", "tile", "seq"),
         "patches": ("px", "max_side", "budget", "multiplier")}
FIELDS = ("params", "vision_params", "hidden_size", "vocab_size",
          "tie_word_embeddings", "num_hidden_layers", "num_key_value_heads",
          "head_dim", "max_position_embeddings", "sliding_window_layers", "image_rule",
          "vision_attention", "cross_attention_layers", "cross_attention_tokens")


def bundled_arch_path() -> Path:
    return bundled_file("arch.csv")


@dataclass(frozen=True)
class Rule:
    """How a family turns an image into language-model tokens."""

    kind: str
    params: dict[str, Any]   # numbers (a multiplier may be a decimal, kept exact as
    #                          a Fraction); a grid is (height, width) pairs
    source: str = ""
    note: str = ""

    @classmethod
    def parse(cls, text: str, source: str = "", note: str = "") -> Rule:
        """'patch px=28 min_pixels=3136 max_pixels=12845056' -> Rule."""
        kind, *pairs = text.split()
        if kind not in RULES:
            raise ValueError(f"unknown rule kind {kind!r}; one of {', '.join(RULES)}")
        params: dict[str, Any] = {}
        for pair in pairs:
            key, _, value = pair.partition("=")
            # 'grid=336x672,672x336': the (height, width) canvases of a tiling
            params[key] = tuple(tuple(int(n) for n in hw.split("x"))
                                for hw in value.split(",")) if key == "grid" \
                else Fraction(value) if "." in value else int(value)
        missing = [k for k in RULES[kind] if k not in params]
        if missing:
            raise ValueError(f"a {kind} rule needs {', '.join(missing)}")
        return cls(kind, params, source, note)


@dataclass(frozen=True)
class Encoder:
    """How a checkpoint's vision encoder attends: ``image``, one attention over the
    patches of every image it is given (masked per image), with ``heads`` heads over
    patches of ``patch`` px."""

    kind: str
    heads: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Encoder:
        """'image heads=16 patch=14' -> Encoder."""
        kind, *pairs = text.split()
        if kind != "image":
            raise ValueError(f"unknown encoder kind {kind!r}; one of image")
        params = dict(pair.partition("=")[::2] for pair in pairs)
        missing = [k for k in ("heads", "patch") if k not in params]
        if missing:
            raise ValueError(f"an image encoder needs {', '.join(missing)}")
        return cls(kind, int(params["heads"]), int(params["patch"]))


@dataclass(frozen=True)
class Arch:
    """One checkpoint's facts, each value with its source (``sources[field]``)."""

    model: str
    checkpoint: str
    params: float | None = None
    vision_params: float | None = None  # the vision tower's share, where published
    layers: int | None = None
    kv_heads: int | None = None
    head_dim: int | None = None
    max_positions: int | None = None  # the language model's position limit
    sliding: str | None = None   # "none", or the pattern (then not all layers grow)
    rule: Rule | None = None
    encoder: Encoder | None = None
    # layers that attend to the image features instead of the text (Llama 3.2
    # Vision): they cache the vision tokens, not the context
    cross_layers: int = 0
    cross_tokens: int | None = None  # vision tokens each image puts in that cache
    hidden: int | None = None        # the language model's width
    vocab: int | None = None         # its vocabulary
    tied: bool | None = None         # the output head shares the input embedding
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def embedding_params(self) -> int | None:
        """The input embedding and the output head (once if tied), where known."""
        if None in (self.hidden, self.vocab, self.tied):
            return None
        return self.vocab * self.hidden * (1 if self.tied else 2)

    @property
    def kv_known(self) -> bool:
        """Every fact the KV cache needs, with every layer attending to the whole
        context (no sliding-window layers)."""
        return None not in (self.layers, self.kv_heads, self.head_dim) and \
            self.sliding == "none"

    def kv_bytes_per_token(self) -> int:
        """K and V of every layer that attends to the text, per text token."""
        return 2 * (self.layers - self.cross_layers) * self.kv_heads * \
            self.head_dim * KV_BYTES

    def cross_bytes_per_image(self) -> int | None:
        """The cross-attention layers' K and V over one image's vision tokens."""
        if not self.cross_layers or self.cross_tokens is None:
            return None
        return 2 * self.cross_layers * self.kv_heads * self.head_dim * KV_BYTES * \
            self.cross_tokens


def _cell(label: str, row: int, column: str, value: str, parse):
    try:
        return parse(value)
    except (ValueError, ParseError) as e:
        raise AdvisorError(f"{label}: row {row}, column {column!r}: "
                           f"{printable(value)[:80]!r}: {e}") from None


def load_arch(path: str | Path | None = None) -> list[Arch]:
    """The checkpoints of an architecture file (the bundled ``arch.csv`` by
    default), in file order; an unreadable value names file, row and column."""
    path = Path(path) if path is not None else bundled_arch_path()
    label = printable(str(path))[:200]
    text = utf8(read_file(path, label, MOST_ARCH_BYTES), label)
    reader = CsvRows(text, label)
    need = ["model", "checkpoint", "field", "value", "source"]
    missing = [c for c in need if c not in (reader.fieldnames or [])]
    if missing:
        raise AdvisorError(f"{label}: missing column(s) {', '.join(missing)}; an "
                           f"architecture file has {', '.join(need)}, note")
    found: dict[tuple[str, str], dict] = {}
    for n, r in enumerate(reader, start=1):
        key = (r["model"], r["checkpoint"])
        facts = found.setdefault(key, {"sources": {}})
        name, value = r["field"], r["value"].strip()
        if name not in FIELDS:
            continue  # kept in the file for people; not read here
        if name in ("params", "vision_params"):
            facts[name] = _cell(label, n, "value", value,
                                lambda v: parse_count(v, "a parameter count").low)
        elif name == "image_rule":
            facts["rule"] = _cell(label, n, "value", value, lambda v, r=r: Rule.parse(
                v, r["source"], r.get("note", "")))
        elif name == "vision_attention":
            facts["encoder"] = _cell(label, n, "value", value, Encoder.parse)
        elif name == "sliding_window_layers":
            facts["sliding"] = value
        elif name == "cross_attention_layers":
            facts["cross_layers"] = _cell(label, n, "value", value,
                                          lambda v: len(json.loads(v)))
        elif name == "cross_attention_tokens":
            facts["cross_tokens"] = _cell(label, n, "value", value, int)
        elif name == "tie_word_embeddings":
            facts["tied"] = _cell(label, n, "value", value, _yes_no)
        else:
            facts[{"num_hidden_layers": "layers", "num_key_value_heads": "kv_heads",
                   "head_dim": "head_dim", "max_position_embeddings": "max_positions",
                   "hidden_size": "hidden", "vocab_size": "vocab"
                   }[name]] = _cell(label, n, "value", value, int)
        facts["sources"][name] = r["source"]
    return [Arch(model, checkpoint, **facts) for (model, checkpoint), facts
            in found.items()]


def _yes_no(text: str) -> bool:
    word = text.strip().casefold()
    if word not in ("true", "false"):
        raise ValueError("expected true or false")
    return word == "true"


@cache
def bundled_archs() -> tuple[Arch, ...]:
    """The bundled arch.csv, read once."""
    return tuple(load_arch())


@cache
def image_rules() -> dict[str, Rule]:
    """Each model's sourced image-token rule: its first checkpoint's that has one
    (arch.csv's order)."""
    out: dict[str, Rule] = {}
    for a in bundled_archs():
        if a.rule is not None:
            out.setdefault(a.model, a.rule)
    return out


def catalog_variant(model: str, params: float) -> Arch:
    """A variant known only by the catalog's size: estimated by the rule of thumb."""
    return Arch(model, f"{model} at {format_count(params)} (catalog size)",
                params=params)


def variants(archs, model: str) -> list[Arch]:
    """A model's checkpoints with a parameter count, smallest first."""
    return sorted((a for a in archs if a.model == model and a.params),
                  key=lambda a: a.params)


def parse_size(text: str, key: str = "image_size") -> tuple[int, int]:
    """'2048x1536' (or ×, or one number for a square) -> (width, height)."""
    parts = str(text).lower().replace("×", "x").replace("px", "").split("x")
    try:
        w, h = (int(parts[0]), int(parts[-1])) if len(parts) <= 2 else (0, 0)
    except ValueError:
        w = h = 0
    if w <= 0 or h <= 0:
        raise AdvisorError(f"{key}: {printable(text)[:40]!r} is not an image size; "
                           "expected WIDTHxHEIGHT in pixels, e.g. '1024x768'")
    return w, h


# -- image tokens, one function per rule kind -------------------------------------
def _fixed(p, w, h):
    return p["tokens"], f"{p['tokens']:,} tokens whatever the size"


def _patch(p, w, h):
    """Qwen2-VL's smart_resize: each side to a multiple of px, the area kept within
    min_pixels..max_pixels, then a token per px x px patch."""
    px = p["px"]
    hh, ww = max(px, round(h / px) * px), max(px, round(w / px) * px)
    if hh * ww > p["max_pixels"]:
        beta = math.sqrt(h * w / p["max_pixels"])
        hh, ww = math.floor(h / beta / px) * px, math.floor(w / beta / px) * px
    elif hh * ww < p["min_pixels"]:
        beta = math.sqrt(p["min_pixels"] / (h * w))
        hh, ww = math.ceil(h * beta / px) * px, math.ceil(w * beta / px) * px
    tokens = (hh // px) * (ww // px)
    return tokens, (f"resized to {ww}x{hh} (multiples of {px} px, "
                    f"{p['min_pixels']:,}..{p['max_pixels']:,} pixels): "
                    f"{ww // px} x {hh // px} patches of {px} px = {tokens:,} tokens")


def _grid(p, w, h) -> tuple[int, int]:
    """InternVL's dynamic_preprocess: the tile grid (columns, rows) whose aspect is
    closest to the image's, up to max_tiles; on a tie the larger grid if the image
    has more than half its pixels."""
    n = p["max_tiles"]
    ratios = sorted({(i, j) for i in range(1, n + 1) for j in range(1, n + 1)
                     if i * j <= n}, key=lambda r: r[0] * r[1])
    best, diff = (1, 1), float("inf")
    for i, j in ratios:
        d = abs(w / h - i / j)
        if d < diff:
            best, diff = (i, j), d
        elif d == diff and w * h > 0.5 * p["tile"] ** 2 * i * j:
            best = (i, j)
    return best


def _tiles(p, w, h):
    cols, rows = _grid(p, w, h)
    n = cols * rows
    thumb = 1 if p["thumbnail"] and n > 1 else 0
    tokens = p["tokens"] * (n + thumb)
    return tokens, (f"a {cols}x{rows} grid of {p['tile']} px tiles"
                    + (" + a thumbnail" if thumb else "")
                    + f" = {n + thumb} x {p['tokens']} = {tokens:,} tokens")


def _longest(p, w, h):
    """Pixtral's processor (transformers' get_resize_output_image_size and
    replace_image_token): the longest side scaled down to max_side, each side
    floored to whole pixels, a token per px x px patch (a partial patch counts),
    and an [IMG_BREAK] after each row (the last one [IMG_END])."""
    scale = max(w, h) / p["max_side"]
    ww, hh = ((max(math.floor(w / scale), 1), max(math.floor(h / scale), 1))
              if scale > 1 else (w, h))  # a side floored to nothing keeps 1 px
    cols, rows = math.ceil(ww / p["px"]), math.ceil(hh / p["px"])
    tokens = rows * (cols + 1)
    return tokens, (f"longest side to at most {p['max_side']} px ({ww}x{hh}): "
                    f"{cols} x {rows} patches of {p['px']} px and {rows} row breaks "
                    f"= {tokens:,} tokens")


def _api_tiles(p, w, h):
    """OpenAI's high-detail rule: fit in max_side x max_side, scale the shortest side
    down to short_side (a smaller image is not scaled up), count tile x tile
    squares; per_tile each plus base."""
    scale = min(1.0, p["max_side"] / max(w, h))
    w, h = w * scale, h * scale
    scale = min(1.0, p["short_side"] / min(w, h))
    ww, hh = int(w * scale), int(h * scale)
    cols, rows = math.ceil(ww / p["tile"]), math.ceil(hh / p["tile"])
    tokens = p["base"] + p["per_tile"] * cols * rows
    return tokens, (f"scaled to {ww}x{hh} (within {p['max_side']} px, shortest side "
                    f"{p['short_side']}): {cols} x {rows} tiles of {p['tile']} px x "
                    f"{p['per_tile']} + {p['base']} = {tokens:,} tokens")


def _area(p, w, h):
    """Anthropic's rule: a token per px_per_token pixels of area, after scaling down
    (never up, aspect kept) until the long side is at most max_side and the image
    at most max_tokens."""
    scale = min(1.0, p["max_side"] / max(w, h),
                math.sqrt(p["max_tokens"] * p["px_per_token"] / (w * h)))
    ww, hh = ((max(math.floor(w * scale), 1), max(math.floor(h * scale), 1))
              if scale < 1 else (w, h))
    tokens = math.ceil(ww * hh / p["px_per_token"])
    return tokens, (f"{ww}x{hh} (long side at most {p['max_side']} px, at most "
                    f"~{p['max_tokens']:,} tokens): {ww * hh:,} px / "
                    f"{p['px_per_token']} = {tokens:,} tokens")


def _best_canvas(grid, w, h) -> tuple[int, int]:
    """The (height, width) of ``grid`` that keeps most of the image's pixels when
    it is scaled to fit, then wastes the least (transformers'
    select_best_resolution)."""
    best, most, waste = None, 0, math.inf
    for ch, cw in grid:
        scale = min(cw / w, ch / h)
        effective = min(int(w * scale) * int(h * scale), w * h)
        wasted = ch * cw - effective
        if effective > most or (effective == most and wasted < waste):
            best, most, waste = (ch, cw), effective, wasted
    return best


def _anyres(p, w, h):
    """LLaVA-NeXT's anyres: a base view of (px / patch)^2 tokens, plus the best
    canvas of the grid in patches with the padding rows or columns the image does
    not fill taken off, and a newline token per row (transformers'
    LlavaNextProcessor._get_number_of_features)."""
    side = p["px"] // p["patch"]
    ch, cw = _best_canvas(p["grid"], w, h)
    rows, cols = side * (ch // p["px"]), side * (cw // p["px"])
    if w / h > cols / rows:
        new = int(round(h * (cols / w), 7))
        rows -= (rows - new) // 2 * 2
    else:
        new = int(round(w * (rows / h), 7))
        cols -= (cols - new) // 2 * 2
    tokens = side * side + rows * cols + rows
    return tokens, (f"the {cw}x{ch} canvas: {cols} x {rows} patches of {p['patch']} px "
                    f"after unpadding, {rows} row newlines and the {side} x {side} "
                    f"base view = {tokens:,} tokens")


def _patches(p, w, h):
    """OpenAI's patch rule: fit within max_side (never enlarged, rounded to whole
    pixels), cover with px x px patches; over the patch budget (0: none) shrink by
    the page's adjusted factor and floor the sides; tokens = patches x the model's
    multiplier, rounded up."""
    px, budget = p["px"], p["budget"]
    scale = min(1.0, p["max_side"] / max(w, h))
    ww, hh = ((max(round(w * scale), 1), max(round(h * scale), 1)) if scale < 1
              else (w, h))
    patches = math.ceil(ww / px) * math.ceil(hh / px)
    if budget and patches > budget:
        shrink = math.sqrt(px * px * budget / (ww * hh))
        shrink *= min(math.floor(ww * shrink / px) / (ww * shrink / px),
                      math.floor(hh * shrink / px) / (hh * shrink / px))
        ww, hh = math.floor(ww * shrink), math.floor(hh * shrink)
        patches = math.ceil(ww / px) * math.ceil(hh / px)
    tokens = math.ceil(patches * Fraction(p["multiplier"]))
    limit = f"within {p['max_side']} px" + (f" and {budget:,} patches" if budget
                                            else "")
    cols, rows = math.ceil(ww / px), math.ceil(hh / px)
    return tokens, (f"{ww}x{hh} ({limit}): {cols} x {rows} patches of {px} px x "
                    f"{float(p['multiplier']):g} = {tokens:,} tokens")


# Idefics3's image processor caps every side at this after resizing (MAX_IMAGE_SIZE)
SPLIT_CAP = 4096


def _split_size(p, w, h) -> tuple[int, int]:
    """Idefics3's resize: the longest side to exactly ``longest`` (up or down), the
    other by the aspect ratio, truncated and made even; then within SPLIT_CAP."""
    aspect, longest = w / h, p["longest"]
    if w >= h:
        ww, hh = longest, int(longest / aspect)
        hh += hh % 2
    else:
        ww, hh = int(longest * aspect), longest
        ww += ww % 2
    ww, hh = max(ww, 1), max(hh, 1)
    if max(ww, hh) > SPLIT_CAP:
        if ww >= hh:
            ww, hh = SPLIT_CAP, max(int(SPLIT_CAP / (ww / hh)), 1)
        else:
            ww, hh = max(int(SPLIT_CAP * (ww / hh)), 1), SPLIT_CAP
    return ww, hh


def _split(p, w, h):
    """Idefics3 / SmolVLM (transformers' Idefics3ImageProcessor and
    Idefics3Processor): resized so the longest side is ``longest``, cut into
    ``tile`` px squares plus the whole image as a global view, each ``seq``
    tokens; a tile also carries a wrapper and a row/column tag, a row of tiles a
    newline, the global view a wrapper pair and its tag."""
    ww, hh = _split_size(p, w, h)
    tile, seq = p["tile"], p["seq"]
    rows, cols = math.ceil(hh / tile), math.ceil(ww / tile)
    if rows <= 1 and cols <= 1:     # one tile's worth: not split
        rows = cols = 0
    tokens = seq + 3 + rows * (cols * (seq + 2) + 1)
    if not rows:
        return tokens, (f"resized to {ww}x{hh}: one view of {seq} tokens and 3 "
                        f"around it = {tokens:,} tokens")
    return tokens, (f"resized to {ww}x{hh}: {cols} x {rows} tiles of {tile} px and "
                    f"a global view, {seq} tokens each, with their tags and "
                    f"{rows} row newlines = {tokens:,} tokens")


_TOKENS = {"fixed": _fixed, "patch": _patch, "tiles": _tiles, "longest": _longest,
           "api_tiles": _api_tiles, "area": _area, "anyres": _anyres,
           "split": _split, "patches": _patches}


def image_tokens(rule: Rule, width: int, height: int) -> tuple[int, str]:
    """The tokens one image of width x height costs under ``rule``, and how."""
    return _TOKENS[rule.kind](rule.params, width, height)


# -- the estimate --------------------------------------------------------------------
@dataclass(frozen=True)
class Estimate:
    """GPU memory for one checkpoint, term by term (GB), and what went in."""

    checkpoint: str
    terms: dict[str, float]
    tokens: int | None            # text + image tokens held in the KV cache
    image_tokens: int | None      # per image
    how: str                      # how the image tokens were counted, or why not
    fallback: bool = False        # the rule of thumb (no architecture data)
    not_counted: str = ""         # a term the settings ask for that lacks data
    # GB more for a runtime that keeps the logits of every prompt position (None:
    # the vocabulary is not known)
    logits: float | None = None

    @property
    def high(self) -> float | None:
        """The total with the whole prompt's logits held (None if not known)."""
        return None if self.logits is None else self.total + self.logits

    @property
    def total(self) -> float:
        return sum(self.terms.values())

    def binding(self) -> str:
        """The largest term, in words ('KV cache for 100,000 tokens: 5.7 GB')."""
        name, gb = max(self.terms.items(), key=lambda t: t[1])
        return f"{name}: {gb:.1f} GB"


def weights_gb(params, precision: str):
    """The rule of thumb: GPU memory in GB (10^9 bytes) that ``params`` weights
    need for inference, parameters x bytes x 1.2 (a number or an array)."""
    return params * vocab.PRECISIONS[precision].bytes * OVERHEAD / GB


def rule_of_thumb(params: float, precision: str) -> dict[str, float]:
    """parameters x bytes x 1.2, as one term."""
    return {f"weights x {OVERHEAD:g} (rule of thumb; no architecture data)":
            weights_gb(params, precision)}


def _weights(arch: Arch, precision: str) -> tuple[float, str, str]:
    """The weights in GB, how, and what is left out: at the format's bits per
    weight, except the parts it leaves at 16 bits (``Precision.kept``) whose size
    is known (those it keeps but whose size is not published are counted at the
    format's bits, and named); a wider format holds every part at its width."""
    fmt = vocab.PRECISIONS[precision]
    if fmt.bits >= 16:
        return (arch.params * fmt.bytes / GB,
                f"{format_count(arch.params)} x {fmt.per_weight}", "")
    sizes = {"vision": arch.vision_params, "embeddings": arch.embedding_params}
    kept = {part: sizes[part] for part in fmt.kept if sizes[part]}
    unknown = [part for part in fmt.kept if not sizes[part]]
    rest = arch.params - sum(kept.values())
    said = f"{format_count(rest)} x {fmt.per_weight}" + "".join(
        f" + {part} {format_count(n)} x 2 bytes" for part, n in kept.items())
    missing = (f"the {' and '.join(unknown)} {precision} keeps at 16 bits "
               f"(size not published; counted at {fmt.bits:.3g} bits)"
               if unknown else "")
    return (rest * fmt.bytes + sum(kept.values()) * 2) / GB, said, missing


def encoder_attention(arch: Arch, per_image: int, images: int = 1, batch: int = 1,
                      per_entry: float = EAGER_BYTES, mask: float = MASK_BYTES
                      ) -> tuple[float, str] | None:
    """The vision encoder's attention matrix without flash attention, in bytes, and
    how: heads x N^2 x ``per_entry`` plus the N x N ``mask``, N the patches of
    every image of the batch (the cited code attends over them in one sequence,
    masked per image). A token is (rule px / patch)^2 patches. None when the
    checkpoint's encoder or rule is not known."""
    enc, rule = arch.encoder, arch.rule
    if enc is None or rule is None or rule.kind not in ("patch", "longest"):
        return None
    n = per_image * (rule.params["px"] // enc.patch) ** 2 * images * batch
    total = n * n * (enc.heads * per_entry + mask)
    return total, f"{enc.heads} heads x {n:,}² patches"


def estimate(arch: Arch, precision: str = "fp16", *, image_size=None,
             images: int = 1, context_tokens: int = 4096, batch: int = 1,
             attention: str = "flash") -> Estimate:
    """The memory ``arch`` needs to serve ``context_tokens`` of text plus
    ``images`` images of ``image_size`` (width, height), ``batch`` at a time, its
    vision encoder attending as ``attention`` says (``ATTENTION``)."""
    if arch.params is None:
        raise AdvisorError(f"{arch.checkpoint}: no parameter count, so no estimate")
    weights, weights_said, low = _weights(arch, precision)
    per_image, how = None, "no image size given: images not counted"
    if image_size is not None:
        if arch.rule is None:
            how = "no sourced image-token rule: images not counted"
        else:
            per_image, how = image_tokens(arch.rule, *image_size)
    eager = encoder_attention(arch, per_image, images, batch) \
        if attention == "eager" and per_image else None
    missing = [low] if low and arch.kv_known else []
    cross = arch.cross_bytes_per_image()
    if image_size is not None and arch.rule is None and cross is None:
        missing.append("images: no sourced image-token rule")
    if attention == "eager" and per_image and eager is None:
        missing.append("vision attention (eager): no sourced encoder facts")
    if arch.kv_known:
        tokens = context_tokens + images * (per_image or 0)
        kv = arch.kv_bytes_per_token() * tokens * batch / GB
        where = f"{tokens:,} tokens" + (f" x batch {batch}" if batch > 1 else "")
        fmt = vocab.PRECISIONS[precision]
        named = f"{precision} = {fmt.same_as}" if fmt.same_as else precision
        terms = {
            f"weights ({weights_said}, {named})": weights,
            f"KV cache for {where}": kv,
            f"runtime overhead (activations and buffers, {WORKSPACE_GB:g} GB as "
            "measured)": WORKSPACE_GB,
        }
        if cross is not None and image_size is not None:
            terms[f"KV cache of the cross-attention to {images} image"
                  f"{'' if images == 1 else 's'} ({arch.cross_tokens:,} vision "
                  f"tokens each, {arch.cross_layers} layers)"] = \
                cross * images * batch / GB
    else:
        tokens, terms = None, rule_of_thumb(arch.params, precision)
    if eager:
        terms[f"vision attention, eager ({eager[1]})"] = eager[0] / GB
    logits = _logits_gb(arch, tokens * batch) if tokens is not None else None
    return Estimate(arch.checkpoint, terms, tokens, per_image, how,
                    fallback=not arch.kv_known, not_counted="; ".join(missing),
                    logits=logits)


# -- published measurements ------------------------------------------------------------
class Measurement(NamedTuple):
    """A published GPU-memory measurement of one checkpoint (measurements.csv)."""

    checkpoint: str
    precision: str
    input_tokens: int
    output_tokens: int
    measured_gib: float
    runtime: str
    source: str

    @property
    def measured_gb(self) -> float:
        return self.measured_gib * 2**30 / GB

    @property
    def arch(self) -> Arch:
        """The measured checkpoint's architecture facts (arch.csv)."""
        return next(a for a in bundled_archs() if a.checkpoint == self.checkpoint)


def load_measurements() -> list[Measurement]:
    """measurements.csv: published measurements the estimate is checked against."""
    label = "measurements.csv"
    text = utf8(read_file(bundled_file(label), label, MOST_ARCH_BYTES), label)
    out = []
    for n, r in enumerate(CsvRows(text, label), start=1):
        out.append(Measurement(
            r["checkpoint"], _cell(label, n, "precision", r["precision"],
                                   vocab.canonical_precision),
            _cell(label, n, "input_tokens", r["input_tokens"], int),
            _cell(label, n, "output_tokens", r["output_tokens"], int),
            _cell(label, n, "measured_gib", r["measured_gib"], float),
            r["runtime"], r["source"]))
    return out


def _logits_gb(arch: Arch, tokens: int) -> float | None:
    """The logits of ``tokens`` positions held in 16 bits and as float32, GB
    (None without the vocabulary)."""
    return tokens * arch.vocab * LOGIT_BYTES / GB if arch.vocab else None


def estimate_for(m: Measurement) -> Estimate:
    """The estimate under a measurement's settings: its input and output tokens
    in the KV cache, at its precision, batch 1, no image."""
    return estimate(m.arch, m.precision,
                    context_tokens=m.input_tokens + m.output_tokens)


def measured_runtime_gb(m: Measurement) -> float:
    """The estimate for the measured runtime, which kept the logits of every input
    position (transformers' generate in the cited table): the total plus those."""
    return estimate_for(m).total + _logits_gb(m.arch, m.input_tokens)


# -- what fits -------------------------------------------------------------------------
SIDES = tuple(range(224, 8193, 32))  # square image sides tried for "largest image"


@dataclass(frozen=True)
class Fit:
    """One checkpoint against a GPU: the estimate, and the most it can take."""

    estimate: Estimate
    budget: float
    arch: Arch
    max_context: int | None     # text tokens that fit beside the images (None: ?)
    max_side: int | None        # the largest square image that fits (None: ?)

    @property
    def fits(self) -> bool:
        return self.estimate.total <= self.budget


def _max_context(arch: Arch, est: Estimate, budget: float, s: Settings
                 ) -> int | None:
    """Text tokens that fit: what the budget leaves after the fixed terms, over the
    KV cache per token (at most the model's position limit), less the images'
    tokens."""
    if est.fallback:
        return None
    fixed = sum(v for k, v in est.terms.items() if not k.startswith("KV cache for"))
    per_token = arch.kv_bytes_per_token() * s.batch / GB
    room = math.floor((budget - fixed) / per_token)
    if arch.max_positions:  # never past the model's own position limit
        room = min(room, arch.max_positions)
    return max(0, room - s.images * (est.image_tokens or 0))


def _max_side(arch: Arch, budget: float, s: Settings) -> int | None:
    """The largest square side (of SIDES) whose estimate fits, 0 when none does."""
    if arch.rule is None or not arch.kv_known:
        return None
    best = 0
    for side in SIDES:
        if _estimate(arch, s._replace(image_size=(side, side))).total <= budget:
            best = side
    return best


def fit(checkpoints: list[Arch], gpu_memory_gb: float, settings: Settings
        ) -> list[Fit]:
    """Each of ``checkpoints`` (a model's ``variants``) against a GPU of
    ``gpu_memory_gb`` under ``settings``: its estimate, and the largest context and
    square image that fit."""
    out = []
    for arch in checkpoints:
        est = _estimate(arch, settings)
        out.append(Fit(est, gpu_memory_gb, arch,
                       _max_context(arch, est, gpu_memory_gb, settings),
                       _max_side(arch, gpu_memory_gb, settings)))
    return out


# -- a family against a GPU (the gpu_memory_gb check) -------------------------------
class Settings(NamedTuple):
    """What the memory check serves: precision, image size, images per prompt,
    text context and batch (the requirement keys of the same names)."""

    precision: str = "fp16"
    image_size: tuple[int, int] | None = None
    images: int = 1
    context_tokens: int = 4096
    batch: int = 1
    attention: str = "flash"


class Option(NamedTuple):
    """One variant of a family as the memory check sees it."""

    label: str                  # the checkpoint, or the catalog's smallest variant
    total: float                # GB; infinite when the tokens exceed its positions
    estimate: Estimate | None   # None for the rule of thumb on the catalog's range
    positions: int | None = None  # its position limit, when the tokens exceed it


def options(archs, model: str, smallest: float | None, settings: Settings
            ) -> list[Option]:
    """The variants of ``model`` with architecture data, estimated under
    ``settings``, smallest first (a variant whose positions cannot hold the text
    and image tokens needs infinite memory); before them the catalog's smallest
    variant by the rule of thumb when it is smaller than any of them (said so).
    [] when the model has no checkpoint with architecture data."""
    found = variants(archs, model)
    if not found:
        return []
    out = []
    if smallest and smallest < found[0].params * 0.9:
        out.append(Option(f"the smallest variant (~{format_count(smallest)}; rule of "
                          "thumb, no architecture data)",
                          weights_gb(smallest, settings.precision), None))
    for arch in found:
        e = _estimate(arch, settings)
        if e.tokens and arch.max_positions and e.tokens > arch.max_positions:
            # the context and images do not fit the model's positions: cannot run
            out.append(Option(arch.checkpoint, math.inf, e, arch.max_positions))
        else:
            out.append(Option(arch.checkpoint, e.total, e))
    return out


def _estimate(arch: Arch, s: Settings) -> Estimate:
    """``estimate`` under the memory check's settings."""
    return estimate(arch, s.precision, image_size=s.image_size, images=s.images,
                    context_tokens=s.context_tokens, batch=s.batch,
                    attention=s.attention)
