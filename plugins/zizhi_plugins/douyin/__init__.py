"""Douyin / ByteDance (抖音 / 字节) mini-programs and mini-games.

Roots: ``project.config.json`` with a ``tt…`` appid, or with the ``douyinProjectType`` key Douyin's
developer tools write (a project whose appid is a placeholder, ``testAppId``), or a bare ``app.json`` whose
templates are ``.ttml``; ``.ttml`` templates; API object ``tt``. Leftover ``wx.*`` calls of a WeChat port are not
Douyin APIs and are not counted. Read by :class:`zizhi_plugins.appjson.AppJsonPlatform` (the app.json family).
"""

from __future__ import annotations

from zizhi_plugins.appjson import AppJsonPlatform

plugin = AppJsonPlatform("douyin", ".ttml", (), appid_prefix="tt", project_config_keys=("douyinProjectType",))
