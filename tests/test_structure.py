"""The shape of the code: no import cycles between the modules of one app, no module over 400
lines. Read from the source (ast), so an import inside a function counts like any other."""

import ast
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
MAX_LINES = 400
SKIPPED = {".git", ".venv", "node_modules", "var", "build", "test-artifacts", "migrations"}


def python_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if not SKIPPED.intersection(parts) and not any(p.startswith(".") for p in parts):
            yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def apps():
    """Top-level packages of the checkout: every app, kkr_portal and tests."""
    return sorted(p.parent.name for p in ROOT.glob("*/__init__.py"))


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The modules of `modules` that `path` imports, anywhere in the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` imports the module; `from module import name` the module.
            targets = [f"{base}.{alias.name}" for alias in node.names]
            targets = [t if t in modules else base for t in targets]
        else:
            continue
        for target in targets:
            # `import a.b.c` runs a, a.b and a.b.c; the deepest one that is ours is the edge.
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(app: str) -> dict[str, set[str]]:
    files = {module_name(p): p for p in python_files() if p.relative_to(ROOT).parts[0] == app}
    modules = set(files)
    return {name: imported_modules(path, modules) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
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
    return sorted(found)


def test_the_graph_sees_function_level_and_relative_imports(tmp_path, monkeypatch):
    # The checker checked: a cycle closed only by an import inside a function, and one made
    # with relative imports, are both found; a chain without a way back is not a cycle.
    app = tmp_path / "demoapp"
    (app / "sub").mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "sub" / "__init__.py").write_text("")
    (app / "pdf.py").write_text("from demoapp.selectors import GOALS\n")
    (app / "selectors.py").write_text("from demoapp import services\nGOALS = 1\n")
    (app / "services.py").write_text("def attach():\n    from demoapp.pdf import render\n")
    (app / "sub" / "a.py").write_text("from . import b\n")
    (app / "sub" / "b.py").write_text("from .a import x\n")
    (app / "models.py").write_text("import demoapp.sub.a\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert cycles(import_graph("demoapp")) == [
        ["demoapp.pdf", "demoapp.selectors", "demoapp.services"],
        ["demoapp.sub.a", "demoapp.sub.b"],
    ]
    (app / "services.py").write_text("def attach():\n    return None\n")
    assert cycles(import_graph("demoapp")) == [["demoapp.sub.a", "demoapp.sub.b"]]


def test_no_import_cycles_between_the_modules_of_one_app():
    found = {app: cycles(import_graph(app)) for app in apps()}
    assert {"meetings", "agreements", "budgets", "search", "api", "kkr_portal"} <= set(found)
    assert not {app: c for app, c in found.items() if c}, found


def test_no_module_over_400_lines():
    too_long = {}
    for path in python_files():
        lines = len(path.read_text().splitlines())
        if lines > MAX_LINES:
            too_long[str(path.relative_to(ROOT))] = lines
    assert not too_long, f"over {MAX_LINES} lines (split into a package): {too_long}"


# The frozen package is read as typed data (meetings/package.py): only the modules that build,
# filter or type its JSON read it by key, so a renamed field fails where the package is loaded.
PACKAGE_JSON_MODULES = {"meetings/package.py", "meetings/snapshot.py", "meetings/visibility.py"}
PACKAGE_KEYS = {"sections", "items", "annexes"}
NOT_A_PACKAGE = {"meetings/outline.py"}  # the outline editor's own JSON, posted by the browser


def package_json_reads(tree) -> list[tuple[int, str]]:
    """`x["sections"]`, `x["items"]`, `x["annexes"]` and anything read from a `snapshot`."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Subscript):
            continue
        key = node.slice.value if isinstance(node.slice, ast.Constant) else None
        value = node.value
        name = value.attr if isinstance(value, ast.Attribute) else getattr(value, "id", "")
        if key in PACKAGE_KEYS or name == "snapshot":
            found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_the_scan_sees_a_package_read_by_key():
    source = (
        'for section in version.snapshot["sections"]:\n'
        '    numbers = [item["number"] for item in section["items"]]\n'
        'start = snapshot["meeting"]["start"]\n'
        "title = package.meeting.title\n"
    )
    assert [line for line, _code in package_json_reads(ast.parse(source))] == [1, 2, 3]


def test_only_the_package_modules_read_the_frozen_json_by_key():
    reads = {}
    for path in python_files():
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {"tests", "bench", "scripts"}:
            continue
        found = package_json_reads(ast.parse(path.read_text(), str(path)))
        if found:
            reads[relative.as_posix()] = found
    allowed = PACKAGE_JSON_MODULES | NOT_A_PACKAGE
    offenders = [
        f"{module}:{line} {code}"
        for module, found in reads.items()
        if module not in allowed
        for line, code in found
    ]
    assert offenders == [], "read meetings.package.Package instead: " + ", ".join(offenders)
