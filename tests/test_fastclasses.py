"""zizhi.fastclasses: the dataclasses' methods compiled once (zizhi/fastclasses_table.py), made
exactly as ``dataclasses`` makes them, and the table kept current."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from zizhi import fastclasses

TABLE = Path(fastclasses.__file__).with_name("fastclasses_table.py")
SUPPORTED = sys.version_info[:2] in fastclasses.VERSIONS


def _table() -> list[tuple[str, object]]:
    from zizhi.fastclasses_table import ENTRIES

    return list(ENTRIES)


def _same(a: object, b: object, where: bool = True) -> bool:
    """Whether two code objects are the same compile (``where``: at the same lines as well); ``==``
    of code objects also looks at what running them specialised."""
    if not hasattr(a, "co_code"):
        return a == b
    names = ["co_code", "co_names", "co_varnames", "co_freevars", "co_cellvars", "co_flags", "co_argcount",
             "co_kwonlyargcount", "co_posonlyargcount", "co_name", "co_qualname", "co_exceptiontable"]
    if where:
        names += ["co_filename", "co_firstlineno", "co_linetable"]
    if any(getattr(a, n, None) != getattr(b, n, None) for n in names):
        return False
    consts_a, consts_b = a.co_consts, b.co_consts  # type: ignore[attr-defined]
    return len(consts_a) == len(consts_b) and all(_same(x, y, where) for x, y in zip(consts_a, consts_b, strict=True))


def test_every_entry_is_the_compile_of_its_text() -> None:
    entries = _table()
    assert len(entries) > 100  # (every method of ~40 dataclasses)
    for txt, make in entries:
        code = make.__code__  # type: ignore[attr-defined]
        # compiled at the same line of the same file, the text gives the very same code
        padded = "\n" * (code.co_firstlineno - 1) + txt
        ns: dict[str, object] = {}
        exec(compile(padded, code.co_filename, "exec", dont_inherit=True), {}, ns)  # (not this file's __future__)
        assert _same(ns["__create_fn__"].__code__, code), txt  # type: ignore[attr-defined]
        # and the code the standard ``_create_fn`` compiles, but for where it says it is
        plain: dict[str, object] = {}
        exec(compile(txt, "<string>", "exec", dont_inherit=True), {}, plain)
        assert _same(plain["__create_fn__"].__code__, code, where=False), txt  # type: ignore[attr-defined]
        assert not _same(plain["__create_fn__"].__code__, code)  # (the test tells them apart)


@pytest.mark.skipif(not SUPPORTED, reason="dataclasses compiles otherwise on this Python")
def test_the_table_is_current(tmp_path: Path) -> None:
    """On 3.10 as on 3.11 (their ``dataclasses`` make the same texts: the same table but for the
    line naming the Python that wrote it), so that a change is caught on either."""
    out = tmp_path / "table.py"
    code = ("import sys; from zizhi import fastclasses; "
            f"fastclasses.write({str(out)!r})")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)

    def texts(path: Path) -> list[str]:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("VERSION = ")]

    assert texts(out) == texts(TABLE), "a dataclass changed: run python -m zizhi.fastclasses --write"


@pytest.mark.skipif(not SUPPORTED, reason="dataclasses compiles otherwise on this Python")
def test_the_command_line_makes_its_dataclasses_from_the_table() -> None:
    """In a process of its own (as the hook runs), every method of zizhi's dataclasses is the table's
    (on 3.10 as on 3.11, whichever wrote it)."""
    code = """
import dataclasses, sys, zizhi.cli
from zizhi import fastclasses
fastclasses.install()  # (as zizhi.cli.main does, once the result cache had no answer)
import zizhi.engine
from zizhi.engine import load_engine
load_engine()
made = missed = 0
for name, module in list(sys.modules.items()):
    if not name.partition(".")[0] in ("zizhi", "zizhi_plugins"):
        continue
    for value in list(vars(module).values()):
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name:
            for method in ("__init__", "__repr__", "__eq__"):
                fn = getattr(value.__dict__.get(method), "__wrapped__", value.__dict__.get(method))
                if fn is None or not hasattr(fn, "__code__"):
                    continue
                if fn.__code__.co_filename.endswith("fastclasses_table.py"):
                    made += 1
                else:
                    missed += 1
                    print("missed", name, value.__qualname__, method)
print(made, missed)
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    made, missed = out.splitlines()[-1].split()
    assert int(made) > 80 and int(missed) == 0, out


def test_made_from_the_table_as_by_dataclasses() -> None:
    """A class whose texts are in the table behaves as the same class compiled by ``dataclasses``; a
    class of other texts is compiled as always."""
    code = """
import dataclasses, sys
from zizhi import fastclasses
fastclasses.install()
from zizhi.model import Location, Signal
import zizhi.model as m
loc = Location("a.js", 3, 4)
s = Signal("api", "wx.requestPayment", loc, {"k": "v"}, "frontend", False, "x")
assert s == Signal("api", "wx.requestPayment", Location("a.js", 3, 4), {"k": "v"}, "frontend", False, "x")
assert s != dataclasses.replace(s, name="other")
assert hash(loc) == hash(Location("a.js", 3, 4)) and loc < Location("a.js", 3, 5)
try:
    loc.line = 9
except dataclasses.FrozenInstanceError:
    pass
else:
    raise SystemExit("a frozen class's __setattr__ is missing")
try:
    Location()
except TypeError as exc:
    assert "missing" in str(exc)
@dataclasses.dataclass
class Foreign:
    unusual_field_name_q: int = 1
    other: list = dataclasses.field(default_factory=list)
f = Foreign()
assert f == Foreign(1, []) and repr(f) == "Foreign(unusual_field_name_q=1, other=[])"
assert not Foreign.__init__.__code__.co_filename.endswith("fastclasses_table.py")
print(repr(s))
"""
    with_table = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    without = subprocess.run([sys.executable, "-c", code.replace("fastclasses.install()", "")], check=True,
                             capture_output=True, text=True).stdout
    assert with_table == without and "Signal(kind='api'" in with_table


def test_install_leaves_dataclasses_alone_on_a_python_it_does_not_follow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastclasses, "_original", None)
    monkeypatch.setattr(fastclasses, "VERSIONS", ())
    before = getattr(dataclasses, "_create_fn", None)
    fastclasses.install()
    assert getattr(dataclasses, "_create_fn", None) is before


def test_importing_the_command_line_imports_no_dataclass() -> None:
    """A command the result cache answers never loads the engine: importing ``zizhi.cli`` (and this
    module) must not import ``dataclasses`` (with it ``inspect``: ~8 ms)."""
    code = "import sys, zizhi.cli, zizhi.fastclasses; print('dataclasses' in sys.modules, 'inspect' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["False", "False"]


def test_a_program_calling_main_itself_keeps_its_dataclasses() -> None:
    """``main(argv)`` called by another program (its own process, its own classes) puts nothing in
    front of ``dataclasses._create_fn``: only the console script and ``python -m zizhi`` do."""
    code = """
import dataclasses, os, sys
before = dataclasses._create_fn
from zizhi.cli import main
main(["rules", "--format", "json"])
print(dataclasses._create_fn is before)
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.splitlines()[-1] == "True"
