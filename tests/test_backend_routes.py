"""A server's routes read as its framework maps them: a prefix declared once for a router or a
group, joined to each route under it, and the HTTP method a route takes (a route that
takes a POST writes, unless its path says it reads). Fixtures written from scratch."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project
from zizhi.context import Options
from zizhi.engine import check, load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def endpoints(engine, root: Path, suffix: str) -> set[tuple[str, int, str]]:
    """(name, line, op) of the endpoint signals of the files ending with ``suffix``."""
    report = check([root], engine, Options())
    return {(s.name, s.location.line, s.attrs.get("op", "")) for p in report.projects for s in p.signals
            if s.kind == "endpoint" and s.location.path.endswith(suffix)}


def test_java_hostile_mappings_do_not_crash(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "server/pom.xml": "<project></project>\n",
        "server/src/main/java/app/Bad.java": (
            "@RequestMapping(\"/comment\"\npublic class Bad {\n"            # unclosed
            + "@PostMapping(value = {\"/a\", \n" * 50                     # unclosed arrays
            + "@RequestMapping(value=\"/comment\") @X(" + "(" * 3000 + "\n"  # deep parentheses
            + "@PostMapping(\"/comment/add\")\n" * 3000                   # more than are read
            + "}\n"
        ),
    })
    found = endpoints(engine, root, "Bad.java")
    assert any(name == "/comment/add" and op == "write" for name, _line, op in found)


def test_flask_blueprint_prefix_and_methods(engine, tmp_path: Path) -> None:
    """Flask: a blueprint's ``url_prefix`` (given when it is made, or when it is registered, which
    replaces it) is prepended to its routes, and ``methods=['POST']`` makes a route take POST (a
    ``route`` without ``methods`` takes GET only). Before, ``/add`` and ``/comment`` were not read,
    and ``@app.route('/comment', methods=['POST'])`` did not write."""
    root = make_project(tmp_path / "p", {
        "server/requirements.txt": "flask\n",
        "server/app.py": (
            "from flask import Flask, Blueprint\n"
            "app = Flask(__name__)\n"
            "bp = Blueprint('comment', __name__, url_prefix='/comment')\n"
            "@bp.route('/add', methods=['POST'])\n"                      # 4
            "def add():\n"
            "    return ''\n"
            "@bp.route('/list')\n"                                       # 7
            "def lst():\n"
            "    return ''\n"
            "posts = Blueprint('posts', __name__)\n"
            "@posts.route('/posts', methods=('GET', 'POST'))\n"           # 11
            "def all_posts():\n"
            "    return ''\n"
            "@app.route('/chat', methods=[\"POST\"])\n"                   # 14
            "def chat():\n"
            "    return ''\n"
            "app.register_blueprint(bp)\n"
            "app.register_blueprint(posts, url_prefix='/api/v1')\n"
        ),
    })
    assert endpoints(engine, root, "app.py") == {
        ("/comment/add", 4, "write"), ("/comment/list", 7, ""), ("/api/v1/posts", 11, "write"), ("/chat", 14, "write"),
    }


def test_fastapi_router_prefixes(engine, tmp_path: Path) -> None:
    """FastAPI: an ``APIRouter(prefix=…)``'s routes start with it, and ``include_router(router,
    prefix=…)`` comes before it; ``@router.post`` takes POST."""
    root = make_project(tmp_path / "p", {
        "server/requirements.txt": "fastapi\n",
        "server/main.py": (
            "import fastapi\n"
            "router = fastapi.APIRouter(prefix='/comment', tags=['comment'])\n"
            "@router.post('/{post_id}')\n"                                 # 3
            "async def add(post_id: int):\n"
            "    return {}\n"
            "@router.get('', summary='list')\n"                            # 6
            "async def lst():\n"
            "    return []\n"
            "app = fastapi.FastAPI()\n"
            "app.include_router(router, prefix='/v1')\n"
            "other = fastapi.APIRouter(prefix='/comment/admin')\n"         # 11: no route uses it
        ),
    })
    assert endpoints(engine, root, "main.py") == {
        ("/v1/comment/{}", 3, "write"), ("/v1/comment", 6, ""), ("/comment/admin", 11, ""),
    }


def test_annotated_router_prefix(engine, tmp_path: Path) -> None:
    """An annotated assignment names the router, not its type: ``router: APIRouter =
    APIRouter(prefix='/comment')`` (FastAPI's typed style) and ``bp: Blueprint = Blueprint(…,
    url_prefix=…)`` give their routes the prefix, as the unannotated forms do."""
    root = make_project(tmp_path / "p", {
        "server/requirements.txt": "fastapi\nflask\n",
        "server/api.py": (
            "from fastapi import APIRouter\n"
            "router: APIRouter = APIRouter(prefix='/comment')\n"
            "@router.post('/add')\n"                                      # 3
            "async def add():\n"
            "    return {}\n"
        ),
        "server/views.py": (
            "from flask import Blueprint\n"
            "bp: Blueprint = Blueprint('post', __name__, url_prefix='/post')\n"
            "@bp.route('/publish', methods=['POST'])\n"                    # 3
            "def publish():\n"
            "    return ''\n"
        ),
    })
    assert endpoints(engine, root, "api.py") == {("/comment/add", 3, "write")}
    assert endpoints(engine, root, "views.py") == {("/post/publish", 3, "write")}


def test_django_urlconf_routes(engine, tmp_path: Path) -> None:
    """Django's ``path()`` routes in a URLconf have no leading slash (``path('comment/add/', …)``):
    before, only strings starting with ``/`` were read."""
    root = make_project(tmp_path / "p", {
        "server/requirements.txt": "django\n",
        "server/comments/urls.py": (
            "from django.urls import path\n"
            "from . import views\n"
            "urlpatterns = [\n"
            "    path('comment/add/', views.add),\n"                         # 4
            "    path('comment/<int:pk>/replies/', views.replies),\n"         # 5
            "    path('', views.index),\n"
            "]\n"
        ),
        "server/comments/helpers.py": "import os\nlabel = os.path.join('comment', 'add')\nx = path('comment/x/')\n",
    })
    assert endpoints(engine, root, "urls.py") == {("/comment/add", 4, "write"), ("/comment/{}/replies", 5, "")}
    assert endpoints(engine, root, "helpers.py") == set()


def test_python_hostile_routes_do_not_crash(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "server/requirements.txt": "flask\n",
        "server/app.py": (
            "from flask import Flask\n"
            "bp = Blueprint('a', __name__, url_prefix='/comment')\n"
            + "@bp.route('/add', methods=['POST'" + ", 'PUT'" * 5000 + "])\ndef f():\n    pass\n"
            + "@bp.route('/x', methods=[\n" * 3 + ")))\n"                 # unbalanced: a tokenizer error
        ),
    })
    assert ("/comment/add", 3, "write") in endpoints(engine, root, "app.py")


def test_gin_groups_and_methods(engine, tmp_path: Path) -> None:
    """gin (and Echo, Fiber): a route declared on a group (``g := r.Group("/comment")``,
    ``g.POST("/add", h)``) serves the group's path joined to its own, and ``POST`` says it writes.
    Before, ``/comment`` and ``/add`` (one segment each) were not read, and a POST of ``/api/comment``
    was a read."""
    root = make_project(tmp_path / "p", {
        "server/go.mod": "module example.com/srv\n\nrequire github.com/gin-gonic/gin v1.9.1\n",
        "server/main.go": (
            "package main\n"
            "import (\n\t\"net/http\"\n\t\"github.com/gin-gonic/gin\"\n)\n"
            "func main() {\n"                                               # 6
            "\tr := gin.Default()\n"
            "\tapi := r.Group(\"/api\")\n"
            "\t{\n"
            "\t\tc := api.Group(\"/comment\")\n"                           # 10
            "\t\tc.POST(\"/add\", addComment)\n"                           # 11
            "\t\tc.GET(\"/list\", listComments)\n"                         # 12
            "\t\tapi.POST(\"/comments\", create)\n"                        # 13
            "\t}\n"
            "\t// r.POST(\"/comment/delete/all\", x)\n"
            "\tv := r.Group(\"/comment/v2\")\n"                             # 16: no route uses it
            "\thttp.Get(\"https://example.com/comment/list\")\n"           # 17: a call out, read as before
            "\tr.Run()\n"
            "}\n"
        ),
    })
    assert endpoints(engine, root, "main.go") == {
        ("/api/comment/add", 11, "write"), ("/api/comment/list", 12, ""), ("/api/comments", 13, "write"),
        ("/comment/v2", 16, ""), ("https://example.com/comment/list", 17, ""),
    }


def test_go_hostile_routes_do_not_crash(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "server/go.mod": "module x\n",
        "server/main.go": (
            "package main\nimport \"github.com/gin-gonic/gin\"\nfunc main() {\n"
            + "".join(f"\tg{i} := g{i - 1}.Group(\"/comment\")\n" for i in range(1, 3000))   # deep, more than read
            + "\tg1.POST(\"/add\", h)\n"
            + "\tr.POST(\"/unterminated, h)\n\tr.GET(`/raw\n"
            + "}\n"
        ),
    })
    assert ("/comment/add", 3003, "write") in endpoints(engine, root, "main.go")


def test_route_joins_stay_bounded() -> None:
    """A join never grows past what the reader reads of a string (``_MAX_STRING``): a chain of Go groups,
    each made on the one before, joined every path before it (2,000 groups of 300 characters held
    600 MB), and a Flask prefix of a megabyte was joined to each of 2,000 routes (2 GB)."""
    import io
    import tokenize

    from zizhi_plugins import semantic

    bound = semantic._MAX_STRING + 1  # (the leading /)
    seg = "/" + "a" * 290
    code = "\n".join([f'g0 := r.Group("{seg}")', *(f'g{i} := g{i - 1}.Group("{seg}")' for i in range(1, 200)),
                      *(f'g199.POST("{seg}", h)' for _ in range(20)), 'g0.POST("/comment/add", h)'])
    routes, _used = semantic.go_routes(code)
    assert len(routes) == 21 and all(len(path) <= bound for path, _offset, _writes in routes)
    assert routes[-1][0] == f"{seg}/comment/add"

    source = ("bp = Blueprint('x', __name__, url_prefix='/" + "a" * 20_000 + "')\n"
              + "".join(f"@bp.route('/x{i}')\ndef f{i}(): pass\n" for i in range(50)))
    routes_py = semantic._PythonRoutes(False)
    recent: list[str] = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING:
            routes_py.takes(semantic._python_string(tok.string), (tok.start[0], 1, ""), recent)
        elif tok.type == tokenize.OP:
            routes_py.op(tok.string, recent)
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            recent = [*recent[-4:], tok.string]
    joined = routes_py.joined()
    assert len(joined) == 50 and all(len(path) <= bound for path, _writes, _where in joined)


def test_flask_methods_are_the_methods_list_only(engine, tmp_path: Path) -> None:
    """``methods=['GET']`` says the method; a string of a later argument (``defaults={'kind': 'POST'}``)
    is no method, though it sits as deep in the call as the list did."""
    root = make_project(tmp_path / "p", {
        "server/requirements.txt": "flask\n",
        "server/app.py": (
            "from flask import Flask\n"
            "app = Flask(__name__)\n"
            "@app.route('/comment/x', methods=['GET'], defaults={'kind': 'POST'})\n"   # 3
            "def x(kind):\n"
            "    return ''\n"
        ),
    })
    assert endpoints(engine, root, "app.py") == {("/comment/x", 3, "")}


def test_php_route_facade_paths_and_groups(engine, tmp_path: Path) -> None:
    """ThinkPHP's, Laravel's and webman's ``Route`` facade: a rule has no leading slash
    (``Route::post('comment/add', 'Comment/add')``), a group's name or ``prefix`` comes before the
    routes inside it (ThinkPHP's ``Route::group('comment', function () {…})``, Laravel's
    ``Route::prefix('posts')->group(…)`` and ``Route::group(['prefix' => 'chat'], …)``), the facade
    method is the HTTP method (``rule``'s third argument, ``match``'s list), and a resource's routes
    include a POST. Before, only strings starting with ``/`` and holding a second one were read: none
    of these was."""
    root = make_project(tmp_path / "p", {
        "server/composer.json": '{"require": {"topthink/framework": "^6.0"}}\n',
        "server/route/app.php": (
            "<?php\n"
            "use think\\facade\\Route;\n"
            "Route::post('comment/add', 'Comment/add');\n"                        # 3
            "Route::get('comment/:id', 'Comment/read');\n"                        # 4
            "Route::rule('reply/send/<id>', 'Reply/send', 'GET|POST');\n"         # 5
            "Route::group('comments', function () {\n"
            "    Route::rule('list', 'Comment/index');\n"                         # 7
            "})->prefix('comment/');\n"
            "// Route::post('chat/send', 'Chat/send');\n"
        ),
        "server/routes/api.php": (
            "<?php\n"
            "use Illuminate\\Support\\Facades\\Route;\n"
            "Route::middleware('auth:api')->prefix('posts')->group(function () {\n"
            "    Route::post('{post}/comments', [CommentController::class, 'store']);\n"  # 4
            "    Route::group(['as' => 'chat.', 'prefix' => 'chat'], function () {\n"
            "        Route::match(['get', 'post'], 'messages', [ChatController::class, 'send']);\n"  # 6
            "    });\n"
            "});\n"
            "Route::resource('replies', ReplyController::class);\n"              # 9
        ),
    })
    assert endpoints(engine, root, "app.php") == {
        ("/comment/add", 3, "write"), ("/comment/{}", 4, ""), ("/reply/send/{}", 5, "write"), ("/comments/list", 7, ""),
    }
    assert endpoints(engine, root, "api.php") == {
        ("/posts/{}/comments", 4, "write"), ("/posts/chat/messages", 6, "write"), ("/replies", 9, "write"),
    }


def test_php_hostile_routes_do_not_crash(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "server/composer.json": "{}\n",
        "server/route/app.php": (
            "<?php\n"
            + "Route::group('comment', function () {\n" * 1900                   # unclosed, deep
            + "Route::post('add', 'x');\n"
            + "Route::prefix('a')" + "->x(" * 50 + "\n"
            + "Route::match(['post'\n"
            + "Route::post(\"unterminated\n"
        ),
    })
    found = endpoints(engine, root, "app.php")
    assert found and all(len(name) <= 401 for name, _line, _op in found)


def test_php_group_prefix_is_rewritten_bounded(monkeypatch) -> None:
    """A group's prefix is cut to what a join keeps before its parameters are rewritten: a prefix of
    200,000 characters was rewritten whole for each of the group's 2,000 routes (~18 s for a 250 KB
    file), to be cut to ``_MAX_STRING`` by the join after. Counted, not timed: the longest text the
    rewrite is given."""
    from zizhi_plugins import semantic
    from zizhi_plugins.sourcescan.lexer import scan

    given: list[int] = []
    real = semantic._PHP_ROUTE_PARAM

    class Counting:
        def sub(self, repl: str, text: str) -> str:
            given.append(len(text))
            return real.sub(repl, text)

    monkeypatch.setattr(semantic, "_PHP_ROUTE_PARAM", Counting())
    code, literals = scan("<?php\nRoute::group('" + "a" * 200_000 + "', function () {\n"
                          + "Route::post('b/{id}', 'C@d');\n" * 50 + "});\n", hash_comments=True)
    routes, _used = semantic.php_routes(code, [(lit.value, lit.line, lit.column) for lit in literals])
    assert len(routes) == 50 and all(len(path) <= semantic._MAX_STRING + 1 for path, _n, _writes in routes)
    assert given and max(given) <= semantic._MAX_STRING


def test_node_routes_joined_to_their_prefix(engine, tmp_path: Path) -> None:
    """Express: a router mounted with ``app.use('/comment', router)`` serves its routes under that
    path; koa-router: ``new Router({ prefix: '/posts' })`` and ``router.prefix('/chat')`` come before its
    routes, and ``api.use('/v1', posts.routes())`` before those; the method (``post``, ``del``) says
    whether the route writes. Before, ``/add`` and ``/comment`` (one segment each) were read apart
    and said nothing. A route on an app nothing prefixes is read by the script reader as before
    (once), and a commented route is none."""
    root = make_project(tmp_path / "p", {
        "server/package.json": '{"dependencies": {"express": "^4", "koa-router": "^12"}}\n',
        "server/app.js": (
            "const express = require('express')\n"
            "const app = express()\n"
            "const router = express.Router()\n"
            "router.post('/add', (req, res) => res.json({}))\n"                 # 4
            "router.get(\"/list\", (req, res) => res.json([]))\n"              # 5
            "// router.post('/reply/add', h)\n"
            "app.use('/comment', router)\n"
            "app.post('/chat/send', (req, res) => res.json({}))\n"             # 8
            "app.listen(3000)\n"
        ),
        "server/routes/posts.js": (
            "const Router = require('koa-router')\n"
            "const api = new Router()\n"
            "const posts = new Router({ prefix: '/posts' })\n"
            "posts.post('/publish', async ctx => {})\n"                          # 4
            "posts.del('/:id', async ctx => {})\n"                               # 5
            "const chat = new Router()\n"
            "chat.prefix('/chat')\n"
            "chat.put(`/message`, async ctx => {})\n"                           # 8
            "api.use('/v1', posts.routes(), posts.allowedMethods())\n"
            "module.exports = api\n"
        ),
    })
    assert endpoints(engine, root, "app.js") == {
        ("/comment/add", 4, "write"), ("/comment/list", 5, ""), ("/chat/send", 8, "write"),
    }
    report = check([root], engine, Options())
    assert [s.location.line for p in report.projects for s in p.signals
            if s.kind == "endpoint" and s.location.path.endswith("app.js")].count(8) == 1
    assert endpoints(engine, root, "posts.js") == {
        ("/v1/posts/publish", 4, "write"), ("/v1/posts/:id", 5, "write"), ("/chat/message", 8, "write"),
    }


def test_node_router_hint_keeps_commented_mounts(engine, tmp_path: Path, monkeypatch) -> None:
    """A Node file is scanned for its routes only when its text holds what a prefix or a mount needs
    once its comments are blanked (``_NODE_ROUTER_HINT``): a mount or a prefix with a comment inside
    is still read, and a file that only says ``prefix`` and ``new`` (the official demo's cloud SDK:
    ``const prefix = `${apiName}:fail `; … new Error(…)``) is not scanned at all."""
    from zizhi_plugins.sourcescan import lexer

    scanned: list[int] = []
    scan = lexer.scan

    def counting(text: str, *args, **kwargs):
        scanned.append(len(text))
        return scan(text, *args, **kwargs)

    monkeypatch.setattr(lexer, "scan", counting)
    root = make_project(tmp_path / "p", {
        "server/package.json": '{"dependencies": {"express": "^4", "koa-router": "^12"}}\n',
        "server/app.js": (
            "const express = require('express')\n"
            "const app = express()\n"
            "const router = express.Router()\n"
            "router.post('/add', (req, res) => res.json({}))\n"                 # 4
            "app.use(/* the API */ '/comment', router)\n"
        ),
        "server/posts.js": (
            "const Router = require('koa-router')\n"
            "const posts = new Router({ prefix/*p*/: '/posts' })\n"
            "posts.post('/publish', async ctx => {})\n"                         # 3
        ),
        "server/sdk.js": (
            "function fail(apiName, e) {\n"
            "  const prefix = `${apiName}:fail `\n"
            "  return new Error(`${prefix}${e}`)\n"
            "}\n"
            "module.exports = { fail }\n"
        ),
    })
    assert endpoints(engine, root, "app.js") == {("/comment/add", 4, "write")}
    assert endpoints(engine, root, "posts.js") == {("/posts/publish", 3, "write")}
    sizes = {len((root / "server" / name).read_text()) for name in ("app.js", "posts.js", "sdk.js")}
    assert len((root / "server/sdk.js").read_text()) not in scanned and len(sizes) == 3
    assert len((root / "server/app.js").read_text()) in scanned


def test_node_router_mounted_after_middleware() -> None:
    """Express's ``app.use(path, callback [, callback...])`` takes middleware before the router:
    ``app.use('/api', auth, express.json(), router)`` mounts ``router`` (not ``auth``) on ``/api``;
    ``express.static(...)`` is no router."""
    from zizhi_plugins import semantic

    routes, _used = semantic.node_routes("app.use('/api', auth, express.json(), rateLimit({ max: 9 }), router)\n"
                                         "router.post('/comment/add', h)\n"
                                         "app.use('/static', express.static('public'))\n")
    assert [(path, writes) for path, _offset, writes in routes] == [("/api/comment/add", True)]


def test_node_mount_cycles_stop() -> None:
    """Routers mounted on each other (``a.use('/a', b)``, ``b.use('/b', a)``) are joined through each
    mount once, and a router mounted on itself is no mount. The hostile test above declares its cyclic
    route after the 2,000 routes read, so it never reached this."""
    from zizhi_plugins import semantic

    routes, _used = semantic.node_routes("a.use('/a', b)\nb.use('/b', a)\na.post('/reply', h)\n"
                                         "c.use('/c', c)\nc.get('/x', h)\n")
    assert [(path, writes) for path, _offset, writes in routes] == [("/a/b/reply", True)]


def test_nest_controllers_are_not_joined(engine, tmp_path: Path) -> None:
    """A NestJS controller's path is not joined to its handlers' (the join was taken out, as Spring's:
    a back office's ``@Controller('system/post')`` then counted as the app's posts). 061ab08, meant to
    revert it, applied it again; this fails while ``@Controller('comment')`` + ``@Post('add')`` is read
    as ``POST /comment/add``."""
    root = make_project(tmp_path / "p", {
        "server/package.json": '{"dependencies": {"@nestjs/core": "^10"}}\n',
        "server/src/post.controller.ts": (
            "import { Controller, Post } from '@nestjs/common';\n"
            "@Controller('system/post')\n"
            "export class PostController {\n"
            "  @Post('add')\n"
            "  add() { return {}; }\n"
            "}\n"
        ),
    })
    assert not any(name.endswith("/add") for name, _line, _op in endpoints(engine, root, "post.controller.ts"))


def test_node_hostile_routes_do_not_crash(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "server/package.json": '{"dependencies": {"koa-router": "^12"}}\n',
        "server/app.js": (
            "a.use('/a', b)\nb.use('/b', a)\n"                                 # mounted on each other
            + "const r = new Router({ prefix: '/comment' " + " " * 5000 + "\n"   # unclosed
            + "r.post('/unterminated, h)\n"
            + "r.post('/add', h)\n" * 3000                                      # more than are read
            + "a.post('/reply', h)\n"
        ),
    })
    found = endpoints(engine, root, "app.js")
    assert ("/comment/add", 5, "write") in found


def test_koa_router_made_with_its_prefix_by_require_is_read(engine, tmp_path: Path) -> None:
    """koa-router made and given its prefix in one call, without ``new`` (``require('koa-router')({ prefix:
    '/comment' })``, as koa2 projects write it), or with a tab after ``new``, prefixes its routes as
    ``new Router({ prefix })`` does: the file's text holds what ``_NODE_ROUTER_HINT`` needs, and the
    cheaper test before it (``prefix`` and ``new `` in the text) left such a file unread, its routes given
    to the script reader without their prefix (``/add``)."""
    root = make_project(tmp_path / "p", {
        "server/package.json": '{"dependencies": {"koa": "^2", "koa-router": "^12"}}\n',
        "server/routes/comment.js": (
            "const router = require('koa-router')({ prefix: '/comment' })\n"
            "router.post('/add', async ctx => { ctx.body = {} })\n"              # 2
            "module.exports = router\n"
        ),
        "server/routes/posts.js": (
            "const Router = require('koa-router')\n"
            "const router = new\tRouter({ prefix: '/posts' })\n"
            "router.post('/add', async ctx => { ctx.body = {} })\n"              # 3
            "module.exports = router\n"
        ),
    })
    assert endpoints(engine, root, "comment.js") == {("/comment/add", 2, "write")}
    assert endpoints(engine, root, "posts.js") == {("/posts/add", 3, "write")}
