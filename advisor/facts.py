"""Sourced facts that correct or complete catalog cells, each with its source.

``facts.csv`` (beside ``catalog.csv``) has one published value per row: ``model``,
``column``, ``value``, ``source`` (a URL) and ``note`` (what the source says, in
a few words). Applied to a catalog, a fact's value is what checks, ranking and
plots read for that model and column, while the cell as typed stays in
``ModelInfo.raw`` and is shown beside it: where a public source contradicts the
seed table (GPT-4o mini's '~32k' tokens against OpenAI's 128,000), or where the
catalog says 'Variable' and the maker publishes a maximum (Qwen2.5-VL's
max_pixels). ``facts="seed"`` leaves every cell as typed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .columns import DATES, NUMERIC, PRICES
from .errors import (
    AdvisorError,
    bundled_file,
    cell_error,
    check_url,
    did_you_mean,
    utf8,
)
from .index import Index, Strings
from .parsing import ParseError, parse_cell, parse_date, parse_price

__all__ = ["Fact", "FACT_COLUMNS", "MODES", "bundled_facts_path", "read_facts",
           "apply_facts", "fact_column"]

FACT_COLUMNS = (*NUMERIC, *DATES, *PRICES)
HEADER = ("model", "column", "value", "source", "note")
# "sourced": the facts file corrects and completes the cells; "seed": cells as typed
MODES = ("sourced", "seed")


class Fact(NamedTuple):
    """One sourced value for one model's column."""

    model: str
    column: str
    value: str
    source: str
    note: str


def bundled_facts_path() -> Path:
    """The facts shipped with advisor."""
    return bundled_file("facts.csv")


def fact_column(column: str, part: str = "value") -> str:
    """The index's string column that holds a fact's value, source or note."""
    return f"fact_{part}:{column}"


def _parsed(fact: Fact) -> tuple[float, float]:
    """(low, high) of a fact's value, NaN where unknown."""
    if fact.column in DATES:
        d = parse_date(fact.value)
        return (np.nan, np.nan) if d is None else (d, d)
    if fact.column in PRICES:
        p = parse_price(fact.value)
        return (np.nan, np.nan) if p is None else (p, p)
    r = parse_cell(fact.column, fact.value)
    return (np.nan if r.low is None else r.low, np.nan if r.high is None else r.high)


def read_facts(data: bytes, label: str) -> list[Fact]:
    """Every row of a facts CSV, checked: a known column, a readable value, a
    source URL. An AdvisorError names the file, row and column."""
    reader = csv.DictReader(io.StringIO(utf8(data, label)))
    if tuple(reader.fieldnames or ())[:5] != HEADER:
        raise AdvisorError(f"{label}: the header must be {', '.join(HEADER)}")
    rows = list(reader)
    out = []
    for n, row in enumerate(rows, start=2):
        fact = Fact(*(str(row.get(k) or "").strip() for k in HEADER))
        if fact.column not in FACT_COLUMNS:
            raise cell_error(label, n, "column", f"{fact.column!r} cannot be sourced; "
                             + did_you_mean(fact.column, FACT_COLUMNS))
        check_url(fact.source, label, n)
        try:
            _parsed(fact)
        except ParseError as e:
            raise cell_error(label, n, "value", str(e)) from None
        out.append(fact)
    return out


def apply_facts(index: Index, facts: list[Fact], label: str) -> None:
    """Put each fact's value into the index's numbers, and its value, source and
    note into string columns beside the cell. A fact names its model exactly as
    the catalog spells it; models not in the index are left out (a facts file may
    cover more models than a user's catalog)."""
    s = index.strings["name"]
    wanted = {f.model for f in facts}
    names = {u: k for k, u in enumerate(s.uniques) if u in wanted}
    present, first = np.unique(s.codes, return_index=True)
    first_row = np.full(len(s.uniques), -1, dtype=np.int64)  # -1: in no row
    first_row[present] = first
    position = {u: int(first_row[k]) for u, k in names.items() if first_row[k] >= 0}
    n = index.n
    seen: set[tuple[str, str]] = set()
    for fact in facts:
        i = position.get(fact.model)
        if i is None:
            continue
        if (fact.model.casefold(), fact.column) in seen:
            raise AdvisorError(f"{label}: two facts for {fact.model!r}, "
                               f"{fact.column!r}; keep one")
        seen.add((fact.model.casefold(), fact.column))
        low, high = _parsed(fact)
        if fact.column in DATES or fact.column in PRICES:
            index.num[fact.column][i] = low
        else:
            index.num[f"{fact.column}_low"][i] = low
            index.num[f"{fact.column}_high"][i] = high
        for part in ("value", "source", "note"):
            key = fact_column(fact.column, part)
            if key not in index.strings:
                index.strings[key] = Strings(np.zeros(n, np.int32), [""])
            s = index.strings[key]
            text = getattr(fact, part)
            if text not in s.uniques:
                s.uniques.append(text)
            s.codes[i] = s.uniques.index(text)
