"""The catalog's columns, declared once: every consumer reads this table.

The loader takes its required, checked and numeric columns from here, the index its
number arrays, the card its rows and labels, ``catalog add`` its questions, and the
CSV export its header. No imports, so the CLI can name the columns at start-up.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Column", "TABLE", "BY_NAME", "COLUMNS", "REQUIRED_COLUMNS",
           "OPTIONAL_COLUMNS", "CHECKED_COLUMNS", "NUMERIC", "DATES", "PRICES",
           "NUMBERS", "CARD"]


class Column(NamedTuple):
    """One catalog column.

    ``required``: a catalog without it is refused. ``checked``: its values are
    parsed or looked up (factorised when read); the rest are only shown.
    ``number``: the parser kind of a numeric column ("count", "resolution",
    "date" or "price") and
    ``unit`` what its numbers are counted in. ``label``: its name on the model
    card (None: not on the card). ``ask``: the question `catalog add` asks for it
    (None: not asked).
    """

    name: str
    required: bool = False
    checked: bool = False
    number: str | None = None
    unit: str = ""
    label: str | None = None
    ask: str | None = None


TABLE: tuple[Column, ...] = (
    Column("name", True, True, label="name", ask="Model name?"),
    Column("model_type", True, True, label="model type",
           ask="Model type (VLM, LMM, Multimodal)?"),
    Column("architecture", True, True, label="architecture",
           ask="Architecture (e.g. Dual Encoder)?"),
    Column("vision_component", label="vision component"),
    Column("text_component", label="text component"),
    Column("training_objective", True, True, label="training objective",
           ask="Training objective (e.g. Contrastive Learning)?"),
    Column("loss_function", True, True, label="loss function",
           ask="Loss function (e.g. InfoNCE)?"),
    Column("parameter_count", True, True, "count", "parameters", "parameters",
           "Parameter count (e.g. ~90M, 1B-7B, Not disclosed)?"),
    Column("token_limit", True, True, "count", "tokens", "token limit",
           "Token limit (e.g. 77, 32k)?"),
    Column("image_resolution", True, True, "resolution", "px", "image resolution",
           "Image resolution (e.g. 224x224, 224-336px, Variable)?"),
    Column("training_data_size", label="training data"),
    Column("license", True, True, label="license",
           ask="License, ending in (open) or (closed)?"),
    Column("url", label="url"),
    Column("origin", checked=True, label="origin"),
    Column("tasks", checked=True, label="tasks"),
    Column("modalities", checked=True, label="modalities"),
    Column("organisation", label="organisation"),
    Column("license_spdx"),
    Column("commercial_use", checked=True, label="commercial use"),
    Column("open_weights", checked=True, label="open weights"),
    Column("hf_id", label="hf id"),
    Column("source", label="source", ask="Source URL for these facts?"),
    Column("as_of", label="as of"),
    Column("input_price_per_mtok", checked=True, number="price", unit="USD",
           label="input price (USD / M tokens)"),
    Column("output_price_per_mtok", checked=True, number="price", unit="USD",
           label="output price (USD / M tokens)"),
    Column("price_per_image", checked=True, number="price", unit="USD",
           label="price per image (USD)"),
    Column("caveats"),
    Column("release_date", checked=True, number="date", label="released",
           ask="Release date (YYYY-MM or YYYY-MM-DD)?"),
    Column("status", checked=True, label="status"),
    Column("default_mode", checked=True, label="default mode"),
    Column("aliases", label="also known as"),
    Column("sources", label="sources per value"),
)
BY_NAME = {c.name: c for c in TABLE}
COLUMNS = tuple(c.name for c in TABLE)
REQUIRED_COLUMNS = tuple(c.name for c in TABLE if c.required)
OPTIONAL_COLUMNS = tuple(c.name for c in TABLE if not c.required)
CHECKED_COLUMNS = tuple(c.name for c in TABLE if c.checked)
# the columns of counts and sizes (ranges), and of dates (days since 0001-01-01)
NUMERIC = {c.name: c for c in TABLE if c.number in ("count", "resolution")}
DATES = tuple(c.name for c in TABLE if c.number == "date")
# API prices in USD: one number each (no range), never a feature of similarity
PRICES = tuple(c.name for c in TABLE if c.number == "price")
# the parsed numbers: each numeric column's low and high end, each date, each price
NUMBERS = (*(f"{c}_{end}" for c in NUMERIC for end in ("low", "high")), *DATES,
           *PRICES)
# the model card's rows, in the card's order (name first, origin last)
CARD = ("name", "organisation", "model_type", "architecture", "vision_component",
        "text_component", "training_objective", "loss_function", "parameter_count",
        "token_limit", "image_resolution", "training_data_size", "license",
        "commercial_use", "open_weights", "release_date", "tasks", "modalities",
        "default_mode", "status", "aliases", "hf_id", "url", "source", "sources",
        "as_of", "origin")
