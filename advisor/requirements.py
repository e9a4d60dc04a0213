"""What a person asks for: the requirement registry, and validation at the boundary.

``SCHEMA`` is the one declaration of every requirement key: its kind and default,
its help, the wizard's question and the flag's word, and for a hard requirement its
:class:`Rule`: the column it reads, the test (at least, at most, ...), how a model's
own value is read, its unit, the sentence for each outcome and how "like X but ..."
moves it. The API validates against it, the CLI derives its flags from it, the
wizard its questions, ``rules`` its checks, headroom and relaxation values,
``explain`` its sentences and :func:`critique` its rewrites.

Adding a numeric requirement is one ``Spec`` with a ``Rule`` whose ``reads`` names
an existing reader in ``rules.READERS`` (or a new reader there), plus its tests.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, make_dataclass
from typing import TYPE_CHECKING, Any

from . import glossary, memory, vocab
from .errors import AdvisorError, did_you_mean
from .parsing import ParseError, format_count, parse_cell, parse_price

if TYPE_CHECKING:  # pragma: no cover
    from .catalog import Catalog

__all__ = ["Rule", "Spec", "SCHEMA", "SPECS", "HARD_KEYS", "NUMERIC_KEYS", "RANK_BY",
           "COMPONENTS", "CRITIQUES", "Requirements", "critique", "COST_IMAGE",
           "REASONING", "REASONING_MODES"]

# rank_by: what orders the models that pass (ties: capability, then name)
RANK_BY = {
    "capability": "published benchmark numbers on the requested tasks (a model "
                  "with none whose tasks say it does them ranks as the weakest with "
                  "a number; the others follow, newest first)",
    "size": "smallest first (smallest variant)",
    "context": "longest token limit first",
    "resolution": "largest input image first",
    "recency": "newest release first",
    "similarity": "most similar to similar_to first",
    "price": "cheapest input price first (API models; self-hosted and unpriced ones "
             "follow)",
    "cost": "cheapest image first: one image of image_size (default 1024x1024) at "
            "the model's image-token rule and input price (API models with both, or "
            "a price per image; the others follow)",
}
# reasoning: which settings' numbers count (each is placed only among numbers of
# its own setting): the modes of evidence.Benchmark that each choice admits
REASONING = {
    "default": "each model's numbers in the mode it answers in by default (its "
               "default_mode; where that is not stated, every setting's numbers)",
    "any": "every setting's numbers, each placed among its own setting's",
    "direct": "only answers given directly (no thinking mode, no chain-of-thought "
              "prompting)",
    "thinking": "only answers after reasoning: a thinking mode or chain-of-thought "
                "prompting",
}
REASONING_MODES = {"default": ("", "thinking", "CoT"), "any": ("", "thinking", "CoT"),
                   "direct": ("",), "thinking": ("thinking", "CoT")}

# the image a cost per image is counted for when image_size is not given
COST_IMAGE = (1024, 1024)

# the sentence of a numeric check; {op} is >= / < (at least) or <= / > (at most)
_AT_LEAST_WORDS = {
    "known": "{what} {value} {unit} {op} {need} {unit} required",
    "unknown": "{stated}; {need} {unit} required",
    "open": "{raw!r} starts at {value} {unit} and its upper end is not stated; "
            "{need} {unit} required",
}
_ALL_OF_WORDS = {"met": "supports {need} ({key}: {have})",
                 "unmet": "lacks {missing} ({key}: {have})",
                 "unknown": "{key} not stated in the catalog",
                 "finer": "does {broad}, and no source says whether it does "
                          "{missing} ({key}: {have})"}
_ONE_OF_WORDS = {"met": "{label} {raw!r} is {one_of}{need}",
                 "unmet": "{label} {raw!r} is not {one_of}{need}"}


@dataclass(frozen=True)
class Rule:
    """How one hard requirement is checked, scored and put into words.

    ``test``: "at least" / "at most" (numbers), "yes" (a yes / no fact), "all of"
    (a set the model must cover), "one of" (its term must be allowed), "none of"
    (it must not be named). ``reads``: the reader in ``rules.READERS`` that gives
    each model's own value. ``column``: the catalog column behind it (a caveat on
    that column touches the check). ``what`` and ``unit`` name the value in
    sentences; ``words`` are the sentence templates per outcome (``explain`` fills
    them). ``fmt``: how a value of this key is written ("count", "g" or "int");
    ``step``: own values are rounded up to it where offered as a relaxation.
    ``critique``: the "like X but ..." direction that tightens this key.
    """

    test: str
    reads: str
    column: str
    words: Mapping[str, str]
    what: str = ""
    unit: str = ""
    fmt: str = "int"
    step: float | None = None
    critique: str | None = None
    category: str = ""  # the glossary category of a "one of" rule's terms

    @property
    def numeric(self) -> bool:
        return self.test in ("at least", "at most")

    def format(self, value: float) -> str:
        """A value of this key as written in messages: '7B', '24', '2048'."""
        if self.fmt == "count":
            return format_count(value)
        if self.fmt == "g":
            return f"{value:g}"
        return f"{int(value)}"


@dataclass(frozen=True)
class Spec:
    """One requirement key: its kind and default, whether it filters, how to ask for
    it (``question`` in the wizard, ``flag`` word on the command line) and, for a hard
    requirement, its :class:`Rule`."""

    key: str
    kind: str
    help: str
    example: str = ""
    default: Any = None
    question: str | None = None
    flag: str = ""
    rule: Rule | None = None
    # a number's largest sensible value (an image side, a batch, a price): past it
    # a value is refused, never computed with (an int of a thousand digits, 1e308 GB)
    most: float | None = None

    @property
    def hard(self) -> bool:
        return self.rule is not None


SCHEMA: tuple[Spec, ...] = (
    Spec("open_license", "bool",
         "Only models whose license the catalog marks '(open)'.", "true", False,
         "Require an open license?",
         rule=Rule("yes", "open_license", "license", critique="open", words={
             "met": "license {license!r} is open",
             "unmet": "license {license!r} is closed",
             "unknown": "license {license!r} is not marked open or closed"})),
    Spec("commercial_use", "bool",
         "Only models whose license allows commercial use (restricted terms count as "
         "unknown).", "true", False,
         "Require a license that allows commercial use?",
         rule=Rule("yes", "commercial_use", "license", critique="commercial", words={
             "met": "commercial use: yes ({terms})",
             "unmet": "commercial use: no ({terms})",
             "unknown": "commercial use: {commercial_use} ({terms}); check the "
                        "terms"})),
    Spec("open_weights", "bool",
         "Only models whose weights can be downloaded (not API-only); for API models "
         "only, use api_only.", "true", False,
         "Require downloadable (open) weights, not API-only?",
         rule=Rule("yes", "open_weights", "open_weights", words={
             "met": "open weights: yes{where}",
             "unmet": "open weights: no (API-only)",
             "unknown": "open weights: not stated"})),
    Spec("api_only", "bool",
         "Only API models: those whose weights cannot be downloaded (the opposite of "
         "open_weights; a model whose weights are not stated is unknown).", "true",
         False, None,
         rule=Rule("yes", "api_only", "open_weights", words={
             "met": "API-only: yes (no downloadable weights)",
             "unmet": "API-only: no, open weights{where}",
             "unknown": "API-only: open weights not stated"})),
    Spec("min_image_resolution", "resolution",
         "The model's largest input must be at least this many pixels on a side.",
         "336px", question="Minimum image resolution (px on a side, e.g. 336)?",
         rule=Rule("at least", "largest", "image_resolution", _AT_LEAST_WORDS,
                   what="largest input", unit="px", fmt="g",
                   critique="higher-resolution"), most=1e6),
    Spec("min_token_limit", "tokens",
         "The model's largest token limit must be at least this (k = 1,000).", "2k",
         question="Minimum token limit (e.g. 2k)?",
         rule=Rule("at least", "largest", "token_limit", _AT_LEAST_WORDS,
                   what="largest token limit", unit="tokens",
                   critique="longer-context"), most=1e10),
    Spec("min_params", "params",
         "The model's largest variant must have at least this many parameters "
         "(a floor on capacity).", "7B",
         question="Minimum parameters, largest variant (e.g. 7B)?",
         rule=Rule("at least", "largest", "parameter_count", _AT_LEAST_WORDS,
                   what="largest variant", unit="parameters", fmt="count"), most=1e14),
    Spec("max_params", "params",
         "The model's smallest variant must have at most this many parameters.",
         "7B", question="Maximum parameters (e.g. 7B)?",
         rule=Rule("at most", "smallest", "parameter_count", fmt="count",
                   critique="smaller", words={
                       "known": "{value} {op} {need} allowed",
                       "unknown": "{stated}"}), most=1e14),
    Spec("gpu_memory_gb", "gb",
         "The model must fit in this much GPU memory (GB): for a model with "
         "architecture data (arch.csv), the largest variant that fits, counting "
         "weights at the precision, the KV cache of the context and images, and "
         "20% overhead; otherwise the smallest variant's weights x 1.2.", "24",
         question="GPU memory for the weights, in GB (e.g. 24)?",
         rule=Rule("at most", "weights_gb", "parameter_count", fmt="g", step=0.1,
                   what="weights", unit="GB", words={
                       "known": "{whose} need ~{value} GB at {precision} "
                                "(rule of thumb: ~{params} x {bytes} x {overhead}; "
                                "no architecture data) {op} {need} GB{largest}",
                       "unknown": "{stated}, so the memory it needs is too",
                       "api": "API-only model (no open weights): nothing to fit "
                              "on your GPU",
                       "fits": "{fits} needs ~{value} of {need} GB ({terms}){larger}",
                       "fits_thumb": "only {fits} fits: ~{value} of {need} GB{larger}",
                       "none": "no variant fits {need} GB: {smallest} needs ~{value} "
                               "GB, most of it {binding}",
                       "positions": "no variant holds {tokens} tokens (context and "
                                    "images): {smallest} has {positions} positions",
                       "context": "a context of {context} tokens exceeds its token "
                                  "limit ({tokens}; no architecture data, so images "
                                  "are not counted)"}), most=1e5),
    Spec("precision", "precision",
         "Precision of the weights for the GPU memory check: " +
         ", ".join(vocab.PRECISIONS) + ".", "fp16", "fp16",
         "Precision of the weights?"),
    Spec("image_size", "size",
         "The image size you will send (width x height, px): for the GPU memory "
         "check, each model's image-token rule turns it into tokens held in the KV "
         "cache (default: images not counted); for max_cost_per_image and rank_by "
         "cost, the image priced (default 1024x1024).", "1024x768",
         question="Image size you will send (e.g. 1024x768)?"),
    Spec("images", "int", "For the GPU memory check: images per prompt.", "2", 1,
         "Images per prompt (for the GPU memory check)?", most=1000),
    Spec("context_tokens", "count",
         "For the GPU memory check: the text context you will serve (prompt and "
         "answer), held in the KV cache.", "32k", 4096,
         "Text context to serve, prompt and answer (e.g. 32k)?", most=1e8),
    Spec("batch", "int", "For the GPU memory check: sequences served at once.",
         "4", 1, "Sequences served at once (for the GPU memory check)?",
         most=100_000),
    Spec("attention", "attention",
         "For the GPU memory check: how the vision encoder attends. " +
         "; ".join(f"{k}: {v}" for k, v in memory.ATTENTION.items()) + ".",
         "eager", "flash", "Vision attention in your runtime?"),
    Spec("max_price", "price",
         "API models must cost at most this much in USD per million input tokens "
         "(the catalog's input_price_per_mtok); open-weight models without an API "
         "price are self-hosted: the limit does not apply, and the check says so.",
         "2", question="Most you will pay, USD per million input tokens?",
         rule=Rule("at most", "price", "input_price_per_mtok", fmt="g",
                   what="input price", unit="USD / M tokens", words={
                       "known": "input price ${value} per M tokens {op} ${need}",
                       "unknown": "no API price in the catalog",
                       "self": "self-hosted (open weights, no API price): not "
                               "free, but the price limit does not apply"}), most=1e6),
    Spec("max_cost_per_image", "price",
         "API models must cost at most this much in USD for one image of "
         "image_size (default 1024x1024): its tokens under the model's sourced "
         "image-token rule x the input price, plus any price per image; open-weight "
         "models without an API price are self-hosted and pass.", "0.002",
         question="Most you will pay per image, USD?",
         rule=Rule("at most", "image_cost", "input_price_per_mtok", fmt="g",
                   what="cost per image", unit="USD", words={
                       "known": "{how} = ${value} per image {op} ${need}",
                       "unknown": "{why}",
                       "self": "self-hosted (open weights, no API price): not "
                               "free, but the cost limit does not apply"}), most=1e6),
    Spec("tasks", "tasks", "The model must support all of these tasks: " +
         ", ".join(vocab.TASKS) + ".", "vqa", (),
         "Tasks the model must support?", "task",
         Rule("all of", "bits", "tasks", _ALL_OF_WORDS)),
    Spec("modalities", "modalities",
         "The model must accept all of these inputs: " +
         ", ".join(vocab.MODALITIES) + ".", "image", (),
         "Inputs the model must accept?", "modality",
         Rule("all of", "bits", "modalities", _ALL_OF_WORDS)),
    Spec("model_types", "model_types",
         "Allowed model types (glossary terms: VLM, LMM, Multimodal).", "VLM", (),
         "Allowed model types?", "model-type",
         Rule("one of", "terms", "model_type", _ONE_OF_WORDS,
              category="Model Type")),
    Spec("architectures", "architectures",
         "Allowed architectures (glossary terms such as Dual Encoder).",
         "Dual Encoder", (), "Allowed architectures?", "architecture",
         Rule("one of", "terms", "architecture", _ONE_OF_WORDS,
              category="Architecture")),
    Spec("exclude", "names", "Models to leave out.", "GPT-4o", (),
         "Models to leave out (comma-separated)?",
         rule=Rule("none of", "name", "name", {"met": "not excluded",
                                               "unmet": "excluded by request"})),
    Spec("rank_by", "rank_by",
         "What matters most, the order of the models that pass: " +
         "; ".join(f"{k}: {v}" for k, v in RANK_BY.items()) + ".", "capability",
         "capability", "What matters most?"),
    Spec("reasoning", "reasoning",
         "Which benchmark settings count for capability: " +
         "; ".join(f"{k}: {v}" for k, v in REASONING.items()) + ". Numbers with "
         "tools are shown, never ranked on.", "direct", "default",
         "Count benchmark numbers from which setting?"),
    Spec("similar_to", "name",
         "Rank by similarity to this model (it is not suggested itself).", "clip",
         question="Rank by similarity to a model (name)?"),
    Spec("prefer", "prefer",
         "Soft preferences: any of the hard keys, raising the score instead of "
         "filtering.", "{\"commercial_use\": true}", {}),
    Spec("weights", "weights",
         "Weights of the score's components.", "{\"similarity\": 2}", {},
         flag="weight"),
    Spec("top_k", "int", "How many suggestions to return.", "5", 5,
         "How many suggestions?", most=1_000_000_000),
    Spec("include_retired", "bool",
         "Also consider models marked retired (status 'retired'), which are left "
         "out by default; superseded and deprecated ones are always considered, "
         "ranked after current ones.", "true", False),
    Spec("strict", "bool",
         "Treat an unknown fact as unmet instead of ranking it last.", "true", False,
         "Count unknown facts as unmet?"),
)
SPECS = {s.key: s for s in SCHEMA}
HARD_KEYS = tuple(s.key for s in SCHEMA if s.hard)
NUMERIC_KEYS = tuple(s.key for s in SCHEMA if s.hard and s.rule.numeric)
# "like X but <direction>": the key each direction tightens; bounds first
CRITIQUES = {s.rule.critique: s.key for s in sorted(
    (s for s in SCHEMA if s.hard and s.rule.critique),
    key=lambda s: not s.rule.numeric)}

# component -> (default weight, meaning); documented in docs/ranking.md and advise()
COMPONENTS: dict[str, tuple[float, str]] = {
    "rank": (30.0, "the value rank_by orders by (capability by default), 0 to 1: "
                   "dominant unless its weight is lowered"),
    "capability": (1.0, "published-benchmark capability, when rank_by is something "
                        "else"),
    "checks": (1.0, "share of the hard requirements met (an unknown counts half)"),
    "margin": (1.0, "headroom on numeric requirements, log scale, 16x or more = 1"),
    "preference": (1.0, "share of the soft preferences met (an unknown counts half)"),
    "similarity": (3.0, "cosine similarity of feature vectors to `similar_to`, "
                        "mapped from [-1, 1] to [0, 1]"),
    "task_fit": (1.0, "requested tasks / the model's tasks: a specialist fits best"),
    "documented": (0.5, "share of the model's key facts that are known"),
}


# -- validators, one per kind ---------------------------------------------------------
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off", ""}


def _bool(key: str, value: Any, catalog: Catalog | None = None) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in _TRUE | _FALSE:
        return value.strip().casefold() in _TRUE
    raise AdvisorError(f"{key}: {value!r} is not true or false")


def _as_typed(value: Any) -> Any:
    """A numeric string as the number it is ('-5' -> -5), so that a message says
    the same for the API's -5 and the command line's '-5'."""
    if isinstance(value, str):
        try:
            x = float(value.strip())
        except ValueError:
            return value
        return int(x) if x.is_integer() else x
    return value


def _positive(key: str, x: float, text: Any) -> float:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        raise AdvisorError(f"{key} == {text!r}, must be a finite number")
    if x <= 0:
        raise AdvisorError(f"{key} == {text!r}, must be > 0")
    return x


def _number(key: str, value: Any, catalog: Catalog | None = None) -> int | float:
    """An int, float or a string in the catalog's own formats ('2k', '336px', '7B')."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise AdvisorError(f"{key}: {value!r} is not a number; for example "
                           f"{SPECS[key].example!r}")
    if isinstance(value, int) and abs(value) > 1e300:
        raise AdvisorError(f"{key} == {str(value)[:20]}..., must be a finite number")
    typed = _as_typed(value)
    if isinstance(typed, int | float) and not typed > 0:  # '-5', '0', 'nan'
        value = typed
    if isinstance(value, int | float):
        x = _positive(key, value, value)
    else:
        try:
            r = parse_cell(SPECS[key].rule.column, value)  # as the catalog's cells
        except ParseError as e:
            raise AdvisorError(f"{key}: {e}") from None
        if r.low is None or r.high is None or r.low != r.high:
            raise AdvisorError(f"{key}: {value!r} is not a single number; for "
                               f"example {SPECS[key].example!r}")
        x = _positive(key, r.low, value)
    return int(x) if float(x).is_integer() else x


def _size(key: str, value: Any, catalog: Catalog | None = None
          ) -> tuple[int, int]:
    """'1024x768' (or [1024, 768]) -> (width, height)."""
    if isinstance(value, list | tuple) and len(value) == 2:
        value = f"{value[0]}x{value[1]}"
    return memory.parse_size(value, key)


def _count(key: str, value: Any, catalog: Catalog | None = None) -> int:
    """A whole count of at least 1 in the catalog's forms ('32k', '4096')."""
    if isinstance(value, str):
        try:
            r = parse_cell("token_limit", value)
        except ParseError as e:
            raise AdvisorError(f"{key}: {e}") from None
        if r.low is None or r.low != r.high:
            raise AdvisorError(f"{key}: {value!r} is not a single number; for "
                               f"example {SPECS[key].example!r}")
        value = r.low
    if isinstance(value, bool) or not isinstance(value, int | float) or \
            value != int(value) or value < 1:
        raise AdvisorError(f"{key}: {value!r} is not a whole number of at least 1")
    return int(value)


def _price_limit(key: str, value: Any, catalog: Catalog | None = None) -> float:
    """USD, 0 or more: a number or '1.25' / '$1.25'."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise AdvisorError(f"{key}: {value!r} is not a price; for example '2'")
    typed = _as_typed(value)  # '-1' says what -1 says
    try:
        x = parse_price(value) if isinstance(typed, str) else float(typed)
    except ParseError as e:
        raise AdvisorError(f"{key}: {e}") from None
    if x is None or not math.isfinite(x) or x < 0:
        raise AdvisorError(f"{key} == {typed!r}, must be a price of 0 or more")
    return x


def _gb(key: str, value: Any, catalog: Catalog | None = None) -> float:
    if isinstance(value, str):
        text = value.strip().casefold()
        for suffix in ("gib", "gb", "g"):
            text = text.removesuffix(suffix).strip()
        try:
            x = float(text)
        except ValueError:
            raise AdvisorError(f"{key}: {value!r} is not a number of GB; for "
                               "example '24'") from None
        return _positive(key, x, _as_typed(value))
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AdvisorError(f"{key}: {value!r} is not a number of GB; for example 24")
    return _positive(key, float(value), value)


def _words(key: str, value: Any) -> list:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset):
        raise AdvisorError(f"{key}: {value!r} is not a list")
    return list(value)


def _vocabulary(canonical):
    def check(key: str, value: Any, catalog: Catalog | None = None) -> tuple:
        return tuple(dict.fromkeys(canonical(w, key) for w in _words(key, value)))
    return check


def _terms(key: str, value: Any, catalog: Catalog | None) -> tuple[str, ...]:
    """model_types / architectures: glossary terms, or values the catalog uses."""
    rule = SPECS[key].rule
    known = [e.term for e in glossary.entries() if e.category == rule.category]
    in_catalog = sorted(catalog.values(rule.column)) if catalog is not None else []
    out = []
    for word in _words(key, value):
        if not isinstance(word, str):
            raise AdvisorError(f"{key}: {word!r} is not a word")
        hits = glossary.lookup(word, rule.category)
        same = [v for v in in_catalog if v.casefold() == word.strip().casefold()]
        if len(hits) != 1 and not same:
            choices = list(dict.fromkeys([*(t.split(" (")[0] for t in known),
                                          *in_catalog]))
            raise AdvisorError(f"{key}: unknown value {word!r}; "
                               + did_you_mean(word, choices))
        out.append(hits[0].term if len(hits) == 1 else same[0])
    return tuple(dict.fromkeys(out))


def _names(key: str, value: Any, catalog: Catalog | None) -> tuple[str, ...]:
    given = _words(key, value)
    # each name resolved once (a list of 100,000 copies is one look-up)
    words = [*dict.fromkeys(w for w in given if isinstance(w, str)),
             *(w for w in given if not isinstance(w, str))]
    if catalog is None:
        return tuple(words)
    return tuple(dict.fromkeys(catalog.resolve(w, key) for w in words))


def _name(key: str, value: Any, catalog: Catalog | None) -> str:
    if not isinstance(value, str):
        raise AdvisorError(f"{key}: {value!r} is not a model name")
    return catalog.resolve(value, key) if catalog is not None else value


def _int(key: str, value: Any, catalog: Catalog | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isascii() and \
                value.strip().isdigit():
            if len(value.strip()) > 30:  # int() refuses 4,300 digits; none is sane
                raise AdvisorError(f"{key} == {_said_number(value)}, a number of "
                                   f"{len(value.strip()):,} digits; too large")
            value = int(value)
        else:
            raise AdvisorError(f"{key}: {_said_number(value)} is not a whole number")
    if value < 1:
        raise AdvisorError(f"{key} == {value}, must be >= 1")
    return value


def _prefer(key: str, value: Any, catalog: Catalog | None) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise AdvisorError(f"prefer: {value!r} is not a dict of requirement keys")
    choices = [h for h in HARD_KEYS if h != "exclude"]
    out = {}
    for k, v in value.items():
        if k not in choices:
            raise AdvisorError(f"prefer: {k!r} is not a preference key; "
                               + did_you_mean(str(k), choices))
        try:
            checked = validate(k, v, catalog)
        except AdvisorError as e:
            raise AdvisorError(f"prefer: {e}") from None
        if is_set(checked):
            out[k] = checked
    return out


def _weights(key: str, value: Any, catalog: Catalog | None = None
             ) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise AdvisorError(f"weights: {value!r} is not a dict of component weights")
    out = {}
    for k, v in value.items():
        if k not in COMPONENTS:
            raise AdvisorError(f"weights: unknown component {k!r}; "
                               + did_you_mean(str(k), list(COMPONENTS)))
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise AdvisorError(f"weights: {k} == {v!r}, must be a number")
        try:
            x = float(v)
        except OverflowError:  # an int beyond floating point
            raise AdvisorError(f"weights: {k} == {str(v)[:20]}..., must be a finite "
                               "number >= 0") from None
        if math.isnan(x) or math.isinf(x) or x < 0:
            raise AdvisorError(f"weights: {k} == {v!r}, must be a finite number >= 0")
        out[k] = x
    return out


def _precision(key: str, value: Any, catalog: Catalog | None = None) -> str:
    return vocab.canonical_precision(value, key)


def _choice(choices: Mapping[str, str]):
    """A validator for one word of ``choices`` (case and spaces ignored)."""
    def check(key: str, value: Any, catalog: Catalog | None = None) -> str:
        word = value.strip().casefold() if isinstance(value, str) else None
        if word not in choices:
            raise AdvisorError(f"{key}: unknown value {value!r}; "
                               + did_you_mean(str(value), list(choices)))
        return word
    return check


# kind -> (validator(key, value, catalog) -> the value Requirements holds, its type)
KINDS: dict[str, tuple[Any, Any]] = {
    "bool": (_bool, bool), "resolution": (_number, "int | float | None"),
    "tokens": (_number, "int | float | None"),
    "params": (_number, "int | float | None"),
    "gb": (_gb, "float | None"), "precision": (_precision, str),
    "tasks": (_vocabulary(vocab.canonical_task), "tuple[str, ...]"),
    "modalities": (_vocabulary(vocab.canonical_modality), "tuple[str, ...]"),
    "model_types": (_terms, "tuple[str, ...]"),
    "architectures": (_terms, "tuple[str, ...]"),
    "names": (_names, "tuple[str, ...]"), "name": (_name, "str | None"),
    "int": (_int, int), "prefer": (_prefer, "Mapping[str, Any]"),
    "size": (_size, "tuple[int, int] | None"), "count": (_count, int),
    "price": (_price_limit, "float | None"),
    "rank_by": (_choice(RANK_BY), str),
    "attention": (_choice(memory.ATTENTION), str),
    "reasoning": (_choice(REASONING), str),
    "weights": (_weights, "Mapping[str, float]"),
}


def validate(key: str, value: Any, catalog: Catalog | None = None) -> Any:
    """One requirement value as ``Requirements`` holds it, or an AdvisorError
    (a number past its key's ``most`` among them)."""
    spec = SPECS[key]
    if spec.most is not None and isinstance(value, int) and not isinstance(
            value, bool) and abs(value) > 1e300:  # never parsed as a float
        raise AdvisorError(f"{key} == {str(value)[:20]}..., must be at most "
                           f"{spec.most:,.0f}")
    out = KINDS[spec.kind][0](key, value, catalog)
    if spec.most is not None and isinstance(out, int | float) and not (
            out <= spec.most):
        raise AdvisorError(f"{key} == {_said_number(value)}, must be at most "
                           f"{spec.most:,.0f}")
    return out


def _said_number(value: Any) -> str:
    """A value as a message shows it: at most 40 characters."""
    text = str(value)
    return repr(text[:40] + "...") if len(text) > 40 else repr(value)


# the settings of the GPU memory check (memory.Settings): refused without it
GPU_SETTINGS = ("precision", "image_size", "images", "context_tokens", "batch",
                "attention")


def is_set(v: Any) -> bool:
    """Whether a value asks for something (False, None and () do not)."""
    return v is not None and v is not False and v != ()


def _default(spec: Spec):
    if isinstance(spec.default, dict):
        return field(default_factory=dict)
    return field(default=spec.default)


class _Requirements:
    """Validated requirements, one attribute per key of ``SCHEMA``. Build with
    :meth:`from_dict`.

    ``False`` or absent means "no requirement"; numbers are plain units
    (pixels, tokens, parameters, GB).
    """

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | _Requirements | None,
                  catalog: Catalog | None = None) -> Requirements:
        """Validate a dict of requirement keys; names are resolved in ``catalog``.

        >>> Requirements.from_dict({"min_token_limit": "2k"}).min_token_limit
        2000
        """
        if isinstance(data, _Requirements):
            data = data.to_dict()
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise AdvisorError(f"requirements: expected a dict of requirement keys, "
                               f"got {type(data).__name__}")
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in SPECS:
                raise AdvisorError(f"unknown requirement key {key!r}; "
                                   + did_you_mean(str(key), list(SPECS)))
            if value is not None:
                values[key] = validate(key, value, catalog)
        priced = "max_cost_per_image" in values or values.get("rank_by") == "cost"
        for key in GPU_SETTINGS:
            if key == "image_size" and priced:
                continue  # it also sizes the image a cost is counted for
            if values.get(key, SPECS[key].default) != SPECS[key].default and \
                    "gpu_memory_gb" not in values:
                raise AdvisorError(
                    f"{key}: {data[key]!r} is given without gpu_memory_gb; it only "
                    "sizes the GPU memory check, so give gpu_memory_gb (e.g. 24) or "
                    f"leave {key} out")
        return cls(**values)

    def hard(self) -> dict[str, Any]:
        """The hard requirements that are set, in schema order."""
        return {k: getattr(self, k) for k in HARD_KEYS if is_set(getattr(self, k))}

    def to_dict(self, *, all_keys: bool = False) -> dict[str, Any]:
        """JSON-ready: the keys that differ from their defaults (or all of them)."""
        out = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if all_keys or v != SPECS[f.name].default:
                out[f.name] = list(v) if isinstance(v, tuple) else (
                    dict(v) if isinstance(v, Mapping) else v)
        return out


Requirements = make_dataclass(
    "Requirements", [(s.key, KINDS[s.kind][1], _default(s)) for s in SCHEMA],
    bases=(_Requirements,), frozen=True, namespace={"__doc__": _Requirements.__doc__,
                                                    "__module__": __name__})


# -- "like X, but ..." ----------------------------------------------------------------
def critique(req: Requirements, catalog: Catalog, name: str, direction: str
             ) -> Requirements:
    """The requirements of "like ``m``, but ``direction``": ``similar_to`` the model
    and the key the direction names (``CRITIQUES``) tightened just past the model's
    own value (a yes / no key is simply required)."""
    if not isinstance(direction, str) or direction not in CRITIQUES:
        raise AdvisorError(f"direction: unknown value {direction!r}; "
                           + did_you_mean(direction, list(CRITIQUES)))
    m = catalog[name]
    key = CRITIQUES[direction]
    rule = SPECS[key].rule
    new = req.to_dict()
    new["similar_to"] = m.name
    current = getattr(req, key)
    if rule.test == "yes":
        new[key] = True
    else:
        r = getattr(m, rule.column)
        own = r.best if rule.reads == "largest" else r.low
        if own is None:
            raise AdvisorError(f"critique: {m.name}'s {rule.column} is unknown "
                               f"({m.raw[rule.column]!r}), so there is nothing to "
                               f"go {direction} than")
        if rule.test == "at least":
            new[key] = max(own + 1, current or 0)
        else:
            new[key] = min(own - 1, current or own - 1)
    return Requirements.from_dict(new, catalog)
