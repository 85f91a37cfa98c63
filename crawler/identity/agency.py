"""An agency's name → a key that survives the usual ways one agency is written.

Variants folded together: traditional script (opencc t2s), stray whitespace, a name wrapped in brackets
and bracketed notes after it (（本级）, an alias in parentheses), 人民政府 written as 政府, 政府办 for
政府办公室. A government's 办公室 is a sub-unit: it keeps its own key (its report is its own) and names the
government it serves as ``parent_key``, so the two are linked, never merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import opencc

_SPACE = re.compile(r"[\s\u3000\xa0]+")
_WRAPPED = re.compile(r"^[【\[〔（(《](.+)[】\]〕）)》]$")
_NOTE = re.compile(r"[【\[〔（(《][^】\]〕）)》]*[】\]〕）)》]")
_PUNCT = re.compile(r"[·•、，,。.:：;；\"“”'‘’]")
# 人民政府 → 政府 is the canonical form: 泰州市政府 and 泰州市人民政府 are one agency. Courts and
# procuratorates (人民法院, 人民检察院) keep their 人民.
_PEOPLES_GOVERNMENT = re.compile(r"人民政府")
# 政府办 at the end (or before a sub-unit) is the 政府办公室.
_OFFICE_SHORT = re.compile(r"政府办(?!公)")
# The 办公室 of a government (政府 or 人民政府) is its sub-unit; 县委办公室 and similar are not governments.
_GOVERNMENT_OFFICE = re.compile(r"^(?P<parent>.+政府)办公室$")


@dataclass(frozen=True)
class AgencyName:
    key: str  # the normalised name: compare agencies with this
    parent_key: str | None  # the government an office (办公室) serves; None for everything else


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def agency_key(name: str) -> str:
    """The normalised key of an agency name (see the module docstring for what is folded)."""
    text = _t2s().convert(_SPACE.sub("", name))
    while wrapped := _WRAPPED.match(text):
        text = wrapped.group(1)
    unbracketed = _NOTE.sub("", text)
    text = unbracketed if len(unbracketed) >= 2 else text  # a name that is only a note keeps it
    text = _PUNCT.sub("", text)
    text = _PEOPLES_GOVERNMENT.sub("政府", text)
    return _OFFICE_SHORT.sub("政府办公室", text)


def agency_name(name: str) -> AgencyName:
    """The key and, for a government's office, the key of the government it belongs to."""
    key = agency_key(name)
    office = _GOVERNMENT_OFFICE.match(key)
    return AgencyName(key, office.group("parent") if office else None)
