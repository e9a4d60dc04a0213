"""`advisor catalog import`: rows from a model registry, merged into a catalog CSV.

One source so far: LiteLLM's model map (``model_prices_and_context_window.json``,
shipped in the ``litellm`` wheel as ``litellm/model_prices_and_context_window_backup
.json``). Only vision-capable chat models are taken. Each row records where it came
from (the file or URL and the entry's key), when it was read (``as_of``) and
``origin = imported``; what the source does not say stays blank, never guessed
(licence, size, resolution). The network is used only for a URL the person gives.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from .catalog import fold_name, name_key
from .columns import PRICES
from .errors import AdvisorError, printable, read_file
from .index import split_list
from .parsing import ParseError, parse_count, parse_price

__all__ = ["OWNED", "Plan", "litellm_rows", "read_source", "plan", "catalog_import",
           "drift"]

MOST_SOURCE_BYTES = 64 << 20  # a registry file is a few MB
# the columns an import owns: an update changes only these, and only where the
# source says something
OWNED = ("token_limit", "modalities", "input_price_per_mtok", "output_price_per_mtok",
         "price_per_image", "as_of")
# LiteLLM's input flags -> our modality words (text and image: every vision chat)
_INPUTS = {"supports_video_input": "video", "supports_audio_input": "audio",
           "supports_pdf_input": "pdf"}


def read_source(source: str | None) -> tuple[dict, str]:
    """The LiteLLM JSON from a local file, a URL (asked for, so fetched), or with
    no source the installed ``litellm`` package's copy; and its label."""
    if source is None:
        try:
            from importlib import resources  # only for the installed package
            path = resources.files("litellm").joinpath(
                "model_prices_and_context_window_backup.json")
        except ModuleNotFoundError:
            raise AdvisorError("catalog import: --from litellm without a SOURCE reads "
                               "the installed litellm package, which is not "
                               "installed; pip install litellm, or give the JSON "
                               "file or its URL") from None
        source = str(path)
    if source.startswith(("http://", "https://")):
        data, label = _fetch(source), source
    else:
        data, label = read_file(source, f"catalog import: {printable(source)[:200]}",
                                MOST_SOURCE_BYTES), source
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as e:
        raise AdvisorError(f"catalog import: {printable(label)[:200]}: not a JSON "
                           f"model map ({printable(e)[:120]})") from None
    if not isinstance(parsed, dict):
        raise AdvisorError(f"catalog import: {printable(label)[:200]}: expected a "
                           "JSON object of model entries")
    return parsed, label


def _fetch(url: str) -> bytes:
    """A URL the person gave, read once; unreachable is one error line."""
    import urllib.request  # only when a URL is asked for
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read(MOST_SOURCE_BYTES + 1)[:MOST_SOURCE_BYTES]
    except OSError as e:
        raise AdvisorError(f"catalog import: cannot read {printable(url)[:200]} "
                           f"({printable(getattr(e, 'reason', e))[:120]})") from None


def _price(entry: dict, key: str, scale: float) -> str:
    value = entry.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return f"{value * scale:.6g}"
    return ""


def litellm_rows(data: dict, label: str, as_of: str
                 ) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """Catalog rows for the vision chat models of a LiteLLM map, and the entries
    refused with the reason (a context that is not a positive number, a duplicate
    name)."""
    rows, refused, seen = [], [], {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or key == "sample_spec":
            continue
        if entry.get("supports_vision") is not True or entry.get("mode") != "chat":
            continue
        context = entry.get("max_input_tokens")
        if not isinstance(context, int | float) or isinstance(context, bool) or \
                context <= 0:
            refused.append((key, f"max_input_tokens {context!r} is not a positive "
                                 "number of tokens"))
            continue
        if name_key(key) in seen:
            refused.append((key, f"duplicate of {seen[name_key(key)]!r}"))
            continue
        seen[name_key(key)] = key
        inputs = ["text", "image"] + [w for flag, w in _INPUTS.items()
                                      if entry.get(flag) is True]
        rows.append({"name": key, "token_limit": str(int(context)),
                     "modalities": "; ".join(inputs),
                     "input_price_per_mtok": _price(entry, "input_cost_per_token", 1e6),
                     "output_price_per_mtok": _price(entry, "output_cost_per_token",
                                                     1e6),
                     "price_per_image": _price(entry, "input_cost_per_image", 1),
                     "source": f"{label}#{key}", "as_of": as_of,
                     "origin": "imported"})
    return rows, refused


class Plan(NamedTuple):
    """What an import would do to a catalog: rows to add, changes to existing rows
    (name -> column -> (old, new)), and the entries refused."""

    read: int
    new: list[dict[str, str]]
    changes: dict[str, dict[str, tuple[str, str]]]
    refused: list[tuple[str, str]]

    def summary(self) -> str:
        reasons = "; ".join(f"{k}: {why}" for k, why in self.refused[:5])
        more = f"; and {len(self.refused) - 5} more" if len(self.refused) > 5 else ""
        return (f"read {self.read}, imported {len(self.new)}, updated "
                f"{len(self.changes)}, refused {len(self.refused)}"
                + (f" ({reasons}{more})" if self.refused else ""))


def _match(name: str, existing: dict[str, str]) -> str | None:
    """The existing row an imported name is: the same name, or the same letters
    without a provider prefix ('gemini/gemini-2.5-flash' is 'Gemini 2.5 Flash')."""
    for candidate in (name, name.rsplit("/", 1)[-1]):
        hit = existing.get(fold_name(candidate))
        if hit is not None:
            return hit
    return None


def _merged(column: str, was: str, said: str) -> str | None:
    """The value an update writes, or None when the source says nothing new: the
    same number however written ('200k' is 200000), inputs the catalog already
    lists (the source's are added to the catalog's, never removed)."""
    if not said:
        return None
    if column == "modalities":
        have = split_list(was)
        added = [w for w in split_list(said) if w not in have]
        return "; ".join(have + added) if added else None
    if column == "token_limit" and was:
        try:
            same = parse_count(was, "a token count").best == float(said)
        except ParseError:
            same = False
        return None if same else said
    if column in PRICES and was:
        try:
            return None if parse_price(was) == float(said) else said
        except ParseError:
            return said
    return None if was == said else said


def plan(rows: list[dict[str, str]], refused: list[tuple[str, str]], read: int,
         current: list[dict[str, Any]]) -> Plan:
    """Which rows are new and which update a row of ``current`` (only the columns
    the source owns, only where it says something and the value differs)."""
    existing = {fold_name(str(r["name"])): r for r in current}
    by_fold = {k: str(r["name"]) for k, r in existing.items()}
    new, changes, taken, refused = [], {}, set(), list(refused)
    for row in rows:
        name = _match(row["name"], by_fold)
        if name is None:
            new.append(row)
            continue
        if name in taken:  # a second provider's entry for the same model
            refused.append((row["name"], f"also matches {name!r}, already updated"))
            continue
        taken.add(name)
        old = existing[fold_name(name)]
        diff = {}
        for c in OWNED:
            was = str(old.get(c) or "").strip()
            now = _merged(c, was, row.get(c, ""))
            if now is not None:
                diff[c] = (was, now)
        if diff:
            changes[name] = diff
    return Plan(read, new, changes, refused)


def catalog_import(source_kind: str, source: str | None, into: str | Path, *,
                   dry_run: bool = False, only: tuple[str, ...] = (),
                   as_of: str | None = None, allow_bundled: bool = False) -> Plan:
    """Import ``source`` (``source_kind`` 'litellm') into the catalog CSV ``into``:
    new rows appended, owned columns of matching rows updated, the file written
    safely unless ``dry_run``. ``only``: just these entry keys."""
    from .edit import merge_rows  # pandas, only when a file is written
    if source_kind != "litellm":
        raise AdvisorError(f"catalog import: --from {printable(source_kind)!r} is not "
                           "supported yet; supported: litellm")
    data, label = read_source(source)
    if only:
        missing = [k for k in only if k not in data]
        if missing:
            raise AdvisorError(f"catalog import: {label} has no entry "
                               f"{printable(missing[0])!r}")
        data = {k: data[k] for k in only}
    rows, refused = litellm_rows(data, label, as_of or date.today().isoformat())
    current = _current_rows(Path(into))
    result = plan(rows, refused, len(data), current)
    if not dry_run and (result.new or result.changes):
        merge_rows(into, {n: {c: new for c, (_, new) in d.items()}
                          for n, d in result.changes.items()},
                   result.new, allow_bundled=allow_bundled)
    return result


def _current_rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    from .loader import load_catalog  # the CLI's start-up does not need it
    cat = load_catalog(path)
    return [dict(m.raw) for m in cat]


def drift(catalog, source: str | None, *, as_of: str | None = None
          ) -> list[tuple[str, str, str, str]]:
    """Where a catalog and a LiteLLM map disagree, for the models they share:
    (model, column, the catalog's value as the checks read it, the source's).
    Only the columns an import owns, ``as_of`` aside; what the source does not say
    is no drift."""
    from .explain import checked_text  # the sourced value where a fact gives one
    data, label = read_source(source)
    rows, refused = litellm_rows(data, label, as_of or "")
    current = [{"name": m.name, **{c: checked_text(m, c) for c in OWNED}}
               for m in catalog]
    result = plan(rows, refused, len(data), current)
    return [(name, column, old, new) for name, diff in result.changes.items()
            for column, (old, new) in diff.items() if column != "as_of"]
