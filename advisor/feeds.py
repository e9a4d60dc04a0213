"""Evidence from the feeds: the MMMU leaderboard's data file and the benchmarks of
models.dev's ``models/`` tree, as rows of an evidence CSV.

Each number lands on a catalog row through its names (the row's name, its
``aliases``, its Hub repository), never by a guess: an entry no row answers to is
listed as unmatched. The entry's setting stays apart: a leaderboard name that says
thinking, chain-of-thought or tools files its numbers under that setting's own
benchmark ('MMMU (val, thinking)'), so they are never compared with direct answers.
``edit.write_evidence`` appends the rows to an evidence CSV atomically, each
once.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from .catalog import Catalog, fold_name, without_variant
from .errors import AdvisorError, printable, read_file, utf8, within_limits
from .evidence import BENCHMARKS, BY_LABEL, MMMU_PARTS, SETTING_WORDS, label_setting
from .parsing import format_count

__all__ = ["Landed", "Names", "named_size", "setting_of", "match", "mmmu_evidence",
           "tree_evidence", "read_leaderboard", "LEADERBOARD_BASE",
           "SETTINGS"]

MOST_FEED_BYTES = 64 << 20
# where the MMMU leaderboard's file is read on the web, at a commit (--commit)
LEADERBOARD_BASE = ("https://github.com/MMMU-Benchmark/mmmu-benchmark.github.io/blob/"
                    "{commit}/leaderboard_data.json")

# the setting an entry's name states, as the benchmark it files the number under:
# thinking turned off is a direct answer, Deep Think a thinking mode
SETTINGS = {"off": "", "tools": "tools", "deep": "thinking", "thinking": "thinking",
            "CoT": "CoT", "": ""}
# words an entry's name adds to the model's: settings, dates, 'Preview'
_NOISE = re.compile(r"\bw/o?\s*\w+|\((?:high|low|medium)\)|\bthinking\b|"
                    r"\bdeep-?think\b|\bcot\b|\(\d{4}(?:-\d{2}-\d{2})?\)|"
                    r"\b\d{2}-\d{2}\b|\bpreview\b|\(latest\)", re.I)
_SIZE = re.compile(r"[\s_-]*\b\d+(?:\.\d+)?B(?:-A\d+(?:\.\d+)?B)?\b", re.I)


def setting_of(name: str) -> str:
    """The setting an entry's name states: '' (direct or not stated), 'thinking',
    'CoT' or 'tools'."""
    return SETTINGS[label_setting(name)]


class Landed(NamedTuple):
    """Where an entry's numbers land: the catalog row, and the checkpoint
    (variant) they are for."""

    model: str
    variant: str


def _keys(text: str) -> set[str]:
    """The folded name, and without a '.0' version ending ('Gemini 3.0 Pro' is
    'Gemini 3 Pro')."""
    return {fold_name(text), fold_name(re.sub(r"(\d)\.0\b", r"\1", text))}


class Names(NamedTuple):
    """A catalog's names for matching: folded name -> the rows that answer to it
    (a row's name, its name without the parenthesis, its aliases, its Hub
    repository's name), and each row's parameter range."""

    rows: dict[str, list[str]]
    sizes: dict[str, tuple[float, float]]


def _names(catalog: Catalog) -> Names:
    rows: dict[str, list[str]] = {}
    for m in catalog:
        words = [m.name, without_variant(m.name),
                 *(a.strip() for a in str(m.raw.get("aliases", "")).split(";")),
                 str(m.raw.get("hf_id", "")).rsplit("/", 1)[-1]]
        for w in words:
            for k in _keys(w) if w else ():
                if m.name not in rows.setdefault(k, []):
                    rows[k].append(m.name)
    sizes = {m.name: (m.parameter_count.low, m.parameter_count.high) for m in catalog}
    return Names(rows, sizes)


# a total size in a name ('InternVL3-14B', 'Qwen3-VL 235B-A22B'), not an active
# ('A22B') or effective ('E4B') one
_NAMED_SIZE = re.compile(r"(?<![A-Za-z\d.])(\d+(?:\.\d+)?)\s*B\b")


def named_size(name: str) -> float | None:
    """The total parameter count a name states, or None."""
    found = _NAMED_SIZE.search(name)
    return float(found[1]) * 1e9 if found else None


def match(name: str, names: Names) -> Landed | None:
    """The catalog row an entry named ``name`` is: the name as it is, without its
    setting and date words, then without its size (a family row: 'Gemma 3-27B' is
    'Gemma 3 (4B/12B/27B)'; of two family rows, the one whose sizes hold the
    entry's: 'InternVL3-38B' is 'InternVL3 (8B–78B)'); None when no row answers."""
    plain = " ".join(_NOISE.sub(" ", name).split())
    size = named_size(name)
    for text in (name, plain, _SIZE.sub("", plain)):
        for k in _keys(text):
            hits = names.rows.get(k) if k else None
            if not hits:
                continue
            fits = [h for h in hits if size is not None and names.sizes[h][0]
                    is not None and names.sizes[h][0] <= size * 1.05
                    and size <= (names.sizes[h][1] or names.sizes[h][0]) * 1.05]
            return Landed((fits or hits)[0], name)
    return None


def _size(name: str) -> str:
    """The checkpoint's size from its name, or '' (the leaderboard's own size
    column is left alone: for a mixture of experts it gives the active
    parameters, 22B for Qwen3-VL 235B-A22B)."""
    size = named_size(name)
    return format_count(size) if size else ""


def read_leaderboard(source: str) -> list[dict[str, Any]]:
    """The entries of the MMMU leaderboard's ``leaderboard_data.json``."""
    label = f"evidence import: {printable(source)[:200]}"
    text = utf8(read_file(source, label, MOST_FEED_BYTES), label)
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise AdvisorError(f"{label}: not JSON ({printable(e)[:120]})") from None
    within_limits(parsed, label)
    entries = parsed.get("leaderboardData") if isinstance(parsed, dict) else None
    if not isinstance(entries, list):
        raise AdvisorError(f"{label}: expected a JSON object with a "
                           "'leaderboardData' list (the MMMU leaderboard's file)")
    return entries


def _overall(value: Any) -> float | None:
    """A part's overall score as a number from 0 to 100 (a numeric string too),
    or None."""
    if isinstance(value, bool):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return x if 0 <= x <= 100 else None


def _measured(label: str, metric: str = "") -> dict[str, str]:
    """An evidence row's scale and metric: the registry's for the benchmark
    ``label`` names, the metric as the feed states it where it does."""
    bench = BENCHMARKS[BY_LABEL[label]]
    return {"scale": "" if bench.scale is None else f"{bench.scale:g}",
            "metric": metric or bench.metric}


# what a leaderboard entry is read for, and the type each must have
BOARD_FIELDS = {"info": "an object", "info.name": "a string",
                **{part: "an object" for part in MMMU_PARTS},
                **{f"{part}.overall": "a number from 0 to 100" for part in MMMU_PARTS},
                **{f"{part}.source": "a string" for part in MMMU_PARTS}}
# each kind's test
KINDS = {"an object": lambda v: isinstance(v, dict),
         "a string": lambda v: isinstance(v, str),
         "a number from 0 to 100": lambda v: _overall(v) is not None}


def board_problem(entry: Any) -> str | None:
    """Why a leaderboard entry cannot be read (``BOARD_FIELDS``): the field and
    its value, bounded; None when it can. A missing part is no problem."""
    if not isinstance(entry, dict):
        return f"the entry is {type(entry).__name__}, not an object"
    for path, kind in BOARD_FIELDS.items():
        parent, _, leaf = path.rpartition(".")
        holder = entry.get(parent) if parent else entry
        if not isinstance(holder, dict) or leaf not in holder:
            if path in ("info", "info.name"):  # what every entry must have
                return f"{path} is missing"
            continue
        value = holder[leaf]
        if not KINDS[kind](value):
            return f"{path} is {printable(repr(value))[:60]}, not {kind}"
    return None


def mmmu_evidence(entries: Iterable[Any], catalog: Catalog, source_url: str
                  ) -> tuple[list[dict[str, str]], list[str], list[tuple[str, str]]]:
    """Evidence rows for the leaderboard entries that match a catalog row (each
    part's overall: validation, test, MMMU-Pro; under the setting its name
    states), the names of those that match none, and the entries refused (entry,
    why: a field of the wrong type, ``board_problem``). 'author' numbers are
    self-reported, the rest the leaderboard's own."""
    names, rows, unmatched, refused = _names(catalog), [], [], []
    for n, e in enumerate(entries, start=1):
        why = board_problem(e)
        if why is not None:
            name = e.get("info", {}).get("name") if isinstance(e, dict) and \
                isinstance(e.get("info"), dict) else None
            refused.append((printable(name)[:60] if isinstance(name, str)
                            else f"entry {n}", why))
            continue
        info = e["info"]
        if info.get("type") in ("human_expert", "random_frequent"):
            continue
        landed = match(info["name"], names)
        if landed is None:
            unmatched.append(info["name"])
            continue
        setting = setting_of(info["name"])
        for part, label in MMMU_PARTS.items():
            value = _overall(e[part].get("overall")) if part in e else None
            bench = label.format(SETTING_WORDS[setting][0])
            if value is None or bench not in BY_LABEL:
                continue
            said = e[part].get("source")  # a string (board_problem)
            rows.append({
                "model": landed.model, "variant": landed.variant,
                "params": _size(info["name"]), "benchmark": bench,
                "value": f"{value:g}", **_measured(bench),
                "kind": "self-reported" if said == "author" else "leaderboard",
                "source": source_url,
                "note": f"MMMU leaderboard entry {info['name']!r} ({part}.overall"
                        f"{', source: ' + said if said else ''}; dated "
                        f"{printable(info.get('date', 'not stated'))[:40]})"})
    return rows, unmatched, refused


def tree_evidence(data: dict[str, Any], base: str, landed: dict[str, str]
                  ) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Evidence rows for the ``[[benchmarks]]`` of models.dev TOMLs ('lab/id' ->
    TOML) whose name is a registry benchmark, filed under the catalog row each
    entry landed on (``landed``: 'lab/id' -> catalog name); and how many numbers
    of each other benchmark were left out (not vision benchmarks of the registry).
    The number's own source is cited; its kind is self-reported when that source
    is the maker's (its lab's name in the address)."""
    rows, skipped = [], {}
    for key, model in landed.items():
        lab = key.split("/")[0]
        benchmarks = data[key].get("benchmarks")
        for b in benchmarks if isinstance(benchmarks, list) else []:
            if not isinstance(b, dict):
                continue
            name = printable(b.get("name", ""))[:100]
            score = b.get("score")
            if name not in BY_LABEL or not _on_scale(score, name):
                skipped[name] = skipped.get(name, 0) + 1
                continue
            # the number's own source when it gives a web address, else its file
            source = b.get("source")
            source = printable(source)[:500] if isinstance(source, str) and \
                source.startswith(("https://", "http://")) else f"{base}/{key}.toml"
            said = [f"{k} {b[k]}" for k in ("variant", "version", "dataset", "harness")
                    if b.get(k)]
            rows.append({
                "model": model,
                "variant": printable(data[key].get("name") or key)[:200],
                "params": "", "benchmark": name, "value": f"{score:g}",
                **_measured(name, printable(b.get("metric") or "")[:60]),
                "kind": "self-reported" if lab.casefold() in source.casefold()
                else "third-party", "source": source,
                "note": f"models.dev {key}.toml" + (f" ({'; '.join(said)})" if said
                                                    else "")
                        + (f", dated {printable(b['date'])[:40]}" if b.get("date")
                           else "")})
    return rows, skipped


def _on_scale(score: Any, label: str) -> bool:
    """Whether ``score`` is a number on the scale of the benchmark ``label``
    names (a boolean, infinity or a number past the top is not)."""
    if isinstance(score, bool) or not isinstance(score, int | float):
        return False
    top = BENCHMARKS[BY_LABEL[label]].scale
    try:
        return math.isfinite(score) and score >= 0 and (top is None or score <= top)
    except OverflowError:  # an integer past any float
        return False
