"""A body that calls itself 我乡 / 我镇 / 我县 / 我街道: its name, as the text prints it elsewhere.

截至…,牛街乡人民政府通过…; 《兴海县人民政府信息公开指南》; 《上营乡信息公开保密审查机制》, 上营乡微信公众号.
"""

from __future__ import annotations

import re
from collections import Counter

from crawler.parsing.regions import find_divisions

# "我乡/我镇/本镇/我县/我街道": the body names itself relative to the reader; its name is printed elsewhere
# (截至…,牛街乡人民政府通过…; 《兴海县人民政府信息公开指南》; 《上营乡信息公开保密审查机制》).
_SELF = re.compile(r"(?:我|本)(街道|乡|镇|县|区)(?!政府|人民政府)")
_GOVERNMENT_AFTER = ("人民政府", "街道办事处", "办事处", "政府")
# characters that end a phrase rather than start a place name (2019年我乡, 通过乡政府, 全乡, 各乡镇)
_NOT_IN_NAME = re.compile(r"[全本我该各每此其乡镇县区市省年的了和及与在对向从由将把为是过至有到按]")


def self_named(text: str) -> str | None:
    """The name of the body that calls itself 我乡/我镇/我县/我街道: the one place name of that level the
    text prints with its government (牛街乡人民政府), or, for a township, the one it prints repeatedly
    (上营乡). None when the text never prints a name of that level, or prints several."""
    selves = Counter(m.group(1) for m in _SELF.finditer(text))
    if not selves:
        return None
    level = selves.most_common(1)[0][0]
    cores = Counter(_core_before(text, m.start(), level) for m in re.finditer(level, text))
    cores.pop("", None)
    governed: dict[str, str] = {}  # core -> its government's printed name
    for core in cores:
        suffix = next((s for s in _GOVERNMENT_AFTER if core + s in text), None)
        # 乡政府 after a verb (提高乡政府…) is no name: a name printed once needs its full government form
        if suffix and (suffix != "政府" or text.count(core) >= 2):
            governed[core] = core + suffix
    if len(governed) == 1:
        return next(iter(governed.values()))
    township = [c for c, n in cores.items() if n >= 2 and level in "乡镇街道"]
    return township[0] if len(township) == 1 and not governed else None


def _core_before(text: str, at: int, level: str) -> str:
    """The place name ending in ``level`` at ``at``: for a county-level name the division the gazetteer
    knows (兴海县); for a township the longest run of characters that is always written that way."""
    run = ""
    while len(run) < 6 and at - len(run) > 0 and "\u4e00" <= text[at - len(run) - 1] <= "\u9fff":
        run = text[at - len(run) - 1] + run
    if level in "县区":
        names = [run[i:] + level for i in range(len(run)) if _is_division(run[i:] + level)]
        return names[0] if names else ""
    run = _NOT_IN_NAME.split(run)[-1]
    if len(run) < 2:
        return ""
    shortest = text.count(run[-2:] + level)
    return next((run[i:] + level for i in range(len(run) - 1) if text.count(run[i:] + level) == shortest), "")


def _is_division(name: str) -> bool:
    found = find_divisions(name)
    return bool(found) and "".join(part for part, _ in found) == name
