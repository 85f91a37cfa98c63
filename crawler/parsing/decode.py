"""Bytes to str for web pages and text files whose declared charset may be missing or wrong.

Portals lie about charsets: a header says utf-8 over a GBK body, a meta says gb2312 over GBK-only characters
(镕, 堃), a header says GBK over UTF-8. Every candidate encoding is therefore tried and the one whose text
looks most like Chinese (or plain ASCII) wins; the declared one is kept unless another is clearly better.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from charset_normalizer import from_bytes
from w3lib.encoding import http_content_type_encoding, read_bom, resolve_encoding

# w3lib resolves labels to codecs (gb2312/gbk -> gb18030, big5 -> big5hkscs: supersets real pages need);
# Microsoft's Big5 label is the one it leaves alone.
_UPGRADE = {"cp950": "big5hkscs"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# A candidate must beat the declared charset by this much (share of odd characters) to replace it.
_MARGIN = 0.05
_SAMPLE = 65_536  # bytes scored per candidate; the verdict on the head holds for the rest


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec name used, after the gb2312/gbk -> gb18030 upgrade
    fixed: bool  # a declared charset was overridden because it produced mojibake


def canonical(charset: str | None) -> str | None:
    """Python codec name for a charset label (``GB2312`` -> ``gb18030``); None when unknown."""
    name = resolve_encoding(charset.strip().strip("\"'")) if charset else None
    return _UPGRADE.get(name, name) if name else None


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    return canonical(http_content_type_encoding(content_type)) if content_type else None


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares for itself in ``<meta>`` (or an XML declaration) in its first 8 KB."""
    head = body[:8192]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return canonical(match.group(1).decode("ascii", "replace")) if match else None


@cache
def _common_han() -> frozenset[str]:
    """The most frequent Han characters in both scripts: GB2312 level 1 and Big5's 常用字 block."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            chars.update(bytes((lead, trail)).decode("gb2312", "ignore"))
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            chars.update(bytes((lead, trail)).decode("big5", "ignore"))
    return frozenset(chars)


def oddness(text: str) -> float:
    """Share of non-ASCII characters that are unlikely in a Chinese document (0 = clean, 1 = all odd).

    Mojibake of UTF-8 read as GBK is made of rare Han characters (鏀垮簻); of UTF-8 read as Latin-1 of
    accented letters and C1 controls (æ”¿); undecodable bytes become U+FFFD (weighted heavier).
    """
    common = _common_han()
    odd: float = 0
    total = 0
    # Each distinct character is judged once (Counter counts in C); the sums are of halves and integers,
    # exact in floating point, so this equals a character-by-character sum.
    for ch, count in Counter(text).items():
        if ch < "\x80":
            continue
        total += count
        if ch == "\ufffd":
            odd += 3 * count
        elif ch in common or _is_punctuation(ch):
            continue
        elif "\u4e00" <= ch <= "\u9fff":
            odd += 0.5 * count  # a rare but real character is only half a suspect
        else:
            odd += count
    return min(1.0, odd / total) if total else 0.0


def _is_punctuation(ch: str) -> bool:
    """CJK and full-width punctuation, general punctuation, and the few symbols reports use (·×○①Ⅰ°℃)."""
    return (
        "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2010" <= ch <= "\u2027"
        or "\u2460" <= ch <= "\u2473"
        or "\u2160" <= ch <= "\u216b"
        or ch in "\xa0\xb7\xd7\xb0\u25cb\u2103"
    )


def _detected(body: bytes) -> str | None:
    best = from_bytes(body[:_SAMPLE]).best()
    return canonical(best.encoding) if best is not None else None


def decode(body: bytes, *, declared: list[str | None] | None = None, detect: bool = True) -> Decoded:
    """Decode ``body``: BOM first, then the declared charsets in order (header before meta), checked.

    The first declared charset is the claim; it stands unless another candidate (the later declared ones,
    utf-8, gb18030, big5hkscs, the detector's guess) produces clearly cleaner text, in which case the result
    is marked ``fixed``. With nothing declared the cleanest candidate wins without being called a fix.
    """
    bom_codec, bom = read_bom(body)
    if bom_codec is not None and bom is not None:
        name = "utf-16" if bom_codec.startswith("utf-16") else "utf-8"
        return Decoded(body[len(bom) :].decode(bom_codec, "replace"), name, False)
    claims = [c for c in (canonical(d) for d in (declared or [])) if c]
    sample = body[:_SAMPLE]
    if sample.isascii():  # no byte >= 0x80
        codec = claims[0] if claims and claims[0] not in ("utf-16", "utf-32") else "utf-8"
        return Decoded(body.decode(codec, "replace"), codec, False)
    if (not claims or claims[0] == "utf-8") and _is_utf8(body):
        return Decoded(body.decode("utf-8"), "utf-8", False)  # valid multi-byte UTF-8 is never an accident
    candidates = [*claims, "utf-8", "gb18030", "big5hkscs"]
    scores: dict[str, float] = {}
    for codec in dict.fromkeys(candidates):
        scores[codec] = oddness(sample.decode(codec, "replace"))
        # Shortcuts that cannot change the verdict: a claim within the margin of a perfect score stands
        # whatever the others score; with no claim, the first candidate that scores 0 wins the tie.
        if claims and codec == claims[0] and scores[codec] <= _MARGIN:
            return Decoded(body.decode(codec, "replace"), codec, False)
        if not claims and scores[codec] == 0:
            return Decoded(body.decode(codec, "replace"), codec, False)
    if detect and min(scores.values()) > 0.02:
        guess = _detected(body)
        if guess and guess not in scores:
            scores[guess] = oddness(sample.decode(guess, "replace"))
            candidates.append(guess)
    best = min(scores, key=lambda c: (scores[c], candidates.index(c)))
    if claims and scores[claims[0]] <= scores[best] + _MARGIN:
        return Decoded(body.decode(claims[0], "replace"), claims[0], False)
    return Decoded(body.decode(best, "replace"), best, bool(claims))


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
