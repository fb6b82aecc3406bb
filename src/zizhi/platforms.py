"""The platform table: every target platform zizhi knows, as data.

Plugins publish ``[[platform]]`` entries through ``zizhi_platform_table`` (the built-in ones are
``plugins/zizhi_plugins/catalogue/platforms.toml``); each is validated by
``schemas/platform.schema.json``. The engine loads the table once; discovery, uni-app, Taro and the
names a config or ``--platform`` may use read it from ``ScanContext.platform_table()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zizhi.catalogue import DataError
from zizhi.resources import first_schema_error

if TYPE_CHECKING:
    import pluggy


@dataclass(frozen=True)
class Platform:
    """One ``[[platform]]`` entry (see the schema for what each field means)."""

    id: str
    name_zh: str
    name_en: str
    family: str  # "app.json" | "other"
    names: tuple[str, ...] = ()
    api_objects: tuple[str, ...] = ()
    discovery: str = "appjson"  # "appjson": the app.json-family reader finds it; "plugin": a plugin of its own
    template_ext: str = ""
    style_ext: str = ""
    script_exts: tuple[str, ...] = ()
    project_files: tuple[str, ...] = ()
    project_root_key: str = ""
    appid_prefix: str = ""
    project_config_keys: tuple[str, ...] = ()
    also_template_exts: tuple[str, ...] = ()
    minigame: bool = False
    uniapp_target: str = ""
    uniapp_define: str = ""
    taro_env: str = ""
    taro_project_files: tuple[str, ...] = ()
    cocos_targets: tuple[str, ...] = ()
    laya_targets: tuple[str, ...] = ()
    egret_targets: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Platform:
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(**fields)


class PlatformTable:
    """The platforms in the order they were published (built-in ones first)."""

    def __init__(self, platforms: list[Platform] | None = None):
        self.platforms: list[Platform] = []
        self._by_id: dict[str, Platform] = {}
        for platform in platforms or []:
            self.add(platform)

    def add(self, platform: Platform, origin: str = "") -> None:
        if platform.id in self._by_id:
            raise DataError(f"{origin or 'platform table'}: platform {platform.id!r} is defined twice")
        self.platforms.append(platform)
        self._by_id[platform.id] = platform

    def __iter__(self) -> Any:
        return iter(self.platforms)

    def __contains__(self, platform_id: object) -> bool:
        return platform_id in self._by_id

    def get(self, platform_id: str) -> Platform | None:
        return self._by_id.get(platform_id)

    def names(self) -> dict[str, list[str]]:
        """Platform id -> the other names people use for it."""
        return {p.id: list(p.names) for p in self.platforms}

    def template_exts(self) -> dict[str, str]:
        """Template extension -> the platform whose projects use it (the app.json family)."""
        return {p.template_ext: p.id for p in self.platforms if p.template_ext}

    def uniapp_targets(self) -> dict[str, str]:
        """uni-app ``manifest.json`` section (``mp-weixin``) -> platform."""
        return {p.uniapp_target: p.id for p in self.platforms if p.uniapp_target}

    def uniapp_defines(self) -> dict[str, str]:
        """Platform -> the name uni-app defines when building for it (``MP-WEIXIN``)."""
        return {p.id: p.uniapp_define for p in self.platforms if p.uniapp_define}

    def taro_envs(self) -> dict[str, str]:
        """Platform -> its ``process.env.TARO_ENV`` value."""
        return {p.id: p.taro_env for p in self.platforms if p.taro_env}

    def taro_project_files(self) -> dict[str, str]:
        """Taro's project file of a target -> that platform."""
        return {f: p.id for p in self.platforms for f in p.taro_project_files}


    def cocos_targets(self) -> dict[str, str]:
        """Cocos Creator's build target (``wechatgame``) -> platform."""
        return {t: p.id for p in self.platforms for t in p.cocos_targets}

    def laya_targets(self) -> dict[str, str]:
        """LayaAir's publish target (``wxgame``) -> platform."""
        return {t: p.id for p in self.platforms for t in p.laya_targets}

    def egret_targets(self) -> dict[str, str]:
        """Egret's build target (``wxgame``) -> platform."""
        return {t: p.id for p in self.platforms for t in p.egret_targets}


def load_platform_table(pm: pluggy.PluginManager) -> PlatformTable:
    """Every plugin's ``[[platform]]`` entries, validated; a bad entry is a ``DataError``."""
    table = PlatformTable()
    for result in reversed(pm.hook.zizhi_platform_table()):  # pluggy calls the last registered first
        entries = list(result or [])
        problem = first_schema_error("platform.schema.json", {"platform": entries}) if entries else None
        if problem:
            raise DataError(f"[[platform]] {problem}")
        for data in entries:
            table.add(Platform.from_data(data), origin=f"platform {data.get('id', '?')!r}")
    return table
