"""Normalisation removes what copies change without meaning, and keeps what reports say."""

from __future__ import annotations

import numpy as np

from crawler.identity.shingles import jaccard, normalise_for_shingles, shingle_set
from crawler.identity.signatures import MinHasher, estimated_similarity

TEXT = "本年度共主动公开政府信息1234条，其中通过政府网站公开800条，支出9.6万元。详见本机关门户网站。"


def test_big5_gateway_pinyin_and_spacing_are_removed() -> None:
    gateway = (
        "本年度共主动公开政府(zheng fu)信息1234条, 其中通过政府 zhèngfǔ 网站公开800条. "
        "支出9.6万元。详见本机关门户网站。"
    )
    assert normalise_for_shingles(gateway) == normalise_for_shingles(TEXT)


def test_urls_and_rewritten_domains_are_removed_but_decimals_kept() -> None:
    one = normalise_for_shingles("网址：http://www.abc12.gov.cn/art/2019/1.html 或 abc12.gov.cn，支出9.6万元")
    other = normalise_for_shingles(
        "网址：https://mirror7.example.cn/x?id=99 或 mirror7.example.cn，支出9.6万元"
    )
    assert one == other == "网址或支出96万元"


def test_pdf_page_marks_and_fullwidth_digits() -> None:
    pdf = (
        "本年度共主动公开政府信息１２３４条，其中通过政府网站\n- 2 -\n"
        "公开800条，支出9.6万元。\n第 3 页 共 5 页\n详见本机关门户网站。"
    )
    assert normalise_for_shingles(pdf) == normalise_for_shingles(TEXT)


def test_shingle_sets_are_sorted_unique_and_jaccard_is_exact() -> None:
    left = shingle_set(normalise_for_shingles(TEXT))
    assert np.all(left[1:] > left[:-1])
    changed = shingle_set(normalise_for_shingles(TEXT.replace("1234", "1235")))
    common = len(np.intersect1d(left, changed))
    assert jaccard(left, changed) == common / (len(left) + len(changed) - common)
    assert jaccard(left, left) == 1.0
    assert len(shingle_set("短文")) == 1  # a stub shorter than a shingle still compares by equality


def test_signatures_estimate_jaccard() -> None:
    hasher = MinHasher()
    base = "".join(f"第{n}条政府信息公开内容说明" for n in range(300))
    left = shingle_set(normalise_for_shingles(base))
    right = shingle_set(normalise_for_shingles(base[: len(base) * 3 // 4]))
    estimate = estimated_similarity(hasher.signature(left), hasher.signature(right)[None, :])[0]
    assert abs(estimate - jaccard(left, right)) < 0.12
    assert np.array_equal(MinHasher().signature(left), hasher.signature(left))  # same seed, same signature


def test_jaccard_equals_set_arithmetic_on_random_sets() -> None:
    rng = np.random.default_rng(3)
    pool = rng.integers(0, 2**64 - 1, 5000, dtype=np.uint64)
    for size_left, size_right in [(0, 7), (7, 0), (1, 1), (300, 40), (2000, 2500)]:
        left = np.unique(rng.choice(pool, size_left)) if size_left else np.empty(0, np.uint64)
        right = np.unique(rng.choice(pool, size_right)) if size_right else np.empty(0, np.uint64)
        a, b = set(left.tolist()), set(right.tolist())
        assert jaccard(left, right) == len(a & b) / len(a | b)
        assert jaccard(right, left) == jaccard(left, right)
    assert jaccard(np.empty(0, np.uint64), np.empty(0, np.uint64)) == 1.0
