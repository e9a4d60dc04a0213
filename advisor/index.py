"""The catalog as flat numpy arrays: what a query reads, and what the cache stores.

Every string column is kept as codes into its distinct values (what ``pd.factorize``
gives), every parsed number as a float64 array, every vocabulary as a bitmask, and
the feature vectors as unit-length float32 rows. This module needs numpy only, so a
query against a cached index imports neither pandas nor scikit-learn.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

import numpy as np

from . import vocab
from .columns import NUMBERS

__all__ = ["bulk", "Strings", "Index", "FeatureSpace", "FORMAT", "NUMBERS", "bits_of",
           "split_list", "cache_dir", "TASK_BITS", "MODALITY_BITS"]


@contextmanager
def bulk():
    """Reading or fitting a million rows: Python's cyclic garbage collector paused.
    The work makes millions of small objects (regex matches, tuples, lists) and
    none in cycles, yet each 700 of them start a collection pass; paused, a
    million-row diverse fit is seconds faster. Restored as it was afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()

FORMAT = 5  # bump when the stored layout changes; old files are then rebuilt
TASK_BITS = {t: 1 << i for i, t in enumerate(vocab.TASKS)}
MODALITY_BITS = {m: 1 << i for i, m in enumerate(vocab.MODALITIES)}


def cache_dir() -> Path:
    """Where fitted indexes are kept: $ADVISOR_CACHE_DIR, else the user's cache."""
    if os.environ.get("ADVISOR_CACHE_DIR"):
        return Path(os.environ["ADVISOR_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "advisor"


def split_list(cell: str) -> list[str]:
    """The items of a ';'-separated cell ("vqa; captioning")."""
    return [p.strip() for p in str(cell).split(";") if p.strip()]


def bits_of(words, table: dict[str, int]) -> int:
    out = 0
    for w in words:
        out |= table.get(w, 0)
    return out


class Strings:
    """A column of strings as int32 codes into its distinct values."""

    __slots__ = ("codes", "uniques")

    def __init__(self, codes: np.ndarray, uniques: list[str]):
        self.codes = np.asarray(codes, dtype=np.int32)
        self.uniques = list(uniques)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> str:
        return self.uniques[self.codes[i]]

    def tolist(self) -> list[str]:
        u = self.uniques
        return [u[c] for c in self.codes.tolist()]

    def per_unique(self, values, dtype) -> np.ndarray:
        """Map a value computed once per distinct string back onto every row."""
        return np.asarray(values, dtype=dtype)[self.codes] if self.uniques else \
            np.empty(0, dtype=dtype)

    def take(self, rows: np.ndarray) -> Strings:
        return Strings(self.codes[rows], self.uniques)


@dataclass(frozen=True)
class FeatureSpace:
    """Unit-length float32 feature rows (and the fitted transformer, when fitted in
    this process rather than read from the cache)."""

    transformer_: object | None
    matrix_: np.ndarray       # (n, d) float32, rows scaled to unit length
    names_: tuple[str, ...]


@dataclass
class Index:
    """Everything ``advise`` reads, for ``n`` models."""

    strings: dict[str, Strings]
    num: dict[str, np.ndarray]
    open_license: np.ndarray          # int8: 1 open, 0 closed, -1 unknown
    features: np.ndarray | None = None  # (n, d) float32, unit rows
    warnings: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.open_license)

    # -- derived arrays, computed once per distinct string ---------------------------
    def memo(self, key, make):
        """``make()``, computed once per index and kept with it."""
        store = self.__dict__.setdefault("_derived", {})
        if key not in store:
            store[key] = make()
        return store[key]

    def codes_of(self, column: str, words: type[IntEnum]) -> np.ndarray:
        """int8 code of each row's word (``vocab.Commercial`` for commercial_use,
        ...); a word outside the vocabulary is its ``UNKNOWN``."""
        s = self.strings[column]
        return self.memo(("codes", column), lambda: s.per_unique(
            [words[u.upper()] if u.upper() in words.__members__ else words.UNKNOWN
             for u in s.uniques], np.int8))

    def bits(self, column: str) -> np.ndarray:
        """uint32 bitmask of each row's tasks or modalities (0 when none given);
        tasks with what they imply, with the modalities the row takes in
        (``vocab.IMPLIED_TASKS``)."""
        if column != "tasks":
            s = self.strings[column]
            return self.memo(("bits", column), lambda: s.per_unique(
                [bits_of(split_list(u), MODALITY_BITS) for u in s.uniques],
                np.uint32))

        def make():
            t, m = self.strings["tasks"], self.strings["modalities"]
            width = max(len(m.uniques), 1)
            pairs, inverse = np.unique(t.codes.astype(np.int64) * width + m.codes,
                                       return_inverse=True)
            out = []
            for key in pairs.tolist():
                stated = split_list(t.uniques[key // width])
                mods = split_list(m.uniques[key % width]) if m.uniques else []
                out.append(bits_of(stated + list(vocab.implied_tasks(stated, mods)),
                                   TASK_BITS))
            return np.asarray(out, dtype=np.uint32)[inverse.reshape(-1)] if len(t) \
                else np.empty(0, dtype=np.uint32)
        return self.memo(("bits", column), make)

    @property
    def lifecycle(self) -> np.ndarray:
        """int8 ``vocab.Lifecycle`` of each row (the status column, as the loader
        wrote it: 'superseded by X', 'retired on DATE'; blank is current)."""
        s = self.strings["status"]
        return self.memo("lifecycle", lambda: s.per_unique(
            [vocab.lifecycle(u)[0] for u in s.uniques], np.int8))

    @property
    def documented(self) -> np.ndarray:
        """Share of the key facts known for each model (float32)."""
        def make():
            known = [~np.isnan(self.num["parameter_count_low"]),
                     ~np.isnan(self.num["token_limit_low"]),
                     ~np.isnan(self.num["image_resolution_low"]),
                     self.open_license >= 0,
                     self.codes_of("commercial_use", vocab.Commercial)
                     != vocab.Commercial.UNKNOWN,
                     self.codes_of("open_weights", vocab.OpenWeights)
                     != vocab.OpenWeights.UNKNOWN]
            return np.mean(known, axis=0).astype(np.float32)
        return self.memo("documented", make)

    @property
    def name_rank(self) -> np.ndarray:
        """Each model's place in case-insensitive name order (ties break by it)."""
        def make():
            names = self.strings["name"]
            folded = np.asarray([u.casefold() for u in names.uniques])
            rank_of_unique = np.empty(len(folded), dtype=np.int64)
            rank_of_unique[np.argsort(folded, kind="stable")] = np.arange(len(folded))
            return rank_of_unique[names.codes]
        return self.memo("name_rank", make)

    def take(self, rows: np.ndarray) -> Index:
        rows = np.asarray(rows)
        return Index({c: s.take(rows) for c, s in self.strings.items()},
                     {k: v[rows] for k, v in self.num.items()},
                     self.open_license[rows],
                     None if self.features is None else self.features[rows],
                     list(self.warnings))

    # -- storage: plain arrays and UTF-8 text, never pickles ---------------------------
    def save(self, path: Path, digest: str = "") -> None:
        """Store the index at ``path`` for the catalog of content ``digest``
        (recorded, and checked when it is read back); a directory squatting on the
        path is removed first."""
        arrays: dict[str, np.ndarray] = {"open_license": self.open_license}
        meta = {"format": FORMAT, "columns": list(self.strings),
                "numbers": list(self.num), "warnings": self.warnings,
                "digest": digest}
        if path.is_dir() and not path.is_symlink():  # heal, once: it is never ours
            shutil.rmtree(path, ignore_errors=True)
        for k, v in self.num.items():
            arrays[f"num:{k}"] = v
        for c, s in self.strings.items():
            arrays[f"codes:{c}"] = s.codes
            arrays[f"text:{c}"] = np.frombuffer("\x00".join(s.uniques).encode(
                "utf-8"), dtype=np.uint8)
            meta.setdefault("counts", {})[c] = len(s.uniques)
        if self.features is not None:
            arrays["features"] = self.features
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
        path.parent.mkdir(parents=True, exist_ok=True)
        _clean_stale(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TMP_PREFIX, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **arrays)
                f.flush()
                os.fsync(f.fileno())  # on disk before it takes the name
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path, most_bytes: int, digest: str = "") -> Index | None:
        """The stored index, or None when it is missing, of another format or of
        another catalog (its recorded ``digest`` differs), not a regular file,
        larger than ``most_bytes`` (stored or unpacked), unreadable or
        inconsistent: the caller then rebuilds it."""
        try:
            info = path.stat()
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size > most_bytes:
            return None
        try:  # our own handle, closed even when numpy cannot read the file
            with open(path, "rb") as f, np.load(f, allow_pickle=False) as z:
                if sum(i.file_size for i in z.zip.infolist()) > most_bytes:
                    return None  # a compressed bomb: never unpacked
                return cls._read(z, digest)
        except Exception:  # any damage at all: the cache only saves time
            return None

    @classmethod
    def _read(cls, z, digest: str = "") -> Index | None:
        meta = json.loads(z["meta"].tobytes().decode())
        if meta.get("format") != FORMAT or meta.get("digest", "") != digest:
            return None
        open_license = z["open_license"]
        n = len(open_license)
        strings = {}
        for c in meta["columns"]:
            text = z[f"text:{c}"].tobytes().decode("utf-8")
            uniques = text.split("\x00") if meta["counts"][c] else []
            codes = z[f"codes:{c}"]
            if len(codes) != n or (n and (codes.min() < 0 or codes.max() >=
                                          len(uniques))):
                return None
            strings[c] = Strings(codes, uniques)
        num = {k: z[f"num:{k}"] for k in meta["numbers"]}
        features = z["features"] if "features" in z.files else None
        if any(len(v) != n or v.dtype != np.float64 for v in num.values()) or (
                features is not None and (features.ndim != 2 or len(features) != n
                                          or not np.isfinite(features).all())):
            return None
        if not set(NUMBERS) <= set(num) or "name" not in strings:
            return None
        return cls(strings, num, open_license, features,
                   list(meta.get("warnings", [])))


TMP_PREFIX = "index-"
STALE_SECONDS = 600


def _clean_stale(folder: Path) -> None:
    """Remove temporary files of our own naming that a killed save left behind."""
    import time  # only when a cache is written
    now = time.time()
    for tmp in folder.glob(f"{TMP_PREFIX}*.tmp"):
        try:
            if tmp.is_file() and now - tmp.stat().st_mtime > STALE_SECONDS:
                tmp.unlink()
        except OSError:
            pass
