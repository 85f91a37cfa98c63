"""The shortcuts in ``decode`` (a claim that scores within the margin stands at once; with no claim the
first candidate scoring 0 wins) and the per-character tally in ``oddness`` give exactly what scoring every
candidate character by character gives."""

from __future__ import annotations

from crawler.parsing import decode as decoding
from crawler.parsing.decode import Decoded, decode, oddness

REPORT = "国务院办公厅政府信息公开工作年度报告：本年度共主动公开政府信息1234条，镕堃。"


def _oddness_char_by_char(text: str) -> float:
    common = decoding._common_han()
    odd: float = 0
    total = 0
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        if ch == "\ufffd":
            odd += 3
        elif ch in common or decoding._is_punctuation(ch):
            continue
        elif "\u4e00" <= ch <= "\u9fff":
            odd += 0.5
        else:
            odd += 1
    return min(1.0, odd / total) if total else 0.0


def _decode_scoring_all(body: bytes, declared: list[str | None]) -> Decoded:
    """``decode`` as it was before its shortcuts: every candidate scored, then the same rule."""
    claims = [c for c in (decoding.canonical(d) for d in declared) if c]
    sample = body[: decoding._SAMPLE]
    candidates = [*claims, "utf-8", "gb18030", "big5hkscs"]
    scores = {codec: oddness(sample.decode(codec, "replace")) for codec in dict.fromkeys(candidates)}
    if min(scores.values()) > 0.02:
        guess = decoding._detected(body)
        if guess and guess not in scores:
            scores[guess] = oddness(sample.decode(guess, "replace"))
            candidates.append(guess)
    best = min(scores, key=lambda c: (scores[c], candidates.index(c)))
    if claims and scores[claims[0]] <= scores[best] + decoding._MARGIN:
        return Decoded(body.decode(claims[0], "replace"), claims[0], False)
    return Decoded(body.decode(best, "replace"), best, bool(claims))


def test_oddness_equals_a_character_by_character_tally() -> None:
    for text in (REPORT, REPORT.encode("utf-8").decode("gb18030", "replace"), "æ”¿åºœ", "abc", "\ufffd中"):
        assert oddness(text) == _oddness_char_by_char(text)


def test_decode_equals_scoring_every_candidate() -> None:
    gbk, utf8, big5 = REPORT.encode("gb18030"), REPORT.encode("utf-8"), "政府資訊公開年度報告".encode("big5")
    cases: list[tuple[bytes, list[str | None]]] = [
        (gbk, ["gb2312"]),  # a true claim, with characters GB2312 lacks
        (gbk, [None]),  # no claim: the first clean candidate
        (gbk, ["utf-8"]),  # a false claim
        (utf8, ["gbk"]),  # a false claim over UTF-8
        (big5, [None, "big5"]),
        (big5, ["gbk"]),
        (gbk + b"\xff\xfe\x81", ["gbk"]),  # a little damage: the claim still stands
    ]
    for body, declared in cases:
        assert decode(body, declared=declared) == _decode_scoring_all(body, declared), declared
