"""Rules the engine itself defines: tool diagnostics (ZZ0xx) and the category/subject checks
of the compare stage (ZZ2xx). Policy packs define the licence, declaration and control codes."""

from __future__ import annotations

from zizhi.model import Severity
from zizhi.rules import Rule


def _diag(code: str, name: str, zh: str, en: str, what_en: str, how_en: str, severity: Severity = Severity.WARNING,
          example: str = "") -> Rule:
    return Rule(code=code, name=name, severity=severity, title_zh=zh, title_en=en, what_zh=zh, what_en=what_en,
                why_zh="读不懂的文件中的信号无法计入结果；诊断说明哪些内容未被检查。",
                why_en="Signals in a file zizhi cannot read are not counted; the diagnostic says what was not checked.",
                example=example, how_zh="按说明修复文件，或在配置 ignore_paths 中排除。", how_en=how_en, plugin="core")


CORE_RULES: list[Rule] = [
    _diag("ZZ001", "unreadable-file", "文件无法读取", "Unreadable file",
          "A file or folder could not be read (permissions, I/O error).", "Fix the permissions or exclude the path."),
    _diag("ZZ002", "non-utf8-file", "文件不是 UTF-8 编码", "File is not UTF-8",
          "The file was decoded as GB18030/GBK, or had undecodable bytes replaced.",
          "Save the file as UTF-8 (the mini-program tools expect UTF-8).", Severity.NOTE),
    _diag("ZZ003", "invalid-json", "JSON 无效", "Invalid JSON",
          "A manifest or package.json is not valid JSON (or has comments where they are not allowed).",
          "Fix the JSON at the line shown; the WeChat tools reject it too.", Severity.ERROR, '{"pages": ["a",]}'),
    _diag("ZZ004", "manifest-schema", "清单字段类型错误", "Manifest does not fit its schema",
          "A known key of app.json, game.json, project.config.json or a page JSON has the wrong type. Unknown keys "
          "are allowed.", "Correct the value's type.", Severity.WARNING, '{"pages": "index"}'),
    _diag("ZZ005", "syntax-error", "语法错误", "Syntax error",
          "A JS/TS file or template has a syntax error; zizhi read it as far as the parser could recover.",
          "Fix the syntax error.", Severity.NOTE),
    _diag("ZZ006", "file-too-large", "文件过大已跳过", "File too large",
          "A file over the size limit (2 MiB by default) was skipped, usually a generated bundle.",
          "Exclude build output with ignore_paths, or scan the source instead.", Severity.NOTE),
    _diag("ZZ007", "binary-file", "二进制文件已跳过", "Binary file skipped",
          "A file with a source-like name has binary content.", "Remove or rename the file."),
    _diag("ZZ008", "unregistered-page", "未注册页面的信号未计入", "Signals of an unregistered page not counted",
          "A page exists on disk but app.json does not register it and no component uses it, or a component is "
          "used only by such pages (or by other unused components); its signals are listed as not counted.",
          "Register the page in app.json, or delete the dead code.", Severity.NOTE),
    _diag("ZZ009", "unreachable-module", "未被引用模块的信号未计入", "Signals of a module nothing imports not counted",
          "A script that no code reachable from the project's entry points (app or game script, registered pages and "
          "components, workers, subpackages, the framework's entry file) imports, through require/import, relative "
          "paths, aliases such as @/ or index files; its signals are listed as not counted. So are those of a "
          "module's function that no code calls: its module never says its name again but to export it, and no "
          "other file of the project says it. Dead helpers were the most common false alarm.",
          "Import the module (call the function) where it is used, or delete the dead code.", Severity.NOTE),
    _diag("ZZ012", "built-project-source", "构建产物不在仓库中，已读取源码",
          "Build output not in the repository; source read",
          "project.config.json points miniprogramRoot at a folder that is not in the repository (a build output such "
          "as dist/): zizhi read the source folder that holds the manifest (src/app.json, src/game.json) instead. Or "
          "a uni-app project's pages.json is written by the build (@uni-helper/vite-plugin-uni-pages, from "
          "pages.config.ts): zizhi read src/ as the project and every page under src/pages and the subpackage "
          "folders vite.config names as registered. Or a uni-app folder has no pages.json (the repository keeps a "
          "template its set-up script copies, pages.json.bak, or left it out) but a manifest.json that is uni-app's "
          "beside App.vue and pages/: zizhi read the folder as the project and every page under pages/ as "
          "registered.",
          "Nothing to fix; check that the folder named is the one the build compiles.", Severity.NOTE),
    Rule(
        code="ZZ016", name="pages-without-manifest", severity=Severity.WARNING,
        title_zh="未找到 app.json，已按 pages/ 目录中的页面扫描",
        title_en="No app.json; the pages under pages/ were scanned",
        what_zh="扫描路径下没有任何项目（无 project.config.json、app.json、pages.json 或应用配置），"
                "但某个目录的 pages/ 中有微信页面（.wxml 模板及同名脚本，至少两个）：仓库缺少清单。"
                "zizhi 把该目录当作小程序读取，pages/ 下的每个页面都按已注册处理；"
                "别处注册的页面、分包和全局组件无从得知。",
        what_en="Nothing under the scanned path is a project (no project.config.json, app.json, pages.json or app "
                "config), but a folder's pages/ holds WeChat pages (a .wxml template with its script beside it, at "
                "least two): the repository left out the manifest. zizhi reads that folder as a mini-program whose "
                "every page under pages/ is registered; pages registered elsewhere, subpackages and global components "
                "are not known.",
        why_zh="没有清单就无法区分已注册页面与遗留页面，也读不到清单中的声明（插件、隐私接口）；"
               "结果可能多计废弃页面，或漏掉分包中的功能。",
        why_en="Without the manifest zizhi cannot tell registered pages from leftovers, nor read what the manifest "
               "declares (plugins, private-information APIs): the result may count dead pages or miss what "
               "subpackages do.",
        example="WechatApp/pages/index/index.wxml\nWechatApp/pages/index/index.js\nWechatApp/pages/chat/chat.wxml\n"
                "WechatApp/pages/chat/chat.js   (no app.json)",
        how_zh="把 app.json 提交到仓库（它不含机密：AppID 在 project.config.json 中）。若该目录不是小程序，"
               "只扫描真正的小程序目录：ignore_paths 只让其中的文件不被读取，不能阻止该目录被当作项目。",
        how_en="Commit app.json (it holds no secret: the AppID is in project.config.json). If the folder is not a "
               "mini-program, scan the folders that are: ignore_paths leaves its files unread but does not stop the "
               "folder being read as a project.",
        plugin="core",
    ),
    Rule(
        code="ZZ017", name="page-path-case", severity=Severity.WARNING,
        title_zh="注册的页面路径与文件的大小写不一致",
        title_en="A registered page's path differs from its file in letter case",
        what_zh="清单（app.json、pages.json、应用配置）注册的页面路径与磁盘上的页面文件只有大小写不同"
                "（注册 pages/dynamic/submit/index，文件在 pages/Dynamic/submit/index.vue）。"
                "在不区分大小写的磁盘上（Windows、macOS 的默认设置）构建能找到它，开发者就是这样运行的："
                "zizhi 把该文件当作已注册页面读取。",
        what_en="A page the manifest (app.json, pages.json, the app config) registers differs from the page file on "
                "disk only in letter case (pages/dynamic/submit/index registered, pages/Dynamic/submit/index.vue on "
                "disk). On a case-insensitive disk (the default on Windows and macOS) the build finds it, which is how "
                "its developers run it: zizhi reads that file as the registered page.",
        why_zh="在区分大小写的系统（Linux 构建机、CI）上构建会找不到该页面；按字面比较又会把真正上线的页面当作未注册，"
               "漏掉其中的功能。",
        why_en="On a case-sensitive system (a Linux build machine, CI) the build does not find the page; compared "
               "letter by letter, a page that ships would be taken as unregistered and what it does missed.",
        example='pages.json: {"path": "pages/dynamic/submit/index"}\nfile: pages/Dynamic/submit/index.vue',
        how_zh="让注册路径与文件路径的大小写一致（改清单或重命名目录）。",
        how_en="Make the registered path and the file's path agree in letter case (edit the manifest or rename the "
               "folder).",
        plugin="core",
    ),
    _diag("ZZ013", "vendored-file", "文件按第三方代码处理", "File treated as vendored code",
          "A file was treated as a vendored bundle: minified (lines averaging over 400 characters) or named like "
          "one (sdk/, vendor/, uni_modules/ folders, *.min.js, a release's versioned name such as sdk-qq.2.8.1.js; in "
          "lib/ or libs/ a script only when its file name "
          "says SDK or it begins like a library: a licence banner, a version tag, a UMD or webpack wrapper), or "
          "wherever it sits a script that begins with webpack's UMD wrapper (webpackUniversalModuleDefinition: a "
          "library's build, such as a cloud-storage SDK copied into utils/). It is "
          "read by a token scan and its signals count as supporting evidence only, never as what the app itself "
          "does. A page registered in app.json is never treated so.",
          "If it is the app's own code, move it out of the vendor folder or un-minify it.",
          Severity.NOTE),
    Rule(
        code="ZZ014", name="feature-set-aside", severity=Severity.NOTE,
        title_zh="由应用自身用词推断的功能未计入", title_en="Feature from the app's own words set aside",
        what_zh="一项只由应用自身用词（接口路径、数据集合、页面与函数名、界面文字）推断出的功能，"
                "因同一项目中另一项由平台 API 或 SDK 确认的功能对这些用词有另一种解释而未计入："
                "调用大模型的应用中，“聊天”“消息”是与模型的对话，不是用户之间的即时通信。",
        what_en="A feature found only from the app's own words (its endpoints, collections, page and function "
                "names, UI text) is not counted because another feature the project shows through platform APIs or "
                "SDKs explains those words otherwise: in an app that calls a language model, chats and messages are "
                "the conversation with the model, not people messaging each other.",
        why_zh="不计入会去掉由它带来的资质要求；这条说明让审阅者看到被搁置的内容，自行判断。",
        why_en="Setting the feature aside drops the obligations it would raise; the note shows reviewers what was set "
               "aside so that they can judge it.",
        example="wx.request({ url: 'https://api.openai.com/v1/chat/completions' })\n"
                "db.collection('messages').add({ data: msg })",
        how_zh="若用户之间确有私信或群聊，请按即时通信自行核对相应资质（ICP 经营许可证、安全评估）；"
               "使用 zizhi 能识别的 IM SDK 时会照常计入。",
        how_en="If users do message each other, check the obligations of instant messaging by hand (the ICP licence, "
               "the security assessment); an IM SDK zizhi recognises is counted as usual.",
        plugin="core",
    ),
    Rule(
        code="ZZ015", name="feature-read-as-another", severity=Severity.NOTE,
        title_zh="功能按另一功能报告", title_en="Feature reported as another",
        what_zh="两项功能描述的是同一件事时，只报告更确切的一项：应用出售的只有虚拟商品（会员、金币、点数、次数），"
                "且项目中没有实物商品、收货地址、配送或预约的迹象时，它的支付调用按虚拟支付报告，而不再另报“支付”。",
        what_en="When two features describe one act, only the more precise one is reported: in an app whose only goods "
                "are virtual (a membership, coins, credits, uses) and that shows no goods, shipping address, delivery "
                "or booking, its payment calls are reported as virtual payment, not as payment besides.",
        why_zh="两者的要求不同：微信的虚拟支付（wx.requestVirtualPayment）只向文娱、工具、社交、资讯、深度合成等类目的"
               "已认证企业小程序开放；出售会员、金币等虚拟商品通常被视为有偿提供信息"
               "（ICP 经营许可证，属代理机构的通行解读）。",
        why_en="The two carry different duties: WeChat's virtual payment (wx.requestVirtualPayment) opens only to "
               "verified enterprise mini-programs in categories such as 文娱, 工具, 社交, 资讯 and 深度合成; selling "
               "memberships or coins is commonly read as a paid information service (the ICP licence; the agencies' "
               "common reading).",
        example="// pages/vip/open.js\nwx.requestPayment({ ...order })  // 开通会员",
        how_zh="若应用同时出售实物商品或线下服务，这条说明可忽略：两项功能的资质都请自行核对；"
               "出售虚拟商品时改用虚拟支付并选择开放的类目。",
        how_en="If the app also sells goods or services, disregard the note and check both features' obligations; to "
               "sell virtual goods, use virtual payment and an opening category.",
        references=["https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/business-capabilities/"
                    "virtual-payment.html"],
        plugin="core",
    ),
    _diag("ZZ010", "path-problem", "路径问题", "Path problem",
          "A symbolic-link loop, a broken link or an unreadable folder under the scanned path; or a path given on "
          "the command line that does not exist, cannot be read or holds no project (an error: the other paths are "
          "still scanned and reported, and the exit code is 2).",
          "Remove the loop or broken link, or exclude the path; give paths that exist."),
    Rule(
        code="ZZ020", name="suppression-without-reason", severity=Severity.WARNING,
        title_zh="抑制注释缺少原因", title_en="Suppression without a reason",
        what_zh="一条 zizhi-disable-line / zizhi-disable-next-line 注释没有在规则代码后写“-- 原因”。这样的注释不生效："
                "它指向的问题照常报告。",
        what_en="A `zizhi-disable-line` / `zizhi-disable-next-line` comment gives no reason after its rule codes "
                "(`-- reason`). Such a comment suppresses nothing: the finding it names is still reported.",
        why_zh="隐藏一项资质要求是一个合规决定，审阅者和审计者需要知道为什么（例如由供应商持证、功能上线前移除）。",
        why_en="Hiding a licence requirement is a compliance decision; reviewers and auditors need to know why (the "
               "vendor holds the licence, the feature is removed before launch …).",
        example="// zizhi-disable-next-line ZZ103\nwx.joinVoIPChat({ roomType: 'voice' })",
        how_zh="在代码后写原因：// zizhi-disable-next-line ZZ103 -- 语音房由持有 B22 的服务商运营（合同 2026-17）。"
               "WXML 中：<!-- zizhi-disable-next-line ZZ103 -- 原因 -->。",
        how_en="Write the reason after the codes: `// zizhi-disable-next-line ZZ103 -- voice rooms run on the "
               "vendor's B22 (contract 2026-17)`; in WXML `<!-- zizhi-disable-next-line ZZ103 -- reason -->`. "
               "Run with `--no-suppressions` to audit what the comments hide.",
        references=["https://eslint.org/docs/latest/use/configure/rules#comment-descriptions"],
        plugin="core",
    ),
    Rule(
        code="ZZ021", name="unused-suppression", severity=Severity.WARNING,
        title_zh="抑制注释未抑制任何问题", title_en="Suppression that suppresses nothing",
        what_zh="一条带原因的抑制注释所在（或下一）行上没有它所列规则的问题，或者它没有列出任何规则代码。"
                "所列规则全部被配置或命令行关闭时不报告。",
        what_en="A suppression comment with a reason names rule codes of which no finding has its place or any "
                "evidence on the suppressed line, or it names no rule code at all. Not reported when all of its "
                "codes are switched off by the config or the command line.",
        why_zh="过时的抑制注释会在代码移动后悄悄隐藏新的问题，也让人误以为某处需要资质。",
        why_en="A stale suppression can silently hide a new finding after code moves, and misleads readers into "
               "thinking a licence question exists there.",
        example="// zizhi-disable-next-line ZZ103 -- vendor licence\nconsole.log('no voice call here')",
        how_zh="删除该注释，或把它移到问题所在行（问题的位置或任一证据所在行）。",
        how_en="Delete the comment, or move it next to the finding (its place or any line of its evidence).",
        references=["https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives"],
        plugin="core",
    ),
    Rule(
        code="ZZ030", name="config-lowers-reporting", severity=Severity.WARNING,
        title_zh="配置降低了报告范围", title_en="Config lowers what is reported",
        what_zh="在 --diff 或 --baseline 模式下，与比较的版本（或基线记录的配置）相比，配置新增了忽略的路径或规则、"
                "收窄了 select、降低了规则级别、新增了持有的资质或选择的类目，或提高了 fail_on。",
        what_en="Under `--diff` or `--baseline`, the config adds ignored paths or rules, narrows `select`, lowers a "
                "rule's severity, adds holdings or chosen categories, or raises `fail_on`, compared with the revision "
                "(or the config the baseline recorded).",
        why_zh="这些改动让问题从只显示新问题的视图中消失；评审者需要在拉取请求中看到它们。拉取请求自己的配置无法关闭此规则。",
        why_en="Such changes make findings vanish from the very view that shows only new ones; a reviewer must see "
               "them in the pull request. The pull request's own config cannot switch this rule off (only "
               "`--ignore` on the command line can).",
        example='ignore_paths = ["**"]',
        how_zh="确认改动是有意为之（资质、类目确实存在），并在评审中说明原因。",
        how_en="Confirm the change is intended (the holdings and categories exist) and say why in the review.",
        plugin="core",
    ),
    _diag("ZZ099", "internal-error", "内部错误", "Internal error",
          "A plugin failed on this file; its signals are missing. Please report it.", "Report the bug.",
          Severity.ERROR),
    Rule(
        code="ZZ201", name="category-not-chosen", severity=Severity.WARNING,
        title_zh="未选择所需服务类目", title_en="Required service category not chosen",
        what_zh="功能需要某个平台服务类目，而配置 [categories] 中没有选择它。",
        what_en="The features need a platform service category (服务类目) that [categories] in the config does not "
                "list. Severity follows the obligation's level.",
        why_zh="平台在代码审核时核对功能与类目，不符即驳回；部分能力（直播组件、音视频通话、定位接口）只向特定类目开放。",
        why_en="Platforms check features against categories at code review and reject mismatches; some abilities "
               "(live tags, VoIP, location APIs) open only to listed categories.",
        example='[categories]\nwechat = ["社交-直播"]',
        how_zh="在小程序后台添加类目并上传资质，然后在配置中列出。",
        how_en="Add the category with its qualification in the platform console, then list it in the config.",
        references=["https://developers.weixin.qq.com/community/develop/doc/000a46b64e00a8aaa8a95bf3456809"],
        plugin="core",
    ),
    Rule(
        code="ZZ202", name="category-closed-to-individuals", severity=Severity.ERROR,
        title_zh="个人主体不可选择该类目", title_en="Category closed to individual subjects",
        what_zh="配置声明为个人主体（subject = \"individual\"），但功能需要的类目不对个人主体开放。",
        what_en="The config declares an individual subject, and a category the features need is closed to "
                "individual (个人主体) mini-programs.",
        why_zh="个人主体只能选择「个人主体小程序开放的服务类目」，审核无法通过。",
        why_en="Personal mini-programs may only pick from the personal category list; review cannot pass.",
        example='subject = "individual"  # with <live-pusher> in a page',
        how_zh="改用企业等非个人主体注册，或移除相关功能。",
        how_en="Register under an enterprise subject, or remove the feature.",
        references=["https://developers.weixin.qq.com/community/develop/doc/000eac48498a3084b3902193a69409"],
        plugin="core",
    ),
    Rule(
        code="ZZ204", name="category-not-accepted", severity=Severity.WARNING,
        title_zh="平台不接入该类目", title_en="Category not accepted by the platform",
        what_zh="功能指向一个平台明确不接入（暂不接入）的服务类目，例如抖音小程序的电商平台、商家自营、漂流瓶、真人陪聊。",
        what_en="The features point to a service category the platform does not accept at all (暂不接入), such as "
                "Douyin's 电商平台, 商家自营, drift bottles or paid companion chat. Severity follows the level.",
        why_zh="平台不接入的类目无法通过审核，选择其他类目也会因功能不符被驳回。",
        why_en="A category the platform does not accept cannot pass review, and another category that does not fit "
               "the features is rejected too.",
        example="tt.requestOrder in a marketplace with several merchants",
        how_zh="确认业务能否归入平台接受的类目，否则不在该平台上线这些功能。",
        how_en="Check whether the service fits an accepted category; otherwise do not ship the features there.",
        references=["https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/operation/service-category/catalog"],
        plugin="core",
    ),
    Rule(
        code="ZZ203", name="licence-closed-to-individuals", severity=Severity.ERROR,
        title_zh="个人主体无法取得所需许可证", title_en="Licence unavailable to individual subjects",
        what_zh="配置声明为个人主体，但功能需要只有企业才能取得的许可证（如ICP经营许可证）。",
        what_en="The config declares an individual subject, and the features need a licence only companies can "
                "obtain (ICP licence, B22, 文网文 …).",
        why_zh="增值电信等许可证的申请主体须为依法设立的公司。",
        why_en="Value-added telecom and similar licences are issued to lawfully established companies only.",
        example='subject = "individual"  # with wx.requestVirtualPayment (memberships: ICP_B25)',
        how_zh="改用企业主体，或移除相关功能。",
        how_en="Use an enterprise subject, or remove the feature.",
        references=["https://fuwu.11467.com/info/31106885.htm"],
        plugin="core",
    ),
]
