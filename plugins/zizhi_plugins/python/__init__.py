"""Python backends through libcst: imports, endpoint strings (with simple constants resolved),
OpenAI-compatible ``base_url=``, WeChat Pay partner parameters and payment-notification routes.

What counts, in files under a backend folder of the project (``backend`` plugin):

* ``import openai``, ``from wechatpayv3 import WeChatPay`` -> ``import`` signals named after the
  module (``openai``) or the imported name (``wechatpayv3.WeChatPay``);
* calls through those imports whose module the catalogue names as an ``api`` root
  (``tms_client.TmsClient(...)`` after ``from tencentcloud.tms.v20201229 import tms_client`` ->
  ``api tencentcloud.tms.v20201229.tms_client.TmsClient``), the same names Node servers give;
* string literals that hold a known endpoint, also when built from module-level constants:
  ``BASE = "https://api.mch.weixin.qq.com"`` then ``BASE + "/v3/pay/partner/…"`` or
  ``f"{BASE}/v3/…"`` (unknown parts are left out, so the known part still matches);
* ``base_url=`` / ``api_base=`` keyword arguments (OpenAI-compatible clients): an ``endpoint``
  signal with ``attrs.role = "base_url"``, resolved like the strings above;
* ``sub_mchid`` / ``sp_mchid`` … as dict keys, keyword arguments or subscripts, and
  ``partner_mode=True``: ``param`` signals (WeChat Pay 服务商 mode);
* Flask/FastAPI/Django routes: ``@app.route('/pay/notify')``, ``@router.post(...)``,
  ``path('wxpay/notify/', …)`` in ``urls.py`` -> ``route`` signals (lower-cased path).

What does not: comments (libcst keeps them out of the tree), test code (``tests/``,
``test_*.py``, ``*_test.py``, ``conftest.py``). A syntax error is a ``ZZ005`` note with its line;
the rest of the scan goes on. Like the JavaScript reader, a file that mentions none of the words
the catalogue cares about is not parsed (libcst costs about 0.25 ms a line), so its syntax errors
are not reported.
"""

from __future__ import annotations

from typing import Any

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import Project, Severity, Signal, SourceFile
from zizhi_plugins import semantic
from zizhi_plugins.backend import is_test_path
from zizhi_plugins.sourcescan import PARAM_NAMES, endpoint_tokens


@hookimpl
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    if not relpath.endswith(".py") or not project.in_backend(relpath) or is_test_path(relpath):
        return None
    return "python"


_NOT_TOKENS = frozenset({"com", "org", "net", "github", "cloud"})


def _tokens(ctx: ScanContext) -> list[str]:
    """Lower-case words one of which a file must contain to be worth a parse (libcst is not fast):
    the catalogue's module roots and endpoint tokens, partner parameters, base_url keywords and
    the words of payment-notification routes."""
    toks: Any = ctx.cache.get("python:tokens")
    if toks is None:
        cat = ctx.catalogue
        words: set[str] = set(endpoint_tokens(ctx)) | set(PARAM_NAMES) | {
            "base_url", "api_base", "base_uri", "notify", "callback", "partner_mode"}
        for name in cat.names("import") | cat.names("api") | set(cat.patterns("import")) | set(cat.patterns("api")):
            chunks = [c for c in name.split("*") if c.strip("./\\")]
            if not chunks:
                continue
            chunk = chunks[0] if not name.startswith("*") else max(chunks, key=len)
            head = chunk.strip("./\\").replace("\\", ".").replace("/", ".").split(".")[0]
            if len(head) >= 3 and head.lower() not in _NOT_TOKENS:
                words.add(head.lower())
        toks = sorted(words)
        ctx.cache["python:tokens"] = toks
    return list(toks)


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.kind != "python" or file.text is None:
        return None
    low = file.text.lower()
    # what the server's own routes and functions are named (semantic signals, from its tokens)
    own = semantic.python_signals(file, ctx) if semantic.worth_parsing(file.text.encode(), low.encode(), ctx) \
        else semantic.path_signals(file, ctx)
    if not any(tok in low for tok in _tokens(ctx)):
        return own  # nothing the catalogue knows: not parsed (nor checked for syntax errors)
    from zizhi_plugins.python.cst_reader import read, token_scan

    if len(file.text) > PARSE_LIMIT:  # libcst reads ~100 KB a second: a bound on the time one file may take
        ctx.diagnose("ZZ006", f"Python file over {PARSE_LIMIT // 1024} KB not parsed; only its imports were read, by a "
                     "token scan", file.relpath, severity=Severity.NOTE)
        return token_scan(file) + own
    return read(file, ctx) + own


#: Python files larger than this (characters) are not parsed (``ZZ006``); their imports are scanned.
PARSE_LIMIT = 512 * 1024
