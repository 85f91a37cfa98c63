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


@pytest.mark.parametrize("mask_from", [bands.MASK_FROM, 0])  # hits deduped by a sort, and by a mask
@pytest.mark.parametrize("bulk", [False, True])
def test_candidates_are_the_rows_sharing_a_band(
    monkeypatch: pytest.MonkeyPatch, bulk: bool, mask_from: int
) -> None:
    monkeypatch.setattr(bands, "TAIL_CAPACITY", 64)  # several merges, and a tail left over
    monkeypatch.setattr(bands, "MASK_FROM", mask_from)
    signatures = _signatures(500)
    index = BandIndex(0.5, 128)
    if bulk:
        index.add_many(np.arange(300), signatures[:300])
    for row in range(300 if bulk else 0, 500):
        index.add(row, signatures[row])
    for probe in range(0, 500, 7):
        expected = _brute_force(signatures, signatures[probe], index.bands, index.rows)
        found = index.query(signatures[probe])
        assert found.dtype == np.int64 and found.tolist() == sorted(expected)  # sorted, each row once


def test_template_like_signatures_hit_most_rows_and_each_comes_back_once() -> None:
    """Near-identical texts share bands with nearly every row: the mask path returns them sorted, once."""
    base = _signatures(1)[0]
    signatures = np.repeat(base[None, :], 600, axis=0)
    signatures[::3, :5] += 1  # every third row differs in its first band only
    index = BandIndex(0.5, 128)
    for row, signature in enumerate(signatures):
        found = index.query(signature)
        assert found.tolist() == sorted(_brute_force(signatures[:row], signature, index.bands, index.rows))
        index.add(row, signature)
    assert len(index.query(base)) == 600


def test_band_hashes_depend_on_every_value() -> None:
    signature = _signatures(1)
    changed = signature.copy()
    changed[0, 3] += 1
    assert (band_hashes(signature, 25, 5) != band_hashes(changed, 25, 5)).sum() == 1
