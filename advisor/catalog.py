"""The catalog: a CSV of models, read into typed records with parsed numbers.

Nothing numeric is stored twice: the loader derives every number from the strings a
person typed. Each column is factorised once (``pd.factorize``) and every check and
parse runs on its distinct values, so a catalog of a million rows with a few
thousand distinct spellings parses a few thousand strings. The result is an
:class:`~advisor.index.Index` of flat arrays; the pandas ``frame`` is built from it
only when asked for. pandas is imported only when a CSV is read or a frame is built.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import vocab
from .columns import COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from .errors import AdvisorError, AdvisorWarning, closest
from .index import NUMBERS, FeatureSpace, Index, Strings, split_list
from .parsing import ParseError, Range, parse_count, parse_license, parse_resolution

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Catalog", "ModelInfo", "load_catalog", "COLUMNS", "REQUIRED_COLUMNS",
           "OPTIONAL_COLUMNS", "NUMERIC_COLUMNS", "bundled_catalog_path",
           "validate_catalog", "cache_dir"]

# column -> (parser, what it is called in messages)
NUMERIC_COLUMNS = {
    "parameter_count": (lambda s: parse_count(s, "parameter count"), "parameters"),
    "token_limit": (lambda s: parse_count(s, "token limit"), "tokens"),
    "image_resolution": (parse_resolution, "px"),
}


def bundled_catalog_path() -> Path:
    """The catalog shipped in the wheel, or the checkout's root file when run
    from it."""
    packaged = resources.files("advisor").joinpath("catalog.csv")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "catalog.csv"


def cache_dir() -> Path:
    """Where fitted indexes are kept: $ADVISOR_CACHE_DIR, else the user's cache."""
    if os.environ.get("ADVISOR_CACHE_DIR"):
        return Path(os.environ["ADVISOR_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "advisor"


def _split_caveats(cell: str) -> list[str]:
    # each caveat starts with the column it is about: "token_limit: seed says ..."
    return [p.strip() for p in re.split(r";\s*(?=[a-z_]+:)", str(cell)) if p.strip()]


def _fold_name(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _without_variant(name: str) -> str:
    """'CLIP (ViT-B/32)' -> 'CLIP'."""
    return re.sub(r"\s*\(.*\)\s*$", "", name).strip()


def _base_name(name: str) -> str:
    return _without_variant(name).casefold()


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

    def __getattr__(self, column: str) -> str:
        # the other raw columns: model_type, architecture, source, ...
        raw = self.__dict__.get("raw", {})
        if column in raw:
            return raw[column]
        raise AttributeError(column)

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
        return isinstance(name, str) and name.casefold() in self._pos

    def __getitem__(self, name: str) -> ModelInfo:
        return self.info(self.position(name))

    def __repr__(self) -> str:
        return f"<Catalog {len(self)} models from {self.source}>"

    @cached_property
    def names(self) -> list[str]:
        return self.index.strings["name"].tolist()

    @cached_property
    def _pos(self) -> dict[str, int]:
        return {n.casefold(): i for i, n in enumerate(self.names)}

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The raw columns, any extra columns of the file, and the parsed numbers."""
        import pandas as pd
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
        return [u for u in self.index.strings[column].uniques if u]

    # -- names -------------------------------------------------------------------
    def resolve(self, name: str, key: str = "model") -> str:
        """The catalog's spelling of ``name``: exact (any case), the same letters,
        the name without its parenthesised variant where that is unique, or a
        single close match; otherwise an AdvisorError listing the closest names."""
        return self.names[self.position(name, key)]

    def position(self, name: str, key: str = "model") -> int:
        if not isinstance(name, str) or not name.strip():
            raise AdvisorError(f"{key}: {name!r} is not a model name")
        wanted = name.strip()
        hit = self._pos.get(wanted.casefold())
        if hit is not None:
            return hit
        for fold in (_fold_name, _base_name):
            matches = [i for i, n in enumerate(self.names) if fold(n) == fold(wanted)]
            if len(matches) == 1:
                return matches[0]
        # compare with the names and with their bases ('CLIP' for 'CLIP (ViT-B/32)')
        candidates: dict[str, str] = {}
        for n in self.names:
            candidates.setdefault(n, n)
            candidates.setdefault(_without_variant(n), n)
        near = list(dict.fromkeys(candidates[c] for c in closest(wanted, candidates,
                                                                 n=4)))[:3]
        if len(near) == 1 and max(_similar(wanted, c) for c, n in candidates.items()
                                  if n == near[0]) >= 0.85:
            return self._pos[near[0].casefold()]
        hint = ("did you mean " + " or ".join(repr(n) for n in near) + "?") if near \
            else "see `advisor catalog show` for the names"
        raise AdvisorError(f"{key}: unknown model {name!r}; {hint}")

    # -- records -----------------------------------------------------------------
    def info(self, i: int) -> ModelInfo:
        ix = self.index
        raw = {c: ix.strings[c][i].strip() for c in COLUMNS if c in ix.strings}
        ranges = {c: Range(_plain(ix.num[f"{c}_low"][i]),
                           _plain(ix.num[f"{c}_high"][i])) for c in NUMERIC_COLUMNS}
        ol = int(ix.open_license[i])
        return ModelInfo(
            name=raw["name"], raw=raw, **ranges,
            open_license=None if ol < 0 else bool(ol),
            tasks=tuple(split_list(raw["tasks"])),
            modalities=tuple(split_list(raw["modalities"])),
            open_weights=raw["open_weights"], commercial_use=raw["commercial_use"],
            caveats=tuple(_split_caveats(raw["caveats"])),
        )

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
            else:
                from .features import fit_features
                fs = fit_features(self)
                self.index.features = fs.matrix_
            self.__dict__["_features"] = fs
        return fs


def _similar(a: str, b: str) -> float:
    import difflib
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


# -- loading ------------------------------------------------------------------------
def load_catalog(path: str | Path | None = None, *, origin: str | None = None,
                 cache: bool = False) -> Catalog:
    """Load the bundled catalog, or a user's CSV with the same columns.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file; the bundled ``catalog.csv`` when omitted.
    origin : str, optional
        Keep only the rows of this origin (``seed`` or ``curated``).
    cache : bool, default False
        Keep the fitted index (parsed numbers and feature vectors) in the user's
        cache directory (``$ADVISOR_CACHE_DIR`` overrides), keyed by the file's
        content hash, and read it from there next time: a query then needs numpy
        only. A changed file has another hash and is indexed anew.

    Raises
    ------
    AdvisorError
        The file cannot be read, a required column is missing, a name is empty or
        repeated, or a value cannot be read (naming the file, row, column and value).

    >>> cat = load_catalog()
    >>> cat["clip"].token_limit
    Range(low=77, high=77)
    """
    file = Path(path) if path is not None else bundled_catalog_path()
    label = str(path) if path is not None else "catalog.csv"
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise AdvisorError(f"{label}: no such file") from None
    except (IsADirectoryError, PermissionError) as e:
        raise AdvisorError(f"{label}: cannot read it ({e.strerror})") from None
    digest = hashlib.sha256(data).hexdigest()
    index = None
    stored = cache_dir() / f"index-{digest[:40]}.npz" if cache else None
    if stored is not None:
        index = Index.load(stored)
        for message in index.warnings if index is not None else ():
            warnings.warn(message, AdvisorWarning, stacklevel=2)
    if index is None:
        with _progress(len(data), 4 if stored is not None else 2) as step:
            step("reading the CSV")
            frame = _read_csv(data, label)
            step("parsing and checking every column")
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always", AdvisorWarning)
                index = _parse(frame, label)
            for w in seen:
                warnings.warn(w.message, w.category, stacklevel=2)
            index.warnings = [str(w.message) for w in seen
                              if issubclass(w.category, AdvisorWarning)]
            if stored is not None:
                step("fitting the feature vectors")
                _ = Catalog(index, source=label, content_hash=digest).features_
                step("writing the cache")
                try:
                    index.save(stored)
                except OSError:  # a read-only cache only costs speed
                    pass
    catalog = Catalog(index, source=label, content_hash=digest)
    if origin is not None:
        origins = sorted(set(catalog.values("origin")))
        if origin not in origins:
            raise AdvisorError(f"origin: {origin!r} is not an origin in {label}; "
                               f"valid choices: {', '.join(origins)}")
        s = index.strings["origin"]
        catalog = catalog.where(s.codes == s.uniques.index(origin))
    return catalog


class _progress:
    """A rich progress bar while indexing a large file on a terminal; else nothing."""

    BIG = 20_000_000  # bytes: about 100k rows

    def __init__(self, size: int, steps: int):
        import sys
        self.on = size >= self.BIG and sys.stderr.isatty()
        self.steps = steps

    def __enter__(self):
        if not self.on:
            return lambda what: None
        from rich.progress import BarColumn, Progress, TimeElapsedColumn
        self.bar = Progress("[progress.description]{task.description}", BarColumn(),
                            TimeElapsedColumn(), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("indexing", total=self.steps)
        self.done = -1

        def step(what: str) -> None:
            self.done += 1
            self.bar.update(self.task, completed=self.done,
                            description=f"indexing: {what}")
        return step

    def __exit__(self, *exc):
        if self.on:
            self.bar.stop()
        return False


def sniff_separator(data: bytes) -> str:
    """',' unless the header row has no comma but a ';' or a tab."""
    end = data.find(b"\n")
    header = data[:end if end >= 0 else len(data)].lstrip(b"\xef\xbb\xbf")
    if b"," not in header:
        for sep in (";", "\t"):
            if sep.encode() in header:
                return sep
    return ","


def _read_csv(data: bytes, label: str) -> pd.DataFrame:
    import pandas as pd
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise AdvisorError(f"{label}: line {line} contains a NUL byte; not a CSV text "
                           "file (is it binary, or saved as UTF-16?)")
    try:
        # na_filter=False: an empty cell (or a short row's missing one) is "", and
        # parsing is faster; the BOM, if any, is taken off the first header below
        frame = pd.read_csv(io.BytesIO(data), dtype=object, na_filter=False,
                            encoding="utf-8", skip_blank_lines=True,
                            sep=sniff_separator(data))
    except UnicodeDecodeError as e:
        raise AdvisorError(f"{label}: not UTF-8 text (byte {e.start}); save the CSV "
                           "as UTF-8") from None
    except pd.errors.EmptyDataError:
        raise AdvisorError(f"{label}: the file is empty; expected a header row with "
                           f"the columns {', '.join(REQUIRED_COLUMNS)}") from None
    except pd.errors.ParserError as e:
        raise AdvisorError(f"{label}: not a readable CSV: {e}") from None
    frame.columns = [str(c).lstrip("\ufeff").strip() for c in frame.columns]
    return frame


def validate_catalog(path: str | Path) -> list[str]:
    """Every problem in a catalog CSV, each naming the row and column; [] when none."""
    problems: list[str] = []
    label = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return [f"{label}: cannot read it ({e.strerror})"]
    try:
        frame = _read_csv(data, label)
    except AdvisorError as e:
        return [str(e)]
    _parse(frame, label, problems)
    return problems


# the columns whose values are checked, parsed or looked up; the rest are shown only
CHECKED_COLUMNS = ("name", "model_type", "architecture", "training_objective",
                   "loss_function", "parameter_count", "token_limit",
                   "image_resolution", "license", "tasks", "modalities",
                   "commercial_use", "open_weights", "origin")


def _as_is(column, strip: bool = False) -> Strings:
    """A column of (nearly) distinct values, one entry per row, no hashing: names,
    and the columns that are only shown (those are stripped when read)."""
    values = column.tolist()
    if strip:
        values = [v.strip() for v in values]
    return Strings(np.arange(len(values), dtype=np.int32), values)


def _factorize(column) -> Strings:
    """Codes into the distinct stripped values of one raw column (NaN, from a short
    row, is empty)."""
    import pandas as pd
    codes, uniques = pd.factorize(column)
    stripped = [u.strip() if isinstance(u, str) else str(u).strip()
                for u in np.asarray(uniques, dtype=object).tolist()]
    has_nan = bool(len(codes)) and codes.min() < 0
    if not has_nan and len(set(stripped)) == len(stripped):
        return Strings(codes, stripped)  # already distinct: no remapping
    if has_nan:
        stripped.append("")
        codes = np.where(codes < 0, len(stripped) - 1, codes)
    seen: dict[str, int] = {}
    remap = np.asarray([seen.setdefault(u, len(seen)) for u in stripped],
                       dtype=np.int32)
    return Strings(remap[codes] if len(stripped) else codes, list(seen))


def _parse(frame: pd.DataFrame, label: str, problems: list[str] | None = None
           ) -> Index:
    """Check and parse a raw frame into an Index. Raises at the first problem, or,
    given a list, records every problem in it and goes on."""

    def fail(message: str) -> None:
        if problems is None:
            raise AdvisorError(message)
        problems.append(message)

    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        found = [c for c in frame.columns if c not in COLUMNS]
        hints = [f"{m!r} (found {closest(m, found, 1)[0]!r}?)" if closest(m, found, 1)
                 else repr(m) for m in missing]
        fail(f"{label}: missing required column(s) {', '.join(hints)}; "
             f"a catalog needs {', '.join(REQUIRED_COLUMNS)}")
        return Index({}, {}, np.empty(0, np.int8))
    extra = [c for c in frame.columns if c not in COLUMNS]
    if extra:
        warnings.warn(f"{label}: unknown column(s) kept and ignored: "
                      f"{', '.join(map(repr, extra))}", AdvisorWarning, stacklevel=3)

    # the columns that are checked are factorised; the others are only shown, so
    # they are kept as they are and stripped when read
    strings = {c: _as_is(frame[c], strip=True) if c == "name" else
               _factorize(frame[c]) if c in CHECKED_COLUMNS else _as_is(frame[c])
               for c in frame.columns}
    n = len(frame)
    for c in OPTIONAL_COLUMNS:
        strings.setdefault(c, Strings(np.zeros(n, np.int32), [""]))
    empty_row = np.ones(n, dtype=bool)
    for c in CHECKED_COLUMNS:
        s = strings[c]
        empty_row &= s.per_unique([u == "" for u in s.uniques], bool)
    for r in np.flatnonzero(empty_row):
        empty_row[r] = all(not strings[c][r].strip() for c in strings)
    if empty_row.any():  # trailing or blank rows
        keep = np.flatnonzero(~empty_row)
        strings = {c: s.take(keep) for c, s in strings.items()}
        n = len(keep)

    names = strings["name"]
    name_codes = names.codes
    for r in np.flatnonzero(names.per_unique([u == "" for u in names.uniques], bool)):
        fail(f"{label}: row {r + 1}, column 'name': the name is empty; every model "
             "needs a unique name")
    folded = [u.casefold() for u in names.uniques]
    if len(set(folded)) < len(folded) or len(names.uniques) < n:
        fold_codes = np.unique(np.asarray(folded, dtype=object), return_inverse=True
                               )[1].reshape(-1)[name_codes] if folded else name_codes
        counts = np.bincount(fold_codes, minlength=max(len(folded), 1))
        for code in np.flatnonzero(counts > 1):
            rows = np.flatnonzero(fold_codes == code)
            spelled = sorted({names[r] for r in rows})
            if spelled == [""]:
                continue
            fail(f"{label}: rows {', '.join(str(r + 1) for r in rows)}, column "
                 f"'name': duplicate name {' / '.join(map(repr, spelled))}; names "
                 "must be unique (ignoring case)")

    def where(s: Strings, k: int, column: str, reason: str) -> str:
        rows = np.flatnonzero(s.codes == k)
        r = int(rows[0])
        more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
        return (f"{label}: row {r + 1} ({names[r]!r}){more}, column {column!r}: "
                f"{reason}")

    num: dict[str, np.ndarray] = {}
    for column, (parser, _unit) in NUMERIC_COLUMNS.items():
        s = strings[column]
        lows = np.full(len(s.uniques), np.nan)
        highs = np.full(len(s.uniques), np.nan)
        for k, text in enumerate(s.uniques):
            try:
                r = parser(text)
            except ParseError as e:
                fail(where(s, k, column, str(e)))
                continue
            lows[k] = np.nan if r.low is None else r.low
            highs[k] = np.nan if r.high is None else r.high
        num[f"{column}_low"] = lows[s.codes] if len(s.uniques) else np.empty(0)
        num[f"{column}_high"] = highs[s.codes] if len(s.uniques) else np.empty(0)

    s = strings["license"]
    opens = []
    for k, text in enumerate(s.uniques):
        try:
            v = parse_license(text)
        except ParseError as e:
            fail(where(s, k, "license", str(e)))
            v = None
        opens.append(-1 if v is None else int(v))
    open_license = s.per_unique(opens, np.int8)

    for column, choices in (("commercial_use", vocab.COMMERCIAL),
                            ("open_weights", vocab.OPEN_WEIGHTS)):
        s = strings[column]
        fixed = []
        for k, text in enumerate(s.uniques):
            word = text.casefold() or "unknown"
            if word not in choices:
                fail(where(s, k, column, f"{text!r} is not one of "
                                         f"{', '.join(choices)}"))
                word = "unknown"
            fixed.append(word)
        strings[column] = _recode(s, fixed)

    for column, canon in (("tasks", vocab.canonical_task),
                          ("modalities", vocab.canonical_modality)):
        s = strings[column]
        fixed = []
        for k, text in enumerate(s.uniques):
            words = []
            for w in split_list(text):
                try:
                    words.append(canon(w, column))
                except AdvisorError as e:
                    fail(where(s, k, column, str(e).split(": ", 1)[1]))
            fixed.append("; ".join(dict.fromkeys(words)))
        strings[column] = _recode(s, fixed)

    tasks = strings["tasks"]
    blank = tasks.per_unique([u == "" for u in tasks.uniques], bool)
    if blank.any():  # the documented rule fills what a user's CSV leaves out
        a, o, lf = (strings[c] for c in ("architecture", "training_objective",
                                         "loss_function"))
        key = ((a.codes[blank].astype(np.int64) * len(o.uniques) + o.codes[blank])
               * len(lf.uniques) + lf.codes[blank])
        keys, inverse = np.unique(key, return_inverse=True)
        derived = []
        for k in keys.tolist():
            rest, li = divmod(k, len(lf.uniques))
            ai, oi = divmod(rest, len(o.uniques))
            derived.append("; ".join(vocab.derive_tasks(
                a.uniques[ai], o.uniques[oi], lf.uniques[li])))
        words = list(tasks.uniques)
        codes = tasks.codes.copy()
        lookup = {w: i for i, w in enumerate(words)}
        for text in derived:
            lookup.setdefault(text, len(lookup))
        words = list(lookup)
        codes[blank] = np.asarray([lookup[d] for d in derived], np.int32)[
            inverse.reshape(-1)]
        strings["tasks"] = Strings(codes, words)
    return Index(strings, num, open_license)


def _recode(s: Strings, fixed: list[str]) -> Strings:
    """The same column with each distinct value replaced (merging equal results)."""
    lookup: dict[str, int] = {}
    remap = np.asarray([lookup.setdefault(f, len(lookup)) for f in fixed],
                       dtype=np.int32)
    return Strings(remap[s.codes] if len(fixed) else s.codes, list(lookup))
