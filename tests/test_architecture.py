"""The layering of docs/architecture.md, checked on the source: imports go one way.

Every import counts, including those inside functions (they hide a cycle from Python, not from
a reader); only imports under ``if TYPE_CHECKING:`` are left out, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "zizhi"


def _modules(base: Path, package: str) -> dict[str, Path]:
    out = {}
    for path in sorted(base.rglob("*.py")):
        parts = path.relative_to(base).with_suffix("").parts
        name = ".".join((package, *parts))
        out[name.removesuffix(".__init__")] = path
    return out


def _imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, names imported from it) of every import that runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            found.append((base, [alias.name for alias in node.names]))
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for target, names in _imports(name, path):
            for candidate in [f"{target}.{n}" for n in names] + [target]:
                while candidate and candidate not in modules:
                    candidate = candidate.rpartition(".")[0]
                if candidate and candidate != name:
                    graph[name].add(candidate)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_in_the_engine() -> None:
    graph = import_graph(_modules(SRC, "zizhi"))
    assert "zizhi.extract" in graph and graph["zizhi.engine"]  # the graph is really read
    found = cycles(graph)
    assert not found, "import cycles (every import counts, even one inside a function): " + "; ".join(
        " <-> ".join(c) for c in found)


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_extraction_arrows_go_one_way() -> None:
    """Scheduling (workers), the file cache and reading one file never import the extract stage
    or the engine: the workers get what they need as arguments (``Runtime``)."""
    graph = import_graph(_modules(SRC, "zizhi"))
    for low in ("zizhi.workers", "zizhi.filecache", "zizhi.sources"):
        assert not graph[low] & {"zizhi.extract", "zizhi.engine"}, (low, sorted(graph[low]))
    assert {"zizhi.sources", "zizhi.workers", "zizhi.filecache"} <= graph["zizhi.extract"]


def test_the_engine_imports_no_plugin() -> None:
    graph = import_graph(_modules(SRC, "zizhi"))
    for name, path in _modules(SRC, "zizhi").items():
        targets = [t for t, _ in _imports(name, path)]
        assert not [t for t in targets if t.split(".")[0] == "zizhi_plugins"], name
    assert graph  # (read)


PLUGINS = ROOT / "plugins" / "zizhi_plugins"
#: Modules of the built-in plugin package that are libraries the plugins share, not plugins.
LIBRARIES = {"zizhi_plugins.appjson", "zizhi_plugins.jstree", "zizhi_plugins.jsconfig", "zizhi_plugins.semantic",
             "zizhi_plugins.gamesource"}


def test_no_plugin_imports_another_plugins_private_names() -> None:
    modules = _modules(PLUGINS, "zizhi_plugins")
    offences = []
    for name, path in modules.items():
        own = ".".join(name.split(".")[:2])
        for target, names in _imports(name, path):
            other = ".".join(target.split(".")[:2])
            if target.startswith("zizhi_plugins.") and other != own:
                offences += [f"{name} imports {target}.{n}" for n in names if n.startswith("_")]
    assert not offences, offences


def test_the_shared_libraries_are_not_plugins() -> None:
    from zizhi.plugins import BUILTIN

    registered = {value.partition(":")[0] for value in BUILTIN.values()}
    for library in LIBRARIES:
        assert library not in registered
        tree = ast.parse(_modules(PLUGINS, "zizhi_plugins")[library].read_text(encoding="utf-8"))
        hooks = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("zizhi_")]
        assert not hooks, (library, hooks)
    # the platforms of the app.json family are built from it, not from the WeChat plugin
    import zizhi_plugins.alipay
    from zizhi_plugins.appjson import AppJsonPlatform

    assert isinstance(zizhi_plugins.alipay.plugin, AppJsonPlatform)


def test_platform_and_framework_plugins_share_through_the_libraries_only() -> None:
    """Page registration and unreachable pages are read once, in ``appjson``: Taro takes them from
    there, not from the uni-app plugin (issue 14)."""
    modules = _modules(PLUGINS, "zizhi_plugins")
    shells = {"zizhi_plugins." + p for p in ("wechat", "alipay", "douyin", "baidu", "qq", "kuaishou", "native",
                                              "uniapp", "taro", "mpx")}
    offences = []
    for name, path in modules.items():
        own = ".".join(name.split(".")[:2])
        if own not in shells:
            continue
        for target, _names in _imports(name, path):
            other = ".".join(target.split(".")[:2])
            if target.startswith("zizhi_plugins.") and other != own and other not in LIBRARIES:
                offences.append(f"{name} imports {target}")
    assert not offences, offences
