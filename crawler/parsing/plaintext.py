"""Plain-text documents, including archived pages that carry a metadata header before the body.

Archive copies look like ``标题: …`` / ``发布时间: …`` / ``发布机构: …`` lines, then a separator line
``==== 正文 ====`` and the body. The header lines go into ``meta``; only the body is text. This is the
one place that reads such a header: later steps see it only as ``Extracted.meta``.
"""

from __future__ import annotations

import re

from crawler.parsing.cr_cells import cr_cells_to_rows, is_cr_cells
from crawler.parsing.decode import decode, header_charset
from crawler.parsing.grids import tidy
from crawler.parsing.record import Extracted

_BODY_SEPARATOR = re.compile(r"^\s*[=＝\-]{3,}\s*正\s*文\s*[=＝\-]{3,}\s*$")
_HEADER_LINE = re.compile(r"^\s*([^\s:：=]{1,12})\s*[:：]\s?(.*?)\s*$")
_HEADER_SCAN = 40  # the separator, when there is one, comes within the first lines
_TITLE_MAX = 80


def extract_text(body: bytes, *, content_type: str | None = None) -> Extracted:
    decoded = decode(body, declared=[header_charset(content_type)])
    raw = decoded.text
    lines = (cr_cells_to_rows(raw) if is_cr_cells(raw) else raw).splitlines()
    meta: dict[str, str] = {}
    for index, line in enumerate(lines[:_HEADER_SCAN]):
        if _BODY_SEPARATOR.match(line):
            for header in lines[:index]:
                match = _HEADER_LINE.match(header)
                if match and match.group(2) and match.group(1) not in meta:
                    meta[match.group(1)] = match.group(2)
            lines = lines[index + 1 :]
            break
    text = tidy("\n".join(lines))
    first = next((line for line in text.split("\n") if line), "")
    title = meta.get("标题") or meta.get("title") or (first if 0 < len(first) <= _TITLE_MAX else None)
    flags = ["encoding_fixed"] if decoded.fixed else []
    return Extracted(kind="text", text=text, title=title, meta=meta, encoding=decoded.encoding, flags=flags)
