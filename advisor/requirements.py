"""What a person asks for: the requirement schema, and validation at the boundary.

``SCHEMA`` is the one list of requirement keys. The API validates against it, the CLI
derives its flags from it and the wizard its questions, so the three cannot drift.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from . import vocab
from .errors import AdvisorError, did_you_mean
from .parsing import ParseError, parse_count, parse_resolution

if TYPE_CHECKING:  # pragma: no cover
    from .catalog import Catalog

__all__ = ["Spec", "SCHEMA", "HARD_KEYS", "NUMERIC_KEYS", "COMPONENTS", "Requirements"]


@dataclass(frozen=True)
class Spec:
    """One requirement key: its kind, whether it filters, and how to ask for it."""

    key: str
    kind: str
    hard: bool
    help: str
    example: str = ""
    default: Any = None


SCHEMA: tuple[Spec, ...] = (
    Spec("open_license", "bool", True,
         "Only models whose license the catalog marks '(open)'.", "true", False),
    Spec("commercial_use", "bool", True,
         "Only models whose license allows commercial use (restricted terms count as "
         "unknown).", "true", False),
    Spec("open_weights", "bool", True,
         "Only models whose weights can be downloaded (not API-only).", "true", False),
    Spec("min_image_resolution", "resolution", True,
         "The model's largest input must be at least this many pixels on a side.",
         "336px"),
    Spec("min_token_limit", "tokens", True,
         "The model's largest token limit must be at least this (k = 1,000).", "2k"),
    Spec("max_params", "params", True,
         "The model's smallest variant must have at most this many parameters.",
         "7B"),
    Spec("gpu_memory_gb", "gb", True,
         "The weights must fit in this much GPU memory (GB), at the precision "
         "below, with 20% overhead for inference.", "24"),
    Spec("precision", "precision", False,
         "Precision of the weights for the GPU memory check: " +
         ", ".join(vocab.PRECISIONS) + ".", "fp16", "fp16"),
    Spec("tasks", "tasks", True, "The model must support all of these tasks: " +
         ", ".join(vocab.TASKS) + ".", "vqa", ()),
    Spec("modalities", "modalities", True,
         "The model must accept all of these inputs: " +
         ", ".join(vocab.MODALITIES) + ".", "image", ()),
    Spec("model_types", "model_types", True,
         "Allowed model types (glossary terms: VLM, LMM, Multimodal).", "VLM", ()),
    Spec("architectures", "architectures", True,
         "Allowed architectures (glossary terms such as Dual Encoder).",
         "Dual Encoder", ()),
    Spec("exclude", "names", True, "Models to leave out.", "GPT-4o", ()),
    Spec("similar_to", "name", False,
         "Rank by similarity to this model (it is not suggested itself).", "clip"),
    Spec("prefer", "prefer", False,
         "Soft preferences: any of the hard keys, raising the score instead of "
         "filtering.", "{\"commercial_use\": true}", {}),
    Spec("weights", "weights", False,
         "Weights of the score's components.", "{\"similarity\": 2}", {}),
    Spec("top_k", "int", False, "How many suggestions to return.", "5", 5),
    Spec("strict", "bool", False,
         "Treat an unknown fact as unmet instead of ranking it last.", "true", False),
)
SPECS = {s.key: s for s in SCHEMA}
HARD_KEYS = tuple(s.key for s in SCHEMA if s.hard)
NUMERIC_KEYS = ("min_image_resolution", "min_token_limit", "max_params",
                "gpu_memory_gb")

# component -> (default weight, meaning); documented in the README and advise()
COMPONENTS: dict[str, tuple[float, str]] = {
    "checks": (1.0, "share of the hard requirements met (an unknown counts half)"),
    "margin": (1.0, "headroom on numeric requirements, log scale, 16x or more = 1"),
    "preference": (1.0, "share of the soft preferences met (an unknown counts half)"),
    "similarity": (3.0, "cosine similarity of feature vectors to `similar_to`, "
                        "mapped from [-1, 1] to [0, 1]"),
    "task_fit": (1.0, "requested tasks / the model's tasks: a specialist fits best"),
    "documented": (0.5, "share of the model's key facts that are known"),
}

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off", ""}


def _bool(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in _TRUE | _FALSE:
        return value.strip().casefold() in _TRUE
    raise AdvisorError(f"{key}: {value!r} is not true or false")


def _positive(key: str, x: float, text: Any) -> float:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        raise AdvisorError(f"{key} == {text!r}, must be a finite number")
    if x <= 0:
        raise AdvisorError(f"{key} == {text!r}, must be > 0")
    return x


def _number(key: str, value: Any, kind: str) -> float:
    """An int, float or a string in the catalog's own formats ('2k', '336px', '7B')."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise AdvisorError(f"{key}: {value!r} is not a number; for example "
                           f"{SPECS[key].example!r}")
    if isinstance(value, int | float):
        return _positive(key, value, value)
    try:
        r = parse_resolution(value) if kind == "resolution" else parse_count(
            value, {"tokens": "token limit", "params": "parameter count"}[kind])
    except ParseError as e:
        raise AdvisorError(f"{key}: {e}") from None
    if r.low is None or r.high is None or r.low != r.high:
        raise AdvisorError(f"{key}: {value!r} is not a single number; for example "
                           f"{SPECS[key].example!r}")
    return _positive(key, r.low, value)


def _gb(key: str, value: Any) -> float:
    if isinstance(value, str):
        text = value.strip().casefold()
        for suffix in ("gib", "gb", "g"):
            text = text.removesuffix(suffix).strip()
        try:
            return _positive(key, float(text), value)
        except ValueError:
            raise AdvisorError(f"{key}: {value!r} is not a number of GB; for "
                               "example '24'") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AdvisorError(f"{key}: {value!r} is not a number of GB; for example 24")
    return _positive(key, float(value), value)


def _words(key: str, value: Any) -> list:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset):
        raise AdvisorError(f"{key}: {value!r} is not a list")
    return list(value)


def _terms(key: str, value: Any, catalog: Catalog | None) -> tuple[str, ...]:
    """model_types / architectures: glossary terms, or values the catalog uses."""
    from . import glossary
    category = "Model Type" if key == "model_types" else "Architecture"
    column = "model_type" if key == "model_types" else "architecture"
    known = {e.term: e for e in glossary.entries() if e.category == category}
    in_catalog = sorted(catalog.values(column)) if catalog is not None else []
    out = []
    for word in _words(key, value):
        if not isinstance(word, str):
            raise AdvisorError(f"{key}: {word!r} is not a word")
        hits = glossary.lookup(word, category)
        if len(hits) == 1:
            out.append(hits[0].term)
            continue
        same = [v for v in in_catalog if v.casefold() == word.strip().casefold()]
        if same:
            out.append(same[0])
            continue
        choices = list(dict.fromkeys([*(_short(t) for t in known), *in_catalog]))
        raise AdvisorError(f"{key}: unknown value {word!r}; "
                           + did_you_mean(word, choices))
    return tuple(dict.fromkeys(out))


def _short(term: str) -> str:
    return term.split(" (")[0]


@dataclass(frozen=True)
class Requirements:
    """Validated requirements. Build with :meth:`from_dict`.

    ``False`` or absent means "no requirement"; numbers are plain units
    (pixels, tokens, parameters, GB).
    """

    open_license: bool = False
    commercial_use: bool = False
    open_weights: bool = False
    min_image_resolution: int | None = None
    min_token_limit: int | None = None
    max_params: float | None = None
    gpu_memory_gb: float | None = None
    precision: str = "fp16"
    tasks: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    model_types: tuple[str, ...] = ()
    architectures: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    similar_to: str | None = None
    prefer: Mapping[str, Any] = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=dict)
    top_k: int = 5
    strict: bool = False

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | Requirements | None,
                  catalog: Catalog | None = None) -> Requirements:
        """Validate a dict of requirement keys; names are resolved in ``catalog``.

        >>> Requirements.from_dict({"min_token_limit": "2k"}).min_token_limit
        2000
        """
        if isinstance(data, Requirements):
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
            if value is None:
                continue
            values[key] = _validate(key, value, catalog)
        return cls(**values)

    # -- views -----------------------------------------------------------------
    def hard(self) -> dict[str, Any]:
        """The hard requirements that are set, in schema order."""
        return {k: getattr(self, k) for k in HARD_KEYS if _is_set(getattr(self, k))}

    def to_dict(self, *, all_keys: bool = False) -> dict[str, Any]:
        """JSON-ready: the keys that differ from their defaults (or all of them)."""
        out = {}
        for f in fields(self):
            v = getattr(self, f.name)
            default = Requirements.__dataclass_fields__[f.name]
            dv = default.default_factory() if callable(default.default_factory) \
                else default.default
            if all_keys or v != dv:
                out[f.name] = list(v) if isinstance(v, tuple) else (
                    dict(v) if isinstance(v, Mapping) else v)
        return out


def _is_set(v: Any) -> bool:
    return v is not None and v is not False and v != ()


def _validate(key: str, value: Any, catalog: Catalog | None) -> Any:
    kind = SPECS[key].kind
    if kind == "bool":
        return _bool(key, value)
    if kind in ("resolution", "tokens", "params"):
        x = _number(key, value, kind)
        return int(x) if float(x).is_integer() else x
    if kind == "gb":
        return _gb(key, value)
    if kind == "precision":
        return vocab.canonical_precision(value, key)
    if kind == "tasks":
        return tuple(dict.fromkeys(vocab.canonical_task(w, key)
                                   for w in _words(key, value)))
    if kind == "modalities":
        return tuple(dict.fromkeys(vocab.canonical_modality(w, key)
                                   for w in _words(key, value)))
    if kind in ("model_types", "architectures"):
        return _terms(key, value, catalog)
    if kind == "names":
        words = _words(key, value)
        if catalog is None:
            return tuple(str(w) for w in words)
        return tuple(dict.fromkeys(catalog.resolve(w, key) for w in words))
    if kind == "name":
        if not isinstance(value, str):
            raise AdvisorError(f"{key}: {value!r} is not a model name")
        return catalog.resolve(value, key) if catalog is not None else value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value)
            else:
                raise AdvisorError(f"{key}: {value!r} is not a whole number")
        if value < 1:
            raise AdvisorError(f"{key} == {value}, must be >= 1")
        return value
    if kind == "prefer":
        if not isinstance(value, Mapping):
            raise AdvisorError(f"prefer: {value!r} is not a dict of requirement keys")
        out = {}
        for k, v in value.items():
            if k not in HARD_KEYS or k == "exclude":
                choices = [h for h in HARD_KEYS if h != "exclude"]
                raise AdvisorError(f"prefer: {k!r} is not a preference key; "
                                   + did_you_mean(str(k), choices))
            checked = _validate(k, v, catalog)
            if _is_set(checked):
                out[k] = checked
        return out
    if kind == "weights":
        if not isinstance(value, Mapping):
            raise AdvisorError(f"weights: {value!r} is not a dict of component "
                               "weights")
        out = {}
        for k, v in value.items():
            if k not in COMPONENTS:
                raise AdvisorError(f"weights: unknown component {k!r}; "
                                   + did_you_mean(str(k), list(COMPONENTS)))
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise AdvisorError(f"weights: {k} == {v!r}, must be a number")
            if math.isnan(v) or math.isinf(v) or v < 0:
                raise AdvisorError(f"weights: {k} == {v!r}, must be a finite "
                                   "number >= 0")
            out[k] = float(v)
        return out
    raise AssertionError(kind)  # pragma: no cover
