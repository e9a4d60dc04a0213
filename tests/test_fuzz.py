"""Property-based tests over the public API (hypothesis). `make test` runs them with a
fixed seed and a bounded example count; `make fuzz` with HYPOTHESIS_PROFILE=fuzz."""

import csv
import io
import math
import re
import time
from functools import partial

import pytest
from hypothesis import event, given, note, settings
from hypothesis import strategies as st

from advisor import AdvisorError, Range, advise, glossary, load_catalog
from advisor.columns import COLUMNS
from advisor.columns import NUMERIC as NUMERIC_COLUMNS
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
junk = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                 st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
                 st.lists(st.text(max_size=8), max_size=3),
                 st.dictionaries(st.text(max_size=8), st.integers(), max_size=2))
words = st.sampled_from
VALID = {  # values a person would type, in every accepted spelling
    "open_license": st.one_of(st.booleans(), words(["true", "no", "1"])),
    "commercial_use": st.booleans(), "open_weights": st.booleans(),
    "api_only": st.booleans(),
    "image_size": words(["1024x768", "2048x2048", "448", "336×336"]),
    "images": st.integers(1, 8), "context_tokens": words(["4k", "32k", "128k", "2048"]),
    "batch": st.integers(1, 16), "attention": words(["flash", "eager", " Eager"]),
    "max_price": st.one_of(st.floats(0, 100), words(["2", "$1.25", "0"])),
    "max_cost_per_image": st.one_of(st.floats(0, 1), words(["0.002", "$0.01", "0"])),
    "reasoning": words(["any", "direct", "Thinking"]),
    "strict": st.booleans(), "include_retired": st.booleans(),
    "min_image_resolution": st.one_of(st.integers(1, 2000),
                                      words(["336px", "224x224", "448", "1344 px"])),
    "min_token_limit": st.one_of(st.integers(1, 2_000_000),
                                 words(["2k", "32K", "128k", "1M", "1,048,576"])),
    "max_params": st.one_of(st.floats(1e6, 1e12), words(["200M", "7B", "~4B", "1.5b"])),
    "min_params": st.one_of(st.floats(1e6, 1e12), words(["1B", "7B", "70b"])),
    "gpu_memory_gb": st.one_of(st.floats(0.5, 200), words(["24", "80GB", "16 GiB"])),
    "precision": words(["fp32", "fp16", "bf16", "int8", "int4", "half", "4-bit"]),
    "tasks": st.lists(words(["vqa", "captioning", "zero-shot classification", "OCR",
                             "image-text retrieval", "chat", "grounding"]), max_size=3),
    "modalities": st.lists(words(["image", "text", "audio", "video", "speech"]),
                           max_size=2),
    "model_types": st.lists(words(["VLM", "LMM", "Multimodal",
                                   "vision-language model"]), max_size=2),
    "architectures": st.lists(words(["Dual Encoder", "Unified Transformer",
                                     "Vision-Language Bridge", "bridge"]), max_size=2),
    "exclude": st.lists(words(["clip", "GPT-4o", "llava", "smolvlm"]), max_size=2),
    "similar_to": words(["clip", "siglip", "qwen2.5-vl-7b", "gemini 2.5 pro"]),
    "prefer": st.fixed_dictionaries({}, optional={"commercial_use": st.booleans(),
                                                  "min_token_limit": words(["8k"])}),
    "weights": st.fixed_dictionaries({}, optional={"similarity": st.floats(0, 10),
                                                   "margin": st.floats(0, 10)}),
    "top_k": st.integers(1, 50),
    "rank_by": words(["capability", "size", "Context", "resolution", "recency"]),
}
# mostly what people type, with junk in about one value in ten and a stray key in
# about one dict in five, so that both answers and refusals are exercised
requirement_dicts = st.builds(
    lambda known, unknown: {**known, **unknown},
    st.lists(st.sampled_from(KEYS), max_size=5, unique=True).flatmap(
        lambda keys: st.fixed_dictionaries({k: st.one_of(*[VALID[k]] * 9, junk)
                                            for k in keys})),
    st.one_of(*[st.just({})] * 4, st.dictionaries(st.text(max_size=12), junk,
                                                  min_size=1, max_size=1)))


@given(reqs=requirement_dicts)
def test_any_requirements_give_advice_or_an_advisor_error(catalog, reqs):
    try:
        advice = advise(reqs, catalog=catalog)
    except AdvisorError as e:
        assert str(e)
        event("refused with an AdvisorError")
        return
    event("answered with an Advice")
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


def realistic(column):
    return st.sampled_from(SEED_CELLS.get(column, ["VLM", "Dual Encoder",
                                                   "Cross-Entropy", "x"]))


@st.composite
def catalog_row(draw, index):
    """A realistic row with none, one or a few cells replaced by odd strings."""
    row = {c: draw(realistic(c)) for c in COLUMNS}
    row["name"] = f"model {index}"
    for column in draw(st.lists(st.sampled_from(COLUMNS), max_size=3, unique=True)):
        row[column] = draw(odd_text)
    return row


rows = st.integers(1, 4).flatmap(
    lambda n: st.tuples(*(catalog_row(i) for i in range(n))).map(list))
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
        column = re.search(r"column '(\w+)'", str(e))
        event(f"refused, naming column {column.group(1)}" if column
              else "refused, naming the line of a NUL byte")
        return
    event("loaded")
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


PATHS = st.one_of(st.text(max_size=40), st.sampled_from(
    [".", "/", "/dev/zero", "/dev/null", "/proc/self/mem", "x" * 5000, "a\x00b",
     "/etc/passwd/x", "~", ""]))


@given(path=PATHS)
def test_any_path_loads_or_is_one_advisor_error(path):
    # issue 17: path-like inputs never raise anything but an AdvisorError
    try:
        load_catalog(path)
    except AdvisorError as e:
        assert str(e)
        event("refused with an AdvisorError")
    else:
        event("loaded")


CONTROLS = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x9f),
                   min_size=1, max_size=12)


@given(text=CONTROLS)
def test_control_characters_never_print_raw(tmp_path_factory, text):
    # issue 17: whatever a cell holds, no control character reaches the output
    import contextlib
    import csv as _csv

    from advisor.cli import main
    from advisor.errors import CONTROL
    folder = tmp_path_factory.mktemp("ctl")
    path = folder / "c.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = _csv.DictWriter(f, fieldnames=list(COLUMNS))
        w.writeheader()
        w.writerow({c: "" for c in COLUMNS} | {
            "name": "A", "model_type": "VLM", "architecture": "Dual Encoder" + text,
            "training_objective": "Contrastive", "loss_function": "InfoNCE",
            "parameter_count": "1B", "token_limit": "77",
            "image_resolution": "224", "license": "MIT (open)", "caveats": text})
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(["explain", "A", "--catalog", str(path), "--format", "markdown"])
    assert not CONTROL.search(out.getvalue())


# pieces of catalog text: glossary names and the rule's words, the characters that
# bound a name, newlines and carriage returns (a quoted cell may hold them), case
# changes and text whose casefold changes its length
SCAN_PIECES = st.sampled_from(
    [e.term for e in glossary.entries()] + ["CE", "ce", "InfoNCE", "sigmoid",
     "caption", "Instruction", "vqa", "ICE", "-", " ", "+", "\n", "\r", "\n\n", "ß",
     "İ", "x", "(", ")", ";", "_", "ﬁ", "Dual Encoder", "\u00a0", "\t",
     "CROSS-MODAL EMBEDDING", "dual encoder", "é", "😀", "Ł", "\u0301"])
scan_texts = st.lists(st.lists(SCAN_PIECES, max_size=6).map("".join), max_size=12)


@given(texts=scan_texts)
def test_bulk_scans_agree_with_one_by_one(texts):
    # glossary.lookup_many and the task rule's column_bits scan all texts joined by
    # newlines at once; each text's answer must be its own one-by-one answer
    from advisor.vocab import ENCODERS, ENCODERS_ONLY, RULE_WORDS, column_bits
    for category in (None, "Training Objective", "Loss Function"):
        assert [list(f) for f in glossary.lookup_many(texts, category)] == [
            glossary.lookup(t, category) for t in texts]
    for column in ("loss_function", "training_objective", "architecture"):
        assert column_bits(column, texts).tolist() == [
            int(column_bits(column, [t])[0]) for t in texts]
    # one scan of a column's words finds what a search for each word finds
    for column, words in RULE_WORDS.items():
        assert column_bits(column, texts).tolist() == [
            sum(bit for bit, p in words if re.search(p, t.casefold())) for t in texts]
    # architecture: the whole value, casefolded and stripped, names encoders only
    assert column_bits("architecture", texts).tolist() == [
        ENCODERS if t.casefold().strip() in ENCODERS_ONLY else 0 for t in texts]


# issue 30: every public entry point of `advisor.__all__`, called with hostile
# arguments in each of its slots, answers or raises an AdvisorError, nothing else
hostile = st.one_of(junk, st.integers(), st.binary(max_size=8), st.just(object()),
                    st.text(alphabet=st.characters(max_codepoint=0x20ff), max_size=30),
                    st.sampled_from(["a\x00b", "x" * 5000, "/dev/zero", ".", "",
                                     "9" * 5000, "1e400", "nan", "-inf"]))


def _fit(*args, **kwargs):
    from advisor import fit
    return fit(*args, **kwargs)


def _advise_key(key, c, a, x):
    return advise({}, catalog=c, **{key: x})


def _fit_key(key, c, a, x):
    return _fit("qwen2.5-vl-7b", 24, catalog=c, **{key: x})


def _explore(*args, **kwargs):
    from advisor import explore
    return explore(*args, **kwargs)


def _explore_key(key, c, a, x):
    return _explore(c, **{key: x})


def _from_dict(x):
    from advisor import Requirements
    return Requirements.from_dict(x)


# (catalog, its advice for {}, the hostile value) -> a call of one public slot
PUBLIC_CALLS = {
    "advise(requirements)": lambda c, a, x: advise(x, catalog=c),
    "advise(catalog=)": lambda c, a, x: advise({}, catalog=x),
    "advise(evidence=)": lambda c, a, x: advise({}, catalog=c, evidence=x),
    "fit(model)": lambda c, a, x: _fit(x, 24, catalog=c),
    "fit(gpu_memory_gb)": lambda c, a, x: _fit("qwen2.5-vl-7b", x, catalog=c),
    "fit(catalog=)": lambda c, a, x: _fit("qwen2.5-vl-7b", 24, catalog=x),
    "load_catalog(path)": lambda c, a, x: load_catalog(x),
    "load_catalog(facts=)": lambda c, a, x: load_catalog(None, facts=x),
    "load_catalog(origin=)": lambda c, a, x: load_catalog(None, origin=x),
    "Requirements.from_dict": lambda c, a, x: _from_dict(x),
    "Catalog[...]": lambda c, a, x: c[x],
    "Catalog.values": lambda c, a, x: c.values(x),
    "Catalog.info": lambda c, a, x: c.info(x),
    "Catalog.resolve": lambda c, a, x: c.resolve(x),
    "Catalog.position": lambda c, a, x: c.position(x),
    "Advice.why_not": lambda c, a, x: a.why_not(x),
    "Advice.critique(name)": lambda c, a, x: a.critique(x, "smaller"),
    "Advice.critique(direction)": lambda c, a, x: a.critique("clip", x),
    "glossary.lookup": lambda c, a, x: glossary.lookup(x),
    "glossary.lookup_many": lambda c, a, x: glossary.lookup_many(x),
    "glossary.get": lambda c, a, x: glossary.get(x),
    "glossary.category": lambda c, a, x: glossary.category(x),
    "explore(catalog)": lambda c, a, x: _explore(x),
    **{f"explore({key}=)": partial(_explore_key, key) for key in KEYS},
    **{f"advise({key}=)": partial(_advise_key, key) for key in KEYS},
    **{f"fit({key}=)": partial(_fit_key, key)
       for key in ("precision", "image_size", "images", "context_tokens", "batch",
                   "attention")},
}


def test_the_fuzzed_calls_cover_every_public_callable():
    # a name added to advisor.__all__ must join PUBLIC_CALLS (the data classes and
    # the error class are results, not entry points)
    import inspect

    import advisor
    results = {"AdvisorError", "Advice", "Recommendation", "Check", "Relaxation",
               "ModelInfo", "Range", "__version__"}
    labels = " ".join(PUBLIC_CALLS)
    for name in set(advisor.__all__) - results:
        assert name in labels, name
    for name in glossary.__all__:
        if inspect.isfunction(getattr(glossary, name)) and name != "entries":
            assert f"glossary.{name}" in labels or name == "label_codes", name


@pytest.fixture(scope="module")
def plain_advice(catalog):
    return advise({}, catalog=catalog)


@pytest.mark.parametrize("label", sorted(PUBLIC_CALLS))
@settings(max_examples=12)
@given(value=hostile)
def test_every_public_call_answers_or_raises_an_advisor_error(catalog, plain_advice,
                                                              label, value):
    note(f"{label} with {value!r:.200}")
    try:
        PUBLIC_CALLS[label](catalog, plain_advice, value)
    except AdvisorError as e:
        assert str(e)
        event("refused with an AdvisorError")
    else:
        event("answered")
