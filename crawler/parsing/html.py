"""HTML pages: decode defensively, keep every <meta name>, find the article body, flatten to text + grids."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from crawler.parsing.decode import decode, header_charset, meta_charset
from crawler.parsing.grids import Cell, expand, is_layout, render_rows, tidy, tidy_cell
from crawler.parsing.record import Extracted

# Article containers of the CMS families portals run on, most specific first (see portal-patterns.md §1.4).
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
_MIN_CONTAINER_TEXT = 30  # a preferred container shorter than this is an empty shell (body elsewhere)


def extract_html(body: bytes, *, content_type: str | None = None) -> Extracted:
    decoded = decode(body, declared=[header_charset(content_type), meta_charset(body)])
    flags = ["encoding_fixed"] if decoded.fixed else []
    source = re.sub(r"^\s*<\?xml[^>]*>", "", decoded.text)  # lxml refuses str input with an XML declaration
    if _evidently_cut(source):
        flags.append("truncated")
    try:
        doc = lxml.html.document_fromstring(source, parser=lxml.html.HTMLParser(remove_comments=True))
    except (etree.ParserError, ValueError) as exc:
        error = f"html_unparseable: {exc}"
        return Extracted(kind="html", encoding=decoded.encoding, flags=flags, error=error)
    meta = _meta_tags(doc)
    title = meta.get("ArticleTitle") or _first_text(doc, "//title") or _first_text(doc, "//h1")
    for el in doc.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        el.drop_tree()  # keeps the tail text, which belongs to the parent
    container = _content_container(doc)
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


def _meta_tags(doc: lxml.html.HtmlElement) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in doc.iter("meta"):
        name, content = el.get("name"), el.get("content")
        if name and content is not None and name.strip() not in meta:
            meta[name.strip()] = tidy(content)
    return meta


def _first_text(doc: lxml.html.HtmlElement, xpath: str) -> str | None:
    for el in doc.xpath(xpath):
        text = tidy(el.text_content())
        if text:
            return text
    return None


def _content_container(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    ids = " or ".join(f"@id='{i}'" for i in CONTENT_IDS)
    selectors = [f"//*[{ids}]"] + [
        f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]" for cls in CONTENT_CLASSES
    ]
    for xpath in selectors:
        found = [el for el in doc.xpath(xpath) if isinstance(el, lxml.html.HtmlElement)]
        if found:
            best = max(found, key=lambda el: len(el.text_content().strip()))
            if len(best.text_content().strip()) >= _MIN_CONTAINER_TEXT or best.find(".//table") is not None:
                return best
    return _largest_block(doc)


def _largest_block(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The smallest block holding at least half of the page's non-link text: the article, not the chrome."""
    sizes: dict[lxml.html.HtmlElement, int] = {}

    def measure(el: lxml.html.HtmlElement) -> int:
        own = 0 if el.tag == "a" else len((el.text or "").strip())
        total = own + sum(measure(child) + len((child.tail or "").strip()) for child in el)
        if el.tag == "a":
            total = 0  # link text is navigation, not content
        sizes[el] = total
        return total

    body = doc.find("body")
    root = body if body is not None else doc
    whole = measure(root)
    blocks = [el for el, size in sizes.items() if el.tag in ("div", "td", "article", "section", "main")]
    fitting = [el for el in blocks if sizes[el] * 2 >= whole]
    return min(fitting, key=lambda el: sizes[el]) if fitting and whole else root


def _render(el: lxml.html.HtmlElement, out: list[str], tables: list[list[list[str]]]) -> None:
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
    return re.sub(r"\s+", " ", text)


def _render_table(table: lxml.html.HtmlElement, tables: list[list[list[str]]]) -> str:
    rows: list[list[Cell]] = []
    for tr in table.iter("tr"):
        cells = []
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            cells.append(Cell(_cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan"))))
        rows.append(cells)
    grid, starts = expand(rows)
    if is_layout(grid):
        return "\n".join(cell for row in grid for cell in dict.fromkeys(row) if cell)
    tables.append(grid)
    return "\n".join(render_rows(grid, starts))


def _cell_text(td: lxml.html.HtmlElement) -> str:
    """The cell's own content (not its tail); <br>/<p> inside a cell are wrapping, joined by tidy_cell."""
    parts = [_inline(td.text)] if td.text else []
    for child in td:
        _render(child, parts, [])
    return tidy_cell("".join(parts))


def _span(value: str | None) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    return max(1, min(int(match.group(1)), 500)) if match else 1


def _is_chrome(line: str) -> bool:
    """A line made only of chrome tokens (【打印】【关闭】, 字号：[大 中 小]) — but not an empty line."""
    return bool(line.strip()) and not _CHROME.sub("", line) and len(line) <= 60
