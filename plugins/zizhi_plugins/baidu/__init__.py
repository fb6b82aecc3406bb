"""Baidu (百度智能小程序) mini-programs.

Roots: ``project.swan.json`` (its ``smartProgramRoot`` names the folder of ``app.json``), or a bare
``app.json`` whose templates are ``.swan``; ``.swan``
templates (``s-if``); API object ``swan``. Read by :class:`zizhi_plugins.appjson.AppJsonPlatform` (the app.json family).
"""

from __future__ import annotations

from zizhi_plugins.appjson import AppJsonPlatform

plugin = AppJsonPlatform("baidu", ".swan", ("project.swan.json",), project_root_key="smartProgramRoot")
