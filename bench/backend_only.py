"""What the backend scan alone finds in a repository whose front end zizhi cannot read yet.

Builds a throw-away scan root holding a stub WeChat mini-program and symbolic links to the
repository's backend folders (so the ``backend`` plugin attaches them to the stub, exactly as it
attaches ``repo/server`` to ``repo/miniprogram``), runs zizhi, and prints the backends and every
feature with backend evidence. Not part of CI; it needs the checkouts.

    python bench/backend_only.py /work/corpus/unimall-shop unimall-biz unimall-app-api unimall-admin-api
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from zizhi.context import Options
from zizhi.engine import check, load_engine


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("repo", type=Path)
    ap.add_argument("folders", nargs="+", help="backend folders of the repository (relative to it)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zizhi-backend-") as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()
        stub = root / "miniprogram-stub"
        stub.mkdir()
        (stub / "project.config.json").write_text('{"appid": "wx0000000000000000", "compileType": "miniprogram"}')
        (stub / "app.json").write_text('{"pages": ["pages/index/index"]}')
        for folder in args.folders:
            (root / Path(folder).name).symlink_to((args.repo / folder).resolve(), target_is_directory=True)
        report = check([root], load_engine(), Options()).to_dict()
    out = sys.stdout
    for p in report["projects"]:
        out.write(f"backends: {json.dumps(p['backends'], ensure_ascii=False)}\n")
        for f in p["features"]:
            backend = [e for e in f["evidence"] if e["origin"] == "backend"]
            out.write(f"  {f['id']:<16} {f['confidence']:<6} {len(backend)} backend evidence\n")
            for e in backend[:5]:
                extra = f"  ({e['provider']})" if e.get("provider") else ""
                out.write(f"      {e['path']}:{e['line']}  {e['signal']}  {e['name'][:90]}  [{e['strength']}]{extra}\n")
        licences = [(o["id"], o["level"]) for o in p["obligations"] if o["kind"] in ("licence", "filing")]
        out.write(f"  licences: {licences}\n")
        for d in p["diagnostics"][:10]:
            out.write(f"  diagnostic {d['code']} {d['path']}:{d['line']} {d['message'][:100]}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
