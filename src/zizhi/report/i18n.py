"""Words of the human reports in both languages: the report language from the environment, severities,
feature and business-type names (from the catalogue), and diagnostic messages in Chinese.

Diagnostics are written in English where they arise (plugins, the engine); ``diagnostic_message``
gives the Chinese of each known form (``DIAGNOSTICS_ZH``: a pattern of the English message and its
Chinese, the variable parts — paths, counts, parser messages — carried over). A message of no known
form is shown after its rule's Chinese title, so a Chinese report never shows a bare English line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from zizhi.lang import env_lang

if TYPE_CHECKING:
    from zizhi.model import Diagnostic
    from zizhi.report import Report

__all__ = ["btype_name", "diagnostic_message", "env_lang", "feature_name", "kind_name", "severity_name",
           "translate_diagnostic"]

SEVERITY = {
    "zh": {"error": "错误", "warning": "警告", "note": "提示"},
    "en": {"error": "error", "warning": "warning", "note": "note"},
}


#: platforms, frameworks and project kinds in Chinese (their ids stay in the machine formats)
KINDS_ZH = {"wechat": "微信", "alipay": "支付宝", "douyin": "抖音", "baidu": "百度", "qq": "QQ", "kuaishou": "快手",
            "native": "原生", "miniprogram": "小程序", "minigame": "小游戏", "plugin": "插件", "library": "组件库"}


def kind_name(value: str, lang: str) -> str:
    return KINDS_ZH.get(value, value) if lang == "zh" else value


def severity_name(value: str, lang: str) -> str:
    return SEVERITY.get(lang, SEVERITY["en"]).get(value, value)


def feature_name(report: Report, feature: str, lang: str) -> str:
    """A feature's name (``实时语音`` / ``Real-time voice``); its id when the catalogue has none."""
    data = report.catalogue.features.get(feature) if report.catalogue is not None else None
    if not data:
        return feature
    return str(data.get("name_zh" if lang == "zh" else "name_en") or feature)


def btype_name(report: Report, btype: str, lang: str) -> str:
    if report.catalogue is not None:
        for data in report.catalogue.business_types:
            if data.get("id") == btype:
                return str(data.get("name_zh" if lang == "zh" else "name_en") or btype)
    return btype


_ANY = r"(.+?)"
#: (code, English form as a regular expression, Chinese with \1 … for the captured parts)
DIAGNOSTICS_ZH: list[tuple[str, str, str]] = [
    ("ZZ001", r"cannot read file: (.*)", r"无法读取文件：\1"),
    ("ZZ002", r"decoded as GB18030 \(GBK\), not UTF-8", "按 GB18030（GBK）解码，不是 UTF-8"),
    ("ZZ002", r"invalid (\S+): (.*) at byte (\d+)", r"不是有效的 \1：第 \3 字节处 \2"),
    ("ZZ002", r"byte-order mark", "带字节序标记（BOM）"),
    ("ZZ003", r"app\.mpx's JSON block: (.*); its pages are not known, every page is counted",
     r"app.mpx 的 JSON 块：\1；页面未知，所有页面均计入"),
    ("ZZ003", r"invalid JSON: (.*); values after this point may be missing", r"JSON 无效：\1；此处之后的值可能缺失"),
    ("ZZ003", r"invalid JSON: (.*)", r"JSON 无效：\1"),
    ("ZZ003", r"comments are not allowed in this JSON file \(the WeChat tools reject them\)",
     "此 JSON 文件中不允许注释（微信开发者工具会拒绝）"),
    ("ZZ003", r"(\S+) could not be parsed; (\d+) page\(s\) recovered from its text",
     r"\1 无法解析；已从文本中恢复 \2 个页面"),
    ("ZZ004", r"(\S+) not found \((\S+) points here\)", r"找不到 \1（\2 指向此处）"),
    ("ZZ004", r"no JSON block with the app's pages found in app\.mpx .*; "
              r"pages and declarations are not known",
     "app.mpx 中未找到列出页面的 JSON 块（<script type=\"application/json\"> 或 "
     "<script name=\"json\">）；页面与声明未知"),
    ("ZZ004", r"no app config object found .*; pages and declarations are not known",
     "未找到应用配置对象（defineAppConfig({...})、export default {...} 或 config = {...}）；页面与声明未知"),
    ("ZZ004", r"the app config's pages are computed, not written as a list of strings: (\d+) page file\(s\) with a "
              r"page config of their own \(X\.config\.ts beside X\.tsx\) are taken as registered",
     r"应用配置的 pages 由代码计算，不是字符串列表：按 Taro 的约定，"
     r"自带页面配置（X.config.ts 与 X.tsx 并列）的 \1 个页面文件视为已注册"),
    ("ZZ004", r"(.+?): (.*)", r"字段 \1 不符合清单的结构：\2"),
    ("ZZ005", r"(\S+) syntax error; the rest of the file was read as far as the parser could recover",
     r"\1 语法错误；文件其余部分已尽解析器所能读取"),
    ("ZZ005", r"Python syntax error: (.*); this file's signals are missing", r"Python 语法错误：\1；此文件的信号缺失"),
    ("ZZ005", r"Python file could not be parsed \((.*)\); its signals are missing",
     r"Python 文件无法解析（\1）；此文件的信号缺失"),
    ("ZZ005", r"Python file could not be parsed \((.*)\); only its imports were read, by a token scan",
     r"Python 文件无法解析（\1）；仅以词法扫描读取了其导入"),
    ("ZZ005", r"TOML syntax error: (.*)", r"TOML 语法错误：\1"),
    ("ZZ005", r"TOML nested too deeply to read; its dependencies are missing", "TOML 嵌套过深无法读取；其依赖缺失"),
    ("ZZ005", r"XML syntax error: (.*); dependencies after it are missing", r"XML 语法错误：\1；其后的依赖缺失"),
    ("ZZ005", r"template could not be read past this point: (.*)", r"模板在此处之后无法读取：\1"),
    ("ZZ006", r"file skipped: ([\d,]+) bytes is over the ([\d,]+)-byte limit.*",
     r"文件已跳过：\1 字节超过 \2 字节的上限（打包产物？）；其中的信号未计入"),
    ("ZZ006", r"Python file over (\d+) KB not parsed; only its imports were read, by a token scan",
     r"Python 文件超过 \1 KB，未解析；仅以词法扫描读取了其导入"),
    ("ZZ007", r"file skipped: (.*)", r"文件已跳过：\1"),
    ("ZZ007", r"manifest skipped: (.*)", r"清单文件已跳过：\1"),
    ("ZZ007", r"(.*): a text file with NUL bytes, read as text", r"\1：含 NUL 字节的文本文件，已按文本读取"),
    ("ZZ008", r"component '(.*)' is used by no page registered in (\S+) \(only by unregistered pages or unused "
              r"components\); its (\d+) signal\(s\) are not counted",
     r"组件“\1”未被 \2 中注册的任何页面使用（只被未注册页面或未使用的组件引用）；其 \3 个信号未计入"),
    ("ZZ017", r"page '(.*)' is registered in (\S+), but its file is '(.*)' \(letter case differs\): read as that "
              r"page; a build on a case-sensitive disk does not find it \((\d+) more alike\)",
     r"页面 '\1' 在 \2 中注册，但文件是 '\3'（大小写不同）：按该页面读取；"
     r"在区分大小写的磁盘上构建会找不到它（另有 \4 个同类）"),
    ("ZZ017", r"page '(.*)' is registered in (\S+), but its file is '(.*)' \(letter case differs\): read as that "
              r"page; a build on a case-sensitive disk does not find it",
     r"页面 '\1' 在 \2 中注册，但文件是 '\3'（大小写不同）：按该页面读取；在区分大小写的磁盘上构建会找不到它"),
    ("ZZ008", r"page '(.*)' is not registered in (\S+) \(pages/subpackages\) nor used as a component; "
              r"its (\d+) signal\(s\) are not counted",
     r"页面“\1”未在 \2 中注册（pages/subpackages），也未被用作组件；其 \3 个信号未计入"),
    ("ZZ009", r"module '(.*)' is not imported by any code reachable from the project's entry points "
              r"\(app script, registered pages and components\); its (\d+) signal\(s\) are not counted",
     r"模块“\1”未被任何从项目入口（应用脚本、已注册页面和组件）可达的代码引用；其 \2 个信号未计入"),
    ("ZZ009", r"module '(.*)' belongs to cloud function '(.*)', which no reachable code calls \(callFunction\) "
              r"and no trigger in its config\.json runs; its (\d+) signal\(s\) are not counted",
     r"模块“\1”属于云函数“\2”，没有可达代码调用它（callFunction），其 config.json 也没有触发器；其 \3 个信号未计入"),
    ("ZZ009", r"function '(.*)' of '(.*)' is called by no code of the project \(its module never says its name "
              r"again, nor does any other file\); its (\d+) signal\(s\) are not counted",
     r"“\2”中的函数“\1”没有被项目中的任何代码调用（其模块不再提及它的名字，其他文件也没有）；其 \3 个信号未计入"),
    ("ZZ009", r"constant '(.*)' of '(.*)' is used by no code of the project \(its module never says its name "
              r"again, nor does any other file\); its (\d+) signal\(s\) are not counted",
     r"“\2”中的常量“\1”没有被项目中的任何代码使用（其模块不再提及它的名字，其他文件也没有）；其 \3 个信号未计入"),
    ("ZZ009", r"(\d+) functions and constants of '(.*)' \((.*), …\) are used by no code of the project \(their "
              r"module never says their names again, nor does any other file\); their (\d+) signal\(s\) are not "
              r"counted",
     r"“\2”中的 \1 个函数和常量（\3 等）没有被项目中的任何代码使用"
     r"（其模块不再提及它们的名字，其他文件也没有）；其 \4 个信号未计入"),
    ("ZZ009", r"(\d+) functions of '(.*)' \((.*), …\) are called by no code of the project \(their module never "
              r"says their names again, nor does any other file\); their (\d+) signal\(s\) are not counted",
     r"“\2”中的 \1 个函数（\3 等）没有被项目中的任何代码调用"
     r"（其模块不再提及它们的名字，其他文件也没有）；其 \4 个信号未计入"),
    ("ZZ009", r"module '(.*)' (.*); its (\d+) signal\(s\) are not counted", r"模块“\1”\2；其 \3 个信号未计入"),
    ("ZZ010", r"no such file or folder; not scanned", "文件或文件夹不存在；未扫描"),
    ("ZZ010", r"cannot read: (.*); not scanned", r"无法读取：\1；未扫描"),
    ("ZZ010", r"no mini-program project found .*; not scanned", "未找到小程序项目；未扫描"),
    ("ZZ010", r"(.*); not scanned", r"\1；未扫描"),
    ("ZZ010", r"cannot read folder: (.*)", r"无法读取文件夹：\1"),
    ("ZZ010", r"cannot read: (.*)", r"无法读取：\1"),
    ("ZZ010", r"symbolic link to a place outside the scanned folder; not (followed|read)",
     "指向扫描文件夹之外的符号链接；未跟随"),
    ("ZZ010", r"broken symbolic link; skipped", "失效的符号链接；已跳过"),
    ("ZZ010", r"symbolic link loop \(or a second link to a folder already scanned\); not followed",
     "符号链接循环（或指向已扫描文件夹的第二个链接）；未跟随"),
    ("ZZ010", r"the cache folder is reached through the symbolic link (.*) inside the scanned tree; the cache is "
              r"not used", r"缓存文件夹经由扫描目录中的符号链接 \1 到达；不使用缓存"),
    ("ZZ016", r"no app\.json \(nor project\.config\.json\) in the scanned folder: the (\d+) pages found under pages/ "
              r"were read as registered pages; add the manifest to the repository to scan what the mini-program "
              r"registers",
     r"扫描的文件夹中没有 app.json（也没有 project.config.json）：pages/ 下找到的 \1 个页面按已注册页面读取；"
     r"把清单提交到仓库，才能按小程序实际注册的内容扫描"),
    ("ZZ016", r"no app\.json \(nor project\.config\.json\) in '?(.*?)'?: the (\d+) pages found under pages/ were "
              r"read as registered pages; add the manifest to the repository to scan what the mini-program registers",
     r"“\1”中没有 app.json（也没有 project.config.json）：pages/ 下找到的 \2 个页面按已注册页面读取；"
     r"把清单提交到仓库，才能按小程序实际注册的内容扫描"),
    ("ZZ012", r"(\S+) points miniprogramRoot at '(.*)', which is not in the repository \(a build output\); the "
              r"source folder holding (\S+), '(.*)', was read instead",
     r"\1 的 miniprogramRoot 指向“\2”，该目录不在仓库中（构建产物）；已改为读取包含 \3 的源码目录“\4”"),
    ("ZZ012", r"pages\.json is written by the build from (\S+) \(vite-plugin-uni-pages\) and is not in the "
              r"repository; the (\d+) pages under (.*) were read as registered",
     r"pages.json 由构建根据 \1 生成（vite-plugin-uni-pages），不在仓库中；已把 \3 下的 \2 个页面按已注册页面读取"),
    ("ZZ012", r"no pages\.json beside manifest\.json \(the repository keeps (.*), which its set-up turns into one\); "
              r"the (\d+) pages under (.*) were read as registered",
     r"manifest.json 旁没有 pages.json（仓库保留了 \1，由其安装脚本生成 pages.json）；"
     r"已把 \3 下的 \2 个页面按已注册页面读取"),
    ("ZZ012", r"no pages\.json beside manifest\.json; the (\d+) pages under (.*) were read as registered",
     r"manifest.json 旁没有 pages.json；已把 \2 下的 \1 个页面按已注册页面读取"),
    ("ZZ013", r"treated as minified \(lines average over 400 characters\): read by a token scan, its signals count "
              r"as supporting evidence only",
     "按压缩代码处理（平均行长超过 400 字符）：以词法扫描读取，其信号只作辅助证据"),
    ("ZZ013", r"(\d+) file\(s\) with signals treated as vendored by their name or first lines \(lib/, sdk/, "
              r"\*\.min\.js, a UMD build …\): (.*); their signals count as supporting evidence only",
     r"\1 个含信号的文件因其名称或开头几行按第三方代码处理（lib/、sdk/、*.min.js、UMD 构建 …）：\2；"
     r"其信号只作辅助证据"),
    ("ZZ013", r"(\d+) file\(s\) with signals are a rich-text renderer's \(mp-html, jyf-parser, wxParse, known by "
              r"their files under another folder name\): (.*); their signals count as supporting evidence only",
     r"\1 个含信号的文件属于富文本渲染库（mp-html、jyf-parser、wxParse，按其文件识别，改名复制到别的目录）：\2；"
     r"其信号只作辅助证据"),
    ("ZZ014", r"(\S+) from the app's own words \((.*)\) is not counted beside (.*): its words are taken to be about "
              r"that", r"由应用自身用词推断的 \1（\2）未计入：同一项目中的 \3 对这些用词另有解释"),
    ("ZZ015", r"(\S+) is reported as (\S+): what the project sells is \S+ \((.*)\), and nothing shows that it "
              r"sells anything else \(none of (.*)\)",
     r"\1 按 \2 报告：项目出售的是 \2（\3），未见出售其他商品或服务的迹象（\4 均未出现）"),
    ("ZZ099", r"internal error while reading this file \((.*)\); its signals are missing — please report this",
     r"读取此文件时发生内部错误（\1）；其信号缺失，请报告此问题"),
]
_COMPILED: list[tuple[str, re.Pattern[str], str]] | None = None  # compiled when first asked: only --lang zh


def translate_diagnostic(code: str, message: str) -> str | None:
    """The Chinese of a diagnostic message of a known form; None if its form is not known."""
    global _COMPILED
    if _COMPILED is None:  # (built whole, then bound: another thread sees all of it or none)
        _COMPILED = [(known, re.compile(pattern, re.S), zh) for known, pattern, zh in DIAGNOSTICS_ZH]
    for known, pattern, zh in _COMPILED:
        if known == code:
            m = pattern.fullmatch(message)
            if m:
                return m.expand(zh)
    return None


def diagnostic_message(d: Diagnostic, lang: str, report: Report | None = None) -> str:
    """A diagnostic's message in ``lang``."""
    if lang != "zh":
        return d.message
    zh = translate_diagnostic(d.code, d.message)
    if zh is not None:
        return zh
    rule = report.rules.get(d.code) if report is not None and report.rules is not None else None
    title = rule.title_zh if rule is not None else "诊断"
    return f"{title}：{d.message}"
