"""Semantic signals: what an app's own code says it does, when no platform API says it.

Real mini-programs rarely post, comment, chat, match or sell memberships through a platform API:
they call their own backend (``request({url: base + '/post/add'})``), write cloud-database
collections (``db.collection('comments').add``), show UI text (写评论, 开始匹配) and name things
(``sendGift``, ``pages/chat/room``). This module turns those into raw signals of four kinds; what
they mean is catalogue data (entries with strength ``semantic``), and the detect stage counts a
feature from them only when independent kinds agree (``[semantic]`` in the catalogue).

* ``endpoint``: a path-like string literal (``/post/add``, ``comment/list``, a URL, a template
  string with its substitutions left out) that is not a module, an asset or a page route; and the
  ``name`` of a ``callFunction`` call (a cloud function is the app's own endpoint). ``words`` are
  its path segments split into words; ``op`` is ``write`` when a segment is a writing verb.
* ``collection``: ``X.collection('name')`` with the operation of the chain that follows it:
  ``write`` (add/set/update/remove), ``subscribe`` (watch) or ``read``.
* ``identifier``: names of functions, methods and called members of two words or more
  (``submitPost`` → submit post; a single word such as ``match`` or ``post`` is too common a
  method name to mean anything), page routes in strings (``/pages/chat/room``), and the file's
  own path (``pages/comment/index``).
* ``text``: UI text in templates and in script string literals holding a catalogue text
  (``text`` entries match as substrings).

Only names in the catalogue's vocabulary are reported, each once per file (its first place), so
the number of signals stays small. Comments never count (tree-sitter strings; template comments
are blanked). This is a library the JavaScript and template extractors call on text they
already read and trees they already parsed; it has no hooks of its own.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from zizhi.context import ScanContext
from zizhi.lazyre import lazy
from zizhi.model import Location, Signal, SourceFile
from zizhi.words import split_words
from zizhi_plugins.jstree import template_text

if TYPE_CHECKING:
    from tree_sitter import Node

#: Path segments that say a request writes: the app does it, not only shows it.
WRITE_VERBS = frozenset({
    "add", "create", "save", "publish", "send", "submit", "insert", "update", "upload", "release", "reply",
    "push", "edit", "apply", "buy", "pay", "put", "write", "fabu", "join", "start"})  # not post: also a noun
#: Path segments that say a request reads, or only records that something was seen, whatever its
#: HTTP method (many backends take every request as POST: /video/getList reads, /video/log counts a view)
READ_VERBS = frozenset({"get", "list", "query", "find", "detail", "details", "search", "info", "load", "fetch",
                        "select", "page", "count", "view", "show", "check", "log", "history", "stat", "stats",
                        "track"})
#: verbs that begin half the names of any code: no reason to read a file for them alone
_COMMON_VERBS = frozenset({"get", "set", "list", "join", "quit", "create", "buy", "order", "renew", "purchase"})
#: Extensions of server scripts and data a request may name (any other extension is a file: an
#: image, a page, a module, a document — not an endpoint).
_SERVER_EXTS = frozenset({"php", "jsp", "do", "action", "aspx", "asp", "json", "cgi", "py"})
#: a route in a query string, as PHP frameworks read it (ThinkPHP's ``?m=comment&c=index&a=save``,
#: ``index.php?s=/home/comment/save``, Yii's ``?r=comment/save``, ECShop's and Discuz's ``act=``,
#: ``mod=``, ``op=``, ``do=``): the path of a request to a server without rewritten URLs
_QUERY_ROUTE = lazy(r"^(?:[\w./-]{0,80}\.php)?\?((?:[\w.-]{1,20}=[^&#\s]{0,80}&){0,12}[\w.-]{1,20}=[^&#\s]{0,80})&?$")
#: the keys of such a query that name the route: module, controller, action (the others are data)
_ROUTE_KEYS = frozenset({"m", "c", "a", "s", "r", "act", "action", "mod", "op", "do", "ac", "module", "controller"})
#: Leading folders of static files.
_STATIC_DIRS = frozenset({"static", "images", "image", "img", "imgs", "assets", "icons", "icon", "fonts", "media",
                          "upload", "uploads", "files"})
#: the static folders that are as often an upload endpoint's first segment: a request that writes
#: to one (uploadFile, POST) is the endpoint, not a file
_UPLOAD_DIRS = frozenset({"upload", "uploads"})
#: a path-like string: segments of word characters (and {} $ : . - for parameters) joined by "/"
_PATHLIKE = lazy(r"^(?:https?://[\w.\-]{1,253}(?::\d{1,5})?)?/?(?:[\w\-.{}$:@]{1,100}/){1,30}"
                 r"[\w\-.{}$:@]{0,100}(?:\?\S{0,300})?$")
_IDENTLIKE = lazy(r"^[A-Za-z_$][A-Za-z0-9_$]{2,63}$")
_IDENTLIKE_BYTES = lazy(rb"[A-Za-z_$][A-Za-z0-9_$]{2,63}$")
#: a name that may hold dashes: a cloud function's or cloud object's (uniCloud's own ``uni-id-co``), a
#: collection's (uniCloud's own: uni-id-users, opendb-news-articles)
_CLOUD_NAME = lazy(r"^[A-Za-z_$][A-Za-z0-9_$-]{2,63}$")
_DASHED_NAME_BYTES = lazy(rb"[A-Za-z_$][A-Za-z0-9_$-]{2,63}$")
_FIRST_WORD = lazy(rb"[a-z]+(?=[A-Z_0-9])")
#: U+3400–U+9FFF (CJK) in UTF-8: E3 90–BF …, or a lead byte E4–E9 (``_has_cjk``)
_CJK_UTF8 = lazy(rb"\xe3[\x90-\xbf]|[\xe4-\xe9]")
#: whitespace and control characters, collapsed to one space in signal names
_CONTROL = lazy(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")
#: the lead byte of a UTF-8 sequence of three bytes (CJK among them)
_HAS_CJK_BYTES = lazy(rb"[\xe3-\xe9]")
#: a run of bytes that are no ASCII (``Vocabulary.may_hold_text``), and every ASCII byte
_NON_ASCII_BYTES = lazy(rb"[\x80-\xff]+")
_ASCII_BYTES = bytes(range(128))
#: route prefixes of mini-program pages
_ROUTE = lazy(r"^/?(?:pages[A-Za-z0-9_]{0,30}|sub|subpkg|(?:sub)?packages?[A-Za-z0-9_]{0,30}"
              r"|sub[A-Za-z0-9_]{0,30}(?:pages?|pkg))/", re.IGNORECASE)  # pagesA/, pages_live/: subpackages
#: a single-segment request path (``host + '/comments'``), counted only where a request path stands
_ONE_SEGMENT = lazy(r"^/[A-Za-z][\w\-]{1,60}$")
#: a PhalApi-style service name (``?s=Comment.Add``, ``App.Comment.Add``): Class.Method, PascalCase
_SERVICE = lazy(r"^(?:[A-Z][A-Za-z0-9]{1,40}\.){1,2}[A-Za-z][A-Za-z0-9]{1,40}$")
_SERVICE_BYTES = lazy(rb"(?:[A-Z][A-Za-z0-9]{1,40}\.){1,2}[A-Za-z][A-Za-z0-9]{1,40}$")
#: longest name taken as an identifier, and longest signal name kept
_MAX_NAME = 64
_MAX_SHOWN = 120
#: at most this many semantic signals of one kind for one vocabulary word in one file (a table of
#: 60,000 paths is one fact many times over)
_PER_WORD = 3
#: at most this many characters of one string are examined (bounded work on huge literals)
_MAX_STRING = 400
#: the deepest node a query of the semantic reader starts a match at (a hostile chain nests 100,000 deep)
_MAX_DEPTH = 300
#: at most this many names of one file have their uses looked up (see _Emitter.lookups)
_MAX_LOOKUPS = 32


def _has_cjk(text: str) -> bool:
    """Whether ``text`` holds a character of U+3400–U+9FFF: what ``re.search("[\\u3400-\\u9fff]", text)``
    says, over the UTF-8 bytes (compiling that character class cost 2–3 ms a run: the regex compiler
    walks its 27,000 characters in Python)."""
    return not text.isascii() and _CJK_UTF8.search(text.encode("utf-8", "surrogatepass")) is not None


class Vocabulary:
    """What the catalogue's semantic entries listen for, compiled once per run."""

    def __init__(self, ctx: ScanContext):
        cat = ctx.catalogue
        self.endpoint = frozenset(cat.words("endpoint"))
        self.identifier = frozenset(cat.words("identifier"))
        self.collection = frozenset(cat.words("collection"))
        self.texts = tuple(sorted(cat.texts("text"), key=len, reverse=True))
        self.any_words = self.endpoint | self.identifier | self.collection
        #: per kind, the words that mean something alone, and the pairs that mean something together
        self._singles = {kind: frozenset(cat.single_words(kind)) for kind in ("endpoint", "identifier", "collection")}
        self._pairs = {kind: frozenset(cat.pairs(kind)) for kind in ("endpoint", "identifier", "collection")}
        #: per kind, each pair's first word -> its second words (``hit`` looks up the few words of a name)
        self._pair_index: dict[str, dict[str, frozenset[str]]] = {}
        for kind, kind_pairs in self._pairs.items():
            seconds: dict[str, set[str]] = {}
            for first, second in kind_pairs:
                seconds.setdefault(first, set()).add(second)
            self._pair_index[kind] = {first: frozenset(s) for first, s in seconds.items()}
        #: the vocabulary's own nouns: the words that mean something alone (user of user+update
        #: means nothing alone: /user/post is a user's posts, not a post written)
        self.nouns = frozenset().union(*self._singles.values())
        #: the words a quoted path or service name is worth a parse for (``hints``)
        self.path_words = self.endpoint | self.identifier
        #: what a lower-case compound may be made of: the vocabulary, both words of its pairs, the verbs
        self.known = frozenset(self.any_words | {w for pair in cat.pairs("identifier") for w in pair}
                               | WRITE_VERBS | _COMMON_VERBS)
        #: the platforms' API objects (wx, uni, Taro ...): their methods are not the app's names
        self.platform_objects = frozenset(ns.encode() for ns in cat.namespaces)
        #: words that name a composer's page (a colocated feature's ``colocated_named_words``:
        #: pages/publish/publish): a page so named that saves is saving what was composed there
        self.composer_words = frozenset(w for spec in cat.features.values() if spec.get("colocated")
                                        for w in spec.get("colocated_named_words", []))
        from zizhi_plugins.javascript import LiteralSet

        #: the second word of a compound name: ``submitPost`` (capitalised), ``send_gift`` (after _)
        # (of a pair, its head word: vip of vip+order, group of group+message and of create+group)
        pairs = cat.pairs("identifier")
        heads = {second if first in WRITE_VERBS or first in _COMMON_VERBS else first for first, second in pairs}
        firsts = {first for first, _ in pairs}  # (once, not once per word: ~1 ms a run)
        singles = {w for w in self.identifier if w not in firsts} | heads
        compounds = {w[:1].upper() + w[1:] for w in singles if len(w) >= 3}
        compounds |= {"_" + w for w in singles if len(w) >= 3}
        self.compounds = LiteralSet(compounds)
        #: whether a name (an identifier's bytes) is worth a look as an identifier signal: it holds a
        #: compound, or its first word is a vocabulary word (``js_signals``); by name, for the run:
        #: the same names recur in every script (setData, then, push: ~8,000 names of ~400 scripts
        #: of the official demo, a regex search or two each)
        self.name_worth: dict[bytes, bool] = {}
        #: the names of request fields the catalogue knows (``field`` entries: ``nickname``, ``phone``),
        #: lower case as written, and the bytes test for a key of one (``phone:``, ``"nickName":``)
        #: and of the options of a request itself (``option`` entries: ``enablechunked``), found alike
        self.options = frozenset(n.lower() for n in cat.names("option"))
        self.fields = frozenset(n.lower() for n in cat.names("field")) | self.options
        self.field_key = re.compile(rb"(?<![a-z0-9_$])(" + b"|".join(
            re.escape(n.encode()) for n in sorted(self.fields, key=lambda n: (-len(n), n))) + rb")['\"]?\s*[:,}]") \
            if self.fields else None
        #: ... asked only of a file that holds one of the names at all (literal tests: the regex with its
        #: look-behind tries every branch at every byte, ~4x the cost over the WeChat demo's 4 MB)
        self.field_names = LiteralSet(self.fields)
        #: the model ids the catalogue knows (``model`` entries: ``gpt-4*``, ``deepseek-chat``), as the
        #: literal each begins with, and the bytes test for a quoted string beginning with one of them
        #: (``'glm-4-flash'``; over lower-cased bytes): where a key or variable named model holds it,
        #: the model a request asks (:func:`_name_given`)
        model_names = cat.names("model") | set(cat.patterns("model"))
        self.model_heads = tuple(sorted({n.split("*", 1)[0].lower() for n in model_names if n.split("*", 1)[0]}))
        self.model_literal = re.compile(rb"['\"`](?:" + b"|".join(re.escape(h.encode()) for h in self.model_heads)
                                        + rb")[a-z0-9._:/-]{0,60}['\"`]") if self.model_heads else None
        self.model_names = LiteralSet(self.model_heads)
        #: the roles a conversation's messages carry that the catalogue knows (``role`` entries:
        #: ``assistant``, the language-model APIs' own), and the bytes test for one given to a key or
        #: name role (``role: 'assistant'``, ``"role": "assistant"``, ``msg.role = 'ai'``,
        #: ``put("role", "assistant")``, ``m['role'] = 'ai'``; over lower-cased bytes; a comparison,
        #: ``role === 'ai'``, is not a message made); a name ``user+content`` counts only where the
        #: message has a content key (``{role: 'user', content: q}``, the chat APIs' message shape: a
        #: role alone is a person's, ``role: 'user'``)
        self.role_names = frozenset(n.lower() for n in cat.names("role"))
        roles = sorted({n.split("+", 1)[0] for n in self.role_names}, key=lambda n: (-len(n), n))
        self.role_values = frozenset(roles)
        self.role_literal = re.compile(
            rb"(?<![a-z0-9_$])role['\"]?\]?\s{0,4}(?:=>|:=|[:=,])\s{0,4}(['\"`])(?:"
            + b"|".join(re.escape(r.encode()) for r in roles) + rb")['\"`]") if roles else None
        low_texts = {t.lower() for t in self.texts}
        #: the texts, over lower-cased UTF-8 bytes (a trie: one pass however many texts there are)
        self.texts_bytes = LiteralSet(low_texts)
        #: each text's longest run of non-ASCII characters (``may_hold_text``); None when a text has none
        cores: set[str] | None = set()
        for word in self.texts_bytes.words:
            runs = _NON_ASCII_BYTES.findall(word)
            try:
                cores.add(max(runs, key=len).decode("utf-8"))  # type: ignore[union-attr]
            except (ValueError, UnicodeDecodeError):  # (no run, or not whole characters)
                cores = None
                break
        self._text_cores = frozenset(cores) if cores else None
        self._text_cores_re: re.Pattern[str] | None = None

    def hit(self, words: Iterable[str], kind: str) -> bool:
        """Whether a name's words mean something to an entry of ``kind``: one of its words, or both
        words of one of its pairs (``user`` alone, the first word of user+update, is no signal)."""
        present = set(words)
        if not present.isdisjoint(self._singles[kind]):
            return True
        index = self._pair_index[kind]
        return any(not present.isdisjoint(index[a]) for a in present if a in index)

    def __bool__(self) -> bool:
        return bool(self.any_words or self.texts)

    def may_hold_text(self, low: bytes) -> bool:
        """False when no catalogue text can occur in ``low`` (lower-cased UTF-8 bytes): a text that occurs
        there has its non-ASCII part in the bytes that are left once every ASCII byte is taken out, as
        characters (whole: no byte of a character of two bytes or more is ASCII). Those are few (~90 kB of
        the official demo's 1.8 MB of scripts that hold CJK), and one alternation of the texts' non-ASCII
        parts searches them as characters: ~3 ms over the demo's scripts, where the texts' trie over every
        byte took ~40 ms (the trie still answers for the few files this does not rule out)."""
        if self._text_cores is None:
            return True
        if self._text_cores_re is None:
            self._text_cores_re = re.compile("|".join(map(re.escape, sorted(self._text_cores,
                                                                            key=lambda c: (-len(c), c)))))
        try:
            rest = low.translate(None, _ASCII_BYTES).decode("utf-8")
        except UnicodeDecodeError:  # (not UTF-8 throughout: the trie answers)
            return True
        return self._text_cores_re.search(rest) is not None

    @property
    def compound_re(self) -> re.Pattern[bytes] | None:
        """(compiled when first wanted: a run that reads a few files only asks ``compounds.occurs_in``)"""
        return self.compounds.regex if self.compounds else None

    @property
    def text_bytes_re(self) -> re.Pattern[bytes] | None:
        return self.texts_bytes.regex if self.texts_bytes else None


#: a quoted path-like literal (lower-cased bytes): the candidates for endpoints and routes; one
#: segment after a slash too (request('/addforum'): what string_signals takes as _ONE_SEGMENT)
_QUOTED_PATH = lazy(rb"""['"`]((?:https?:/)?/?[\w${}.:@-]{1,80}/[\w${}.:@/?=&-]{0,200}"""
                    rb"""|/[A-Za-z][\w-]{1,60})['"`]""")


#: a path after a template's substitution: `${host}/create/topic`, `${api.base}/comment/${id}`
_TEMPLATE_PATH = lazy(rb"\}(/[\w.:@-]{1,80}(?:/[\w.:@-]{1,80}){0,12})")

_QUOTED_SERVICE = lazy(rb"""['"`]((?:[A-Z][A-Za-z0-9]{1,40}\.){1,2}[A-Za-z][A-Za-z0-9]{1,40})['"`]""")
#: ... a PHP route in a query string (``'?m=comment&a=save'``: ``_QUERY_ROUTE``), its values; its pairs
#: apart by ``&`` as ``_QUERY_ROUTE``'s are: with the ``&`` optional, a value (which may hold ``=``) and
#: the next key could split ``a=1a=1a=1…`` in exponentially many ways before the closing quote failed
_QUOTED_QUERY = lazy(rb"""['"`](?:[\w./-]{0,80}\.php)?\?([\w.-]{1,20}=[^&#\s'"`]{0,80}"""
                     rb"""(?:&[\w.-]{1,20}=[^&#\s'"`]{0,80}){0,12})&?['"`]""")
#: ... a bare name appended to a base URL (``hosturl + 'push_chat_msg'``: :func:`_after_base`): found
#: from the ``+`` (rare in a script's bytes), the name before it checked after (``_joined_bare``); a
#: case-insensitive alternation of the base words tried at every byte cost ~0.26 s over the official
#: demo's 3.5 MB of scripts, this ~10 ms
_JOINED_BARE = lazy(rb"""\+[ \t]{0,4}['"`]([A-Za-z_$][\w$]{2,63})['"`]""")
#: what ends a name that names a base URL a request's path is appended to (``app.globalData.hosturl``,
#: ``BASE_URL``, ``config.apiRoot``, ``serverPrefix``): ``_BASE_NAMED`` and ``_joined_bare`` read these
_BASE_WORDS = ("url", "uri", "host", "base", "api", "server", "domain", "root", "prefix")
_BASE_ENDS = tuple(w.encode() for w in _BASE_WORDS)
_BASE_LONGEST = max(map(len, _BASE_WORDS))


def _joined_bare(data: bytes) -> Iterator[re.Match[bytes]]:
    """The matches of ``_JOINED_BARE`` whose ``+`` follows a name ending like a base URL's
    (``app.globalData.hosturl + 'x'``, ``BASE_URL + 'x'``), spaces between them allowed."""
    for m in _JOINED_BARE.finditer(data):
        end = m.start()
        while end > 0 and data[end - 1] in b" \t":
            end -= 1
        if data[max(0, end - _BASE_LONGEST):end].lower().endswith(_BASE_ENDS):
            yield m


def hints(data: bytes, low: bytes, ctx: ScanContext, relpath: str = "", project_relpath: str | None = None,
          ) -> frozenset[str]:
    """What a file may hold, from its bytes, by a few fast regexes: ``strings`` (``.collection(``, a
    catalogue text, a quoted path holding a vocabulary word, a cloud function call) and ``names`` (a
    two-word name such as ``submitPost`` or ``send_gift``: a vocabulary word capitalised or after
    ``_``). A file with neither is not read for semantic signals (nor parsed for them); one with only
    names is not searched for strings. ``relpath``: the file's path from the scan root (what
    ``path_signal`` reads); ``project_relpath``: its path within its project (what names a
    composer's page, ``_names_composer``; default ``relpath``): as :func:`js_signals` reads them."""
    vocab = vocabulary(ctx)
    found: set[str] = set()
    if vocab.compounds and vocab.compounds.occurs_in(data):
        found.add("names")
    if b"connectsocket" in low or b"new websocket(" in low:
        found.add("names")  # a socket opened (read from the names' query)
    if _MEDIA_PICK.search(data) is not None:
        found.add("writes")  # a script that picks photos or videos: does it also save what the user wrote?
    elif relpath and (_names_feature(relpath, vocab)
                      or _names_composer(relpath if project_relpath is None else project_relpath, vocab)) \
            and _SAVE_HINT.search(low) is not None:
        found.add("writes")  # a page named after a feature (pages/comment/add.js) or a composer: does it save?
    if vocab.field_key is not None and vocab.field_names.occurs_in(low) and vocab.field_key.search(low) is not None:
        found.add("fields")  # a key named like a request field the catalogue knows (nickname: , phone: )
    if vocab.model_literal is not None and b"model" in low and vocab.model_names.occurs_in(low) \
            and vocab.model_literal.search(low) is not None:
        found.add("models")  # a model's id quoted in a file that says model ({ model: 'deepseek-chat' })
    if vocab.role_literal is not None and b"role" in low and vocab.role_literal.search(low) is not None:
        found.add("roles")  # a message's role given ({ role: 'assistant', content })
    if b".collection(" in low or b"callfunction" in low or b".importobject(" in low or (
            vocab.texts_bytes and not low.isascii()  # most files: no CJK (isascii: C, one pass)
            and _HAS_CJK_BYTES.search(low) is not None
            and vocab.may_hold_text(low) and vocab.texts_bytes.occurs_in(low)):
        found.add("strings")
    else:
        words = vocab.path_words
        candidates = [_QUOTED_PATH.finditer(data)]  # the original case: campus/toComment holds comment
        if b"${" in data:
            candidates.append(_TEMPLATE_PATH.finditer(data))  # `${host}/create/topic`
        candidates.append(_QUOTED_SERVICE.finditer(data))  # 'Comment.Add': a PhalApi-style service
        if b"+" in data:
            candidates.append(_joined_bare(data))  # hosturl + 'push_chat_msg'
        if b"?" in data:
            candidates.append(_QUOTED_QUERY.finditer(data))  # '?m=comment&a=save': a PHP route
        if any(not words.isdisjoint(split_words(m.group(1).decode("ascii", "replace"), vocab.known))
               for m in itertools.chain.from_iterable(candidates)):
            found.add("strings")
        elif "names" in found and _PATH_LITERAL.search(data) is not None:
            found.add("strings")  # an opaque path a function named in the vocabulary wraps (_wrapper_name)
    return frozenset(found)


#: a photo or video picked in a script (wx.chooseImage, uni.chooseMedia, my.chooseVideo ...)
_MEDIA_PICK = re.compile(rb"\.choose(?:Image|Media|Video)\b")
_MEDIA_PICKS = frozenset({b"chooseImage", b"chooseMedia", b"chooseVideo"})
#: what a script that saves holds somewhere (lower case): a collection, a cloud function, a request
#: helper or method named after a writing HTTP method (the parse decides, ``_write_via``)
_SAVE_HINT = re.compile(rb"\.collection\(|callfunction|post|put\b|patch|cloud|func\b")


def _names_feature(relpath: str, vocab: Vocabulary) -> bool:
    """Whether a file's own path names a feature (``pages/comment/add.js``): what ``path_signal``
    emits an identifier for."""
    return _path_words(relpath, vocab) is not None


def _names_composer(relpath: str, vocab: Vocabulary) -> bool:
    """Whether a file's own path within its project (``project_relpath``) names a composer's page
    (``pages/publish/publish.js``): a project folder named ``publish-app/`` says nothing of its
    pages (as ``features._own_path_names`` reads a page's name), and the file's signals do not
    depend on where the scan began."""
    return bool(vocab.composer_words) and \
        not vocab.composer_words.isdisjoint(split_words(relpath.rsplit(".", 1)[0], vocab.known))


def _path_words(relpath: str, vocab: Vocabulary) -> list[str] | None:
    """The words of a file's path without its extension, when they name a feature (else None)."""
    words = split_words(relpath.rsplit(".", 1)[0], vocab.known)
    return words if vocab.hit(words, "identifier") else None


def worth_parsing(data: bytes, low: bytes, ctx: ScanContext) -> bool:
    """Whether a file may hold a semantic signal at all (see :func:`hints`)."""
    return bool(hints(data, low, ctx))


def vocabulary(ctx: ScanContext) -> Vocabulary:
    vocab: Any = ctx.cache.get("semantic:vocabulary")
    if vocab is None:
        vocab = ctx.cache["semantic:vocabulary"] = Vocabulary(ctx)
    return vocab


#: a place (line, column, snippet), or a function computing it when a signal is emitted
Where = tuple[int, int, str] | Callable[[], tuple[int, int, str]]


class _Emitter:
    """Signals of one file, each (kind, name) once, at its first place."""

    def __init__(self, file: SourceFile, vocabulary_words: frozenset[str] = frozenset()):
        self.file = file
        self.vocabulary_words = vocabulary_words
        self.signals: list[Signal] = []
        self.seen: set[tuple[str, str, str]] = set()
        self.per_word: dict[tuple[str, str, str], int] = {}
        #: how many more names (a constant, a variable holding a collection) this file may look up
        #: the uses of: each look-up may read the rest of the file once, so a file of 40,000
        #: declarations would cost 40,000 reads of itself
        self.lookups = _MAX_LOOKUPS

    def emit(self, kind: str, name: str, where: Where, **attrs: str) -> None:
        name = _CONTROL.sub(" ", name).strip()[:_MAX_SHOWN]  # one line, bounded: names reach every report
        key = (kind, name, attrs.get("op", ""))  # a collection read and written: both
        if key in self.seen:
            return
        self.seen.add(key)
        # the cap counts per vocabulary word the signal holds (comment, chat ...), not per first word
        # (an API module's paths all begin with api); a signal is kept while one of its words is under
        # the cap (get-article?action=addComment after three other get-article calls: a comment), and
        # per operation: three reads of /messages/... leave room for the write or the socket that acts
        op = attrs.get("op", "")
        heads = [(kind, op, w) for w in dict.fromkeys(attrs.get("words", "").split()) if w in self.vocabulary_words] \
            or [(kind, op, name)]
        if all(self.per_word.get(head, 0) >= _PER_WORD for head in heads):
            return
        for head in heads:
            self.per_word[head] = self.per_word.get(head, 0) + 1
        line, column, snippet = where() if callable(where) else where
        self.signals.append(Signal(kind, name, Location(self.file.relpath, line, column), attrs=attrs,
                                   origin=self.file.origin, vendored=self.file.vendored, snippet=snippet[:120]))


def path_signal(em: _Emitter, vocab: Vocabulary) -> bool:
    """The file's own path as an identifier (``pages/chat/room.js`` → pages chat room); whether it
    names a feature."""
    words = _path_words(em.file.relpath, vocab)
    if words is None:
        return False
    stem = em.file.relpath.rsplit(".", 1)[0]
    em.emit("identifier", stem, (1, 1, stem), words=" ".join(dict.fromkeys(words)), source="path")
    return True


#: method and function definitions of server languages: Java/Kotlin, PHP, Go (names only)
_SERVER_DEFS = {
    "java": lazy(r"\b(?:public|private|protected|fun)\s+(?:[\w<>\[\],?]+\s+){0,3}?([A-Za-z_]\w{2,63})\s*\("),
    "php": lazy(r"\bfunction\s+([A-Za-z_]\w{2,63})\s*\("),
    "go": lazy(r"\bfunc\s+(?:\([^)\n]{0,80}\)\s*)?([A-Za-z_]\w{2,63})\s*\("),
}


#: at most this many routes or groups of one file are read
_MAX_MAPPINGS = 2000


def _answer(value: bool | None) -> Callable[[], bool] | None:
    """``http_write`` for a method known before (None: not known)."""
    if value is None:
        return None
    return lambda: value


#: a Go router's group (gin's ``v1 := r.Group("/v1")``, Echo's and Fiber's alike), and a route
#: declared on a router or group (gin's and Echo's ``g.POST("/add", h)``, Fiber's ``g.Post``)
_GO_GROUP = lazy(r"\b([A-Za-z_]\w{0,40})[ \t]{0,8}:?=[ \t]{0,8}([A-Za-z_]\w{0,40})\.Group\([ \t]{0,8}"
                 r"(\"(?:[^\"\\\n]|\\.){0,300}\"|`[^`\n]{0,300}`)")
_GO_ROUTE = lazy(r"\b([A-Za-z_]\w{0,40})\.(GET|POST|PUT|PATCH|DELETE|Any|Get|Post|Put|Patch|Delete|All)"
                 r"\([ \t]{0,8}(\"(?:[^\"\\\n]|\\.){0,300}\"|`[^`\n]{0,300}`)")


#: how many groups of groups a Go route's path is joined through (the literals of deeper ones are read alone)
_MAX_GROUP_NESTING = 16


def _join_path(*parts: str) -> str:
    """Route paths joined by ``/`` without the slashes around each, no longer than the semantic
    reader reads of a string (``_MAX_STRING``): a join never grows past it, however many parts."""
    out = "/".join(p.strip("/") for p in (part[:_MAX_STRING] for part in parts) if p.strip("/"))
    return out[:_MAX_STRING]


def go_routes(code: str) -> tuple[list[tuple[str, int, bool | None]], set[int]]:
    """The routes of a Go server on gin, Echo or Fiber (``code`` with comments blanked, strings
    kept): each route's path joined to its group's (``g := r.Group("/comment")`` then
    ``g.POST("/add", h)`` serves ``POST /comment/add``; a group of a group joins both), as (path,
    offset of its literal, whether its method writes: POST, PUT, PATCH, DELETE; None for every
    method), and the offsets of the string literals read so. A group is known from where it is made
    on, in the file's order."""
    groups: dict[str, tuple[str, list[int]]] = {}  # a group -> its path, and the offsets of its literals
    events: list[tuple[int, int, re.Match[str]]] = []
    for n, m in enumerate(_GO_GROUP.finditer(code)):
        if n >= _MAX_MAPPINGS:
            break
        events.append((m.start(), 0, m))
    for n, m in enumerate(_GO_ROUTE.finditer(code)):
        if n >= _MAX_MAPPINGS:
            break
        events.append((m.start(), 1, m))
    routes: list[tuple[str, int, bool | None]] = []
    used: set[int] = set()
    for _start, kind, m in sorted(events, key=lambda e: e[0]):
        own = m.group(3)[1:-1]
        if own and not own.startswith("/"):
            continue  # gin's, Echo's and Fiber's paths begin with /: http.Get("https://…") is a call out
        parent, at = groups.get(m.group(2) if kind == 0 else m.group(1), ("", []))
        if kind == 0:  # (a group's literal is read alone unless a route uses it)
            # a chain of groups, each made on the one before, joins every path before it: bounded, as
            # the reader reads no more of a string (2,000 groups of 300 characters were 600 MB)
            groups[m.group(1)] = (_join_path(parent, own),
                                  [*at, m.start(3)] if len(at) < _MAX_GROUP_NESTING else at)
            continue
        method = m.group(2).upper()
        path = _join_path(parent, own)
        used.update([*at, m.start(3)])
        if path:
            routes.append(("/" + path, m.start(3), True if method in _WRITE_METHOD_NAMES else
                           False if method == "GET" else None))
    return routes, used


#: a call on the ``Route`` facade (ThinkPHP's ``think\facade\Route``, Laravel's, webman's), and a link of
#: its chain (``Route::prefix('comment')->middleware('auth')->group(…)``)
_PHP_ROUTE_CALL = lazy(r"\bRoute[ \t]{0,8}::[ \t]{0,8}([A-Za-z_]\w{0,30})[ \t\r\n]{0,40}\(")
_PHP_ROUTE_LINK = lazy(r"[ \t\r\n]{0,40}->[ \t\r\n]{0,40}([A-Za-z_]\w{0,30})[ \t\r\n]{0,40}\(")
#: the facade's methods that declare a route, and whether the route writes (None: every method, or
#: the methods given); a resource's routes include ``store`` (Laravel) / ``save`` (ThinkPHP), a POST
_PHP_ROUTE_METHODS: dict[str, bool | None] = {
    "get": False, "post": True, "put": True, "patch": True, "delete": True, "any": None, "rule": None,
    "match": None, "resource": True, "apiresource": True,
}
#: a route's parameters: Laravel's ``{id}`` / ``{id?}``, ThinkPHP's ``:id``, ``<id>``, ``[:id]``
_PHP_ROUTE_PARAM = lazy(r"\{[^{}/\n]{0,60}\}|\[:\w{1,60}\]|<\w{1,60}\??>|(?<![\w:]):\w{1,60}")
_HTTP_METHOD_LIST = lazy(r"(?i)(?:get|post|put|patch|delete|head|options|\*)(?:\|(?:get|post|put|patch|delete|"
                         r"head|options|\*)){0,6}")
#: how many calls of a route chain are followed
_MAX_ROUTE_LINKS = 8


def php_routes(code: str, literals: list[tuple[str, int, int]]) -> tuple[list[tuple[str, int, bool | None]], set[int]]:
    """The routes a PHP file declares on the ``Route`` facade, as ThinkPHP, Laravel and webman map them
    (``code`` with comments blanked, strings kept; ``literals`` as (value, line, column)): the path of
    ``Route::post('comment/add', …)`` (no leading slash: both frameworks take the rule as given)
    joined to the prefixes of the groups holding it, ``Route::group('comment', function () {…})``
    (ThinkPHP, webman), ``Route::prefix('comment')->group(…)`` and ``Route::group(['prefix' =>
    'comment'], …)`` (Laravel), as (path, index of its literal, whether its method writes: None for
    every method), and the indices of the literals read so. ``Route::rule(…, 'POST')`` and
    ``Route::match(['get', 'post'], …)`` say their methods; a resource's routes include a POST. A
    ``->prefix()`` after a ThinkPHP group names its controllers, not its URL, and is not read."""
    if "Route" not in code:
        return [], set()
    line_starts = [0] + [m.end() for m in re.finditer("\n", code)]
    at: dict[int, int] = {}  # offset of a literal's opening quote -> its index
    blanked = list(code)  # string contents blanked: their brackets are no code's
    for n, (value, line, col) in enumerate(literals):
        if line > len(line_starts):
            continue
        start = line_starts[line - 1] + col - 1
        at[start] = n
        for k in range(start + 1, min(start + 1 + len(value), len(code))):
            if blanked[k] not in "\n":
                blanked[k] = " "
    flat = "".join(blanked)
    closing: dict[int, int] = {}  # an opening ( or [ -> its closing one (the file's end when unclosed)
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(flat):
        if ch in "([":
            stack.append((ch, i))
        elif ch in ")]" and stack and stack[-1][0] == ("(" if ch == ")" else "["):
            closing[stack.pop()[1]] = i
    for _ch, i in stack:
        closing[i] = len(flat)

    def first_literal(open_: int) -> int | None:
        """The literal that is the call's first argument (index), if it is one."""
        k = open_ + 1
        while k < len(flat) and flat[k] in " \t\r\n":
            k += 1
        return at.get(k)

    offsets = sorted(at)

    def literals_in(a: int, b: int) -> list[int]:
        """The first literals between two offsets (by bisection, at most 64: an unclosed call's span runs
        to the file's end, and a look over each of its literals per call was quadratic)."""
        lo = bisect.bisect_right(offsets, a)
        return [at[off] for off in offsets[lo:min(bisect.bisect_left(offsets, b), lo + 64)]]

    groups: list[tuple[int, int, str, int | None]] = []  # (open, close, prefix, its literal)
    routes: list[tuple[int, int, str, bool | None]] = []  # (offset, its literal, path, writes)
    for count, m in enumerate(_PHP_ROUTE_CALL.finditer(flat)):
        if count >= _MAX_MAPPINGS:
            break
        links = [(m.group(1).lower(), m.end() - 1)]
        while len(links) < _MAX_ROUTE_LINKS:
            nxt = _PHP_ROUTE_LINK.match(flat, closing.get(links[-1][1], len(flat)) + 1)
            if nxt is None:
                break
            links.append((nxt.group(1).lower(), nxt.end() - 1))
        names = [name for name, _ in links]
        if "group" in names:
            g = names.index("group")
            open_ = links[g][1]
            prefix: int | None = None
            for name, call in links[:g]:  # Laravel: Route::prefix('comment')->group(…)
                if name == "prefix":
                    prefix = first_literal(call)
            first = first_literal(open_)
            if g == 0 and first is not None:  # ThinkPHP, webman: Route::group('comment', function () {…})
                prefix = first
            elif g == 0 and flat[open_ + 1:open_ + 80].lstrip().startswith("["):  # Laravel: ['prefix' => 'x']
                arr = flat.index("[", open_)
                inside = literals_in(arr, closing.get(arr, len(flat)))
                for a, b in itertools.pairwise(inside):
                    if literals[a][0] == "prefix":
                        prefix = b
                        break
            if prefix is not None:
                groups.append((open_, closing.get(open_, len(flat)), literals[prefix][0], prefix))
            continue
        method = names[0]
        if method not in _PHP_ROUTE_METHODS:
            continue
        open_ = links[0][1]
        close = closing.get(open_, len(flat))
        writes = _PHP_ROUTE_METHODS[method]
        path = first_literal(open_)
        if method == "match" and flat[open_ + 1:open_ + 80].lstrip().startswith("["):
            arr = flat.index("[", open_)
            end = closing.get(arr, len(flat))
            said = [literals[n][0].upper() for n in literals_in(arr, end)]
            writes = any(s in _WRITE_METHOD_NAMES for s in said)
            k = end + 1
            while k < len(flat) and flat[k] in " \t\r\n,":
                k += 1
            path = at.get(k)
        elif method == "rule" and path is not None:  # Route::rule('comment/add', 'Comment/add', 'POST')
            for n in literals_in(open_, close):
                value = literals[n][0]
                if n != path and _HTTP_METHOD_LIST.fullmatch(value) and "*" not in value:
                    writes = any(s in _WRITE_METHOD_NAMES for s in value.upper().split("|"))
                    break
        if path is not None:
            start = line_starts[literals[path][1] - 1] + literals[path][2] - 1
            routes.append((start, path, literals[path][0], writes))
    out: list[tuple[str, int, bool | None]] = []
    used: set[int] = set()
    # groups nest (each is a call's brackets): one sweep in the file's order, a stack of the open ones
    events = sorted([(g[0], 0, i) for i, g in enumerate(groups)] + [(r[0], 1, i) for i, r in enumerate(routes)])
    active: list[tuple[int, int, str, int | None]] = []
    for offset, kind, i in events:
        while active and active[-1][1] < offset:
            active.pop()
        if kind == 0:
            active.append(groups[i])
            continue
        _offset, n, own, writes = routes[i]
        held = active[-_MAX_GROUP_NESTING:]
        # each part cut to what a join keeps first: a group's prefix of 200,000 characters was rewritten
        # whole for each of its 2,000 routes (~18 s), to be cut to _MAX_STRING by the join anyway
        parts = [_PHP_ROUTE_PARAM.sub("{}", p[:_MAX_STRING].rstrip("$")) for p in (*(g[2] for g in held), own)]
        joined = _join_path(*parts)
        used.add(n)
        used.update(g[3] for g in held if g[3] is not None)
        if joined:
            out.append(("/" + joined, n, writes))
    return out, used


#: a JavaScript string literal a route is declared with (a template literal without substitutions)
_JS_STR = r"""'(?:[^'\\\n]|\\.){0,300}'|"(?:[^"\\\n]|\\.){0,300}"|`[^`$\\\n]{0,300}`"""
_JS_NAME = r"[A-Za-z_$][\w$]{0,40}"
_WS = r"[ \t\r\n]{0,40}"
#: a router made with its prefix (koa-router's ``new Router({ prefix: '/comment' })``, also through
#: ``require('koa-router')({ prefix })``) or given one (``router.prefix('/comment')``)
_NODE_PREFIXED = lazy(r"\b(" + _JS_NAME + r")[ \t]{0,8}=[ \t]{0,8}"
                      r"(?:new[ \t]{1,8}[\w$.]{1,60}|require\([^()\n]{0,80}\))[ \t]{0,8}\(" + _WS
                      + r"\{[^{}]{0,300}?\bprefix[ \t]{0,8}:" + _WS + r"(" + _JS_STR + r")")
_NODE_PREFIX_CALL = lazy(r"\b(" + _JS_NAME + r")\.prefix\(" + _WS + r"(" + _JS_STR + r")")
#: a router mounted on a path (Express's ``app.use('/comment', router)``, also after middleware, as
#: Express's ``app.use(path, callback [, callback...])`` takes them: ``app.use('/api', auth, router)``;
#: koa-router's ``api.use('/comment', comment.routes())``)
_NODE_MOUNT = lazy(r"\b(" + _JS_NAME + r")\.use\(" + _WS + r"(" + _JS_STR + r")" + _WS + r"," + _WS
                   # (middleware before it: auth, express.json(), rateLimit({ max: 9 }))
                   + r"(?:[A-Za-z_$][\w$.]{0,60}(?:\([^()\n]{0,80}\))?" + _WS + r"," + _WS + r"){0,4}"
                   + r"(" + _JS_NAME + r")(?:\.routes\(\))?" + _WS + r"[,)]")
#: a route declared on a router or an app (Express, koa-router: ``router.post('/add', h)``)
_NODE_ROUTE = lazy(r"\b(" + _JS_NAME + r")\.(get|post|put|patch|delete|del|all)\(" + _WS + r"(" + _JS_STR + r")")
_NODE_WRITES: dict[str, bool | None] = {"get": False, "post": True, "put": True, "patch": True, "delete": True,
                                        "del": True, "all": None}
#: how many mounts of mounts a route's path is joined through
_MAX_MOUNT_DEPTH = 4
#: what a Node file's text must hold for ``_NODE_PREFIXED``, ``_NODE_PREFIX_CALL`` or ``_NODE_MOUNT`` to match
#: its code once the lexer has blanked its comments (every other character stays where it was, a comment's
#: are spaces): a quote within 40 characters after ``.use(`` or ``.prefix(`` (the string after ``_WS``), or a
#: ``:`` within 8 after ``prefix`` (``prefix[ \t]{0,8}:``). A file without one maps no route, and its token
#: scan (~0.13 ms a kilobyte: the official demo's 225 kB cloud SDK, ~30 ms) is not made
_NODE_ROUTER_HINT = lazy(r"""\.(?:use|prefix)\([^'"`]{0,40}['"`]|prefix[^\n]{0,8}:""")
#: a Node file larger than this (characters) is not read for its routes: a server's routes are declared in
#: its own modules, and the token scan that blanks comments reads a character at a time (~1 s a megabyte)
_MAX_ROUTES_FILE = 512 * 1024


def node_routes(code: str) -> tuple[list[tuple[str, int, bool | None]], set[int]]:
    """The routes a Node server file declares, as its framework maps them (``code`` with comments
    blanked, strings kept), as (path, offset of its literal, whether its method writes: None for
    every method), and the offsets of the literals read so. Express and koa-router: a route on a
    router that is made or given a prefix in the file (``new Router({ prefix: '/comment' })``,
    ``router.prefix('/comment')``) or mounted on a path there (``app.use('/comment', router)``,
    ``api.use('/comment', comment.routes())``) starts with it; a route on a router the file neither
    prefixes nor mounts is left to the script reader, as before."""
    def literal(token: str) -> str:
        return token[1:-1]

    routes: list[tuple[str, int, bool | None]] = []
    used: set[int] = set()
    if "." not in code:
        return routes, used
    prefixes: dict[str, tuple[str, int]] = {}  # router -> its own prefix, its literal's offset
    for m in itertools.islice(_NODE_PREFIXED.finditer(code), _MAX_MAPPINGS):
        prefixes[m.group(1)] = (literal(m.group(2)), m.start(2))
    if ".prefix(" in code:
        for m in itertools.islice(_NODE_PREFIX_CALL.finditer(code), _MAX_MAPPINGS):
            prefixes[m.group(1)] = (literal(m.group(2)), m.start(2))
    mounts: dict[str, tuple[str, str, int]] = {}  # router -> (who mounts it, the mount's path, its offset)
    if ".use(" in code:
        for m in itertools.islice(_NODE_MOUNT.finditer(code), _MAX_MAPPINGS):
            if m.group(3) != m.group(1):
                mounts[m.group(3)] = (m.group(1), literal(m.group(2)), m.start(2))
    if not prefixes and not mounts:
        return routes, used

    def path_of(name: str) -> tuple[list[str], list[int]]:
        """The prefixes before a router's routes, outermost first, and their literals' offsets."""
        parts: list[str] = []
        offsets: list[int] = []
        seen: set[str] = set()
        while name not in seen and len(seen) < _MAX_MOUNT_DEPTH:
            seen.add(name)
            if name in prefixes:
                parts.insert(0, prefixes[name][0])
                offsets.append(prefixes[name][1])
            if name not in mounts:
                break
            name, mount, offset = mounts[name]
            parts.insert(0, mount)
            offsets.append(offset)
        return parts, offsets

    for m in itertools.islice(_NODE_ROUTE.finditer(code), _MAX_MAPPINGS):
        name = m.group(1)
        if name not in prefixes and name not in mounts:
            continue
        parts, offsets = path_of(name)
        own = literal(m.group(3))
        if own and not own.startswith("/"):
            continue  # Express's and koa-router's paths begin with /: router.get('key') is no route
        joined = _join_path(*parts, own)
        used.update([*offsets, m.start(3)])
        if joined:
            routes.append(("/" + joined, m.start(3), _NODE_WRITES[m.group(2)]))
    return routes, used


def node_route_signals(file: SourceFile, ctx: ScanContext) -> tuple[list[Signal], set[tuple[int, int]]]:
    """The semantic signals of a Node server file's routes (:func:`node_routes`), and the places
    (line, column) of the literals read so: the script reader leaves them alone."""
    text = file.text
    # (``prefix`` alone: koa-router made with its prefix by ``require('koa-router')({ prefix })``, no ``new``)
    if text is None or file.vendored or len(text) > _MAX_ROUTES_FILE or not (
            ".use(" in text or "prefix" in text) or _NODE_ROUTER_HINT.search(text) is None:
        return [], set()
    vocab = vocabulary(ctx)
    if not vocab:
        return [], set()
    from zizhi_plugins.sourcescan.lexer import scan

    code, _literals = scan(text)
    routes, used = node_routes(code)
    if not routes and not used:
        return [], set()
    place = _placer(code)
    em = _Emitter(file, vocab.any_words)
    _route_signals(em, vocab, routes, place)
    return em.signals, {place(offset) for offset in used}


def _placer(code: str) -> Callable[[int], tuple[int, int]]:
    """The (line, column), from 1, of an offset of ``code``, by bisection over its newlines (counting
    them from the start for each offset was quadratic)."""
    newlines = [m.start() for m in re.finditer("\n", code)]

    def place(offset: int) -> tuple[int, int]:
        line = bisect.bisect_left(newlines, offset)
        return line + 1, offset - (newlines[line - 1] + 1 if line else 0) + 1
    return place


def _route_signals(em: _Emitter, vocab: Vocabulary, routes: list[tuple[str, int, bool | None]],
                   place: Callable[[int], tuple[int, int]]) -> None:
    """A server's routes (path, offset of its literal, whether its method writes) as endpoints, each at
    its literal."""
    for path, offset, writes in routes:
        line, col = place(offset)
        string_signals(em, vocab, path, (line, col, path), texts=False, http_write=_answer(writes))


def server_signals(file: SourceFile, ctx: ScanContext, lang: str, code: str,
                   literals: Iterable[tuple[str, int, int]]) -> list[Signal]:
    """Semantic signals of a server source read by a token scan (``code`` with comments
    blanked, ``literals`` as (value, line, column)): route and request paths that start
    with ``/`` (``@PostMapping("/vip/order")``), a gin/Echo/Fiber group's routes as the router maps
    them (:func:`go_routes`), and the names of methods and functions. UI text
    is not looked for on a server (its strings are messages, not screens)."""
    vocab = vocabulary(ctx)
    if not vocab or file.vendored:
        return []
    em = _Emitter(file, vocab.any_words)
    path_signal(em, vocab)
    heads = vocab.model_heads if "model" in code or "Model" in code or "MODEL" in code else ()
    starts: list[int] = []  # (each line's offset: computed for the first model id met, most files have none)
    looks = role_looks = _MAX_MODEL_LOOKS  # (as in a script: a table of 50,000 ids is not 50,000 signals)
    mapped: set[tuple[int, int]] = set()
    if lang == "php" and "Route" in code:
        listed = list(literals)
        literals = listed
        php_found, php_used = php_routes(code, listed)
        mapped = {(listed[n][1], listed[n][2]) for n in php_used}
        for path, n, writes in php_found:
            _value, line, col = listed[n]
            string_signals(em, vocab, path, (line, col, path), texts=False, http_write=_answer(writes))
    if lang == "go" and "(" in code:
        routes, used = go_routes(code)
        if routes or used:
            place = _placer(code)
            mapped = {place(offset) for offset in used}  # (a literal is placed at its opening quote)
            _route_signals(em, vocab, routes, place)
    for value, line, col in literals:
        if (line, col) in mapped:
            continue  # read above, joined to its group's prefix
        if (value.startswith("/") and "/" in value[1:]) or value.startswith(("http://", "https://")):
            string_signals(em, vocab, value, (line, col, value), texts=False)
        elif len(value) <= 16 and value.lower() in vocab.role_values:
            if not starts:
                starts.extend([0] + [m.end() for m in re.finditer("\n", code)])
            if line <= len(starts):
                before = code[max(starts[line - 1], starts[line - 1] + col - 1 - 60):starts[line - 1] + col - 1]
                at = starts[line - 1] + col - 1  # (the literal's opening quote)
                after = at + len(value) + 2  # (past the closing quote)

                def has_content(a: int = after) -> bool:
                    return content_after(code[a:a + 80])

                name = role_name(value, has_content, vocab) if role_key_before(before) else ""
                if name and role_looks > 0 and ("role", name, "") not in em.seen:
                    role_looks -= 1  # (a table of 100,000 roles is not 100,000 looks around)
                    if "+" in name or message_near(code[max(0, at - _NEAR_CHARS):at + _NEAR_CHARS],
                                                   min(at, _NEAR_CHARS)):
                        em.emit("role", name, (line, col, code[starts[line - 1]:starts[line - 1] + 160].strip()))
        elif heads and looks > 0 and value[:80].lower().startswith(heads) and model_id(value):
            looks -= 1
            if not starts:
                starts.extend([0] + [m.end() for m in re.finditer("\n", code)])
            if line <= len(starts):
                before = code[max(starts[line - 1], starts[line - 1] + col - 1 - 120):starts[line - 1] + col - 1]
                if model_key_before(before):
                    em.emit("model", value.lower(), (line, col, code[starts[line - 1]:starts[line - 1] + 160].strip()))
    pattern = _SERVER_DEFS.get(lang)
    if pattern is not None and vocab.compounds:
        for m in pattern.finditer(code):
            name = m.group(1)
            if vocab.compounds.occurs_in(name.encode()):
                line = code.count("\n", 0, m.start(1)) + 1
                col = m.start(1) - (code.rfind("\n", 0, m.start(1)) + 1) + 1
                identifier_signal(em, vocab, name, (line, col, name))
    return em.signals


def python_signals(file: SourceFile, ctx: ScanContext) -> list[Signal]:
    """Semantic signals of a Python server from its tokens (the standard library's tokenizer:
    comments are not tokens of code, and nothing is run): string literals that are paths starting
    with ``/`` (``requests.post(BASE + "/comment/add")``), with path
    parameters and f-string substitutions read as ``{}`` (``/post/{post_id}``,
    ``f"{settings.API}/chat/completions"``; Python 3.12 tokenizes an f-string in parts, read whole
    here), the routes the file declares as its framework maps them (:class:`_PythonRoutes`), and
    the names of ``def`` functions. A tokenizer error ends the file's semantic reading there (the libcst
    reader reports syntax errors)."""
    import io
    import tokenize

    vocab = vocabulary(ctx)
    if not vocab or file.vendored or file.text is None:
        return []
    em = _Emitter(file, vocab.any_words)
    path_signal(em, vocab)
    previous = ""
    recent: list[str] = []  # the last few code tokens: @app.post( / requests.put( before a path
    fstring_start = getattr(tokenize, "FSTRING_START", -1)  # Python 3.12+ splits an f-string into tokens
    fstring_end = getattr(tokenize, "FSTRING_END", -1)
    opened: list[tuple[tuple[int, int], bool]] = []  # the f-strings open: where, and whether a write call takes them
    lines: list[str] = []  # the lines as the tokenizer read them (its rows; str.splitlines cuts at \x0c, \u2028 ...)
    source = io.StringIO(file.text)
    routes = _PythonRoutes(file.relpath.rsplit("/", 1)[-1] == "urls.py")

    def readline() -> str:
        line = source.readline()
        lines.append(line)
        return line

    looks = [_MAX_MODEL_LOOKS, _MAX_MODEL_LOOKS]  # (model ids, roles: a table of 50,000 is not 50,000 looks)
    line_starts: list[int] = []  # (each line's offset in the text: computed for the first role met)
    params = [-1]  # how deep in a def's parameter list the tokens are (-1: outside one)

    def _python_window(start: tuple[int, int]) -> tuple[str, int]:
        """The text around a literal at (row, column), and the literal's offset in it."""
        text = file.text or ""
        if not line_starts:
            line_starts.extend([0] + [m.end() for m in re.finditer("\n", text)])
        at = line_starts[min(start[0], len(line_starts)) - 1] + start[1]
        return text[max(0, at - _NEAR_CHARS):at + _NEAR_CHARS], min(at, _NEAR_CHARS)

    def literal(text: str, start: tuple[int, int], line: str, writes: bool) -> None:
        value = _python_string(text)

        def where() -> tuple[int, int, str]:  # (when emitted: a 2 MB line of paths stripped once a path was quadratic)
            return start[0], start[1] + 1, line.strip()

        if routes.takes(value, where, recent):
            return  # a route's path or prefix, read with its prefix and method when its declaration ends
        if (value.startswith(("/", "{}/")) and "/" in value[1:]) or value.startswith(("http://", "https://")):
            string_signals(em, vocab, value, where, texts=False, http_write=lambda: writes)
        # {"role": "assistant"}, role="assistant": a message in the model's role
        elif len(value) <= 16 and value.lower() in vocab.role_values and len(recent) >= 2 and (
                (recent[-1] in ("=", ":", ",", "(") and recent[-2].strip("'\"").lower() == "role")
                or (recent[-2:] == ["]", "="] and len(recent) >= 3 and recent[-3][:1] in "'\""
                    and recent[-3][1:-1].lower() == "role")):  # m['role'] = 'assistant'
            # (a quoted key before a comma, ("role", "assistant"); the name role before one is an
            # argument, assertEqual(role, 'assistant'); and a def's default, role='assistant', is no message)
            end = start[1] + len(text)
            name = role_name(value, lambda: content_after(line[end:end + 80]), vocab)
            if name and looks[1] > 0 and ("role", name, "") not in em.seen \
                    and (recent[-1] != "," or recent[-2][:1] in "'\"") and not (recent[-1] == "=" and params[0] == 1):
                looks[1] -= 1
                if "+" in name or message_near(*_python_window(start)):
                    em.emit("role", name, where)
        elif vocab.model_heads and looks[0] > 0 and value[:80].lower().startswith(vocab.model_heads) \
                and model_id(value) and len(recent) >= 2 and recent[-1] in ("=", ":", "(", ","):
            looks[0] -= 1
            key = recent[-2].strip("'\"")
            if "model" in key.lower() and _KEY_NAME.fullmatch(key):  # model="qwen-plus", {"model": "glm-4"}
                em.emit("model", value.lower(), where)

    try:
        for tok in tokenize.generate_tokens(readline):
            if opened and tok.type != fstring_end and tok.type != fstring_start:
                continue  # inside an f-string (3.12+): read whole at its end
            if tok.type == tokenize.STRING:
                literal(tok.string, tok.start, tok.line, _write_call(recent))
            elif tok.type == fstring_start:
                opened.append((tok.start, _write_call(recent) if not opened else False))
                continue
            elif tok.type == fstring_end:
                start, writes = opened.pop()
                if not opened:
                    text = "".join(lines[start[0] - 1:tok.end[0]])
                    text = text[start[1]:len(text) - len(lines[tok.end[0] - 1]) + tok.end[1]]
                    literal(text, start, lines[start[0] - 1], writes)
                    previous, recent = text, [*recent[-4:], text]
                continue
            elif tok.type == tokenize.NAME and previous == "def":
                identifier_signal(em, vocab, tok.string, (tok.start[0], tok.start[1] + 1, tok.line.strip()))
            elif tok.type == tokenize.OP:
                routes.op(tok.string, recent)
                if params[0] >= 0 and tok.string in "()":
                    params[0] += 1 if tok.string == "(" else -1
                    if params[0] == 0:
                        params[0] = -1  # the parameter list closed
            if tok.type == tokenize.NAME and tok.string == "def":
                params[0] = 0
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                previous = tok.string
                recent = [*recent[-4:], tok.string]
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass
    for path, method_writes, place in routes.joined():
        string_signals(em, vocab, path, place, texts=False, http_write=_answer(method_writes))
    return em.signals


def _python_string(text: str) -> str:
    """A Python string token's value as the semantic reader reads it: quotes and prefixes off, a
    substitution or path parameter as ``{}`` (FastAPI's ``/post/{post_id}``, an f-string's
    ``{settings.API}/chat/completions``)."""
    body = text.lstrip("rRbBuUfF")
    value = body[3:-3] if body[:3] in ('"""', "'''") else body[1:-1]
    return _BRACED.sub("{}", value) if "{" in value else value


#: the methods of a Flask app or blueprint, a FastAPI app or router (and Starlette's, Sanic's …)
#: that declare a route, its path first
_ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "websocket"})
#: constructors of a group of routes with a prefix of its own (Flask's ``url_prefix``, FastAPI's ``prefix``)
_ROUTE_GROUPS = frozenset({"Blueprint", "APIRouter"})
#: calls that mount such a group on an app with a prefix (``register_blueprint``, ``include_router``)
_ROUTE_MOUNTS = frozenset({"register_blueprint", "include_router"})
_PREFIX_KEYWORDS = frozenset({"url_prefix", "prefix"})
_DJANGO_ROUTES = frozenset({"path", "re_path"})
#: at most this many routes of one file are read
_MAX_PY_ROUTES = 2000


class _PythonRoutes:
    """The routes a Python file declares, as its framework maps them, read from its tokens: a
    decorator ``@bp.route('/add', methods=['POST'])``, ``@router.post('/add')`` joined to the
    prefix its blueprint or router is made or mounted with in the file (Flask's
    ``Blueprint(…, url_prefix='/comment')`` or ``register_blueprint(bp, url_prefix=…)``, which
    replaces it; FastAPI's ``APIRouter(prefix='/comment')``, after which ``include_router(router,
    prefix=…)`` comes first), with the HTTP methods it takes (``post``; ``methods=['POST']``; a
    Flask ``route`` without ``methods`` takes GET only); and, in a Django ``urls.py``, ``path('comment/add/',
    …)`` (Django's routes have no leading slash; a view takes every method)."""

    def __init__(self, urls_py: bool) -> None:
        self.urls_py = urls_py
        self.depth = 0
        #: the call being read: (kind, router name, method, depth inside it); its path, keywords, methods
        self.call: tuple[str, str, str, int] | None = None
        self.path: tuple[str, Where] | None = None
        self.prefix: str | None = None
        self.methods: list[str] | None = None
        self.methods_depth = -1
        self.first = ""  # the call's first argument when it is a name (the router mounted)
        self.found: list[tuple[str, str, str, list[str] | None, Where]] = []  # (router, path, method, methods, where)
        self.groups: dict[str, tuple[str, Where]] = {}  # router -> its own prefix, and where it is
        self.prefix_where: Where = (1, 1, "")
        self.mounts: dict[str, tuple[str, str]] = {}  # router -> (the mount's prefix, the mounting call)

    def op(self, op: str, recent: list[str]) -> None:
        if op in "([{":
            self.depth += 1
            call = self.call
            if call is None and op == "(":
                self._open(recent)
            elif call is not None and self.depth == call[3] + 1 and len(recent) >= 2 and recent[-1] == "=" \
                    and recent[-2] == "methods":
                self.methods, self.methods_depth = [], self.depth
        elif op in ")]}":
            call = self.call
            if self.depth == self.methods_depth:
                self.methods_depth = -1  # methods=[...] read: strings of a later bracket are no methods
            self.depth = max(0, self.depth - 1)
            if call is not None and self.depth < call[3]:
                self._close(call)
        elif op == "," and self.call is not None and self.depth == self.call[3] and len(recent) >= 2 \
                and recent[-2] == "(" and recent[-1].isidentifier():
            self.first = recent[-1]

    def _open(self, recent: list[str]) -> None:
        tail = recent[-4:]
        kind = ""
        if len(tail) == 4 and tail[0] == "@" and tail[2] == "." and tail[3] in _ROUTE_DECORATORS \
                and tail[1].isidentifier():
            kind, name, method = "route", tail[1], tail[3]
        elif len(tail) >= 3 and tail[-1] in _ROUTE_GROUPS and (tail[-2] == "=" or (
                tail[-2] == "." and len(tail) == 4 and tail[0] == "=")):
            kind, name, method = "group", recent[-3] if tail[-2] == "=" else recent[-5] if len(recent) >= 5 else "", ""
            if tail[-2] == "=" and len(recent) >= 5 and recent[-4] == ":":
                name = recent[-5]  # annotated: router: APIRouter = APIRouter(prefix=…) names router
        elif len(tail) >= 2 and tail[-1] in _ROUTE_MOUNTS and tail[-2] == ".":
            kind, name, method = "mount", "", tail[-1]
        elif self.urls_py and tail and tail[-1] in _DJANGO_ROUTES and (len(tail) < 2 or tail[-2] != "."):
            kind, name, method = "django", "", tail[-1]
        if kind and len(self.found) < _MAX_PY_ROUTES:
            self.call = (kind, name, method, self.depth)
            self.path, self.prefix, self.methods, self.methods_depth, self.first = None, None, None, -1, ""

    def takes(self, value: str, where: Where, recent: list[str]) -> bool:
        """Whether a string is read here (a route's path, a prefix, a method: not also as any other
        string); ``recent``: the tokens before it."""
        call = self.call
        if call is None:
            return False
        kind = call[0]
        if self.depth == self.methods_depth and self.methods is not None:
            if len(self.methods) < 16:
                self.methods.append(value.upper()[:16])
            return True
        if self.depth != call[3] or not recent:
            return False
        if kind in ("route", "django") and self.path is None and (
                recent[-1] == "(" or (len(recent) >= 2 and recent[-1] == "=" and recent[-2] in ("path", "rule"))):
            self.path = (value, where)
            return True
        if kind in ("group", "mount") and len(recent) >= 2 and recent[-1] == "=" and recent[-2] in _PREFIX_KEYWORDS:
            self.prefix = value
            self.prefix_where = where
            return True
        return False

    def _close(self, call: tuple[str, str, str, int]) -> None:
        kind, name, method, _depth = call
        if kind in ("route", "django") and self.path is not None:
            self.found.append((name, self.path[0], method, self.methods, self.path[1]))
        elif kind == "group" and name and self.prefix is not None:
            self.groups[name] = (self.prefix, self.prefix_where)
        elif kind == "mount" and self.first and self.prefix is not None:
            self.mounts[self.first] = (self.prefix, method)
        self.call = None
        self.methods_depth = -1

    def joined(self) -> list[tuple[str, bool | None, Where]]:
        """(path, whether its HTTP method writes, where) of each route, its prefixes joined."""
        out: list[tuple[str, bool | None, Where]] = []
        for name, path, method, methods, where in self.found:
            writes: bool | None
            if method in _DJANGO_ROUTES:  # path('comment/<int:pk>/', …): a converter is a parameter
                parts, writes = [_DJANGO_CONVERTER.sub("{}", path.lstrip("^").rstrip("$"))], None
            else:
                own = self.groups.get(name, ("", None))[0]
                mount, mounted_by = self.mounts.get(name, ("", ""))
                parts = [mount, path] if mounted_by == "register_blueprint" else [mount, own, path]
                if method in ("route", "api_route"):  # the methods given, else GET only
                    writes = any(m in _WRITE_METHOD_NAMES for m in methods or ())
                else:
                    writes = True if method in _WRITE_METHODS else False if method == "get" else None
            joined = _join_path(*parts)  # (bounded: a prefix of a megabyte joined to 2,000 routes was 2 GB)
            if joined:
                out.append(("/" + joined, writes, where))
        used = {name for name, *_rest in self.found}
        for name, (prefix, where) in self.groups.items():  # a group no route of the file uses: as any string
            if name not in used and prefix.startswith("/") and "/" in prefix[1:]:
                out.append((prefix, None, where))
        return out


_WRITE_METHOD_NAMES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_DJANGO_CONVERTER = lazy(r"<[\w:]{1,60}>")


#: a substitution or a path parameter in a Python string: {post_id}, {settings.API_URL}
_BRACED = lazy(r"\{[^{}\n]{0,200}\}")


def _write_call(recent: list[str]) -> bool:
    """``requests.post(`` / ``@app.put(`` just before a string: the request it names writes."""
    return len(recent) >= 2 and recent[-1] == "(" and recent[-2].lower() in _WRITE_HELPERS


def path_signals(file: SourceFile, ctx: ScanContext) -> list[Signal]:
    """Only the file's path as an identifier, for a file not worth reading further."""
    if file.vendored:
        return []
    vocab = vocabulary(ctx)
    em = _Emitter(file, vocab.any_words)
    path_signal(em, vocab)
    return em.signals


#: public services for trying HTTP out, whose paths name methods or fake resources (httpbin.org/post
#: echoes a POST back; jsonplaceholder's /posts and /comments are sample data): what an app asks of
#: them makes nothing of its own (a speed test, a demo page)
_TEST_HOSTS = frozenset({"httpbin.org", "www.httpbin.org", "postman-echo.com", "jsonplaceholder.typicode.com",
                         "reqres.in", "dummyjson.com"})


def string_signals(em: _Emitter, vocab: Vocabulary, value: str, where: Where,
                   cloud_function: bool = False, request_like: bool | Callable[[], bool] = True,
                   texts: bool = True, http_write: Callable[[], bool] | None = None, named: str = "",
                   wrapper: str = "", after_base: Callable[[], bool] | None = None) -> None:
    """What one string literal of code says: an endpoint, a page route, a name, or UI text.
    ``request_like``: where the string stands, it can be a request's path (not a title or a label);
    a path without a leading ``/`` or a scheme counts only there. ``named``: the key or constant a
    URL table gives the path (``SEND_NEW_POST: '/talks'``): its words are the endpoint's too.
    ``wrapper``: else, the function the path is the only path of (``_wrapper_name``): its words come
    after the path's, and the endpoint says so (``wrapper``, with the path's own ``path_words`` and
    ``path_op``: the extract stage falls back to them when nothing else calls an API module's
    function, ``modules.uncalled_wrappers``). ``after_base``: whether a bare name
    (``'push_chat_msg'``) is the path a request joins to its base URL (:func:`_after_base`)."""
    value = value.strip()[:_MAX_STRING]
    if not value:
        return
    if cloud_function and _CLOUD_NAME.match(value):
        words = split_words(value, vocab.known)
        if vocab.hit(words, "endpoint"):
            em.emit("endpoint", value, where, words=" ".join(words),
                    op="write" if WRITE_VERBS.intersection(words) else "", source="cloud-function")
        return
    if _SERVICE.match(value) and not _a_global_object(value) and \
            (request_like() if callable(request_like) else request_like):
        # base + 'Comment.Add': a service of an RPC-style backend (PhalApi's ?s=Class.Method)
        words = split_words(value, vocab.known)
        if vocab.hit(words, "endpoint"):
            em.emit("endpoint", value, where, words=" ".join(words),
                    op="write" if _writes(words, http_write, vocab.nouns) else "", source="service")
        return
    if (_ONE_SEGMENT.match(value) and (request_like() if callable(request_like) else request_like)) or (
            after_base is not None and _IDENTLIKE.match(value) and after_base()):
        # host + '/comments' (a request argument or concatenation), a server's @RequestMapping("/comment")
        own = split_words(value, vocab.known)
        words = _with_name(own, named, vocab) if named else _with_wrapper(own, wrapper, vocab)
        if vocab.hit(words, "endpoint") and value.lstrip("/").lower() not in _STATIC_DIRS:
            em.emit("endpoint", value, where, words=" ".join(words),
                    **_endpoint_op(own, words, wrapper, http_write, vocab.nouns))
        return
    query = _QUERY_ROUTE.match(value) if "?" in value[:81] else None
    if query is not None:
        if request_like() if callable(request_like) else request_like:
            route = [v for k, _, v in (pair.partition("=") for pair in query.group(1).split("&"))
                     if k.lower() in _ROUTE_KEYS and v]
            own = split_words(" ".join(route), vocab.known)
            if route and vocab.hit(own, "endpoint"):
                em.emit("endpoint", value, where, words=" ".join(dict.fromkeys(own)),
                        **_endpoint_op(own, own, "", http_write, vocab.nouns))
        return
    if "/" in value and " " not in value and _PATHLIKE.match(value):
        if value.startswith(("./", "../", "@/", "~/")):
            return  # a module path
        if not (request_like() if callable(request_like) else request_like):
            return
        path = value.split("?", 1)[0]
        if "://" in path:
            host, _, path = path.split("://", 1)[1].partition("/")
            if host.lower().split(":", 1)[0] in _TEST_HOSTS:
                return  # a public test service's path: httpbin.org/post echoes a POST, no post is made
        last = path.rstrip("/").rsplit("/", 1)[-1]
        ext = last.rsplit(".", 1)[1].split("@", 1)[0].split("!", 1)[0].lower() if "." in last else ""
        if ext and not ext.startswith("{") and ext not in _SERVER_EXTS:
            return  # a file (image, page, module, document), not an endpoint
        first = path.lstrip("/").split("/", 1)[0].lower()
        if first in _STATIC_DIRS and not (first in _UPLOAD_DIRS and http_write is not None and http_write()):
            return  # a static file's folder; but a file sent to upload/… is an upload endpoint (/upload/avatar)
        words = split_words(path, vocab.known)
        if _ROUTE.match(path):
            if vocab.hit(words, "identifier"):
                em.emit("identifier", path, where, words=" ".join(dict.fromkeys(words)), source="route")
            return
        own, words = words, _with_name(words, named, vocab) if named else _with_wrapper(words, wrapper, vocab)
        if vocab.hit(words, "endpoint"):
            em.emit("endpoint", value, where, words=" ".join(dict.fromkeys(words)),
                    **_endpoint_op(own, words, wrapper, http_write, vocab.nouns))
        return
    if texts and vocab.texts_bytes and _has_cjk(value):
        m = vocab.texts_bytes.regex.search(value.lower().encode("utf-8", "replace"))
        if m is not None:
            em.emit("text", value[:80], where)


def _with_name(words: list[str], named: str, vocab: Vocabulary) -> list[str]:
    """A path's words and, after them, those of the name a URL table gives it (not a bare ``url``)."""
    if not named or _URL_KEYS.match(named) is not None:
        return words
    return words + [w for w in split_words(named, vocab.known) if w not in words and w not in _URL_NAME_WORDS]


def _with_wrapper(words: list[str], wrapper: str, vocab: Vocabulary) -> list[str]:
    """A path's words and, after them, those of the function it is the only path of, when its name
    has two words or more (a verb and what it acts on: ``addTopic``); not an HTTP
    method ending a longer name: a generated API client names each operation by its path and method
    (OpenAPI generators' ``adminConfigAppauthPost`` beside ``adminConfigAppauthGet``), where ``post``
    is the method, not a post; nor a name's first ``post``, the verb (``postMessage``: a message)."""
    if not wrapper:
        return words
    named = split_words(wrapper, vocab.known)
    if named and named[0] == "on":
        named = named[1:]  # an event's handler (onLoad, onShow, onSubmitPost): "on" names when it runs
    if len(named) < 2:
        return words  # a page's send() or submit(), onLoad(): a verb of no object says nothing of the path
    if len(named) >= 3 and named[-1] in _HTTP_METHOD_WORDS:
        named = named[:-1]
    if named[0] == "post":
        named = named[1:]  # postComment, postMessage: the verb; what is posted is the next word
    return words + [w for w in named if w not in words and w not in _URL_NAME_WORDS]


def _endpoint_op(own: list[str], words: list[str], wrapper: str, http_write: Callable[[], bool] | None,
                 nouns: frozenset[str]) -> dict[str, str]:
    """An endpoint's ``op`` (``write`` or "") and, when its wrapper's name added words (``words``
    longer than the path's ``own``), the wrapper's attributes (``wrapper``, ``path_words``,
    ``path_op``: what ``modules.uncalled_wrappers`` falls back to). A name the path was given may add
    a writing verb (``addTopic`` around ``/professor/insert``) unless the path says it reads
    (``question/list``), but never takes back the path's own word or HTTP method for a write
    (``onShow`` around a POST of ``/api/comment``: ``show`` is when, not what); the path's own answer
    is worked out once (``http_write`` may walk the request's options)."""
    if len(words) == len(own):
        return {"op": "write" if _writes(words, http_write, nouns) else ""}
    own_writes = _writes(own, http_write, nouns)
    writes = own_writes or (not READ_VERBS.intersection(own) and _writes(words, None, nouns))
    out = {"op": "write" if writes else ""}
    if wrapper:
        out.update(wrapper=wrapper[:_MAX_STRING], path_words=" ".join(dict.fromkeys(own)),
                   path_op="write" if own_writes else "")
    return out


#: a request helper's HTTP method, as a generated client's operation name ends with it
_HTTP_METHOD_WORDS = frozenset({"get", "post", "put", "patch", "delete", "del", "head", "options"})
#: what a URL table's names say of every entry (API_SEND_POST_URL: send post)
_URL_NAME_WORDS = frozenset({"url", "uri", "api", "path", "link", "href", "endpoint", "route"})


def _path_names(node: Node, value: str, paths: dict[tuple[int, int], int] | None = None) -> tuple[str, str]:
    """The name a request's path is given: its URL table's key or constant (``named``:
    ``_table_name``), else, for a path from the root bound to no name of its own (a literal, or
    ``const url = '/x'``), the function it is the only path of (``wrapper``: ``_wrapper_name``;
    ``paths``: its memo): ``(named, wrapper)``, one of them empty. A join's or a template's variable
    (``_a_local_join``) names it only where no function does."""
    named = _table_name(node, value)
    if named and _URL_KEYS.match(named) is None and not _a_local_join(node):
        return named, ""
    if _wrappable(value) and not _a_base(node):
        wrapper = _wrapper_name(node, paths)
        if wrapper:
            return "", wrapper
    return named, ""


def _table_name(node: Node, value: str) -> str:
    """The key or constant a path stands under in a URL table (``SEND_NEW_POST: '/talks'``, ``const
    POST_ADD = '/talks'``), the path's last part too when the table joins it to a base
    (``publishArticle: SiteConfig.passageUrl + "/publish"``, ```${BASE}/publish```): "" for any other
    string, and for one that is not a path from the root."""
    if node.parent is None or not value.startswith(("/", "http://", "https://", "{}/")):
        return ""
    held = _joined_value(node)
    name = _name_given(held)
    return "" if held.parent is not None and held.parent.type == "pair" and name.lower() in _DISPLAY_KEYS else name


def _joined_value(node: Node) -> Node:
    """The value a string is the last part of: the join ``BASE + '/publish'`` when the string is
    its right operand, else the string itself. One step is all there is: ``+`` groups to the left
    (``BASE + '/v1' + '/publish'`` is ``(BASE + '/v1') + '/publish'``), so a join is never the
    right operand of another without parentheses, which end the table's value here."""
    up = node.parent
    if up is None or up.type != "binary_expression" or up.child_by_field_name("right") != node:
        return node
    operator = up.child_by_field_name("operator")
    return up if operator is not None and _text(operator) == "+" else node


def _a_local_join(node: Node) -> bool:
    """Whether a path is a join or a template given to a variable (``const fullUrl = BASE +
    '/professor/insert'``): a name a function gives the request it sends, not a table's, which
    yields to the function's own (``_wrapper_name``) where it has one, as it did before joins and
    templates took a table's names."""
    held = _joined_value(node)
    return held.parent is not None and held.parent.type == "variable_declarator" and \
        (held.type == "binary_expression" or node.type == "template_string")


#: the most bytes of a function read as one endpoint's wrapper (an API module's function is short)
_WRAPPER_MAX = 3000
#: a string literal that starts a request's path (``'/professor/insert'``, ``"https://host/…"``, a
#: template's ```${base}/x```)
_PATH_LITERAL = lazy(rb"""['"`](?:\$\{[^{}`'"]{0,80}\})?(?:https?://[\w.:@-]{1,253})?/(?!/)""")
#: the function nodes that can name the endpoint they wrap, and how far up from a string to look for one
_WRAPPER_TYPES = frozenset({"function_declaration", "generator_function_declaration", "method_definition",
                            "arrow_function", "function_expression", "function", "generator_function"})
_WRAPPER_DEPTH = 12
#: what the name of the caller's path says it is (``url``, ``options.url``, ``apiPath``): appended
#: to a literal, that literal is a base every request shares, not one endpoint
_URL_NAMED = lazy(r"(?i)(?:url|uri|path|api|endpoint|route|action)$")
#: what can name the caller's path where it is appended: a name or a member (``options.url``)
_NAME_NODES = frozenset({"identifier", "member_expression", "property_identifier"})


def _wrappable(value: str) -> bool:
    """Whether a string may be a request's path a function wraps: from the root or after a base
    (```${base}/x```), and not a page's route (``/pages/…``: a navigation, named by its own words).
    Not a full URL: it names its host, a third party's service (a search, a map, a model) as often
    as the app's own, whose API module puts its base before the path; it still counts as a path of
    its function (``_PATH_LITERAL``: a function holding it and another path names neither)."""
    return value.startswith(("/", "{}/")) and _ROUTE.match(value) is None \
        and " " not in value and len(value) <= 300


def _a_base(node: Node) -> bool:
    """Whether a path literal is a base the caller's path is appended to (``BASE + '/api/v1/' +
    url``, ```${BASE}/wx/${options.url}```): a request helper for any path (``doPost(url, data)``),
    whose name, a transport's (``httpPost``), says nothing of one endpoint."""
    def names_a_path(expr: Node | None) -> bool:
        if expr is None or expr.type not in _NAME_NODES:
            return False
        if expr.type == "member_expression":
            expr = expr.child_by_field_name("property")
        return expr is not None and _URL_NAMED.search(_text(expr)) is not None

    if node.type == "template_string":  # a substitution after the text (`${BASE}/x` is a base and a path)
        text = False
        for c in node.named_children[:40]:
            if c.type == "template_substitution":
                if text and c.named_children and names_a_path(c.named_children[0]):
                    return True
            else:
                text = True
        return False
    cur = node
    for _ in range(4):  # up the concatenation: (BASE + '/api/v1/') + url
        parent = cur.parent
        if parent is None or parent.type != "binary_expression":
            return False
        if parent.child_by_field_name("left") == cur and names_a_path(parent.child_by_field_name("right")):
            return True
        cur = parent
    return False


def _wrapper_name(node: Node, paths: dict[tuple[int, int], int] | None = None) -> str:
    """The name of the function a request's path is the only path of: an API module's function per
    endpoint (``export const addTopic = (…) => new Promise((resolve) => { const apiUrl =
    '/professor/insert'; uni.request({url: apiUrl, …}) })``), whose name says what an opaque path
    does; callbacks inside it (a promise's executor) are passed through. "" when the string is in no
    named function near it, or the named function holds another path (a page's method that sends
    several requests is named for the page's event, not for one of them). ``paths``: how many path
    literals each function read holds, by its span (one file's memo: each function is searched
    once, however many strings it holds)."""
    cur: Node | None = node.parent
    for _ in range(_WRAPPER_DEPTH):
        if cur is None or cur.end_byte - cur.start_byte > _WRAPPER_MAX:
            return ""
        if cur.type in _WRAPPER_TYPES:
            name = _function_name(cur)
            if name is None:  # a callback handed to a call: look further out
                cur = cur.parent
                continue
            if not name:
                return ""
            span = (cur.start_byte, cur.end_byte)
            count = paths.get(span) if paths is not None else None
            if count is None:
                count = len(_PATH_LITERAL.findall(cur.text or b""))
                if paths is not None:
                    paths[span] = count
            return name if count == 1 else ""
        cur = cur.parent
    return ""


def _function_name(fn: Node) -> str | None:
    """A function's own name: declared (``function addTopic``, a method), or given as a variable's
    or a key's value (``const addTopic = () => …``, ``addTopic: function () {…}``); None for a
    callback handed to a call (``new Promise((resolve) => …)``, ``.then(res => …)``), "" otherwise."""
    if fn.type in ("function_declaration", "generator_function_declaration", "method_definition"):
        name = fn.child_by_field_name("name")
        return _text(name) if name is not None and name.type in ("identifier", "property_identifier") else ""
    holder = fn.parent
    while holder is not None and holder.type == "parenthesized_expression":
        holder = holder.parent
    if holder is None:
        return ""
    if holder.type == "arguments":
        return None
    if holder.type == "variable_declarator" and holder.child_by_field_name("value") is not None:
        name = holder.child_by_field_name("name")
        return _text(name) if name is not None and name.type == "identifier" else ""
    if holder.type == "pair":
        return _key_of(holder)
    if holder.type in ("public_field_definition", "field_definition"):  # class X { submitPost = () => … }
        name = holder.child_by_field_name("name") or holder.child_by_field_name("property")
        return _text(name) if name is not None and name.type == "property_identifier" else ""
    if holder.type == "assignment_expression" and holder.child_by_field_name("right") == fn:
        left = holder.child_by_field_name("left")  # exports.addTopic = function () {…}
        if left is not None and left.type == "member_expression":
            left = left.child_by_field_name("property")
        return _text(left) if left is not None and left.type in ("identifier", "property_identifier") else ""
    return ""


def _a_global_object(value: str) -> bool:
    """``Math.PI``, ``Date.Now``, ``Vue.Component``: a PascalCase pair every script names, never a service."""
    return value.split(".", 1)[0] in _GLOBAL_OBJECTS


_GLOBAL_OBJECTS = frozenset({"Math", "Date", "JSON", "Object", "Array", "String", "Number", "Promise", "Vue", "React",
                             "Taro", "Page", "Component", "Behavior", "Error", "Reflect", "Symbol"})


def _writes(words: list[str], http_write: Callable[[], bool] | None, nouns: frozenset[str] = frozenset()) -> bool:
    """A writing verb in the path; or a writing HTTP method, unless the path says it reads. ``post``
    is a verb after the resource it writes (``comment/post``, ``topic/post``), a noun elsewhere."""
    if WRITE_VERBS.intersection(words):
        return True
    if len(words) >= 2 and words[-1] == "post" and words[-2] in nouns and words[-2] != "post":
        return True
    return http_write is not None and not READ_VERBS.intersection(words) and http_write()


#: the most names ``Vocabulary.name_worth`` holds
_NAME_WORTH_MAX = 16384


def _starts_with_word(raw: bytes, vocab: Vocabulary) -> bool:
    """``commentList``: the first word of a camelCase or snake_case name is in the vocabulary."""
    m = _FIRST_WORD.match(raw)
    return m is not None and m.group(0).decode("ascii", "replace").lower() in vocab.identifier


def identifier_signal(em: _Emitter, vocab: Vocabulary, name: str, where: Where) -> None:
    if len(name) > _MAX_NAME:
        return  # generated or hostile: no name a person wrote
    if _writing_helper(name):
        return  # a request helper named after its HTTP method (postRequest, doPost, httpPost): no feature's name
    words = split_words(name, vocab.known)
    if len(words) >= 2 and vocab.hit(words, "identifier"):
        em.emit("identifier", name, where, words=" ".join(words))


# ------------------------------------------------------------------------------------------- JavaScript

_QUERIES = {
    "strings": """
(string) @string
(template_string) @template
(jsx_text) @jsx
""",
    "names": """
(function_declaration name: (identifier) @name)
(method_definition name: (property_identifier) @name)
(variable_declarator name: (identifier) @fname value: [(arrow_function) (function_expression)])
(pair key: (property_identifier) @fname value: [(arrow_function) (function_expression)])
(call_expression function: (member_expression property: (property_identifier) @call))
(call_expression function: (identifier) @call)
(new_expression constructor: (identifier) @new)
""",
    "writes": """
(call_expression function: (member_expression property: (property_identifier) @wcall))
(call_expression function: (identifier) @wcall)
""",
}

#: What ``names`` and ``writes`` capture, asked of the tree as node types alone: a query whose
#: patterns name fields and nested nodes takes tree-sitter ~6 ms (``names``) and ~8 ms (``writes``)
#: to compile, every run that parses a script (the changed-files hook parses a few), where one of
#: node types takes ~0.6 ms; the fields and nested nodes of the patterns above are then looked at
#: here, on the nodes of those types (``_structure``: the same captures, in the same order;
#: ``tests/test_semantic.py`` compares the two on every script of the fixtures), until that has
#: cost what the compile does (``_STRUCTURE_BUDGET``).
_TYPE_QUERIES = {
    "names": "(function_declaration) @function_declaration (method_definition) @method_definition "
             "(variable_declarator) @variable_declarator (pair) @pair (call_expression) @call_expression "
             "(new_expression) @new_expression",
    "writes": "(call_expression) @call_expression",
}
_FUNCTION_VALUES = ("arrow_function", "function_expression")

_COLLECTION_WRITE = frozenset({"add", "set", "update", "remove", "doc_update", "insert", "create"})
_COLLECTION_SUBSCRIBE = frozenset({"watch"})


@lru_cache(maxsize=8)
def _query(kind: str, part: str, types_only: bool = False) -> Any:
    from tree_sitter import Query

    from zizhi_plugins.javascript import language_of

    return Query(language_of(kind), _TYPE_QUERIES[part] if types_only else _QUERIES[part])


#: Nodes whose structure ``_structural_captures`` looked at so far, by (file kind, part). Looking
#: costs ~1.8 µs a node in Python; once it has cost about what compiling the part's own query does
#: (~6 ms, ~8 ms: ``_STRUCTURE_BUDGET`` nodes), that query is compiled and used for the files after
#: (a run without a cache parses hundreds of scripts): the same captures either way.
_STRUCTURE_SPENT: dict[tuple[str, str], int] = {}
_STRUCTURE_BUDGET = 3000


def _part_captures(kind: str, part: str, root: Node) -> dict[str, list[Node]]:
    """The captures of ``_QUERIES[part]``: for ``names`` and ``writes``, found from a query of node
    types and the structure its patterns ask for (``_structural_captures``) until that has cost
    what compiling the part's query costs."""
    if part not in _TYPE_QUERIES or _STRUCTURE_SPENT.get((kind, part), 0) >= _STRUCTURE_BUDGET:
        return _captures(_query(kind, part), root)
    return _structural_captures(kind, part, root)


def _structural_captures(kind: str, part: str, root: Node) -> dict[str, list[Node]]:
    """What ``_QUERIES[part]`` captures, from a query of node types (``_TYPE_QUERIES``) and the
    structure its patterns ask for (``_structure``)."""
    by_type = _captures(_query(kind, part, True), root)
    _STRUCTURE_SPENT[(kind, part)] = _STRUCTURE_SPENT.get((kind, part), 0) + sum(map(len, by_type.values()))
    out: dict[str, list[Node]] = {}
    for name, nodes in _structure(part, by_type).items():
        if nodes:
            nodes.sort(key=_POSITION)
            out[name] = nodes
    return out


def _named(node: Node | None, types: str | tuple[str, ...]) -> bool:
    return node is not None and node.is_named and (node.type == types if isinstance(types, str) else node.type in types)


def _fields(node: Node, field: str) -> list[Node]:
    return node.children_by_field_name(field)


def _structure(part: str, by_type: dict[str, list[Node]]) -> dict[str, list[Node]]:
    """The captures of the patterns of ``_QUERIES[part]`` among the nodes of their types: a field's
    child of the named type (``name: (identifier)``), a nested node's field (``function:
    (member_expression property: (property_identifier))``), two fields in the order the pattern
    names them (``name: … value: …``)."""
    calls = by_type.get("call_expression", [])
    called: list[Node] = []
    for call in calls:
        for function in _fields(call, "function"):
            if _named(function, "member_expression"):
                called += [p for p in _fields(function, "property") if _named(p, "property_identifier")]
            elif _named(function, "identifier"):
                called.append(function)
    if part == "writes":
        return {"wcall": called}
    names = [c for node in by_type.get("function_declaration", []) for c in _fields(node, "name")
             if _named(c, "identifier")]
    names += [c for node in by_type.get("method_definition", []) for c in _fields(node, "name")
              if _named(c, "property_identifier")]
    fnames = _with_function_value(by_type.get("variable_declarator", []), "name", "identifier")
    fnames += _with_function_value(by_type.get("pair", []), "key", "property_identifier")
    new = [c for node in by_type.get("new_expression", []) for c in _fields(node, "constructor")
           if _named(c, "identifier")]
    return {"name": names, "fname": fnames, "call": called, "new": new}


def _with_function_value(nodes: list[Node], field: str, kind: str) -> list[Node]:
    """``(X field: (kind) @fname value: [(arrow_function) (function_expression)])``: each ``field``
    child of the type that a ``value`` child of a function's type follows."""
    out = []
    for node in nodes:
        if not any(_named(v, _FUNCTION_VALUES) for v in _fields(node, "value")):
            continue
        children = node.children
        for index, child in enumerate(children):
            if node.field_name_for_child(index) == field and _named(child, kind) and any(
                    node.field_name_for_child(later) == "value" and _named(children[later], _FUNCTION_VALUES)
                    for later in range(index + 1, len(children))):
                out.append(child)
    return out


def _captures(query: Any, root: Node) -> dict[str, list[Node]]:
    """``{capture name: nodes}`` on tree-sitter 0.25+ (QueryCursor) and older (Query.captures)."""
    try:
        from tree_sitter import QueryCursor
    except ImportError:  # tree-sitter < 0.25
        result = query.captures(root)
    else:
        cursor = QueryCursor(query)
        if hasattr(cursor, "set_max_start_depth"):
            # a chain of 100,000 calls (p.then(x).then(x)...) nests as deep: the cursor's work and every
            # Node.parent there grow with the depth (no file of the corpus holds a match deeper than 300)
            cursor.set_max_start_depth(_MAX_DEPTH)
        result = cursor.captures(root)
    out: dict[str, list[Node]] = {}
    if isinstance(result, dict):
        out = {name: list(nodes) for name, nodes in result.items()}
    else:
        for node, name in result:  # the oldest API: a list of (node, name)
            out.setdefault(name, []).append(node)
    # in document order: the binding does not promise one, and what is kept under a per-file cap
    # (the first three signals of a word) must not change from one run to the next
    for nodes in out.values():
        nodes.sort(key=_POSITION)
    return out


#: a node's (start_byte, end_byte), in C
_POSITION = attrgetter("start_byte", "end_byte")


def _text(node: Node) -> str:
    return node.text.decode("utf-8", "replace") if node.text is not None else ""


def _is_module_specifier(node: Node) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type in ("import_statement", "export_statement"):
        return True
    if parent.type == "arguments":
        call = parent.parent
        fn = call.child_by_field_name("function") if call is not None else None
        return fn is not None and _text(fn) in ("require", "import", "requirePlugin")
    return False


#: object keys whose string values are shown to people, never requested
_DISPLAY_KEYS = frozenset({"title", "label", "text", "desc", "description", "content", "name", "msg", "message",
                           "tip", "tips", "placeholder", "api_name", "apiname", "subtitle", "alt"})
#: object keys whose string values are requested
_URL_KEYS = lazy(r"(?i)^(?:url|uri|path|api|apiurl|endpoint|action|href|baseurl|base_url|route)$")


#: a name that names a base URL (``_BASE_WORDS``)
_BASE_NAMED = lazy(r"(?i)(?:" + "|".join(_BASE_WORDS) + r")$")


def _after_base(node: Node) -> bool:
    """Whether a bare name (``'push_friend_chat_msg'``, ``"getList"``) is the path a request appends
    to its base URL, the base ending with the slash: the right operand of ``+`` whose left one is a
    name or a member named as a URL, a host, a base or a server (``app.globalData.hosturl +
    'get_all_money'``, ``BASE_URL + 'comment_add'``), the join itself standing where a request's path
    stands: the value of a ``url``-like key (not of a navigation's options), or the first argument of
    a request call. A name joined to anything else (a page's route, a key of storage, a message) is
    not a path."""
    up = node.parent
    if up is None or up.type != "binary_expression" or up.child_by_field_name("right") != node:
        return False
    operator = up.child_by_field_name("operator")
    left = up.child_by_field_name("left")
    if operator is None or _text(operator) != "+" or left is None:
        return False
    if left.type == "member_expression":
        left = left.child_by_field_name("property")
    if left is None or left.type not in ("identifier", "property_identifier") \
            or _BASE_NAMED.search(_text(left)) is None:
        return False
    return _stands_as_request_path(up)


def _stands_as_request_path(expr: Node) -> bool:
    """Whether an expression (a string, a join) is a request's path by where it stands: the value of
    a ``url``-like key of options that are no navigation's, event's or definition's (``{ url: BASE +
    'x' }``), or the first argument of a request call (``request(BASE + 'x', data)``)."""
    holder = expr.parent
    if holder is not None and holder.type == "pair":  # { url: BASE + 'x' }, not a navigation's options
        options = holder.parent
        return holder.child_by_field_name("value") == expr and _URL_KEYS.match(_key_of(holder)) is not None \
            and options is not None and options.type == "object" and not _not_request_options(options)
    return holder is not None and holder.type == "arguments" and holder.named_child(0) == expr \
        and _requestish(holder.parent)


#: how far up a concatenation a query string looks for the join it is part of (``+`` groups to the left:
#: ``host + '?m=comment&id=' + id + '&page=' + n`` is four joins deep)
_JOIN_DEPTH = 16


def _query_request_like(node: Node) -> bool:
    """Whether a query string that is no path from the root (``'?m=comment&a=save'``,
    ``'index.php?act=post_add'``: ``_QUERY_ROUTE``) stands where a request's path stands: the whole
    join it is part of does (``_stands_as_request_path``). Not any part of any concatenation, as a
    path's: a query joined to a page's route is a navigation's (``wx.navigateTo({ url:
    '/pages/comment/list' + '?m=comment&id=' + id })``), one in an event's detail or a label is no
    request."""
    top = node
    for _ in range(_JOIN_DEPTH):
        up = top.parent
        if up is None or up.type != "binary_expression":
            break
        operator = up.child_by_field_name("operator")
        if operator is None or _text(operator) != "+":
            return False
        top = up
    return _stands_as_request_path(top)


def _request_like(node: Node, value: str) -> bool:
    """Whether a path-like string stands where a request's path stands: an argument of a call, a
    part of a concatenation, or the value of a ``url``/``path``-like key; with a leading ``/`` or a
    scheme anywhere but as the value of a display key (``title``, ``label``...). A query string that
    is no path from the root (``'?m=comment&a=save'``) only where the join it ends is a request's
    path (``_query_request_like``)."""
    if value[:1] != "/" and "?" in value[:81] and _QUERY_ROUTE.match(value) is not None:
        return _query_request_like(node)
    parent = node.parent
    key = _key_of(parent) if parent is not None and parent.type == "pair" else ""
    if value.startswith(("/", "http://", "https://", "{}")):
        return key.lower() not in _DISPLAY_KEYS
    if parent is None:
        return False
    if parent.type in ("arguments", "binary_expression", "template_substitution"):
        return True
    return bool(key) and _URL_KEYS.match(key) is not None


#: HTTP methods that write, and the request helpers named after them (axios.post, http.put ...)
_WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
#: the methods that send something composed (a delete saves nothing)
_SAVING_METHODS = _WRITE_METHODS - {"delete"}
_WRITE_HELPERS = _WRITE_METHODS | {"del", "upload", "uploadfile"}
_HTTP_METHODS = _WRITE_METHODS | {"get", "head", "options"}


def _string_of(node: Node | None) -> str:
    if node is None or node.type not in ("string", "template_string"):
        return ""
    return _text(node).strip("'\"`").lower()


def _method_of(node: Node | None, keyed: bool = False) -> str:
    """An HTTP method given as a string (``'POST'``) or by a constant (``Method.POST``, ``HTTP.PUT``,
    ``HttpMethod['Post']``: an enum of methods, as lilishop's and axios wrappers name them), lowercased,
    through TypeScript's wrappers (``'POST' as const``, ``HttpMethod.Post as any``, ``<any>x``, ``x!``)
    and parentheses; "" for anything else. A constant's object must be named after methods (method,
    http, verb, request); ``keyed`` (the value of a ``method`` key) lets any upper-case one count
    (``method: Verbs.POST``). Never ``api.post`` (a URL table's entry), ``Status.DELETE`` or ``Mode.PUT``
    passed to a call."""
    for _ in range(4):
        if node is None or node.type not in _TS_WRAPPERS:
            break
        node = next((c for c in node.named_children if c.type not in _TS_TYPES), None)
    if node is None:
        return ""
    if node.type not in ("member_expression", "subscript_expression"):
        return _string_of(node)
    obj = node.child_by_field_name("object")
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        name = _text(prop) if prop is not None and prop.type == "property_identifier" else ""
    else:
        index = node.child_by_field_name("index")
        name = _text(index).strip("'\"") if index is not None and index.type == "string" else ""
    if not name or obj is None or name.lower() not in _HTTP_METHODS:
        return ""
    named = _METHOD_ENUM.search(_text(obj)[-40:]) is not None
    return name.lower() if named or (keyed and name.isupper()) else ""


#: TypeScript's and JavaScript's wrappers around an expression that leave its value as it is
_TS_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "non_null_expression", "type_assertion",
                          "parenthesized_expression"})
#: the type parts of those wrappers (``x as any``: the ``any``), skipped for the value
_TS_TYPES = frozenset({"predefined_type", "type_identifier", "type_arguments", "generic_type", "literal_type",
                       "union_type", "object_type", "array_type", "nested_type_identifier"})
#: the name of an enum of HTTP methods (Method, METHOD, HttpMethod, HTTP, Verbs, RequestMethod)
_METHOD_ENUM = lazy(r"(?i)(?:method|http|verb|request)\w*$")


def _writes_by_method(obj: Node) -> bool:
    """An object literal with ``method: 'POST'`` (or PUT, PATCH, DELETE) among its first pairs."""
    return any(p.type == "pair" and _key_of(p).lower() == "method"
               and _method_of(p.child_by_field_name("value"), keyed=True) in _WRITE_METHODS
               for p in obj.named_children[:20])


def _http_write(node: Node) -> bool:
    """Whether the request this path belongs to writes, by HTTP's own word for it: the path is the
    ``url`` of an object whose ``method`` is POST/PUT/PATCH/DELETE, or an argument of a helper named
    after one (``axios.post('/x')``, ``http.put(url)``), or of a call that is also given such a
    method (``request('/x', data, 'POST')``, ``fetch(url, { method: 'POST' })``)."""
    cur = node
    for _ in range(4):  # through a concatenation or a template: BASE + '/comment/add'
        parent = cur.parent
        if parent is None or parent.type not in ("binary_expression", "template_substitution",
                                                 "parenthesized_expression"):
            break
        cur = parent
    parent = cur.parent
    if parent is None:
        return False
    if parent.type == "pair":
        obj = parent.parent
        if _key_of(parent) == "cloudPath":
            return True  # where wx.cloud / uniCloud.uploadFile stores an upload: avatar/x.png
        return obj is not None and (_writes_by_method(obj) or _uploads(obj) or _given_to_writing_helper(obj))
    if parent.type != "arguments":
        return False
    call = parent.parent
    fn = call.child_by_field_name("function") if call is not None else None
    if fn is not None and fn.type == "member_expression":
        fn = fn.child_by_field_name("property")
        if fn is not None and _text(fn).lower() in _WRITE_HELPERS:
            return True
    if fn is not None and fn.type in ("identifier", "property_identifier") and _writing_helper(_text(fn)) \
            and parent.named_children and parent.named_children[0] == cur:
        return True  # post('/x') imported from the app's request module, App._post('x'), httpPost(url)
    for arg in parent.named_children[:6]:
        if arg == cur:
            continue
        if _method_of(arg) in _WRITE_METHODS:
            return True
        if arg.type == "object" and _writes_by_method(arg):
            return True
    return False


def _given_to_writing_helper(obj: Node) -> bool:
    """Whether an options object (``{ url: '/comment', data }``) is the first argument of a request
    helper named after a writing HTTP method: ``http.post({ url, data })``, ``request.put({...})``,
    ``$post({...})`` — wrappers (uni-ajax's, the apps' own) that take the options whole."""
    args = obj.parent
    if args is None or args.type != "arguments" or not args.named_children or args.named_children[0] != obj:
        return False
    fn = args.parent.child_by_field_name("function") if args.parent is not None else None
    if fn is not None and fn.type == "member_expression":
        prop = fn.child_by_field_name("property")
        return prop is not None and _text(prop).lower() in _WRITE_HELPERS
    return fn is not None and fn.type == "identifier" and _writing_helper(_text(fn))


def _writing_helper(name: str) -> bool:
    """A request helper named after a writing HTTP method: ``post``, ``axios.put``, ``App._post``,
    ``this.$post``, ``httpPost``, ``postJSON``, ``deleteRequest`` (not ``getPost``, ``fetchPost``:
    a read of posts)."""
    if len(name) > _MAX_NAME or name.lower() == "postmessage":  # a web-view's or a worker's message
        return False
    words = split_words(name)
    methods = [w for w in words if w in _WRITE_METHODS]
    return len(methods) == 1 and len(words) <= 3 and (words[0] in methods or words[-1] in methods) \
        and all(w in _WRITE_METHODS or w in _REQUEST_WORDS for w in words)


#: the other words of a request helper's name: ``httpPost``, ``postJSON``, ``deleteRequest``, ``ajaxPut``
_REQUEST_WORDS = frozenset({"http", "https", "ajax", "api", "request", "req", "json", "form", "data", "async",
                            "sync", "do"})


def _write_via(name_node: Node, data: bytes) -> str:
    """Whether a call saves data, and how: ``collection`` (``db.collection('x').add/update/set``),
    ``cloud-function`` (``callFunction`` of a function whose name does not say it reads),
    ``request`` (a request helper named after a writing HTTP method, or given ``method: 'POST'``);
    ``""`` otherwise. (A method of the app's own API module named ``createX`` is not read: as often as
    a save, it registers a handler or edits a rich-text editor.)"""
    name = _text(name_node)
    fn = name_node.parent
    call = fn.parent if fn is not None and fn.type == "member_expression" else fn
    if call is None or call.type != "call_expression" or len(name) > _MAX_NAME:
        return ""
    obj = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
    obj_text = data[obj.start_byte:min(obj.end_byte, obj.start_byte + 300)] if obj is not None else b""
    if name in ("add", "update", "set") and b".collection(" in obj_text:
        return "collection"
    args = call.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    if name == "callFunction":
        fname = ""
        if first is not None and first.type == "object":
            for p in first.named_children[:20]:
                value = p.child_by_field_name("value") if p.type == "pair" and _key_of(p) == "name" else \
                    p if p.type == "shorthand_property_identifier" and _text(p) == "name" else None
                if value is not None:
                    fname = _local_strings(value, _text(value)) if value.type in (
                        "identifier", "shorthand_property_identifier") else _literal(value)
                    break
        words = split_words(fname[:_MAX_NAME])
        return "" if words and (not READ_VERBS.isdisjoint(words) or words[0] == "login") else "cloud-function"
    if args is not None and any(a.type == "object" and _writes_by_method(a) for a in args.named_children[:3]) \
            and _requestish(call):
        return "request"  # wx.request({ url, method: 'POST', data })
    if args is not None and any(_method_of(a) in _SAVING_METHODS for a in args.named_children[:6]) \
            and _requestish(call):
        return "request"  # util.request(api.comment, data, 'POST'): the app's helper given the method by position
    if obj is not None and obj_text.split(b".", 1)[0] in _PLATFORM_REQUESTERS and b"$" not in obj_text:
        return ""  # wx.setStorage, uni.postMessage: the platform's own calls (not uni.$http.post: the app's)
    if _CLOUD_HELPER.match(name) and first is not None and first.type == "string":
        words = split_words(_literal(first)[:_MAX_NAME])
        if words and READ_VERBS.isdisjoint(words) and words[0] != "login":
            return "cloud-function"  # the app's own wrapper: project.fun('databaseAdd', {...}), callCloud('addPost')
    if _writing_helper(name) and first is not None and first.type in (
            "string", "template_string", "binary_expression", "identifier", "member_expression"):
        said = set(split_words(name))
        if "delete" in said or ("post" not in said and first.type in ("identifier", "member_expression")
                                and obj is not None and _CLIENT.search(obj_text) is None):
            return ""  # a delete saves nothing composed; set.delete(id), cache.put(k, v): no request
        return "request"  # post('/x', data), utils.POST('community', data), App._post(url, data)
    return ""


def _request_reads(name_node: Node) -> bool:
    """Whether the path a request is sent to says it reads (``wx.request({ url: base + '/api/v2/list',
    method: 'POST' })``, ``post('/comment/getList')``): many backends take every call as a POST, so
    only a path that does not say it reads saves, as only a cloud function whose name does not."""
    fn = name_node.parent
    call = fn.parent if fn is not None and fn.type == "member_expression" else fn
    path = _call_url(call, ("url", "path"))
    return not READ_VERBS.isdisjoint(split_words(path[:_MAX_NAME]))


def _call_url(call: Node | None, keys: tuple[str, ...] = ("url",)) -> str:
    """The URL a call is given, as far as it is written: its first argument (a string, a template, a
    concatenation: ``app.globalData.wss + '/ws/notice'``), or the value of the first of its options'
    ``keys`` (``wx.request({ url })``, ``connectSocket({ url })``); "" when none is."""
    args = call.child_by_field_name("arguments") if call is not None else None
    first = args.named_children[0] if args is not None and args.named_children else None
    if first is not None and first.type == "object":
        first = next((p.child_by_field_name("value") for p in first.named_children[:20]
                      if p.type == "pair" and _key_of(p).lower() in keys), None)
    return _literal(first)


#: the app's own wrappers of callFunction, called with the function's name first
_CLOUD_HELPER = re.compile(r"(?i)^(?:fun|func|callfunc\w{0,20}|\w{0,20}cloud\w{0,20})$")
#: what an HTTP client's name holds (this.$http, axios, api, request ...): cache.put(k, v) is no request
_CLIENT = re.compile(rb"(?i)http|request|axios|api|ajax|\$")
#: API objects whose methods are the platform's, never the app's request helpers
_PLATFORM_REQUESTERS = frozenset({b"wx", b"uni", b"Taro", b"my", b"tt", b"swan", b"qq", b"ks", b"jd", b"console",
                                  b"window", b"document", b"Object", b"Array", b"JSON", b"Math", b"Promise"})


def _uploads(obj: Node) -> bool:
    """An object literal given to an upload: ``wx.uploadFile({ url: '/user/avatar', filePath })``."""
    args = obj.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
    return fn is not None and _text(fn)[-10:].lower() == "uploadfile"


def _cloud_function_name(node: Node) -> bool:
    """``callFunction({ name: 'addComment' })``: the string is the ``name`` of a cloud function call;
    ``uniCloud.importObject('comment-co')``: the name of a cloud object, a cloud function whose
    methods the client calls (uniCloud's 云对象: ``importObject('todo')`` then ``todo.add(…)``)."""
    pair = node.parent
    if pair is not None and pair.type == "arguments" and pair.named_child(0) == node:
        call = pair.parent
        fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        return fn is not None and fn.type == "member_expression" and _text(fn).endswith(".importObject")
    if pair is None or pair.type != "pair":
        return False
    if _key_of(pair) != "name":
        return False
    obj = pair.parent
    args = obj.parent if obj is not None else None
    call = args.parent if args is not None and args.type == "arguments" else None
    fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
    return fn is not None and _text(fn).endswith("callFunction")


#: keys of a request's data that name the operation on an RPC-style backend or a routed cloud
#: function: ``{op: 'publish'}``, ``{action: 'addComment'}``, tcb-router's ``{$url: 'post/add'}``
_DISPATCH_KEYS = frozenset({"op", "action", "act", "cmd", "do", "$url"})
#: keys under which a request carries its data
_DATA_KEYS = frozenset({"data", "params", "body", "query"})


def _key_of(pair: Node) -> str:
    key = pair.child_by_field_name("key")
    return _text(key).strip("'\"") if key is not None else ""


#: what a request helper's name holds (wx.request, axios.post, http.get, fetch, $api, callFunction ...)
_REQUEST_NAMES = lazy(r"(?i)request|fetch|ajax|http|axios|api$|^(?:post|get|put|patch|delete|del|call"
                      r"|callfunction|send|invoke)$")
#: ... and what it never holds: events, logs, analytics, navigation
_NOT_REQUEST_NAMES = lazy(r"(?i)emit|event|log|report|track|navigat|router|redirect|switchtab|push|storage")


def _requestish(call: Node | None) -> bool:
    """Whether a call is a request (``wx.request``, ``axios.post``, ``uni.$http.get``, ``callFunction``,
    the app's ``request``/``api``/``http`` helpers), not an event, a log or a navigation."""
    if call is None or call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "member_expression":
        prop = fn.child_by_field_name("property")
        obj = fn.child_by_field_name("object")
        names = [_text(prop) if prop is not None else "", _text(obj).rsplit(".", 1)[-1] if obj is not None else ""]
    else:
        names = [_text(fn)]
    text = _text(fn)[:200]
    if _NOT_REQUEST_NAMES.search(text):
        return False
    return any(n and _REQUEST_NAMES.search(n) for n in names)


#: the keys of a request's options whose value is the data it sends
_BODY_KEYS = frozenset({"data", "params", "body", "form", "formdata", "query"})
#: the keys of a request's options that say where it goes (a URL, a path, a cloud function's name)
_TARGET_KEYS = frozenset({"url", "path", "uri", "api", "name", "action", "$url"})


def _first_named(node: Node, n: int) -> list[Node]:
    """A node's first ``n`` named children (``named_children`` wraps every child: an object of 60,000
    pairs asked about 256 times would wrap 15 million)."""
    out = []
    for i in range(min(n, node.named_child_count)):
        child = node.named_child(i)
        if child is not None:
            out.append(child)
    return out


#: the calls that define a page, a component or an app, and the navigations: the ``data`` of their
#: options is the state a page shows (``Page({ path, data: { nickName: '' } })``), the ``query`` of a
#: route is where it goes (``router.push({ path, query: { nickname } })``): neither is sent
_DEFINITIONS = frozenset({"page", "component", "app", "behavior", "createpage", "createcomponent", "createapp",
                          "definecomponent", "vue", "vantcomponent"})
#: keys only the options of a page's or a component's definition have (its parts and lifecycle)
_DEFINITION_KEYS = frozenset({"methods", "props", "properties", "computed", "watch", "components", "mixins",
                              "behaviors", "lifetimes", "pagelifetimes", "onload", "onshow", "onready", "created",
                              "mounted", "attached", "setup"})


def _not_request_options(options: Node) -> bool:
    """Whether an object holding a target key and a data key is no request's options: a page's or a
    component's definition (given to ``Page``/``Component``/``defineComponent``, exported as a Vue
    component's options, or holding a definition's keys: ``methods``, ``onLoad``), or a navigation's."""
    holder = options.parent
    if holder is not None and holder.type == "export_statement":
        return True
    call = holder.parent if holder is not None and holder.type == "arguments" else None
    if call is not None and call.type in ("call_expression", "new_expression"):
        fn = call.child_by_field_name("function" if call.type == "call_expression" else "constructor")
        if fn is not None and fn.type == "member_expression":
            fn = fn.child_by_field_name("property")
        if fn is not None and _text(fn).lower() in _DEFINITIONS:
            return True
        if call.type == "call_expression" and _NOT_REQUEST_NAMES.search(
                _text(call.child_by_field_name("function") or call)[:200]):
            return True
    for p in _first_named(options, 30):
        key = p.child_by_field_name("key") if p.type == "pair" else \
            p.child_by_field_name("name") if p.type == "method_definition" else None
        if key is not None and _text(key).strip("'\"").lower() in _DEFINITION_KEYS:
            return True
    return False


def _request_field(key: Node) -> bool:
    """Whether a key (``phone`` of ``{ phone }``, ``nickName: x``) is a field of the data a request
    sends: of the object given as ``data`` (``params``, ``body``) beside a ``url`` (``path``, a cloud
    function's ``name``) in one options object, wherever that object is built (``wx.request({url,
    data: {...}})``, ``const opts = {url, method, data: {...}}``, ``callFunction({name, data})``), or
    of an object given after the path to a request helper (``api.post('/user', {...})``)."""
    pair = key.parent if key.type != "shorthand_property_identifier" else key
    obj = pair.parent if pair is not None else None
    if obj is None or obj.type != "object":
        return False
    holder = obj.parent
    if holder is not None and holder.type == "pair" and _key_of(holder).lower() in _BODY_KEYS:
        options = holder.parent
        return options is not None and options.type == "object" and any(
            p.type == "pair" and _key_of(p).lower() in _TARGET_KEYS for p in _first_named(options, 30)) \
            and not _not_request_options(options)
    if holder is not None and holder.type == "arguments":
        first = holder.named_child(0)
        return holder.named_child_count >= 2 and first is not None and first != obj and first.type in (
            "string", "template_string", "binary_expression") and _requestish(holder.parent)
    return False


def _request_option(pair: Node) -> bool:
    """Whether a pair (``enableChunked: true``) is an option of a request: in one options object with
    its ``url`` (a cloud function's ``name``), not a page's or a component's definition, not turned
    off (``false``, ``0``, ``null``), and not passed on from the caller's options by a request
    wrapper that forwards every option (``enableChunked: options.enableChunked``: its callers say
    whether they stream, and a caller that does is found there)."""
    if pair.type != "pair":
        return False
    value = pair.child_by_field_name("value")
    if value is None or value.type in ("false", "null", "undefined"):
        return False
    # (a short value's text only: a value of a megabyte, nested, was copied once per key inside it)
    text = _text(value).lower() if value.end_byte - value.start_byte <= 200 else ""
    if text in ("0", "!1") or (text and _key_of(pair).lower() in text):
        return False
    options = pair.parent
    return options is not None and options.type == "object" and any(
        p.type == "pair" and _key_of(p).lower() in _TARGET_KEYS for p in _first_named(options, 30)) \
        and not _not_request_options(options)


#: how many keys named like a request field a file's tree is asked about: a table of 40,000 users'
#: nicknames would otherwise cost 40,000 look-ups; a request's own keys come before such a table
#: ends in any app's code, and each key is emitted once
_MAX_FIELD_LOOKS = 256


def _field_signals(em: _Emitter, vocab: Vocabulary, root: Node, data: bytes,
                   place: Callable[[Node, Node | None], Callable[[], tuple[int, int, str]]]) -> None:
    """The keys of the data a request sends (``field``), in document order, each at its first place:
    found where the bytes hold a key named like one (``Vocabulary.field_key``), then asked of the
    tree (a key of an object, not a string or a comment) and of :func:`_request_field`."""
    if vocab.field_key is None:
        return
    looks = _MAX_FIELD_LOOKS
    for m in vocab.field_key.finditer(data.lower()):  # (bytes.lower keeps every offset)
        key = m.group(1).decode()
        if ("field", key, "") in em.seen or ("option", key, "") in em.seen:
            continue
        if looks <= 0:
            break
        looks -= 1
        node = root.descendant_for_byte_range(m.start(1), m.end(1))
        if node is not None and node.type == "string_fragment":
            node = node.parent
        if node is None or node.type not in ("property_identifier", "string", "shorthand_property_identifier"):
            continue
        holder = node if node.type == "shorthand_property_identifier" else node.parent
        if holder is None or (holder is not node and (
                holder.type != "pair" or holder.child_by_field_name("key") != node)):
            continue  # a value ({ a: 'nickname' }) or a method's name, not a key
        if _text(node).strip("'\"").lower() != key:
            continue
        if key in vocab.options:
            if _request_option(holder):
                em.emit("option", key, place(node, holder))
        elif _request_field(node):
            em.emit("field", key, place(node, holder))


#: how many quoted model ids a file's tree is asked about (a table of a provider's models is read
#: as far as its first few: each id is emitted once, and one is enough)
_MAX_MODEL_LOOKS = 32


def _name_given(node: Node, wide: bool = False) -> str:
    """The name a value is given to, as written: the key of a pair (``model: x``), the variable
    declared (``const chatModel = x``); ``wide``: also the variable or property assigned (``this.model
    = x``), the function or method called with it (``setModel(x)``, ``.model(x)``), and for an
    element of an array, the array's name ("" when none)."""
    parent = node.parent
    if wide and parent is not None and parent.type == "array":
        node, parent = parent, parent.parent
    if parent is None:
        return ""
    if parent.type == "pair" and parent.child_by_field_name("value") == node:
        return _key_of(parent)
    if parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
        name = parent.child_by_field_name("name")
        return _text(name) if name is not None and name.type == "identifier" else ""
    if not wide:
        return ""
    if parent.type == "assignment_expression" and parent.child_by_field_name("right") == node:
        left = parent.child_by_field_name("left")
        if left is not None and left.type == "member_expression":
            left = left.child_by_field_name("property")
        return _text(left) if left is not None and left.type in ("identifier", "property_identifier") else ""
    if parent.type == "arguments" and parent.named_child(0) == node and parent.parent is not None \
            and parent.parent.type == "call_expression":
        fn = parent.parent.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression":
            fn = fn.child_by_field_name("property")
        return _text(fn) if fn is not None and fn.type in ("identifier", "property_identifier") else ""
    return ""


def _model_signals(em: _Emitter, vocab: Vocabulary, root: Node, data: bytes,
                   place: Callable[[Node, Node | None], Callable[[], tuple[int, int, str]]]) -> None:
    """The model ids a script names where a model goes (``model``): a string beginning like one of
    the catalogue's (``Vocabulary.model_literal``, found in the bytes), then asked of the tree (a
    string, not a comment) and given to a name holding ``model`` (:func:`_name_given`: ``model:
    'glm-4-flash'``, ``const DEFAULT_MODEL = 'deepseek-chat'``, ``setModel('qwen-plus')``, ``models:
    ['gpt-4o', …]``). The catalogue decides which ids count (its ``model`` entries' patterns)."""
    if vocab.model_literal is None:
        return
    for m, node, _start in _whole_strings(root, vocab.model_literal.finditer(data.lower()), 0):
        holder = _name_given(node, wide=True).lower()
        value = data[m.start() + 1:m.end() - 1].decode("utf-8", "replace")
        if "model" in holder and _KEY_NAME.fullmatch(holder) and model_id(value):
            em.emit("model", value.lower(), place(node, node.parent))


def _whole_strings(root: Node, matches: Iterable[re.Match[bytes]], group: int
                   ) -> Iterator[tuple[re.Match[bytes], Node, int]]:
    """The matches of a bytes test (over lower-cased bytes: every offset kept) whose ``group`` spans a
    whole string of the code from its opening quote to the match's end (not a comment, not part of a
    longer text), with that string's node and start; at most ``_MAX_MODEL_LOOKS`` matches asked of the
    tree (a table of 50,000 ids is not 50,000 lookups)."""
    looks = _MAX_MODEL_LOOKS
    for m in matches:
        if looks <= 0:
            break
        looks -= 1
        start = m.start(group)
        node = root.descendant_for_byte_range(start + 1, m.end() - 1)
        if node is not None and node.type == "string_fragment":
            node = node.parent
        if node is None or node.type not in ("string", "template_string") or \
                node.start_byte != start or node.end_byte != m.end():
            continue
        yield m, node, start


def _role_signals(em: _Emitter, vocab: Vocabulary, root: Node, data: bytes,
                  place: Callable[[Node, Node | None], Callable[[], tuple[int, int, str]]]) -> None:
    """The roles of conversation messages a script makes (``role``): a string the catalogue names
    (``Vocabulary.role_literal``, found in the bytes: ``role: 'assistant'``), then asked of the tree
    (a whole string of code, not a comment) and given to a key, variable or property named ``role``
    (:func:`_name_given`), in a message: an object with a member holding its text (``_MESSAGE_KEYS``),
    or, given outside an object, its text said around it (:func:`message_near`)."""
    if vocab.role_literal is None:
        return
    for m, node, start in _whole_strings(root, vocab.role_literal.finditer(data.lower()), 1):
        held = node  # ('assistant' as const, ('ai'), 'ai' satisfies Role: TypeScript's literal types)
        while held.parent is not None and held.parent.type in _ROLE_WRAPPERS:
            held = held.parent
        if _name_given(held, wide=True).lower() != "role" and _subscript_given(held) != "role":
            continue
        value = data[start + 1:m.end() - 1].decode("utf-8", "replace")
        parent = held.parent
        if parent is not None and parent.type == "pair":
            # an object: a message holds its text beside its role ({ role: 'assistant', content });
            # a person's record ({ name, role: 'assistant' }, a teaching assistant) or a game's
            # computer player ({ role: 'ai', piece: 'white' }) holds none
            obj = parent.parent
            keys = {_member_key(n).lower() for n in (  # (named_child one by one: named_children would wrap a table's)
                obj.named_child(i) for i in range(min(obj.named_child_count, _MAX_MEMBERS))) if n is not None} \
                if obj is not None else set()
            name = role_name(value, lambda keys=keys: "content" in keys, vocab)  # type: ignore[misc]
            if not name or not any(_MESSAGE_KEYS.get(k, False) for k in keys):
                continue
        else:  # (m.role = 'assistant', const role = 'ai': the message's text said around it)
            name = role_name(value, lambda: False, vocab)  # (user+content: only a message's own content key)
            before = data[max(0, start - _NEAR_CHARS):start].decode("utf-8", "replace")  # (offsets in characters)
            if not name or not message_near(before + data[start:m.end() + _NEAR_CHARS].decode("utf-8", "replace"),
                                            len(before)):
                continue
        em.emit("role", name, place(node, node.parent))


def role_name(value: str, content: Callable[[], bool], vocab: Vocabulary) -> str:
    """The name a message's role is emitted as: ``user+content`` where the catalogue names it and the
    message has a content key (``content()``, asked only then), else the role itself when the catalogue
    names it (``assistant``), else ``""``."""
    role = value.lower()
    if f"{role}+content" in vocab.role_names and content():
        return f"{role}+content"
    return role if role in vocab.role_names else ""


def content_after(text: str) -> bool:
    """Whether the code just after a role's literal gives the same message its content: ``, content:``,
    ``, "content" =>``, ``, "content", `` (a server's source, or a Python line)."""
    return _CONTENT_AFTER.match(text) is not None


_CONTENT_AFTER = lazy(r"(?i)\s{0,4},\s{0,8}['\"]?content['\"]?\s{0,4}(?:=>|:=|[:=,])")


#: the keys a conversation message holds its text under (``{ role: 'assistant', content }``, ``{ role:
#: 'ai', text }``, Gemini's ``parts``); a dict for ``.get`` on any name
_MESSAGE_KEYS = dict.fromkeys(("content", "text", "message", "msg", "parts", "answer", "reply"), True)
#: at most this many members of an object are looked at for a message's text (a table of 50,000 keys)
_MAX_MEMBERS = 64
#: how far around a role given outside an object (``m.role = 'ai'``, a server's ``put("role", …)``) its
#: message's text is looked for: the lines either side, and at most this many characters each way
_NEAR_LINES, _NEAR_CHARS = 3, 300
_MESSAGE_NEAR = lazy(r"(?i)content|(?<![a-z0-9_$])(?:text|msg|message|parts|answer|reply)(?![a-z0-9_$])")


#: what may wrap a value without changing it
_ROLE_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "parenthesized_expression", "non_null_expression"})


def _subscript_given(node: Node) -> str:
    """The key a value is assigned to by a subscript with a string (``m['role'] = 'ai'``), lower-cased."""
    parent = node.parent
    if parent is None or parent.type != "assignment_expression" or parent.child_by_field_name("right") != node:
        return ""
    left = parent.child_by_field_name("left")
    index = left.child_by_field_name("index") if left is not None and left.type == "subscript_expression" else None
    return _text(index)[1:-1].lower() if index is not None and index.type == "string" else ""


def _member_key(node: Node) -> str:
    """The key of an object's member: a pair's, a shorthand property's name (``{ role, content }``)."""
    if node.type == "pair":
        return _key_of(node)
    return _text(node) if node.type == "shorthand_property_identifier" else ""


def message_near(window: str, at: int) -> bool:
    """Whether a message's text is said within ``_NEAR_LINES`` lines of offset ``at`` of ``window``
    (the code around a role given: ``m.put("role", "assistant"); m.put("content", answer);``, a Go
    struct's ``Content:`` on the next line, ``'content' => $answer``)."""
    before = window[:at].rsplit("\n", _NEAR_LINES + 1)
    after = window[at:].split("\n", _NEAR_LINES + 1)
    text = "\n".join(before[1:] if len(before) > _NEAR_LINES + 1 else before) + \
        "\n".join(after[:_NEAR_LINES + 1])
    return _MESSAGE_NEAR.search(text) is not None


def role_key_before(text: str) -> bool:
    """Whether the code just before a literal on its line gives it to a key or name ``role``
    (``"role": ``, ``'role' => ``, ``put("role", ``, ``$m['role'] = ``, ``Role: ``, ``.role(``,
    ``setRole(``; not ``equals(role, ``: a server's source read by tokens)."""
    return _ROLE_KEY_BEFORE.search(text[-60:]) is not None


#: a key or a name role, then what gives it a value: ``role: ``, ``"role" => ``, ``Role := ``, ``role = ``;
#: a quoted key before a comma (``put("role", ``, ``Map.of("role", ``: the name role before one is an
#: argument, ``Objects.equals(role, "assistant")``, a comparison); a subscript's ``$m['role'] = ``; a
#: builder's ``.role(`` and a bean's ``setRole(``
_ROLE_KEY_BEFORE = lazy(r"(?i)(?:(?<![A-Za-z0-9_$])role['\"]?\s{0,4}(?:=>|:=|[:=])|['\"]role['\"]\s{0,4},"
                        r"|['\"]role['\"]\]\s{0,4}=|(?:(?<![A-Za-z0-9_$])|(?<=set))role\()\s{0,4}$")


def model_key_before(text: str) -> bool:
    """Whether the code just before a literal on its line gives it to a name holding ``model``:
    ``"model": ``, ``model=``, ``'model' => ``, ``Model: ``, ``put("model", ``, ``.model(``, ``$model = ``
    (a server's source read by tokens, where no tree says so)."""
    return _MODEL_KEY_BEFORE.search(text[-120:]) is not None


#: what a model's id is made of (the bytes test's ``[a-z0-9._:/-]``, either case)
_MODEL_ID = lazy(r"[A-Za-z0-9._:/-]{1,80}")
#: ... and what is made so but is no model's id: a file (the model's icon, ``gemini-logo.png``; a 3D
#: model, ``llama.glb``; a page or a module), or a name of code in camel case without a separator (a
#: Spring bean, ``@AiService(chatModel = "chatglmChatModel")``; no provider writes an id so)
_NOT_MODEL_ID = lazy(r"(?i:.*\.(?:png|jpe?g|gif|svg|webp|bmp|ico|mp3|mp4|wav|m4a|aac|glb|gltf|obj|fbx|stl"
                     r"|js|ts|json|css|wxss|scss|less|html?|wxml|vue|txt|md))|[A-Za-z0-9]*[a-z][A-Z][A-Za-z0-9]*")
#: a name a model's id may be given to: a key or a variable, not a sentence (``{'The model': …}``)
_KEY_NAME = lazy(r"[A-Za-z_$][A-Za-z0-9_$-]{0,63}")


def model_id(value: str) -> bool:
    """Whether a string (already known to begin like one of the catalogue's ids) is written as a
    model's id: ``deepseek-chat``, ``qwen2.5-7b-instruct``, ``llama3:8b``, ``ERNIE-4.0-8K``; not
    a sentence, a file, nor a bean's name (``_NOT_MODEL_ID``)."""
    return len(value) <= 80 and _MODEL_ID.fullmatch(value) is not None and _NOT_MODEL_ID.fullmatch(value) is None


_MODEL_KEY_BEFORE = lazy(r"(?i)model\w{0,20}['\"]?\s{0,4}(?:=>|:=|[:=,(])\s{0,4}$")


def _dispatch_base(node: Node) -> tuple[str, str] | None:
    """When a string is the operation an RPC-style request names in its data, the request's own
    path (or cloud function) and the key: ``request({url: 'api/user', data: {op: 'publish'}})``,
    ``request('api/user', {op: 'publish'})``, ``callFunction({name: 'post', data: {action: 'add'}})``.
    The base is ``""`` when the path is not a literal (``url: base + x``)."""
    pair = node.parent
    if pair is None or pair.type != "pair" or pair.child_by_field_name("value") != node:
        return None
    key = _key_of(pair)
    if key.lower() not in _DISPATCH_KEYS:
        return None
    data = pair.parent
    holder = data.parent if data is not None and data.type == "object" else None
    if holder is None:
        return None
    if holder.type == "arguments":  # request('api/user', { op: 'publish' })
        first = holder.named_children[0] if holder.named_children else None
        if first is None or first is data or first.type not in ("string", "template_string", "identifier",
                                                                  "member_expression", "binary_expression"):
            return None
        call = holder.parent
        if not _requestish(call):
            return None
        return _literal(first), key
    if holder.type != "pair" or _key_of(holder).lower() not in _DATA_KEYS:
        return None
    req = holder.parent
    if req is None or req.type != "object" or req.parent is None or req.parent.type != "arguments" \
            or not _requestish(req.parent.parent):
        return None
    for p in req.named_children:
        if p.type == "pair" and _key_of(p) in ("url", "name"):
            value = p.child_by_field_name("value")
            if value is not None and value.type == "identifier":
                return _local_strings(value, _text(value)) or "", key
            return _literal(value), key
        if p.type == "shorthand_property_identifier" and _text(p) in ("url", "name"):
            return _local_strings(p, _text(p)) or "", key  # callFunction({ name, data: {action: 'add'} })
    return None


def _local_strings(node: Node, name: str) -> str:
    """The string a local constant of the enclosing block holds, or the strings of its two branches
    (``const name = reply ? 'replay' : 'discuss'``), joined with ``|``: the cloud function or path a
    request names through a variable. Only the declarations of the nearest few enclosing blocks,
    before the use, and a bounded number of their statements are looked at."""
    cur: Node | None = node
    for _ in range(40):  # up to the enclosing blocks, bounded
        cur = cur.parent if cur is not None else None
        if cur is None:
            return ""
        if cur.type not in ("statement_block", "program"):
            continue
        for i in range(min(cur.named_child_count, 200)):
            stmt = cur.named_child(i)
            if stmt is None or stmt.start_byte >= node.start_byte:
                break
            if stmt.type not in ("lexical_declaration", "variable_declaration"):
                continue
            for decl in stmt.named_children:
                declared = decl.child_by_field_name("name") if decl.type == "variable_declarator" else None
                if declared is None or _text(declared) != name:
                    continue
                value = decl.child_by_field_name("value")
                if value is not None and value.type == "ternary_expression":
                    branches = [_literal(value.child_by_field_name(f)) for f in ("consequence", "alternative")]
                    return "|".join(b for b in branches if b)
                return _literal(value)
    return ""


def _literal(node: Node | None, depth: int = 0) -> str:
    """A string literal's text (a template's with ``{}`` for each substitution); ``""`` otherwise.
    A concatenation (``host + '/api/post'``) is read to a bounded depth: a hostile chain of a
    thousand terms is no path."""
    if node is None or depth > 16:
        return ""
    if node.type == "string":
        return _text(node).strip("'\"")
    if node.type == "template_string":
        return template_text(node)
    if node.type == "binary_expression" and node.child_count == 3 and _text(node.children[1]) == "+":
        left, right = _literal(node.children[0], depth + 1), _literal(node.children[2], depth + 1)
        return (left or "{}") + (right or "{}") if left or right else ""
    return ""


def _dispatch_signal(em: _Emitter, vocab: Vocabulary, value: str, base: str, key: str,
                     where: Callable[[], tuple[int, int, str]]) -> None:
    """An RPC-style request's operation read with its path: ``api/user`` + ``op: 'publish'`` is
    the endpoint ``user publish``, which writes."""
    if not (_IDENTLIKE.match(value) or _PATHLIKE.match(value)) or len(value) > 120:
        return
    for one in base.split("|")[:2]:  # a name a ternary chose: either function
        path = one.split("?", 1)[0]
        if "://" in path:
            path = path.split("://", 1)[1].partition("/")[2]
        words = split_words(f"{path}/{value}", vocab.known)
        if vocab.hit(words, "endpoint"):
            em.emit("endpoint", f"{one} {key}={value}".strip(), where, words=" ".join(dict.fromkeys(words)),
                    op="write" if _writes(words, None, vocab.nouns) else "", source="dispatch")


def _collection_op(call: Node) -> str:
    """The operation of ``db.collection('x')....`` from the methods chained after it."""
    names: list[str] = []
    cur = call
    for _ in range(12):  # .where().orderBy().limit().get(): bounded
        parent = cur.parent
        if parent is None or parent.type != "member_expression" or parent.child_by_field_name("object") != cur:
            break
        prop = parent.child_by_field_name("property")
        names.append(_text(prop) if prop is not None else "")
        outer = parent.parent
        if outer is None or outer.type != "call_expression":
            break
        cur = outer
    if any(n in _COLLECTION_WRITE for n in names):
        return "write"
    if any(n in _COLLECTION_SUBSCRIBE for n in names):
        return "subscribe"
    return "read"


_OP_RANK = {"read": 0, "subscribe": 1, "write": 2}


def _held_collection_op(declarator: Node, root: Node, data: bytes, op: str) -> str:
    """The operation on a collection a variable holds: ``const posts = db.collection('posts')`` and
    then ``posts.add(...)`` (its first uses in the file; a write outranks a watch, a watch a read)."""
    name = declarator.child_by_field_name("name")
    if name is None or name.type != "identifier" or not name.text:
        return op
    scope = declarator.parent
    while scope is not None and scope.type not in ("statement_block", "program", "class_body"):
        scope = scope.parent
    end = scope.end_byte if scope is not None else len(data)  # its uses are in its block, not in another's
    # (the chain may go on on the next line: ``await posts\n  .add({...})``, as formatters break it)
    uses = re.compile(re.escape(name.text) + rb"[ \t\r\n]{0,80}\.")
    start = declarator.end_byte
    for _ in range(16):  # bounded: the first uses say what the code does with it
        found_use = uses.search(data, start, end)
        if found_use is None:
            break
        at = found_use.start()
        start = found_use.end()
        if at and (data[at - 1:at].isalnum() or data[at - 1:at] in (b"_", b"$", b".")):
            continue  # myposts., this.posts.: another name
        ident = root.descendant_for_byte_range(at, at + len(name.text))
        if ident is None or ident.type != "identifier" or ident.text != name.text:
            continue  # in a string or a comment
        found = _collection_op(ident)
        if _OP_RANK[found] > _OP_RANK[op]:
            op = found
            if op == "write":
                break
    return op


def _named_collection(em: _Emitter, vocab: Vocabulary, root: Node, data: bytes, name: bytes, value: str,
                      place: Callable[[Node, Node | None], Callable[[], tuple[int, int, str]]]) -> None:
    """A collection named by a constant of the same file: ``const COLLECTION = 'conversations'`` and
    ``db.collection(COLLECTION).add(...)`` (its first few uses, each with its own operation)."""
    words = split_words(value, vocab.known)
    if not name or not vocab.hit(words, "collection"):
        return
    needle = b".collection(" + name
    start = 0
    for _ in range(8):  # bounded: a constant used a thousand times says the same
        at = data.find(needle, start)
        if at < 0:
            return
        start = at + len(needle)
        if data[start:start + 1] != b")":
            continue  # COLLECTION_2, or COLLECTION + suffix: another name
        ident = root.descendant_for_byte_range(at + len(b".collection("), start)
        args = ident.parent if ident is not None and ident.type == "identifier" else None
        call = args.parent if args is not None and args.type == "arguments" else None
        if call is not None and call.type == "call_expression" and ident is not None:
            em.emit("collection", value, place(ident, call), words=" ".join(words), op=_collection_op(call))


#: a WebSocket opened: wx/uni/Taro.connectSocket({url}), new WebSocket(url)
_SOCKET_CALLS = frozenset({b"connectSocket", b"WebSocket"})


def _socket_signal(em: _Emitter, vocab: Vocabulary, name_node: Node,
                   place: Callable[[Node, Node | None], Callable[[], tuple[int, int, str]]]) -> None:
    """A socket the app opens is a subscription: messages arrive as they are sent (chat, a live
    room's comments, a match's moves). What it carries is named by its URL's path when the URL is
    written there (``wss://host/ws/chat``), else by the module that opens it (``common/chat/store.js``,
    ``libs/chat.js``; with the URL's words after its own): an endpoint signal with op ``subscribe``."""
    call = name_node.parent
    if call is not None and call.type == "member_expression":
        call = call.parent
    if call is None or call.type not in ("call_expression", "new_expression"):
        return
    # (a string, a template or a concatenation: ``app.globalData.wss + '/ws/notice'`` names what it
    # carries as ``wss://host/ws/notice`` does, and its words meet the entries' unless words alike)
    url = _call_url(call)
    path = url.split("?", 1)[0]
    if "://" in path:
        path = path.split("://", 1)[1].partition("/")[2]
    url_words = split_words(path, vocab.known)
    words = url_words if vocab.hit(url_words, "endpoint") else []
    shown = url[:80]
    if not words:
        # (its path within its project, as a page's import of it is named: the words of the project's
        # own folder, im-demo/ or ChatRun/, say nothing of what one module carries)
        stem = em.file.project_relpath.rsplit(".", 1)[0]
        # the module's words, and the URL's after them: what the URL says it carries still counts
        # against the entries' unless words (wss://host/ws/notice opened on pages/message/: notices)
        words = split_words(stem, vocab.known) + url_words
        shown = stem
    if vocab.hit(words, "endpoint"):
        em.emit("endpoint", f"socket {shown}", place(call, None), words=" ".join(dict.fromkeys(words)),
                op="subscribe", source="socket")


def _loc(node: Node, data: bytes) -> tuple[int, int]:
    row, col = node.start_point
    if col:
        col = len(data[node.start_byte - col:node.start_byte].decode("utf-8", "replace"))
    return row + 1, col + 1


def js_signals(root: Node, kind: str, data: bytes, file: SourceFile, ctx: ScanContext,
               parts: frozenset[str] = frozenset({"strings", "names"}),
               skip: set[tuple[int, int]] | None = None) -> list[Signal]:
    """Semantic signals of a parsed JavaScript/TypeScript file (``parts``: what :func:`hints` found
    worth a look; ``skip``: the places (line, column) of literals read already, a server's routes
    joined to their prefixes by :func:`node_route_signals`)."""
    vocab = vocabulary(ctx)
    if not vocab:
        return []
    em = _Emitter(file, vocab.any_words)
    composer = _names_composer(em.file.project_relpath, vocab)
    named_unit = path_signal(em, vocab) or composer
    caps: dict[str, list[Node]] = {}
    # (fields, models and roles are found from the bytes: _field_signals, _model_signals, _role_signals)
    for part in sorted(parts - {"fields", "models", "roles"}):
        if part != "writes" or "names" not in parts:  # (the names' query captures the same calls)
            caps.update(_part_captures(kind, part, root))

    def place(node: Node, snippet_node: Node | None = None) -> Callable[[], tuple[int, int, str]]:
        def where() -> tuple[int, int, str]:
            line, col = _loc(node, data)
            shown = snippet_node or node
            return line, col, (data[shown.start_byte:min(shown.end_byte, shown.start_byte + 160)]
                               .decode("utf-8", "replace"))
        return where

    hyphens = vocab.collection and b".collection(" in data
    paths: dict[tuple[int, int], int] = {}  # path literals per function (_wrapper_name)
    for node in caps.get("string", []):
        raw = node.text or b""
        if len(raw) < 4 or (b"/" not in raw and max(raw) < 0xE0 and not _IDENTLIKE_BYTES.match(raw, 1, len(raw) - 1)
                            and not _SERVICE_BYTES.match(raw, 1, len(raw) - 1)
                            and not ((raw[1:2] == b"?" or b".php?" in raw) and b"=" in raw)  # a PHP
                            # route's query, as _QUERY_ROUTE can match one ('?m=comment', 'index.php?act=')
                            and not (hyphens and b"-" in raw and node.parent is not None
                                     and node.parent.type in ("arguments", "variable_declarator")
                                     and _DASHED_NAME_BYTES.match(raw, 1, len(raw) - 1))
                            and not (b"-" in raw and _DASHED_NAME_BYTES.match(raw, 1, len(raw) - 1)
                                     and _cloud_function_name(node))):
            continue  # neither a path, nor CJK text, nor a name, nor a service, nor a query; nor a collection's name
            # with hyphens where a collection is named (an argument, a constant): not a bundle's CSS class; nor
            # a cloud function's or cloud object's name with hyphens (importObject('comment-co'))
        if _is_module_specifier(node) or (skip and _loc(node, data) in skip):
            continue
        value = "".join(_text(c) for c in node.named_children if c.type in ("string_fragment", "escape_sequence"))
        if not value:
            continue
        parent = node.parent
        if parent is not None and parent.type == "arguments" and vocab.collection:
            call = parent.parent
            fn = call.child_by_field_name("function") if call is not None else None
            prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
            if call is not None and prop is not None and _text(prop) == "collection" and \
                    parent.named_children[0] == node:
                words = split_words(value, vocab.known)
                if vocab.hit(words, "collection"):
                    op = _collection_op(call)
                    if op != "write" and call.parent is not None and call.parent.type == "variable_declarator" \
                            and em.lookups > 0:
                        em.lookups -= 1
                        op = _held_collection_op(call.parent, root, data, op)  # const posts = db.collection('posts')
                    em.emit("collection", value, place(node, call), words=" ".join(words), op=op)
                continue
        if parent is not None and parent.type == "variable_declarator" and vocab.collection \
                and em.lookups > 0 and b".collection(" in data:  # const C = 'conversations' ... db.collection(C)
            declared = parent.child_by_field_name("name")
            if declared is not None and declared.type == "identifier" and parent.child_by_field_name("value") == node \
                    and vocab.hit(split_words(value, vocab.known), "collection"):
                em.lookups -= 1
                _named_collection(em, vocab, root, data, declared.text or b"", value, place)
        dispatch = _dispatch_base(node)
        if dispatch is not None:
            _dispatch_signal(em, vocab, value, *dispatch, place(node, node.parent))
            continue
        named, wrapper = _path_names(node, value, paths)
        string_signals(em, vocab, value, place(node), cloud_function=_cloud_function_name(node),
                       request_like=lambda node=node, value=value: _request_like(node, value),  # type: ignore[misc]
                       http_write=lambda node=node: _http_write(node),  # type: ignore[misc]
                       named=named, wrapper=wrapper,
                       after_base=lambda node=node: _after_base(node))  # type: ignore[misc]
    for node in caps.get("jsx", []):  # <Text>写评论</Text>: UI text of a JSX component
        raw = node.text or b""
        if _HAS_CJK_BYTES.search(raw) is not None:
            string_signals(em, vocab, raw.decode("utf-8", "replace"), place(node), request_like=False)
    for node in caps.get("template", []):
        if skip and _loc(node, data) in skip:
            continue
        value = template_text(node)
        named, wrapper = _path_names(node, value, paths)
        string_signals(em, vocab, value, place(node),
                       request_like=lambda node=node, value=value: _request_like(node, value),  # type: ignore[misc]
                       http_write=lambda node=node: _http_write(node),  # type: ignore[misc]
                       named=named, wrapper=wrapper)
    for node in caps.get("call", []) + caps.get("new", []):
        if (node.text or b"") in _SOCKET_CALLS:
            _socket_signal(em, vocab, node, place)
    if "fields" in parts:
        _field_signals(em, vocab, root, data, place)
    if "models" in parts:
        _model_signals(em, vocab, root, data, place)
    if "roles" in parts:
        _role_signals(em, vocab, root, data, place)
    wcalls = (caps.get("wcall") or caps.get("call", [])) if "writes" in parts else []
    picks = any((n.text or b"") in _MEDIA_PICKS for n in wcalls)  # a call the tree holds, not a comment
    for node in wcalls if picks or named_unit else []:
        via = _write_via(node, data)
        if via == "request" and not picks and _request_reads(node):
            continue  # a page named after a feature that POSTs /api/comment/getList reads (as a cloud function's name)
        if via:
            call = node.parent.parent if node.parent is not None and node.parent.type == "member_expression" \
                else node.parent
            # one per file: the page saves what it composed ("write": beside a photo picked, or in a page
            # named to publish, a composer's step; "save": in a page its path names after a feature, that
            # feature's action)
            em.emit("write", "write" if picks or composer else "save", place(node, call), via=via)
            break
    if vocab.compounds:
        wanted = vocab.compounds  # a two-word name holds a vocabulary word capitalised or after _
        worth = vocab.name_worth
        platform_objects = vocab.platform_objects
        # each name worth a look once, at its first place (calls repeat: setData, then, push ...); whether
        # a name is worth it depends on the name alone, so it is asked first: most names are not, and
        # a call's object (wx.request: the platform's) is looked up only for those that are
        first: dict[bytes, Node] = {}
        for name in ("name", "fname", "call"):
            for node in caps.get(name, []):
                raw = node.text or b""
                if raw in first:
                    continue  # (kept at its first place already: what setdefault would do)
                hit = worth.get(raw)
                if hit is None:
                    if len(worth) >= _NAME_WORTH_MAX:
                        worth.clear()  # (the names come from the scanned files: bounded)
                    hit = worth[raw] = wanted.occurs_in(raw) or (raw[:1].islower() and _starts_with_word(raw, vocab))
                if not hit:
                    continue
                if name == "call" and node.parent is not None and node.parent.type == "member_expression":
                    obj = node.parent.child_by_field_name("object")
                    if obj is not None and (obj.text or b"") in platform_objects:
                        continue  # wx.createRewardedVideoAd: the platform's name, not the app's
                first[raw] = node
        for raw, node in first.items():
            identifier_signal(em, vocab, raw.decode("utf-8", "replace"), place(node, node.parent))
    return em.signals


# -------------------------------------------------------------------------------------------- templates

_TEMPLATE_COMMENT = lazy(r"<!--.*?(?:-->|\Z)", re.DOTALL)
#: script blocks inside templates (<wxs>, <sjs>, <import-sjs>, <filter>): code, not UI text
_TEMPLATE_SCRIPT = lazy(r"<(wxs|sjs|import-sjs|filter)\b[^>]{0,500}>.*?(?:</\1\s*>|\Z)",
                        re.DOTALL | re.IGNORECASE)


def _blank(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def template_signals(text: str, file: SourceFile, ctx: ScanContext) -> list[Signal]:
    """UI text of a template (its comments blanked): each catalogue text once, at its first place."""
    vocab = vocabulary(ctx)
    if not vocab.texts_bytes or not _has_cjk(text):
        return []
    em = _Emitter(file, vocab.any_words)
    visible = _TEMPLATE_COMMENT.sub(_blank, text) if "<!--" in text else text
    low_text = visible.lower()
    if any(f"<{tag}" in low_text for tag in ("wxs", "sjs", "import-sjs", "filter")):
        visible = _TEMPLATE_SCRIPT.sub(_blank, visible)
    data = visible.encode("utf-8", "surrogatepass")
    low = data.lower()
    if not vocab.may_hold_text(low):
        return []
    seen: set[bytes] = set()
    for m in vocab.texts_bytes.regex.finditer(low):
        found = data[m.start():m.end()]
        if found.lower() in seen:
            continue
        seen.add(found.lower())
        start = m.start()
        line_start = data.rfind(b"\n", 0, start) + 1
        line_end = data.find(b"\n", start)
        line = data.count(b"\n", 0, start) + 1
        col = len(data[line_start:start].decode("utf-8", "replace")) + 1
        snippet = data[line_start:line_end if line_end >= 0 else len(data)].decode("utf-8", "replace").strip()
        em.emit("text", found.decode("utf-8", "replace"), (line, col, snippet))
    if em.signals:
        path_signal(em, vocab)
    return em.signals
