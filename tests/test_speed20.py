"""Speed round 20: the changed-files hook's assembly asks only what it needs, with the same answers.

``modules._count_sayers`` counts only the names the assembly asks (the packed bytes of each asked
hash, searched at a hash's place) and must give ``Counter``'s counts over every file's hashes;
``Resolver.could_load`` rules a specifier out before it is resolved and must never rule out one
that ``resolve`` would take to a wanted file.
"""

from __future__ import annotations

import base64
import random
from collections import Counter

from zizhi import modules
from zizhi.model import ModuleRoots


def _reference(packed: list[str], stashed_known: bool) -> tuple[Counter[int], int]:
    counts: Counter[int] = Counter()
    says_all = 0
    for value in packed:
        if value == modules.STASHED and stashed_known:
            continue
        hashes = modules.unpack_names(value)
        if hashes is None:
            says_all += 1
            continue
        counts.update(hashes)
    return counts, says_all


def _names(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice("abcdefgXYZ_$0123") for _ in range(rng.randint(2, 7))) for _ in range(count)]


def test_counting_the_asked_names_gives_what_counting_every_name_gave() -> None:
    rng = random.Random(20)
    vocabulary = _names(rng, 300)
    for _round in range(60):
        packed = []
        for _file in range(rng.randint(0, 40)):
            pick = rng.random()
            if pick < 0.05:
                packed.append(modules.STASHED)
            elif pick < 0.1:
                packed.append(modules.ALL_NAMES)  # (not base64: a file that says every name)
            elif pick < 0.13:
                packed.append(base64.b64encode(bytes(rng.randrange(256) for _ in range(6))).decode())  # damaged
            elif pick < 0.16:
                packed.append("")
            elif pick < 0.2:  # a forged entry: the same hash many times, unsorted
                packed.append(base64.b64encode(rng.choice(vocabulary).encode()[:4].ljust(4, b"x") * 9).decode())
            else:
                packed.append(modules.pack_names(" ".join(rng.sample(vocabulary, rng.randint(1, 60)))))
        asked = {modules.name_hash(n) for n in rng.sample(vocabulary, rng.randint(1, 12))}
        asked.add(int.from_bytes(b"abcx", "little"))
        for stashed_known in (True, False):
            want, want_all = _reference(packed, stashed_known)
            got, got_all = modules._count_sayers(packed, asked, stashed_known)
            assert got_all == want_all
            assert {h: got[h] for h in asked} == {h: want[h] for h in asked}


def test_bytes_that_step_through_many_false_places_are_counted_whole(monkeypatch) -> None:
    # every 4-byte window of 01 02 03 04 05 06 07 08 … holds 02 03 04 05 at a place that is no hash's
    packed = [base64.b64encode(bytes(range(1, 9)) * 5000).decode(), modules.pack_names("alpha beta")]
    asked = {int.from_bytes(bytes([2, 3, 4, 5]), "little"), int.from_bytes(bytes([1, 2, 3, 4]), "little"),
             modules.name_hash("alpha")}
    monkeypatch.setattr(modules, "_COUNT_STEPS", 10)
    got, says_all = modules._count_sayers(packed, asked, True)
    want, _ = _reference(packed, True)
    assert says_all == 0 and {h: got[h] for h in asked} == {h: want[h] for h in asked}
    assert got[int.from_bytes(bytes([1, 2, 3, 4]), "little")] == 5000
    many = {modules.name_hash(n) for n in _names(random.Random(3), modules._COUNT_ASKED + 5)} | asked
    got, _ = modules._count_sayers(packed, many, True)
    assert {h: got[h] for h in many} == {h: want[h] for h in many}


def test_a_specifier_ruled_out_never_resolves_to_a_wanted_file() -> None:
    rng = random.Random(7)
    folders = ["", "utils", "utils/net", "pages/chat", "src", "src/api", "components/socket", "lib"]
    stems = ["index", "socket", "ws", "api", "chat", "index.weapp", "socket.weapp", "net"]
    exts = [".js", ".ts", ".vue", ".json", ".wxs", ".css", ""]
    for _round in range(40):
        files = sorted({"/".join(p for p in (rng.choice(folders), rng.choice(stems) + rng.choice(exts)) if p)
                        for _ in range(rng.randint(5, 30))})
        roots = ModuleRoots(entries=[], aliases=rng.choice([{}, {"@/": "src/"}, {"~ws": "utils/ws.js", "@": ""}]),
                            bases=rng.choice([[], ["src"], ["/"]]), suffixes=rng.choice([[], [".weapp"]]))
        resolver = modules.Resolver(files, roots, dict(roots.aliases))
        wanted = set(rng.sample(files, rng.randint(1, min(4, len(files)))))
        test = resolver.could_load(wanted)
        specs = ["./socket", "../utils/ws", "/utils/ws", "utils/ws.js", "@/api", "@/api/index", "~ws", ".", "..",
                 "./", "/", "socket", "net", "./net/index", "components/socket", "@", "lib/index.weapp", "@/",
                 "../../x", "./chat?x=1", "style!./socket", "https://x/y.js", "plugin://p/x", ""]
        specs += ["/".join(rng.choice([".", "..", *folders[1:], *stems]) for _ in range(rng.randint(1, 3)))
                  for _ in range(30)]
        for spec in specs:
            for importer in files:
                if wanted & set(resolver.resolve(spec, importer)):
                    assert test(spec, importer), (spec, importer, files, roots, wanted)
