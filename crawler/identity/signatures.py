"""MinHash signatures computed with numpy, in the permutation scheme datasketch calls ``affine32``.

datasketch's ``MinHash.update_batch`` calls the hash function once per shingle in Python; at 100k
reports of a few thousand shingles each that alone takes minutes. The same family of permutations
(murmur3 finaliser, then ``a*h + b mod 2**32`` with odd ``a``) is applied here to the whole shingle
array at once. ``crawler.identity.bands`` bands the signatures for lookup.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from crawler.identity.shingles import ShingleSet

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"

Signature = npt.NDArray[np.uint32]


def _fmix32(values: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """murmur3's 32-bit finaliser: spreads the folded shingle hash over all bits before permuting."""
    # Unsigned array arithmetic wraps silently (only numpy scalars warn), which is what hashing wants.
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


class MinHasher:
    """Turns shingle sets into fixed-length signatures; the same seed always gives the same signatures."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        self.num_perm = num_perm
        self.seed = seed
        rng = np.random.default_rng(seed)
        # Odd multipliers make each permutation a bijection on 32-bit values (no collisions added).
        self._a = (rng.integers(0, 2**32, num_perm, dtype=np.uint64) | 1).astype(np.uint32)[:, None]
        self._b = rng.integers(0, 2**32, num_perm, dtype=np.uint64).astype(np.uint32)[:, None]

    def signature(self, shingles: ShingleSet) -> Signature:
        """The ``num_perm`` minimum permuted hashes; all-max for an empty set (it matches nothing)."""
        if len(shingles) == 0:
            return np.full(self.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        folded = (shingles ^ (shingles >> np.uint64(32))).astype(np.uint32)
        mixed = _fmix32(folded)[None, :]
        permuted = np.multiply(mixed, self._a)
        permuted += self._b  # in place: a second 128 x n temporary costs more than the arithmetic
        return np.asarray(permuted.min(axis=1), dtype=np.uint32)


def estimated_similarity(signature: Signature, others: npt.NDArray[np.uint32]) -> npt.NDArray[np.float64]:
    """Estimated Jaccard of ``signature`` with each row of ``others`` (share of equal positions)."""
    # A count of equal positions over ``num_perm`` (a power of two): exactly the mean, at half its cost.
    equal = np.count_nonzero(others == signature[None, :], axis=1)
    return np.asarray(equal / signature.shape[0], dtype=np.float64)
