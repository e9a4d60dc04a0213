"""The bundled catalog against the seed table
(tests/fixtures/shared/seed/vlm_models.md)."""

import re

import pytest
from conftest import SEED, model_row

from advisor import AdvisorError, Range, load_catalog
from advisor.columns import COLUMNS, REQUIRED_COLUMNS
from advisor.vocab import derive_tasks

# name, parameters, tokens, resolution, open_license: as the seed table gives them
SEED_NUMBERS = [
    ("BLIP", (250e6, 500e6), (512, 512), (224, 224), True),
    ("BLIP-2", (1.2e9, 1.2e9), (512, 1024), (224, None), True),
    ("CLIP (ViT-B/32)", (125e6, 125e6), (77, 77), (224, 224), True),
    ("Gemini", (770e6, 770e6), (128_000, 128_000), (None, None), False),
    ("GIT", (750e6, 750e6), (512, 512), (224, 224), True),
    ("GPT-4o", (None, None), (128_000, 128_000), (None, None), False),
    ("GPT-4o Mini", (None, None), (32_000, 32_000), (None, None), False),
    ("ImageBind", (500e6, None), (512, 512), (224, 224), True),
    ("Kosmos-2", (1.6e9, 2e9), (2048, 2048), (224, None), True),
    ("LLaVA (13B)", (13e9, 13e9), (2048, 2048), (336, 336), True),
    ("MiniGPT-4", (7e9, 7e9), (2048, 2048), (224, 336), True),
    ("SEED", (None, None), (512, 512), (224, 224), True),
    ("SigLIP (ViT-L/14)", (478e6, 478e6), (128, 256), (224, 384), True),
]


@pytest.mark.parametrize("name, params, tokens, resolution, open_license", SEED_NUMBERS,
                         ids=[r[0] for r in SEED_NUMBERS])
def test_seed_row_parses_to_the_seed_numbers(seed, name, params, tokens, resolution,
                                             open_license):
    m = seed[name]
    assert m.parameter_count == Range(*params)
    assert m.token_limit == Range(*tokens)
    assert m.image_resolution == Range(*resolution)
    assert m.open_license is open_license
    assert type(m.open_license) is bool


def test_catalog_has_the_13_seed_models_in_order(seed):
    assert seed.names == [r[0] for r in SEED_NUMBERS]
    assert len(seed) == 13
    assert set(seed.frame["origin"]) == {"seed"}


def _seed_table():
    rows = [line for line in SEED.read_text(encoding="utf-8").splitlines()
            if line.startswith("| [")]
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in rows]


def test_seed_values_are_verbatim(catalog):
    cols = COLUMNS[1:12]  # model_type .. license, in the seed's header order
    for cells in _seed_table():
        name = re.match(r"\[(.*?)\]", cells[0]).group(1)
        row = catalog.frame.set_index("name").loc[name]
        assert [row[c] for c in cols] == cells[1:], name


def test_siglip_link_is_mended_and_the_other_noted(catalog):
    m = catalog["SigLIP (ViT-L/14)"]
    assert m.url == "https://huggingface.co/google/siglip-large-patch16-256"
    assert any("siglip-so400m-patch14-384" in c for c in m.caveats_for("url"))


def test_every_row_has_the_engine_columns(catalog):
    # a cell is filled, or a caveat on its column says why not (nothing is guessed)
    for m in catalog:
        for column in ("tasks", "modalities", "organisation", "license_spdx",
                       "commercial_use", "open_weights", "source"):
            said = m.caveats_for(column) or m.caveats_for(column.split("_spdx")[0])
            assert m.raw[column] or said, (m.name, column)
    f = catalog.frame
    assert set(f["commercial_use"]) <= {"yes", "no", "restricted", "unknown"}


def test_caveats_record_where_public_sources_disagree(catalog):
    assert "770M" in " ".join(catalog["Gemini"].caveats_for("parameter_count"))
    assert "describeai/gemini" in catalog["Gemini"].caveats_for("url")[0]
    assert "128,000" in catalog["GPT-4o Mini"].caveats_for("token_limit")[0]
    assert "Microsoft" in catalog["GIT"].caveats_for("license")[0]


def test_facts_file_adds_what_the_seed_words_miss(catalog):
    assert "grounding" in catalog["Kosmos-2"].tasks          # facts: phrase grounding
    assert catalog["ImageBind"].modalities == (
        "image", "video", "text", "audio", "depth", "thermal", "imu")
    assert catalog["ImageBind"].commercial_use == "no"        # CC-BY-NC-4.0
    assert catalog["GPT-4o"].open_weights == "no"


def test_tasks_follow_the_documented_rule(seed):
    # from tests/fixtures/shared/facts/model_facts.csv
    additions = {"Kosmos-2": {"grounding"}}
    for m in seed:
        derived = set(derive_tasks(m.architecture, m.training_objective,
                                   m.loss_function))
        assert set(m.tasks) == derived | additions.get(m.name, set()), m.name


def test_the_rule_reads_each_column_in_bulk_as_one_by_one():
    # a whole word 'CE' is generative, one inside a word is not; a value with a
    # newline of its own (a quoted CSV cell) still maps its words to itself
    from advisor.vocab import column_bits
    losses = ["Contrastive + CE", "ICE loss", "Cross-Entropy", "", "InfoNCE\nCE",
              "sigmoid"]
    assert column_bits("loss_function", losses).tolist() == [3, 0, 2, 0, 3, 1]
    assert column_bits("training_objective",
                       ["Captioning + VQA", "Instruction tuning", "x"]
                       ).tolist() == [8 | 16, 32, 0]
    assert column_bits("architecture", [" Dual Encoder ", "Dual Encoder + Decoder"]
                       ).tolist() == [4, 0]
    assert derive_tasks("Dual Encoder", "", "InfoNCE") == (
        "retrieval", "zero-shot-classification", "embedding")   # in TASKS order


@pytest.mark.parametrize("given, expected", [
    ("clip", "CLIP (ViT-B/32)"), ("CLIP (vit-b/32)", "CLIP (ViT-B/32)"),
    ("siglip", "SigLIP (ViT-L/14)"), ("llava", "LLaVA (13B)"),
    ("llava 13b", "LLaVA (13B)"), ("gpt-4o mini", "GPT-4o Mini"),
    ("Kosmos2", "Kosmos-2"), ("imagebnd", "ImageBind"),
])
def test_names_match_loosely(catalog, given, expected):
    assert catalog[given].name == expected


def test_unknown_name_lists_the_closest(catalog):
    with pytest.raises(AdvisorError, match=r"unknown model 'blip3'; did you mean "
                                           r"'BLIP' or 'BLIP-2'"):
        catalog["blip3"]
    with pytest.raises(AdvisorError, match=r"unknown model 'zzz'; see `advisor "
                                           r"catalog show`"):
        catalog["zzz"]


def test_user_csv_with_only_required_columns(write_csv):
    path = write_csv([model_row(), model_row(name="Other", parameter_count="7B",
                                             license="Acme (closed)")],
                     columns=REQUIRED_COLUMNS)
    cat = load_catalog(path)
    assert cat.names == ["Tiny", "Other"]
    assert cat["tiny"].tasks == ("retrieval", "zero-shot-classification", "embedding")
    assert cat["other"].open_license is False
    assert cat["tiny"].commercial_use == "unknown"
    assert cat["tiny"].modalities == ()


@pytest.mark.parametrize("overrides, message", [
    (dict(parameter_count="lots"),
     r"my\.csv: row 2 \('Bad'\), column 'parameter_count': cannot read 'lots' as a "
     r"parameter count"),
    (dict(token_limit="12Q"),
     r"my\.csv: row 2 \('Bad'\), column 'token_limit': cannot read '12Q' as a token "
     r"limit"),
    (dict(image_resolution="huge"),
     r"row 2 \('Bad'\), column 'image_resolution': cannot read 'huge' as an image "
     r"resolution"),
    (dict(license="MIT"),
     r"row 2 \('Bad'\), column 'license': cannot read 'MIT' as a license: it must "
     r"end with '\(open\)'"),
    (dict(tasks="vqa; dancing"),
     r"row 2 \('Bad'\), column 'tasks': unknown value 'dancing'; valid choices: "
     r"captioning, vqa"),
    (dict(tasks="captionning"),
     r"column 'tasks': unknown value 'captionning'; did you mean 'captioning'\?"),
    (dict(commercial_use="maybe"),
     r"row 2 \('Bad'\), column 'commercial_use': 'maybe' is not one of yes, no, "
     r"restricted, unknown"),
    (dict(default_mode="sometimes"),
     r"row 2 \('Bad'\), column 'default_mode': 'sometimes' is not one of direct, "
     r"thinking"),
])
def test_bad_value_names_file_row_column_and_value(write_csv, overrides, message):
    path = write_csv([model_row(), model_row(name="Bad", **overrides)])
    with pytest.raises(AdvisorError, match=message):
        load_catalog(path)


def test_missing_column(write_csv):
    path = write_csv([model_row()], columns=[c for c in REQUIRED_COLUMNS
                                             if c != "token_limit"])
    with pytest.raises(AdvisorError, match=r"my\.csv: missing required column\(s\) "
                                           r"'token_limit'; a catalog needs name, "):
        load_catalog(path)


def test_missing_column_suggests_a_misspelt_header(write_csv):
    text = ",".join(c if c != "license" else "licence" for c in REQUIRED_COLUMNS)
    path = write_csv(None, text=text + "\n")
    with pytest.raises(AdvisorError, match=r"'license' \(found 'licence'\?\)"):
        load_catalog(path)


def test_duplicate_names_ignoring_case(write_csv):
    path = write_csv([model_row(name="Tiny"), model_row(name="x"),
                      model_row(name="TINY")])
    with pytest.raises(AdvisorError, match=r"rows 1, 3, column 'name': duplicate name "
                                           r"'TINY' / 'Tiny'; names must be unique"):
        load_catalog(path)


def test_empty_name(write_csv):
    path = write_csv([model_row(), model_row(name="")])
    with pytest.raises(AdvisorError, match=r"row 2, column 'name': the name is empty"):
        load_catalog(path)


@pytest.mark.parametrize("content, message", [
    (b"", r"the file is empty; expected a header row"),
    (b"\x89PNG\r\n\x1a\n\x00\x00",
     r"my\.csv: line 3 contains a NUL byte; not a CSV text file"),
    (b"name;price\n\xff\xfe;2\n", r"not UTF-8 text"),
    (b"hello world\n", r"missing required column\(s\) 'name'"),
])
def test_not_a_csv(tmp_path, content, message):
    path = tmp_path / "my.csv"
    path.write_bytes(content)
    with pytest.raises(AdvisorError, match=message):
        load_catalog(path)


def test_no_such_file(tmp_path):
    with pytest.raises(AdvisorError, match=r"nope\.csv: no such file"):
        load_catalog(tmp_path / "nope.csv")


def test_frame_holds_the_parsed_numbers_next_to_the_strings(catalog):
    row = catalog.frame.set_index("name").loc["BLIP"]
    assert row["parameter_count"] == "~250M–500M"
    assert (row["parameter_count_low"], row["parameter_count_high"]) == (250e6, 500e6)


def test_content_hash_is_stable(catalog):
    assert load_catalog().content_hash == catalog.content_hash
    assert re.fullmatch(r"[0-9a-f]{64}", catalog.content_hash)


def test_padded_values_are_stripped_and_merged_when_read(tmp_path):
    # a checked value typed with spaces or a tab around it is the same value: the
    # loader strips only the padded ones and merges those that become equal
    import csv
    rows = [model_row(name="A", architecture=" Dual Encoder "),
            model_row(name="B", architecture="Dual Encoder"),
            model_row(name="C", architecture="Dual Encoder\t"),
            model_row(name="D", architecture="Unified Transformer"),
            model_row(name="E", architecture=" Vision-Language Bridge")]
    path = tmp_path / "padded.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    s = load_catalog(path).index.strings["architecture"]
    assert sorted(s.uniques) == ["Dual Encoder", "Unified Transformer",
                                 "Vision-Language Bridge"]
    assert [s[r] for r in range(5)] == ["Dual Encoder"] * 3 + [
        "Unified Transformer", "Vision-Language Bridge"]
    assert len(set(s.codes[:3].tolist())) == 1


def test_a_hugging_face_id_names_its_row(catalog):
    # the hf_id column, whole or without its owner (issue 27: 'explain
    # Qwen/Qwen2.5-VL-7B-Instruct' was an unknown model)
    assert catalog.resolve("Qwen/Qwen2.5-VL-7B-Instruct") == "Qwen2.5-VL-7B"
    assert catalog.resolve("qwen2.5-vl-72b-instruct") == "Qwen2.5-VL-72B"
    assert catalog.resolve("google/paligemma-3b-pt-224") == "PaliGemma"
