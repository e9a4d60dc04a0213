"""The wizard end to end in a real pseudo-terminal (pexpect), and its questions as
data."""

import json
import os
import re
import shlex
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import model_row

from advisor.cli.wizard import questions, to_requirements, validator
from advisor.requirements import SCHEMA

ADVISOR = str(Path(sys.executable).parent / "advisor")
DOWN = "\x1b[B"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(*args):
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "50",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # nobody answers cursor-position queries
    child = pexpect.spawn(ADVISOR, list(args), encoding="utf-8", timeout=30,
                          dimensions=(50, 160), env=env)
    return child


def answer_questions(child):
    child.expect("open license"); child.send("y")  # noqa: E702
    child.expect("commercial use"); child.send("n")  # noqa: E702
    child.expect("downloadable"); child.send("n")  # noqa: E702
    child.expect("resolution"); child.send("huge\r")  # noqa: E702
    child.expect("cannot read 'huge' as an image resolution")  # re-asked
    child.send("\x7f" * 4 + "336\r")
    child.expect("token limit"); child.send("2k\r")  # noqa: E702
    for prompt in ("Minimum parameters", "Maximum parameters", "GPU memory", "Tasks",
                   "Inputs",
                   "model types", "architectures", "leave out", "matters most",
                   "similarity",
                   "How many"):
        child.expect(prompt)
        child.send("\r")
    child.expect("unknown facts"); child.send("n")  # noqa: E702
    child.expect("What next")


def ranking(text: str) -> list[str]:
    rows = re.findall(r"^│\s*(\d+)\s*│\s*([^│]+?)\s*│", ANSI.sub("", text), re.M)
    return [name for _, name in rows]


def test_wizard_end_to_end(capsys):
    child = spawn()
    answer_questions(child)
    # the whole catalog, ranked by published numbers on the general VQA benchmarks:
    # Qwen3-VL (MMMU val 78.7 for the 235B) and Pixtral 12B (MMMU with CoT 52.5,
    # the best of its setting)
    shown = ranking(child.before)
    assert shown[:2] == ["Qwen3-VL", "Pixtral 12B"]
    child.send("\r")                                  # Explain a pick
    child.expect("Which one")
    child.send("\r")                                  # #1
    child.expect("What next")
    explained = ANSI.sub("", child.before)
    assert "Vision-Language Bridge" in explained and "4,096 px >= 336 px" in explained
    child.send(DOWN * 5 + "\r")                       # Print the equivalent command
    child.expect(r"advisor recommend[^\r\n]*")
    command = ANSI.sub("", child.after).strip()
    child.expect("What next")
    child.send(DOWN * 6 + "\r")                       # Quit
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert command == ("advisor recommend --open-license --min-image-resolution 336 "
                       "--min-token-limit 2000")

    from advisor.cli import main
    main(shlex.split(command)[1:] + ["--format", "json"])
    names = [r["name"] for r in json.loads(capsys.readouterr().out)["recommendations"]]
    assert names == shown


def test_wizard_critique_and_save(tmp_path):
    # the seed table as typed: LLaVA (13B), MiniGPT-4, Kosmos-2
    child = spawn("wizard", "--origin", "seed", "--facts", "seed")
    child.cwd = str(tmp_path)
    answer_questions(child)
    child.send(DOWN * 2 + "\r")                       # Like one of these, but ...
    child.expect("Like which")
    child.send(DOWN + "\r")                           # #2 MiniGPT-4
    child.expect("But")
    child.send(DOWN * 2 + "\r")                       # smaller
    child.expect("What next")
    after = ranking(child.before)
    assert "MiniGPT-4" not in after and "LLaVA (13B)" not in after
    child.send(DOWN * 4 + "\r")                       # Save the requirements
    child.expect("File")
    path = tmp_path / "needs.json"
    child.send("\x7f" * 40 + str(path) + "\r")
    child.expect("What next")
    saved = json.loads(path.read_text())
    assert saved["similar_to"] == "MiniGPT-4" and saved["max_params"] == 7e9 - 1
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


@pytest.mark.parametrize("key", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_wizard_leaves_cleanly(key):
    child = spawn("wizard")
    child.expect("open license")
    child.send("n")
    child.expect("commercial use")
    child.send("n")
    child.expect("downloadable")
    child.send("n")
    child.expect("resolution")
    child.send(key)
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert "Traceback" not in output
    assert child.exitstatus == 130
    assert "bye." in output


def test_questions_follow_the_schema(catalog):
    asked = [q["name"] for q in questions(catalog)]
    assert asked == [s.key for s in SCHEMA if s.key not in ("prefer", "weights")]
    by_name = {q["name"]: q for q in questions(catalog)}
    arch = {c.value: c.description for c in by_name["architectures"]["choices"]}
    assert arch["Dual Encoder"].startswith("Independent vision and text encoders")
    check = validator(by_name["min_token_limit"], catalog)
    assert check("2k") is True and check("") is True
    assert check("lots").startswith("min_token_limit: cannot read 'lots'")
    assert validator(by_name["exclude"], catalog)("nonesuch").startswith(
        "exclude: unknown model 'nonesuch'")


def test_answers_become_requirements():
    answers = {"open_license": True, "commercial_use": False, "min_token_limit": "2k",
               "precision": "fp16", "tasks": [], "gpu_memory_gb": None}
    assert to_requirements(answers) == {"open_license": True, "min_token_limit": "2k"}


def test_the_wizard_shows_catalog_text_as_typed(write_csv, monkeypatch):
    """A name with rich markup and a caveat with an escape sequence are shown, not
    obeyed."""
    import io
    from types import SimpleNamespace

    from rich.console import Console

    from advisor import advise, load_catalog
    from advisor.cli import wizard

    name = "Evil [red]x[/red]"
    cat = load_catalog(write_csv([model_row(name=name,
                                            caveats="token_limit: clears\x1b[2J")]))
    buffer = io.StringIO()
    s = wizard._Session(cat, "advisor", Console(file=buffer, width=400), [], {}, {},
                        advise({"min_token_limit": 10}, catalog=cat))
    monkeypatch.setattr(wizard.questionary, "select", lambda *a, **k: SimpleNamespace(
        unsafe_ask=lambda: name))
    wizard._explain_pick(s)
    shown = buffer.getvalue()
    assert shown.count("Evil [red]x[/red]") >= 2  # the heading and the explanation
    assert "clears\\x1b[2J" in shown
    assert "\x1b" not in shown
