"""The `advisor` command, run in-process through its entry point (exit codes,
stdout, stderr), and start-up cost checked in a fresh interpreter."""

import csv
import io
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import model_row

from advisor.cli import main
from advisor.cli.flags import to_command
from advisor.requirements import Requirements


@pytest.fixture
def run(capsys):
    def run(*args):
        try:
            main(list(args))
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err
    return run


def one_line_error(code, out, err):
    assert code == 2
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    return lines[0]


# the seed table's golden cases run on the seed rows; the curated rows are tested
# in test_curated.py
SEED = ["--origin", "seed", "--facts", "seed"]  # the seed table, read as typed
PICK = ["--open-license", "--min-image-resolution", "336", "--min-token-limit", "2k"]


def test_recommend_table(run):
    code, out, err = run("recommend", *PICK, *SEED)
    assert code == 0, err
    assert out.index("LLaVA (13B)") < out.index("MiniGPT-4") < out.index("Kosmos-2")
    assert "Why LLaVA (13B):" in out
    assert "10 model(s) ruled out" in out and "advisor why-not MODEL" in out


def test_sourced_facts_correct_the_seed_rows(run):
    # model_facts_notes.md: MiniGPT-4's "224–336px" is 224 only; Kosmos-2's
    # "224×224+" is 224 (facts.csv), so neither reaches 336 px any more
    code, out, _ = run("recommend", *PICK, "--origin", "seed", "--format", "json")
    data = json.loads(out)
    assert [r["name"] for r in data["recommendations"]] == ["LLaVA (13B)"]
    assert data["rejected"]["MiniGPT-4"][0]["detail"] == (
        "largest input 224 px < 336 px required (sourced: 224 px input (EVA ViT-g at "
        "224), https://github.com/Vision-CAIR/MiniGPT-4, as of 2026-11; the seed table "
        "says '224–336px')")
    code, out, _ = run("why-not", "kosmos-2", *PICK, "--origin", "seed")
    assert "the seed table says '224×224+'" in out


def test_recommend_json_lists_llava_and_minigpt4_first(run):
    code, out, _ = run("recommend", *PICK, *SEED, "--format", "json")
    data = json.loads(out)
    assert [r["name"] for r in data["recommendations"]][:2] == ["LLaVA (13B)",
                                                                "MiniGPT-4"]
    assert data["requirements"] == {"open_license": True, "min_image_resolution": 336,
                                    "min_token_limit": 2000}


def test_recommend_markdown(run):
    code, out, _ = run("recommend", *PICK, *SEED, "--format", "markdown")
    assert code == 0
    assert ("| 1 | LLaVA (13B) | 0.434 | 0.42 | ~13B | 2048 | 336×336 | "
            "Academic (open) | - |") in out


def test_no_fit_shows_relaxations_and_exits_0(run):
    code, out, _ = run("recommend", "--open-license", "--min-token-limit", "100k",
                       *SEED)
    assert code == 0
    assert "No model meets every requirement." in out
    assert "with open_license kept, min_token_limit 2048 admits Kosmos-2, LLaVA " \
           "(13B), MiniGPT-4" in out
    assert "drop open_license" in out


@pytest.mark.parametrize("args, message", [
    (["recommend", "--min-token-limit", "lots"],
     "error: min_token_limit: cannot read 'lots' as a token limit"),
    (["recommend", "--task", "dancing"], "error: tasks: unknown value 'dancing'"),
    (["recommend", "--top-k", "0"], "error: top_k == 0, must be >= 1"),
    (["recommend", "--similar-to", "clipp"],
     "error: similar_to: unknown model 'clipp'"),
    (["recommend", "--precision", "fp9"], "error: precision: unknown precision 'fp9'"),
    (["recommend", "--prefer", "open"], "error: --prefer: 'open' is not KEY=VALUE"),
    (["recommend", "--weight", "similarity=lots"],
     "error: --weight: similarity='lots' is not a number"),
    (["recommend", "--min-tokn-limit", "5"],
     "error: No such option '--min-tokn-limit'. Did you mean '--min-token-limit'?"),
    (["recommend", "--requirements", "/nonexistent.json"],
     "error: --requirements: /nonexistent.json: no such file"),
    (["recommend", "--catalog", "/nonexistent.csv"],
     "error: /nonexistent.csv: no such file"),
    (["explain", "nonesuch"], "error: model: unknown model 'nonesuch'"),
    (["compare", "clip"], "error: compare: 1 model given; name two or more"),
    (["glossary", "nonsense term"], "error: glossary: no entry 'nonsense term'"),
    (["similar", "clip", "--top-k", "x"], "error: top_k: 'x' is not a whole number"),
    (["nosuchcommand"], "error: No such command 'nosuchcommand'"),
    (["wizard"], "error: wizard: needs a terminal; without one, use `advisor "
                 "recommend`"),
])
def test_bad_input_is_one_line_exit_2(run, args, message):
    line = one_line_error(*run(*args))
    assert line.startswith(message), line


def test_requirements_file_and_flags_override(run, tmp_path):
    path = tmp_path / "needs.json"
    path.write_text(json.dumps({"open_license": True, "min_token_limit": 100000}))
    code, out, _ = run("recommend", "--requirements", str(path), "--format", "json",
                       *SEED)
    assert json.loads(out)["recommendations"] == []
    code, out, _ = run("recommend", "--requirements", str(path), "--min-token-limit",
                       "2k", "--no-open-license", "--format", "json")
    data = json.loads(out)
    assert data["requirements"] == {"min_token_limit": 2000}
    path.write_text("{not json")
    line = one_line_error(*run("recommend", "--requirements", str(path)))
    assert "not valid JSON" in line


def test_prefer_and_weight_flags(run):
    code, out, _ = run("recommend", "--task", "vqa", "--prefer", "commercial_use=true",
                       "--prefer", "tasks=captioning,grounding", "--weight",
                       "documented=0", "--format", "json", "--top-k", "13", *SEED)
    data = json.loads(out)
    assert data["requirements"]["prefer"] == {"commercial_use": True,
                                              "tasks": ["captioning", "grounding"]}
    recs = {r["name"]: r for r in data["recommendations"]}
    # Kosmos-2 (MIT; captioning, vqa, grounding) meets both preferences
    assert recs["Kosmos-2"]["components"]["preference"] == 1.0
    assert "documented" in recs["Kosmos-2"]["components"]


def test_explain(run):
    code, out, _ = run("explain", "clip")
    assert code == 0
    assert "~125M  ->  151M (sourced: ViT-B/32 CLIP has ~151M parameters" in out
    assert "77  ->  77" in out
    code, out, _ = run("explain", "clip", "--facts", "seed")
    assert "~125M  ->  125M" in out and "sourced" not in out
    assert "Independent vision and text encoders projected into a shared" in out
    assert "Contrastive loss using softmax over similarities." in out
    assert "~151M parameters" in out  # caveat
    code, out, _ = run("explain", "clip", "--format", "json")
    data = json.loads(out)
    assert data["facts"]["source"] == "https://github.com/openai/CLIP/blob/main/" \
                                      "model-card.md"
    assert "InfoNCE (Softmax)" in data["glossary"]
    code, out, _ = run("explain", "gpt-4o mini", "--format", "markdown")
    assert "| commercial use | yes |" in out and "128,000" in out


def test_why_not(run):
    code, out, _ = run("why-not", "blip-2", "--min-token-limit", "2k")
    assert out.strip() == ("BLIP-2 is ruled out by min_token_limit (largest token "
                           "limit 1,024 tokens < 2,000 tokens required).")
    code, out, _ = run("why-not", "llava", *PICK, *SEED)
    assert out.strip().startswith("LLaVA (13B) is recommended at rank 1")


def test_compare_marks_the_better_value(run):
    code, out, _ = run("compare", "clip", "siglip", "--format", "json")
    data = json.loads(out)
    assert data["token limit"] == {"CLIP (ViT-B/32)": "77",
                                   "SigLIP (ViT-L/14)": "128–256 *"}
    # CLIP: ~151M (facts.csv; the seed says ~125M), marked as sourced
    assert data["parameters"] == {"CLIP (ViT-B/32)": "~151M\u2020 *",
                                  "SigLIP (ViT-L/14)": "~478M"}
    assert data["commercial use"] == {"CLIP (ViT-B/32)": "unknown",
                                      "SigLIP (ViT-L/14)": "yes *"}
    code, out, _ = run("compare", "clip", "siglip", "blip")
    assert code == 0 and "better value" in out
    # an empty cell (MiniCPM-o 2.6 states no token limit) reads "unknown"
    code, out, _ = run("compare", "MiniCPM-o 2.6", "clip", "--format", "json")
    data = json.loads(out)
    # and a number is better only than another number: 77 tokens is not marked
    # against an unknown, nor a benchmark only one of them has a number on
    assert data["token limit"] == {"MiniCPM-o 2.6": "unknown",
                                   "CLIP (ViT-B/32)": "77"}
    assert data["DocVQA (test)"] == {"MiniCPM-o 2.6": "93.5", "CLIP (ViT-B/32)": "-"}
    assert data["open weights"] == {"MiniCPM-o 2.6": "yes", "CLIP (ViT-B/32)": "yes"}


def test_similar(run):
    code, out, _ = run("similar", "clip", "--top-k", "3", *SEED)
    assert code == 0
    lines = [line for line in out.splitlines() if "│ 1 " in line]
    assert "SigLIP (ViT-L/14)" in lines[0]
    code, out, _ = run("similar", "clip", "--format", "json")
    recs = json.loads(out)["recommendations"]
    assert [r["similarity"] for r in recs] == sorted((r["similarity"] for r in recs),
                                                     reverse=True)


def test_glossary(run):
    code, out, _ = run("glossary")
    for heading in ("Model Type", "Architecture", "Training Objective",
                    "Loss Function"):
        assert heading in out
    code, out, _ = run("glossary", "infonce")
    assert out.strip() == ("InfoNCE (Softmax) (Loss Function): Contrastive loss using "
                           "softmax over similarities.")
    # an explanation's labels are categories: each lists its entries
    code, out, _ = run("glossary", "technique")
    assert code == 0 and "Native / dynamic resolution" in out and \
        "Mixture of Experts (MoE)" in out


def test_catalog_show_and_validate(run, write_csv):
    code, out, _ = run("catalog", "show", "--format", "json", *SEED)
    rows = json.loads(out)
    assert len(rows) == 13 and rows[0]["parameters"] == "250M–500M"
    code, out, _ = run("catalog", "show", "--format", "json")
    assert len(json.loads(out)) == 111  # 70 and the 41 rows of the 2026 refresh
    code, out, _ = run("catalog", "validate")
    assert code == 0 and "no problems found" in out
    path = write_csv([model_row(), model_row(name="A", token_limit="lots"),
                      model_row(name="B", license="MIT", tasks="dancing"),
                      model_row(name="tiny")])
    code, out, err = run("catalog", "validate", str(path))
    assert code == 1
    problems = out.strip().splitlines()
    assert len(problems) == 4
    assert "row 2 ('A'), column 'token_limit': cannot read 'lots'" in problems[1]
    assert "rows 1, 4, column 'name': duplicate name 'Tiny' / 'tiny'" in problems[0]
    assert any("row 3 ('B'), column 'license'" in p for p in problems)
    assert any("row 3 ('B'), column 'tasks': unknown value 'dancing'" in p
               for p in problems)
    assert "4 problem(s) found." in err


def test_version_and_help(run):
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == "advisor, version 0.1.0"
    code, out, _ = run("--help")
    for command in ("recommend", "explain", "why-not", "compare", "similar",
                    "glossary", "catalog", "wizard"):
        assert command in out


@pytest.mark.parametrize("command", [["recommend"], ["explain"], ["why-not"],
                                     ["compare"], ["similar"], ["glossary"],
                                     ["catalog", "show"], ["catalog", "validate"],
                                     ["catalog", "add"], ["catalog", "audit"],
                                     ["wizard"]])
def test_every_command_has_help_with_an_example(run, command):
    code, out, _ = run(*command, "--help")
    assert code == 0 and "Example" in out and "advisor " in out


@pytest.mark.parametrize("requirements", [
    {"open_license": True, "min_image_resolution": 336, "min_token_limit": 2000},
    {"tasks": ["vqa", "captioning"], "max_params": 7e9, "gpu_memory_gb": 24.5,
     "precision": "int8", "exclude": ["GPT-4o"], "top_k": 3, "strict": True},
    {"similar_to": "CLIP (ViT-B/32)", "prefer": {"commercial_use": True},
     "weights": {"similarity": 2.0}, "modalities": ["image"],
     "architectures": ["Dual Encoder"]},
])
def test_equivalent_command_round_trips(run, catalog, requirements):
    expected = Requirements.from_dict(requirements, catalog).to_dict()
    command = to_command(expected)
    code, out, _ = run(*shlex.split(command)[1:], "--format", "json")
    assert json.loads(out)["requirements"] == expected


def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True,
                          text=True, check=True).stdout.strip()


def test_help_and_version_do_not_import_pandas_or_sklearn():
    code = ("import sys\nfrom advisor.cli import main\n"
            "for argv in (['--help'], ['--version'], ['recommend', '--help']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('pandas', 'sklearn', 'numpy', 'questionary', "
            "'rich', 'huggingface_hub', 'litellm', 'ahocorasick') "
            "if m in sys.modules))")
    assert _fresh(code).splitlines()[-1] == "[]"
    # the registries' optional packages are not read by advise either
    code = ("import sys\nfrom advisor import advise\nadvise({'tasks': ['vqa']})\n"
            "print(sorted(m for m in ('huggingface_hub', 'litellm') "
            "if m in sys.modules))")
    assert _fresh(code).splitlines()[-1] == "[]"


def test_python_dash_m():
    out = subprocess.run([sys.executable, "-m", "advisor", "--version"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "advisor, version 0.1.0"


def test_leaderboard_command(run, tmp_path):
    code, out, _ = run("leaderboard", "--task", "document-retrieval", "--format",
                       "json")
    rows = json.loads(out)
    assert code == 0 and rows[0]["model"] == "ColQwen2 / ColQwen2.5"
    code, out, _ = run("leaderboard", "--task", "ocr", "--open-weights",
                       "--gpu-memory-gb", "24", "--format", "markdown")
    assert "| # | model | capability |" in out and "Sources:" in out
    code, out, _ = run("leaderboard", "--task", "vqa", "--format", "csv")
    assert out.splitlines()[0].startswith("#,model,capability,")


def test_rank_by_and_evidence_flags(run, write_evidence):
    code, out, _ = run("recommend", "--task", "vqa", "--rank-by", "size", "--format",
                       "json", "--top-k", "1")
    assert json.loads(out)["recommendations"][0]["name"] == "GIT"  # ~177M
    code, _, err = run("recommend", "--rank-by", "speed")
    assert code == 2 and "rank_by: unknown value 'speed'" in err
    # one number alone places nothing: two
    path = write_evidence("BLIP,x,,MMMU (val),90,100,%,third-party,https://e.org/t,",
                          "GIT,x,,MMMU (val),10,100,%,third-party,https://e.org/t,")
    code, out, _ = run("recommend", "--task", "vqa", "--evidence", str(path),
                       "--format", "json", "--top-k", "1")
    assert json.loads(out)["recommendations"][0]["name"] == "BLIP"


def test_explain_and_compare_show_the_evidence(run):
    code, out, _ = run("explain", "qwen2.5-vl-7b", "--format", "json")
    numbers = json.loads(out)["evidence"]
    # the leaderboard's MMMU val first, then its MMMU-Pro; the README's 'MMMU'
    # (split not stated) is another benchmark, never compared with them
    assert [(n["benchmark"], n["value"], n["kind"]) for n in numbers[:3]] == [
        ("MMMU (val)", "58.6", "leaderboard"),
        ("MMMU-Pro (overall)", "38.3", "self-reported"),
        ("MMMU", "58.6", "self-reported")]
    code, out, _ = run("compare", "qwen2-vl", "internvl2.5", "--format", "json")
    data = json.loads(out)
    # MMMU (val), each family's largest checkpoint with a number (no size limit):
    # Qwen2-VL-7B 54.1 against InternVL2.5-38B 63.9 (leaderboard)
    assert data["MMMU (val)"] == {"Qwen2-VL (2B/7B)": "54.1",
                                  "InternVL2.5 (1B–38B)": "63.9 *"}


def _help_examples() -> list[str]:
    """Every `advisor ...` line of every command's --help, continuations joined,
    and every option's 'Example: --flag ...' of recommend."""
    import click

    from advisor.cli import cli
    found: list[str] = []

    def walk(cmd, path):
        text = cmd.get_help(click.Context(cmd, info_name=" ".join(path)))
        pending = ""
        for line in text.splitlines():
            line = pending + line.strip()
            pending = line[:-1] + " " if line.endswith("\\") else ""
            if line.startswith("advisor") and not pending:
                found.append(line)
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])
    walk(cli, ["advisor"])
    helps = " ".join(" ".join(o.help.split()) for o in cli.commands["recommend"].params
                     if getattr(o, "help", None))
    found += [f"advisor recommend {m}" for m in re.findall(r"Example: (--[^.]+)\.",
                                                             helps)]
    return found


def test_every_help_example_works_as_written(run, tmp_path, monkeypatch):
    # issue 16: examples a person copies from --help must run (the wizard's need
    # a terminal and are driven in test_wizard; serve runs until stopped and is
    # driven in a browser in test_explore)
    import shutil

    from advisor.loader import bundled_catalog_path
    monkeypatch.chdir(tmp_path)
    (tmp_path / "needs.json").write_text('{"open_license": true}')
    fixtures = Path(__file__).parent / "fixtures"
    for fixture, name in (("litellm-1.110.2-excerpt.json", "prices.json"),
                          ("models.dev-f3fc692-excerpt.json", "api.json"),
                          ("hf-model-info-excerpt.json", "models.json"),
                          ("mmmu-leaderboard-9092d1b-excerpt.json",
                           "leaderboard_data.json")):
        shutil.copy(fixtures / fixture, tmp_path / name)
    shutil.copytree(fixtures / "models.dev-f3fc692-models", tmp_path / "models.dev")
    for name in ("my.csv", "my_models.csv"):
        shutil.copy(bundled_catalog_path(), tmp_path / name)
    examples = _help_examples()
    assert "advisor recommend --prefer commercial_use=true" in examples
    assert len(examples) >= 20
    for line in examples:
        args = shlex.split(line)[1:]
        if not args or args[0] in ("wizard", "serve"):
            continue
        code, out, err = run(*args)
        assert code == 0, (line, err)
        assert "error" not in err, (line, err)


def test_flags_and_prefer_keys_take_dashes_or_underscores(run):
    dashes = run("recommend", "--min-token-limit", "2k", "--prefer",
                 "commercial-use=yes", "--format", "json")
    unders = run("why_not", "blip", "--min_token_limit", "2k")
    same = run("recommend", "--min_token_limit", "2k", "--prefer",
               "commercial_use=yes", "--format", "json")
    assert dashes[0] == same[0] == unders[0] == 0
    assert json.loads(dashes[1])["recommendations"] == json.loads(
        same[1])["recommendations"]
    assert "BLIP is ruled out by min_token_limit" in unders[1]


def test_api_only_and_the_negative_bool_flags(run):
    code, out, _ = run("recommend", "--api-only", "--format", "json", "--top-k", "50")
    names = [r["name"] for r in json.loads(out)["recommendations"]]
    assert code == 0 and "GPT-4o" in names and "CLIP (ViT-B/32)" not in names
    assert all(r["checks"][0]["requirement"] == "api_only" and
               r["checks"][0]["status"] == "met"
               for r in json.loads(out)["recommendations"])
    # --no-open-weights turns the requirement off; it never means "API only"
    plain = run("recommend", "--format", "json")[1]
    assert json.loads(run("recommend", "--no-open-weights", "--format", "json")[1])[
        "recommendations"] == json.loads(plain)["recommendations"]


def test_csv_and_table_carry_more_than_the_names(run):
    import csv
    import io
    code, out, _ = run("recommend", "--min-token-limit", "2k", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0])[-6:] == [
        "variant", "caveats", "c_rank", "c_checks", "c_margin", "c_documented"]
    assert set(rows[0]) >= {"hf_id", "source", "variant", "caveats", "c_checks",
                            "c_margin", "c_documented"}
    assert all(len(r["score"].split(".")[1]) == 4 for r in rows)
    gpt = next(r for r in rows if r["model"] == "GPT-5.1")
    # the checkpoints its counted numbers are for: GPT-5.1 answers directly by
    # default, so 'GPT-5.1 Thinking' counts only with --reasoning any
    assert gpt["variant"] == "GPT-5.1" and gpt["hf_id"] == ""
    rows = list(csv.DictReader(io.StringIO(run(
        "recommend", "--min-token-limit", "2k", "--reasoning", "any", "--format",
        "csv")[1])))
    assert next(r for r in rows if r["model"] == "GPT-5.1")["variant"] == \
        "GPT-5.1; GPT-5.1 Thinking"
    # nothing asked: a note says so, in the table and in JSON
    code, out, _ = run("recommend", "--top-k", "1")
    assert out.startswith("No requirement was given, so every model passes")
    assert json.loads(run("recommend", "--format", "json")[1])["note"].startswith(
        "No requirement was given")


@pytest.mark.parametrize("args, key", [
    (["explain", "{}"], "model"), (["why-not", "{}"], "model"),
    (["compare", "clip", "{}"], "model"), (["similar", "{}"], "similar_to"),
    (["recommend", "--similar-to", "{}"], "similar_to"),
    (["recommend", "--exclude", "{}"], "exclude"),
    (["leaderboard", "--similar-to", "{}"], "similar_to"),
])
def test_one_name_rule_on_every_command(run, args, key):
    # issue 16: case, punctuation and a family's name resolve the same everywhere;
    # a family of several asks which; a typo gets did-you-mean
    def with_name(name):
        return run(*[a.format(name) for a in args])
    assert with_name("PIXTRAL")[0] == 0                 # the only Pixtral: 12B
    assert with_name("qwen2.5_vl-7b")[0] == 0
    assert one_line_error(*with_name("claude")) == (
        f"error: {key}: 'claude' names 13 models: 'Claude 3.5 Sonnet', 'Claude Sonnet "
        "4.5', 'Claude Opus 4.1', 'Claude Sonnet 4', 'Claude Opus 4.5', 'Claude Opus "
        "4.6', 'Claude Opus 4.7', 'Claude Opus 4.8' and 5 more; say which")
    assert one_line_error(*with_name("pixtrall")) == (
        f"error: {key}: unknown model 'pixtrall'; did you mean 'Pixtral 12B'?")


def test_tokens_and_fit(run):
    code, out, _ = run("tokens", "qwen2.5-vl-7b", "--image-size", "1024x1024",
                       "--images", "2")
    assert code == 0 and "2 images of 1024x1024 = 2 x 1,369 = 2,738 tokens" in out
    code, out, _ = run("tokens", "gpt-4o", "--image-size", "2048x4096")
    assert code == 0 and "openai/gpt-4o: 1 image of 2048x4096 = 1 x 1,105" in out
    code, out, _ = run("fit", "internvl2.5 (1b-38b)", "--gpu-memory-gb", "24",
                       "--image-size", "1024x1024", "--format", "json")
    data = json.loads(out)
    assert code == 0 and [c["fits"] for c in data["checkpoints"]] == [True, True, False]
    # JSON keys are words, the sentences are values (issue 27)
    weights = data["checkpoints"][1]["terms"][0]
    assert weights == {"kind": "weights", "label": "weights (8B x 2 bytes, fp16)",
                       "gb": 16.0}
    code, out, _ = run("fit", "qwen2.5-vl-7b", "--gpu-memory-gb", "24")
    assert code == 0 and "█ weights  ▓ KV cache  ░ overhead" in out
    code, out, _ = run("fit", "clip", "--gpu-memory-gb", "24")
    assert code == 0 and "CLIP (ViT-B/32) at 151M (catalog size)" in out
    assert one_line_error(*run("fit", "gpt-4o", "--gpu-memory-gb", "24")) == (
        "error: model: 'GPT-4o' is API-only (no open weights): nothing to fit on a "
        "GPU")
    assert one_line_error(*run("fit", "qwen2.5-vl-7b", "--gpu-memory-gb", "24",
                               "--batch", "0")) == (
        "error: batch == 0, must be >= 1")
    # issue 26: Llama 3.2 Vision has architecture data (its KV facts), not an
    # image-token rule, and the message says which
    assert one_line_error(*run("tokens", "llama 3.2 vision", "--image-size",
                               "1024x1024")).startswith(
        "error: model: no sourced image-token rule for 'Llama 3.2 Vision' in "
        "arch.csv; models with one: Claude 3.5 Sonnet")
    # fit holds the same default context as recommend: 4,096 tokens
    code, out, _ = run("fit", "qwen2.5-vl-7b", "--gpu-memory-gb", "24", "--format",
                       "json")
    assert code == 0 and "KV cache for 4,096 tokens" in [
        t["label"] for t in json.loads(out)["checkpoints"][0]["terms"]]


def test_a_bug_is_one_line_not_a_traceback(run, monkeypatch):
    from advisor import engine

    def broken(*args, **kwargs):
        raise KeyError("oops")
    import advisor
    monkeypatch.setattr(engine, "advise", broken)
    monkeypatch.setattr(advisor, "advise", broken, raising=False)  # lazily cached
    monkeypatch.delenv("ADVISOR_DEBUG", raising=False)
    code, out, err = run("recommend")
    assert code == 70 and "Traceback" not in out + err
    assert err.strip() == ("error: internal error (KeyError: 'oops'); please report it "
                           "with the command; ADVISOR_DEBUG=1 shows the traceback")
    monkeypatch.setenv("ADVISOR_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["recommend"])


def test_a_narrow_table_folds_names_and_never_cuts_them(run):
    # at 110 columns (no terminal) the model column is narrower than
    # 'Qwen2.5-VL-72B'; cut with an ellipsis it read as 'Qwen2.5-VL-7…', another model
    code, out, _ = run("recommend", "--open-license", "--min-image-resolution", "336",
                       "--min-token-limit", "2k")
    assert code == 0 and "…" not in out
    table = out.split("\n\n")[0]
    cells = [line.split("│")[2].strip() for line in table.splitlines()
             if line.startswith("│")]
    names = "".join(cells)
    for name in ("Qwen3-VL", "Pixtral 12B", "Qwen2.5-VL-72B",
                 "Gemma 4 (26B A4B / 31B)"):
        assert name.replace(" ", "") in names.replace(" ", "")


def test_a_card_folds_a_long_url_and_never_cuts_it(run):
    # explain's card at 110 columns: a source URL longer than the value column is
    # folded onto the next line, so it can still be copied whole
    code, out, _ = run("explain", "Gemini 2.5 Flash")
    assert code == 0 and "…" not in out
    cells = "".join(line.split("│")[2].strip() for line in out.splitlines()
                    if line.startswith("│") and line.count("│") == 3)
    assert ("https://github.com/MMMU-Benchmark/mmmu-benchmark.github.io/blob/"
            "9092d1bda95bd2f957c323fc8957c89db6944c5a/leaderboard_data.json") in cells


@pytest.mark.parametrize("args", [["explain", "{}"], ["similar", "{}"],
                                  ["compare", "{}", "GPT-4o"]])
def test_markup_in_a_name_is_shown_not_obeyed(run, write_csv, args):
    # issue 30, finding 1: a name from a CSV or an import carrying Rich markup
    # must print as typed, never become a link or a style
    from advisor import load_catalog
    name = "X [link=https://evil.example]GPT-5[/link] [bold]Y[/bold]"
    rows = [dict(load_catalog()["GPT-4o"].raw),
            dict(load_catalog()["GPT-5"].raw, name=name)]
    path = write_csv(rows)
    code, out, err = run(*[a.format(name) for a in args], "--catalog", str(path))
    assert code == 0, err
    # the name may wrap inside its cell (compare's header): read the cells' text
    # without the rules and spaces between the lines
    import re
    flat = re.sub(r"[\s│┃]", "", out)
    assert "[link=https://evil.example]GPT-5[/link]" in flat
    assert "\x1b]8;" not in out


def test_a_path_with_escapes_never_reaches_the_terminal(run, tmp_path):
    # issue 30, finding 2: validate and add echoed the path as it is; an OSC 8
    # sequence in a file name became a live link on a terminal
    from advisor.loader import bundled_catalog_path
    evil = tmp_path / "x\x1b]8;;https:evil.example\x07y.csv"
    evil.write_bytes(bundled_catalog_path().read_bytes())
    code, out, _ = run("catalog", "validate", str(evil))
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    code, out, _ = run("catalog", "add", "--catalog", str(evil), "--name", "New VLM",
                       "--model-type", "VLM", "--architecture", "Dual Encoder",
                       "--license", "MIT (open)")
    assert code == 0, out
    assert "Added New VLM to" in out and "\x1b" not in out and "\x07" not in out


def test_headings_say_what_the_rows_are(run):
    # issue 27: a list where nothing meets every requirement is not headed
    # 'Recommendations', and a higher score below a lower one is explained
    code, out, _ = run("recommend", "--task", "multilingual-ocr", "--open-weights",
                       "--top-k", "4")
    assert code == 0 and out.lstrip().startswith("Recommendations")
    assert "A higher score below a lower one is not a mistake" in out
    code, out, _ = run("recommend", "--min-image-resolution", "336",
                       "--min-token-limit", "2k", "--open-license", "--origin", "seed",
                       "--facts", "seed", "--exclude", "llava,minigpt-4")
    assert code == 0 and "Closest models (none meets every requirement" in out


def test_one_format_flag_everywhere(run):
    # issue 27: why-not, tokens and glossary take --format; fit's markdown is a
    # Markdown table, not the terminal's
    code, out, _ = run("why-not", "minigpt-4", "--open-license",
                       "--min-image-resolution", "336", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["model"] == "MiniGPT-4"
    assert data["why_not"].startswith("MiniGPT-4 is ruled out by min_image_resolution")
    code, out, _ = run("tokens", "gpt-4o", "--image-size", "1024x1024", "--format",
                       "json")
    row = json.loads(out)["checkpoints"][0]
    assert code == 0 and (row["tokens_per_image"], row["tokens"]) == (765, 765)
    code, out, _ = run("tokens", "gpt-4o", "--image-size", "1024x1024", "--images",
                       "2", "--format", "markdown")
    assert code == 0 and "| openai/gpt-4o | 2 | 765 | 1530 |" in out
    code, out, _ = run("glossary", "infonce", "--format", "json")
    assert code == 0 and json.loads(out)[0]["term"] == "InfoNCE (Softmax)"
    code, out, _ = run("fit", "qwen2.5-vl-7b", "--gpu-memory-gb", "24", "--format",
                       "markdown")
    assert code == 0 and out.startswith("**Qwen2.5-VL-7B on a 24 GB GPU**")
    assert "| Qwen/Qwen2.5-VL-7B-Instruct | 17.4 GB | yes |" in out
    assert "━" not in out and "█" not in out


COMMANDS = {  # each command that prints a result, with arguments that give one
    "recommend": ["recommend", "--task", "ocr", "--gpu-memory-gb", "24", "--top-k",
                  "3"],
    "leaderboard": ["leaderboard", "--task", "document-parsing"],
    "explain": ["explain", "clip"],
    "compare": ["compare", "clip", "siglip"],
    "similar": ["similar", "clip", "--top-k", "3"],
    "fit": ["fit", "qwen2.5-vl-7b", "--gpu-memory-gb", "24"],
    "tokens": ["tokens", "gpt-4o", "--image-size", "1024x1024"],
    "why-not": ["why-not", "blip-2", "--open-license"],
    "glossary": ["glossary", "infonce"],
}
EXPORTS = {"recommend", "leaderboard"}  # these also write csv


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "csv"])
def test_every_command_writes_every_format(run, command, fmt):
    # issue 27: one --format everywhere, and each result parses as its format says
    if fmt == "csv" and command not in EXPORTS:
        code, _, err = run(*COMMANDS[command], "--format", fmt)
        assert code == 2 and "'csv' is not one of" in err
        return
    code, out, err = run(*COMMANDS[command], "--format", fmt)
    assert code == 0, err
    assert out.strip() and "Traceback" not in out + err
    if fmt == "json":
        assert json.loads(out)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) > 1 and len({len(r) for r in rows}) == 1
    elif fmt == "markdown":
        assert "\x1b[" not in out and "┃" not in out and "━" not in out
