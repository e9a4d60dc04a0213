"""Reading a catalog CSV into an :class:`~advisor.index.Index` of flat arrays.

Nothing numeric is stored twice: the loader derives every number from the strings a
person typed. Each column is factorised once (``pd.factorize``) and every check and
parse runs on its distinct values, so a catalog of a million rows with a few
thousand distinct spellings parses a few thousand strings. One small parser per
family of columns (names, numbers, licence, yes / no words, vocabularies) reads
them; the column table (``columns.py``) says which column is which. pandas is
imported only when a CSV is read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import warnings
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import __version__, vocab
from .catalog import Catalog, name_key
from .columns import (
    CHECKED_COLUMNS,
    COLUMNS,
    DATES,
    NUMERIC,
    OPTIONAL_COLUMNS,
    PRICES,
    REQUIRED_COLUMNS,
)
from .errors import (
    CONTROL,
    AdvisorError,
    AdvisorWarning,
    bundled_file,
    closest,
    not_utf8,
    printable,
    read_file,
)
from .facts import MODES, apply_facts, bundled_facts_path, read_facts
from .index import Index, Strings, bulk, cache_dir, split_list
from .parsing import (
    ParseError,
    padded,
    parse_cell,
    parse_date,
    parse_license,
    parse_price,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd  # only when a CSV is read

__all__ = ["load_catalog", "bundled_catalog_path", "validate_catalog", "read_csv",
           "parse", "parse_cell", "sniff_separator"]


MOST_CATALOG_BYTES = 4 << 30  # a hub export of a few million rows; not /dev/zero


def bundled_catalog_path() -> Path:
    """The catalog shipped with advisor."""
    return bundled_file("catalog.csv")


def load_catalog(path: str | Path | None = None, *, origin: str | None = None,
                 facts: str | Path = "sourced", cache: bool = False,
                 step: Callable[[str], None] | None = None) -> Catalog:
    """Load the bundled catalog, or a user's CSV with the same columns.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file; the bundled ``catalog.csv`` when omitted.
    origin : str, optional
        Keep only the rows of this origin (``seed`` or ``curated``).
    facts : {"sourced", "seed"} or path, default "sourced"
        ``"sourced"``: the bundled ``facts.csv`` corrects and completes the cells
        of the models it names (each value with its source; the cell as typed is
        kept and shown). ``"seed"``: every cell as typed, for exactly the seed
        table's reading (and no ``status``: every model current). A path: your
        own facts file of the same form.
    cache : bool, default False
        Keep the fitted index (parsed numbers and feature vectors) in the user's
        cache directory (``$ADVISOR_CACHE_DIR`` overrides), keyed by the file's
        content hash, and read it from there next time: a query then needs numpy
        only. A changed file has another hash and is indexed anew.
    step : callable, optional
        Called with the name of each indexing step as it starts (a progress bar).

    Raises
    ------
    AdvisorError
        The file cannot be read, a required column is missing, a name is empty or
        repeated, or a value cannot be read (naming the file, row, column and value).

    >>> cat = load_catalog()
    >>> cat["clip"].token_limit
    Range(low=77, high=77)
    """
    file = path if path is not None else bundled_catalog_path()
    label = ("catalog.csv" if path is None else printable(str(path))[:200]
             if isinstance(path, str | os.PathLike) else "catalog")
    stamp = _stamp(file)
    data = read_file(file, label, MOST_CATALOG_BYTES)
    overlay, facts_label = _facts_bytes(facts)
    # the index depends on the catalog, the facts and the code that reads them
    h = hashlib.sha256(data)  # the catalog, NUL, the facts, ... (no joined copy)
    for part in (overlay, facts_label.encode(), __version__.encode()):
        h.update(b"\0")
        h.update(part)
    digest = h.hexdigest()
    stored = cache_dir() / f"index-{digest[:40]}.npz" if cache else None
    index = Index.load(stored, _most_bytes(data), digest) if stored is not None \
        else None
    if index is None and stored is not None and os.path.lexists(stored):
        warnings.warn(f"cache {stored.name}: unreadable, inconsistent or too large; "
                      "rebuilt", AdvisorWarning, stacklevel=2)
    for message in index.warnings if index is not None else ():
        warnings.warn(message, AdvisorWarning, stacklevel=2)
    if index is None:
        index = _index(data, label, digest, stored, step or (lambda what: None),
                       (overlay, facts_label), (file, stamp) if stamp else None)
    catalog = Catalog(index, source=label, content_hash=digest)
    return catalog if origin is None else _of_origin(catalog, origin, label)


def _of_origin(catalog: Catalog, origin: str, label: str) -> Catalog:
    origins = sorted(set(catalog.values("origin")))
    if origin not in origins:
        raise AdvisorError(f"origin: {origin!r} is not an origin in {label}; "
                           f"valid choices: {', '.join(origins)}")
    s = catalog.index.strings["origin"]
    return catalog.where(s.codes == s.uniques.index(origin))


def _most_bytes(data: bytes) -> int:
    """The largest index a CSV of these bytes can have, stored or unpacked: its
    strings, eight arrays of eight bytes and the features per row, with room."""
    rows = data.count(b"\n") + 1
    return 4 * len(data) + rows * 512 + (16 << 20)


def index_steps(cache: bool) -> int:
    """How many steps indexing takes (``step`` is called once per step)."""
    return 4 if cache else 2


MOST_FACTS_BYTES = 64 << 20  # a facts file has a row per sourced value


def _facts_bytes(facts: str | Path) -> tuple[bytes, str]:
    """The facts file's bytes and its label (b"" and "seed" for none)."""
    if facts == "seed":
        return b"", "seed"
    if facts == "sourced":
        return bundled_facts_path().read_bytes(), "facts.csv"
    if isinstance(facts, str | Path):
        label = f"facts: {printable(str(facts))[:200]}"
        try:
            exists = os.path.lexists(facts)
        except ValueError:  # a NUL in the name
            exists = False
        if not exists:
            raise AdvisorError(f"{label}: cannot read it (No such file or "
                               f"directory); or use one of {', '.join(MODES)}")
        # bounded, and regular files only (/dev/zero or a FIFO never hang a load)
        return read_file(facts, label, MOST_FACTS_BYTES), str(facts)
    raise AdvisorError(f"facts: {facts!r} is not one of {', '.join(MODES)} or a "
                       "path")


def _stamp(file) -> tuple[int, ...] | None:
    """A file's identity and version (device, inode, size, modified and changed
    times in ns), or None when it cannot be had."""
    if not isinstance(file, str | os.PathLike):  # an int would be read as an fd
        return None
    try:
        st = os.stat(file)
    except (OSError, TypeError, ValueError):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _index(data: bytes, label: str, digest: str, stored: Path | None,
           step: Callable[[str], None], facts: tuple[bytes, str],
           same_as: tuple[Any, tuple[int, ...]] | None = None) -> Index:
    """Read, parse and check a CSV and apply the facts; with ``stored``, fit the
    features and cache."""
    with bulk():
        return _indexed(data, label, digest, stored, step, facts, same_as)


def _indexed(data: bytes, label: str, digest: str, stored: Path | None,
             step: Callable[[str], None], facts: tuple[bytes, str],
             same_as: tuple[Any, tuple[int, ...]] | None) -> Index:
    step("reading the CSV")
    unread = unread_columns(data)
    frame = read_csv(data, label, unread, same_as)
    step("parsing and checking every column")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", AdvisorWarning)
        index = parse(frame, label, unread=unread)
    for w in seen:
        warnings.warn(w.message, w.category, stacklevel=3)
    index.warnings = [str(w.message) for w in seen
                      if issubclass(w.category, AdvisorWarning)]
    if facts[0]:
        apply_facts(index, read_facts(*facts), facts[1])
    elif facts[1] == "seed":  # the seed table's own reading: no lifecycle either
        index.strings["status"] = Strings(np.zeros(index.n, np.int32), [""])
    if stored is not None:
        step("fitting the feature vectors")
        _ = Catalog(index, source=label, content_hash=digest).features_
        step("writing the cache")
        try:
            index.save(stored, digest)
        except OSError:  # a read-only cache only costs speed
            pass
    return index


def validate_catalog(path: str | Path) -> list[str]:
    """Every problem in a catalog CSV, each naming the row and column; [] when none."""
    problems: list[str] = []
    label = str(path)
    try:  # the bounded reader: a FIFO, a device or /dev/zero is refused, not read
        data = read_file(path, label, MOST_CATALOG_BYTES)
    except AdvisorError as e:
        return [str(e)]
    unread = unread_columns(data)
    try:
        frame = read_csv(data, label, unread)
    except AdvisorError as e:
        return [str(e)]
    index = parse(frame, label, problems, unread)
    if Path(path).resolve() == bundled_catalog_path().resolve():
        problems += _facts_problems(index)
        problems += _evidence_problems(index, label, digest=hashlib.sha256(
            data).hexdigest())
    return problems


def _evidence_problems(index: Index, label: str, digest: str) -> list[str]:
    """The bundled evidence.csv read against the bundled catalog, every model of
    it required to be in the catalog."""
    from .evidence import bundled_evidence_path, load_evidence  # numpy only
    try:
        load_evidence(Catalog(index, source=label, content_hash=digest),
                      bundled_evidence_path())
    except AdvisorError as e:
        return [str(e)]
    return []


def _facts_problems(index: Index) -> list[str]:
    """The bundled facts file checked against the bundled catalog: readable, and
    every fact about a model the catalog has."""
    try:
        facts = read_facts(*_facts_bytes("sourced"))
    except AdvisorError as e:
        return [str(e)]
    names = {n.casefold() for n in index.strings["name"].tolist()}
    return [f"facts.csv: row {n}, column 'model': {f.model!r} is not in the catalog"
            for n, f in enumerate(facts, start=2) if f.model.casefold() not in names]


def sniff_separator(data: bytes) -> str:
    """',' unless the header row has no comma but a ';' or a tab."""
    end = data.find(b"\n")
    header = data[:end if end >= 0 else len(data)].lstrip(b"\xef\xbb\xbf")
    if b"," not in header:
        for sep in (";", "\t"):
            if sep.encode() in header:
                return sep
    return ","



MOST_EXTRA = 100  # unknown columns kept (catalog.frame shows them); the rest only named


def header(data: bytes, sep: str) -> list[str]:
    """The header row's names as the loader uses them (BOM and spaces off)."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        names = next(csv.reader(text, delimiter=sep), [])
    except (UnicodeDecodeError, csv.Error):
        return []  # pandas says what is wrong, in read_csv's words
    return [n.lstrip("\ufeff").strip() for n in names]


def unread_columns(data: bytes) -> list[str]:
    """The unknown columns past the first MOST_EXTRA: named in the warning, not
    read (a file with 200k of them took a minute)."""
    extra = [c for c in header(data, sniff_separator(data)) if c not in COLUMNS]
    return extra[MOST_EXTRA:]


def read_csv(data: bytes, label: str, skip: Collection[str] = (),
             same_as: tuple[Any, tuple[int, ...]] | None = None) -> pd.DataFrame:
    """The CSV as a frame of strings, without the columns named in ``skip``.

    ``same_as``: the file ``data`` was read from and its ``_stamp`` before that
    read. While the file is still that version, pandas parses it by its path
    (which it splits across threads); the bytes parsed are then the bytes read
    and hashed, checked again after the parse, else ``data`` is parsed."""
    import pandas as pd  # only when a CSV is read
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise AdvisorError(f"{label}: line {line} contains a NUL byte; not a CSV text "
                           "file (is it binary, or saved as UTF-16?)")
    try:
        # na_filter=False: an empty cell (or a short row's missing one) is "", and
        # parsing is faster; the BOM, if any, is taken off the first header below
        skip = set(skip)

        def parse(source):
            # index_col=False: a row ending in a separator is read as its columns
            # (pandas otherwise takes the first column for an index and shifts
            # every value one column left); a value past the header's last column
            # is refused below, never dropped
            with warnings.catch_warnings():
                warnings.simplefilter("error", pd.errors.ParserWarning)
                return pd.read_csv(source, dtype=object, na_filter=False,
                                   encoding="utf-8", skip_blank_lines=True,
                                   sep=sniff_separator(data), index_col=False,
                                   usecols=(lambda c: str(c).lstrip("\ufeff").strip()
                                            not in skip) if skip else None)
        frame = None
        if same_as is not None and _stamp(same_as[0]) == same_as[1] and \
                same_as[1][2] == len(data):
            frame = parse(os.fspath(same_as[0]))
            if _stamp(same_as[0]) != same_as[1]:  # changed while parsed
                frame = None
        if frame is None:
            frame = parse(io.BytesIO(data))
    except UnicodeDecodeError:
        raise not_utf8(data, label, "; save the CSV as UTF-8") from None
    except pd.errors.EmptyDataError:
        raise AdvisorError(f"{label}: the file is empty; expected a header row with "
                           f"the columns {', '.join(REQUIRED_COLUMNS)}") from None
    except pd.errors.ParserError as e:
        raise AdvisorError(_long_row(data, label) or
                           f"{label}: not a readable CSV: {str(e).strip()}") from None
    except pd.errors.ParserWarning:
        raise AdvisorError(_long_row(data, label) or f"{label}: a row has more "
                           "fields than the header") from None
    frame.columns = [str(c).lstrip("\ufeff").strip() for c in frame.columns]
    # a header ending in a separator names one empty column (pandas' "Unnamed: N"):
    # nothing to warn about while it stays empty
    blank = [c for c in frame.columns if UNNAMED.fullmatch(c)
             and not frame[c].astype(bool).any()]
    return frame.drop(columns=blank) if blank else frame


UNNAMED = re.compile(r"Unnamed: \d+")


def _long_row(data: bytes, label: str) -> str | None:
    """The first row holding a value past the header's last column, named (None
    if there is none)."""
    sep = sniff_separator(data)
    rows = csv.reader(io.StringIO(data.decode("utf-8", "replace").lstrip("\ufeff")),
                      delimiter=sep)
    width = len(next(rows, []))
    for n, row in enumerate(rows, start=1):
        if len(row) > width and any(v.strip() for v in row[width:]):
            extra = printable(next(v for v in row[width:] if v.strip()))[:40]
            return (f"{label}: row {n} has {len(row)} fields but the header has "
                    f"{width}: the value {extra!r} is past the last column (a "
                    "separator too many in that row?)")
    return None



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
    import pandas as pd  # only when a CSV is read
    codes, uniques = pd.factorize(column)
    values = np.asarray(uniques, dtype=object).tolist()
    has_nan = bool(len(codes)) and codes.min() < 0
    if not has_nan:
        at = padded(values)
        if not at:
            return Strings(codes, values)  # distinct, and nothing to strip
        stripped = list(values)  # only the padded ones change
        for k in at:
            stripped[k] = stripped[k].strip()
        # still distinct unless a stripped value repeats one (a padded raw value
        # is never equal to a stripped one): lookups with the hashes already made
        changed = {stripped[k] for k in at}
        if len(changed) == len(at) and changed.isdisjoint(values):
            return Strings(codes, stripped)
    else:  # NaN (a short row's missing cell) becomes one more value, ""
        stripped = [u.strip() if isinstance(u, str) else str(u).strip()
                    for u in values] + [""]
        codes = np.where(codes < 0, len(stripped) - 1, codes)
    seen: dict[str, int] = {}
    remap = np.asarray([seen.setdefault(u, len(seen)) for u in stripped],
                       dtype=np.int32)
    return Strings(remap[codes] if len(stripped) else codes, list(seen))



class _Reader:
    """The state of one parse: the columns as Strings, and where problems go
    (raised at the first, or collected when a list is given)."""

    def __init__(self, label: str, problems: list[str] | None):
        self.label = label
        self.problems = problems
        self.strings: dict[str, Strings] = {}

    def fail(self, message: str) -> None:
        if self.problems is None:
            raise AdvisorError(message)
        self.problems.append(message)

    def where(self, column: str, k: int, reason: str) -> str:
        """'file: row R ('name') (and N more rows), column 'c': reason' for the
        rows holding distinct value ``k`` of ``column``."""
        names = self.strings["name"]
        rows = np.flatnonzero(self.strings[column].codes == k)
        r = int(rows[0])
        more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
        return (f"{self.label}: row {r + 1} ({names[r]!r}){more}, column {column!r}: "
                f"{reason}")


def parse(frame: pd.DataFrame, label: str, problems: list[str] | None = None,
          unread: Sequence[str] = ()) -> Index:
    """Check and parse a raw frame into an Index. Raises at the first problem, or,
    given a list, records every problem in it and goes on. ``unread``: unknown
    columns of the file left out of ``frame`` (named in the warning)."""
    reader = _Reader(label, problems)
    if not _has_columns(frame, reader, unread):
        return Index({}, {}, np.empty(0, np.int8))
    reader.strings = _strings(frame)
    if not len(reader.strings["name"]):
        reader.fail(f"{label}: no models: the file has a header but no rows; add a "
                    f"row per model with at least {', '.join(REQUIRED_COLUMNS)}")
        return Index({}, {}, np.empty(0, np.int8))
    _check_names(reader)
    num = _numbers(reader) | _dates(reader) | _prices(reader)
    open_license = _licenses(reader)
    _yes_no_words(reader)
    _vocabularies(reader)
    _lifecycle(reader)
    _derive_blank_tasks(reader.strings)
    return Index(reader.strings, num, open_license)


def _has_columns(frame: pd.DataFrame, reader: _Reader, unread: Sequence[str]
                 ) -> bool:
    """Refuse a frame without the required columns; warn about unknown ones."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    extra = [c for c in frame.columns if c not in COLUMNS]
    if missing:
        near = {m: closest(m, extra, 1) for m in missing}
        hints = [f"{m!r} (found {near[m][0]!r}?)" if near[m] else repr(m)
                 for m in missing]
        reader.fail(f"{reader.label}: missing required column(s) {', '.join(hints)}; "
                    f"a catalog needs {', '.join(REQUIRED_COLUMNS)}")
        return False
    if extra or unread:
        extra += unread
        shown = ", ".join(repr(printable(c)[:40]) for c in extra[:10])
        more = f" and {len(extra) - 10:,} more" if len(extra) > 10 else ""
        kept = (f"; the first {len(extra) - len(unread):,} are kept (catalog.frame), "
                "the rest not read") if unread else ""
        warnings.warn(f"{reader.label}: unknown column(s) "
                      f"{'ignored' if unread else 'kept and ignored'}: "
                      f"{shown}{more}{kept}", AdvisorWarning, stacklevel=4)
    return True


def _strings(frame: pd.DataFrame) -> dict[str, Strings]:
    """Every column as Strings, optional ones filled in, blank rows dropped. The
    checked columns are factorised; the others are only shown, so they are kept as
    they are and stripped when read."""
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
    return strings


def _check_names(reader: _Reader) -> None:
    """Every name present and unique, ignoring case."""
    names = reader.strings["name"]
    for r in np.flatnonzero(names.per_unique([u == "" for u in names.uniques], bool)):
        reader.fail(f"{reader.label}: row {r + 1}, column 'name': the name is empty; "
                    "every model needs a unique name")
    joined = "\n".join(names.uniques)  # one scan for the common case: none bad
    if CONTROL.search(joined):
        bad = names.per_unique([CONTROL.search(u) is not None
                                for u in names.uniques], bool)
        for r in np.flatnonzero(bad)[:10]:
            reader.fail(f"{reader.label}: row {r + 1}, column 'name': "
                        f"{printable(names[r])[:80]!r} contains a control character;"
                        " names are plain text")
    # name_key, with its fast path inline (a million names: no call per name); NUL
    # is in no name (read_csv refuses it), so it can join them for one casefold
    if joined.isascii() and "  " not in joined and "\0" not in joined:
        folded = "\0".join(names.uniques).casefold().split("\0")
    else:
        folded = [u.casefold() if u.isascii() and "  " not in u else name_key(u)
                  for u in names.uniques]
    if len(set(folded)) == len(folded) and len(names.uniques) == len(names):
        return
    fold_codes = np.unique(np.asarray(folded, dtype=object), return_inverse=True
                           )[1].reshape(-1)[names.codes] if folded else names.codes
    counts = np.bincount(fold_codes, minlength=max(len(folded), 1))
    for code in np.flatnonzero(counts > 1):
        rows = np.flatnonzero(fold_codes == code)
        spelled = sorted({names[r] for r in rows})
        if spelled == [""]:
            continue
        reader.fail(f"{reader.label}: rows {', '.join(str(r + 1) for r in rows)}, "
                    f"column 'name': duplicate name "
                    f"{' / '.join(repr(printable(s)) for s in spelled)}; names must be "
                    "unique (ignoring case, spaces, Unicode forms and lookalike "
                    "letters)")


def _numbers(reader: _Reader) -> dict[str, np.ndarray]:
    """The low and high end of every numeric column, NaN where unknown."""
    num: dict[str, np.ndarray] = {}
    for column in NUMERIC:
        s = reader.strings[column]
        lows = np.full(len(s.uniques), np.nan)
        highs = np.full(len(s.uniques), np.nan)
        for k, text in enumerate(s.uniques):
            try:
                r = parse_cell(column, text)
            except ParseError as e:
                reader.fail(reader.where(column, k, str(e)))
                continue
            lows[k] = np.nan if r.low is None else r.low
            highs[k] = np.nan if r.high is None else r.high
        num[f"{column}_low"] = lows[s.codes] if len(s.uniques) else np.empty(0)
        num[f"{column}_high"] = highs[s.codes] if len(s.uniques) else np.empty(0)
    return num


def _single(reader: _Reader, columns, parse) -> dict[str, np.ndarray]:
    """Each of ``columns`` as one number per row (``parse`` of each distinct cell;
    NaN where it gives None); a cell it cannot read is a problem at its row."""
    out = {}
    for column in columns:
        s = reader.strings[column]
        values = np.full(len(s.uniques), np.nan)
        for k, text in enumerate(s.uniques):
            try:
                v = parse(text)
            except ParseError as e:
                reader.fail(reader.where(column, k, str(e)))
                continue
            values[k] = np.nan if v is None else v
        out[column] = values[s.codes] if len(s.uniques) else np.empty(0)
    return out


def _prices(reader: _Reader) -> dict[str, np.ndarray]:
    """Each price column in USD, NaN where not given."""
    return _single(reader, PRICES, parse_price)


def _dates(reader: _Reader) -> dict[str, np.ndarray]:
    """Each date column as days since 0001-01-01, NaN where unknown."""
    return _single(reader, DATES, parse_date)


def _licenses(reader: _Reader) -> np.ndarray:
    """int8 per row: 1 an open licence, 0 a closed one, -1 not said."""
    s = reader.strings["license"]
    opens = []
    for k, text in enumerate(s.uniques):
        try:
            v = parse_license(text)
        except ParseError as e:
            reader.fail(reader.where("license", k, str(e)))
            v = None
        opens.append(-1 if v is None else int(v))
    return s.per_unique(opens, np.int8)


def _recode_column(reader: _Reader, column: str, read) -> None:
    """Replace each distinct value of ``column`` by ``read(text)``, which returns
    (the canonical text, the reasons it could not read part of it)."""
    s = reader.strings[column]
    fixed = []
    for k, text in enumerate(s.uniques):
        value, problems = read(text)
        for reason in problems:
            reader.fail(reader.where(column, k, reason))
        fixed.append(value)
    reader.strings[column] = _recode(s, fixed)


def _yes_no_words(reader: _Reader) -> None:
    """commercial_use, open_weights and default_mode in their vocabularies (blank
    is unknown)."""
    for column, choices, blank in (("commercial_use", vocab.COMMERCIAL, "unknown"),
                                   ("open_weights", vocab.OPEN_WEIGHTS, "unknown"),
                                   ("default_mode", tuple(vocab.DEFAULT_MODES), "")):
        def read(text: str, choices=choices, blank=blank) -> tuple[str, list[str]]:
            word = text.casefold() or blank
            if word in choices or word == blank:
                return word, []
            return blank, [f"{text!r} is not one of {', '.join(choices)}"]
        _recode_column(reader, column, read)


def _vocabularies(reader: _Reader) -> None:
    """tasks and modalities as their canonical words, ';'-separated."""
    for column, canon in (("tasks", vocab.canonical_task),
                          ("modalities", vocab.canonical_modality)):
        def read(text: str, column=column, canon=canon) -> tuple[str, list[str]]:
            words, problems = [], []
            for w in split_list(text):
                try:
                    words.append(canon(w, column))
                except AdvisorError as e:
                    problems.append(str(e).split(": ", 1)[1])
            return "; ".join(dict.fromkeys(words)), problems
        _recode_column(reader, column, read)


def _lifecycle(reader: _Reader) -> None:
    """status in its canonical form ('superseded by X', 'retired on DATE'; blank
    is current)."""
    def read(text: str) -> tuple[str, list[str]]:
        try:
            kind, what = vocab.lifecycle(text)
        except AdvisorError as e:
            return "", [str(e).split(": ", 1)[1]]
        if kind == vocab.Lifecycle.CURRENT:
            return "", []
        joint = " by " if kind == vocab.Lifecycle.SUPERSEDED else " on "
        return kind.name.lower() + (joint + what if what else ""), []
    _recode_column(reader, "status", read)


def _derive_blank_tasks(strings: dict[str, Strings]) -> None:
    """The documented rule (``vocab.derive_tasks``) fills the tasks a user's CSV
    leaves out: each column's distinct values read once, in bulk
    (``vocab.column_bits``), their bits combined per row."""
    tasks = strings["tasks"]
    blank = tasks.per_unique([u == "" for u in tasks.uniques], bool)
    if not blank.any():
        return
    bits = np.zeros(int(blank.sum()), np.int64)
    for column in ("architecture", "training_objective", "loss_function"):
        s = strings[column]
        of_blank = s.codes[blank]
        used = np.zeros(len(s.uniques), bool)  # only the values of blank rows
        used[of_blank] = True
        used = np.flatnonzero(used)
        per = np.zeros(len(s.uniques), np.int64)
        per[used] = vocab.column_bits(column,
                                      list(map(s.uniques.__getitem__, used.tolist())))
        bits |= per[of_blank]
    kinds, inverse = np.unique(bits, return_inverse=True)
    derived = ["; ".join(vocab.tasks_of_bits(int(b))) for b in kinds]
    codes = tasks.codes.copy()
    lookup = {w: i for i, w in enumerate(tasks.uniques)}
    for text in derived:
        lookup.setdefault(text, len(lookup))
    codes[blank] = np.asarray([lookup[d] for d in derived], np.int32)[
        inverse.reshape(-1)]
    strings["tasks"] = Strings(codes, list(lookup))


def _recode(s: Strings, fixed: list[str]) -> Strings:
    """The same column with each distinct value replaced (merging equal results)."""
    lookup: dict[str, int] = {}
    remap = np.asarray([lookup.setdefault(f, len(lookup)) for f in fixed],
                       dtype=np.int32)
    return Strings(remap[s.codes] if len(fixed) else s.codes, list(lookup))
