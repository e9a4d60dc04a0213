"""The README and the manual under docs/ (advisor/docs.py writes their generated
parts; tests/test_curated.py checks those are current)."""

import re
from pathlib import Path

import pytest

from advisor.docs import GENERATED, generated, readme_block, session

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _anchors(path: Path) -> set[str]:
    # GitHub's heading ids: lower case, punctuation dropped, spaces as dashes
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
            for h in re.findall(r"^#+ (.*)$", path.read_text(encoding="utf-8"), re.M)}


def test_every_relative_link_resolves():
    broken = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            file, _, anchor = target.partition("#")
            path = (page.parent / file).resolve() if file else page
            if not path.exists() or (anchor and path.suffix == ".md"
                                     and anchor not in _anchors(path)):
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert not broken


def test_the_readme_is_a_front_door_and_links_every_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # quick start, the commands, the transcript; the manual lives under docs/
    assert len(readme.encode()) < 32_000
    for heading in ("## Quick start", "## The command line", "## The manual"):
        assert heading in readme
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for page in PAGES[1:]:
        if page.name != "index.md":
            assert f"(docs/{page.name})" in readme, page.name
            assert f"({page.name})" in index, page.name


def test_every_generated_part_has_its_markers_in_its_page():
    for name, page in GENERATED.items():
        text = (ROOT / page).read_text(encoding="utf-8")
        assert text.count(f"<!-- {name}:start") == 1 and \
            text.count(f"<!-- {name}:end -->") == 1, (name, page)
        others = [p for p in PAGES if p != ROOT / page]
        assert not any(f"<!-- {name}:start" in p.read_text(encoding="utf-8")
                       for p in others), name


@pytest.mark.parametrize("name", GENERATED)
def test_every_generated_part_is_current(name, catalog):
    # the model table, the requirement keys, the commands, each transcript and the
    # Python session, made again now from the bundled catalog, the registry and
    # the CLI, must read as the page has them
    text = (ROOT / GENERATED[name]).read_text(encoding="utf-8")
    assert readme_block(text, name) == generated(name, text, catalog), \
        f"{GENERATED[name]}: {name} is stale; run `make readme-table`"


def test_a_session_shows_each_value_under_its_statement():
    block = """>>> x = [1, 2,
...      3]
>>> len(x)
>>> "y" * 200
ignored line"""
    assert session(block, width=10).splitlines() == [
        ">>> x = [1, 2,", "...      3]", ">>> len(x)", "3", '>>> "y" * 200',
        "'yyyyyy..."]
