"""The architecture in the tree: which package may import which, no import cycle, no module over 400 lines.

The import graph is built with ``ast`` from every ``.py`` under the project's packages, counting imports made
inside functions too (a function-level import hides a cycle, it does not remove it).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

PACKAGES = ("staging", "crawler", "warehouse", "demo", "nianbao", "benchmarks")
MAX_LINES = 400
# What each package must never import. ``staging`` (the files between the stages) imports nothing; the
# demo, the benchmarks and the tests sit on top of the product; ``nianbao`` (the CLI) wires the stages
# together, so nothing below it imports it.
FORBIDDEN = {
    "staging": ("crawler", "warehouse", "demo", "benchmarks", "tests", "nianbao"),
    "crawler": ("demo", "benchmarks", "tests", "nianbao", "warehouse"),
    "warehouse": ("demo", "benchmarks", "tests", "nianbao"),
    "demo": ("benchmarks", "tests", "nianbao", "warehouse"),
    "benchmarks": ("tests", "nianbao"),
    "nianbao": ("tests",),
}
# Stages talk through files and tables: the warehouse takes only the shared configuration and the URL
# identity rule from the crawler package (both plain Python, no Scrapy, no parser).
WAREHOUSE_MAY_IMPORT = ("crawler.config", "crawler.urls")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((REPO_ROOT / package).rglob("*.py"))
        if ".venv" not in path.parts
    }


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``module`` imports (anywhere in the file)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names
            ]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def _graph() -> dict[str, set[str]]:
    sources = _sources()
    known = set(sources) | {"tests"}
    return {module: _imports(module, path, known) for module, path in sources.items()}


def _top(module: str) -> str:
    return module.split(".")[0]


def test_every_package_is_walked() -> None:
    graph = _graph()
    assert {_top(m) for m in graph} == set(PACKAGES)
    assert "demo.synth" in graph and "crawler.spiders.reports" in graph


def test_no_import_points_up_the_stack() -> None:
    bad = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if _top(target) in FORBIDDEN[_top(module)]
    ]
    assert not bad, "imports against the architecture:\n" + "\n".join(sorted(bad))


def test_warehouse_needs_nothing_from_the_crawler_but_config_and_url_identity() -> None:
    bad = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if _top(module) == "warehouse"
        for target in targets
        if _top(target) == "crawler" and target not in WAREHOUSE_MAY_IMPORT
    ]
    assert not bad, "\n".join(sorted(bad))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_over_the_limit(package: str) -> None:
    long = {
        str(path.relative_to(REPO_ROOT)): n
        for path in (REPO_ROOT / package).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"
