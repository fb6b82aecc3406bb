"""The command line's help in Chinese (``zizhi --lang zh --help``, or a ``zh_*`` locale).

``HELP_ZH`` maps each English help text of ``cli.build_parser`` to its Chinese; ``translate``
rewrites a built parser with it, and the section titles and usage prefix of argparse too. A test
checks that every help text of every command has its Chinese, so a new option cannot ship without.
"""

from __future__ import annotations

import argparse
from typing import Any

from zizhi.cliutil import HelpFormatter

HELP_ZH: dict[str, str] = {
    "资质 zizhi: which licences, filings and 服务类目 a mini-program's features need.":
        "资质 zizhi：小程序的功能需要哪些许可证、备案和服务类目。",
    "show this help message and exit": "显示此帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "scan projects and report what they need": "扫描项目并报告其所需资质",
    "remove the per-file cache of the given folders (and a .zizhi_cache/ folder an older zizhi left in them)":
        "删除所给文件夹的逐文件缓存（以及旧版 zizhi 留在其中的 .zizhi_cache/ 文件夹）",
    "explain a rule code (ZZ101) or a licence id (ICP_B25)": "解释规则代码（ZZ101）或许可证编号（ICP_B25）",
    "list every rule (markdown: the docs/rules.md page)": "列出全部规则（markdown：即 docs/rules.md 页面）",
    "list the licences and filings of the policy packs": "列出策略包中的许可证与备案",
    "list plugins and the hooks each implements": "列出插件及其实现的钩子",
    "write a starting zizhi.toml from what is detected": "根据检测结果生成初始 zizhi.toml",
    "folders to scan (default: .); files: scan the project holding each file and report only findings touching "
    "those files (the pre-commit changed-files hook)":
        "要扫描的文件夹（默认：.）；给出文件时：扫描包含该文件的项目，只报告涉及这些文件的问题"
        "（pre-commit 变更文件钩子）",
    "output format: text, concise, json, sarif, github, gitlab, junit, markdown (default: text); repeatable, "
    "FORMAT:FILE writes that format to FILE":
        "输出格式：text、concise、json、sarif、github、gitlab、junit、markdown（默认：text）；可重复，"
        "FORMAT:FILE 把该格式写入 FILE",
    "text: every piece of evidence, the legal basis and the held obligations in full":
        "text 格式：显示全部证据、法律依据和已持有项的详情",
    "print how many findings each rule has instead of the report on stdout (formats written to files are still "
    "written)": "在标准输出打印每条规则的问题数，代替报告（写入文件的格式照常写入）",
    "write the one format given without :FILE to this file instead of stdout":
        "把唯一一个未带 :FILE 的格式写入此文件，而不是标准输出",
    "only findings that the changes since git revision REV (commits and working tree) introduce":
        "只报告自 git 版本 REV 以来的改动（提交和工作区）新引入的问题",
    "hide the findings recorded in this baseline file": "隐藏此基线文件中记录的问题",
    "record today's findings in this baseline file": "把当前的问题记录到此基线文件",
    "ignore inline zizhi-disable comments (audit what they hide)": "忽略行内 zizhi-disable 注释（审查它们隐藏了什么）",
    "exit 1 when a finding is at least this severe (default: the project's config, else warning: required and "
    "likely obligations fail, depends ones do not)":
        "有问题达到此严重程度时退出码为 1（默认：项目配置，否则 warning：必需和很可能需要的义务失败，视情况的不失败）",
    "use this config file instead of searching for zizhi.toml / pyproject.toml":
        "使用此配置文件，而不是查找 zizhi.toml / pyproject.toml",
    "only report these rule codes or prefixes (repeatable)": "只报告这些规则代码或前缀（可重复）",
    "do not report these rule codes or prefixes (repeatable)": "不报告这些规则代码或前缀（可重复）",
    "report only projects built for this platform (%(platforms)s); a uni-app or Taro project built for several "
    "platforms is one project per platform":
        "只报告为此平台构建的项目（%(platforms)s）；为多个平台构建的 uni-app 或 Taro 项目按平台各算一个项目",
    "print the config of each project and exit": "打印每个项目的配置并退出",
    "worker processes (default 0: every CPU for large trees, else 1)":
        "工作进程数（默认 0：大型目录用全部 CPU，否则 1）",
    "neither read nor write the content-hash cache of per-file results, nor the results of whole commands "
    "(also: ZIZHI_NO_CACHE=1; ZIZHI_NO_CACHE=all also turns off the user cache of zizhi's own validated data)":
        "不读写按内容哈希的逐文件结果缓存，也不读写整条命令的结果缓存（亦可：ZIZHI_NO_CACHE=1；"
        "ZIZHI_NO_CACHE=all 还会关闭 zizhi 自身已校验数据的用户缓存）",
    "keep the per-file cache in DIR (e.g. .zizhi_cache to cache it in CI) instead of the user's cache folder; "
    "a cache in the scanned repository is read only when named here (also: $ZIZHI_FILE_CACHE_DIR)":
        "把逐文件缓存放在 DIR（如 .zizhi_cache，以便在 CI 中缓存），而不是用户缓存文件夹；被扫描仓库中的缓存只有"
        "在此指定时才会读取（亦可：$ZIZHI_FILE_CACHE_DIR）",
    "message language (default: $ZIZHI_LANG, else the locale: zh when LC_ALL, LC_MESSAGES or LANG is zh_*, "
    "else en)":
        "消息语言（默认：$ZIZHI_LANG，否则按系统语言环境：LC_ALL、LC_MESSAGES 或 LANG 为 zh_* 时为 zh，否则 en）",
    "disable a plugin (repeatable)": "禁用插件（可重复）",
    "folders that were scanned (default: .)": "扫描过的文件夹（默认：.）",
    "the --cache-dir the scans used": "扫描时使用的 --cache-dir",
    "overwrite an existing zizhi.toml": "覆盖已有的 zizhi.toml",
    "the project folder (default: .)": "项目文件夹（默认：.）",
    "a rule code, a licence id or a 服务类目": "规则代码、许可证编号或服务类目",
    "score zizhi against hand labels (precision and recall per feature and licence)":
        "用人工标注评估 zizhi（按功能与许可证给出精确率与召回率）",
    "labels: a JSON list of entries as in the shared corpus": "标注：与共享语料格式相同的 JSON 条目列表",
    "the folder holding one <id>/ repository per entry": "每个条目一个 <id>/ 仓库所在的文件夹",
    "only this entry (repeatable)": "只评估此条目（可重复）",
    "also write the raw numbers here": "同时把原始数据写到此处",
}

# the audit and report commands keep their texts beside them
from zizhi.audit import HELP_ZH as _AUDIT_HELP_ZH  # noqa: E402

HELP_ZH.update(_AUDIT_HELP_ZH)

TITLES_ZH = {"positional arguments": "位置参数", "options": "选项", "optional arguments": "选项"}


class ZhFormatter(HelpFormatter):
    separator = "、"
    unknown = "平台表中的平台 id"

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every help text of ``parser`` and its commands (the description, options, commands)."""
    out: list[str] = [parser.description] if parser.description else []
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            out.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            out += [choice.help for choice in action._choices_actions if choice.help]
            for sub in action.choices.values():
                out += help_texts(sub)
    return out


def translate(parser: argparse.ArgumentParser) -> None:
    """Put ``parser`` (and its commands) in Chinese: help texts, section titles, the usage prefix."""
    parser.formatter_class = ZhFormatter
    if parser.description:
        parser.description = HELP_ZH.get(parser.description, parser.description)
    for group in parser._action_groups:
        group.title = TITLES_ZH.get(group.title or "", group.title)
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            action.help = HELP_ZH.get(action.help, action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = HELP_ZH.get(choice.help or "", choice.help)
            for sub in action.choices.values():
                translate(sub)
