"""Reachability by module: which source files a project's entry points actually load.

A helper module that nothing reachable imports is dead code: it is never bundled (uni-app, Taro)
or never executed (a native mini-program runs only what ``app.js``, its pages and components
``require``). Dead helpers were the most common false alarm in real repositories, so their signals
do not count; a ``ZZ009`` note names each one and how many signals it held (as ``ZZ008`` does for
pages nothing registers).

The platform plugins say where a project's code starts (``zizhi_module_roots``: the app or game
script, registered pages, workers, subpackages, the framework's entry file, aliases such as
``@/``); the ``modules`` plugin reads every script's and template's module references
(``require``/``import``/dynamic ``import()``, ``<import src>``, ``<wxs src>`` ...) as one ``module``
signal per file (``pack``/``unpack``), cached like any other. This module resolves them (relative
paths, ``/`` from the app root, aliases, ``tsconfig.json``/``jsconfig.json`` ``paths``, extensions and
``index`` files) and walks the graph. It never prunes when it cannot tell: a project without roots
or without its main script, a kind of file it does not know, backend code, pages and components
(their registration decides, ``ZZ008``).
"""

from __future__ import annotations

import base64
import dataclasses
import posixpath
import re
import sys
import zlib
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from zizhi.model import TEMPLATE_EXTS, Location, ModuleRoots, Project, Signal


class Ref(NamedTuple):
    """One module reference of a file: ``import`` (a specifier), ``prefix`` (the literal start of a
    computed one), ``dynamic`` (a path not written out), or ``sdk`` (the file *is* this SDK's bundle)."""

    spec: str
    how: str
    line: int


def pack(refs: list[Ref]) -> str:
    """A file's references as one string (one cached signal per file, not one per import)."""
    return "\n".join(f"{r.line}\t{r.how}\t{r.spec.replace(chr(10), ' ').replace(chr(9), ' ')}" for r in refs)


def unpack(text: str) -> list[Ref]:
    out = []
    for row in text.split("\n") if text else []:
        parts = row.split("\t", 2)
        if len(parts) == 3:  # (a shorter row lacks a spec: never a reference)
            line, how, spec = parts
            if line.isdigit() and how and spec:
                out.append(Ref(spec, how, int(line)))
    return out

# ---------------------------------------------------------------- the names a file says

#: a name a file may call another file's function by: an identifier of three or more characters, whole (as the
#: JavaScript plugin reads a function's name: ASCII letters, digits, ``_`` and ``$``; a longer name is not cut)
_NAME = re.compile(rb"[A-Za-z_$][A-Za-z0-9_$]{2,}")
#: a file of more distinct names than this is said to hold every name (a bundle: nothing is dropped for it)
MAX_NAMES = 20000
#: what a file that holds every name packs to
ALL_NAMES = "*"


def pack_names(text: str) -> str:
    """The names ``text`` holds (identifiers of three characters or more), as their CRC-32s packed in
    base64: whether it may name a function (a call, an import, a template's handler), with false
    answers never and a false yes about once in 10⁷ per file. Comments and strings count too: a name
    that may be called counts as called. (Read in the text's UTF-8 bytes, where the names are the
    same — ASCII, any other character a byte of 0x80 or more, in no name — and are hashed as they
    are: a bytes regex, and no name encoded one by one.)"""
    names = set(_NAME.findall(text.encode("utf-8", "surrogatepass")))
    if len(names) > MAX_NAMES:
        return ALL_NAMES
    if not names:
        return ""
    hashes = array("I", sorted(set(map(zlib.crc32, names))))
    if sys.byteorder == "big":  # (packed little-endian: a cache is read on any machine)
        hashes.byteswap()
    return base64.b64encode(hashes.tobytes()).decode("ascii")


def _names_bytes(packed: str) -> bytes | None:
    """A packed name set's bytes (its hashes, 4 bytes each, little-endian); None as ``unpack_names``."""
    try:
        raw = base64.b64decode(packed, validate=True)
    except ValueError:
        return None
    if not raw or len(raw) % 4:
        return None
    return raw


def unpack_names(packed: str) -> array[int] | None:
    """A packed name set read back as its hashes; None for a file that holds every name (or a broken
    entry: it answers yes to every name as well)."""
    raw = _names_bytes(packed)
    if raw is None:
        return None
    hashes = array("I")
    hashes.frombytes(raw)
    if sys.byteorder == "big":
        hashes.byteswap()
    return hashes


def name_hash(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


#: a file's ``names`` when its text is in the run's ``NameStash`` instead
STASHED = "~"
#: where the extract stage hands the modules plugin the project's ``NameStash`` (``ScanContext.memo``)
STASH_KEY = "modules:names-stash"
#: the most bytes one project's stash holds: a file past it has its names packed, as with the cache
STASH_BYTES = 8 * 1024 * 1024
#: a file of this many bytes may hold more than ``MAX_NAMES`` names (three bytes each and one between them):
#: packed (``ALL_NAMES`` when it does), never stashed
_STASH_FILE = 4 * (MAX_NAMES + 1) - 1
#: the places of the wanted names looked at one by one, at most; past them the stash's names are read whole
_STASH_LOOKS = 20000
#: more wanted names than this: the stash's names are read whole (a search per name reads all its bytes)
_STASH_FINDS = 16
_IDENT_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$")
_DIGITS = frozenset(b"0123456789")
#: every digit to ``0``, any other byte to ``1``: where a run of digits starts, by ``rfind`` (in C)
_NON_DIGITS = bytes(48 if b in _DIGITS else 49 for b in range(256))


class NameStash:
    """A project's scripts and templates as UTF-8, kept for reachability by function in a run without
    the per-file cache (nothing keeps a file's names past the assembly there), instead of their packed
    names: ``pack_names`` reads and hashes every name of every file (~60 ms of the official demo's 1,400
    files), where the assembly asks only whether a few names are said — those of the functions the
    JavaScript plugin marked (10 on the demo). ``sayers`` answers as the packed names would, and
    exactly (without their once-in-10⁷ false yes). At most ``STASH_BYTES`` (a file past them, or one
    that may hold more than ``MAX_NAMES`` names, is packed); dropped after the assembly."""

    def __init__(self, limit: int = STASH_BYTES) -> None:
        self.data = bytearray()
        self.starts: list[int] = []
        self.paths: list[str] = []
        self.limit = limit

    def names(self, path: str, text: str) -> str:
        """``pack_names(text)``, or ``STASHED`` with the text kept here ('' for a text without a name)."""
        data = text.encode("utf-8", "surrogatepass")
        if len(data) >= _STASH_FILE or len(self.data) + len(data) + 1 > self.limit:
            return pack_names(text)
        if _NAME.search(data) is None:
            return ""
        self.starts.append(len(self.data))
        self.paths.append(path)
        self.data += data
        self.data += b"\n"  # (no name runs on from one file into the next)
        return STASHED

    def sayers(self, wanted: Iterable[str], among: set[str]) -> dict[str, list[str]]:
        """For each of ``wanted``, up to two of the files ``among`` that say it, as ``pack_names`` reads a
        name: a whole run of name bytes, or the part of one after its leading digits (``9abc`` says ``abc``)."""
        out: dict[str, list[str]] = {}
        todo: dict[bytes, str] = {}
        for name in wanted:
            out[name] = []
            encoded = name.encode("utf-8", "surrogatepass")
            if _NAME.fullmatch(encoded):  # (else no file says it: a name is of ASCII, three bytes or more)
                todo[encoded] = name
        if not todo or not self.paths:
            return out
        data, starts, paths = self.data, self.starts, self.paths
        looks = 0
        # (made when a name first follows a digit: a walk back a byte at a time in Python took ~0.3 s over
        # a stash of 8 MB of digits, each file's ending in a wanted name, where pack_names reads it in 20 ms)
        non_digits: bytearray | None = None
        if len(todo) <= _STASH_FINDS:
            for encoded, name in todo.items():
                found = out[name]
                for m in re.finditer(re.escape(encoded) + rb"(?![A-Za-z0-9_$])", data):
                    looks += 1
                    if looks > _STASH_LOOKS:
                        break
                    at = m.start()
                    if at and data[at - 1] in _DIGITS:  # (the name after leading digits: where they start)
                        if non_digits is None:
                            non_digits = data.translate(_NON_DIGITS)
                        at = non_digits.rfind(b"1", 0, at) + 1
                    if at and data[at - 1] in _IDENT_BYTES:
                        continue  # inside a longer name
                    path = paths[bisect_right(starts, m.start()) - 1]
                    if path in among and path not in found:
                        found.append(path)
                        if len(found) == 2:
                            break
                if looks > _STASH_LOOKS:
                    break
            else:
                return out
        # a hostile or huge project: every name of the stash, once (what pack_names reads)
        out = {name: [] for name in out}
        ends = [*starts[1:], len(data)]
        for path, start, end in zip(paths, starts, ends, strict=True):
            if path in among:
                for encoded in todo.keys() & set(_NAME.findall(data, start, end)):
                    if len(out[todo[encoded]]) < 2:
                        out[todo[encoded]].append(path)
        return out


#: the JavaScript plugin's marks of a signal inside a top-level function (``_mark_members``)
_MEMBER_MARKS = frozenset({"member", "app_method", "member_constant"})

#: at most this many names are counted by their bytes (``_count_sayers``); more: every name is counted
_COUNT_ASKED = 64
#: the byte-by-byte steps of ``_count_sayers``'s search before it counts every name instead
_COUNT_STEPS = 20000


def _count_sayers(packed_names: Iterable[str], asked: set[int], stashed_known: bool) -> tuple[Counter[int], int]:
    """(how many of the files say each name of ``asked``, by its hash; how many say every name), from
    each file's ``pack_names`` (a file ``STASHED``: skipped when ``stashed_known``, else it says every
    name). The count of a hash is that of ``Counter`` over every file's hashes, which it was (~13 ms
    for the official demo's 78,000 hashes, where a run asks ~10): each asked hash is looked for as
    its 4 packed bytes among the files' decoded bytes, at a multiple of 4 (a hash's place), in C.
    Many names asked, or bytes that make the search step through many false places (a forged cache):
    every file's hashes counted, as before. A count holds for the names asked only."""
    says_all = 0
    raws: list[bytes] = []
    for packed in packed_names:
        if packed == STASHED and stashed_known:
            continue  # (without its stash, a stashed file's names are unknown: it says every name)
        raw = _names_bytes(packed)
        if raw is None:
            says_all += 1
            continue
        raws.append(raw)
    counts: Counter[int] = Counter()
    if len(asked) <= _COUNT_ASKED:
        blob = b"".join(raws)  # (each a multiple of 4 bytes: a hash's place stays a multiple of 4)
        steps = 0
        for h in asked:
            needle = h.to_bytes(4, "little")  # (packed little-endian: ``pack_names``)
            at = blob.find(needle)
            while at >= 0 and steps <= _COUNT_STEPS:
                if at % 4:
                    steps += 1
                    at = blob.find(needle, at + 1)
                    continue
                counts[h] += 1
                at = blob.find(needle, at + 4)
            if steps > _COUNT_STEPS:
                break
        else:
            return counts, says_all
        counts = Counter()
    for raw in raws:
        hashes = array("I")
        hashes.frombytes(raw)
        if sys.byteorder == "big":
            hashes.byteswap()
        counts.update(hashes)
    return counts, says_all


def uncalled_members(project: Project, signals: list[Signal], names: dict[str, str],
                     roots: ModuleRoots | None, stash: NameStash | None = None,
                     ) -> tuple[list[Signal], dict[tuple[str, str], int], set[tuple[str, str]]]:
    """``signals`` without those of a module's top-level function that nothing calls (the JavaScript
    plugin's ``member``: a function, or an exported object's or class's method, whose name its own
    file never says again), when no other file of the project says its name either (``names``: each
    file's names, ``pack_names``): a payment helper copied with a template and never used. A page's
    or a component's script keeps its methods: its template calls them; so does an entry of the
    project (``roots``: the app script, a plugin's export file, a worker): the platform calls them —
    but for the app script's ``App({ … })`` methods other than its hooks (``app_method``), which only
    code calls (``getApp().getPermission()``).
    Nothing is dropped when no file's names are known (the modules plugin is off), nor when the project
    has no entry to tell (``roots`` None or without entries: an engine's project, whose editor attaches
    every script to scenes that call their methods by name, as with module reachability: every script
    counts whole). A file whose names are ``STASHED`` is asked of ``stash``. Also: (file, member) -> how
    many signals were dropped (the file project-relative), and which of those members are exported
    constants (an API table's entries: ``member_constant``), not functions."""
    if not names or not any(s.attrs.get("member") for s in signals):
        return signals, {}, set()
    if roots is None or not roots.entries:
        return [dataclasses.replace(s, attrs={k: v for k, v in s.attrs.items() if k not in _MEMBER_MARKS})
                if s.attrs.get("member") else s for s in signals], {}, set()
    entries = [e.lstrip("/") for e in roots.entries]
    listing = set(project.listing)
    prefix = "" if project.relroot in ("", ".") else project.relroot.rstrip("/") + "/"
    unit_cache: dict[str, bool] = {}

    def unit(path: str) -> bool:
        found = unit_cache.get(path)
        if found is None:
            rel = path[len(prefix):] if prefix and path.startswith(prefix) else path
            stem = rel.rsplit(".", 1)[0]
            found = unit_cache[path] = rel.endswith(_SINGLE_FILE_UNITS) or any(
                stem + ext in listing for ext in TEMPLATE_EXTS) or any(
                stem == e or stem == e + "/index" or (e.endswith("/") and rel.startswith(e)) or rel == e
                for e in entries)
        return found

    # how many files say each name (a file that says every name: all of them), made once
    sayers: Counter[int] | None = None
    says_all = 0
    own: dict[str, set[int]] = {}  # the names of the files holding marked signals

    stashed: dict[str, list[str]] | None = None  # name -> up to two stashed files that say it

    def sayers_of(rel: str, name: str) -> int:
        nonlocal sayers, says_all, stashed
        if sayers is None:
            asked = {name_hash(s.attrs["member"]) for s in signals if s.attrs.get("member")}
            sayers, says_all = _count_sayers(names.values(), asked, stash is not None)
        if stashed is None:
            among = {path for path, packed in names.items() if packed == STASHED}
            wanted = {s.attrs["member"] for s in signals if s.attrs.get("member") and s.origin == "frontend"}
            stashed = stash.sayers(wanted, among) if stash is not None and among else {}
        h = name_hash(name)
        count = sayers[h] + says_all + sum(1 for path in stashed.get(name, ()) if path != rel)
        if rel in names and (names[rel] != STASHED or stash is None):  # (its own file says the name too)
            mine = own.get(rel)
            if mine is None:
                hashes = unpack_names(names[rel])
                mine = own[rel] = set(hashes) if hashes is not None else set()
            if h in mine or not mine:
                count -= 1
        return count

    called: dict[tuple[str, str], bool] = {}

    def is_called(path: str, name: str) -> bool:
        key = (path, name)
        found = called.get(key)
        if found is None:
            rel = path[len(prefix):] if prefix and path.startswith(prefix) else path
            found = called[key] = sayers_of(rel, name) > 0
        return found

    kept: list[Signal] = []
    dropped: dict[tuple[str, str], int] = {}
    constants: set[tuple[str, str]] = set()
    for s in signals:
        name = s.attrs.get("member")
        if name:
            path = s.location.path
            # (an app script is an entry whose hooks the platform calls: its other methods are called by name)
            if s.origin == "frontend" and (s.attrs.get("app_method") or not unit(path)) and not is_called(path, name):
                rel = path[len(prefix):] if prefix and path.startswith(prefix) else path
                dropped[(rel, name)] = dropped.get((rel, name), 0) + 1
                if s.attrs.get("member_constant"):
                    constants.add((rel, name))
                continue
            s = dataclasses.replace(s, attrs={k: v for k, v in s.attrs.items() if k not in _MEMBER_MARKS})
        kept.append(s)
    return kept, dropped, constants


#: Files whose signals reachability can drop: scripts (single-file components are pages or components).
SCRIPT_EXTS = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".wxs", ".sjs")
SFC_EXTS = (".vue", ".nvue", ".uvue")
#: WePY's single-file components (a WeChat project's pages and components; not imported by path)
WEPY_EXTS = (".wpy",)
#: Mpx's single-file components (``@mpxjs/core``: a mini-program template, a script, the page's JSON)
MPX_EXTS = (".mpx",)
#: What an import without an extension may name, in the order bundlers try them.
RESOLVE_EXTS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", *SFC_EXTS, ".uts", ".wxs", ".sjs",
                ".json", *MPX_EXTS)


_RANK = {ext: i for i, ext in enumerate(RESOLVE_EXTS)}


def _ext(path: str) -> str:
    dot = path.rfind(".")
    return path[dot:].lower() if dot > path.rfind("/") else ""


class Resolver:
    """Turns a module specifier written in one file into the project file it loads."""

    def __init__(self, files: Iterable[str], roots: ModuleRoots, aliases: dict[str, str]):
        self.files = set(files)
        self.roots = roots
        self.aliases = sorted(aliases.items(), key=lambda kv: -len(kv[0]))  # longest prefix first
        self.bases = [b.strip("/") for b in roots.bases] or [""]
        self._stems: dict[str, list[str]] | None = None
        self._folded: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None

    @property
    def stems(self) -> dict[str, list[str]]:
        """"utils/pay" -> ["utils/pay.ts", "utils/pay.js"]: made on the first ``find`` (a caller that
        rules its specifiers out by ``could_load`` may never ask: ~2,000 files' extensions)."""
        if self._stems is None:
            stems: dict[str, list[str]] = {}
            for f in self.files:
                if f.endswith(RESOLVE_EXTS):
                    ext = _ext(f)
                    stems.setdefault(f[: -len(ext)], []).append(f)
            for group in stems.values():
                if len(group) > 1:
                    group.sort(key=lambda f: _RANK.get(_ext(f), len(_RANK)))
            self._stems = stems
        return self._stems

    @property
    def folded(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Files and stems by their lower-case form: made on the first import ``find`` cannot resolve
        letter for letter."""
        if self._folded is None:
            files: dict[str, list[str]] = {}
            for name in self.files:
                files.setdefault(name.lower(), []).append(name)
            stems: dict[str, list[str]] = {}
            for name in self.stems:
                stems.setdefault(name.lower(), []).append(name)
            self._folded = (files, stems)
        return self._folded

    def could_load(self, wanted: Iterable[str]) -> Callable[[str, str], bool]:
        """A test of (spec, importer) that is true whenever ``resolve`` may name one of ``wanted``
        (files of the resolver's): what ``find`` looks up, worked back from those files to the
        targets that reach them (the file itself, its stem less a suffix, its folder for an
        ``index``), so that a specifier is resolved only when one of its targets is among them."""
        exact: set[str] = set()  # targets found as themselves or as their stem with a suffix
        folders: set[str] = set()  # targets (their leading "/" taken off) found as their folder's index
        for f in wanted:
            exact.add(f)
            if not f.endswith(RESOLVE_EXTS):
                continue
            stem = f[: -len(_ext(f))]
            for suffix in (*self.roots.suffixes, ""):
                if stem.endswith(suffix):
                    exact.add(stem[: len(stem) - len(suffix)])
                index = "/index" + suffix
                if stem.endswith(index):
                    folders.add(stem[: -len(index)].lstrip("/"))
                if stem == "index" + suffix:
                    folders.add("")

        exact_folded = {t.lower() for t in exact}
        folders_folded = {t.lower() for t in folders}

        def test(spec: str, importer: str) -> bool:
            for target in self.targets(spec, importer):
                target = posixpath.normpath(target)
                target = "" if target == "." else target
                if target in exact or target.lstrip("/") in folders:
                    return True
                if target.lower() in exact_folded or target.lstrip("/").lower() in folders_folded:
                    return True  # (found in another letter case: ``find``)
            return False

        return test

    def find(self, target: str) -> list[str]:
        """The files ``target`` names: itself, or with an extension, or its folder's ``index``. Every
        extension at once: ``game.ts`` and the ``game.js`` compiled from it are one module."""
        target = posixpath.normpath(target)
        if target.startswith("../") or target == "..":
            return []  # outside the project
        target = "" if target == "." else target
        if target in self.files and _ext(target):
            return [target]
        stems = self.stems
        for suffix in (*self.roots.suffixes, ""):
            for stem in (f"{target}{suffix}", f"{target}/index{suffix}".lstrip("/")):
                found = stems.get(stem)
                if found:
                    return list(found)
        # In another letter case (``./home/index.vue`` for ``Home/index.vue``): the build finds it on the
        # case-insensitive disks of Windows and macOS, where its developers run it; only a name that
        # matches one file or stem so (two that differ only in case: which one loads depends on the disk)
        folded_files, folded_stems = self.folded
        same = folded_files.get(target.lower())
        if same and len(same) == 1 and _ext(same[0]):
            return [same[0]]
        for suffix in (*self.roots.suffixes, ""):
            for name in (f"{target}{suffix}", f"{target}/index{suffix}".lstrip("/")):
                same = folded_stems.get(name.lower())
                if same and len(same) == 1:
                    return list(stems[same[0]])
        return []

    def targets(self, spec: str, importer: str) -> list[str]:
        """Candidate targets (without extension resolution) of ``spec`` written in ``importer``."""
        spec = spec.split("?", 1)[0].split("!")[-1].strip()
        if not spec or "://" in spec or spec.startswith(("data:", "plugin://", "plugin-private://")):
            return []
        here = posixpath.dirname(importer)
        if spec.startswith("."):
            return [posixpath.join(here, spec)]
        for prefix, folder in self.aliases:
            if spec == prefix.rstrip("/") or spec.startswith(prefix):
                rest = spec[len(prefix):] if spec.startswith(prefix) else ""
                return [posixpath.join(folder, rest) if folder else rest]
        if spec.startswith("/"):
            return [posixpath.join(b, spec.lstrip("/")) for b in self.bases]
        # A bare specifier: an npm package, or (WeChat, uni-app) a path from the importing folder or the app root.
        return [posixpath.join(here, spec), *(posixpath.join(b, spec) for b in self.bases)]

    def resolve(self, spec: str, importer: str) -> list[str]:
        for target in self.targets(spec, importer):
            found = self.find(target)
            if found:
                return found
        return []

    def prefixed(self, prefix: str, importer: str) -> list[str]:
        """Every file a dynamic ``require('./lang/' + x)`` may load: those under its literal prefix."""
        out: list[str] = []
        for target in self.targets(prefix, importer):
            start = posixpath.normpath(target) + ("/" if prefix.endswith("/") else "")
            if start in ("./", "/", "."):
                continue  # `require('./' + x)` may load anything in the folder: only that folder
            out.extend(f for f in self.files if f.startswith(start))
        return out


def tsconfig_aliases(project: Project) -> dict[str, str]:
    """``compilerOptions.paths`` of ``tsconfig.json`` / ``jsconfig.json`` (``"@/*": ["src/*"]``) as
    prefix -> folder, relative to the project root; ``baseUrl`` under the key ``"\\0base"``."""
    from zizhi import safeio
    from zizhi.jsonpos import parse_json
    from zizhi.textio import decode

    out: dict[str, str] = {}
    for name in ("tsconfig.json", "jsconfig.json"):
        path = project.root / name
        try:
            if not path.is_file() or path.stat().st_size > 256 * 1024:
                continue
            text = decode(safeio.read_bytes(path, None, limit=256 * 1024, boundary=project.root)).text
        except OSError:  # also a link out of the project (safeio.OutsideTree) or a file grown too large
            continue
        value = parse_json(text).value if text else None
        opts = value.get("compilerOptions") if isinstance(value, dict) else None
        if not isinstance(opts, dict):
            continue
        base_url = opts.get("baseUrl")
        base = base_url if isinstance(base_url, str) else "."
        if isinstance(base_url, str):  # `import x from 'components/x'` is looked for under baseUrl
            folder = posixpath.normpath(base_url)
            if not folder.startswith(".."):
                out.setdefault("\0base", "" if folder == "." else folder)
        paths = opts.get("paths")
        for key, targets in (paths.items() if isinstance(paths, dict) else []):
            if not (isinstance(key, str) and key.endswith("/*") and isinstance(targets, list) and targets
                    and isinstance(targets[0], str) and targets[0].endswith("*")):
                continue
            folder = posixpath.normpath(posixpath.join(base, targets[0][:-1]))
            if not folder.startswith(".."):
                out.setdefault(key[:-1], "" if folder == "." else folder + "/")
    return out


def import_resolver(project: Project, files: Iterable[str], roots: ModuleRoots | None) -> Resolver:
    """The resolver of the project's imports: the platform's aliases over ``tsconfig.json``'s
    ``paths``, and its ``baseUrl`` one more folder a bare specifier is looked for under (one
    reading of the project's imports for reachability and for what an import loads)."""
    roots = roots or ModuleRoots(entries=[])
    aliases = {**tsconfig_aliases(project), **roots.aliases}
    base_url = aliases.pop("\0base", None)
    if base_url is not None and base_url not in roots.bases:
        roots = dataclasses.replace(roots, bases=[*roots.bases, base_url])
    return Resolver(files, roots, aliases)


def reachable(files: Iterable[str], refs: dict[str, list[Ref]], roots: ModuleRoots,
              project: Project) -> set[str]:
    """The files the entry points load, directly or through other files."""
    listing = set(files)
    resolver = import_resolver(project, listing, roots)
    stems: dict[str, list[str]] = {}  # a page's `index.config.ts` loads with its `index.tsx`
    for f in listing:
        if ".config." not in f:
            continue
        base = f[: -len(_ext(f))] if _ext(f) else f
        if base.endswith(".config"):
            stems.setdefault(base[: -len(".config")], []).append(f)
    seen: set[str] = set()
    todo: list[str] = []
    expanded: set[tuple[str, str, str]] = set()

    def reach(path: str) -> None:
        if path in listing and path not in seen:
            seen.add(path)
            todo.append(path)

    for entry in roots.entries:
        if entry.endswith("/"):
            for f in listing:
                if f.startswith(entry.lstrip("/")):
                    reach(f)
        else:
            for found in resolver.find(entry):
                reach(found)
    while todo:
        path = todo.pop()
        if stems:  # (few projects have page configs)
            ext = _ext(path)
            for companion in stems.get(path[: -len(ext)] if ext else path, []):
                reach(companion)
        for ref in refs.get(path, []):
            how = ref.how
            if how in ("sdk", "plugin"):
                continue  # what the file is, not what it loads; a plugin is no file of the project
            if how in ("dynamic", "prefix"):
                # require(table[name].path): any module below the requiring file's folder;
                # require('./lang/' + name): any module under the prefix
                key = (how, posixpath.dirname(path), ref.spec if how == "prefix" else "")
                if key in expanded:
                    continue
                expanded.add(key)
                folder = posixpath.dirname(path)
                loads = [f for f in listing if not folder or f.startswith(folder + "/")] if how == "dynamic" \
                    else resolver.prefixed(ref.spec, path)
                for f in loads:
                    reach(f)
            else:
                for target in resolver.resolve(ref.spec, path):
                    reach(target)
    return seen


def droppable(path: str, project: Project, bound: set[str], imported_only: frozenset[str] = frozenset()) -> bool:
    """Whether reachability decides about ``path``: a front-end script that is not part of a page or
    component unit (those are decided by registration), or a single-file component only an import
    brings in (``ModuleRoots.imported_only``)."""
    if path in imported_only:
        return not project.in_backend(path)
    ext = _ext(path)
    if ext not in SCRIPT_EXTS or project.in_backend(path):
        return False
    stem = path[: -len(ext)]
    return stem not in bound


def unreachable_modules(project: Project, files: dict[str, bool], refs: dict[str, list[Ref]],
                        roots: ModuleRoots | None, everything: Iterable[str] = ()) -> dict[str, str]:
    """The files whose signals do not count -> why ("": nothing reachable imports it; else the
    reason the build leaves its folder out). ``files``: every file extracted (project-relative path
    -> whether it is of the front end); ``refs``: each file's module references; ``everything``:
    every file of the project, read or not."""
    if roots is None:
        return {}
    left_out: dict[str, str] = {}
    if roots.excluded:
        left_out = {f: reason for f in files if files[f] and not project.in_backend(f)
                    for folder, reason in roots.excluded.items() if f.startswith(folder)}
    listing = [f for f in files if f not in left_out]
    # Page and component units: a template beside a script (same stem) loads it; their registration
    # (ZZ008) decides, and their scripts are where the graph starts.
    bound: set[str] = set()
    units = tuple(roots.units)
    for f in (*listing, *everything):
        if units and f.endswith(units):
            bound.add(f[: -len(_ext(f))])
    entries = list(roots.entries)
    imported_only = frozenset(roots.imported_only)
    for f in listing:
        if (f.endswith(SFC_EXTS) and f not in imported_only) or (units and f.endswith(units)) or \
                (f.endswith(SCRIPT_EXTS) and f[: -len(_ext(f))] in bound):
            entries.append(f)
    present = {*listing, *everything}
    main = roots.entries[0] if roots.entries else ""
    if not main or not any(f"{main}{ext}" in present or f"{main}/index{ext}" in present
                           for ext in RESOLVE_EXTS if ext != ".json"):
        return left_out  # the app's main script is not there (generated by a build?): nothing to measure from
    live = reachable(listing, refs, dataclasses.replace(roots, entries=entries), project)
    dead = {f: "" for f in listing if f not in live and files[f] and droppable(f, project, bound, imported_only)}
    return {**left_out, **dead}


def sdk_imports(project: Project, files: dict[str, bool], refs: dict[str, list[Ref]], roots: ModuleRoots | None,
                dead: dict[str, str], vendored: set[str]) -> list[Signal]:
    """``import`` signals of the copied SDK bundles that reachable code of the project's own imports:
    one at each import, named after the SDK's module (``attrs.copy``: the bundle). An import of a
    vendored wrapper that imports the bundle counts as an import of the bundle."""
    copies = {path: ref.spec for path, rs in refs.items() for ref in rs if ref.how == "sdk"}
    if not copies:
        return []
    resolver = import_resolver(project, files, roots)

    def bundle(path: str, depth: int = 0) -> str | None:
        if path in copies:
            return path
        if path not in vendored or depth > 4:
            return None
        for ref in refs.get(path, []):
            if ref.how == "import":
                for target in resolver.resolve(ref.spec, path):
                    found = bundle(target, depth + 1)
                    if found is not None:
                        return found
        return None

    out: list[Signal] = []
    for path in sorted(refs):
        if path in dead or path in vendored or path in copies or not files.get(path):
            continue
        for ref in refs[path]:
            if ref.how != "import":
                continue
            for target in resolver.resolve(ref.spec, path):
                copy = bundle(target)
                if copy is not None:
                    out.append(Signal("import", copies[copy], Location(project.rel(path), ref.line),
                                      attrs={"copy": project.rel(copy)}, snippet=ref.spec))
                    break
    return out


def socket_users(project: Project, files: dict[str, bool], refs: dict[str, list[Ref]], roots: ModuleRoots | None,
                 dead: dict[str, str], vendored: set[str], signals: list[Signal],
                 opening: frozenset[str]) -> list[Signal]:
    """``endpoint`` signals (op ``subscribe``) of the app's own files that import the app's own
    module opening a WebSocket (``connectSocket``): a socket manager (``utils/socketManager.js``,
    ``api/websocket.js``) is named after the channel, not after what goes through it, which the
    page that imports it says (``pages/chat/detail/index.js``). One at each such import, with the
    importer's path split into words, as the JavaScript plugin's socket endpoint is when the module
    that opens the socket names what it carries; the catalogue's vocabulary decides whether those
    words mean anything. Only direct imports: a module that imports the manager to pass it on is
    named for itself. ``opening``: the API calls that open a socket (the catalogue's ``opens_socket``
    entries: ``wx.connectSocket``, ``uni.connectSocket`` …)."""
    from zizhi.words import split_words

    # (the platform's own call as the catalogue names it, ``wx.connectSocket``: never a longer chain
    # such as ``uni.$u.connectSocket``, a helper of the app's own put on it)
    openers = {s.location.path for s in signals if s.kind == "api" and not s.vendored and s.name in opening}
    if not openers:
        return []
    resolver = import_resolver(project, files, roots)
    may_open = resolver.could_load([f for f in files if project.rel(f) in openers])
    out: list[Signal] = []
    for path in sorted(refs):
        rel = project.rel(path)
        if path in dead or path in vendored or not files.get(path) or rel in openers:
            continue
        for ref in refs[path]:
            if ref.how != "import" or not may_open(ref.spec, path):
                continue
            opener = next((t for t in resolver.resolve(ref.spec, path) if project.rel(t) in openers), None)
            if opener is not None:
                ext = _ext(path)
                stem = path[: -len(ext)] if ext else path  # (pages/v1.2/chat: a folder's dot is no extension)
                out.append(Signal("endpoint", f"socket {stem}", Location(rel, ref.line),
                                  attrs={"words": " ".join(dict.fromkeys(split_words(stem))), "op": "subscribe",
                                         "source": "socket", "opener": project.rel(opener)},
                                  snippet=ref.spec))
                break
    return out


#: files whose functions a template beside them (or within them) calls by name: a page's or a
#: component's methods, bound in the template (``bindtap="submitPost"``, ``@click``, ``onClick={…}``)
_SINGLE_FILE_UNITS = (*SFC_EXTS, *WEPY_EXTS, *MPX_EXTS, ".jsx", ".tsx")


def uncalled_wrappers(project: Project, signals: list[Signal]) -> list[Signal]:
    """``signals`` with each endpoint that an API module's function named (the semantic reader's
    ``wrapper``: ``export const addTopic = () => request('/professor/insert')``) read by its path's
    own words (``path_words``, ``path_op``) when nothing else in the project calls that function: a
    helper defined and never called is the most common dead code (a profile updater no page uses).
    Called: another file of the mini-program's own holds a signal of that name (the caller's
    ``addTopic``; a server's handler of the same name is no caller).
    A page's or a component's method keeps its name: its template calls it, which no signal shows
    (a script beside a template, a single-file component: Vue's, uni-app's, WePY's; a JSX one)."""
    wrapped = [s for s in signals if s.kind == "endpoint" and s.attrs.get("wrapper")]
    if not wrapped:
        return signals
    names = frozenset(s.attrs["wrapper"] for s in wrapped)
    listing = set(project.listing)
    callers: dict[str, set[str]] = {}  # a wrapper's name -> the files naming it (one look-up each)
    for s in signals:
        if s.name in names and not s.vendored and s.origin == "frontend" and s.kind in ("identifier", "api"):
            callers.setdefault(s.name, set()).add(s.location.path)

    def calls_elsewhere(name: str, path: str) -> bool:
        found = callers.get(name, ())
        return len(found) > 1 or (len(found) == 1 and path not in found)

    prefix = "" if project.relroot in ("", ".") else project.relroot.rstrip("/") + "/"

    def template_unit(path: str) -> bool:
        rel = path[len(prefix):] if prefix and path.startswith(prefix) else path  # (the listing's are the project's)
        if rel.endswith(_SINGLE_FILE_UNITS):
            return True
        stem = rel.rsplit(".", 1)[0]
        return any(stem + ext in listing for ext in TEMPLATE_EXTS)

    out: list[Signal] = []
    for s in signals:
        name = s.attrs.get("wrapper") if s.kind == "endpoint" else None
        if name and not template_unit(s.location.path) and not calls_elsewhere(name, s.location.path):
            attrs = {k: v for k, v in s.attrs.items() if k not in ("wrapper", "path_words", "path_op")}
            attrs["words"], attrs["op"] = s.attrs.get("path_words", ""), s.attrs.get("path_op", "")
            s = dataclasses.replace(s, attrs=attrs)
        out.append(s)
    return out


#: the longest plugin provider taken from app.json (an appid; anything longer is not one)
_MAX_PROVIDER = 64


def plugin_uses(project: Project, files: dict[str, bool], refs: dict[str, list[Ref]],
                dead: dict[str, str], vendored: set[str]) -> list[Signal]:
    """``import`` signals ``plugin:<provider>`` of the plugins that reachable code of the project's
    own requires (``requirePlugin('WechatSI')``), by the provider app.json (or a subpackage) declares
    under that name: the code uses the plugin, where the declaration only makes it available."""
    manifest = project.manifests.get(project.manifest)
    if not isinstance(manifest, dict):
        return []
    providers: dict[str, str] = {}
    for holder in (manifest, *(s for s in manifest.get("subpackages") or manifest.get("subPackages") or []
                               if isinstance(s, dict))):
        declared = holder.get("plugins")
        for alias, spec in declared.items() if isinstance(declared, dict) else ():
            provider = spec.get("provider") if isinstance(spec, dict) else None
            if isinstance(provider, str) and 0 < len(provider) <= _MAX_PROVIDER and provider.isalnum():
                providers.setdefault(alias, provider)  # (an appid: wx and 16 hex digits, Alipay's digits)
    out: list[Signal] = []
    for path in sorted(refs) if providers else ():
        if path in dead or path in vendored or not files.get(path):
            continue
        for ref in refs[path]:
            if ref.how == "plugin" and ref.spec in providers:
                out.append(Signal("import", f"plugin:{providers[ref.spec]}", Location(project.rel(path), ref.line),
                                  attrs={"alias": ref.spec}, snippet=f"requirePlugin('{ref.spec}')"))
    return out


#: folders of shared code beside the cloud functions (uniCloud's cloudfunctions/common), not functions
_SHARED_FOLDERS = frozenset({"common", "node_modules", "utils", "lib"})


def _cloud_root_safe(project: Project, root: str) -> bool:
    """A cloud-function root from the project's own config is untrusted: one that holds the app,
    its manifest or a registered page (``cloudfunctionRoot: "pages/"``) is no cloud-function folder."""
    if root in ("", ".", "./"):
        return False
    prefix = posixpath.normpath(root).rstrip("/") + "/"
    if project.app_root and (posixpath.normpath(project.app_root) + "/").startswith(prefix):
        return False  # the app inside it
    return not project.manifest.startswith(prefix) and not _holds_a_page(project, prefix)


def _holds_a_page(project: Project, prefix: str) -> bool:
    for page in project.pages:
        full = posixpath.join(project.app_root, page) if project.app_root else page
        if full.startswith(prefix) or page.startswith(prefix):
            return True
    return False


def uncalled_cloud_functions(project: Project, files: dict[str, bool], refs: dict[str, list[Ref]],
                             dead: dict[str, str], boundary: str | Path | None = None) -> dict[str, str]:
    """The files of cloud functions nothing calls -> why. A cloud function runs when code calls it
    by name (``callFunction({ name: 'pay' })``, from the app or from another function) or when a
    trigger in its ``config.json`` runs it; the folder of one that neither happens to is dead code
    (a template's ``login`` or ``pay`` left in place). Undecided, so nothing is dropped, when no call
    names a function or one computes its name (``name: fn``: any function may be called)."""
    if project.cloudfunction_roots is not None:
        roots = project.cloudfunction_roots
    else:
        roots = [b for b in project.backend_roots if b.rstrip("/").rsplit("/", 1)[-1] == "cloudfunctions"]
    roots = [r for r in roots if _cloud_root_safe(project, r)]
    if not roots:
        return {}
    called = {r.spec for path, rs in refs.items() if path not in dead for r in rs if r.how == "cloud"}
    if not called or "*" in called:
        return {}
    out: dict[str, str] = {}
    triggered: dict[str, bool] = {}
    for f, frontend in files.items():
        if frontend:
            continue  # the app's own code is decided by imports and registration, never here
        for root in roots:
            prefix = root.rstrip("/") + "/" if root not in ("", ".") else ""
            rest = f[len(prefix):] if f.startswith(prefix) else ""
            if "/" not in rest:
                continue
            name = rest.split("/", 1)[0]
            if name in called or name in _SHARED_FOLDERS:
                break
            folder = prefix + name
            if folder not in triggered:
                triggered[folder] = _has_trigger(project, folder, boundary)
            if not triggered[folder]:
                out[f] = (f"belongs to cloud function '{name}', which no reachable code calls (callFunction) "
                          "and no trigger in its config.json runs")
            break
    return out


def _has_trigger(project: Project, folder: str, boundary: str | Path | None) -> bool:
    """Whether something other than a call runs the function: a trigger in WeChat's ``config.json``
    (a timer), or uniCloud's ``package.json`` ``cloudfunction-config`` (``triggers``, or ``path``: the
    function served at a URL)."""
    from zizhi.safeio import read_bytes

    for name, needs in (("config.json", (b'"triggers"',)), ("package.json", (b'"triggers"', b'"path"'))):
        path = project.root / folder / name
        try:
            if path.is_symlink() or not path.is_file():
                continue
            head = read_bytes(path, limit=65536, boundary=boundary)  # read by name: a warm run sees a change
        except Exception:  # too large, unreadable, a link out: no trigger to trust
            continue
        if name == "package.json" and b"cloudfunction-config" not in head:
            continue
        if any(n in head for n in needs):
            return True
    return False
