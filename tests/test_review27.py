"""Review 27 of round 19: what the ``role`` signal kind (``ai.assistant_role``) must not read as a
conversation with a model, what it must not miss, and what the uni-app discovery without pages.json
must not claim. Each test builds a small project; each that guards a drop has a counterpart that is
still found."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import app_json, bare_project, make_project
from zizhi.context import Options
from zizhi.engine import check, load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def roles(engine, root: Path) -> set[tuple[str, str, int]]:
    """The role signals of every project found under ``root``: (name, path, line)."""
    report = check([root], engine, Options())
    return {(s.name, s.location.path, s.location.line) for p in report.projects for s in p.signals if s.kind == "role"}


def page(js: str, ext: str = "js") -> dict[str, str]:
    return {"app.json": app_json("pages/index/index"), f"pages/index/index.{ext}": js}


def server(path: str, code: str) -> dict[str, str]:
    """A mini-program with a server beside it holding ``code`` at ``path``."""
    build = {"java": ("server/pom.xml", "<project><artifactId>s</artifactId></project>\n"),
             "go": ("server/go.mod", "module s\n\ngo 1.21\n"),
             "php": ("server/composer.json", '{"require": {"php": ">=7.4"}}\n'),
             "py": ("server/requirements.txt", "flask\n")}[path.rsplit(".", 1)[1]]
    return {build[0]: build[1], path: code}


# ---------------------------------------------------------------- a person's role is no message

@pytest.mark.parametrize(("files", "found"), [
    # a course's staff: a teaching assistant (助教) is a person's role; a message holds its text
    (page("Page({ data: { staff: [{ name: '张三', role: 'assistant' }, { name: '李四', role: 'teacher' }] } })\n"),
     set()),
    (page("Page({ data: { history: [{ role: 'assistant', content: '你好' }] } })\n"),
     {("assistant", "pages/index/index.js", 1)}),
    # a board game's computer player
    (page("Page({ data: { players: [{ role: 'ai', piece: 'white' }, { role: 'human', piece: 'black' }] } })\n"), set()),
    (page("Page({ send(t) { this.data.list.push({ role: 'ai', text: t }) } })\n"), {("ai", "pages/index/index.js", 1)}),
    (page("Page({ add(t) { const role = 'ai'\n  this.data.list.push({ role, text: t }) } })\n"),
     {("ai", "pages/index/index.js", 1)}),
    # the text four lines away is not beside it, whatever the lines before hold (a comment in Chinese:
    # the look around counts characters, not bytes)
    (page("// " + "你" * 100 + "\nconst role = 'ai'\nPage({\n  a() {},\n  b() {},\n  c() {},\n"
          "  d(t) { this.data.list.push({ role, content: t }) } })\n"), set()),
    (page("// " + "你" * 100 + "\nconst role = 'ai'\nPage({\n  a() {},\n"
          "  d(t) { this.data.list.push({ role, content: t }) } })\n"), {("ai", "pages/index/index.js", 2)}),
    # a server's user record, a seeded account, a Go struct of a user, a Python dict of a person
    (server("server/src/main/java/a/U.java",
            "package a;\nclass U {\n  void seed(java.util.Map<String, Object> u) {\n"
            "    u.put(\"name\", \"张三\");\n    u.put(\"role\", \"assistant\");\n  }\n}\n"), set()),
    (server("server/src/main/java/a/C.java",
            "package a;\nclass C {\n  void keep(java.util.Map<String, Object> m, String a) {\n"
            "    m.put(\"role\", \"assistant\");\n    m.put(\"content\", a);\n  }\n}\n"),
     {("assistant", "server/src/main/java/a/C.java", 4)}),
    (server("server/main.go", "package main\n\nvar admin = User{Name: \"张三\", Role: \"assistant\"}\n"), set()),
    (server("server/main.go", "package main\n\nfunc f(x string) {\n\tmsgs = append(msgs, Message{\n"
            "\t\tRole:    \"assistant\",\n\t\tContent: x,\n\t})\n}\n"), {("assistant", "server/main.go", 5)}),
    (server("server/index.php", "<?php\n$staff = ['name' => '张三', 'role' => 'assistant'];\n"), set()),
    (server("server/index.php", "<?php\n$messages[] = [\n  'role' => 'assistant',\n  'content' => $answer,\n];\n"),
     {("assistant", "server/index.php", 3)}),
    (server("server/app.py", "staff = {'name': '张三', 'role': 'assistant'}\n"), set()),
    (server("server/app.py", "history.append({'role': 'assistant', 'content': answer})\n"),
     {("assistant", "server/app.py", 1)}),
])
def test_a_persons_role_is_no_message(engine, tmp_path: Path, files: dict[str, str], found: set) -> None:
    """A message holds its text beside its role (``{ role: 'assistant', content }``): a record of a
    person whose role is 'assistant' (a teaching assistant) or a game's 'ai' player holds none, and
    made ai_llm, hence the generative-AI filing, of a course or a chess game."""
    assert roles(engine, make_project(tmp_path / "p", files)) == found


# ---------------------------------------------------------------- a comparison or a default is no message

@pytest.mark.parametrize(("files", "found"), [
    # a comparison on a server, the message's content beside it
    (server("server/src/main/java/a/C.java",
            "package a;\nclass C {\n  String show(String role, String content) {\n"
            "    if (java.util.Objects.equals(role, \"assistant\")) return content;\n"
            "    return \"\";\n  }\n}\n"), set()),
    (server("server/src/main/java/a/C.java",
            "package a;\nclass C {\n  Object f(String x) {\n"
            "    return java.util.Map.of(\"role\", \"assistant\", \"content\", x);\n  }\n}\n"),
     {("assistant", "server/src/main/java/a/C.java", 4)}),
    # a comparison in Python, and a def's default parameter (JavaScript's default is no message either)
    (server("server/check.py", "def reply_is_ok(role, content):\n"
            "    return same(role, 'assistant') and bool(content)\n"), set()),
    (server("server/app.py", "def add(self, content, role='assistant'):\n"
            "    self.messages.append({'role': role, 'content': content})\n"), set()),
    (server("server/app.py", "def add(self, content):\n"
            "    self.messages.append(Message(role='assistant', content=content))\n"),
     {("assistant", "server/app.py", 2)}),
    (server("server/app.py", "pair = ('role', 'assistant', 'content', text)\n"), {("assistant", "server/app.py", 1)}),
])
def test_a_comparison_or_a_default_is_no_message(engine, tmp_path: Path, files: dict[str, str], found: set) -> None:
    """``Objects.equals(role, "assistant")`` and ``same(role, 'assistant')`` compare a role (the
    name role before a comma is an argument; a key before one is quoted: ``put("role", …)``), and a
    def's ``role='assistant'`` is a default, not a message made (as in a script, whose tree says so)."""
    assert roles(engine, make_project(tmp_path / "p", files)) == found


# ---------------------------------------------------------------- messages the round missed

@pytest.mark.parametrize(("files", "found"), [
    # TypeScript's literal type for the OpenAI SDK's message param
    (page("Page({ send(t: string) { this.data.list.push({ role: 'assistant' as const, content: t }) } })\n", "ts"),
     {("assistant", "pages/index/index.ts", 1)}),
    # a subscript's key, in a script, PHP and Python
    (page("Page({ send(t) {\n  const m = {}\n  m['role'] = 'assistant'\n  m['content'] = t\n} })\n"),
     {("assistant", "pages/index/index.js", 3)}),
    (page("Page({ send(t) {\n  const m = {}\n  m[role] = 'assistant'\n  m['content'] = t\n} })\n"), set()),
    (server("server/index.php", "<?php\n$m = [];\n$m['role'] = 'assistant';\n$m['content'] = $answer;\n"),
     {("assistant", "server/index.php", 3)}),
    (server("server/app.py", "m = {}\nm['role'] = 'assistant'\nm['content'] = answer\n"),
     {("assistant", "server/app.py", 2)}),
    # a Java bean's setter
    (server("server/src/main/java/a/C.java",
            "package a;\nclass C {\n  void keep(Msg m, String a) {\n    m.setRole(\"assistant\");\n"
            "    m.setContent(a);\n  }\n}\n"), {("assistant", "server/src/main/java/a/C.java", 4)}),
    (server("server/src/main/java/a/C.java",
            "package a;\nclass C {\n  void keep(Msg m, String a) {\n    m.setRoles(\"assistant\");\n"
            "    m.setContent(a);\n  }\n}\n"), set()),
])
def test_messages_the_round_missed(engine, tmp_path: Path, files: dict[str, str], found: set) -> None:
    """``{ role: 'assistant' as const, content }`` (how TypeScript code types a message for the SDKs),
    ``m['role'] = 'assistant'`` (a PHP array, a dict, a script's object) and ``m.setRole("assistant")``
    (a Java bean, the chat SDKs' ChatMessage) make a message; a subscript by a variable or another
    setter does not."""
    assert roles(engine, make_project(tmp_path / "p", files)) == found


# ---------------------------------------------------------------- uni-app without pages.json: what is no project

UNI_MANIFEST = '{ "name": "shop", "appid": "__UNI__1234567", "mp-weixin": { "appid": "wx0123456789abcdef" } }\n'
PAY_PAGE = ("<template><view @click=\"pay\">支付</view></template>\n<script>\nexport default { methods: {\n"
            "  pay() { uni.requestPayment({ provider: 'wxpay', orderInfo: {} }) }\n} }\n</script>\n")


def uni(prefix: str = "", pages_json: bool = True) -> dict[str, str]:
    """A uni-app project at ``prefix`` (``""`` or ``"a/b/"``), with or without its pages.json."""
    files = {f"{prefix}manifest.json": UNI_MANIFEST, f"{prefix}App.vue": "<script>\nexport default {}\n</script>\n",
             f"{prefix}pages/index/index.vue": PAY_PAGE}
    if pages_json:
        files[f"{prefix}pages.json"] = '{ "pages": [ { "path": "pages/index/index" } ] }\n'
    return files


def roots(engine, root: Path) -> list[str]:
    return sorted({p.relroot for p in check([root], engine, Options()).projects})


@pytest.mark.parametrize(("files", "found"), [
    # a copy of the app kept inside it (no pages.json in the copy): the project's files, not another project
    ({**uni(), **uni("backup/", pages_json=False)}, ["."]),
    # a uni_modules package holding a demo app
    ({**uni(), **uni("uni_modules/pay-demo/", pages_json=False)}, ["."]),
    # pages.json one folder up from a manifest.json, App.vue and pages/
    ({"pages.json": '{ "pages": [ { "path": "src/pages/index/index" } ] }\n', **uni("src/", pages_json=False)}, ["."]),
    # a copy inside a project found without its pages.json
    ({**uni("app/", pages_json=False), **uni("app/old/", pages_json=False)}, ["app"]),
    # beside one another, each is a project
    ({**uni("shop/"), **uni("admin/", pages_json=False)}, ["admin", "shop"]),
])
def test_a_folder_inside_a_uniapp_project_is_not_another(engine, tmp_path: Path, files: dict[str, str],
                                                         found: list[str]) -> None:
    """A uni-app folder without pages.json is read from its manifest.json (7f07bd4), but not inside a
    project found already (by its pages.json, or from its manifest.json: the outermost first): there it
    is a copy the project keeps, and reading it as a project of its own reported the copy's features
    twice (its payment in a second report) and took its files from the project that holds them."""
    assert roots(engine, bare_project(tmp_path / "p", files)) == found


class _CountedListing(list):
    """A listing that counts the passes made over it."""

    passes = 0

    def __iter__(self):
        type(self).passes += 1
        return super().__iter__()


def test_discovery_from_manifests_passes_over_the_listing_once(engine, tmp_path: Path) -> None:
    """Each manifest.json beside an App.vue scanned the whole listing for a page under its pages/
    (so did each pages.config for src/pages/): 3,000 such folders in a tree of 23,000 files took
    ~7 s of discovery (69 million comparisons), 0.4 s before 7f07bd4. The folders holding pages are
    found in one pass."""
    from zizhi.context import ScanContext
    from zizhi_plugins import uniapp

    listing = _CountedListing([f"m{i}/{name}" for i in range(3000) for name in ("manifest.json", "App.vue")]
                              + [f"pad/f{i}.txt" for i in range(20000)] + ["pages.config.ts", "src/App.vue"])
    ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy, platforms=engine.platforms,
                      scan_root=tmp_path)
    ctx.listings[f"listing:{tmp_path}"] = listing
    _CountedListing.passes = 0
    assert uniapp.zizhi_discover(tmp_path, ctx) == []  # (no pages/ anywhere: nothing read, nothing found)
    assert _CountedListing.passes <= 3


def test_folders_with_pages() -> None:
    from zizhi_plugins.uniapp import _folders_with_pages

    assert _folders_with_pages(["pages/a/a.vue", "x/src/pages/b.nvue", "y/pages/z/pages/c.uvue", "w/pages/d.js",
                                "v/mypages/e.vue"]) == {"", "x/src/", "y/", "y/pages/z/"}


@pytest.mark.parametrize("path", ["server/src/main/java/a/C.java", "server/app.py"])
def test_a_table_of_roles_is_looked_around_a_bounded_number_of_times(engine, tmp_path: Path, path: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each role given on a server or in Python was looked around for its message's text (600
    characters, ea3684e) until one was found: a file of 200,000 roles and no text, ~6 s. At most 32
    looks a file, as for model ids."""
    from zizhi_plugins import semantic

    calls = []
    real = semantic.message_near
    monkeypatch.setattr(semantic, "message_near", lambda *a: calls.append(1) or real(*a))
    body = ("class C { Object[] x = { " + 'm.put("role", "ai"), ' * 5000 + "}; }\n") if path.endswith(".java") \
        else "x = [" + '{"role": "ai"}, ' * 5000 + "]\n"
    assert roles(engine, make_project(tmp_path / "p", server(path, body))) == set()
    assert 0 < len(calls) <= 32
