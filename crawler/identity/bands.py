"""LSH banding over MinHash signatures, stored as sorted numpy arrays instead of Python dicts and sets.

datasketch's ``MinHashLSH`` keeps one Python set per bucket per band: at 100k documents and 25 bands that
measured 0.9 GB and 31 s of inserts, and a reload re-inserts everything one by one. The same banding
(``b`` bands of ``r`` rows, with the ``(b, r)`` datasketch chooses for the threshold, so the candidate
probability curve is datasketch's) fits in ``b * 16`` bytes per document here: one sorted array of band
hashes (the band number is mixed into each, so all bands share it and a lookup is one vectorised
``searchsorted``) with the matching rows, plus a small unsorted tail for recent inserts that is merged in
when it fills. A reload computes every band hash in one vectorised pass.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

from crawler.identity.signatures import Signature

Rows = npt.NDArray[np.int64]
TAIL_CAPACITY = 4096
MASK_FROM = 256  # candidate hits from which ``query`` dedupes them with a mask, not a sort
# Odd multipliers (the golden-ratio and murmur constants) to fold a band's r values into one 64-bit hash.
_FOLD = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xFF51AFD7ED558CCD)


def lsh_parameters(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's (bands, rows per band) minimising weighted false positives and negatives.

    datasketch is imported here, not at the top: it pulls in scipy (about a second), and the parse workers
    import this package (``crawler.identity.prepare``) without ever building an index."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def band_hashes(signatures: npt.NDArray[np.uint32], bands: int, rows: int) -> npt.NDArray[np.uint64]:
    """One 64-bit hash per band for each signature, band number included: shape (n, bands).

    Unsigned array arithmetic wraps, as hashing wants.
    """
    grouped = signatures[:, : bands * rows].reshape(len(signatures), bands, rows).astype(np.uint64)
    # The fold ``h = band; h = h * F + value`` over a band's r values, written out: band * F^r plus the
    # values times F^(r-1) … F^0, one integer matrix product (it wraps modulo 2^64 like the loop did).
    lead, powers = _fold_powers(bands, rows)
    folded = grouped @ powers
    folded += lead
    folded ^= folded >> np.uint64(33)
    folded *= _MIX
    return folded ^ (folded >> np.uint64(33))


@lru_cache(maxsize=8)
def _fold_powers(bands: int, rows: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    fold = int(_FOLD)
    powers = np.array([pow(fold, rows - 1 - column, 2**64) for column in range(rows)], dtype=np.uint64)
    lead = np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(pow(fold, rows, 2**64))
    return lead, powers


class BandIndex:
    def __init__(self, threshold: float, num_perm: int) -> None:
        self.bands, self.rows = lsh_parameters(threshold, num_perm)
        self._sorted_hashes = np.empty(0, dtype=np.uint64)
        self._sorted_rows = np.empty(0, dtype=np.int64)
        self._tail_hashes = np.empty((TAIL_CAPACITY, self.bands), dtype=np.uint64)
        self._tail_rows = np.empty(TAIL_CAPACITY, dtype=np.int64)
        self._tail_size = 0
        # (band, hash) -> the tail's rows with that band hash: a query looks its bands up instead of
        # comparing them with every row of the tail
        self._tail_lookup: dict[tuple[int, int], list[int]] = {}
        self._last: tuple[Signature, npt.NDArray[np.uint64]] | None = None  # the last signature hashed

    def add(self, row: int, signature: Signature) -> None:
        if self._tail_size == len(self._tail_rows):
            self._merge_tail()
        hashes = self._hashes(signature)
        self._tail_hashes[self._tail_size] = hashes
        self._tail_rows[self._tail_size] = row
        for key in enumerate(hashes.tolist()):
            self._tail_lookup.setdefault(key, []).append(row)
        self._tail_size += 1

    def add_many(self, rows: Rows, signatures: npt.NDArray[np.uint32]) -> None:
        """Bulk insert (a reload): one vectorised hash pass and one sort."""
        self._merge(rows, band_hashes(signatures, self.bands, self.rows))

    def query(self, signature: Signature) -> Rows:
        """Rows sharing at least one band with ``signature``: the candidates, unverified."""
        hashes = self._hashes(signature)
        lookup = self._tail_lookup
        in_tail = [row for key in enumerate(hashes.tolist()) for row in lookup.get(key, ())]
        found = [np.array(in_tail, dtype=np.int64)]
        starts = np.searchsorted(self._sorted_hashes, hashes, "left")
        ends = np.searchsorted(self._sorted_hashes, hashes, "right")
        found.extend(
            self._sorted_rows[start:end] for start, end in zip(starts, ends, strict=True) if end > start
        )
        rows = np.concatenate(found)
        if len(rows) < MASK_FROM or not len(rows):
            return np.unique(rows)
        # Many hits (template-like texts share bands with most of the index): marking them in a mask over
        # every row is linear, where np.unique sorts them; the result is the same sorted unique rows.
        seen = np.zeros(int(rows.max()) + 1, dtype=bool)
        seen[rows] = True
        return np.flatnonzero(seen).astype(np.int64, copy=False)

    def _hashes(self, signature: Signature) -> npt.NDArray[np.uint64]:
        """The band hashes of one signature; a document is queried and then added, so they are kept for
        the next call on an equal signature."""
        if self._last is not None and np.array_equal(self._last[0], signature):
            return self._last[1]
        hashes = band_hashes(signature[None, :], self.bands, self.rows)[0]
        self._last = (signature.copy(), hashes)
        return hashes

    def _merge_tail(self) -> None:
        size, self._tail_size = self._tail_size, 0
        self._tail_lookup = {}
        self._merge(self._tail_rows[:size].copy(), self._tail_hashes[:size].copy())

    def _merge(self, rows: Rows, hashes: npt.NDArray[np.uint64]) -> None:
        merged_hashes = np.concatenate([self._sorted_hashes, hashes.ravel()])
        merged_rows = np.concatenate([self._sorted_rows, np.repeat(rows, self.bands)])
        order = np.argsort(merged_hashes, kind="stable")
        self._sorted_hashes, self._sorted_rows = merged_hashes[order], merged_rows[order]
