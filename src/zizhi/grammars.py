"""The tree-sitter grammars' languages, loaded without their packages' ``__init__``.

Each grammar package (``tree_sitter_javascript``, ``tree_sitter_typescript``, ``tree_sitter_json``)
is a compiled ``_binding`` module whose functions return the language, and an ``__init__`` that
imports ``importlib.resources`` to read its highlighting queries when asked — and with it
``tempfile``, ``shutil``, ``bz2``, ``lzma`` and ``random``: ~5 ms of every run that parses a script
(the changed-files hook), for files zizhi never reads. The binding is loaded here from the
installed package's folder as the import system would load it, without running that ``__init__``;
the package is imported as usual if it was already, or if anything here fails.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: the bindings loaded (an extension module is never unloaded; kept so that each loads once)
_BINDINGS: dict[str, Any] = {}


def language(package: str, function: str = "language") -> Any:
    """``<package>.<function>()``: the language pointer of an installed tree-sitter grammar."""
    if package not in sys.modules:
        binding = _BINDINGS.get(package) or _load_binding(package)
        if binding is not None and hasattr(binding, function):
            return getattr(binding, function)()
    return getattr(importlib.import_module(package), function)()


def _load_binding(package: str) -> Any:
    try:
        spec = importlib.util.find_spec(package)  # (a top-level package: found, not imported)
        if spec is None or not spec.submodule_search_locations:
            return None
        name = f"{package}._binding"
        for folder in spec.submodule_search_locations:
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                path = os.path.join(folder, "_binding" + suffix)
                if not os.path.isfile(path):
                    continue
                loader = importlib.machinery.ExtensionFileLoader(name, path)
                found = importlib.util.spec_from_file_location(name, path, loader=loader)
                if found is None:
                    return None
                module = importlib.util.module_from_spec(found)
                loader.exec_module(module)
                _BINDINGS[package] = module
                return module
    except (ImportError, OSError, ValueError, AttributeError):
        return None
    return None
