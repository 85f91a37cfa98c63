"""Text → the set of character shingles a near-duplicate comparison works on.

Mirrors of one report differ in ways that carry no meaning: a Big5 gateway inserts pinyin after
characters, a re-post rewrites the domain names in the body, a PDF breaks lines and adds page numbers,
punctuation turns full-width or half-width. Everything of that kind is removed before shingling, so
those copies compare as identical and only real wording changes lower the similarity.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

SHINGLE_SIZE = 5

ShingleSet = npt.NDArray[np.uint64]  # sorted, unique 64-bit hashes of the shingles

# A URL, or a bare domain left in the body ("xx.gov.cn"), which mirrors rewrite to their own host. Its
# digits would otherwise survive normalisation and tell two copies apart. A domain ends in letters, so
# decimals (9.6万元) are never taken for one.
_ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s\u4e00-\u9fff]*|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", re.ASCII
)
# Cheap pre-check: an address has a letter beside a dot; most report texts have none, and skipping the
# address pass for them saves a third of normalisation time.
_DOTTED = re.compile(r"[A-Za-z/]\.|\.[A-Za-z]")
# Keep CJK ideographs and digits only. Letters go too: pinyin a Big5 gateway inserts (with or without
# tone marks), HTML leftovers, English boilerplate. Digits stay: the figures matter most in a report.
_NOT_KEPT = re.compile(r"[^\u4e00-\u9fff0-9]+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_DIGIT = re.compile("[０-９]")
# PDF page furniture: "- 3 -", "第 3 页 共 5 页", "3/5" on a line of its own.
_PAGE_MARK = re.compile(
    r"^\s*(?:[-—]\s*\d+\s*[-—]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$", re.M
)


def normalise_for_shingles(text: str) -> str:
    """The comparison form of ``text`` (already simplified script): CJK characters and digits only."""
    text = _PAGE_MARK.sub(" ", text)
    if _DOTTED.search(text):
        text = _ADDRESS.sub(" ", text)
    if _FULLWIDTH_DIGIT.search(text):  # translate() is slow on long CJK text; most have none
        text = text.translate(_FULLWIDTH_DIGITS)
    return _NOT_KEPT.sub("", text)


# Odd 64-bit multiplier for the polynomial rolling hash (the golden-ratio constant).
_BASE = np.uint64(0x9E3779B97F4A7C15)


def shingle_set(normalised: str, size: int = SHINGLE_SIZE) -> ShingleSet:
    """Sorted unique 64-bit hashes of every ``size``-character window of ``normalised``.

    Hashing is vectorised with numpy (code points → polynomial hash with wrap-around) because a Python
    loop over every window is the slowest step at 100k documents. A text shorter than one shingle
    yields one shingle of the whole text, so short stubs still compare by equality.
    """
    if not normalised:
        return np.empty(0, dtype=np.uint64)
    points = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(points) < size:
        size = len(points)
    windows = len(points) - size + 1
    hashes = np.zeros(windows, dtype=np.uint64)
    for offset in range(size):  # unsigned array arithmetic wraps silently, as a hash should
        hashes *= _BASE
        hashes += points[offset : offset + windows]
    hashes.sort()
    # Sorted dedupe by neighbour comparison: np.unique's hash-table path is slower at this size.
    return hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]


def jaccard(left: ShingleSet, right: ShingleSet) -> float:
    """Exact Jaccard similarity of two shingle sets (1.0 for two empty sets: nothing tells them apart)."""
    if len(left) == 0 and len(right) == 0:
        return 1.0
    # Both are sorted and unique, so a stable sort of the two together is one linear merge of two runs
    # (timsort), and every common hash is a pair of equal neighbours: a third of the cost of looking each
    # hash of one set up in the other with searchsorted.
    merged = np.concatenate((left, right))
    merged.sort(kind="stable")
    common = int(np.count_nonzero(merged[1:] == merged[:-1]))
    return common / (len(left) + len(right) - common)
