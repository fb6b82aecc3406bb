"""The pre-commit path: fast start-up, the hook definitions, and ``zizhi check FILE ...``
(the changed-files hook) — plus ``pre-commit try-repo`` itself when pre-commit is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_project, write_files
from gitrepo import commit, git, make_repo

AD = '<ad unit-id="adunit-1" ad-type="banner" />\n'


def test_version_does_not_import_the_heavy_modules() -> None:
    code = ("import sys, zizhi.cli; zizhi.cli.main(['--version']); "
            "heavy = [m for m in ('tree_sitter', 'jsonschema', 'libcst', 'zizhi_plugins', 'zizhi.engine') "
            "if m in sys.modules]; assert not heavy, heavy")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("zizhi ")


def test_hook_definitions() -> None:
    yaml = pytest.importorskip("yaml")
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"zizhi", "zizhi-changed"}
    whole, changed = hooks["zizhi"], hooks["zizhi-changed"]
    assert whole["pass_filenames"] is False and whole["require_serial"] is True
    assert changed["pass_filenames"] is True
    import re

    for name in ("pages/a/a.js", "app.json", "pages/a/a.wxml", "src/x.ts", "zizhi.toml", "pages/a/a.wxs"):
        assert re.search(whole["files"], name) and re.search(changed["files"], name), name
    for name in ("README.md", "pages/a/a.wxss", "logo.png", "docs/x.txt", "package-lock.yaml"):
        assert not re.search(whole["files"], name) and not re.search(changed["files"], name), name


#: Every extension and file name the plugins are known to look at, and some they ignore.
EXTENSIONS = ("js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "d.ts", "wxs", "sjs", "qs", "uts", "vue", "nvue",
              "uvue", "wxml", "axml", "ttml", "swan", "qml", "ksml", "json", "json5", "wxss", "acss", "ttss", "css",
              "less", "scss", "py", "java", "kt", "kts", "go", "php", "rb", "cs", "toml", "txt", "xml", "yaml", "yml",
              "md", "png", "lock", "gradle", "mod", "in")
CANDIDATES = [f"x.{ext}" for ext in EXTENSIONS] + [
    "zizhi.toml", "pyproject.toml", "Pipfile", "pom.xml", "build.gradle", "build.gradle.kts", "go.mod",
    "composer.json", "requirements.txt", "requirements-dev.txt", "requirements.in", "package.json",
    "mini.project.json", "project.swan.json", "manifest.json", "pages.json", "X.WXML", "A.VUE"]


def test_hooks_cover_every_file_kind_zizhi_reads(tmp_path: Path) -> None:
    """For every platform and framework, a file the plugins classify as a kind to read (in the front
    end or in a backend folder) is one both hooks run on; an Alipay template is not "no files"."""
    yaml = pytest.importorskip("yaml")
    import re

    from zizhi.engine import load_engine
    from zizhi.model import Project

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    pm = load_engine().pm
    builds = [(p, "native") for p in ("wechat", "alipay", "douyin", "baidu", "qq", "kuaishou")]
    builds += [(p, fw) for fw in ("uni-app", "taro") for p in ("wechat", "alipay", "douyin")]
    read: set[str] = set()
    for platform, framework in builds:
        project = Project(root=tmp_path, relroot=".", platform=platform, framework=framework, kind="miniprogram",
                          backend_roots=["server"])
        for name in CANDIDATES:
            for rel in (f"pages/a/{name}", f"server/{name}", name):
                kind = pm.hook.zizhi_classify_file(relpath=rel, project=project)
                if kind and kind not in ("test", "dts"):
                    read.add(rel)
    assert {"pages/a/x.axml", "pages/a/x.ttml", "pages/a/x.swan", "pages/a/x.qml", "pages/a/x.ksml",
            "pages/a/x.sjs", "pages/a/x.nvue", "pages/a/x.uvue", "server/x.py", "server/pom.xml"} <= read
    for hook in hooks.values():
        missed = sorted(rel for rel in read if not re.search(hook["files"], rel))
        assert not missed, f"{hook['id']} skips files zizhi reads: {missed}"
    for rel in ("zizhi.toml", "app/zizhi.toml"):  # the config is read by name, not classified
        assert all(re.search(h["files"], rel) for h in hooks.values())


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo", {"pages/index/index.wxml": AD})
    (root / "README.md").write_text("# app\n", encoding="utf-8")
    return root


def test_changed_files_report_only_findings_touching_them(run, repo: Path) -> None:
    app = repo / "app"
    _, report = run.report(app / "pages" / "index" / "index.wxml")
    assert report["projects"][0]["root"] == "."
    assert [f["code"] for f in report["projects"][0]["findings"]] == ["ZZ101"]  # not ZZ100 (app.json)
    assert report["filtered"]["other_files"] == 1
    code, report = run.report(app / "app.js")
    assert code == 0 and report["projects"][0]["findings"] == []


def test_changed_manifest_or_config_reports_the_whole_project(run, repo: Path) -> None:
    _, report = run.report(repo / "app" / "app.json")
    assert sorted(f["code"] for f in report["projects"][0]["findings"]) == ["ZZ100", "ZZ101"]


def test_files_from_several_projects_and_none(run, repo: Path) -> None:
    write_files(repo / "other", {"project.config.json": '{"compileType": "miniprogram"}',
                                 "app.json": '{"pages": ["pages/a/a"]}', "pages/a/a.wxml": AD})
    pages = repo / "app" / "pages" / "index" / "index.wxml", repo / "other" / "pages" / "a" / "a.wxml"
    code, report = run.report(*pages, repo / "README.md")
    assert code in (0, 1)
    assert len(report["projects"]) == 2
    assert "README.md: not in a mini-program project; skipped" in run.stderr
    code, out = run("check", repo / "README.md")
    assert code == 0 and out == ""
    assert "nothing to check" in run.stderr


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the module: installed once from the local checkout."""
    return tmp_path_factory.mktemp("pc-home")


def _pre_commit() -> str | None:
    found = shutil.which("pre-commit")
    local = Path(sys.executable).parent / "pre-commit"
    return found or (str(local) if local.exists() else None)


@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit is not installed (pip install pre-commit)")
def test_pre_commit_try_repo_runs_both_hooks(repo: Path, pre_commit_home: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("the zizhi checkout is not a git repository")
    exe = _pre_commit()
    assert exe is not None
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home)}

    def try_repo(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, "try-repo", str(ROOT), *argv], cwd=repo, capture_output=True, text=True,
                              env=env, check=False, timeout=900)

    proc = try_repo("zizhi", "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the ad needs B25 and the filing is missing
    assert "ZZ100" in proc.stdout and "ZZ101" in proc.stdout, proc.stdout[-3000:]
    (repo / "app" / "app.js").write_text("App({ onLaunch() {} })\n", encoding="utf-8")
    git(repo, "add", "-A")
    proc = try_repo("zizhi-changed")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # app.js touches no finding
    commit(repo, "app.js")
    (repo / "app" / "pages" / "index" / "index.wxml").write_text("<view/>\n" + AD, encoding="utf-8")
    git(repo, "add", "-A")
    proc = try_repo("zizhi-changed", "--verbose")
    assert proc.returncode == 1 and "ZZ101" in proc.stdout  # a likely licence (a warning) blocks the commit


@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit is not installed (pip install pre-commit)")
@pytest.mark.parametrize("fixture, staged", [
    ("alipay", {"pages/pay/pay.axml": '<view><button onTap="pay">支付</button></view>\n<view>x</view>\n'}),
    ("uniapp", {"components/badge/badge.nvue": "<template><text>1</text></template>\n",
                "pages/extra/extra.uvue": "<template><view>x</view></template>\n"}),
])
def test_pre_commit_try_repo_runs_both_hooks_on_other_platforms(
        tmp_path: Path, pre_commit_home: Path, fixture: str, staged: dict[str, str]) -> None:
    """Staging only an Alipay template, or uni-app .nvue/.uvue components, runs both hooks (it said
    "no files to check" before). Offline: try-repo installs the hooks from this checkout."""
    if not (ROOT / ".git").exists():
        pytest.skip("the zizhi checkout is not a git repository")
    exe = _pre_commit()
    assert exe is not None
    repo = make_repo(tmp_path / "repo", {}, sub="scratch")
    shutil.rmtree(repo / "scratch")
    shutil.copytree(ROOT / "tests" / "fixtures" / fixture, repo / "app")
    commit(repo, fixture)
    write_files(repo / "app", dict(staged))
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for hook, code in (("zizhi", 1), ("zizhi-changed", 0)):  # the whole project has ZZ100; the staged files none
        proc = subprocess.run([exe, "try-repo", str(ROOT), hook, "--verbose"], cwd=repo, capture_output=True,
                              text=True, env=env, check=False, timeout=900)
        out = proc.stdout + proc.stderr
        assert "no files to check" not in out, out[-3000:]
        assert proc.returncode == code, out[-3000:]
        if hook == "zizhi":
            assert "ZZ100" in proc.stdout and "Failed" in proc.stdout, out[-3000:]
        else:
            assert "Passed" in proc.stdout, out[-3000:]


def test_github_action_definition_and_its_run_script(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    # zizhi runs in its own environment: setup-python leaves the job's Python alone, pip installs into a venv.
    (setup,) = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["update-environment"] is False
    (install,) = [s for s in steps if s.get("id") == "install"]
    assert "-m venv" in install["run"] and '"$bin/python" -m pip install' in install["run"]
    assert "GITHUB_ACTION_PATH" in install["run"]
    # A missing security-events permission (forks) does not fail the job.
    (upload,) = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["continue-on-error"] is True
    # --fail-on only when the input is set: by default the project's config decides.
    assert action["inputs"]["fail-on"]["default"] == ""
    (run_step,) = [s for s in steps if s.get("id") == "run"]

    def run_action(paths: Path, fail_on: str, args: str = "") -> tuple[subprocess.CompletedProcess[str], str]:
        """Run the step's script as the runner would, with this interpreter's zizhi as the action's."""
        output, summary = tmp_path / "output", tmp_path / "summary.md"
        output.write_text("", encoding="utf-8")
        env = {**os.environ, "ZIZHI_EXE": str(Path(sys.executable).parent / "zizhi"),
               "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
               "ZIZHI_PATHS": str(paths), "ZIZHI_FAIL_ON": fail_on, "ZIZHI_DIFF": "",
               "ZIZHI_BASELINE": "", "ZIZHI_LANG": "en", "ZIZHI_SARIF": str(tmp_path / "z.sarif"),
               "ZIZHI_ARGS": args}
        proc = subprocess.run(["bash", "-e", "-c", run_step["run"]], env=env, capture_output=True, text=True,
                              check=False)
        assert proc.returncode == 0, proc.stderr
        assert (tmp_path / "z.sarif").is_file() and summary.read_text(encoding="utf-8").startswith("## zizhi")
        return proc, output.read_text(encoding="utf-8").strip()

    proc, out = run_action(ROOT / "examples" / "ad-tool", "error", "--ignore ZZ100")
    assert out == "exit-code=1"  # ZZ203 is an error
    assert "::error file=examples/ad-tool/pages/index/index.js" in proc.stdout
    assert "ZZ100" not in proc.stdout
    # Without the input, the project's fail_on holds: "never" passes, the default (warning) fails on a warning.
    never = make_project(tmp_path / "never", {"pages/index/index.wxml": AD, "zizhi.toml": 'fail_on = "never"\n'})
    assert run_action(never, "")[1] == "exit-code=0"
    assert run_action(never, "warning")[1] == "exit-code=1"
    default = make_project(tmp_path / "default", {"pages/index/index.wxml": AD})
    assert run_action(default, "", "--ignore ZZ100")[1] == "exit-code=1"  # ZZ101 (likely B25) is a warning


def test_changed_files_outside_git_are_found_from_the_working_folder(run, tmp_path: Path, monkeypatch) -> None:
    """Outside a git repository a changed file is looked up to the working folder (where hooks
    run), so a cloud function's file is its project's, not "in no project"."""
    root = tmp_path / "proj"
    write_files(root, {
        "project.config.json": '{"miniprogramRoot": "miniprogram/", "cloudfunctionRoot": "cloudfunctions/"}',
        "miniprogram/app.json": '{"pages": ["pages/index/index"]}',
        "miniprogram/pages/index/index.wxml": AD,
        "cloudfunctions/pay/index.js": "const cloud = require('wx-server-sdk')\n"
                                       "exports.main = async () => cloud.cloudPay.unifiedOrder({})\n",
        "cloudfunctions/pay/package.json": '{"dependencies": {"wx-server-sdk": "*"}}',
    })
    monkeypatch.chdir(root)
    code, report = run.report("cloudfunctions/pay/index.js")
    assert "not in a mini-program project" not in run.stderr
    assert [p["root"] for p in report["projects"]] == ["."]
    assert code in (0, 1)


def test_a_file_belongs_to_the_project_seen_from_the_top(run, tmp_path: Path, monkeypatch) -> None:
    """From its own folder upwards, a page in miniprogram/ would first meet miniprogram/app.json and
    be scanned as a project of its own; seen from the top, it belongs to the project whose
    project.config.json makes miniprogram/ its app root (and attaches cloudfunctions/)."""
    root = tmp_path / "proj"
    write_files(root, {
        "project.config.json": '{"miniprogramRoot": "miniprogram/", "cloudfunctionRoot": "cloudfunctions/"}',
        "miniprogram/app.json": '{"pages": ["pages/index/index"]}',
        "miniprogram/pages/index/index.wxml": AD,
        "cloudfunctions/pay/index.js": "exports.main = async () => 1\n",
    })
    monkeypatch.chdir(root)
    _, report = run.report("miniprogram/pages/index/index.wxml")
    (project,) = report["projects"]
    assert [b["root"] for b in project["backends"]] == ["cloudfunctions"]
    assert "miniprogram/pages/index/index.wxml" in {e["path"] for f in project["features"] for e in f["evidence"]}
