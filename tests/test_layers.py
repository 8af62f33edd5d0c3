"""The layout: which package may import which, read from the source with `ast` (nothing is run).

Each process stacks its packages from top to bottom; a package imports only packages below it in
a stack it belongs to, never one above it or beside it, and the modules import no cycle. The
gateway's packages never import rasa or rasa_sdk: the gateway runs in an environment of its own
(`.venv-gateway`) without them. Every import counts, also one inside a function or under
`TYPE_CHECKING`: a dependency is a dependency, however late it is loaded.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Top to bottom. The README's architecture section draws the same stacks.
STACKS: dict[str, tuple[str, ...]] = {
    "gateway": ("bot", "staff", "channels", "outbound", "handoff", "relay", "common"),
    "Rasa server": ("rasa_plugins", "nlu", "common"),
    "action server": ("actions", "nlu", "common"),
}
PACKAGES = tuple(dict.fromkeys(package for stack in STACKS.values() for package in stack))
# What the gateway's environment does not have.
RASA_ONLY = ("rasa", "rasa_sdk", "tensorflow")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "staff.inbox"
    target: str  # the imported module, e.g. "common.storage.log_filters"
    line: int

    @property
    def where(self) -> str:
        return f"{self.module.replace('.', '/')}.py:{self.line}"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(root: Path = ROOT) -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((root / package).rglob("*.py"))


def known_modules() -> set[str]:
    return {module_name(path) for path in source_files()}


def imports_of(path: Path, modules: set[str]) -> Iterator[Import]:
    """Every import in the file, as the module it loads (`from a import b` loads `a.b` when that
    is a module, else `a`)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing package
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            for alias in node.names:
                candidate = f"{origin}.{alias.name}"
                yield Import(module, candidate if candidate in modules else origin, node.lineno)


def all_imports() -> list[Import]:
    modules = known_modules()
    return [found for path in source_files() for found in imports_of(path, modules)]


def allowed(importer: str, imported: str) -> bool:
    """Whether package `importer` may import package `imported`: itself, or below it in a stack
    both belong to."""
    if importer == imported:
        return True
    return any(
        importer in stack and imported in stack and stack.index(importer) < stack.index(imported)
        for stack in STACKS.values()
    )


def upward_imports(imports: list[Import]) -> list[str]:
    problems = []
    for found in imports:
        importer, imported = found.module.split(".")[0], found.target.split(".")[0]
        if imported in PACKAGES and not allowed(importer, imported):
            problems.append(f"{found.where}: {importer} must not import {found.target}")
    return problems


def cycles(imports: list[Import]) -> list[list[str]]:
    """Import cycles between the project's modules (strongly connected components > 1)."""
    graph: dict[str, set[str]] = {}
    for found in imports:
        if found.target.split(".")[0] in PACKAGES and found.target != found.module:
            graph.setdefault(found.module, set()).add(found.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found_cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found_cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found_cycles


def test_every_package_is_in_a_stack():
    on_disk = {path.name for path in ROOT.iterdir() if (path / "__init__.py").is_file()}
    assert on_disk - {"bench", "tests"} <= set(PACKAGES)


def test_no_import_runs_upward_or_sideways():
    assert upward_imports(all_imports()) == []


def test_the_modules_import_no_cycle():
    assert cycles(all_imports()) == []


def test_every_import_of_the_project_names_one_of_its_modules():
    modules = known_modules()
    stale = [
        f"{found.where}: {found.target}"
        for found in all_imports()
        if found.target.split(".")[0] in PACKAGES and found.target not in modules
    ]
    assert stale == []


def test_nothing_the_gateway_runs_imports_rasa():
    gateway = STACKS["gateway"]
    problems = [
        f"{found.where}: {found.target}"
        for found in all_imports()
        if found.module.split(".")[0] in gateway and found.target.split(".")[0] in RASA_ONLY
    ]
    assert problems == []


# The test of the test: each check sees the mistake it exists for.


@pytest.mark.parametrize(
    ("importer", "imported", "expected"),
    [
        ("bot", "staff", True),
        ("channels", "relay", True),
        ("common", "relay", False),  # upward
        ("relay", "channels", False),  # upward
        ("actions", "nlu", True),
        ("bot", "actions", False),  # beside: another process
        ("rasa_plugins", "relay", False),
        ("actions", "common", True),
    ],
)
def test_the_stacks_decide(importer: str, imported: str, expected: bool):
    assert allowed(importer, imported) is expected


def test_an_upward_import_and_a_cycle_are_reported():
    imports = [
        Import("common.texts", "relay.keys", 3),
        Import("actions.vacancies.local", "actions.vacancies.importer", 5),
        Import("actions.vacancies.importer", "actions.vacancies.local", 7),
    ]
    assert upward_imports(imports) == ["common/texts.py:3: common must not import relay.keys"]
    assert cycles(imports) == [["actions.vacancies.importer", "actions.vacancies.local"]]
