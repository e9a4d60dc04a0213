"""The package's shape: no import cycles, no private names across modules, short
functions, lazy imports only with a reason, and the public API pinned."""

import ast
from pathlib import Path

import pytest

import advisor

PACKAGE = Path(advisor.__file__).resolve().parent
MODULES = sorted(PACKAGE.rglob("*.py"))
LONGEST = 60  # lines in one function


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(path: Path, node: ast.ImportFrom) -> list[str]:
    """The advisor modules an ImportFrom brings in (a package's submodules too)."""
    here = module_name(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    if node.level == 0:
        base = (node.module or "").split(".")
    else:
        base = here[:len(here) - node.level + 1] + (node.module.split(".")
                                                     if node.module else [])
    if base[0] != "advisor":
        return []
    out = []
    for alias in node.names:  # `from . import glossary` names a module
        candidate = ".".join([*base, alias.name])
        known = any(module_name(p) == candidate for p in MODULES)
        out.append(candidate if known else ".".join(base))
    return list(dict.fromkeys(out))


def type_checking_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {id(n) for n in ast.walk(node)}
    return out


def imports(path: Path):
    """(module imported, node, inside a function) for each import of advisor
    modules, leaving out `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = type_checking_nodes(tree)
    in_function = {id(n) for f in ast.walk(tree)
                   if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                   for n in ast.walk(f)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            for target in resolve(path, node):
                yield target, node, id(node) in in_function
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("advisor"):
                    yield alias.name, node, id(node) in in_function


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {module_name(p): set() for p in MODULES}
    for path in MODULES:
        me = module_name(path)
        for target, _, _ in imports(path):
            # importing a submodule runs its package's __init__ first, and that is
            # the lazy advisor/__init__.py, which imports nothing of ours
            if target != me and target in edges:
                edges[me].add(target)
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(edges[m]):
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state and (found := visit(n)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(edges):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles_between_modules():
    # every import counts, the function-local ones too (a cycle there still ties
    # two modules together); only `if TYPE_CHECKING:` imports are left out
    edges = graph()
    assert edges["advisor.engine"] >= {"advisor.rules", "advisor.result"}  # seen
    assert edges["advisor.rules"] >= {"advisor.requirements", "advisor.index"}
    assert "advisor.features" in edges["advisor.catalog"]  # a function-local one
    assert find_cycle(edges) is None


def test_result_does_not_import_the_engine():
    assert "advisor.engine" not in graph()["advisor.result"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_private_names_across_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level or (
                node.module or "").startswith("advisor")):
            private = [a.name for a in node.names
                       if a.name.startswith("_") and not a.name.startswith("__")]
            assert not private, f"{path.name}:{node.lineno} imports {private}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_functions_are_short(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            assert length <= LONGEST, f"{path.name}:{node.lineno} {node.name} is " \
                                      f"{length} lines"


def test_advise_is_a_pipeline_of_short_stages():
    from advisor import engine
    tree = ast.parse(Path(engine.__file__).read_text(encoding="utf-8"))
    lengths = {n.name: n.end_lineno - n.lineno + 1 for n in ast.walk(tree)
               if isinstance(n, ast.FunctionDef)}
    for stage in ("evaluate", "score", "assemble"):
        assert lengths[stage] <= 40, (stage, lengths[stage])


@pytest.mark.parametrize("path", [p for p in MODULES if "cli" not in p.parts],
                         ids=lambda p: module_name(p))
def test_function_local_imports_say_why(path):
    # the CLI's module docstring states its rule once (start-up without pandas);
    # elsewhere each local import (or the group it starts) carries a comment
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    for f in ast.walk(tree):
        if not isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        said = False
        for node in f.body:
            if not isinstance(node, ast.Import | ast.ImportFrom):
                said = False
                continue
            line, above = lines[node.lineno - 1], lines[node.lineno - 2]
            said = said or "#" in line or above.strip().startswith("#")
            assert said, f"{path.name}:{node.lineno}: {line.strip()} (say why)"


def test_the_cli_states_its_lazy_import_rule():
    from advisor import cli
    assert "imported inside the commands" in cli.__doc__


def test_public_api_is_pinned():
    assert advisor.__all__ == [
        "AdvisorError", "__version__", "load_catalog", "Catalog", "ModelInfo",
        "Range", "advise", "fit", "Advice", "Recommendation", "Check", "Relaxation",
        "Requirements", "glossary", "explore"]
    for name in advisor.__all__:
        assert getattr(advisor, name) is not None
