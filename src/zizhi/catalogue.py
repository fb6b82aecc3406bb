"""The signal catalogue: which signal means which feature. Data, not code.

Catalogues come from plugins (``zizhi_signal_catalogues``), are validated against
``schemas/catalogue.schema.json`` and merged. Each signal entry names how sure its source is
(``verified``: official / secondary / unverified), mirroring the ✅ ◐ ❓ marks of the reference.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zizhi.model import Evidence, Signal
from zizhi.resources import first_schema_error
from zizhi.toml import TOMLDecodeError, loads


class DataError(Exception):
    """A catalogue, policy pack or config that does not fit its schema."""


@dataclass
class SignalEntry:
    """One entry of the signal catalogue: the signals it matches and the features they show."""

    id: str
    kind: str
    names: list[str]
    features: dict[str, str]
    verified: str
    source: str
    note: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    attrs_not: dict[str, str] = field(default_factory=dict)
    #: any listed attribute contains one of the texts
    attrs_contains: dict[str, list[str]] = field(default_factory=dict)
    #: any listed attribute is written and not bound to a false literal (``<map show-location>``,
    #: ``show-location="true"``, ``show-location="{{showLocation}}"``; not ``"{{false}}"``, ``"{{0}}"``,
    #: ``"{{''}}"``, ``"{{null}}"``): a value written as text is a string, which a template reads as
    #: true, ``"false"`` too (``_bound_off``)
    attrs_present: list[str] = field(default_factory=list)
    #: the element is wired to the page: an event handler (``bindinput``, ``bind:confirm``, ``catchtap``,
    #: ``@input``, ``v-on:…``, Alipay's and JSX's ``onInput``), a model (``v-model``, ``model:value``) or a
    #: form field's ``name`` (a form's submit reads it); a text box with none of them collects nothing
    #: (a comment box drawn over fake data, its input never read)
    bound: bool = False
    origin: str = ""  # "" = any
    provider: str = ""  # the service behind the signal, shown with the evidence (e.g. an LLM provider)
    #: entries of one group count as one toward ``min_supporting`` ("" = the entry's id)
    group: str = ""
    #: exact (glob patterns allowed) | words (a name is one of the signal's ``words``) | contains (a
    #: name is a case-insensitive substring of the signal's name; endpoints match so by default)
    match: str = "exact"
    #: words that change the meaning: a signal holding one does not match (``words`` entries)
    unless_words: frozenset[str] = frozenset()
    #: matches only a signal no other entry matches (a generic path, /chat/completions, beside a
    #: provider's own host, api.deepseek.com/chat/completions: the provider's entry says more)
    fallback: bool = False
    #: a call that opens a WebSocket (``wx.connectSocket``): a module holding one is a socket manager,
    #: and a page importing it names what the channel carries (``modules.socket_users``)
    opens_socket: bool = False
    #: words of the signal's file path that change the meaning (``pages/manage/goods/edit.js``: the
    #: operator's own editor); looked at after the match cache, which does not key on paths
    unless_path_words: frozenset[str] = frozenset()

    def attrs_match(self, signal: Signal) -> bool:
        # a binding that chooses between values (``{{agreed ? 'getPhoneNumber' : ''}}``) may be any of
        # them: it is this value when one of them is, and not this value unless every one is; a value
        # that lists names with "|" (``getPhoneNumber|agreePrivacyAuthorization``) is each of them at once
        for k, v in self.attrs.items():
            if not any(v.lower() in _names_of(alt) for alt in _attr_values(signal.attrs.get(k, ""))):
                return False
        for k, v in self.attrs_not.items():
            if all(v.lower() in _names_of(alt) for alt in _attr_values(signal.attrs.get(k, ""))):
                return False
        if self.attrs_contains and not any(
            text.lower() in signal.attrs.get(key, "").lower()
            for key, texts in self.attrs_contains.items()
            for text in texts
        ):
            return False
        if self.attrs_present and not any(
            key in signal.attrs and not _bound_off(signal.attrs[key]) for key in self.attrs_present
        ):
            return False
        if self.bound and not any(_WIRED.match(key) for key in signal.attrs):
            return False
        return not (self.origin and signal.origin != self.origin)


#: the attributes that wire an element to its page (``SignalEntry.bound``): event handlers in every
#: template language (WXML's bind/catch/mut-bind/capture-bind, Vue's @ and v-on:, Alipay's and JSX's on…),
#: models (v-model, WXML's model:value) and a form field's name
_WIRED = re.compile(r"(?:bind|catch|mut-bind|capture-bind|capture-catch|on[a-z]|@|v-on:|v-model|model:)|name$",
                    re.IGNORECASE)


def glob_match(name: str, pattern: str) -> bool:
    """``fnmatch.fnmatchcase(name, pattern)``, without compiling a regex for patterns whose only
    wildcard is ``*`` (the catalogue's are: ``tim-wx-sdk*``, ``*.easemob.com``): a warm run matches
    a few hundred names and compiled ~100 patterns to do it, which cost more than the matching."""
    if "?" in pattern or "[" in pattern:
        return fnmatch.fnmatchcase(name, pattern)
    if "*" not in pattern:
        return name == pattern
    parts = pattern.split("*")
    first, last = parts[0], parts[-1]
    if len(name) < len(first) + len(last) or not name.startswith(first) or not name.endswith(last):
        return False
    pos, end = len(first), len(name) - len(last)
    for part in parts[1:-1]:  # each middle part in order, leftmost, between the prefix and the suffix
        pos = name.find(part, pos, end)
        if pos < 0:
            return False
        pos += len(part)
    return True


@dataclass
class VendoredSdk:
    """An SDK bundle copied into a repository: how to recognise it, and the module it stands for."""

    id: str
    module: str
    files: list[str] = field(default_factory=list)  # globs on the file name, lower case
    markers: list[str] = field(default_factory=list)  # text only the bundle holds
    verified: str = "unverified"
    #: a copied library of no vendor's service (a mini-game adapter, an engine): it stands for no catalogued import
    library: bool = False

    def matches(self, relpath: str, head: str) -> bool:
        name = relpath.rsplit("/", 1)[-1].lower()
        return any(glob_match(name, g) for g in self.files) or any(m in head for m in self.markers)


@dataclass(eq=False, repr=False)  # (a holder for one run: no generated methods it never uses)
class Catalogue:
    """The signal catalogues, merged: entries, features, business types and how to match signals."""

    entries: list[SignalEntry] = field(default_factory=list)
    features: dict[str, dict[str, Any]] = field(default_factory=dict)
    business_types: list[dict[str, Any]] = field(default_factory=list)
    #: global API object -> the platforms and frameworks where it is the platform API
    namespaces: dict[str, list[str]] = field(default_factory=dict)
    #: cross-platform API object -> the native object whose API it mirrors (``Taro`` -> ``wx``)
    mirrors: dict[str, str] = field(default_factory=dict)
    #: expressions that are the global object (``window``, ``Laya.Browser.window``): ``window.wx`` is ``wx``
    global_objects: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    vendored_sdks: list[VendoredSdk] = field(default_factory=list)
    _sdk_regexes: tuple[re.Pattern[str] | None, tuple[str, ...]] | None = None
    _sdk_asked: int = 0  # files asked about before ``_sdk_regexes`` was compiled
    _exact: dict[tuple[str, str], list[SignalEntry]] = field(default_factory=dict)
    _patterns: dict[str, list[tuple[str, SignalEntry]]] = field(default_factory=dict)
    #: matches of the signals seen so far, by what matching reads of a signal (cleared by ``add``)
    _matched: dict[tuple[Any, ...], list[SignalEntry]] = field(default_factory=dict)
    #: kind -> word -> entries matching by words (semantic vocabulary)
    _words: dict[str, dict[str, list[SignalEntry]]] = field(default_factory=dict)
    #: kind -> (lower-case text, entry) matching as a substring of the signal's name
    _contains: dict[str, list[tuple[str, SignalEntry]]] = field(default_factory=dict)
    #: how semantic signals combine (``[semantic]``): need_kinds, action_kinds, confidence
    semantic: dict[str, Any] = field(default_factory=dict)
    #: the exact endpoint names and their entries (``_endpoints``; built when first needed, dropped by ``add``)
    _endpoint_list: list[tuple[str, list[SignalEntry]]] | None = None
    #: kind -> every exact name of that kind (``names``; built when first asked, dropped by ``add``)
    _names: dict[str, frozenset[str]] = field(default_factory=dict)
    #: the ids of ``entries`` (each names one entry)
    _ids: set[str] = field(default_factory=set)

    def add(self, data: dict[str, Any], origin: str) -> None:
        error = first_schema_error("catalogue.schema.json", data)
        if error:
            raise DataError(f"signal catalogue {origin}: {error}")
        self._matched.clear()
        self._endpoint_list = None
        self._names.clear()
        for f in data.get("feature", []):
            self.features[f["id"]] = f
        self.business_types.extend(data.get("business_type", []))
        for ns, where in data.get("namespaces", {}).items():
            self.namespaces.setdefault(ns, [])
            self.namespaces[ns] += [w for w in where if w not in self.namespaces[ns]]
        self.mirrors.update(data.get("api_mirrors", {}))
        self.global_objects += [g for g in data.get("global_objects", []) if g not in self.global_objects]
        self._sdk_regexes = None
        for raw in data.get("vendored_sdk", []):
            self.vendored_sdks.append(VendoredSdk(raw["id"], raw["module"], [g.lower() for g in raw.get("files", [])],
                                                  list(raw.get("markers", [])), raw["verified"],
                                                  bool(raw.get("library", False))))
        self.sources.update(data.get("sources", {}))
        self.semantic.update(data.get("semantic", {}))
        known = set(self.features)
        for f in data.get("feature", []):  # the features a feature's semantic rule names must exist
            named = set(f.get("semantic_action_features", [])) | set(f.get("semantic_unless_features", [])) | {
                n for needs in f.get("semantic_action_requires", {}).values() for n in needs} | (
                {f["yields_to"]} if f.get("yields_to") else set())
            if named - known:
                raise DataError(f"signal catalogue {origin}: feature {f['id']} names unknown features "
                                f"{sorted(named - known)} in its semantic rule or yields_to")
        for raw in list(data.get("signal", [])) + _vocabulary_entries(data.get("vocabulary", [])):
            entry = SignalEntry(
                id=raw["id"],
                kind=raw["kind"],
                names=list(raw["names"]),
                features=dict(raw.get("features", {})),
                verified=raw["verified"],
                source=raw.get("source", ""),
                note=raw.get("note", ""),
                attrs=dict(raw.get("attrs", {})),
                attrs_not=dict(raw.get("attrs_not", {})),
                attrs_contains={k: [v] if isinstance(v, str) else list(v)
                                for k, v in raw.get("attrs_contains", {}).items()},
                attrs_present=list(raw.get("attrs_present", [])),
                bound=bool(raw.get("bound", False)),
                origin=raw.get("origin", ""),
                provider=raw.get("provider", ""),
                group=raw.get("group", ""),
                match=raw.get("match", "exact"),
                unless_words=frozenset(raw.get("unless_words", [])),
                fallback=bool(raw.get("fallback", False)),
                opens_socket=bool(raw.get("opens_socket", False)),
                unless_path_words=frozenset(raw.get("unless_path_words", [])),
            )
            if entry.id in self._ids:
                raise DataError(f"signal catalogue {origin}: {entry.id} is the id of another entry already "
                                "(ids are stable and name one entry: give it its own, and a shared group if they "
                                "count as one)")
            self._ids.add(entry.id)
            if entry.kind in ("field", "model", "option", "role") and any(n != n.lower() for n in entry.names):
                # (the semantic reader emits a request's keys lower-cased: nickName → nickname)
                raise DataError(f"signal catalogue {origin}: {entry.id} names {entry.kind}s in lower case only, not "
                                f"{sorted(n for n in entry.names if n != n.lower())}")
            unknown = set(entry.features) - known
            if unknown and known:
                raise DataError(f"signal catalogue {origin}: {entry.id} names unknown features {sorted(unknown)}")
            self.entries.append(entry)
            if entry.match == "words":
                for name in entry.names:  # "vip+order": indexed under its first word, checked for both
                    self._words.setdefault(entry.kind, {}).setdefault(name.lower().split("+")[0], []).append(entry)
                continue
            if entry.match == "contains":
                self._contains.setdefault(entry.kind, []).extend((n.lower(), entry) for n in entry.names)
                continue
            for name in entry.names:
                if any(ch in name for ch in "*?["):
                    self._patterns.setdefault(entry.kind, []).append((name, entry))
                else:
                    self._exact.setdefault((entry.kind, name), []).append(entry)
        for f in data.get("feature", []):  # what a yield names must be there: a typo would yield always
            if f.get("yields_to") == f["id"]:
                raise DataError(f"signal catalogue {origin}: feature {f['id']} yields to itself")
            missing = [u for u in f.get("yields_unless", []) if not any(names_entry(u, i) for i in self._ids)]
            if missing:
                raise DataError(f"signal catalogue {origin}: feature {f['id']} names unknown entries {missing} "
                                "in yields_unless")

    def namespaces_for(self, platform: str, framework: str) -> set[str]:
        """The API objects that are the platform's in a project of this platform and framework."""
        return {ns for ns, where in self.namespaces.items() if platform in where or framework in where}

    def socket_openers(self) -> frozenset[str]:
        """The API names whose call opens a WebSocket (entries marked ``opens_socket``)."""
        found = self._names.get("\0socket")
        if found is None:
            found = self._names["\0socket"] = frozenset(n for e in self.entries if e.opens_socket and e.kind == "api"
                                                         for n in e.names)
        return found

    def names(self, kind: str) -> frozenset[str]:
        """Every exact name of one kind (extractors use it as a prefilter; built once per kind, not
        per file)."""
        found = self._names.get(kind)
        if found is None:
            found = self._names[kind] = frozenset(name for (k, name) in self._exact if k == kind)
        return found

    def patterns(self, kind: str) -> list[str]:
        return [p for p, _ in self._patterns.get(kind, [])]

    def words(self, kind: str) -> set[str]:
        """The vocabulary (lower case) of the entries of one kind that match by words (of a pair
        ``vip+order``, its first word)."""
        return set(self._words.get(kind, {}))

    def _word_entries(self, kind: str) -> list[SignalEntry]:
        """The entries of one kind that match by words, each once (``_words`` lists an entry under
        each of its words: ~11 times over)."""
        return list({id(e): e for entries in self._words.get(kind, {}).values() for e in entries}.values())

    def single_words(self, kind: str) -> set[str]:
        """The words (lower case) of the entries of one kind that match by words, not as a pair."""
        return {n.lower() for e in self._word_entries(kind) for n in e.names if "+" not in n}

    def pairs(self, kind: str) -> set[tuple[str, str]]:
        """The pairs (``vip+order`` → (vip, order)) of the entries of one kind that match by words."""
        return {tuple(n.lower().split("+", 1)) for e in self._word_entries(kind)  # type: ignore[misc]
                for n in e.names if "+" in n}

    def texts(self, kind: str) -> set[str]:
        """The texts (lower case) of the entries of one kind that match as substrings."""
        return {text for text, _ in self._contains.get(kind, [])}

    def match(self, signal: Signal) -> list[SignalEntry]:
        """The entries matching ``signal``: its kind, name, attributes and origin decide, so a
        project's many signals of the same API are matched once."""
        attrs = signal.attrs
        key = (signal.kind, signal.name, signal.origin, tuple(sorted(attrs.items())) if attrs else ())
        found = self._matched.get(key)
        if found is None:
            found = self._matched[key] = self._match(signal)
        if any(e.unless_path_words for e in found):  # (the path is no part of the key: looked at here)
            said = path_words(signal.location.path)
            return [e for e in found if not (e.unless_path_words and e.unless_path_words & said)]
        return list(found)

    def match_table(self, signals: list[Signal]) -> list[list[Any]]:
        """What ``match`` found so far for ``signals``, as JSON values (a key's parts, then its entries'
        ids), for a project snapshot to keep: the next run teaches it back (``learn_matches``) instead
        of matching every signal of the project again. A snapshot's key holds the engine's
        fingerprint, so it is only read back by the same catalogue."""
        out: list[list[Any]] = []
        seen: set[tuple[Any, ...]] = set()
        for s in signals:
            key = (s.kind, s.name, s.origin, tuple(sorted(s.attrs.items())))
            if key in seen:
                continue
            seen.add(key)
            found = self._matched.get(key)
            if found is None or not all(isinstance(p, str) for p in (s.kind, s.name, s.origin, *s.attrs.values())):
                continue
            out.append([s.kind, s.name, s.origin, [list(p) for p in key[3]], [e.id for e in found]])
        return out

    def learn_matches(self, table: Any) -> None:
        """The matches of ``match_table`` kept by a snapshot, validated: each part a string and each id
        one of this catalogue's entries; anything else and nothing is learned. A match already made
        in this run is kept."""
        by_id = {e.id: e for e in self.entries}
        learned: dict[tuple[Any, ...], list[SignalEntry]] = {}
        try:
            for kind, name, origin, attrs, ids in table:
                if type(kind) is not str or type(name) is not str or type(origin) is not str or \
                        type(attrs) is not list or not all(type(pair) is list for pair in attrs):
                    return
                pairs = tuple(map(tuple, attrs))
                for key, value in pairs:  # (a pair of two: else ValueError)
                    if type(key) is not str or type(value) is not str:
                        return
                learned[(kind, name, origin, pairs)] = [by_id[i] for i in ids]
        except (KeyError, TypeError, ValueError):
            return
        for key, entries in learned.items():
            self._matched.setdefault(key, entries)

    def _endpoints(self) -> list[tuple[str, list[SignalEntry]]]:
        """The exact endpoint names with their entries, in catalogue order (built once, not per signal)."""
        if self._endpoint_list is None:
            self._endpoint_list = [(name, entries) for (kind, name), entries in self._exact.items()
                                   if kind == "endpoint"]
        return self._endpoint_list

    def _known_service(self, low: str) -> bool:
        """Whether an endpoint string holds the endpoint of a service the catalogue knows (a
        substring test per name: a few dozen names, where compiling one regex of them cost more
        than all the tests of a run)."""
        return any(name in low for name, _ in self._endpoints())

    def _listed(self, kind: str, name: str) -> bool:
        """Whether some entry names ``name`` (exactly or by a pattern), whatever its attributes."""
        return (kind, name) in self._exact or any(
            glob_match(name, pattern) for pattern, _ in self._patterns.get(kind, []))

    def _match(self, signal: Signal) -> list[SignalEntry]:
        if "words" in signal.attrs:  # a semantic signal: only the vocabulary (the exact entries see the same
            return self._match_words(signal)  # string through the extractors' own signals)
        found = self._match_name(signal, signal.name)
        if signal.kind == "api" and "." in signal.name:
            ns, rest = signal.name.split(".", 1)
            native = self.mirrors.get(ns)
            if native and not self._listed("api", signal.name):  # `Taro.X` listed nowhere: the entries of `wx.X`
                found += [e for e in self._match_name(signal, f"{native}.{rest}") if e not in found]
        if len(found) > 1 and any(e.fallback for e in found):  # it gives way to an entry that says the same
            found = [e for e in found if not e.fallback or not any(  # thing better: one of its features
                not o.fallback and o.features.keys() & e.features.keys() for o in found)]
        return found

    def _match_name(self, signal: Signal, name: str) -> list[SignalEntry]:
        found = [e for e in self._exact.get((signal.kind, name), []) if e.attrs_match(signal)]
        for pattern, entry in self._patterns.get(signal.kind, []):
            if glob_match(name, pattern) and entry.attrs_match(signal) and entry not in found:
                found.append(entry)
        if signal.kind == "endpoint":
            low = signal.name.lower()
            for name, entries in self._endpoints():
                if name in low:
                    found.extend(e for e in entries if e not in found and e.attrs_match(signal))
        return found + [e for e in self._match_words(signal) if e not in found]

    def _match_words(self, signal: Signal) -> list[SignalEntry]:
        found: list[SignalEntry] = []
        if signal.kind == "endpoint" and self._known_service(signal.name.lower()):
            return found  # a known service's API path (…/chat/completions) speaks its vocabulary, not the app's
        by_word = self._words.get(signal.kind)
        if by_word and signal.attrs.get("words"):
            words = signal.attrs["words"].split()
            present = set(words)
            for word in words:
                for e in by_word.get(word, []):
                    if e in found or not e.attrs_match(signal) or (e.unless_words and e.unless_words & present):
                        continue
                    if any(_word_match(n.lower(), word, present) for n in e.names):
                        found.append(e)
        contains = self._contains.get(signal.kind)
        if contains:
            low = signal.name.lower()
            found.extend(e for text, e in contains if text in low and e not in found and e.attrs_match(signal))
        return found

    def evidence(self, signals: list[Signal]) -> list[Evidence]:
        out = []
        for s in signals:
            for entry in self.match(s):
                feats = {
                    f: ("supporting" if s.vendored and st == "strong" else st) for f, st in entry.features.items()
                    # a bundle's words say nothing of the app (nor of what it sells: a vocabulary's context)
                    if not (s.vendored and st in ("semantic", "context"))
                }
                if not feats:
                    continue
                strengths = set(feats.values())
                strength = next((x for x in ("strong", "supporting", "semantic") if x in strengths), "context")
                out.append(Evidence(entry.id, s, strength, entry.verified, feats, provider=entry.provider,
                                    group=entry.group or entry.id))
        return out

    def vendored_sdk_of(self, relpath: str, head: str) -> VendoredSdk | None:
        """The copied SDK bundle a script is (by its file name, or by text in ``head``), if any:
        one precompiled regex for the names and one for the markers, not a loop over the entries."""
        if not self.vendored_sdks:
            return None
        name = relpath.rsplit("/", 1)[-1].lower()
        if self._sdk_regexes is None and self._sdk_asked < 100:
            # the first files (all of a run that reads a few): a glob test per name (~10 µs a file)
            # rather than the regex's compile (~1 ms)
            self._sdk_asked += 1
            return next((sdk for sdk in self.vendored_sdks if sdk.matches(relpath, head)), None)
        if self._sdk_regexes is None:
            names = "|".join(f"(?:{fnmatch.translate(g)})" for sdk in self.vendored_sdks for g in sdk.files)
            self._sdk_regexes = (re.compile(names) if names else None,
                                 tuple(m for sdk in self.vendored_sdks for m in sdk.markers))
        names_re, marks = self._sdk_regexes
        # `in` per marker: a literal search is many times faster than a regex alternation of them
        if (names_re is None or not names_re.match(name)) and not any(m in head for m in marks):
            return None
        return next((sdk for sdk in self.vendored_sdks if sdk.matches(relpath, head)), None)

    def entry(self, signal_id: str) -> SignalEntry | None:
        for e in self.entries:
            if e.id == signal_id:
                return e
        return None


#: the literals that turn a boolean property off when it is bound to one (``{{false}}``, ``{{0}}``)
_OFF = frozenset({"false", "0", "''", '""', "null", "undefined"})


def _bound_off(value: str) -> bool:
    """Whether an attribute turns a boolean property off: only a binding of a false literal
    (``show-location="{{false}}"``, Vue's ``:show-location="false"`` as the template reader writes
    it, ``"{{false}}"``; Taro's ``showLocation={false}`` likewise). A value written as text is a
    string, and a non-empty string is true: WXML's data binding says not to write
    ``checked="false"``, a string that converts to true (developers.weixin.qq.com/miniprogram/dev/
    reference/wxml/data.html, 关键字); a bare attribute is true."""
    v = value.strip()
    return v.startswith("{{") and v.endswith("}}") and v[2:-2].strip().lower() in _OFF


def _attr_value(value: str) -> str:
    """An attribute's value as written, lower case; a literal in a data binding unwrapped
    (``{{ false }}`` is ``false``, ``{{'RTC'}}`` is ``rtc``), an expression left as it is."""
    v = value.strip().lower()
    if v.startswith("{{") and v.endswith("}}"):
        inner = v[2:-2].strip()
        if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
            return inner[1:-1]
        if inner in ("true", "false") or inner.replace(".", "", 1).isdigit():
            return inner
    return v


def _attr_values(value: str) -> tuple[str, ...]:
    """The values an attribute may take, as :func:`_attr_value` writes each: one, or each branch of a
    conditional expression bound whole (``{{agreed ? 'getPhoneNumber' : ''}}``, Vue's ``:open-type="agreed
    ? 'getPhoneNumber' : ''"`` as the template reader writes it; nested ones too), a branch that is no
    literal left as its expression. A template's data binding evaluates the expression (WXML's data
    binding names the ternary operation; Vue binds a JavaScript expression): the property is one of
    the branches."""
    v = value.strip()
    if not (v.startswith("{{") and v.endswith("}}")) or "?" not in v or len(v) > _MAX_CHOICE:
        return (_attr_value(value),)
    branches = _branches(v[2:-2])
    if branches is None:
        return (_attr_value(value),)
    return tuple(_attr_value("{{" + b + "}}") for b in branches)


#: a value listing names with "|", and the longest such value read
_NAME_LIST = re.compile(r"[\w-]+(?:\|[\w-]+)+")
_MAX_LIST = 200


def _names_of(value: str) -> tuple[str, ...]:
    """The values ``value`` is: itself, and each name of a list of names joined by ``|``. WeChat's
    button couples the privacy agreement with the phone number, real-time phone number or user info
    button that way, one tap both (``open-type="getPhoneNumber|agreePrivacyAuthorization"``, from
    base library 2.33.1: developers.weixin.qq.com/miniprogram/dev/framework/user-privacy/
    PrivacyAuthorize.html); such a button is a phone number button. Only names (letters, digits, ``_``,
    ``-``): a URL or an expression holding ``|`` stays one value."""
    if "|" not in value or len(value) > _MAX_LIST or _NAME_LIST.fullmatch(value) is None:
        return (value,)
    return (value, *value.split("|"))


#: the longest bound value read for its branches, and how deep conditionals nest in it
_MAX_CHOICE, _MAX_NESTING = 1000, 4
_OPENERS, _CLOSERS = "([{", ")]}"


def _branches(expr: str, depth: int = 0) -> list[str] | None:
    """The branches of a conditional expression (``c ? 'a' : x ? 'b' : ''`` → ``'a'``, ``'b'``,
    ``''``), or None when ``expr`` is none at its top level. A linear scan: quotes and brackets are
    skipped, ``?.`` and ``??`` are not the operator."""
    level, quote, question, nested, colon = 0, "", -1, 0, -1
    n = len(expr)
    i = 0
    while i < n:
        ch = expr[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch in _OPENERS:
            level += 1
        elif ch in _CLOSERS:
            level -= 1
        elif level == 0 and ch == "?":
            after = expr[i + 1:i + 2]
            if after == "?" or (after == "." and not expr[i + 2:i + 3].isdigit()):
                i += 2  # ?? and ?. are not the operator (but a?.5:1 is)
                continue
            if question < 0:
                question = i
            else:
                nested += 1
        elif level == 0 and ch == ":" and question >= 0:
            if nested:
                nested -= 1
            else:
                colon = i
                break
        i += 1
    if question < 0 or colon < 0:
        return None
    out: list[str] = []
    for part in (expr[question + 1:colon], expr[colon + 1:]):
        part = part.strip()
        if part[:1] == "(" and part[-1:] == ")" and _balanced(part[1:-1]):
            part = part[1:-1]  # (x ? 'a' : 'b'), not (b) + (c)
        inner = _branches(part, depth + 1) if depth < _MAX_NESTING and "?" in part else None
        out.extend(inner if inner is not None else [part.strip()])
    return out


def _balanced(text: str) -> bool:
    """Whether no parenthesis of ``text`` closes one it did not open (quotes not told apart: a
    parenthesis quoted in a branch leaves that branch an expression, as if unread)."""
    level = 0
    for ch in text:
        level += 1 if ch == "(" else -1 if ch == ")" else 0
        if level < 0:
            return False
    return level == 0


def names_entry(name: str, entry_id: str) -> bool:
    """Whether ``name`` (an entry's id, or a prefix of ids ending in ``.``: ``sem.payment.goods.``)
    names the entry ``entry_id``."""
    return entry_id == name or (name.endswith(".") and entry_id.startswith(name))


def path_words(path: str) -> frozenset[str]:
    """The words of a file's path, lower case, split as the semantic reader splits names
    (``pages/goodsManage/edit.js`` → pages, goods, manage, edit, js)."""
    from zizhi.words import split_words

    return frozenset(split_words(path))


def _word_match(name: str, word: str, present: set[str]) -> bool:
    """A vocabulary name matches a signal's word: ``comment`` itself, or the pair ``vip+order`` when
    ``word`` is ``vip`` and ``order`` is among the signal's words too."""
    if name == word:
        return True
    first, plus, second = name.partition("+")
    return bool(plus) and first == word and second in present


def _vocabulary_entries(vocabulary: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[[vocabulary]]`` of a feature as signal entries of strength ``semantic`` (or ``context``: words
    that describe the project, never show the feature): its words for endpoints, collections and
    names (matched as whole words), its texts for UI text (substrings)."""
    out: list[dict[str, Any]] = []
    for v in vocabulary:
        strength = v.get("strength", "semantic")
        shown = {feature: strength for feature in [v["feature"], *v.get("also", [])]}
        common = {"features": shown, "verified": v["verified"],
                  "source": v["source"],
                  "note": v["rationale"], **({"unless_words": v["unless"]} if v.get("unless") else {}),
                  **({"origin": v["origin"]} if v.get("origin") else {}),
                  **({"attrs": {"op": v["op"]}} if v.get("op") else {}),
                  **({"unless_path_words": v["unless_paths"]} if v.get("unless_paths") else {})}
        words = list(v.get("words", [])) + list(v.get("pairs", []))  # "a+b": both words in one name
        part = f"{v['feature']}.{v['part']}" if v.get("part") else v["feature"]  # a feature's second entry
        for kind in v.get("kinds", ["endpoint", "collection", "identifier"]) if words else []:
            out.append({"id": f"sem.{part}.{kind}", "kind": kind, "match": "words", "names": words,
                        **common})
        if v.get("texts"):
            out.append({"id": f"sem.{part}.text", "kind": "text", "match": "contains", "names": v["texts"],
                        **common})
    return out


def load_toml(path: Path) -> dict[str, Any]:
    """A TOML data file, parsed; the parse is remembered in the user cache by the file's hash."""
    from zizhi import usercache

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: {exc}") from exc
    key = usercache.key_of("toml", raw) if usercache.enabled() else ""
    if key:
        cached = usercache.get("toml", key)
        if isinstance(cached, dict):
            return cached
    try:
        data = loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, TOMLDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from exc
    if key:
        usercache.put("toml", key, data)
    return data
