"""The catalog: a CSV of models, read into typed records with parsed numbers.

Nothing numeric is stored twice: the loader derives every number from the strings a
person typed, parsing each distinct string once (``pd.factorize``), so a catalog of a
million rows with a few thousand distinct spellings parses a few thousand strings.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from . import vocab
from .errors import AdvisorError, AdvisorWarning, closest
from .columns import COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from .parsing import ParseError, Range, parse_count, parse_license, parse_resolution

__all__ = ["Catalog", "ModelInfo", "load_catalog", "COLUMNS", "REQUIRED_COLUMNS",
           "OPTIONAL_COLUMNS", "NUMERIC_COLUMNS", "bundled_catalog_path",
           "validate_catalog"]

# column -> (parser, what it is called in messages)
NUMERIC_COLUMNS = {
    "parameter_count": (lambda s: parse_count(s, "parameter count"), "parameters"),
    "token_limit": (lambda s: parse_count(s, "token limit"), "tokens"),
    "image_resolution": (parse_resolution, "px"),
}


def bundled_catalog_path() -> Path:
    """The catalog shipped in the wheel, or the checkout's root file when run from it."""
    packaged = resources.files("advisor").joinpath("catalog.csv")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "catalog.csv"


def _split(cell: str) -> list[str]:
    return [p.strip() for p in str(cell).split(";") if p.strip()]


def _split_caveats(cell: str) -> list[str]:
    # each caveat starts with the column it is about: "token_limit: seed says ..."
    return [p.strip() for p in re.split(r";\s*(?=[a-z_]+:)", str(cell)) if p.strip()]


def _fold_name(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _base_name(name: str) -> str:
    return re.sub(r"\s*\(.*\)\s*$", "", name).strip().casefold()


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

    Parsed numbers live in the frame as ``<column>_low`` / ``<column>_high`` (NaN where
    unknown or unbounded) and ``open_license`` (True, False or <NA>).
    """

    def __init__(self, frame: pd.DataFrame, *, source: str, content_hash: str):
        self.frame = frame
        self.source = source
        self.content_hash = content_hash
        self.names: list[str] = frame["name"].tolist()
        self._pos = {n.casefold(): i for i, n in enumerate(self.names)}

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[ModelInfo]:
        return (self.info(i) for i in range(len(self)))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in self._pos

    def __getitem__(self, name: str) -> ModelInfo:
        return self.info(self.position(name))

    def __repr__(self) -> str:
        return f"<Catalog {len(self)} models from {self.source}>"

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
            candidates.setdefault(re.sub(r"\s*\(.*\)\s*$", "", n), n)
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
        row = self.frame.iloc[i]
        raw = {c: row[c] for c in COLUMNS if c in row.index}
        ranges = {c: Range(_none(row[f"{c}_low"]), _none(row[f"{c}_high"]))
                  for c in NUMERIC_COLUMNS}
        ol = row["open_license"]
        return ModelInfo(
            name=row["name"], raw=raw, **ranges,
            open_license=None if pd.isna(ol) else bool(ol),
            tasks=tuple(_split(row["tasks"])), modalities=tuple(_split(row["modalities"])),
            open_weights=row["open_weights"], commercial_use=row["commercial_use"],
            caveats=tuple(_split_caveats(row["caveats"])),
        )

    @cached_property
    def arrays(self) -> dict[str, np.ndarray]:
        """Numeric views the engine checks requirements against."""
        f = self.frame
        out = {f"{c}_{end}": f[f"{c}_{end}"].to_numpy(dtype=np.float64)
               for c in NUMERIC_COLUMNS for end in ("low", "high")}
        ol = f["open_license"]
        out["open_license"] = np.where(ol.isna(), -1, ol.fillna(False).astype(int)
                                       ).astype(np.int8)
        return out

    def where(self, mask) -> Catalog:
        """A catalog of the rows where ``mask`` is true (same source, own hash)."""
        sub = self.frame[np.asarray(mask, dtype=bool)].reset_index(drop=True)
        digest = hashlib.sha256((self.content_hash + "|" + "|".join(sub["name"]))
                                .encode()).hexdigest()
        return Catalog(sub, source=self.source, content_hash=digest)


def _none(x) -> float | int | None:
    if x is None or pd.isna(x):
        return None
    return int(x) if float(x).is_integer() else float(x)


def _similar(a: str, b: str) -> float:
    import difflib
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


# -- loading ------------------------------------------------------------------------
def load_catalog(path: str | Path | None = None, *, origin: str | None = None
                 ) -> Catalog:
    """Load the bundled catalog, or a user's CSV with the same columns.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file; the bundled ``catalog.csv`` when omitted.
    origin : str, optional
        Keep only the rows of this origin (``seed`` or ``curated``).

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
    frame = _read_csv(data, label)
    frame = _validate(frame, label)
    catalog = Catalog(frame, source=label,
                      content_hash=hashlib.sha256(data).hexdigest())
    if origin is not None:
        origins = sorted(set(frame["origin"]) - {""})
        if origin not in origins:
            raise AdvisorError(f"origin: {origin!r} is not an origin in {label}; "
                               f"valid choices: {', '.join(origins)}")
        catalog = catalog.where(frame["origin"] == origin)
    return catalog


def sniff_separator(data: bytes) -> str:
    """',' unless the header row has no comma but a ';' or a tab."""
    header = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    if b"," not in header:
        for sep in (";", "\t"):
            if sep.encode() in header:
                return sep
    return ","


def _read_csv(data: bytes, label: str) -> pd.DataFrame:
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise AdvisorError(f"{label}: line {line} contains a NUL byte; not a CSV text "
                           "file (is it binary, or saved as UTF-16?)")
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False,
                            encoding="utf-8-sig", skip_blank_lines=True,
                            sep=sniff_separator(data))
    except UnicodeDecodeError as e:
        raise AdvisorError(f"{label}: not UTF-8 text (byte {e.start}); save the CSV "
                           "as UTF-8") from None
    except pd.errors.EmptyDataError:
        raise AdvisorError(f"{label}: the file is empty; expected a header row with "
                           f"the columns {', '.join(REQUIRED_COLUMNS)}") from None
    except pd.errors.ParserError as e:
        raise AdvisorError(f"{label}: not a readable CSV: {e}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
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
    _validate(frame, label, problems)
    return problems


def _validate(frame: pd.DataFrame, label: str, problems: list[str] | None = None
              ) -> pd.DataFrame:
    """Check and parse a raw frame. Raises at the first problem, or, given a list,
    records every problem in it and goes on."""

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
        return frame
    extra = [c for c in frame.columns if c not in COLUMNS]
    if extra:
        warnings.warn(f"{label}: unknown column(s) kept and ignored: "
                      f"{', '.join(map(repr, extra))}", AdvisorWarning, stacklevel=3)
    frame = frame.copy()
    for c in OPTIONAL_COLUMNS:
        if c not in frame.columns:
            frame[c] = ""
    frame = frame.astype({c: object for c in frame.columns})
    for c in frame.columns:
        frame[c] = frame[c].fillna("").astype(str).str.strip()
    frame = frame[~(frame == "").all(axis=1)].reset_index(drop=True)

    names = frame["name"]
    for r in np.flatnonzero((names == "").to_numpy()):
        fail(f"{label}: row {r + 1}, column 'name': the name is empty; every model "
             "needs a unique name")
    folded = names.str.casefold()
    for first in dict.fromkeys(folded[folded.duplicated() & (names != "")]):
        same = [int(r) + 1 for r in np.flatnonzero((folded == first).to_numpy())]
        spelled = sorted({names.iloc[r - 1] for r in same})
        fail(f"{label}: rows {', '.join(map(str, same))}, column 'name': duplicate "
             f"name {' / '.join(map(repr, spelled))}; names must be unique (ignoring "
             "case)")

    def where(codes, code, column, reason) -> str:
        rows = np.flatnonzero(codes == code)
        r = int(rows[0])
        more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
        return (f"{label}: row {r + 1} ({names.iloc[r]!r}){more}, column {column!r}: "
                f"{reason}")

    for column, (parser, _unit) in NUMERIC_COLUMNS.items():
        codes, uniques = pd.factorize(frame[column])
        lows = np.full(len(uniques), np.nan)
        highs = np.full(len(uniques), np.nan)
        for k, text in enumerate(uniques):
            try:
                r = parser(text)
            except ParseError as e:
                fail(where(codes, k, column, str(e)))
                continue
            lows[k] = np.nan if r.low is None else r.low
            highs[k] = np.nan if r.high is None else r.high
        frame[f"{column}_low"] = lows[codes]
        frame[f"{column}_high"] = highs[codes]

    codes, uniques = pd.factorize(frame["license"])
    opens = []
    for k, text in enumerate(uniques):
        try:
            opens.append(parse_license(text))
        except ParseError as e:
            fail(where(codes, k, "license", str(e)))
            opens.append(None)
    frame["open_license"] = pd.array(opens, dtype="boolean")[codes]

    for column, choices in (("commercial_use", vocab.COMMERCIAL),
                            ("open_weights", vocab.OPEN_WEIGHTS)):
        codes, uniques = pd.factorize(frame[column].str.casefold().replace("",
                                                                          "unknown"))
        for k, text in enumerate(uniques):
            if text not in choices:
                raw = frame[column].iloc[int(np.flatnonzero(codes == k)[0])]
                fail(where(codes, k, column, f"{raw!r} is not one of "
                                             f"{', '.join(choices)}"))
        frame[column] = np.asarray([u if u in choices else "unknown"
                                    for u in uniques], dtype=object)[codes] \
            if len(uniques) else ""

    for column, canon in (("tasks", vocab.canonical_task),
                          ("modalities", vocab.canonical_modality)):
        codes, uniques = pd.factorize(frame[column])
        fixed = []
        for k, text in enumerate(uniques):
            words = []
            for w in _split(text):
                try:
                    words.append(canon(w, column))
                except AdvisorError as e:
                    fail(where(codes, k, column, str(e).split(": ", 1)[1]))
            fixed.append("; ".join(dict.fromkeys(words)))
        frame[column] = np.asarray(fixed, dtype=object)[codes] if len(fixed) else ""

    blank_tasks = (frame["tasks"] == "").to_numpy()
    if blank_tasks.any():  # the documented rule fills what a user's CSV leaves out
        frame.loc[blank_tasks, "tasks"] = [
            "; ".join(vocab.derive_tasks(a, o, lf)) for a, o, lf in
            frame.loc[blank_tasks, ["architecture", "training_objective",
                                    "loss_function"]].itertuples(index=False)]
    return frame
