"""QQ mini-programs.

Roots: a bare ``app.json`` whose templates are ``.qml`` (or ``project.qq.json``); ``.qml``
templates; API object ``qq``. Read by :class:`zizhi_plugins.appjson.AppJsonPlatform` (the app.json family).
"""

from __future__ import annotations

from zizhi_plugins.appjson import AppJsonPlatform

plugin = AppJsonPlatform("qq", ".qml", ("project.qq.json",))
