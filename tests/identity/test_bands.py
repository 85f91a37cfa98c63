"""The numpy band table returns exactly the rows that share a band, before and after merging its tail."""

from __future__ import annotations

import numpy as np
import pytest

from crawler.identity import bands
from crawler.identity.bands import BandIndex, band_hashes, lsh_parameters


def _signatures(count: int, seed: int = 7) -> np.ndarray:
    """Random signatures where each later one copies a random share of an earlier one's positions."""
    rng = np.random.default_rng(seed)
    out = rng.integers(0, 2**32, (count, 128), dtype=np.uint64).astype(np.uint32)
    for row in range(1, count):
        source = rng.integers(0, row)
        keep = rng.random(128) < rng.random()
        out[row, keep] = out[source, keep]
    return out


def _brute_force(signatures: np.ndarray, probe: np.ndarray, b: int, r: int) -> set[int]:
    grouped = signatures[:, : b * r].reshape(len(signatures), b, r)
    return set(np.flatnonzero((grouped == probe[: b * r].reshape(b, r)).all(axis=2).any(axis=1)).tolist())


def test_parameters_are_datasketchs() -> None:
    assert lsh_parameters(0.5, 128) == (25, 5)


@pytest.mark.parametrize("bulk", [False, True])
def test_candidates_are_the_rows_sharing_a_band(monkeypatch: pytest.MonkeyPatch, bulk: bool) -> None:
    monkeypatch.setattr(bands, "TAIL_CAPACITY", 64)  # several merges, and a tail left over
    signatures = _signatures(500)
    index = BandIndex(0.5, 128)
    if bulk:
        index.add_many(np.arange(300), signatures[:300])
    for row in range(300 if bulk else 0, 500):
        index.add(row, signatures[row])
    for probe in range(0, 500, 7):
        expected = _brute_force(signatures, signatures[probe], index.bands, index.rows)
        assert set(index.query(signatures[probe]).tolist()) == expected


def test_band_hashes_depend_on_every_value() -> None:
    signature = _signatures(1)
    changed = signature.copy()
    changed[0, 3] += 1
    assert (band_hashes(signature, 25, 5) != band_hashes(changed, 25, 5)).sum() == 1
