"""Parsing the strings people type into Ranges (the seed table:
tests/fixtures/shared/seed/vlm_models.md)."""

import time

import pytest

from advisor.parsing import (
    ParseError,
    Range,
    format_count,
    format_range,
    parse_count,
    parse_license,
    parse_resolution,
)


@pytest.mark.parametrize("text, expected", [
    # the seed's own spellings
    ("~250M–500M", Range(250_000_000, 500_000_000)),     # BLIP
    ("~1.2B", Range(1_200_000_000, 1_200_000_000)),      # BLIP-2
    ("~125M", Range(125_000_000, 125_000_000)),          # CLIP
    ("770M", Range(770_000_000, 770_000_000)),           # Gemini
    ("Not disclosed", Range(None, None)),                # GPT-4o
    ("~500M+", Range(500_000_000, None)),                # ImageBind
    ("~1.6B–2B", Range(1_600_000_000, 2_000_000_000)),   # Kosmos-2
    ("~13B", Range(13_000_000_000, 13_000_000_000)),     # LLaVA (13B)
    ("Experimental", Range(None, None)),                 # SEED
    ("512–1024", Range(512, 1024)),                      # BLIP-2 tokens
    ("~128k", Range(128_000, 128_000)),                  # Gemini tokens
    ("128–256", Range(128, 256)),                        # SigLIP tokens
    ("77", Range(77, 77)),                               # CLIP tokens
    # variants people type
    ("250M-500M", Range(250_000_000, 500_000_000)),
    ("250M to 500M", Range(250_000_000, 500_000_000)),
    ("250 - 500M", Range(250_000_000, 500_000_000)),     # unit written once
    ("250m—500m", Range(250_000_000, 500_000_000)),
    ("1.2b", Range(1_200_000_000, 1_200_000_000)),
    ("128K", Range(128_000, 128_000)),
    ("2k", Range(2000, 2000)),
    (" 2048 ", Range(2048, 2048)),
    ("1,048,576", Range(1_048_576, 1_048_576)),
    ("1M", Range(1_000_000, 1_000_000)),
    ("500M+", Range(500_000_000, None)),
    ("", Range(None, None)),
    ("unknown", Range(None, None)),
], ids=repr)
def test_parse_count(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("224×224", Range(224, 224)),        # BLIP, CLIP, GIT, ImageBind, SEED
    ("224×224+", Range(224, None)),      # BLIP-2, Kosmos-2
    ("Variable", Range(None, None)),     # Gemini, GPT-4o
    ("336×336", Range(336, 336)),        # LLaVA (13B)
    ("224–336px", Range(224, 336)),      # MiniGPT-4
    ("224–384px", Range(224, 384)),      # SigLIP
    ("224x224", Range(224, 224)),
    ("224 X 224", Range(224, 224)),
    ("336", Range(336, 336)),
    ("336px", Range(336, 336)),
    ("336 pixels", Range(336, 336)),
    ("224-336", Range(224, 336)),
    ("224 to 336px", Range(224, 336)),
    ("336x1344", Range(1344, 1344)),     # the longer side counts
    ("448px+", Range(448, None)),
], ids=repr)
def test_parse_resolution(text, expected):
    assert parse_resolution(text) == expected


@pytest.mark.parametrize("text, message", [
    ("lots", r"cannot read 'lots' as a count; expected forms like '~1\.2B'"),
    ("12Q", r"cannot read '12Q'"),
    ("-5", r"cannot read '-5'"),
    ("1B-500M", r"the low end is above the high end"),
    ("1B-2B+", r"a range cannot also be open-ended"),
    ("9" * 100, r"100 characters is too long for a count"),
])
def test_parse_count_refuses(text, message):
    with pytest.raises(ParseError, match=message):
        parse_count(text)


@pytest.mark.parametrize("text, message", [
    ("big", r"cannot read 'big' as an image resolution"),
    ("336-224", r"the low end is above the high end"),
    ("224k", r"cannot read '224k'"),
])
def test_parse_resolution_refuses(text, message):
    with pytest.raises(ParseError, match=message):
        parse_resolution(text)


@pytest.mark.parametrize("text, expected", [
    ("Salesforce (open)", True), ("Academic (open)", True), ("Google (closed)", False),
    ("OpenAI (closed)", False), ("open", True), ("Proprietary", False), ("", None),
])
def test_parse_license(text, expected):
    assert parse_license(text) is expected


def test_parse_license_refuses_a_bare_name():
    with pytest.raises(ParseError, match=r"'MIT'.*must end with '\(open\)' or"):
        parse_license("MIT")


@pytest.mark.parametrize("r", [Range(250_000_000, 500_000_000), Range(1_048_576, None),
                               Range(77, 77), Range(None, None), Range(2048, 2048),
                               Range(123_456_789, 123_456_789)])
def test_count_round_trip(r):
    assert parse_count(format_range(r)) == r


@pytest.mark.parametrize("r", [Range(224, 336), Range(224, None), Range(336, 336)])
def test_resolution_round_trip(r):
    assert parse_resolution(format_range(r, "resolution")) == r


def test_format_count_reads_well():
    assert [format_count(x) for x in (1.25e8, 128_000, 2048, 1.2e9, None)] == [
        "125M", "128k", "2048", "1.2B", "?"]


def test_adversarial_cell_is_refused_fast():
    cell = "1" + " " * 50_000 + "x" * 50_000
    start = time.perf_counter()
    with pytest.raises(ParseError):
        parse_count(cell)
    with pytest.raises(ParseError):
        parse_resolution(cell)
    assert time.perf_counter() - start < 1.0


def test_unpadded_checks_all_values_in_one_join():
    from advisor.parsing import unpadded
    assert unpadded(["a", "b c", ""]) and not unpadded(["a", "b c", ""], empty=False)
    assert not unpadded(["a ", "b"]) and not unpadded(["a", "\tb"])
    assert not unpadded(["a; b"], without=";") and unpadded(["a; b"])
    assert unpadded(["é – x"]) and not unpadded(["x\u00a0"])   # Unicode spaces too
    assert not unpadded(["a", 1])       # not a string


def test_unpadded_reads_ascii_ends_from_one_array():
    # ASCII values have their ends read from one byte array: every character
    # str.isspace calls whitespace, at either end of any value, first or last,
    # and a NUL inside a value (not a separator) never hides padding
    from advisor.parsing import padded, unpadded
    spaces = [chr(c) for c in range(128) if chr(c).isspace()]
    assert len(spaces) == 10
    for ch in spaces:
        for values in ([ch + "a", "b"], ["a", "b" + ch], ["a", ch, "c"]):
            assert not unpadded(values), values
    assert unpadded(["a", "", "b c", "d"]) and unpadded([]) and unpadded([""])
    assert unpadded(["a\0 b"]) and unpadded(["a\0b"]) and not unpadded(["a", " \0b"])
    # and which values: the places the loader strips (no others)
    assert padded(["x", " y", "z", "w\t", "", "é ", "v"]) == [1, 3, 5]
    assert padded(["x", " \0b", "c "]) == [1, 2] and padded([]) == []
    values = [f"Contrastive Learning r{i}" for i in range(10_000)]
    assert unpadded(values) and not unpadded(values + ["x "])


@pytest.mark.parametrize("text, ok", [
    ("2026-02-17", True), ("2026-02", True), ("2026-13", False),
    ("2026-02-30", False), ("unknown", False), ("", False), ("soon", False)])
def test_is_date_is_what_parse_date_reads(text, ok):
    # the one date check behind a fact's as_of and a status's 'on DATE'
    from advisor.parsing import is_date
    assert is_date(text) is ok
