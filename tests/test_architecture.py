"""The package's shape holds: no import cycle between its modules (imports inside functions and
for type checking included), no import hidden in a function without saying why it is lazy, small
folders and modules. The layer order itself is `lint-imports` (pyproject.toml), run by make lint."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "mock_pbx"
MAX_MODULES_PER_FOLDER = 13  # "about twelve", __init__.py included
MAX_MODULE_LINES = 300


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(node: ast.Import | ast.ImportFrom, known: dict[str, Path]) -> Iterator[str]:
    """The package's modules an import statement loads (a name imported from a package may be
    one of its modules)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names if alias.name in known)
        return
    base = node.module or ""
    if base not in known:
        return
    submodules = [f"{base}.{alias.name}" for alias in node.names]
    found = [name for name in submodules if name in known]
    yield from found or [base]


def import_nodes(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement, and whether it sits inside a function."""

    def walk(
        node: ast.AST, in_function: bool
    ) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, in_function
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            yield from walk(child, nested)

    yield from walk(tree, False)


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text())
        graph[name] = {target for node, _ in import_nodes(tree) for target in imported(node, known)}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), and self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            component.append(node)
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_round_a_cycle():
    graph = import_graph()
    assert len(graph) > 90  # the walk found the package
    assert cycles(graph) == []


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}
    assert cycles(graph) == [["a", "b", "c"], ["d"]]


def test_an_import_inside_a_function_says_why_it_is_lazy():
    # The only reason left for one: a cost (import time) that most runs need not pay. An import
    # that dodged a cycle would show in the graph above, which counts these imports too.
    unexplained = []
    for name, path in modules().items():
        lines = path.read_text().splitlines()
        for node, in_function in import_nodes(ast.parse("\n".join(lines))):
            around = " ".join(lines[node.lineno - 2 : node.end_lineno or node.lineno])
            if in_function and "# lazy:" not in around:
                unexplained.append(f"{name}:{node.lineno}")
    assert unexplained == []


def folders() -> list[Path]:
    return [PACKAGE, *sorted(p for p in PACKAGE.iterdir() if p.is_dir() and p.name != "fixtures")]


@pytest.mark.parametrize("folder", folders(), ids=lambda p: p.name)
def test_a_folder_holds_about_a_dozen_modules(folder):
    assert len(list(folder.glob("*.py"))) <= MAX_MODULES_PER_FOLDER


def test_no_module_is_over_three_hundred_lines():
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
