"""The catalog: typed model records over an :class:`~advisor.index.Index`, and name
resolution. Reading a CSV into an index is the loader's job (``loader.py``).

The pandas ``frame`` is built from the index only when asked for, and the feature
vectors are fitted (scikit-learn) only when first needed: :attr:`Catalog.features_`
is the one place that fit happens.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from . import vocab
from .columns import COLUMNS, NUMBERS, NUMERIC
from .errors import AdvisorError, closest, did_you_mean, printable
from .facts import FACT_COLUMNS, Fact, fact_column
from .index import FeatureSpace, Index, bulk, split_list
from .parsing import Range

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Catalog", "ModelInfo", "split_caveats", "fold_name", "without_variant",
           "name_key"]


def split_caveats(cell: str) -> list[str]:
    # each caveat starts with the column it is about: "token_limit: seed says ..."
    return [p.strip() for p in re.split(r";\s*(?=[a-z_]+:)", str(cell)) if p.strip()]


def fold_name(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def without_variant(name: str) -> str:
    """'CLIP (ViT-B/32)' -> 'CLIP'."""
    return re.sub(r"\s*\(.*\)\s*$", "", name).strip()


def _base_name(name: str) -> str:
    return without_variant(name).casefold()


# letters that look like Latin ones in other scripts (the common confusables)
_LOOKALIKE = str.maketrans(
    "АВЕКМНОРСТХІЈЅаеорсухіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν",
    "ABEKMHOPCTXIJSaeopcyxijsdqwABEZHIKMNOPTYXoiv")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")


def name_key(name: str) -> str:
    """A name's identity: two names with the same key are the same model. Unicode
    compatibility forms folded (NFKC: fullwidth letters), invisible characters
    dropped, runs of spaces made one, common lookalike letters of other scripts
    read as Latin, case ignored."""
    if name.isascii() and "  " not in name:
        return name.strip().casefold()  # the common case, fast
    import unicodedata  # only for names beyond plain ASCII
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", name))
    return " ".join(text.translate(_LOOKALIKE).split()).casefold()


def _plain(x: float) -> float | int | None:
    if np.isnan(x):
        return None
    return int(x) if float(x).is_integer() else float(x)


@dataclass(frozen=True)
class ModelInfo:
    """One catalog row: the raw strings, and the numbers and words read from them."""

    name: str
    raw: dict[str, str] = field(repr=False)
    parameter_count: Range
    token_limit: Range
    image_resolution: Range
    open_license: bool | None
    tasks: tuple[str, ...]
    modalities: tuple[str, ...]
    open_weights: str
    commercial_use: str
    caveats: tuple[str, ...]
    release_date: float | None = None  # days since 0001-01-01 (sourced if a fact)
    facts: dict[str, Fact] = field(default_factory=dict)  # column -> sourced value
    # column -> the older sourced values the checked one outdates, as said
    earlier: dict[str, str] = field(default_factory=dict)
    implied_tasks: tuple[str, ...] = ()  # what the stated tasks imply (vocab)

    def __getattr__(self, column: str) -> str:
        # the other raw columns: model_type, architecture, source, ...
        raw = self.__dict__.get("raw", {})
        if column in raw:
            return raw[column]
        raise AttributeError(column)

    def summary(self) -> dict[str, Any]:
        """The facts an export carries: each number as written (with the sourced
        value where one corrects the cell) and as read, the licence terms, where
        the weights are and where the row comes from."""
        out: dict[str, Any] = {}
        for column in ("parameter_count", "token_limit", "image_resolution"):
            r = getattr(self, column)
            fact = self.facts.get(column)
            out[column] = {"as_written": self.raw[column], "low": r.low,
                           "high": r.high,
                           "sourced": fact.value if fact else None}
        out |= {k: self.raw.get(k, "") or None for k in (
            "license", "license_spdx", "commercial_use", "open_weights", "hf_id",
            "source", "release_date", "status", "origin")}
        return out

    def caveats_for(self, column: str) -> list[str]:
        """The caveats that name ``column`` ("token_limit: seed says ~32k ...")."""
        return [c.split(":", 1)[1].strip() for c in self.caveats
                if c.split(":", 1)[0].strip() == column and ":" in c]


class Catalog:
    """A loaded catalog: ``names``, ``frame``, ``len``, ``catalog[name]``.

    Parsed numbers are in the frame as ``<column>_low`` / ``<column>_high`` (NaN where
    unknown or unbounded) and ``open_license`` (True, False or <NA>).
    """

    def __init__(self, index: Index, *, source: str, content_hash: str):
        self.index = index
        self.source = source
        self.content_hash = content_hash

    def __len__(self) -> int:
        return self.index.n

    def __iter__(self) -> Iterator[ModelInfo]:
        return (self.info(i) for i in range(len(self)))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name_key(name) in self._pos

    def __getitem__(self, name: str) -> ModelInfo:
        return self.info(self.position(name))

    def __repr__(self) -> str:
        return f"<Catalog {len(self)} models from {self.source}>"

    @cached_property
    def names(self) -> list[str]:
        return self.index.strings["name"].tolist()

    @cached_property
    def _pos(self) -> dict[str, int]:
        return {name_key(n): i for i, n in enumerate(self.names)}

    @cached_property
    def _aliases(self) -> dict[str, int]:
        """Each alias (the aliases column, ';'-separated) and each Hugging Face id
        (hf_id, whole and without its owner: 'Qwen/Qwen2.5-VL-7B-Instruct',
        'Qwen2.5-VL-7B-Instruct') -> its row; a key two rows share names neither."""
        out: dict[str, int] = {}
        shared: set[str] = set()
        for column in ("aliases", "hf_id"):
            s = self.index.strings.get(column)
            if s is None:
                continue
            named = s.per_unique([bool(u.strip()) for u in s.uniques], bool)
            for i in np.flatnonzero(named).tolist():  # one pass over the named rows
                for alias in split_list(s.uniques[s.codes[i]]):
                    keys = {name_key(alias)}
                    if column == "hf_id" and "/" in alias:
                        keys.add(name_key(alias.rsplit("/", 1)[1]))
                    for k in keys:
                        if out.setdefault(k, i) != i:
                            shared.add(k)
        return {k: i for k, i in out.items() if k not in shared}

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The raw columns, any extra columns of the file, and the parsed numbers."""
        import pandas as pd  # only when a frame is asked for
        ix = self.index
        data = {c: np.asarray([u.strip() for u in s.uniques], dtype=object)[s.codes]
                if s.uniques else np.empty(0, dtype=object)
                for c, s in ix.strings.items()}
        data |= {k: ix.num[k] for k in NUMBERS}
        frame = pd.DataFrame(data)
        ol = ix.open_license
        frame["open_license"] = pd.array(np.where(ol < 0, None, ol == 1).tolist(),
                                         dtype="boolean")
        return frame

    def values(self, column: str) -> list[str]:
        """The distinct values of a column."""
        if not isinstance(column, str) or column not in self.index.strings:
            shown = printable(repr(column))[:60]
            raise AdvisorError(f"column: unknown column {shown}; "
                               + did_you_mean(str(column), list(self.index.strings)))
        return [u for u in self.index.strings[column].uniques if u]

    # -- names -------------------------------------------------------------------
    def resolve(self, name: str, key: str = "model") -> str:
        """The catalog's spelling of ``name``: exact (any case), the same letters,
        the name without its parenthesised variant where that is unique, the start
        of exactly one name (a family: 'pixtral'), or a single close match;
        otherwise an AdvisorError listing the models a family names, or the
        closest names.

        >>> from advisor import load_catalog
        >>> load_catalog().resolve("clip")
        'CLIP (ViT-B/32)'
        """
        return self.names[self.position(name, key)]

    def position(self, name: str, key: str = "model") -> int:
        if not isinstance(name, str) or not name.strip():
            raise AdvisorError(f"{key}: {printable(repr(name))[:60]} is not a model "
                               "name")
        wanted = name.strip()
        hit = self._pos.get(name_key(wanted))
        if hit is None:  # another name it goes by: an API id, a leaderboard's
            hit = self._aliases.get(name_key(wanted))
        if hit is not None:
            return hit
        for fold in (fold_name, _base_name):
            matches = [i for i, n in enumerate(self.names) if fold(n) == fold(wanted)]
            if len(matches) == 1:
                return matches[0]
        # a family's name: the start of one model's name ('pixtral' -> 'Pixtral
        # 12B'), or of several (then say which ones)
        family = fold_name(wanted)
        matches = [i for i, n in enumerate(self.names)
                   if len(family) >= 3 and fold_name(n).startswith(family)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            shown = ", ".join(repr(self.names[i]) for i in matches[:8])
            more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
            raise AdvisorError(f"{key}: {name!r} names {len(matches)} models: "
                               f"{shown}{more}; say which")
        # compare with the names and with their bases ('CLIP' for 'CLIP (ViT-B/32)')
        candidates: dict[str, str] = {}
        for n in self.names:
            candidates.setdefault(n, n)
            candidates.setdefault(without_variant(n), n)
        near = list(dict.fromkeys(candidates[c] for c in closest(wanted, candidates,
                                                                 n=4)))[:3]
        if len(near) == 1 and max(_similar(wanted, c) for c, n in candidates.items()
                                  if n == near[0]) >= 0.85:
            return self._pos[name_key(near[0])]
        hint = ("did you mean " + " or ".join(repr(n) for n in near) + "?") if near \
            else "see `advisor catalog show` for the names"
        raise AdvisorError(f"{key}: unknown model {name!r}; {hint}")

    # -- records -----------------------------------------------------------------
    def info(self, i: int) -> ModelInfo:
        """The model at row position ``i`` (``position(name)`` gives it)."""
        if isinstance(i, bool) or not isinstance(i, int | np.integer) or \
                not 0 <= i < len(self.names):
            raise AdvisorError(f"position: {printable(repr(i))[:60]} is not a row of "
                               f"this catalog; expected a whole number from 0 to "
                               f"{len(self.names) - 1} (Catalog.position(name) gives "
                               "one)")
        ix = self.index
        raw = {c: ix.strings[c][i].strip() for c in COLUMNS if c in ix.strings}
        ranges = {c: Range(_plain(ix.num[f"{c}_low"][i]),
                           _plain(ix.num[f"{c}_high"][i])) for c in NUMERIC}
        ol = int(ix.open_license[i])
        facts = {c: Fact(raw["name"], c, *(ix.strings[fact_column(c, p)][i]
                                           for p in ("value", "source", "note",
                                                     "as_of")))
                 for c in FACT_COLUMNS if fact_column(c) in ix.strings
                 and ix.strings[fact_column(c, "source")][i]}
        earlier = {c: ix.strings[fact_column(c, "earlier")][i] for c in FACT_COLUMNS
                   if fact_column(c, "earlier") in ix.strings
                   and ix.strings[fact_column(c, "earlier")][i]}
        tasks = tuple(split_list(raw["tasks"]))
        return ModelInfo(
            name=raw["name"], raw=raw, **ranges,
            open_license=None if ol < 0 else bool(ol), tasks=tasks,
            modalities=tuple(split_list(raw["modalities"])),
            open_weights=raw["open_weights"], commercial_use=raw["commercial_use"],
            caveats=tuple(split_caveats(raw["caveats"])),
            release_date=_plain(ix.num["release_date"][i]), facts=facts,
            earlier=earlier,
            implied_tasks=vocab.implied_tasks(tasks, split_list(raw["modalities"])))

    def take(self, rows) -> Catalog:
        """A catalog of these rows, in this order (same source, own hash)."""
        rows = np.asarray(rows, dtype=np.int64)
        sub = self.index.take(rows)
        digest = hashlib.sha256((self.content_hash + "|").encode() + rows.tobytes()
                                ).hexdigest()
        return Catalog(sub, source=self.source, content_hash=digest)

    def where(self, mask) -> Catalog:
        """A catalog of the rows where ``mask`` is true."""
        return self.take(np.flatnonzero(np.asarray(mask, dtype=bool)))

    @property
    def features_(self):
        """The fitted feature vectors: from the cache, or fitted now (scikit-learn)."""
        fs = self.__dict__.get("_features")
        if fs is None:
            if self.index.features is not None:
                fs = FeatureSpace(None, self.index.features, ())
            else:  # scikit-learn only when there are no cached vectors
                from .features import fit_features
                with bulk():
                    fs = fit_features(self.index)
                self.index.features = fs.matrix_
            self.__dict__["_features"] = fs
        return fs


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()
