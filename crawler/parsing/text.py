"""Text normalisation: one canonical form for every later step.

Reports arrive full-width or half-width, simplified or traditional, with PDF line-wrap spaces inside
words ("2024 年", "社会公益 组织"). Every figure and label rule in the parser reads the normalised form:
NFKC (full-width digits and punctuation become ASCII), OpenCC t2s (traditional becomes simplified),
tidy whitespace and drop spaces that sit between CJK characters or between CJK and digits. The original
text is kept by the caller; ``detect_script`` says which script it was written in.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crawler.parsing.grids import plain_spacing

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_NOT_CJK_RE = re.compile(f"[^{_CJK}]+")
_SAMPLE = 4000
# A space with a CJK character on one side and a CJK character or a digit on the other is a
# line-wrap or layout artefact; spaces between two digits are kept (tables glue cells with them).
# (Starts with the space itself so the regex engine scans for spaces, not for lookbehinds; runs after
# whitespace runs were collapsed to one space.)
_SPACE_BETWEEN = re.compile(f" (?:(?<=[{_CJK}] )(?=[{_CJK}0-9])|(?<=[0-9] )(?=[{_CJK}]))")
# Only characters outside ASCII, the unified CJK block and the common CJK punctuation can change under
# NFKC; normalising just those runs gives the same result at half the cost of normalising everything.
_NFKC_CANDIDATES = re.compile(
    r"[^\x00-\x7f\u4e00-\u9fff\u3001\u3002\u300a\u300b\u3008-\u3011\u2018\u2019\u201c\u201d]+"
)
_HSPACE = re.compile(r"[ \t\u3000\u00a0\u200b\ufeff]+")
_BLANK_LINES = re.compile(r"\n{3,}")

# Share of CJK characters that t2s must change before a text counts as traditional. Simplified text
# changes almost nothing (0 of 2,660 characters in a real report); traditional text changes 20-30 %.
_TRADITIONAL_SHARE = 0.05


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc  # one instance for the whole process: building it reads dictionaries

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _convertible() -> re.Pattern[str]:
    """Every CJK character t2s changes on its own (about 4,200), as one character class.

    Phrase rules only ever rewrite phrases that contain such a character, so a text without one is
    already simplified and the (comparatively slow) conversion can be skipped.
    """
    chars = [chr(c) for c in (*range(0x3400, 0xA000), *range(0xF900, 0xFB00))]
    converted = str(_converter().convert("\n".join(chars))).split("\n")
    changed = "".join(a for a, b in zip(chars, converted, strict=True) if a != b)
    return re.compile(f"[{re.escape(changed)}]")


def to_simplified(text: str) -> str:
    if _convertible().search(text) is None:
        return text
    return str(_converter().convert(text))


def detect_script(original: str, simplified: str | None = None) -> str:
    """``traditional`` when converting to simplified changes a real share of the characters.

    Judged on a sample from the start of the text, which is plenty: a report is written in one script.
    """
    sample = original[:_SAMPLE]
    converted = to_simplified(sample) if simplified is None else simplified[:_SAMPLE]
    if sample == converted:
        return "simplified"
    cjk = len(_NOT_CJK_RE.sub("", sample))
    aligned = len(converted) == len(sample) and (simplified is None or len(simplified) == len(original))
    if aligned:
        changed = sum(map(operator.ne, sample, converted))
    else:  # a phrase changed length, so positions no longer line up: count characters t2s replaced
        kept = set(converted)
        changed = sum(1 for char in sample if char not in kept)
    return "traditional" if changed >= max(3, cjk * _TRADITIONAL_SHARE) else "simplified"


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, applied only where it can change something.

    Run by run is exact for text already in NFC; decomposed text (a combining mark after an ASCII
    letter) takes the whole-text path.
    """
    if not unicodedata.is_normalized("NFC", text):
        return unicodedata.normalize("NFKC", text)
    return _NFKC_CANDIDATES.sub(_nfkc_run, text)


def _nfkc_run(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def tidy(text: str) -> str:
    """NFKC plus whitespace tidying, without changing the script.

    More than the extractors' ``grids.tidy`` (whitespace only): also drops layout spaces next to CJK.
    """
    text = _collapse_spaces(nfkc(text).replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACE_BETWEEN.sub("", text)
    joined = "\n".join(line.strip() for line in text.split("\n"))
    return (_BLANK_LINES.sub("\n\n", joined) if "\n\n\n" in joined else joined).strip()


def _collapse_spaces(text: str) -> str:
    """Runs of horizontal space (ideographic, no-break, zero-width too) as one space; a text with only
    single plain spaces is returned as it is, without a regex pass over every character."""
    if plain_spacing(text) and "  " not in text:
        return text
    return _HSPACE.sub(" ", text)


def normalise(text: str) -> str:
    """The canonical text every rule reads: tidied and simplified."""
    return to_simplified(tidy(text))


_NOT_WORD = re.compile(r"[\W_]+")


def word_characters(text: str) -> str:
    """``text`` without whitespace and punctuation: what identifies a report's content (and measures its
    length) whatever layout, line breaks or format it came in."""
    return _NOT_WORD.sub("", text)


def normalise_cells(cells: list[str], *, simplify: bool = True) -> list[str]:
    """``normalise`` for many one-line strings (table cells) in one pass: a cell stays one line.

    ``simplify=False`` for a document written in simplified script: t2s would only damage it (乾县 -> 干县).
    """
    # Cells joined with NUL (extractors never leave one in a cell) and made one line each, so the
    # whitespace passes run once over all cells; then split apart again, each cell stripped.
    joined = "\0".join(cells).replace("\r", " ").replace("\n", " ")
    joined = "\n".join([cell.strip() for cell in _collapse_spaces(joined).strip().split("\0")])
    tidied = _SPACE_BETWEEN.sub("", _collapse_spaces(nfkc(joined)))
    out = (to_simplified(tidied) if simplify else tidied).split("\n")
    if len(out) != len(cells):  # NFKC never makes or eats a line break, but never trust a count blindly
        return [normalise(cell) if simplify else tidy(cell) for cell in cells]
    return [cell.strip() for cell in out]


# Mirror sites gloss characters with pinyin, 报(bào)告, 文(wen)章: the glosses split every word a rule reads.
# (The bracket comes first and the character before it is checked by a lookbehind after it, so the
# regex engine scans for brackets instead of testing a lookbehind at every character.)
_PINYIN = re.compile(r"\((?<=[\u4e00-\u9fff]\()[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")


def _drop_pinyin(text: str) -> str:
    return _PINYIN.sub("", text) if "(" in text else text


def original_text(raw: str) -> str:
    """The extracted text tidied but in its own script: what ``prepare`` simplifies."""
    return _drop_pinyin(tidy(raw))


@dataclass
class NormalisedText:
    original: str  # the text as extracted (original script)
    text: str  # normalised: NFKC, simplified, tidy
    script: str  # simplified | traditional


def prepare(raw: str) -> NormalisedText:
    """Normalise an extracted text and detect the script of the original.

    An archive header above ``==== 正文 ====`` is not handled here: the extractor (``plaintext.py``)
    already moved it into ``Extracted.meta``.
    """
    tidied = original_text(raw)
    simplified = to_simplified(tidied)
    script = detect_script(tidied, simplified)
    # A simplified text stays as written: t2s maps some simplified characters too (乾县 -> 干县).
    return NormalisedText(raw, simplified if script == "traditional" else tidied, script)
