"""Sourced facts that correct or complete catalog cells, each with its source.

``facts.csv`` (beside ``catalog.csv``) has one published value per row: ``model``,
``column``, ``value``, ``source`` (a URL), ``note`` (what the source says, in a
few words) and, optionally, ``as_of`` (when the source said it: YYYY-MM or
YYYY-MM-DD). Values are dated: of several facts for one model and column the
newest wins, and a cell whose own source (the row's ``sources`` column,
``column=URL@DATE``) is newer than a fact keeps its value; the values that lost
stay visible beside the winner (``explain``). Applied to a catalog, a fact's
value is what checks, ranking and plots read for that model and column, while
the cell as typed stays in ``ModelInfo.raw`` and is shown beside it: where a
public source contradicts the seed table (GPT-4o mini's '~32k' tokens against
OpenAI's 128,000), or where the catalog says 'Variable' and the maker publishes a
maximum (Qwen2.5-VL's max_pixels). ``facts="seed"`` leaves every cell as typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

from .columns import DATES, NUMERIC, PRICES
from .errors import (
    AdvisorError,
    CsvRows,
    bundled_file,
    cell_error,
    check_url,
    did_you_mean,
    utf8,
)
from .index import Index, Strings
from .parsing import ParseError, is_date, parse_cell, parse_date, parse_price

__all__ = ["Fact", "FACT_COLUMNS", "MODES", "bundled_facts_path", "read_facts",
           "apply_facts", "fact_column", "cell_sources", "with_sources", "DATED"]

FACT_COLUMNS = (*NUMERIC, *DATES, *PRICES)
HEADER = ("model", "column", "value", "source", "note")
DATED = (*HEADER, "as_of")  # the optional sixth column
# "sourced": the facts file corrects and completes the cells; "seed": cells as typed
MODES = ("sourced", "seed")


class Fact(NamedTuple):
    """One sourced value for one model's column, and when its source said it
    ('' where not dated: older than any dated value)."""

    model: str
    column: str
    value: str
    source: str
    note: str
    as_of: str = ""

    def said(self) -> str:
        """'131072 (https://..., as of 2026-11-26)': the value with its source."""
        return f"{self.value} ({self.source}" + (f", as of {self.as_of}"
                                                 if self.as_of else "") + ")"


def cell_sources(text: str) -> dict[str, tuple[str, str]]:
    """A row's ``sources`` cell, 'token_limit=URL@2026-12-03; ...', as column ->
    (URL, date)."""
    out = {}
    for part in str(text).split(";"):
        column, _, rest = part.strip().partition("=")
        url, _, when = rest.rpartition("@")
        if column and url:
            out[column.strip()] = (url.strip(), when.strip())
    return out


def with_sources(text: str, columns, source: str, as_of: str) -> str:
    """The ``sources`` cell ``text`` with ``columns`` now from ``source`` as of
    ``as_of`` (their earlier entries replaced, the others kept)."""
    kept = {c: v for c, v in cell_sources(text).items() if c not in columns}
    kept |= {c: (source, as_of) for c in columns}
    return "; ".join(f"{c}={url}@{when}" for c, (url, when) in kept.items())


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
    reader = CsvRows(utf8(data, label), label)
    if tuple(reader.fieldnames or ())[:5] != HEADER:
        raise AdvisorError(f"{label}: the header must be {', '.join(HEADER)} "
                           "(and, optionally, as_of)")
    rows = list(reader)
    out = []
    for n, row in enumerate(rows, start=2):
        fact = Fact(*(str(row.get(k) or "").strip() for k in DATED))
        if fact.as_of and not is_date(fact.as_of):
            raise cell_error(label, n, "as_of", f"{fact.as_of[:40]!r} is not a date "
                             "(YYYY-MM or YYYY-MM-DD)")
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


def _winners(facts: list[Fact], label: str) -> dict[tuple[str, str], list[Fact]]:
    """(model, column) -> its facts, newest first; two facts of one date for one
    model and column are an error (which one holds?)."""
    by: dict[tuple[str, str], list[Fact]] = {}
    for fact in facts:
        by.setdefault((fact.model, fact.column), []).append(fact)
    for (model, column), found in by.items():
        found.sort(key=lambda f: f.as_of, reverse=True)
        if len(found) > 1 and found[0].as_of == found[1].as_of:
            raise AdvisorError(f"{label}: two facts for {model!r}, {column!r} as of "
                               f"{found[0].as_of or 'no date'}; keep one, or date "
                               "them (as_of)")
    return by


def apply_facts(index: Index, facts: list[Fact], label: str) -> None:
    """Put each model's newest fact per column into the index's numbers, and its
    value, source, note and date into string columns beside the cell; the facts
    it outdates (and a fact older than the cell's own dated source, which then
    keeps its value) go to the column's ``earlier`` text. A fact names its model
    exactly as the catalog spells it; models not in the index are left out (a
    facts file may cover more models than a user's catalog)."""
    s = index.strings["name"]
    by = _winners(facts, label)
    wanted = {model for model, _ in by}
    names = {u: k for k, u in enumerate(s.uniques) if u in wanted}
    present, first = np.unique(s.codes, return_index=True)
    first_row = np.full(len(s.uniques), -1, dtype=np.int64)  # -1: in no row
    first_row[present] = first
    position = {u: int(first_row[k]) for u, k in names.items() if first_row[k] >= 0}
    sources = index.strings.get("sources")
    for (model, column), found in by.items():
        i = position.get(model)
        if i is None:
            continue
        cell = cell_sources(sources[i]).get(column) if sources is not None else None
        newer_cell = cell is not None and cell[1] > found[0].as_of
        winner, earlier = (None, found) if newer_cell else (found[0], found[1:])
        if winner is not None:
            low, high = _parsed(winner)
            if column in DATES or column in PRICES:
                index.num[column][i] = low
            else:
                index.num[f"{column}_low"][i] = low
                index.num[f"{column}_high"][i] = high
            for part in ("value", "source", "note", "as_of"):
                _put(index, fact_column(column, part), i, getattr(winner, part))
        if earlier:
            _put(index, fact_column(column, "earlier"), i,
                 " | ".join(f.said() for f in earlier))


def _put(index: Index, key: str, i: int, text: str) -> None:
    """Row ``i`` of the index's string column ``key`` (made blank if new)."""
    if key not in index.strings:
        index.strings[key] = Strings(np.zeros(index.n, np.int32), [""])
    s = index.strings[key]
    if text not in s.uniques:
        s.uniques.append(text)
    s.codes[i] = s.uniques.index(text)
