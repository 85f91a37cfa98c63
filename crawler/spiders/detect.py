"""Which CMS family serves a column page, from its URL and markup: the marks each product leaves (its list
scripts, its URL shapes). Used by ``nianbao portals check`` to suggest the ``family`` of a new registry
entry; the crawl itself uses the family the registry names. Most specific marks first; ``plain`` when no
product's mark is there."""

from __future__ import annotations

import re

# (family, what gives it away); the first family with a mark in the page wins.
MARKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("gkmlpt", re.compile(r"/gkmlpt/|gkmlpt/api/")),
    ("jpaas", re.compile(r"parse[tT]ype=[\"']bu(?:il|li)dstatic|jpaas-publish-server")),
    ("jcms", re.compile(r"<datastore>|dataproxy\.jsp|/col/col\d+/")),
    ("trs", re.compile(r"createPageHTML\(|countPage\s*=|\./\d{6}/t\d{8}_\d+\.s?html?")),
    ("boda", re.compile(r"class=\"p_(?:pages|next)\"|info/\d+/\d+\.s?htm|_sitegray|vsb_")),
    ("postpager", re.compile(r"__VIEWSTATE|name=\"cpage\"")),
)


def detect_family(url: str, text: str) -> str:
    """The family whose marks the column page at ``url`` carries, else ``plain``."""
    for family, mark in MARKS:
        if mark.search(url) or mark.search(text):
            return family
    return "plain"
