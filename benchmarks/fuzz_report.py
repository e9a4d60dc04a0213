"""Turn `pytest --hypothesis-show-statistics` output into the fuzz table of
docs/reliability.md."""

from __future__ import annotations

import re
import sys
from pathlib import Path

WHAT = {
    "test_any_requirements_give_advice_or_an_advisor_error":
        "requirement dicts: any keys, any values (text, numbers, NaN, lists, dicts)",
    "test_any_catalog_loads_or_names_row_and_column":
        "catalog CSVs whose cells are arbitrary or odd strings",
    "test_count_round_trip": "parameter/token ranges written as text and read back",
    "test_resolution_round_trip": "resolution ranges written as text and read back",
    "test_loosening_a_threshold_never_shrinks_the_fully_met_set":
        "pairs of thresholds, tight and loose",
    "test_any_path_loads_or_is_one_advisor_error":
        "catalog paths: any text, directories, devices, /proc, very long or NUL",
    "test_control_characters_never_print_raw":
        "catalog cells holding control characters (U+0000-U+009F), explained",
    "test_bulk_scans_agree_with_one_by_one":
        "texts of glossary names, separators, newlines and Unicode: the bulk "
        "glossary and task-rule readings against one text at a time",
}


def table(log: str) -> str:
    rows = ["| inputs tried | examples | what happened |", "|---|---:|---|"]
    for block in re.split(r"\n(?=tests/test_fuzz\.py::)", log):
        m = re.match(r"tests/test_fuzz\.py::(\w+):", block)
        if not m or m.group(1) not in WHAT:
            continue
        counts = re.findall(r"(\d+) passing, (\d+) failing", block)
        passing = sum(int(p) for p, _ in counts)
        failing = sum(int(f) for _, f in counts)
        events = [(pct, what) for pct, what in re.findall(r"\* ([\d.]+)%, (.+)", block)
                  if what.startswith(("refused", "answered", "loaded"))]
        happened = "; ".join(f"{what} ({pct}%)" for pct, what in events) or \
            "the property held"
        if failing:
            happened = f"**{failing} failing**; " + happened
        rows.append(f"| {WHAT[m.group(1)]} | {passing:,} | {happened} |")
    return "\n".join(rows)


if __name__ == "__main__":
    text = table(Path(sys.argv[1]).read_text())
    readme = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    if readme:
        doc = readme.read_text(encoding="utf-8")
        start, end = "<!-- fuzz:start -->", "<!-- fuzz:end -->"
        i, j = doc.index(start) + len(start), doc.index(end)
        readme.write_text(doc[:i] + "\n" + text + "\n" + doc[j:], encoding="utf-8")
    print(text)
