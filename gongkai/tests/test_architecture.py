"""The layering of docs/architecture.md, read off the code: every import between apps (those
inside functions and under TYPE_CHECKING too: a type is a dependency), no cycle between apps,
the public site never reaching into the back office, the report engine importing no app, and
no interface writing a model itself."""

from __future__ import annotations

import ast
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]  # gongkai/
INTERFACES = {"office", "portal", "cli", "demo"}  # nothing below imports them
# The engine of the annual report: vocabulary, readers, checks, renderers. Every app may use it;
# it knows no record (the records layer is `annual`).
ENGINE = "reports"
# What the engine and the core may import: the layer below them only.
BOTTOM = {"core": set(), ENGINE: {"core"}}
# The rows of the picture in docs/architecture.md, top to bottom: an app imports only apps on
# lower rows.
LAYERS = [
    {"office", "portal", "cli", "demo", "api"},
    {"sitecheck", "backup", "notify", "nationwide"},
    {"annual", "search"},
    {"disputes"},
    {"applications", "publishing", "worklog"},
    {"calendar"},
    {"audit"},
    {"orgs"},
    {"accounts"},
    {ENGINE},
    {"core"},
]


def _source_files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or len(parts) < 2:
            continue
        yield path


def _module_of(path: Path) -> list[str]:
    return ["gongkai", *path.relative_to(PACKAGE).with_suffix("").parts]


def _imported_modules(source: str, module: list[str]) -> Iterator[tuple[str, int]]:
    """Every module that `source` (the module named `module`) imports, absolute, with the line:
    relative imports resolved, imports nested in functions, classes and `if TYPE_CHECKING:`
    blocks included."""
    package = module[:-1]  # for a package's __init__ too: its last part is "__init__"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            yield name, node.lineno
            for alias in node.names:  # `from gongkai import annual` names an app too
                if name == "gongkai":
                    yield f"gongkai.{alias.name}", node.lineno


def app_graph() -> dict[str, dict[str, list[str]]]:
    """app → imported app → the places (file:line) that import it."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in _source_files():
        app = path.relative_to(PACKAGE).parts[0]
        for name, line in _imported_modules(path.read_text(encoding="utf-8"), _module_of(path)):
            parts = name.split(".")
            if parts[0] == "gongkai" and len(parts) > 1 and parts[1] != app:
                where = f"{path.relative_to(PACKAGE.parent)}:{line}"
                graph[app][parts[1]].append(where)
    return graph


def find_cycle(graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """One cycle of apps (first app repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(app: str) -> list[str] | None:
        state[app] = 1
        path.append(app)
        for target in sorted(graph.get(app, {})):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[app] = 2
        path.pop()
        return None

    for app in sorted(graph):
        if app not in state and (cycle := visit(app)):
            return cycle
    return None


def _describe(graph: dict[str, dict[str, list[str]]], cycle: list[str]) -> str:
    steps = [f"{a} → {b} ({graph[a][b][0]})" for a, b in itertools.pairwise(cycle)]
    return "import cycle between apps: " + "; ".join(steps)


def test_no_import_cycle_between_apps() -> None:
    graph = app_graph()
    assert len(graph) >= 10, "the import graph is empty: the walk found no apps"
    cycle = find_cycle(graph)
    assert cycle is None, _describe(graph, cycle or [])


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    planted = {"a": {"b": ["x:1"]}, "b": {"c": ["y:2"]}, "c": {"a": ["z:3"]}, "d": {"a": ["w:4"]}}
    assert find_cycle(planted) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": ["x:1"]}, "b": {}}) is None


def test_nested_and_type_checking_imports_are_seen() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from gongkai.office.views import common\n"
        "def f():\n    from ..annual import services\n"
        "class C:\n    from . import pagecache\n"
    )
    found = {name for name, _ in _imported_modules(source, ["gongkai", "portal", "probe"])}
    assert {"gongkai.office.views", "gongkai.annual", "gongkai.portal"} <= found


def test_every_import_points_down_the_layers() -> None:
    row = {app: number for number, apps in enumerate(LAYERS) for app in apps}
    graph = app_graph()
    unplaced = set(graph) - set(row)
    assert not unplaced, f"apps missing from LAYERS (and the picture in docs): {unplaced}"
    wrong = {
        f"{app} → {target}": places[0]
        for app, targets in graph.items()
        for target, places in targets.items()
        if row.get(target, -1) <= row[app]
    }
    assert not wrong, wrong


def test_the_public_site_does_not_import_the_back_office() -> None:
    graph = app_graph()
    assert "office" not in graph["portal"], graph["portal"]["office"]


def test_no_app_imports_an_interface() -> None:
    graph = app_graph()
    wrong = {
        f"{app} → {target}": places[0]
        for app, targets in graph.items()
        if app not in INTERFACES
        for target, places in targets.items()
        if target in INTERFACES
    }
    assert not wrong, wrong


@pytest.mark.parametrize("app", sorted(BOTTOM))
def test_the_engine_and_the_core_import_only_below_them(app: str) -> None:
    imported = set(app_graph()[app])
    assert imported <= BOTTOM[app], {t: app_graph()[app][t][0] for t in imported - BOTTOM[app]}


# --- interfaces never write ------------------------------------------------------------------

WRITES = re.compile(
    r"\.(save|delete|create)\(|\b(get_or_create|update_or_create|bulk_create|bulk_update)\b"
)


def _interface_files() -> Iterator[Path]:
    for folder in ("office", "portal", "cli"):
        yield from (p for p in (PACKAGE / folder).rglob("*.py") if "tests" not in p.parts)
    yield from PACKAGE.glob("*/management/commands/*.py")


def test_interfaces_never_write_a_model() -> None:
    """Views, the CLI and management commands call services; no write of their own."""
    files = list(_interface_files())
    assert any(p.parts[-2] == "commands" for p in files) and len(files) > 20
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITES.search(line)
    ]
    assert not found, "\n".join(found)


def test_the_write_pattern_catches_what_it_must() -> None:
    for line in ("form.save()", "x.delete()", "Run.objects.create(a=1)", "M.objects.get_or_create(",
                 "update_or_create(", "M.objects.bulk_create(rows)", "bulk_update(rows, f)"):  # fmt: skip
        assert WRITES.search(line), line
    for line in ("services.record_dispute(user, d)", "registers.record(a, b)", "created_at"):
        assert not WRITES.search(line), line


# --- the pure modules ----------------------------------------------------------------------


def _strict_modules() -> list[str]:
    """The modules pyproject.toml holds to `mypy --strict`: the pure ones."""
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    blocks = config["tool"]["mypy"]["overrides"]
    return [m for block in blocks if block.get("strict") for m in block["module"]]


def test_every_strict_module_is_pure() -> None:
    """What the docs call pure imports no Django, not even inside a function."""
    paths: list[Path] = []
    for name in _strict_modules():
        base = PACKAGE.parent.joinpath(*name.removesuffix(".*").split("."))
        paths += sorted(base.rglob("*.py")) if name.endswith(".*") else [base.with_suffix(".py")]
    assert len(paths) > 60 and all(p.exists() for p in paths), [p for p in paths if not p.exists()]
    impure = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in paths
        for name, line in _imported_modules(path.read_text(encoding="utf-8"), _module_of(path))
        if name.split(".")[0] == "django"
    ]
    assert not impure, impure
