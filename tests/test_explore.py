"""explore: the explorer's widgets driven in Python, and `advisor serve` driven in
headless Chromium."""

import pytest

from advisor import advise, explore
from advisor.requirements import SCHEMA


@pytest.fixture(scope="module")
def app(catalog):
    return explore(catalog)


def first_names(e, n=3):
    return [r.name for r in e.advice][:n]


def test_every_requirement_key_has_a_control(app):
    # the wizard's questions ("where" sets api_only too), then the keys it leaves
    # to flags: include_retired, prefer and weights
    from advisor.cli.wizard import questions
    asked = {q["name"] for q in questions(app.catalog)}
    assert asked < set(app.controls)
    keys = {k for q in app.questions for k in q["keys"]}
    assert keys == {s.key for s in SCHEMA}
    assert set(app.controls) - asked == {"include_retired", "prefer", "weights"}


def test_prefer_and_weights_take_the_flags_words(catalog):
    e = explore(catalog, tasks=["ocr"])
    e.controls["prefer"].value = "commercial_use=true"
    e.controls["weights"].value = "similarity=2"
    assert e.requirements["prefer"] == {"commercial_use": "true"}
    assert e.requirements["weights"] == {"similarity": 2.0}
    assert "--prefer commercial_use=true" in e.command.value
    e.controls["weights"].value = "similarity=lots"
    assert "--weight: similarity=&#x27;lots&#x27; is not a number" in e.status.value


def test_moving_controls_ranks_as_advise_does(catalog):
    e = explore(catalog)
    e.controls["where"].value = "24"
    e.controls["tasks"].value = ("ocr",)
    e.controls["licence"].value = "Open weights (downloadable)"
    want = advise({"gpu_memory_gb": "24", "tasks": ["ocr"], "open_weights": True},
                  catalog=catalog)
    assert first_names(e, 5) == [r.name for r in want][:5]
    assert e.requirements == {"gpu_memory_gb": "24", "tasks": ["ocr"],
                              "open_weights": True}
    assert e.command.value == ("advisor recommend --open-weights --gpu-memory-gb 24 "
                               "--task ocr")
    assert e.python.value == ("import advisor\nadvisor.advise({'open_weights': True, "
                              "'gpu_memory_gb': '24', 'tasks': ['ocr']})")
    top = want[0].name
    assert f"<td>{top}</td>" in e.table.value.replace("&#x27;", "'")
    # the detail pane: the explanation, the numbers with their links, the memory
    # terms at the chosen GPU
    assert e.pick.value == top
    assert want[0].explanation[:40] in e.detail.value
    number = want[0].numbers[0]
    assert number["benchmark"] in e.detail.value and 'href="https://' in e.detail.value
    assert "of 24 GB" in e.detail.value and "KV cache" in e.detail.value


def test_a_refused_value_is_said_and_the_ranking_kept(catalog):
    e = explore(catalog, tasks=["video-qa"])
    before = e.table.value
    e.controls["where"].value = "24"
    e.controls["image_size"].value = "lots"
    assert "image_size: &#x27;lots&#x27; is not an image size" in e.status.value
    assert e.table.value != "" and e.requirements["image_size"] == "lots"
    e.controls["image_size"].value = "1024x1024"
    assert "Recommendations" in e.status.value or "closest" in e.status.value
    assert before  # the first ranking was drawn


def test_why_not_any_model(catalog):
    e = explore(catalog, tasks=["ocr"])
    e.why_name.value = "MiniGPT-4"
    assert "MiniGPT-4 is ruled out by tasks" in e.why_not.value
    e.why_name.value = "no such model"
    assert "unknown model" in e.why_not.value


def test_data_reaches_the_page_as_text(write_csv):
    from conftest import model_row
    path = write_csv([model_row(name="<script>alert(1)</script>"),
                      model_row(name="B", caveats="x: <img src=x onerror=alert(1)>")])
    e = explore(str(path))
    assert "<script>" not in e.table.value and "&lt;script&gt;" in e.table.value
    e.pick.value = "B"
    assert "<img" not in e.detail.value


def test_the_page_in_a_browser_ranks_again_when_two_controls_move(tmp_path):
    # issue 28: `advisor serve` in headless Chromium; "where" gets 24 (GB) and the
    # tasks ocr, and the first row becomes what advise says for those
    from advisor.explore import move_two_controls, served
    before, after = served(move_two_controls, tmp_path / "explorer.png")
    want = advise({"gpu_memory_gb": "24", "tasks": ["ocr"]})[0].name
    assert before == advise({})[0].name and after == want != before
    assert (tmp_path / "explorer.png").stat().st_size > 10_000
