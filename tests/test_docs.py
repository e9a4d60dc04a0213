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
    # quick start, recipes (each a command and its real output), the commands, a
    # Python session; the manual lives under docs/ (issue 27: at most ~15 KB)
    assert len(readme.encode()) < 15_500
    for heading in ("## Quick start", "## Recipes", "## Commands", "## From Python",
                    "## The manual"):
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


def test_the_site_builds_strict(tmp_path):
    # mkdocs --strict: a broken link or anchor, a page outside the navigation, or a
    # docstring the API reference cannot read fails the build (make docs)
    import os
    import subprocess
    import sys
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
         str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    built = {p.parent.name for p in (tmp_path / "site").glob("*/index.html")}
    pages = {p.stem for p in PAGES[1:] if p.name != "index.md"}
    assert pages <= built, pages - built
    reference = (tmp_path / "site" / "reference" / "index.html").read_text(
        encoding="utf-8")
    assert "advisor.engine.advise" in reference and "load_catalog" in reference


def test_the_manual_cites_no_file_outside_the_repository():
    for page in PAGES:
        assert "../shared" not in page.read_text(encoding="utf-8"), page.name
