"""Kuaishou (快手) mini-programs.

Roots: ``project.config.json`` with a ``ks…`` appid (its devtools' project file, ``miniprogramRoot``
read), ``project.ks.json`` (the frameworks' name for it), or a bare ``app.json`` whose templates are
``.ksml``; ``.ksml``
templates; API object ``ks``. Read by :class:`zizhi_plugins.appjson.AppJsonPlatform` (the app.json family).
"""

from __future__ import annotations

from zizhi_plugins.appjson import AppJsonPlatform

plugin = AppJsonPlatform("kuaishou", ".ksml", ("project.ks.json",), appid_prefix="ks")
