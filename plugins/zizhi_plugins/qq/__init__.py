"""QQ mini-programs.

Roots: a bare ``app.json`` whose templates are ``.qml`` (or ``project.qq.json``, or a
``project.config.json`` holding ``qqappid``, which QQ's devtools write); ``.qml`` templates, and
``.wxml`` ones (QQ's devtools read both); API objects ``qq`` and ``wx`` (QQ's runtime is WeChat's,
``wx`` included: the catalogue's ``[namespaces]``). Read by
:class:`zizhi_plugins.appjson.AppJsonPlatform` (the app.json family).
"""

from __future__ import annotations

from zizhi_plugins.appjson import AppJsonPlatform

plugin = AppJsonPlatform("qq", ".qml", ("project.qq.json",), project_config_keys=("qqappid",),
                         also_template_exts=(".wxml",))
