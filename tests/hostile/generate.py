"""Generate a tree of hostile mini-program projects, one folder per case of issue 16
(docs/security.md): ``python tests/hostile/generate.py OUT [--size BYTES]``.

Each case is a small WeChat (or uni-app) project whose one hostile file is about ``--size`` bytes
(default 1 MB). ``tests/test_hostile.py`` scans each case with a time limit; run zizhi over the
whole tree by hand to see every case at once (``zizhi check OUT``). Cases that need symbolic links
or file names that are not UTF-8 are made only where the file system allows them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

PROJECT_CONFIG = '{"appid": "wx00000000000000f1", "projectname": "hostile", "compileType": "miniprogram"}\n'
APP_JSON = '{"pages": ["pages/index/index"]}\n'
UNI_MANIFEST = '{"name": "hostile", "mp-weixin": {"appid": "wx00000000000000f1"}}\n'


def wechat(root: Path, files: dict[str, str | bytes]) -> None:
    base: dict[str, str | bytes] = {"project.config.json": PROJECT_CONFIG, "app.json": APP_JSON, "app.js": "App({})\n",
                                    "pages/index/index.wxml": "<view>index</view>\n",
                                    "pages/index/index.js": "Page({})\nwx.requestPayment({})\n"}
    base.update(files)
    _write(root, base)


def uniapp(root: Path, files: dict[str, str | bytes]) -> None:
    base: dict[str, str | bytes] = {"manifest.json": UNI_MANIFEST,
                                    "pages.json": '{"pages": [{"path": "pages/index/index"}]}\n',
                                    "pages/index/index.vue": "<template><view/></template>\n"}
    base.update(files)
    _write(root, base)


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


#: case name -> (kind, files of the case given the size in bytes)
CASES: dict[str, tuple[str, Callable[[int], dict[str, str | bytes]]]] = {
    # catastrophic regexes and quadratic scans
    "pagesjson-slash-comment": ("uniapp", lambda n: {"pages.json": '{"pages": [{"path": "pages/index/index"},\n'
                                                     + "/" * n + '\n{"path": "pages/b/b"}]}\n'}),
    "pagesjson-many-commas": ("uniapp", lambda n: {"pages.json": '{"pages": [{"path": "pages/index/index"}'
                                                   + _repeat(", /* c */ ", n) + "]}\n"}),
    "suppression-whitespace": ("wechat", lambda n: {"pages/index/index.js": "Page({})\n// zizhi-disable-line ZZ101"
                                                    + " " * n + "x\n"}),
    "vendored-token-scan": ("wechat", lambda n: {"lib/sdk.min.js": "'" + _repeat("wx.a// ", n)}),
    "vendored-endpoints": ("wechat", lambda n: {"lib/sdk.min.js": _repeat("api.weixin.qq.com ", n)}),
    "vendored-namespace-comment": ("wechat", lambda n: {"lib/sdk.min.js": "/*" + _repeat("wx.request ", n)}),
    "js-import-repeated": ("wechat", lambda n: {"lib/sdk.min.js": "wx.request()\n" + _repeat("import ", n)}),
    "js-import-repeated-parsed": ("wechat", lambda n: {"pages/index/index.js": "wx.x()\n" + _repeat("import ", n)}),
    "ifdef-whitespace": ("uniapp", lambda n: {"pages/index/index.vue": "<script>\n// #ifdef MP-WEIXIN" + " " * n
                                              + "x\nuni.requestPayment({})\n// #endif\n</script>\n"}),
    "java-huge": ("wechat", lambda n: {"server/pom.xml": "<project/>", "server/Main.java":
                                       "import com.github.wxpay.sdk.WXPay;\n" + _repeat("import a.b /* \"x' ", n)}),
    "go-huge": ("wechat", lambda n: {"server/go.mod": "module x\n", "server/main.go": _repeat('import a "', n // 2)
                                     + _repeat("import (", n // 2)}),
    "js-import-lines": ("wechat", lambda n: {"pages/index/index.js": "wx.x()\n" + _repeat("import a\n", n)}),
    "js-deep-nesting": ("wechat", lambda n: {"pages/index/index.js": "wx.x(" + "(" * (n // 2) + ")" * (n // 2) + ")"}),
    "js-deep-nesting-open": ("wechat", lambda n: {"pages/index/index.js": "wx.x(" + _repeat("[{(", n)}),
    "wxml-import-repeated": ("wechat", lambda n: {"pages/index/index.wxml": _repeat("<import ", n)}),
    "wxml-comment-repeated": ("wechat", lambda n: {"pages/index/index.wxml": "<live-pusher/>" + _repeat("<!--", n)}),
    "vue-comment-repeated": ("uniapp", lambda n: {"pages/index/index.vue": _repeat("<!--", n)}),
    "vue-template-repeated": ("uniapp", lambda n: {"pages/index/index.vue": _repeat("<template ", n)}),
    "vue-script-unclosed": ("uniapp", lambda n: {"pages/index/index.vue": _repeat("<script>", n)}),
    "json-deep-nesting": ("wechat", lambda n: {"pages/index/index.json": "[" * min(n, 200_000)}),
    "json-deep-nesting-valid": ("wechat", lambda n: {"app.json": '{"pages": ["pages/index/index"], "x": '
                                                     + "[" * 5000 + "]" * 5000 + "}"}),
    "python-deep-nesting": ("wechat", lambda n: {"server/app.py": "import openai\nx = " + "(" * 3000 + "1"
                                                 + ")" * 3000 + "\n"}),
    "python-huge": ("wechat", lambda n: {"server/app.py": "import openai\n" + _repeat("x = (1,)\n", n)}),
    "toml-deep-nesting": ("wechat", lambda n: {"server/pyproject.toml": "[project]\ndependencies = "
                                               + "[" * 100_000 + "\n"}),
    "big-app-json": ("wechat", lambda n: {"app.json": '{"pages": ["pages/index/index"], "x": "'
                                          + "a" * (3 * 1024 * 1024) + '"}'}),
    "big-wxml": ("wechat", lambda n: {"pages/index/index.wxml": "<view>" + "a" * (3 * 1024 * 1024) + "</view>"}),
    # things that must not disappear silently
    "minified-page": ("wechat", lambda n: {"pages/index/index.js": "Page({})\nwx.requestPayment({})\n//"
                                           + "x" * 20_000 + "\n"}),
    "nul-byte": ("wechat", lambda n: {"pages/index/index.js": b"Page({})\nwx.requestPayment({}) // \x00\n"
                                      + b"// an ordinary comment line\n" * 20}),
    "minified-lib": ("wechat", lambda n: {"utils/bundle.js": "wx.requestPayment({});" + "x" * 30_000}),
    # (under lib/ a script is a library's when it begins like one: a banner, a UMD wrapper)
    "vendored-lib": ("wechat", lambda n: {"lib/sdk.js": "/*! sdk v1.0.0 | (c) 2020 Vendor | MIT */\n"
                                                        "wx.requestPayment({})\n"}),
    # review5: a cloud function named through a shorthand `name` with no declaration, repeated (each use
    # looked its declaration up among all the program's statements: quadratic)
    "js-dispatch-shorthand-repeated": ("wechat", lambda n: {"pages/index/index.js": _repeat(
        "wx.cloud.callFunction({ name, data: { action: 'addComment' } })\n", n)}),
    # review5: a page that picks photos, then a long call chain (each call's object text was copied: quadratic)
    "js-pick-call-chain": ("wechat", lambda n: {"pages/index/index.js": "wx.chooseImage({})\np"
                                                + _repeat(".then(x)", n)}),
    "broken-app-json": ("wechat", lambda n: {"app.json": '{"pages": ["pages/index/index", "pages/b/b"], "window": {'}),
    # review15: model ids where a model goes, each distinct (each was a signal on a server: 50,000 of
    # them 7 s), on one line (every look at the code before each literal), and a line of request paths
    # in Python (each path's place stripped the whole line: quadratic)
    "js-model-ids": ("wechat", lambda n: {"pages/index/index.js": "Page({})\n" + "".join(
        f"const model{i} = 'gpt-4-{i}'\n" for i in range(n // 28))}),
    "java-model-ids": ("wechat", lambda n: {"server/pom.xml": "<project/>", "server/Ids.java": "class Ids {\n"
                                            + "".join(f'  String model{i} = "gpt-4-{i}";\n' for i in range(n // 32))
                                            + "}\n"}),
    "java-model-ids-line": ("wechat", lambda n: {"server/pom.xml": "<project/>", "server/Ids.java":
                                                 "class Ids { String[] model = {" + _repeat('"gpt-4o", ', n)
                                                 + "}; }\n"}),
    "python-model-ids": ("wechat", lambda n: {"server/requirements.txt": "flask\n", "server/ids.py": "".join(
        f"model{i} = 'qwen-{i}'\n" for i in range(n // 20))}),
    "python-paths-line": ("wechat", lambda n: {"server/requirements.txt": "flask\n", "server/paths.py":
                                               "PATHS = dict(" + _repeat('model="/comment/add", ', n) + ")\n"}),
}


def generate(out: Path, size: int = 1024 * 1024, only: list[str] | None = None) -> list[Path]:
    made = []
    for name, (kind, files) in CASES.items():
        if only and name not in only:
            continue
        root = out / name
        (wechat if kind == "wechat" else uniapp)(root, files(size))
        made.append(root)
    made += _links(out) if not only or "links" in only else []
    made += _names(out) if not only or "names" in only else []
    return made


def _links(out: Path) -> list[Path]:
    """Links out of the tree: a folder to /, app.json to a file outside, the cache folder."""
    if os.name == "nt":
        return []
    outside = out / "_outside"
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.json").write_text(json.dumps({"pages": "SECRET"}), encoding="utf-8")
    root = out / "links"
    wechat(root, {})
    for link, target in (("pages/root", Path("/")), ("app.json", outside / "secret.json"),
                         (".zizhi_cache", outside)):
        path = root / link
        if path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target)
    return [root]


def _names(out: Path) -> list[Path]:
    """Hostile file names: a newline with a workflow command, Markdown and ANSI escapes, and (where
    the file system takes them) bytes that are not UTF-8."""
    root = out / "names"
    hostile = ["pages/index/a\n::error file=x::injected.js", "pages/index/b`](javascript:x)<img src=x>.js",
               "pages/index/c\x1b[31mred\x1b[0m.js"]
    files: dict[str, str | bytes] = {}
    for name in hostile:
        files[name] = "wx.requestPayment({})\n"
    try:
        wechat(root, files)
    except OSError:
        wechat(root, {})
    if sys.platform.startswith("linux"):
        bad = os.fsencode(root / "pages" / "index") + b"/d\xff\xfe.js"
        with open(bad, "wb") as fh:
            fh.write(b"wx.requestPayment({})\n")
    return [root]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", type=int, default=1024 * 1024)
    parser.add_argument("--only", action="append", default=None, help="only this case (repeatable)")
    args = parser.parse_args(argv)
    for root in generate(args.out, args.size, args.only):
        print(root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
