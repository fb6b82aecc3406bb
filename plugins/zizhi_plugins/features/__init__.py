"""Features from evidence, and business types from features. The logic is generic; what counts
is data in the catalogue:

* a feature is present when one *strong* signal shows it, or when two different *supporting*
  signals do (a declared SDK plus a related component, say); *context* signals never suffice;
* a signal found only in a vendored bundle counts as supporting, not strong, and supporting signals
  that are all in vendored files make no feature (one of the app's own must be among them);
* a feature marked ``colocated`` needs its supporting signals in one page or component (the
  same path without extension: ``post.js`` + ``post.wxml``), not scattered over the project;
* a feature no strong or supporting signal shows can still come from *semantic* signals (the app's
  own endpoints, its data collections, UI text, the names of its functions and pages), but only
  when signals of ``semantic.need_kinds`` independent kinds agree and one of them is an *action*
  (``semantic.action_kinds``: an endpoint, a collection written or subscribed): UI text or names
  alone never make a feature (a borrowed action in a unit named after what it buys is one:
  ``semantic_borrowed_unit_words``). Such a feature has confidence ``low`` and says what agreed; a kind
  in ``semantic_action_requires`` acts only beside one of the features it names, and a feature is
  not found so beside a firm one its ``semantic_unless_features`` names (chat beside a model);
* a business type applies when all of its ``all`` features and one of its ``any`` features are
  present and none of its ``none`` features; ``fallback`` types apply when no other does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from zizhi import hookimpl
from zizhi.catalogue import names_entry
from zizhi.context import ScanContext
from zizhi.model import BusinessType, Evidence, Feature, Project, Severity
from zizhi.words import split_words


@hookimpl
def zizhi_detect(project: Project, evidence: list[Evidence], ctx: ScanContext) -> list[Feature]:
    by_feature: dict[str, list[tuple[str, Evidence]]] = {}
    for ev in evidence:
        for feature, strength in ev.features.items():
            by_feature.setdefault(feature, []).append((strength, ev))
    out = []
    # a feature with no evidence of its own may still be found from another's (a payment call on a
    # page named after a membership: ``semantic_borrowed_unit_words``), when there is such an action
    for feature, spec in ctx.catalogue.features.items():
        if spec.get("semantic_borrowed_unit_words") and feature not in by_feature \
                and _borrowed_actions(spec, by_feature):
            by_feature[feature] = []
    for feature, items in sorted(by_feature.items()):
        strong = [e for s, e in items if s == "strong"]
        supporting = [e for s, e in items if s == "supporting"]
        spec = ctx.catalogue.features.get(feature, {})
        need = int(spec.get("min_supporting", 2))
        because = ""
        if spec.get("colocated"):
            supporting, need, because = _best_unit(
                supporting, need, frozenset(spec.get("colocated_unless_words", [])), _own_part(project),
                frozenset(spec.get("colocated_named_words", [])))
        if strong:
            confidence = "high"
            because = ""
        elif len({e.group or e.signal_id for e in supporting}) >= need and \
                any(not e.signal.vendored for e in supporting):
            confidence = "medium"
        else:
            borrowed = _borrowed_actions(spec, by_feature)
            found = _semantic(feature, [e for s, e in items if s == "semantic"], project, ctx, borrowed,
                              own_supporting=_partners([e for s, e in items if s == "supporting"], spec,
                                                       _own_part(project))) \
                or _named_unit(feature, borrowed, spec, ctx, _own_part(project), project)
            if found is not None:
                out.append(found)
            continue
        ordered = sorted(strong, key=lambda e: e.signal.location) + sorted(supporting, key=lambda e: e.signal.location)
        out.append(Feature(feature, confidence, ordered, because=because))
    # an action that counts only beside another feature (a video picked where users post): a second look
    have = {f.id for f in out}
    for feature, items in sorted(by_feature.items()):
        spec = ctx.catalogue.features.get(feature, {})
        conditional = spec.get("semantic_action_requires") or {}
        if feature in have or not conditional:
            continue
        kinds = frozenset(kind for kind, needs in conditional.items() if have.intersection(needs))
        found = _semantic(feature, [e for s, e in items if s == "semantic"], project, ctx,
                          _borrowed_actions(spec, by_feature), kinds) if kinds else None
        if found is not None:
            out.append(found)
    # a feature the app's own words alone show, beside a firm feature that explains those words
    # otherwise (chats and messages in an app that talks to a language model are with the model)
    firm = {f.id for f in out if f.confidence in ("high", "medium")}
    low = str(ctx.catalogue.semantic.get("confidence", "low"))
    kept = []
    for f in out:
        beside = sorted(firm.intersection(ctx.catalogue.features.get(f.id, {}).get("semantic_unless_features", [])))
        if f.confidence != low or not beside:
            kept.append(f)
            continue
        where = f.evidence[0].signal.location if f.evidence else None
        ctx.diagnose("ZZ014", f"{f.id} from the app's own words ({f.because}) is not counted beside "
                     f"{', '.join(beside)}: its words are taken to be about that",
                     where.path if where else project.relroot, where.line if where else 0,
                     severity=Severity.NOTE)
    out = _yield(kept, evidence, project, ctx)
    return sorted(out, key=lambda f: f.id)


def _yield(found: list[Feature], evidence: list[Evidence], project: Project, ctx: ScanContext) -> list[Feature]:
    """A feature reported as the one its ``yields_to`` names when both are found and no evidence of
    ``yields_unless`` shows anywhere in the project: a payment call in an app whose only goods are
    virtual (credits, a membership: virtual_payment was found) and that shows no goods, delivery or
    booking is the virtual payment, not a second feature. The yielding feature's evidence joins
    the other's; a note (ZZ015) says what was read so."""
    out = list(found)
    for name in [f.id for f in found]:
        spec = ctx.catalogue.features.get(name, {})
        target, unless = spec.get("yields_to"), tuple(spec.get("yields_unless", ()))
        f = next((g for g in out if g.id == name), None)
        # (the target may have yielded itself already, to a third feature or back to this one: then
        # this one stays as it is, rather than join a feature no longer reported)
        other = next((g for g in out if g.id == target), None) if target and target != name else None
        if f is None or other is None:
            continue
        # the app's own code: a copied bundle's words and calls (a map SDK's chooseAddress) say
        # nothing of what the app sells
        if any(not e.signal.vendored and names_entry(u, e.signal_id) for e in evidence for u in unless):
            continue
        joined = Feature(other.id, other.confidence,
                         other.evidence + [e for e in f.evidence if e not in other.evidence], because=other.because)
        out = [joined if g is other else g for g in out if g is not f]
        where = f.evidence[0].signal.location if f.evidence else None
        sold = other.because or ", ".join(f"{e.signal.kind} {e.signal.name[:60]} ({e.signal.location.path})"
                                          for e in other.evidence[:2])
        ctx.diagnose("ZZ015", f"{f.id} is reported as {target}: what the project sells is {target} ({sold}), and "
                     f"nothing shows that it sells anything else (none of {', '.join(unless)})",
                     where.path if where else project.relroot, where.line if where else 0,
                     severity=Severity.NOTE)
    return out


def _kind_key(e: Evidence) -> str:
    """``collection:write`` for a collection written to; ``identifier:name`` for the name of a
    function, method or call the code holds (``identifier:route``, ``identifier:path`` for a page's
    route or a file's path: where code is, not what it does); the bare kind for the others."""
    if e.signal.kind == "identifier":
        return f"identifier:{e.signal.attrs.get('source') or 'name'}"
    op = e.signal.attrs.get("op", "")
    return f"{e.signal.kind}:{op}" if op else e.signal.kind


def _module_paths(project: Project, ctx: ScanContext) -> dict[str, list[str]]:
    """The project's file paths without their extension, and for ``a/b/index`` also ``a/b``, by
    their last name (``_is_module_path`` asks whether a path is one of their tails)."""
    key = f"features:module_paths:{project.root}:{project.relroot}:{project.platform}:{project.framework}"
    by_name: Any = ctx.memo.get(key)
    if by_name is None:
        by_name = {}
        for path in [f.relpath for f in project.files]:
            folder, slash, base = path.rpartition("/")
            dot = base.rfind(".")
            name = base[:dot] if dot >= 0 else base  # (the stem's last name)
            by_name.setdefault(name, []).append(folder + slash + name)
            if slash and name == "index":
                by_name.setdefault(folder.rpartition("/")[2], []).append(folder)
        ctx.memo[key] = by_name
    return by_name


def _is_module_path(path: str, project: Project, ctx: ScanContext) -> bool:
    """Whether ``path`` is a tail of a file path of the project without its extension (``a/b/index``
    has the tails ``a/b/index``, ``b/index``, ``index``, ``a/b``, ``b``): a "path" string naming one
    is a page or module of the app (an internal router's table), not an endpoint of its backend.
    (A tail ends with the path's last name: only the paths of that last name are looked at.)"""
    return any(stem == path or stem.endswith("/" + path)
               for stem in _module_paths(project, ctx).get(path.rpartition("/")[2], ()))


def _names_a_module(e: Evidence, project: Project, ctx: ScanContext) -> bool:
    if e.signal.kind != "endpoint" or "://" in e.signal.name or \
            e.signal.attrs.get("source") in ("service", "cloud-function", "dispatch", "socket"):
        return False  # (Comment.Add names a service, not a file Comment with an extension .Add; a cloud
        # function's name is the folder of the function it calls: the backend, not a page of a router)
    path = e.signal.name.split("?", 1)[0].strip("/")
    if "." in path.rsplit("/", 1)[-1]:
        path = path.rsplit(".", 1)[0]
    return _is_module_path(path, project, ctx)


def _borrowed_actions(spec: dict[str, Any], by_feature: dict[str, list[tuple[str, Evidence]]]) -> list[Evidence]:
    """Strong evidence of the features named in ``semantic_action_features``: for
    ``virtual_payment``, a payment call is the act of buying; what is bought is in the app's words."""
    out: list[Evidence] = []
    for other in spec.get("semantic_action_features", []):
        out.extend(e for s, e in by_feature.get(other, []) if s == "strong" and e not in out)
    return out


def _own_part(project: Project) -> Callable[[str], str]:
    """A file's path within its project, without extension: the words the project's own folder's name
    holds (``ChatRun/``, ``comment-app/``) say nothing of one page."""
    prefix = "" if project.relroot in ("", ".") else project.relroot.rstrip("/") + "/"

    def own(path: str) -> str:
        path = path[len(prefix):] if prefix and path.startswith(prefix) else path
        return path.rsplit(".", 1)[0]
    return own


def _partners(supporting: list[Evidence], spec: dict[str, Any],
              own: Callable[[str], str] = lambda p: p.rsplit(".", 1)[0]) -> list[Evidence]:
    """The feature's supporting evidence too few to count alone, as partners of its semantic
    evidence (a composer's textarea and image picker beside an endpoint that writes posts); for a
    colocated feature, not from a unit its ``colocated_unless_words`` name (a comment's composer)."""
    unless = frozenset(spec.get("colocated_unless_words", [])) if spec.get("colocated") else frozenset()
    if not unless:
        return supporting
    from zizhi_plugins.semantic import split_words

    return [e for e in supporting if unless.isdisjoint(split_words(own(e.signal.location.path)))]


def _semantic(feature: str, evidence: list[Evidence], project: Project, ctx: ScanContext,
              borrowed: list[Evidence] | None = None, conditional: frozenset[str] = frozenset(),
              own_supporting: list[Evidence] | None = None) -> Feature | None:
    """A feature from semantic evidence, if independent kinds agree and one of them is an action.
    Independent: of different kinds and from different files (an endpoint and the name of the
    wrapper function right beside it are one fact). ``borrowed``: strong evidence of another
    feature that acts for this one (``semantic_action_features``); ``conditional``: kinds that act
    here because the features they need are present (``semantic_action_requires``);
    ``own_supporting``: the feature's own supporting evidence, which may agree with an action but
    never acts."""
    rule = ctx.catalogue.semantic
    if not evidence or not rule:
        return None
    evidence = [e for e in evidence if not _names_a_module(e, project, ctx)]
    spec = ctx.catalogue.features.get(feature, {})
    actions = set(spec.get("semantic_action_kinds") or rule.get("action_kinds", [])) | conditional
    borrowed = borrowed or []
    evidence = evidence + [e for e in borrowed if e not in evidence]
    action_words = frozenset(spec.get("semantic_action_words", []))
    unit_unless = frozenset(spec.get("semantic_action_unless_unit_words", []))
    own_part = _own_part(project)

    def private(e: Evidence) -> bool:  # made where what is sent goes to a person (a chat's video)
        return bool(unit_unless) and not unit_unless.isdisjoint(split_words(own_part(e.signal.location.path)))

    acting = [e for e in evidence if e in borrowed or (
        (e.signal.kind in actions or _kind_key(e) in actions)
        and (not action_words or not action_words.isdisjoint(e.signal.attrs.get("words", "").split()))
        and not private(e))]
    named_acts: list[Evidence] = []  # (after the others: an endpoint or a collection says more)
    if spec.get("semantic_saving_unit"):
        saving, own = _saving_units(project, ctx), own_part
        named_acts = sorted((e for e in evidence if e not in acting and _kind_key(e) == "identifier:path"
                             and e.signal.location.path.rsplit(".", 1)[0] in saving
                             and _own_path_names(feature, e, own, ctx)),
                            key=lambda e: e.signal.location)
    evidence = evidence + [e for e in own_supporting or [] if e not in evidence]
    by_kind: dict[str, list[Evidence]] = {}
    for e in sorted(evidence, key=lambda e: e.signal.location):
        by_kind.setdefault(e.signal.kind, []).append(e)
    acting = sorted(acting, key=lambda e: e.signal.location) + named_acts
    if len(by_kind) < int(rule.get("need_kinds", 2)) or not acting:
        return None
    if not set(spec.get("semantic_required_kinds", [])) <= set(by_kind):
        return None
    # Another kind than the action's must show from another file than the action's.
    need_files = int(rule.get("min_files", 2))
    ordered_ev = sorted(evidence, key=lambda e: e.signal.location)
    # a borrowed action (a payment call) pairs only with the kinds the feature names: the app's own
    # names of what is bought, not a line of UI text that any shop may show
    partners = set(spec.get("semantic_borrowed_partners", []))
    partner_entries = frozenset(spec.get("semantic_borrowed_partner_entries", []))  # whatever their kind
    # a page's name that saves (semantic_saving_unit) is confirmed only by the app's own words (its
    # text, names, endpoints, collections), never by a composer's parts elsewhere: pages/freePost that
    # saves an address mails a bag (post: 邮寄); a textarea on another page does not make it a post
    partner_only, named = {id(e) for e in own_supporting or []}, {id(e) for e in named_acts}

    def agrees(a: Evidence, o: Evidence) -> bool:
        if o.signal.kind == a.signal.kind or o in borrowed or _one_fact(a, o):
            return False
        if id(a) in named and id(o) in partner_only:
            return False
        if a in borrowed and o.signal_id in partner_entries:
            return True  # (the iOS notice beside the payment call it refuses: two facts, though in one file)
        return (not partners or a not in borrowed or o.signal.kind in partners) \
            and (need_files <= 1 or a.signal.location.path != o.signal.location.path)

    pair = next(((a, o) for a in acting for o in ordered_ev
                 if agrees(a, o)), None)
    if pair is None:
        return None
    # what the report shows as "because": the agreeing pair (the action first), then one of each other kind
    leads = list(pair) + [kinds[0] for kind, kinds in sorted(by_kind.items())
                          if kind not in (pair[0].signal.kind, pair[1].signal.kind)]
    because = " + ".join(f"{e.signal.kind} {e.signal.name[:60]} ({e.signal.location.path})" for e in leads)
    ordered = leads + [e for e in ordered_ev if e not in leads]
    return Feature(feature, str(rule.get("confidence", "low")), ordered, because=because)


def _saving_units(project: Project, ctx: ScanContext) -> frozenset[str]:
    """The app's own pages and components (paths without extension) whose script saves data: a
    collection added to or updated, a cloud function that does not only read, a request helper
    named after a writing HTTP method or given ``method: 'POST'`` (the ``write`` signal)."""
    # (one root may hold a project per platform, each with its own signals: uni-app's #ifdef MP-ALIPAY)
    key = f"features:saving_units:{project.root}:{project.relroot}:{project.platform}:{project.framework}"
    units: Any = ctx.memo.get(key)
    if units is None:
        units = frozenset(s.location.path.rsplit(".", 1)[0] for s in project.signals
                          if s.kind == "write" and s.origin == "frontend" and not s.vendored)
        ctx.memo[key] = units
    return units if isinstance(units, frozenset) else frozenset(units)


def _own_path_names(feature: str, e: Evidence, own: Callable[[str], str], ctx: ScanContext) -> bool:
    """Whether the path of the file of ``e`` (a path's identifier) within its project names
    ``feature``: a project folder named ``ChatRun/`` or ``comment-app/`` says nothing of its pages, so
    a page of it that saves does not act for a chat or a comment (the identifier's words, split and
    matched as the reader's are, without the project's folder)."""
    path = e.signal.location.path
    stem = own(path)
    if stem == path.rsplit(".", 1)[0]:
        return True  # (the project is the scan root: the identifier is the path within it)
    from zizhi_plugins.semantic import split_words, vocabulary

    words = split_words(stem, vocabulary(ctx).known)
    probe = dataclasses.replace(e.signal, name=stem, attrs={**e.signal.attrs, "words": " ".join(dict.fromkeys(words))})
    return any(feature in entry.features for entry in ctx.catalogue.match(probe))


def _named_unit(feature: str, borrowed: list[Evidence], spec: dict[str, Any], ctx: ScanContext,
                own: Callable[[str], str], project: Project) -> Feature | None:
    """A borrowed action made in a page or component named after what it acts for
    (``semantic_borrowed_unit_words``): a payment call in ``pages/vip/open.js`` buys a membership.
    The words are those of the file's path within its project, split like names; not a path that
    also names a shop's order or goods (``semantic_borrowed_unit_unless_words``: a shop's member
    centre, ``pages/member/order``), nor a server's source file (its packages are modules of a
    backend, ``com/shop/member/PayController.java``, not pages; a cloud function is one unit)."""
    words = frozenset(spec.get("semantic_borrowed_unit_words", []))
    if not words or not borrowed:
        return None
    from zizhi_plugins.semantic import split_words

    unless = frozenset(spec.get("semantic_borrowed_unit_unless_words", []))
    servers = tuple(b["root"].rstrip("/") + "/" for b in project.backends if b.get("kind") == "server")
    for e in sorted(borrowed, key=lambda e: e.signal.location):
        if servers and e.signal.location.path.startswith(servers):
            continue
        said = split_words(own(e.signal.location.path))
        named = words.intersection(said)
        if named and unless.isdisjoint(said):
            because = f"{e.signal.kind} {e.signal.name[:60]} in a unit named {', '.join(sorted(named))} " \
                      f"({e.signal.location.path})"
            return Feature(feature, str(ctx.catalogue.semantic.get("confidence", "low")), [e], because=because)
    return None


def _one_fact(a: Evidence, b: Evidence) -> bool:
    """A cloud function called by name and that function's own file path (``callFunction({ name:
    'sendMessage' })`` and ``cloudfunctions/sendMessage/index.js``) say one thing twice: not two kinds
    agreeing. Nor does a page's import of the app's socket manager (an endpoint whose ``opener`` is
    the manager: ``modules.socket_users``) with what the manager itself holds (its
    ``wx.connectSocket``): the import says what the manager's channel carries, not a second channel.
    A page that opens the socket itself has both in one file, which never agree."""
    for user, other in ((a, b), (b, a)):
        opener = user.signal.attrs.get("opener") if user.signal.kind == "endpoint" else None
        if opener and opener == other.signal.location.path:
            return True
    for call, other in ((a, b), (b, a)):
        if call.signal.kind == "endpoint" and call.signal.attrs.get("source") in ("cloud-function", "dispatch") \
                and other.signal.attrs.get("source") == "path":
            name = call.signal.name.split(" ", 1)[0].strip("/").rsplit("/", 1)[-1]
            if name and name in other.signal.location.path.split("/")[:-1]:
                return True
    return False


def _best_unit(evidence: list[Evidence], need: int, unless_words: frozenset[str] = frozenset(),
               own: Callable[[str], str] = lambda p: p.rsplit(".", 1)[0],
               named_words: frozenset[str] = frozenset()) -> tuple[list[Evidence], int, str]:
    """The supporting evidence of the first page/component unit that has enough of it, how many
    signals that unit needed, and why it needed fewer (""). A unit whose path holds one of
    ``unless_words`` is something else (a composer on pages/commentPost writes a comment, not a
    post); one whose path holds one of ``named_words`` says what it does, and its name counts as
    one of the signals (a text field and a picture picked on pages/publish/publish: a composer)."""
    from zizhi_plugins.semantic import split_words

    units: dict[str, list[Evidence]] = {}
    for e in evidence:
        path = e.signal.location.path
        units.setdefault(path.rsplit(".", 1)[0] if "/" in path or "." in path else path, []).append(e)
    named_units: list[tuple[str, str]] = []
    # (a unit of the app's own code before one all in vendored files, which makes no feature: a copied
    # library's uploader sorting first must not hide the app's own composer)
    for unit in sorted(units, key=lambda u: (all(e.signal.vendored for e in units[u]), u)):
        words = split_words(own(units[unit][0].signal.location.path))
        if unless_words and unless_words.intersection(words):
            continue
        have = len({e.group or e.signal_id for e in units[unit]})
        if have >= need:
            return units[unit], need, ""
        named = sorted(named_words.intersection(words)) if need > 1 else []
        if named and have >= need - 1:
            named_units.append((unit, named[0]))
    # (a unit with enough signals of its own comes first, wherever it sorts: the name only makes up one)
    for unit, word in named_units[:1]:
        return units[unit], need - 1, f"a composer in {unit}, named {word}"
    return [], need, ""


@hookimpl
def zizhi_classify(project: Project, features: list[Feature], ctx: ScanContext) -> list[BusinessType]:
    have = {f.id for f in features}
    firm = {f.id for f in features if f.confidence != "low"}  # a guess from words never rules a type out
    out = []
    fallbacks = []
    for bt in ctx.catalogue.business_types:
        if bt.get("fallback"):
            fallbacks.append(bt)
            continue
        if bt.get("project_kinds") and project.kind not in bt["project_kinds"]:
            continue
        need_all = set(bt.get("all", []))
        need_any = set(bt.get("any", []))
        if not need_all <= have or (need_any and not need_any & have) or set(bt.get("none", [])) & firm:
            continue
        out.append(BusinessType(bt["id"], sorted(need_all | (need_any & have))))
    if not out:
        out.extend(BusinessType(bt["id"], []) for bt in fallbacks)
    return out
