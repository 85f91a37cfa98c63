"""Provincial-level divisions as tiles on a grid, each in its rough map position (column, row from the top).

A tile grid instead of a map: every province gets the same area, so small eastern provinces are as visible
as Xinjiang, and no boundary file (with its disputes and licences) is needed. Names are GB/T 2260's.
"""

from __future__ import annotations

PROVINCE_TILES: dict[str, tuple[int, int]] = {
    "黑龙江省": (9, 0),
    "新疆维吾尔自治区": (1, 1),
    "内蒙古自治区": (6, 1),
    "北京市": (7, 1),
    "吉林省": (9, 1),
    "青海省": (3, 2),
    "甘肃省": (4, 2),
    "宁夏回族自治区": (5, 2),
    "山西省": (6, 2),
    "河北省": (7, 2),
    "天津市": (8, 2),
    "辽宁省": (9, 2),
    "西藏自治区": (2, 3),
    "四川省": (3, 3),
    "陕西省": (4, 3),
    "河南省": (5, 3),
    "山东省": (6, 3),
    "云南省": (3, 4),
    "重庆市": (4, 4),
    "湖北省": (5, 4),
    "安徽省": (6, 4),
    "江苏省": (7, 4),
    "上海市": (8, 4),
    "贵州省": (4, 5),
    "湖南省": (5, 5),
    "江西省": (6, 5),
    "浙江省": (7, 5),
    "广西壮族自治区": (4, 6),
    "广东省": (5, 6),
    "福建省": (6, 6),
    "台湾省": (8, 6),
    "海南省": (4, 7),
    "香港特别行政区": (5, 7),
    "澳门特别行政区": (6, 7),
}
