"""Throw-away git repositories with commits, for ``--diff``, baselines and pre-commit tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import PROJECT_CONFIG, write_files

#: A one-page mini-program; pages/index/index.js starts with four plain lines so that edits can move code.
APP: dict[str, str | bytes] = {
    "project.config.json": PROJECT_CONFIG,
    "app.json": '{\n  "pages": ["pages/index/index"]\n}\n',
    "app.js": "App({})\n",
    "pages/index/index.wxml": "<view>index</view>\n",
    "pages/index/index.js": "// index page\nPage({\n  onLoad() {\n    console.log('hi')\n  }\n})\n",
}


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return proc.stdout


def make_repo(root: Path, files: dict[str, str | bytes] | None = None, sub: str = "app") -> Path:
    """A git repository at ``root`` holding the mini-program at ``root/sub``, committed once."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    git(root, "config", "user.name", "zizhi tests")
    git(root, "config", "user.email", "tests@zizhi.invalid")
    git(root, "config", "commit.gpgsign", "false")
    write_files(root / sub, {**APP, **(files or {})})
    commit(root, "initial")
    return root


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", message)
