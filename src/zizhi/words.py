"""Names split into words: ``submitPostComment`` → submit post comment, ``pages/goodsManage/edit``
→ pages goods manage edit. One splitter for the semantic reader (the app's own paths and names) and
the catalogue (the words of a signal's file path that an entry's ``unless_paths`` name)."""

from __future__ import annotations

import re

from zizhi.lazyre import lazy

_SPLIT_CAMEL = lazy(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")
_NON_WORD = lazy(r"[^A-Za-z0-9]+")
#: brand names camel case would cut in two: WeChatPay is wechat pay, not we chat pay
_BRANDS = lazy(r"(?:[Ww]e|QQ)Chat")
#: the longest name looked at (a longer one is cut here: generated or hostile text)
_MAX_STRING = 400


def _brand(m: re.Match[str]) -> str:
    return m.group(0).capitalize()


#: split_words' answers, by (name, known): the same paths and names recur across a project's files
#: (a third of the calls on the official demo); cleared when full (the names come from the scanned
#: files: its size is bounded)
_SPLIT: dict[tuple[str, frozenset[str]], tuple[str, ...]] = {}
_SPLIT_MAX = 8192


def split_words(name: str, known: frozenset[str] = frozenset()) -> list[str]:
    """``submitPostComment`` → submit post comment; ``chat_room`` → chat room; lower case.
    ``known``: words a lower-case compound may be made of (``joinvip`` → join vip, ``buycourse`` →
    buy course: routes and collections often lose their camel case); a compound splits only into
    two known words of at least three letters each, and a known word is never split. A brand stays
    one word (``WeChatPayService`` → wechat pay service)."""
    key = (name[:_MAX_STRING], known)
    done = _SPLIT.get(key)
    if done is None:
        if len(_SPLIT) >= _SPLIT_MAX:
            _SPLIT.clear()
        done = _SPLIT[key] = tuple(_split_words(key[0], known))
    return list(done)  # (a list of its own: a caller may change it)


def _split_words(name: str, known: frozenset[str]) -> list[str]:
    out: list[str] = []
    for part in _NON_WORD.split(name[:_MAX_STRING]):
        if part:
            for w in _SPLIT_CAMEL.findall(_BRANDS.sub(_brand, part) if "Chat" in part else part):
                w = w.lower()
                if known and 6 <= len(w) <= 24 and w not in known:  # bounded: a compound is short
                    cut = next((i for i in range(3, len(w) - 2) if w[:i] in known and w[i:] in known), 0)
                    if cut:
                        out += (w[:cut], w[cut:])
                        continue
                out.append(w)
    return out
