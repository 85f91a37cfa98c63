"""One adapter per CMS family: how to read a list page (entries, further pages). ``FAMILIES`` maps the
registry's ``family`` field to its adapter."""

from __future__ import annotations

from crawler.spiders.families.base import Family, ListEntry
from crawler.spiders.families.boda import BodaFamily
from crawler.spiders.families.gkmlpt import GkmlptFamily
from crawler.spiders.families.jcms import JcmsFamily
from crawler.spiders.families.jpaas import JpaasFamily
from crawler.spiders.families.plain import PlainFamily
from crawler.spiders.families.postpager import PostPagerFamily
from crawler.spiders.families.trs import TrsFamily

FAMILIES: dict[str, Family] = {
    "trs": TrsFamily(),
    "plain": PlainFamily(),
    "jcms": JcmsFamily(),
    "jpaas": JpaasFamily(),
    "gkmlpt": GkmlptFamily(),
    "boda": BodaFamily(),
    "postpager": PostPagerFamily(),
}

__all__ = ["FAMILIES", "Family", "ListEntry"]
