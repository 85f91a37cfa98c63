"""HTML pages: decode defensively, keep every <meta name>, find the article body, flatten to text + grids."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TypeAlias

from lxml import etree

from crawler.parsing.decode import decode, header_charset, meta_charset
from crawler.parsing.grids import Cell, expand, is_layout, render_rows, tidy, tidy_cell
from crawler.parsing.record import INFO_BAR, Extracted

Element: TypeAlias = etree._Element

# Article containers of the CMS families portals run on, most specific first.
CONTENT_IDS = ("ivs_content", "webeditorview", "zoom", "Zoom")
CONTENT_CLASSES = (
    "TRS_Editor", "Custom_UnionStyle", "article-content", "xxgk_content", "zw-content", "v_news_content",
    "wzzw-article",
)  # fmt: skip
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "select", "option", "button", "input", "textarea",
    "nav", "header", "footer", "object", "embed", "svg", "map", "head",
)  # fmt: skip
_BLOCK_TAGS = frozenset((
    "p", "div", "section", "article", "main", "aside", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
    "h4", "h5", "h6", "tr", "table", "tbody", "thead", "tfoot", "td", "th", "blockquote", "pre", "hr",
    "address", "center", "form", "fieldset", "figure", "figcaption", "caption", "body", "html",
))  # fmt: skip
# Page chrome that sits inside article containers too: 繁體版, 无障碍, 打印, 关闭, font-size pickers...
_CHROME = re.compile(
    r"繁體版|繁体版|简体版|簡體版|ENGLISH|English|无障碍|無障礙|长者版|关怀版|適老版|适老版|网站地图|"
    r"打印本页|打印此页|打印页面|打印|关闭窗口|关闭本页|关闭|收藏本站|加入收藏|设为首页|返回顶部|"
    r"分享到|字号|字体|[大中小]|默认|视力保护色|扫一扫在手机打开当前页|"
    r"[\s\[\]【】()（）:：|/·、,，]"
)
_CHROME_LINE = re.compile(f"(?:{_CHROME.pattern})*")
_MIN_CONTAINER_TEXT = 30  # a preferred container shorter than this is an empty shell (body elsewhere)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_WHITESPACE = re.compile(r"\s+")
# Elements that may be containers; which selector each matches is sorted out in Python (a single XPath
# with every selector's predicate costs ten times more on a table-heavy page).
_WITH_ID_OR_CLASS = etree.XPath("//*[@id or @class]")
_STRING = etree.XPath("string()", smart_strings=False)  # an element's whole text, as text_content()
_SPAN = re.compile(r"\s*(\d+)")
_LARGEST_BLOCK_TAGS = frozenset(("div", "td", "article", "section", "main"))
# The article's info bar (发布日期：… 来源：…) often sits outside the content container, in page chrome.
_INFO_WORD = re.compile(r"日期|时间|来源|发布机构")
_INFO_LABEL = re.compile(r"(?:发布|成文|更新)(?:日期|时间)\s*[:：]|来源\s*[:：]|发布机构\s*[:：]")
_INFO_MAX_LINES = 3  # more labelled lines than this is a list of other articles, not this one's bar
_INFO_MAX_CHARS = 200


def extract_html(body: bytes, *, content_type: str | None = None) -> Extracted:
    decoded = decode(body, declared=[header_charset(content_type), meta_charset(body)])
    flags = ["encoding_fixed"] if decoded.fixed else []
    source = _XML_DECLARATION.sub("", decoded.text)  # lxml refuses str input with an XML declaration
    if _evidently_cut(source):
        flags.append("truncated")
    try:
        # etree's own parser: lxml.html's element classes cost a Python call per element touched
        doc = etree.fromstring(source, etree.HTMLParser(remove_comments=True))
        if doc is None:
            raise etree.ParserError("Document is empty")
    except (etree.ParserError, ValueError) as exc:
        error = f"html_unparseable: {exc}"
        return Extracted(kind="html", encoding=decoded.encoding, flags=flags, error=error)
    meta = _meta_tags(doc)
    title = meta.get("ArticleTitle") or _first_text(doc, "title") or _first_text(doc, "h1")
    etree.strip_elements(doc, *_DROP_TAGS, with_tail=False)  # the tail text belongs to the parent
    container = _content_container(doc)
    info_bar = _info_bar(doc, container)
    if info_bar:
        meta.setdefault(INFO_BAR, info_bar)
    tables: list[list[list[str]]] = []
    parts: list[str] = []
    _render(container, parts, tables)
    # Blocks are lines; HTML's blank space between them carries no meaning, so no blank lines are kept.
    lines = (line for line in tidy("".join(parts)).split("\n") if line and not _is_chrome(line))
    text = "\n".join(lines)
    if not title:
        title = next((line for line in text.split("\n") if line), None)
    return Extracted(
        kind="html", text=text, tables=tables, title=tidy(title) if title else None, meta=meta,
        encoding=decoded.encoding, flags=flags,
    )  # fmt: skip


def _evidently_cut(source: str) -> bool:
    """A page that starts as a full document but never closes its body/html was cut in transit."""
    head = source[:2048].lstrip().lower()
    if not head.startswith(("<!doctype", "<html")):
        return False
    tail = source[-4096:].lower()
    return "</html>" not in tail and "</body>" not in tail


def _meta_tags(doc: Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in doc.iter("meta"):
        name, content = el.get("name"), el.get("content")
        if name and content is not None and name.strip() not in meta:
            meta[name.strip()] = tidy(content)
    return meta


def _first_text(doc: Element, tag: str) -> str | None:
    for el in doc.iter(tag):
        text = tidy(_text_content(el))
        if text:
            return text
    return None


def _text_content(el: Element) -> str:
    return str(_STRING(el))


def _content_container(doc: Element) -> Element:
    """The article container of the most specific kind (ids first, then classes in order) that holds text."""
    matched = [(el, _selectors_matched(el)) for el in _WITH_ID_OR_CLASS(doc)]
    matched = [(el, indexes) for el, indexes in matched if indexes]
    for selector in sorted({index for _, indexes in matched for index in indexes}):
        found = [el for el, indexes in matched if selector in indexes]
        sizes = [len(_text_content(el).strip()) for el in found]
        best = max(range(len(found)), key=sizes.__getitem__)
        if sizes[best] >= _MIN_CONTAINER_TEXT or found[best].find(".//table") is not None:
            return found[best]
    return _largest_block(doc)


def _selectors_matched(el: Element) -> set[int]:
    """0 for a known id, 1 + i for the i-th of ``CONTENT_CLASSES`` among the element's classes."""
    matched = {0} if el.get("id") in CONTENT_IDS else set()
    classes = (el.get("class") or "").split()
    matched.update(1 + i for i, cls in enumerate(CONTENT_CLASSES) if cls in classes)
    return matched


def _info_bar(doc: Element, container: Element) -> str | None:
    """The labelled lines (发布日期：…, 来源：…) outside the article's container, in page order.

    They go to ``meta`` only, never to ``text``: figures are read from the article alone. A page with
    more such lines than an info bar has (a sidebar listing other articles' dates) gives none.
    """
    lines: list[str] = []
    for text, element in _texts_outside(doc, container):
        if _INFO_WORD.search(text):
            line = _info_line(text, element, container)
            if _INFO_LABEL.search(line) and line not in lines:
                lines.append(line)
    return " ".join(lines) if 0 < len(lines) <= _INFO_MAX_LINES else None


def _texts_outside(doc: Element, container: Element) -> Iterator[tuple[str, Element]]:
    """(text, the element it is in) for the page's text nodes outside ``container``, in page order.

    A walk that skips the container's subtree: on a table-heavy report that is most of the page.
    """
    body = doc.find("body")
    root = body if body is not None else doc
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        el, is_tail = stack.pop()
        if is_tail:
            if el.tail:
                yield el.tail, el.getparent()
            continue
        if el is not root:
            stack.append((el, True))  # the tail comes after the subtree
        if el is container:
            continue
        if el.text:
            yield el.text, el
        stack.extend((child, False) for child in reversed(el))


def _info_line(node_text: str, element: Element, container: Element) -> str:
    """The text of the block holding a text node (the whole bar when its label and value are separate
    spans), or the node alone when that block is large or also holds the article."""
    block = element
    while block.tag not in _BLOCK_TAGS and block.getparent() is not None:
        block = block.getparent()
    if not _within(container, block):
        text = tidy(_text_content(block))
        if len(text) <= _INFO_MAX_CHARS:
            return text
    return tidy(node_text)


def _within(element: Element, ancestor: Element) -> bool:
    return any(el is ancestor for el in element.iterancestors()) or element is ancestor


def _largest_block(doc: Element) -> Element:
    """The smallest block holding at least half of the page's non-link text: the article, not the chrome."""
    body = doc.find("body")
    root = body if body is not None else doc
    sizes: dict[Element, int] = {}  # in post-order, so the deepest of equal blocks wins
    pending: dict[Element, int] = {}  # text of the children (and their tails) seen so far
    for _, el in etree.iterwalk(root, events=("end",)):
        text = el.text
        # link text is navigation, not content
        size = 0 if el.tag == "a" else pending.pop(el, 0) + (len(text.strip()) if text else 0)
        sizes[el] = size
        if el is not root:
            tail = el.tail
            parent = el.getparent()
            pending[parent] = pending.get(parent, 0) + size + (len(tail.strip()) if tail else 0)
    whole = sizes[root]
    fitting = [el for el, size in sizes.items() if size * 2 >= whole and el.tag in _LARGEST_BLOCK_TAGS]
    return min(fitting, key=sizes.__getitem__) if fitting and whole else root


def _render(el: Element, out: list[str], tables: list[list[list[str]]]) -> None:
    """Append the element's text to ``out``; block elements add line breaks, leaf tables become grids."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "br":
        out.append("\n")
    elif tag == "table" and el.find(".//table") is None:
        out.append("\n" + _render_table(el, tables) + "\n")
    elif tag:
        block = tag in _BLOCK_TAGS
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text if tag == "pre" else _inline(el.text))
        for child in el:
            _render(child, out, tables)
        if block:
            out.append("\n")
    if el.tail:
        out.append(_inline(el.tail))


def _inline(text: str) -> str:
    """Source line breaks inside running text are just spaces; only blocks and <br> break lines."""
    if text.isprintable() and "  " not in text:  # only single spaces (most text nodes): nothing to do
        return text
    return _WHITESPACE.sub(" ", text)


def _render_table(table: Element, tables: list[list[list[str]]]) -> str:
    rows = [[_cell(td) for td in tr.iterchildren("td", "th")] for tr in table.iter("tr")]
    grid, starts = expand(rows)
    if is_layout(grid):
        return "\n".join(cell for row in grid for cell in dict.fromkeys(row) if cell)
    tables.append(grid)
    return "\n".join(render_rows(grid, starts))


def _cell(td: Element) -> Cell:
    if td.attrib:
        return _cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan"))
    return _cell_text(td), 1, 1


def _cell_text(td: Element) -> str:
    """The cell's own content (not its tail); <br>/<p> inside a cell are wrapping, joined by tidy_cell."""
    text = td.text
    # the common cell: one plain word or number, nothing to tidy (printable text holds no whitespace
    # but ' ' and no invisible character; a cell this test misses is tidied below, to the same text)
    if len(td) == 0 and (not text or (text.isprintable() and " " not in text)):
        return text or ""
    parts = [_inline(text)] if text else []
    for child in td:
        _render(child, parts, [])
    return tidy_cell("".join(parts))


def _span(value: str | None) -> int:
    if value is None:
        return 1
    match = _SPAN.match(value)
    return max(1, min(int(match.group(1)), 500)) if match else 1


def _is_chrome(line: str) -> bool:
    """A line made only of chrome tokens (【打印】【关闭】, 字号：[大 中 小]) — but not an empty line.

    The anchored match fails at the first character no token covers (most lines: at once); it can
    only succeed where the sub may leave nothing, so the sub decides just those.
    """
    if len(line) > 60 or not _CHROME_LINE.fullmatch(line):
        return False
    return bool(line.strip()) and not _CHROME.sub("", line)
