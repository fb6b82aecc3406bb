"""Alipay (支付宝) mini-programs and mini-games.

Roots: ``mini.project.json`` (its ``miniprogramRoot`` names the folder of ``app.json``), or a bare
``app.json`` whose templates are ``.axml``; ``.axml``
templates (``a:if``, ``onTap``), ``.sjs``; API object ``my``. Read by :class:`zizhi_plugins.appjson.AppJsonPlatform`.
"""

from __future__ import annotations

from zizhi_plugins.appjson import AppJsonPlatform

plugin = AppJsonPlatform("alipay", ".axml", ("mini.project.json",), project_root_key="miniprogramRoot")
