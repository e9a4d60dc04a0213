"""Catalog files as users have them, safe catalog edits, safe exports."""

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, model_row

from advisor import AdvisorError, advise, glossary, load_catalog
from advisor.cli import main
from advisor.columns import COLUMNS, REQUIRED_COLUMNS
from advisor.edit import add_model
from advisor.errors import AdvisorWarning


def csv_bytes(rows, columns=REQUIRED_COLUMNS, sep=",", newline="\n"):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), delimiter=sep,
                       lineterminator=newline, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8")


ROWS = [model_row(name="Tiny"), model_row(name="Big, Bold", parameter_count="7B",
                                          training_data_size="line one\nline two")]


@pytest.mark.parametrize("variant", ["plain", "bom", "crlf", "semicolon", "tab",
                                     "trailing blank rows"])
def test_catalog_files_as_users_have_them(tmp_path, variant):
    data = {
        "plain": csv_bytes(ROWS, COLUMNS),
        "bom": b"\xef\xbb\xbf" + csv_bytes(ROWS, COLUMNS),
        "crlf": csv_bytes(ROWS, COLUMNS, newline="\r\n"),
        "semicolon": csv_bytes(ROWS, COLUMNS, sep=";"),
        "tab": csv_bytes(ROWS, COLUMNS, sep="\t"),
        "trailing blank rows": csv_bytes(ROWS, COLUMNS) + b"\n\n,,,\n\n",
    }[variant]
    path = tmp_path / "my.csv"
    path.write_bytes(data)
    cat = load_catalog(path)
    assert cat.names == ["Tiny", "Big, Bold"]
    big = cat["big, bold"]
    assert big.parameter_count.low == 7e9
    assert big.raw["training_data_size"].splitlines() == ["line one", "line two"]


def test_unknown_columns_are_kept_with_a_warning(tmp_path):
    path = tmp_path / "my.csv"
    path.write_bytes(csv_bytes([{**ROWS[0], "stars": "5", "notes": "x"}],
                               [*REQUIRED_COLUMNS, "stars", "notes"]))
    with pytest.warns(AdvisorWarning, match=r"my\.csv: unknown column\(s\) kept and "
                                            r"ignored: 'stars', 'notes'"):
        cat = load_catalog(path)
    assert cat.frame["stars"].tolist() == ["5"]


def test_cli_shows_the_warning_on_one_line(tmp_path, capsys):
    path = tmp_path / "my.csv"
    path.write_bytes(csv_bytes([{**ROWS[0], "stars": "5"}],
                               [*REQUIRED_COLUMNS, "stars"]))
    main(["catalog", "show", str(path), "--format", "json"])
    err = capsys.readouterr().err
    assert err.strip() == (f"warning: {path}: unknown column(s) kept and ignored: "
                           "'stars'")


def test_case_only_duplicates_are_refused(tmp_path):
    path = tmp_path / "my.csv"
    path.write_bytes(csv_bytes([model_row(name="Tiny"), model_row(name="TINY")]))
    with pytest.raises(AdvisorError, match=r"rows 1, 2, column 'name': duplicate name"):
        load_catalog(path)


def test_separator_that_is_neither_is_a_clear_error(tmp_path):
    path = tmp_path / "my.csv"
    path.write_bytes(b"name|model_type|architecture\nA|VLM|Dual Encoder\n")
    with pytest.raises(AdvisorError, match=r"missing required column\(s\) 'name'"):
        load_catalog(path)


# -- catalog add -----------------------------------------------------------------------
NEW = dict(name="TinyCLIP", model_type="VLM", architecture="Dual Encoder",
           parameter_count="~90M", token_limit="77", image_resolution="224x224",
           license="MIT (open)")


@pytest.mark.parametrize("variant", ["plain", "crlf + bom", "semicolon",
                                     "no final newline"])
def test_add_keeps_every_other_byte(tmp_path, variant):
    data = {"plain": csv_bytes(ROWS, COLUMNS),
            "crlf + bom": b"\xef\xbb\xbf" + csv_bytes(ROWS, COLUMNS, newline="\r\n"),
            "semicolon": csv_bytes(ROWS, COLUMNS, sep=";"),
            "no final newline": csv_bytes(ROWS, COLUMNS).rstrip(b"\n")}[variant]
    path = tmp_path / "my.csv"
    path.write_bytes(data)
    m = add_model(path, NEW)
    assert m.parameter_count.low == 90e6
    after = path.read_bytes()
    assert after.startswith(data)
    assert (tmp_path / "my.csv.bak").read_bytes() == data
    added = after[len(data):]
    if variant == "crlf + bom":
        assert added.endswith(b"\r\n") and b"\n" not in added.replace(b"\r\n", b"")
    if variant == "semicolon":
        assert added.count(b";") == len(COLUMNS) - 1
    cat = load_catalog(path)
    assert cat.names == ["Tiny", "Big, Bold", "TinyCLIP"]
    assert cat["tinyclip"].raw["origin"] == "user"


def test_add_creates_a_missing_file(tmp_path):
    path = tmp_path / "new.csv"
    add_model(path, NEW)
    assert load_catalog(path).names == ["TinyCLIP"]
    assert not (tmp_path / "new.csv.bak").exists()


@pytest.mark.parametrize("row, message", [
    ({**NEW, "name": "tiny"}, r"'tiny' is already in .*my\.csv as 'Tiny' \(row 1\)"),
    ({**NEW, "token_limit": "lots"}, r"\(new model 'TinyCLIP'\): row 1 \('TinyCLIP'\), "
                                     r"column 'token_limit': cannot read 'lots'"),
    ({**NEW, "license": ""}, r"catalog add: missing license"),
    ({**NEW, "stars": "5"}, r"catalog add: unknown column 'stars'"),
])
def test_add_refuses_and_writes_nothing(tmp_path, row, message):
    path = tmp_path / "my.csv"
    data = csv_bytes(ROWS, COLUMNS)
    path.write_bytes(data)
    with pytest.raises(AdvisorError, match=message):
        add_model(path, row)
    assert path.read_bytes() == data
    assert not (tmp_path / "my.csv.bak").exists()


def test_add_refuses_a_column_the_file_lacks(tmp_path):
    path = tmp_path / "my.csv"
    path.write_bytes(csv_bytes(ROWS))  # required columns only
    with pytest.raises(AdvisorError, match=r"has no column 'source'"):
        add_model(path, {**NEW, "source": "https://example.org"})


def test_add_never_writes_the_bundled_catalog():
    from advisor.loader import bundled_catalog_path
    before = bundled_catalog_path().read_bytes()
    with pytest.raises(AdvisorError, match=r"is the bundled catalog, which is never "
                                           r"written"):
        add_model(bundled_catalog_path(), NEW)
    assert bundled_catalog_path().read_bytes() == before


def test_two_concurrent_adds_both_land(tmp_path):
    path = tmp_path / "my.csv"
    data = csv_bytes(ROWS, COLUMNS)
    path.write_bytes(data)
    script = ("import sys; from advisor.edit import add_model; "
              "add_model(sys.argv[1], dict(name=sys.argv[2], model_type='VLM', "
              "architecture='Dual Encoder', license='MIT (open)'))")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), f"M{i}"])
             for i in range(4)]
    assert [p.wait() for p in procs] == [0, 0, 0, 0]
    cat = load_catalog(path)
    assert sorted(cat.names[2:]) == ["M0", "M1", "M2", "M3"]
    assert path.read_bytes().startswith(data)


def test_a_killed_writers_temporary_files_go_on_the_next_write(tmp_path):
    # issue 30, finding 5: a kill -9 mid-write leaves .my.csv.XXXX.tmp; the next
    # write (under the lock, so no other writer owns one) removes it
    path = tmp_path / "my.csv"
    path.write_bytes(csv_bytes(ROWS, COLUMNS))
    stale = [tmp_path / ".my.csv.abc123.tmp", tmp_path / ".my.csv.bak.def456.tmp"]
    for t in stale:
        t.write_bytes(b"half a file")
    other = tmp_path / ".other.csv.x.tmp"   # not ours to remove
    other.write_bytes(b"x")
    add_model(path, NEW)
    assert not any(t.exists() for t in stale) and other.exists()
    assert "TinyCLIP" in load_catalog(path).names


KILLS = 12  # kill -9 points per run of the suite (each a fresh interpreter)


def test_a_write_killed_at_any_moment_leaves_the_old_or_the_new_file(tmp_path):
    # issue 29: adds stay atomic under kill -9 at any moment: the catalog is
    # always the old complete file or the new one, never a mix
    import random
    import signal
    import time
    path = tmp_path / "my.csv"
    # big enough that a write takes a while
    old = csv_bytes([model_row(name=f"M{i:04d}") for i in range(3000)], COLUMNS)
    script = ("import sys; from advisor.edit import add_model; "
              "add_model(sys.argv[1], dict(name='Killed', model_type='VLM', "
              "architecture='Dual Encoder', license='MIT (open)'))")
    rng = random.Random(29)
    for _ in range(KILLS):
        path.write_bytes(old)
        p = subprocess.Popen([sys.executable, "-c", script, str(path)])
        time.sleep(rng.uniform(0.05, 0.45))  # from start-up to after the rename
        p.send_signal(signal.SIGKILL)
        p.wait()
        now = path.read_bytes()
        assert now == old or (now.startswith(old) and b"Killed" in now[len(old):])
        # and the file still loads (the old rows, or the old rows and the new one)
        assert load_catalog(path).names[-1] in ("M2999", "Killed")


IMPORT_KILLS = 30  # issue 29: an import killed at 30 random points per run


def _fork(work) -> int:
    """Run ``work`` in a forked child (this interpreter, advisor already imported:
    no start-up time, so the kills land across the import itself); its pid."""
    import gc
    import os
    gc.freeze()  # the child's collector leaves the parent's objects (and pages) be
    pid = os.fork()
    if pid:
        gc.unfreeze()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            work()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return pid


def test_an_import_killed_at_any_moment_leaves_the_old_or_the_new_file(tmp_path):
    # issue 29: the catalog an import writes into is, after a kill -9 at any
    # moment, the old complete file or the new one, and no temporary file stays
    # beyond the next write
    import os
    import random
    import signal
    import time

    from advisor.imports import catalog_import
    fixture = str(ROOT / "tests" / "fixtures" / "litellm-1.110.2-excerpt.json")
    path = tmp_path / "my.csv"
    old = csv_bytes([model_row(name=f"M{i:04d}") for i in range(200)], COLUMNS)

    def run():
        catalog_import("litellm", fixture, path, as_of="2026-11-26")

    took = 0.0  # the longest of three whole imports in a forked child
    for _ in range(3):
        path.write_bytes(old)
        started = time.perf_counter()
        os.waitpid(_fork(run), 0)
        took = max(took, time.perf_counter() - started)
    new = path.read_bytes()
    assert new.startswith(old) and len(new) > len(old)
    rng = random.Random(29)
    outcomes = set()
    for i in range(IMPORT_KILLS):
        path.write_bytes(old)
        (tmp_path / "my.csv.bak").unlink(missing_ok=True)
        pid = _fork(run)
        # one random moment in each 30th of two import times: from the start to
        # well after the rename, whatever this machine's speed
        time.sleep(took * 2 * (i + rng.random()) / IMPORT_KILLS)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        now = path.read_bytes()
        assert now in (old, new)
        outcomes.add(now == new)
        if now == old:  # a killed write's temporary file goes on the next write
            run()
            assert path.read_bytes() == new
        assert not list(tmp_path.glob(".my.csv.*.tmp")) or now == new
    assert outcomes == {False, True}  # kills landed before and after the rename


def test_concurrent_imports_and_adds_all_land(tmp_path):
    # issue 29: two imports from different feeds and two adds at once, into one
    # catalog: every one lands, none is lost to another's rename
    path = tmp_path / "my.csv"
    path.write_bytes(csv_bytes([model_row(name=f"M{i:04d}") for i in range(500)],
                               COLUMNS))
    fixtures = ROOT / "tests" / "fixtures"
    imports = [["litellm", fixtures / "litellm-1.110.2-excerpt.json"],
               ["models.dev", fixtures / "models.dev-f3fc692-excerpt.json"]]
    script = ("import sys; from advisor.imports import catalog_import; "
              "catalog_import(sys.argv[1], sys.argv[2], sys.argv[3], "
              "as_of='2026-11-26')")
    add = ("import sys; from advisor.edit import add_model; "
           "add_model(sys.argv[1], dict(name=sys.argv[2], model_type='VLM', "
           "architecture='Dual Encoder', license='MIT (open)'))")
    procs = [subprocess.Popen([sys.executable, "-c", script, kind, str(f), str(path)])
             for kind, f in imports]
    procs += [subprocess.Popen([sys.executable, "-c", add, str(path), f"Added{i}"])
              for i in range(2)]
    assert [p.wait() for p in procs] == [0] * 4
    # the result is the two imports' in one order or the other (serialised by the
    # lock), with the two added rows: never a model twice, never one lost
    from advisor.imports import catalog_import
    orders = []
    for order in (imports, imports[::-1]):
        alone = tmp_path / "alone.csv"
        alone.write_bytes(csv_bytes([model_row(name=f"M{i:04d}") for i in range(500)],
                                    COLUMNS))
        for kind, f in order:
            catalog_import(kind, str(f), alone, as_of="2026-11-26")
        orders.append(set(load_catalog(alone).names) | {"Added0", "Added1"})
    assert set(load_catalog(path).names) in orders
    assert len(orders[0]) > 505
    assert not list(tmp_path.glob(".my.csv.*.tmp"))


def test_cli_add(tmp_path, capsys):
    path = tmp_path / "my.csv"
    main(["catalog", "add", "--catalog", str(path),
          *[x for k, v in NEW.items() for x in (f"--{k.replace('_', '-')}", v)]])
    assert capsys.readouterr().out.strip() == f"Added TinyCLIP to {path}."
    with pytest.raises(SystemExit) as e:
        main(["catalog", "add", "--catalog", str(path), "--name", "X"])
    assert e.value.code == 2
    assert capsys.readouterr().err.strip() == (
        "error: catalog add: missing --model-type, --architecture, --license (on a "
        "terminal the wizard asks for them)")


# -- exports ---------------------------------------------------------------------------
def test_csv_export_neutralises_formulas(tmp_path, capsys):
    path = tmp_path / "evil.csv"
    path.write_bytes(csv_bytes([model_row(name="=HYPERLINK(\"http://x\")"),
                                model_row(name="@SUM(A1)", license="+cmd (open)"),
                                model_row(name="-1+2")], COLUMNS))
    main(["catalog", "show", str(path), "--format", "csv"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)",
                                        "'-1+2"]
    assert rows[2][COLUMNS.index("license")] == "'+cmd (open)"
    main(["recommend", "--catalog", str(path), "--format", "csv"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert all(not r[1].startswith(("=", "+", "-", "@", "\t")) for r in rows[1:])


def test_markdown_escapes_pipes(tmp_path, capsys):
    path = tmp_path / "pipes.csv"
    path.write_bytes(csv_bytes([model_row(name="A|B")], COLUMNS))
    main(["recommend", "--catalog", str(path), "--format", "markdown"])
    assert "| 1 | A\\|B |" in capsys.readouterr().out


SCAN = re.compile(r"(?<![\w.])(eval|exec|compile)\("
                  r"|\bimport (c?pickle|marshal|shelve)\b"
                  r"|\b(pickle|marshal|shelve)\.|yaml\.load|allow_pickle\s*=\s*True"
                  r"|__import__\(")


def test_nothing_evaluates_or_unpickles():
    lines = [(f"{p.relative_to(ROOT)}:{i}", line)
             for p in (ROOT / "advisor").rglob("*.py")
             for i, line in enumerate(p.read_text().splitlines(), 1)]
    assert [where for where, line in lines if SCAN.search(line)] == []
    # the one interpreter: make readme-table runs the README's own Python session
    assert [where.split(":")[0] for where, line in lines
            if "code.InteractiveConsole" in line] == ["advisor/docs.py"]
    loads = [line for _, line in lines if "np.load(" in line]
    assert loads and all("allow_pickle=False" in line for line in loads)


def test_scan_finds_what_it_looks_for():
    for bad in ("x = eval(text)", "import pickle", "pickle.loads(b)", "exec(code)",
                "np.load(f, allow_pickle=True)", "yaml.load(s)"):
        assert SCAN.search(bad), bad
    assert not SCAN.search("re.compile(text)")
    assert not SCAN.search("np.load(path, allow_pickle=False)")


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\tx"])
def test_csv_cell_neutralises_every_formula_start(cell):
    from advisor.cli.render import csv_cell
    assert csv_cell(cell) == "'" + cell
    assert csv_cell("plain") == "plain" and csv_cell(None) == ""
    # a carriage return is a control character: shown as an escape, so no
    # spreadsheet sees a line start there (issue 17, finding 5)
    assert csv_cell("\rx") == "\\rx"


def test_a_header_only_catalog_is_a_clear_error(tmp_path):
    # issue 17, finding 3: a header and no rows
    path = tmp_path / "empty.csv"
    path.write_text(",".join(REQUIRED_COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(AdvisorError, match=r"empty.csv: no models: the file has a "
                                           r"header but no rows"):
        load_catalog(path)
    assert main_exit(["recommend", "--catalog", str(path)]) == 2
    assert main_exit(["catalog", "validate", str(path)]) == 1


def test_excluding_every_model_leaves_nothing(catalog):
    # issue 17, finding 4
    from advisor import advise
    advice = advise({"exclude": catalog.names}, catalog=catalog)
    assert advice.names == [] and advice.relaxations == []
    assert (f"Every model is excluded: exclude names all {len(catalog)} models"
            in advice.summary())
    # one model left, failing another requirement: that, not exclusion, is said
    some = advise({"exclude": catalog.names[1:], "max_params": "1M"}, catalog=catalog)
    assert some.names == [] and some.no_fit == "No model meets every requirement."


def test_the_cli_says_when_exclude_leaves_nothing(tmp_path, capsys):
    import json

    from advisor import load_catalog
    path = tmp_path / "req.json"
    names = load_catalog().names
    path.write_text(json.dumps({"exclude": names}))
    for fmt in ("table", "markdown"):
        assert main_exit(["recommend", "--requirements", str(path), "--format",
                          fmt]) == 0
        out = " ".join(capsys.readouterr().out.split())
        assert f"Every model is excluded: exclude names all {len(names)} models" in out


def test_huge_weights_neither_overflow_nor_empty_the_ranking(catalog):
    # issue 17, findings 7 and 8
    from advisor import advise
    advice = advise({"weights": {"similarity": 1e308, "checks": 1e308},
                     "tasks": ["vqa"]}, catalog=catalog)
    assert len(advice) == 5 and all(0 <= r.fit <= 1 for r in advice)
    with pytest.raises(AdvisorError, match=r"weights: checks == 1000000000000000"):
        advise({"weights": {"checks": 10**400}}, catalog=catalog)


def main_exit(argv):
    try:
        main(argv)
    except SystemExit as e:
        return e.code
    return 0


ESC = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\\x1b[2J"


def test_control_characters_never_reach_the_terminal(write_csv, capsys):
    # issue 17, finding 5: an OSC 8 hyperlink and a clear-screen in a cell
    path = write_csv([model_row(name="A", architecture="Dual Encoder" + ESC,
                                caveats="license: " + ESC)])
    for fmt in ("table", "markdown", "csv"):
        assert main_exit(["recommend", "--catalog", str(path), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out
    assert main_exit(["explain", "A", "--catalog", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b" in out  # shown as an escape


def test_a_name_with_a_control_character_is_refused(write_csv, tmp_path):
    path = write_csv([model_row(name="A\x1b[2J")])
    with pytest.raises(AdvisorError, match=r"row 1, column 'name': 'A\\\\x1b\[2J' "
                                           r"contains a control character"):
        load_catalog(path)
    with pytest.raises(AdvisorError, match="contains a control character"):
        add_model(tmp_path / "mine.csv", {**model_row(name="B\x07")})


@pytest.mark.parametrize("case", ["directory", "fifo", "under a file", "loop",
                                  "too long", "dev zero"])
def test_hostile_paths_are_one_error_line(tmp_path, capsys, case):
    # issue 17, finding 8: each of these once gave a traceback or hung
    import os
    path = tmp_path / "x"
    if case == "directory":
        path.mkdir()
    elif case == "fifo":
        os.mkfifo(path)
    elif case == "under a file":
        path.write_text("a")
        path = path / "y"
    elif case == "loop":
        os.symlink(tmp_path / "z", path)
        os.symlink(path, tmp_path / "z")
    elif case == "too long":
        path = tmp_path / ("n" * 5000)
    else:
        path = "/dev/zero"
    said = {"directory": "a directory, not a regular file",
            "fifo": "a FIFO, not a regular file",
            "dev zero": "a device, not a regular file"}.get(case, "")
    for argv in (["recommend", "--catalog", str(path)],
                 ["recommend", "--requirements", str(path)]):
        assert main_exit(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1, err
        assert said in err and "cannot read it (" not in err or not said, err


def test_requirements_files_of_every_shape(tmp_path, capsys):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    huge = tmp_path / "huge.json"
    huge.write_text('{"top_k": ' + "9" * 5000 + "}")
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + b'{"tasks": ["vqa"], "top_k": 1}')
    for path in (deep, huge):
        assert main_exit(["recommend", "--requirements", str(path)]) == 2
        assert "not valid JSON" in capsys.readouterr().err
    assert main_exit(["recommend", "--requirements", str(bom), "--format",
                      "json"]) == 0


def test_small_errors_are_advisor_errors(catalog):
    # issue 17, finding 12, and the huge integers of finding 8
    from advisor import advise
    with pytest.raises(AdvisorError, match=r"prefer: max_params: cannot read "
                                           r"'lots'"):
        advise({"prefer": {"max_params": "lots"}}, catalog=catalog)
    with pytest.raises(AdvisorError, match=r"catalog: expected a path, got int"):
        load_catalog(1)
    with pytest.raises(AdvisorError, match=r"max_params == 1000000000000000"):
        advise({"max_params": 10**400}, catalog=catalog)


@pytest.mark.parametrize("lookalike", [
    "ＣＬＩＰ (ViT-B/32)",          # fullwidth letters
    "CLІP (ViT-B/32)",              # a Cyrillic І
    "CLIP\u200b (ViT-B/32)",        # a zero-width space
    "CLIP  (ViT-B/32)",             # two spaces
    "clip (vit-b/32)",              # case
])
def test_lookalike_names_are_the_same_model(tmp_path, lookalike):
    # issue 17, finding 9: each of these was accepted as a new model
    path = tmp_path / "mine.csv"
    add_model(path, model_row(name="CLIP (ViT-B/32)"))
    with pytest.raises(AdvisorError, match=r"is already in .*mine\.csv as 'CLIP "
                                           r"\(ViT-B/32\)' \(row 1\)"):
        add_model(path, model_row(name=lookalike))
    assert load_catalog(path).resolve(lookalike) == "CLIP (ViT-B/32)"


def test_lookalike_duplicates_in_a_file_are_refused(write_csv):
    path = write_csv([model_row(name="SigLIP"), model_row(name="SіgLIP")])
    with pytest.raises(AdvisorError, match=r"rows 1, 2, column 'name': duplicate "
                                           r"name .*lookalike letters"):
        load_catalog(path)


def test_catalog_add_keeps_the_files_metadata_and_links(tmp_path):
    # issue 17, finding 6
    import os
    import stat
    real = tmp_path / "real.csv"
    add_model(real, model_row(name="A"))
    os.chmod(real, 0o664)
    link = tmp_path / "link.csv"
    os.symlink(real, link)
    add_model(link, model_row(name="B"))
    assert link.is_symlink()                            # the link is kept ...
    assert load_catalog(real).names == ["A", "B"]       # ... and its target written
    assert stat.S_IMODE(real.stat().st_mode) == 0o664   # the mode is kept
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    bak = tmp_path / "real.csv.bak"
    bak.unlink()
    os.symlink(victim, bak)                             # a planted .bak link
    add_model(real, model_row(name="C"))
    assert victim.read_text() == "keep me" and not bak.is_symlink()


@pytest.mark.parametrize("case", ["device", "no folder", "lock is a directory",
                                  "lock is a link"])
def test_catalog_add_refuses_what_it_cannot_write(tmp_path, case):
    # issue 17, findings 6 and 8
    import os
    path = tmp_path / "mine.csv"
    if case == "device":
        path = "/dev/null"
    elif case == "no folder":
        path = tmp_path / "missing" / "mine.csv"
    elif case == "lock is a directory":
        (tmp_path / "mine.csv.lock").mkdir()
    else:
        os.symlink(tmp_path / "elsewhere", tmp_path / "mine.csv.lock")
    with pytest.raises(AdvisorError, match=r"catalog add: "):
        add_model(path, model_row(name="A"))
    assert path == "/dev/null" or not Path(path).exists()


def test_large_inputs_are_echoed_bounded(tmp_path, capsys, write_csv, catalog):
    # issue 17, finding 11: what is echoed is bounded, repeated names are one
    from advisor import advise
    assert main_exit(["recommend", "--task", "x" * 1_000_000]) == 2
    err = capsys.readouterr().err
    assert len(err) < 2_200 and err.rstrip().endswith("characters in all)")
    many = advise({"exclude": ["clip"] * 100_000}, catalog=catalog)
    assert many.requirements.exclude == ("CLIP (ViT-B/32)",)
    columns = [*model_row().keys(), *(f"extra{i}" for i in range(50))]
    path = write_csv([{**model_row(name="A"), **{f"extra{i}": "x" for i in range(50)}}],
                     columns=columns)
    with pytest.warns(AdvisorWarning, match=r"'extra9' and 40 more$"):
        load_catalog(path)


def test_thousands_of_unknown_columns_are_named_not_read(write_csv, tmp_path):
    # issue 17, finding 11: 200k extra columns (1.7 MB) took 58 s to load
    from advisor.loader import validate_catalog
    columns = [*model_row().keys(), *(f"extra{i}" for i in range(150))]
    path = write_csv([{**model_row(name="A"), **{f"extra{i}": str(i)
                                                  for i in range(150)}}],
                     columns=columns)
    with pytest.warns(AdvisorWarning, match=r"unknown column\(s\) ignored: 'extra0',"
                      r".* and 140 more; the first 100 are kept \(catalog.frame\), "
                      r"the rest not read$"):
        cat = load_catalog(path)
    assert [c for c in cat.frame.columns if c.startswith("extra")] == [
        f"extra{i}" for i in range(100)]
    assert cat.frame["extra99"].tolist() == ["99"]
    with pytest.warns(AdvisorWarning, match="the rest not read"):
        assert validate_catalog(path) == []
    # catalog add still writes every column in the file's order
    with pytest.warns(AdvisorWarning):
        add_model(path, model_row(name="B"))
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows[2]) == len(columns) and rows[2][0] == "B" and rows[1][-1] == "149"


def test_a_large_catalog_shows_a_page_on_the_terminal(tmp_path, capsys):
    # issue 17, finding 11: catalog show on 100k rows took 193 s
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import ensure
    path = ensure(600, tmp_path)
    assert main_exit(["catalog", "show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "... the first 500 of 600; `--format csv`" in out
    assert main_exit(["catalog", "show", str(path), "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 601  # every row, and a header
    # recommend --top-k 99999999 on 100k rows took 206 s: a terminal shows a page,
    # and only what is shown is explained
    assert main_exit(["recommend", "--catalog", str(path), "--top-k", "99999999"]) == 0
    out = capsys.readouterr().out
    assert "... the first 500 of 600; `--format csv` or `--format json`" in out
    assert main_exit(["recommend", "--catalog", str(path), "--top-k", "99999999",
                      "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 601



def test_the_bytes_parsed_are_the_bytes_read_and_hashed(tmp_path, monkeypatch):
    # pandas parses a file by its path (in threads) only while the file is still
    # the version whose bytes were read and hashed; a file rewritten in between is
    # parsed from those bytes, so the cache never stores another version's rows
    import pandas as pd

    from advisor.loader import _stamp, read_csv
    parsed = []
    real = pd.read_csv
    monkeypatch.setattr(pd, "read_csv", lambda source, **kw: parsed.append(
        type(source).__name__) or real(source, **kw))
    path = tmp_path / "c.csv"
    path.write_text("name,license\nA,MIT (open)\n")
    before, data = _stamp(path), path.read_bytes()
    same = read_csv(data, "c.csv", same_as=(path, before))
    assert same["name"].tolist() == ["A"] and parsed == ["str"]      # by its path
    path.write_text("name,license\nB,MIT (open)\nC,MIT (open)\n")   # rewritten
    assert _stamp(path) != before
    old = read_csv(data, "c.csv", same_as=(path, before))
    assert old["name"].tolist() == ["A"] and parsed[1:] == ["BytesIO"]
    assert _stamp(tmp_path / "missing.csv") is None


@pytest.mark.parametrize("call, message", [
    (lambda c: advise({}, catalog=c, evidence=0),
     "evidence: expected a path to an evidence CSV, got int"),
    (lambda c: advise(["x"], catalog=c, top_k=3),
     "requirements: expected a dict of requirement keys, got list"),
    (lambda c: c.values(None), "column: unknown column None"),
    (lambda c: advise({}, catalog=c).critique("clip", ["smaller"]),
     "direction: unknown value ['smaller']"),
    (lambda c: glossary.lookup("clip", ["x"]),
     "category: unknown value ['x']"),
    (lambda c: advise({"top_k": "²"}, catalog=c), "top_k: '²' is not a whole number"),
])
def test_wrong_types_at_the_api_are_advisor_errors(catalog, call, message):
    # issue 30, finding 8: TypeError / KeyError / ValueError became AdvisorError
    with pytest.raises(AdvisorError) as e:
        call(catalog)
    assert str(e.value).startswith(message)


def test_markdown_carries_no_tag_and_no_bidi_control(tmp_path, capsys):
    # issue 30, finding 9: a name with <script> is escaped in Markdown; a name with
    # a right-to-left override is refused when read, shown escaped
    from advisor.cli import main
    path = tmp_path / "evil.csv"
    path.write_bytes(csv_bytes([model_row(name="<script>alert(1)</script>"),
                                model_row(name="Plain")], COLUMNS))
    main(["recommend", "--catalog", str(path), "--format", "markdown"])
    out = capsys.readouterr().out
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    path.write_bytes(csv_bytes([model_row(name="safe\u202eexe.txt")], COLUMNS))
    with pytest.raises(SystemExit) as e:
        main(["recommend", "--catalog", str(path)])
    err = capsys.readouterr().err
    assert e.value.code == 2 and "\u202e" not in err
    assert "row 1, column 'name': 'safe\\\\u202eexe.txt' contains a control" in err


def test_every_file_read_is_bounded(tmp_path):
    # issue 30, finding 3: validate read /dev/zero until memory ran out and waited
    # forever on a FIFO; every file the project reads goes through one bounded reader
    import os

    from advisor.loader import validate_catalog
    from advisor.memory import load_arch
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    assert validate_catalog(fifo) == [f"{fifo}: a FIFO, not a regular file"]
    assert validate_catalog("/dev/zero") == ["/dev/zero: a device, not a regular file"]
    with pytest.raises(AdvisorError, match=r"fifo.csv is not a regular file"):
        add_model(fifo, NEW)
    with pytest.raises(AdvisorError, match=r"/dev/zero: a device, not a regular file"):
        load_arch("/dev/zero")


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_catalog_gets_the_mode_the_umask_gives(tmp_path, umask):
    # issue 30, finding 9: a new catalog was 0600 (mkstemp's mode) whatever the umask
    import os
    import stat
    old = os.umask(umask)
    try:
        add_model(tmp_path / "new.csv", model_row(name="A"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o666 & ~umask


def test_the_backup_is_reported_where_it_is_written(tmp_path, capsys, monkeypatch):
    # issue 30, finding 9: through a link, the .bak was named beside the link
    import os
    (tmp_path / "real").mkdir()
    add_model(tmp_path / "real" / "c.csv", model_row(name="A"))
    os.symlink("real/c.csv", tmp_path / "link.csv")
    monkeypatch.chdir(tmp_path)
    assert main(["catalog", "add", "--catalog", "link.csv", "--name", "B",
                 "--model-type", "VLM", "--architecture", "Dual Encoder",
                 "--license", "MIT (open)"]) is None  # no exit: success
    said = capsys.readouterr().out
    assert f"(previous version: {tmp_path / 'real' / 'c.csv.bak'})" in said
    assert (tmp_path / "real" / "c.csv.bak").is_file()
    assert not (tmp_path / "link.csv.bak").exists()


def test_a_separator_ending_each_row_shifts_nothing(tmp_path):
    # issue 30, finding 9: rows ending in a comma (header too, or not) were read with
    # the first column as an index, every value one column left
    rows = csv_bytes(ROWS[:1] + [model_row(name="Two")]).decode().splitlines()
    for header_too in (True, False):
        text = "\n".join([rows[0] + ("," if header_too else "")]
                         + [r + "," for r in rows[1:]]) + "\n"
        path = tmp_path / f"{header_too}.csv"
        path.write_text(text)
        cat = load_catalog(path)
        assert cat.names == ["Tiny", "Two"]
        assert cat["Two"].license == ROWS[0]["license"]
    path.write_text("\n".join([rows[0], rows[1], rows[2] + ",oops"]) + "\n")
    with pytest.raises(AdvisorError, match=r"row 2 has \d+ fields but the header has "
                                           r"\d+: the value 'oops' is past the last"):
        load_catalog(path)


# issue 30: names and cells a feed or a CSV could carry, and a file name with an
# OSC 8 link and a right-to-left override
HOSTILE_NAMES = ["X [link=https://evil.example]GPT-5[/link]",
                 "[bold]Y[/bold] <script>alert(1)</script>",
                 "Z \\[link=https://evil.example]w[/link]"]
DIRTY = ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ \u202eevil\u2066 "
         "[link=https://evil.example]GPT-5[/link]")
LINKS_AND_BIDI = re.compile("\x1b\\]|[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def test_no_command_sends_a_link_or_a_bidi_control_to_a_terminal(tmp_path):
    # every command's output read on a pseudo-terminal, where Rich draws colours
    # and would draw links: no OSC sequence (a link) and no bidi control reaches it
    import pexpect
    with (ROOT / "catalog.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:6]
    for row, name in zip(rows, HOSTILE_NAMES, strict=False):  # the first three
        row.update(name=name, aliases="", organisation=DIRTY, vision_component=DIRTY,
                   caveats="source: " + DIRTY, url="https://evil.example/" + DIRTY)
    folder = tmp_path / ("d\x1b]8;;https:evil.example\x07\u202e")
    folder.mkdir()
    path = folder / "c\u2066.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    cat, first, second = str(path), HOSTILE_NAMES[0], HOSTILE_NAMES[1]
    runs = [["recommend", "--catalog", cat, "--top-k", "6"],
            ["recommend", "--catalog", cat, "--task", "ocr", "--open-license"],
            ["leaderboard", "--catalog", cat],
            ["compare", first, second, "--catalog", cat],
            ["similar", first, "--catalog", cat],
            ["why-not", second, "--catalog", cat, "--max-params", "1M"],
            ["fit", first, "--catalog", cat, "--gpu-memory-gb", "24"],
            ["tokens", first, "--catalog", cat, "--image-size", "512x512"],
            ["explain", "[link=https://evil.example]n[/link]\u202e", "--catalog", cat],
            ["glossary", "[link=https://evil.example]x[/link]\x1b]8;;"],
            ["catalog", "show", cat], ["catalog", "validate", cat],
            ["catalog", "status", cat], ["catalog", "audit", cat],
            ["catalog", "add", "--catalog", str(folder / "new\u202e.csv"), "--name",
             HOSTILE_NAMES[2], "--model-type", "VLM", "--architecture", DIRTY,
             "--license", "MIT (open)"],
            ["recommend", "--catalog", str(folder / "missing\u202e.csv")]]
    runs += [["explain", name, "--catalog", cat] for name in HOSTILE_NAMES]
    shown = 0
    for argv in runs:
        child = pexpect.spawn(sys.executable, ["-m", "advisor", *argv],
                              env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color",
                                   "COLUMNS": "120", "LINES": "50"},
                              encoding="utf-8", timeout=60, dimensions=(50, 120))
        out = ""
        while child.expect([pexpect.EOF, r"Enter to leave empty\)"]):  # add asks
            out += child.before + child.after
            child.send("\r")
        out += child.before
        child.close()
        assert child.exitstatus in (0, 1, 2), (argv, out[-500:])
        assert "Traceback" not in out, (argv, out[-500:])
        found = LINKS_AND_BIDI.search(out)
        assert not found, (argv, out[max(0, found.start() - 80):found.end() + 80])
        shown += "evil.example" in out  # the hostile text is shown, as text
    assert shown >= len(runs) - 4


def test_hostile_inputs_stay_within_500_mb(tmp_path):
    # issue 30, findings 3 and 4: each of these once grew to gigabytes or took
    # minutes (an 8 MB cell wrapped by Rich, a bar a millionth of a GB wide, a
    # trillion-token context, /dev/zero as a file). Memory is measured per command
    # (its peak resident size); time is left to `make bench`, with a generous
    # timeout here only so that a hang fails instead of stalling the suite.
    import os
    with (ROOT / "catalog.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:3]
    rows[0]["caveats"] = "x" * 8_000_000
    rows[1]["training_data_size"] = "word " * 400_000
    huge = tmp_path / "huge.csv"
    with huge.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    runs = [["explain", rows[0]["name"], "--catalog", str(huge)],
            ["explain", rows[1]["name"], "--catalog", str(huge)],
            ["compare", rows[0]["name"], rows[1]["name"], "--catalog", str(huge)],
            ["catalog", "show", str(huge)],
            ["fit", "qwen2.5-vl-7b", "--gpu-memory-gb", "0.000001"],
            ["fit", "qwen2.5-vl-7b", "--gpu-memory-gb", "24", "--context-tokens",
             "100000000000000"],
            ["recommend", "--gpu-memory-gb", "24", "--batch", "1" + "0" * 18],
            ["recommend", "--facts", "/dev/zero"],
            ["catalog", "validate", "/dev/zero"]]
    # a parent whose only child is the command reports the child's peak
    peak = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:]); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
            "file=sys.stderr)")
    for argv in runs:
        done = subprocess.run([sys.executable, "-c", peak, sys.executable, "-m",
                               "advisor", *argv], capture_output=True, timeout=120,
                              env={**os.environ, "COLUMNS": "80"})
        err = done.stderr.decode("utf-8", "replace")
        assert "Traceback" not in err and len(done.stdout) < 2_000_000, argv
        peak_kb = int(err.strip().splitlines()[-1])
        assert peak_kb < 500 * 1024, (argv, peak_kb)
        if argv[0] == "explain":  # the long cells are cut, and say so
            assert b"more characters; --format json shows all]" in done.stdout, argv


def test_a_bad_byte_is_named_where_it_is_in_the_file(write_csv):
    # issue 30, finding 9: pandas decodes in chunks and reported the byte's offset
    # in its chunk ("byte 1" for the 18th byte)
    path = write_csv([], text="")
    path.write_bytes(b"name,model_type\nA\xe9,B\n")
    with pytest.raises(AdvisorError, match=r"not UTF-8 text \(line 2, byte 17 of the "
                                           r"file\); save the CSV as UTF-8"):
        load_catalog(path)


@pytest.mark.parametrize("flag", ["--evidence", "--facts"])
def test_a_field_past_the_csv_modules_limit_is_one_error_line(tmp_path, capsys, flag):
    # issue 30, finding 3: any field over 128 KiB was an internal error
    from advisor.evidence import HEADER as EVIDENCE
    from advisor.facts import HEADER as FACTS
    header = list(EVIDENCE if flag == "--evidence" else FACTS)
    path = tmp_path / "long.csv"
    path.write_text(",".join(header) + "\n" + ",".join(["x"] * (len(header) - 1)
                                                       + ["y" * 200_000]) + "\n")
    assert main_exit(["recommend", flag, str(path), "--top-k", "1"]) == 2
    err = capsys.readouterr().err
    assert err == (f"error: {path}: line 2: not a readable CSV: a field is longer "
                   "than 131,072 characters (a quote left open?)\n")
