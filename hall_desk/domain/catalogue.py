"""The complaint catalogue (投诉分类), held as data, with the mapping of each sub-class to the
regulator's three statistical classes (网络质量 / 收费争议 / 用户服务).

Head office may replace the catalogue through a policy; :class:`Catalogue` is built from plain data
so that a replacement is a dictionary, not code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class RegulatorClass(StrEnum):
    NETWORK = "网络质量"
    CHARGING = "收费争议"
    SERVICE = "用户服务"


class Channel(StrEnum):
    """How the complaint reached us (受理渠道), including transferred-in sources."""

    WALK_IN = "营业厅现场"
    PHONE = "电话"
    LETTER = "信函"
    EMAIL = "电子邮件"
    SMS = "短信"
    WEB_APP = "网站/APP"
    HOTLINE_10086 = "10086转派"
    MAYOR_HOTLINE = "市长热线"
    PETITION_BUREAU = "信访局"
    REGULATOR = "通信管理局"
    MIIT = "工信部"


OTHER = "其他"

DEFAULT_CATALOGUE_DATA: dict[str, dict[str, str]] = {
    # class → {sub-class → regulator class}
    "电信服务": {
        "服务态度": "用户服务",
        "业务办理差错": "用户服务",
        "积分兑换": "用户服务",
        "营销宣传": "用户服务",
        "个人信息": "用户服务",
        "其他": "用户服务",
    },
    "网络质量": {
        "网络故障": "网络质量",
        "信号覆盖": "网络质量",
        "边界漫游": "网络质量",
        "上网速率": "网络质量",
        "其他": "网络质量",
    },
    "电信资费": {
        "资费争议/乱收费": "收费争议",
        "代收信息费": "收费争议",
        "套餐变更": "收费争议",
        "其他": "收费争议",
    },
    "业务种类": {
        "携号转网": "用户服务",
        "垃圾短信": "用户服务",
        "增值业务": "收费争议",
        "宽带业务": "网络质量",
        "其他": "用户服务",
    },
}

NETWORK_CLASS = "网络质量"


@dataclass(frozen=True)
class SubClass:
    main: str
    name: str
    regulator: RegulatorClass


class Catalogue:
    def __init__(self, data: Mapping[str, Mapping[str, str]]) -> None:
        self._subs: dict[str, dict[str, SubClass]] = {}
        for main, subs in data.items():
            self._subs[main] = {
                name: SubClass(main, name, RegulatorClass(reg)) for name, reg in subs.items()
            }

    def classes(self) -> list[str]:
        return list(self._subs)

    def sub_classes(self, main: str) -> list[str]:
        return list(self._subs.get(main, {}))

    def find(self, main: str, sub: str) -> SubClass | None:
        return self._subs.get(main, {}).get(sub)

    def regulator_class(self, main: str, sub: str) -> RegulatorClass | None:
        found = self.find(main, sub)
        return found.regulator if found else None

    def all(self) -> Iterable[SubClass]:
        for subs in self._subs.values():
            yield from subs.values()


DEFAULT_CATALOGUE = Catalogue(DEFAULT_CATALOGUE_DATA)
