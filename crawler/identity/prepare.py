"""What the near-duplicate index needs of a document's text, computed where the text was parsed.

The content key (``doc_id``), the shingle set and the MinHash signature depend on the text alone, so the
parse worker computes them (``crawler/pipelines/reader.py``) and the one process that keeps the index only
looks them up; ``NearDupIndex`` computes them itself for facts that come without them. Both use the
functions here, so a prepared document is indexed exactly as an unprepared one.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from crawler.identity.shingles import ShingleSet, normalise_for_shingles, shingle_set
from crawler.identity.signatures import NUM_PERM, SEED, MinHasher, Signature
from crawler.parsing.text import word_characters

NO_SHINGLES: ShingleSet = np.empty(0, dtype=np.uint64)  # an image version: no text to compare


@dataclass(frozen=True)
class Prepared:
    doc_id: str
    shingles: ShingleSet
    signature: Signature
    packed_text: bytes  # the text as the index's TextStore keeps it (``pack``)
    text_key: str  # ``shingle_key(shingles)``: equal keys, identical comparison texts
    words: int  # how many word characters the text has (``len(word_characters(text))``)


def content_key(text: str) -> str:
    """The document's own id: the sha256 of its text with every whitespace and punctuation character
    removed (so a page and its PDF with the same words share it)."""
    return _key_of_words(word_characters(text))


def _key_of_words(words: str) -> str:
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:32]


def shingle_key(shingles: ShingleSet) -> str:
    """A hash of the comparison text (its shingle set): an exact copy has the same key."""
    return hashlib.blake2b(shingles.tobytes(), digest_size=16).hexdigest()


def shingles_of(text: str, needs_ocr: bool) -> ShingleSet:
    return NO_SHINGLES if needs_ocr else shingle_set(normalise_for_shingles(text))


@lru_cache(maxsize=1)
def hasher() -> MinHasher:
    """The index's MinHash permutations (the same seed always gives the same signatures)."""
    return MinHasher(NUM_PERM, SEED)


def pack(text: str) -> bytes:
    """A text as ``TextStore`` writes it: gzipped UTF-8, with no timestamp (the same text, the same bytes)."""
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def prepare(text: str, needs_ocr: bool) -> Prepared:
    shingles = shingles_of(text, needs_ocr)
    words = word_characters(text)
    signature = hasher().signature(shingles)
    return Prepared(_key_of_words(words), shingles, signature, pack(text), shingle_key(shingles), len(words))
