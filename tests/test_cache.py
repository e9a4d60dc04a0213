"""The fitted index is cached by content hash: a warm query imports neither pandas
nor scikit-learn, and a changed catalog is indexed anew (not timed: make bench)."""

import io
import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from conftest import model_row

from advisor import load_catalog
from advisor.columns import COLUMNS
from advisor.errors import AdvisorWarning
from advisor.index import cache_dir


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(folder))
    return folder


def run(code: str, cache_folder) -> list[str]:
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(cache_folder)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout
    return out.strip().splitlines()


QUERY = """
import contextlib, io, sys, json
from advisor.cli import main
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    try:
        main(["recommend", "--open-license", "--min-token-limit", "2k",
              "--similar-to", "llava", "--format", "json"])
    except SystemExit:
        pass
names = [r["name"] for r in json.loads(buf.getvalue())["recommendations"]]
print(json.dumps(names))
print(sorted(m for m in ("pandas", "sklearn", "scipy") if m in sys.modules))
"""


def test_warm_query_needs_numpy_only(cache, catalog):
    cold = run(QUERY, cache)
    assert cold[1] != "[]"                      # the first run fits (scikit-learn)
    assert len(list(cache.glob("index-*.npz"))) == 1
    warm = run(QUERY, cache)
    assert warm[1] == "[]"
    assert warm[0] == cold[0]                   # same answer from the cache
    from advisor import advise
    assert json.loads(warm[0]) == advise({"open_license": True, "min_token_limit": 2000,
                                          "similar_to": "llava"}, catalog=catalog).names


def test_cached_index_equals_a_fresh_one(cache, catalog):
    first = load_catalog(cache=True)
    assert first.features_.matrix_.shape[0] == len(first)
    again = load_catalog(cache=True)
    assert again.index.features is not None
    assert np.array_equal(again.index.features, first.index.features)
    for key in first.index.num:
        assert np.array_equal(again.index.num[key], catalog.index.num[key],
                              equal_nan=True)
    assert again.names == catalog.names
    assert again["clip"] == catalog["clip"]


def test_a_changed_catalog_is_indexed_anew(cache, write_csv):
    path = write_csv([model_row(name="A"), model_row(name="B")])
    assert load_catalog(path, cache=True).names == ["A", "B"]
    path.write_text(path.read_text().replace("\nB,", "\nC,"))
    assert load_catalog(path, cache=True).names == ["A", "C"]
    assert len(list(cache.glob("index-*.npz"))) == 2


def test_a_broken_cache_file_is_rebuilt(cache, write_csv):
    path = write_csv([model_row(name="A")])
    load_catalog(path, cache=True)
    (stored,) = cache.glob("index-*.npz")
    stored.write_bytes(b"not an npz file")
    with pytest.warns(AdvisorWarning, match=r"cache index-\w+\.npz: unreadable, "
                                            r"inconsistent or too large; rebuilt"):
        assert load_catalog(path, cache=True).names == ["A"]
    assert load_catalog(path, cache=True).names == ["A"]  # healed: no warning


@pytest.mark.parametrize("damage", ["empty", "truncated", "tampered codes",
                                    "bomb", "fifo", "directory"])
def test_any_damaged_cache_entry_is_rebuilt(cache, write_csv, damage):
    # issue 17, finding 2: each of these once broke every command on the catalog
    import os
    import zipfile

    import numpy as np
    path = write_csv([model_row(name="A"), model_row(name="B")])
    load_catalog(path, cache=True)
    (stored,) = cache.glob("index-*.npz")
    good = stored.read_bytes()
    stored.unlink()
    if damage == "empty":
        stored.write_bytes(b"")
    elif damage == "truncated":
        stored.write_bytes(good[: len(good) // 2])
    elif damage == "tampered codes":
        with np.load(io.BytesIO(good)) as z:
            arrays = {k: z[k] for k in z.files}
        arrays["codes:name"] = np.asarray([0, 99], np.int32)  # beyond its strings
        np.savez(stored, **arrays)
    elif damage == "bomb":  # 200 MB of zeros that pack to a few hundred kB
        with zipfile.ZipFile(stored, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("meta.npy", b"\0" * 200_000_000)
    elif damage == "fifo":
        os.mkfifo(stored)
    else:
        stored.mkdir()
    with pytest.warns(AdvisorWarning, match="rebuilt"):
        assert load_catalog(path, cache=True).names == ["A", "B"]


def test_an_entry_knows_its_catalog_and_a_squatting_directory_is_healed(
        cache, write_csv):
    # issue 30, finding 6: a.csv's index copied over b.csv's key was taken as b's;
    # a directory at an entry's path was rebuilt on every run and never healed
    import shutil
    a = write_csv([model_row(name="A")], name="a.csv")
    b = write_csv([model_row(name="B")], name="b.csv")
    load_catalog(a, cache=True)
    (entry_a,) = cache.glob("index-*.npz")
    load_catalog(b, cache=True)
    (entry_b,) = set(cache.glob("index-*.npz")) - {entry_a}
    shutil.copyfile(entry_a, entry_b)
    with pytest.warns(AdvisorWarning, match="rebuilt"):
        assert load_catalog(b, cache=True).names == ["B"]
    entry_b.unlink()
    entry_b.mkdir()
    (entry_b / "x").write_text("x")
    with pytest.warns(AdvisorWarning, match="rebuilt"):
        assert load_catalog(b, cache=True).names == ["B"]
    assert entry_b.is_file()      # healed: the next run reads it without a warning
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error", AdvisorWarning)
        assert load_catalog(b, cache=True).names == ["B"]


def test_stale_temporary_files_are_cleaned(cache, write_csv):
    # issue 17, finding 10: a save killed midway leaves index-*.tmp behind
    import os
    import time
    path = write_csv([model_row(name="A")])
    cache.mkdir(parents=True, exist_ok=True)
    stale = cache / "index-leftover.tmp"
    stale.write_bytes(b"x" * 100)
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = cache / "index-writing.tmp"
    fresh.write_bytes(b"y")
    load_catalog(path, cache=True)
    assert not stale.exists() and fresh.exists()


def test_warnings_survive_the_cache(cache, write_csv):
    from advisor.errors import AdvisorWarning
    path = write_csv([{**model_row(name="A"), "stars": "5"}],
                     columns=[*model_row().keys(), "stars"])
    for _ in range(2):
        with pytest.warns(AdvisorWarning, match="'stars'"):
            load_catalog(path, cache=True)


def test_cache_dir_follows_the_environment(cache):
    assert cache_dir() == cache


def test_progress_only_for_large_files_on_a_terminal(monkeypatch):
    from advisor.cli.progress import Indexing
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    assert not Indexing(10**9, 4).on
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert Indexing(10**9, 4).on
    assert not Indexing(1000, 4).on
    steps = []
    with Indexing(1000, 2) as step:  # off: the step function does nothing
        step("reading")
        steps.append("ok")
    assert steps == ["ok"]


def test_benchmark_catalogs_use_the_seed_formats(tmp_path):
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import ensure, make, stamp
    a, b = make(500), make(500)
    assert a.equals(b)                                   # a fixed seed
    # a file of an older generator (other columns) is never read in its place
    stale = [tmp_path / "catalog-500.csv", tmp_path / "catalog-500-0badf00d.csv"]
    for old in stale + [tmp_path / "catalog-500-diverse-0badf00d.csv"]:
        old.write_text("name\nstale\n")
    path = ensure(500, tmp_path)
    assert path.name == f"catalog-500-{stamp()}.csv"
    assert not any(old.exists() for old in stale)
    assert (tmp_path / "catalog-500-diverse-0badf00d.csv").exists()  # another kind
    assert list(pd.read_csv(path, nrows=0).columns) == list(COLUMNS)
    cat = load_catalog(path)                            # every string parses
    assert len(cat) == 500
    params = set(a["parameter_count"])
    assert any("–" in p for p in params) and any(p.endswith("+") for p in params)
    assert any(p.startswith("~") for p in params) and "Not disclosed" in params
    assert any(not m.parameter_count.known for m in cat)
    assert ensure(500, tmp_path).stat().st_mtime == path.stat().st_mtime  # once
