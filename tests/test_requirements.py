"""requirements: the registry is the one declaration every stage reads."""

import pytest

from advisor import AdvisorError, Requirements
from advisor.cli.flags import flag, requirement_options
from advisor.cli.wizard import questions
from advisor.requirements import (
    CRITIQUES,
    HARD_KEYS,
    NUMERIC_KEYS,
    SCHEMA,
    SPECS,
    critique,
)


def test_defaults_come_from_the_schema():
    req = Requirements()
    for spec in SCHEMA:
        assert getattr(req, spec.key) == spec.default, spec.key
    assert Requirements.from_dict({}).to_dict() == {}
    assert set(Requirements.from_dict({}).to_dict(all_keys=True)) == set(SPECS)


def test_derived_key_lists():
    assert NUMERIC_KEYS == ("min_image_resolution", "min_token_limit", "min_params",
                            "max_params", "gpu_memory_gb", "max_price",
                            "max_cost_per_image")
    assert "exclude" in HARD_KEYS and "similar_to" not in HARD_KEYS
    assert CRITIQUES == {"higher-resolution": "min_image_resolution",
                         "longer-context": "min_token_limit", "smaller": "max_params",
                         "open": "open_license", "commercial": "commercial_use"}


def test_flags_and_questions_come_from_the_specs(catalog):
    assert flag("tasks") == "--task" and flag("model_types") == "--model-type"
    assert flag("min_params") == "--min-params"
    asked = {q["name"]: q["message"] for q in questions(catalog)}
    assert asked["min_params"] == SPECS["min_params"].question
    assert "prefer" not in asked and "weights" not in asked

    def command():
        pass
    names = {p.name for p in requirement_options(command).__click_params__}
    assert {s.key for s in SCHEMA} <= names


def test_validation_messages_name_the_key():
    with pytest.raises(AdvisorError, match=r"min_params: cannot read 'lots' as a "
                                           r"parameter count"):
        Requirements.from_dict({"min_params": "lots"})
    # the same words for the API's -5 and the command line's '-5'
    for value in (-5, "-5", " -5 "):
        with pytest.raises(AdvisorError, match=r"^max_params == -5, must be > 0$"):
            Requirements.from_dict({"max_params": value})
    with pytest.raises(AdvisorError, match=r"^gpu_memory_gb == 0, must be > 0$"):
        Requirements.from_dict({"gpu_memory_gb": "0"})
    for value in (-1, "-1"):
        with pytest.raises(AdvisorError, match=r"^max_price == -1, must be a price of "
                                               r"0 or more$"):
            Requirements.from_dict({"max_price": value})
    assert Requirements.from_dict({"max_price": "$1.25"}).max_price == 1.25
    with pytest.raises(AdvisorError, match=r"unknown requirement key 'max_param'; "
                                           r"did you mean 'max_params'"):
        Requirements.from_dict({"max_param": 5})


def test_precision_needs_gpu_memory_and_a_string_is_one_task():
    with pytest.raises(AdvisorError, match=r"^precision: 'int4' is given without "
                                           r"gpu_memory_gb; .* or leave precision "
                                           r"out$"):
        Requirements.from_dict({"precision": "int4"})
    assert Requirements.from_dict({"precision": "int4", "gpu_memory_gb": 24}
                                  ).precision == "int4"
    assert Requirements.from_dict({"precision": "fp16"}).precision == "fp16"
    assert Requirements.from_dict({"tasks": "vqa"}).tasks == ("vqa",)


def test_critique_moves_the_key_of_its_direction(seed):
    req = Requirements.from_dict({"min_token_limit": 512}, seed)
    longer = critique(req, seed, "Kosmos-2", "longer-context")   # 2048 tokens
    assert longer.min_token_limit == 2049 and longer.similar_to == "Kosmos-2"
    smaller = critique(req, seed, "BLIP", "smaller")             # ~250M–500M
    assert smaller.max_params == 250e6 - 1
    assert critique(req, seed, "BLIP", "commercial").commercial_use is True
    with pytest.raises(AdvisorError, match=r"critique: GPT-4o's image_resolution is "
                                           r"unknown \('Variable'\)"):
        critique(req, seed, "GPT-4o", "higher-resolution")


# -- every number bounded (issue 26, item 7) -------------------------------------------
BOUNDED = [s for s in SCHEMA if s.most is not None]


def test_every_numeric_key_declares_its_most():
    numeric = {"resolution", "tokens", "params", "gb", "int", "count", "price"}
    assert {s.key for s in SCHEMA if s.kind in numeric} == {s.key for s in BOUNDED}


@pytest.mark.parametrize("spec", BOUNDED, ids=lambda s: s.key)
@pytest.mark.parametrize("value", [10**400, "1" + "0" * 400, 1e15, "1e15"])
def test_a_number_past_its_most_is_refused_by_name(spec, value):
    from advisor import AdvisorError
    from advisor.requirements import validate
    if spec.kind in ("int", "count", "params") and value in (1e15, "1e15"):
        value = 10**15  # these read whole numbers (and 'params' its own forms)
    with pytest.raises(AdvisorError, match=rf"^{spec.key}[: ]"):
        validate(spec.key, value)


def test_the_cli_examples_of_the_issue_are_one_error_line(capsys):
    from advisor.cli import main
    for args in (["--batch", "1000000000000000000"],
                 ["--gpu-memory-gb", "1e308", "--image-size", "1024x1024",
                  "--attention", "eager"],
                 ["--context-tokens", "100000000000000"]):
        with pytest.raises(SystemExit) as e:
            main(["fit", "qwen2.5-vl-7b", "--gpu-memory-gb", "24", *args])
        assert e.value.code == 2
        err = capsys.readouterr().err
        assert "must be at most" in err and "internal error" not in err


def test_task_words_people_type_resolve_to_the_task():
    # benchmark names and plain words (issue 27): what the person means, not a
    # 'did you mean' to a neighbour
    from advisor.vocab import canonical_task
    assert {w: canonical_task(w) for w in (
        "DocVQA", "video", "Video-MME", "charts", "ScreenSpot", "computer use",
        "PDF to markdown", "MuirBench", "MTVQA", "RefCOCO")} == {
        "DocVQA": "ocr", "video": "video-qa", "Video-MME": "video-qa",
        "charts": "chart-qa", "ScreenSpot": "gui-agent", "computer use": "gui-agent",
        "PDF to markdown": "document-parsing", "MuirBench": "multi-image",
        "MTVQA": "multilingual-ocr", "RefCOCO": "grounding"}


def test_an_image_size_prices_an_image_without_a_gpu():
    # image_size sizes the GPU memory check and, for max_cost_per_image and
    # rank_by cost, the image priced: either lets it stand without gpu_memory_gb
    assert Requirements.from_dict({"image_size": "512x512", "rank_by": "cost"}
                                  ).image_size == (512, 512)
    assert Requirements.from_dict({"image_size": "512x512",
                                   "max_cost_per_image": 0.01}).image_size
    with pytest.raises(AdvisorError, match="image_size: '512x512' is given without "
                                           "gpu_memory_gb"):
        Requirements.from_dict({"image_size": "512x512"})
