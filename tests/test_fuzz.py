"""Property-based tests over the public API (hypothesis). `make test` runs them with a
fixed seed and a bounded example count; `make fuzz` with HYPOTHESIS_PROFILE=fuzz."""

import csv
import math
import re
import time

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from advisor import AdvisorError, Range, advise, glossary, load_catalog
from advisor.catalog import COLUMNS, NUMERIC_COLUMNS
from advisor.parsing import (
    UNKNOWN_WORDS,
    ParseError,
    format_range,
    parse_count,
    parse_license,
    parse_resolution,
)
from advisor.requirements import SCHEMA
from advisor.vocab import canonical_task

KEYS = [s.key for s in SCHEMA]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
                    st.sampled_from(["2k", "336px", "7B", "vqa", "clip", "fp16", "24",
                                     "image", "Dual Encoder", "true", "0", "-5"]))
values = st.one_of(scalars, st.lists(scalars, max_size=3),
                   st.dictionaries(st.sampled_from(KEYS + ["similarity", "x"]), scalars,
                                   max_size=3))
requirement_dicts = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(max_size=12)), values, max_size=5)


@given(reqs=requirement_dicts)
def test_any_requirements_give_advice_or_an_advisor_error(catalog, reqs):
    try:
        advice = advise(reqs, catalog=catalog)
    except AdvisorError as e:
        assert str(e)
        return
    assert [r.rank for r in advice] == list(range(1, len(advice) + 1))
    assert all(0.0 <= r.score <= 1.0 and not math.isnan(r.score) for r in advice)
    for name in list(advice.rejected)[:3]:
        assert advice.why_not(name).startswith(name)


SEED_CELLS = {
    "parameter_count": ["~250M–500M", "~1.2B", "500M+", "Not disclosed", "7B"],
    "token_limit": ["512", "512–1024", "~128k", "77"],
    "image_resolution": ["224×224", "224×224+", "224–336px", "Variable"],
    "license": ["Salesforce (open)", "Google (closed)"],
    "tasks": ["vqa; captioning", ""], "modalities": ["image; text", ""],
    "commercial_use": ["yes", "no", "restricted", ""],
    "open_weights": ["yes", "no", ""],
}
odd_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789.,-–~+kKmMbBxX× px", max_size=15),
    st.sampled_from(["", " ", "—", "-", "?", "||", "\"", "'", ";", "\r", "\n\n",
                     "1,2", "1.2.3", "٣", "Ⅻ", "１２３", "1e9", "  7B  ", "x" * 500]))


def cell(column):
    realistic = SEED_CELLS.get(column, ["VLM", "Dual Encoder", "Cross-Entropy", "x"])
    return st.one_of(st.sampled_from(realistic), odd_text)


rows = st.lists(st.fixed_dictionaries({c: cell(c) for c in COLUMNS}), min_size=1,
                max_size=4)
ROW_COLUMN = re.compile(r"rows? \d+.*column '\w+'|line \d+ contains a NUL byte")


def _unknown_spelling(text: str, column: str) -> bool:
    s = re.sub(r"\s+", "", text.strip().casefold())
    if column == "image_resolution":
        s = re.sub(r"pixels?|px", "", s)
    return text.strip().casefold() in UNKNOWN_WORDS or s in UNKNOWN_WORDS


@given(data=rows)
def test_any_catalog_loads_or_names_row_and_column(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "cat.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(COLUMNS))
        w.writeheader()
        w.writerows(data)
    try:
        cat = load_catalog(path)
    except AdvisorError as e:
        note(str(e))
        assert ROW_COLUMN.search(str(e)), str(e)
        return
    for m in cat:
        for column in NUMERIC_COLUMNS:
            r = getattr(m, column)
            if r.low is None and r.high is None:  # never a silent NaN
                assert _unknown_spelling(m.raw[column], column), (column, m.raw[column])


counts = st.one_of(st.integers(0, 10**14),
                   st.decimals(min_value=0, max_value=10**6, places=3,
                               allow_nan=False).map(float))


@given(low=counts, span=st.one_of(st.none(), st.just(0), counts), open_=st.booleans())
def test_count_round_trip(low, span, open_):
    high = None if open_ else low + (span or 0)
    if high is not None and isinstance(high, float) and not float(high).is_integer() \
            and len(repr(high)) > 12:
        high = low
    r = Range(low if low == int(low) else low, high)
    assert parse_count(format_range(r)) == r


@given(low=st.integers(1, 10**5), span=st.integers(0, 10**4), open_=st.booleans())
def test_resolution_round_trip(low, span, open_):
    r = Range(low, None if open_ else low + span)
    assert parse_resolution(format_range(r, "resolution")) == r


THRESHOLDS = {"min_image_resolution": [224, 256, 336, 384, 448, 896, 1344],
              "min_token_limit": [64, 512, 2048, 8192, 32_000, 128_000, 10**6],
              "max_params": [1e8, 3e8, 1e9, 4e9, 8e9, 2e10, 1e11],
              "gpu_memory_gb": [1, 4, 8, 16, 24, 48, 80]}


@given(key=st.sampled_from(sorted(THRESHOLDS)), data=st.data(),
       base=st.fixed_dictionaries({}, optional={"open_license": st.booleans(),
                                                "tasks": st.just(["vqa"])}))
def test_loosening_a_threshold_never_shrinks_the_fully_met_set(catalog, key, data,
                                                              base):
    a, b = sorted(data.draw(st.lists(st.sampled_from(THRESHOLDS[key]), min_size=2,
                                     max_size=2, unique=True)))
    tight, loose = (b, a) if key.startswith("min_") else (a, b)
    tight_set = set(advise({**base, key: tight}, catalog=catalog).fully_met)
    loose_set = set(advise({**base, key: loose}, catalog=catalog).fully_met)
    assert tight_set <= loose_set


ADVERSARIAL = ["1" * 100_000, "1-" * 50_000, " " * 99_999 + "x", "~" * 100_000,
               "1" + " " * 50_000 + "k" * 49_999, "(" * 100_000, "224x" * 25_000,
               "open " * 20_000 + "(open", "a;" * 50_000]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:8]))
def test_huge_adversarial_cell_is_refused_at_once(text, tmp_path):
    start = time.perf_counter()
    for parse in (parse_count, parse_resolution, parse_license):
        try:
            parse(text)
        except ParseError:
            pass
    glossary.lookup(text)
    with pytest.raises(AdvisorError):
        canonical_task(text)
    path = tmp_path / "big.csv"
    path.write_text("name,model_type,architecture,training_objective,loss_function,"
                    f"parameter_count,token_limit,image_resolution,license\nA,VLM,"
                    f"Dual Encoder,x,x,\"{text}\",77,224,X (open)\n", encoding="utf-8")
    with pytest.raises(AdvisorError, match=r"row 1 \('A'\), column 'parameter_count'"):
        load_catalog(path)
    assert time.perf_counter() - start < 1.0  # catastrophic backtracking takes minutes
