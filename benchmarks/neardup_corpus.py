"""A synthetic report stream with injected mirrors, pairs, corrections and 雷同 copies, labelled.

Originals are built from sentences of the real report texts in ``tests/fixtures`` (golden seeds and real
fixtures, read as data), with a unique agency name, random numbers and a figures paragraph, so two
originals share little text, as two different agencies' prose reports do. After its original, each
injected document arrives at a random later point of the stream, as re-posts and attachments do.
Everything is a pure function of (seed, spec): texts are rebuilt on demand so 100k documents need no
more memory than their specs.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import opencc

from crawler.identity.agency import agency_key
from crawler.identity.facts import MatchKind, ReportFacts

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SENTENCES_PER_REPORT = 30
# Longer "sentences" are table dumps without a full stop; one would dominate a synthetic report.
LONGEST_SENTENCE = 200
INJECTED_KINDS = (
    MatchKind.EXACT_COPY,
    MatchKind.MIRROR,
    MatchKind.FORMAT_PAIR,
    MatchKind.IMAGE_TEXT_PAIR,
    MatchKind.CORRECTION,
    MatchKind.COPIED_REPORT,
)
# Characters for agency names: index i is written in this base, so every name is unique.
_NAME_CHARS = "安宝昌城丰福光广和华佳江金锦康乐林龙茂美明宁平清庆瑞山盛顺泰通旺文祥新兴阳永裕泽长正中"
_SUFFIXES = ("镇政府", "乡政府", "街道办事处", "县政府", "市教育局", "区民政局")
_NUMBER = re.compile(r"\d+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"[。！？\n]")
_HTML_TAG = re.compile(r"<[^>]+>")
_HTML_SKIP = re.compile(r"(?is)<(script|style)\b.*?</\1>")


@dataclass(frozen=True)
class DocSpec:
    """One stream document before its text is built: what it is, and which original it derives from."""

    label: str  # o<i> for an original, <kind>-<i> for an injection of original i
    truth: MatchKind
    origin: int


@dataclass(frozen=True)
class SyntheticDoc:
    spec: DocSpec
    facts: ReportFacts


@lru_cache(maxsize=1)
def base_sentences() -> tuple[str, ...]:
    """Sentences of the fixture report texts (simplified script, at least 8 Chinese characters each)."""
    t2s = opencc.OpenCC("t2s")
    found: set[str] = set()
    bodies = sorted([*FIXTURES.glob("golden/seed-*/body"), *FIXTURES.glob("real/*/body")])
    for path in bodies:
        raw = path.read_bytes()
        if raw.startswith(b"%PDF"):
            continue  # the PDF fixtures' text needs the parser; the text ones are plenty
        text = t2s.convert(_HTML_TAG.sub("\n", _HTML_SKIP.sub(" ", raw.decode("utf-8", "ignore"))))
        sentences = (s.strip() for s in _SENTENCE_END.split(text))
        found.update(s for s in sentences if len(s) <= LONGEST_SENTENCE and len(_CJK.findall(s)) >= 8)
    return tuple(sorted(found))


def agency_for(index: int) -> str:
    digits = []
    number = index
    for _ in range(4):
        number, digit = divmod(number, len(_NAME_CHARS))
        digits.append(_NAME_CHARS[digit])
    return "".join(digits) + _SUFFIXES[index % len(_SUFFIXES)]


@dataclass(frozen=True)
class _Original:
    agency: str
    year: int
    sentences: tuple[str, ...]
    figures: dict[str, int]


def _original(seed: int, index: int) -> _Original:
    rng = random.Random(f"{seed}:o:{index}")
    pool = base_sentences()
    picked = [
        _NUMBER.sub(lambda _: str(rng.randint(0, 999)), pool[rng.randrange(len(pool))]) for _ in range(30)
    ]
    figures = {
        "proactive_total": rng.randint(10, 5000),
        "applications_new": rng.randint(0, 300),
        "reconsideration_total": rng.randint(0, 20),
        "litigation_total": rng.randint(0, 20),
    }
    return _Original(agency_for(index), rng.randint(2010, 2024), tuple(picked), figures)


def _figures_paragraph(figures: dict[str, int]) -> str:
    return (
        f"本年度主动公开政府信息{figures['proactive_total']}条，新收政府信息公开申请{figures['applications_new']}件，"
        f"因政府信息公开申请行政复议{figures['reconsideration_total']}件，"
        f"提起行政诉讼{figures['litigation_total']}件。"
    )


def _render(agency: str, year: int, sentences: tuple[str, ...] | list[str], figures: dict[str, int]) -> str:
    body = [f"{agency}{sentence}" if n % 6 == 0 else sentence for n, sentence in enumerate(sentences)]
    body.insert(len(body) // 2, _figures_paragraph(figures))
    portal = f"本报告全文可在{agency}门户网站（http://www.{hashlib.md5(agency.encode()).hexdigest()[:8]}.gov.cn）查阅"
    return "\n".join([f"{agency}{year}年政府信息公开工作年度报告", *body, portal + "。"])


def _facts(doc_text: str, base: _Original, **extra: object) -> ReportFacts:
    """Facts as a pipeline would build them: doc id = content key of the text, agency = agency_key."""
    facts = ReportFacts(
        doc_id=hashlib.sha256(doc_text.encode()).hexdigest()[:32],
        agency_key=agency_key(base.agency),
        report_year=base.year,
        text=doc_text,
        figures=dict(base.figures),
        title=f"{base.agency}{base.year}年政府信息公开工作年度报告",
    )
    return replace(facts, **extra)  # type: ignore[arg-type]


def _header_footer(text: str, rng: random.Random) -> str:
    published = f"{rng.randint(2011, 2025)}-03-{rng.randint(10, 28)}"
    header = f"来源：政务公开专栏  发布时间：{published}  浏览次数：{rng.randint(1, 9999)}"
    footer = "【打印本页】【关闭窗口】主办单位：人民政府办公室 网站标识码：" + str(rng.randint(10**9, 10**10))
    return f"{header}\n{text}\n{footer}"


def _drop_sentence(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    droppable = [n for n, line in enumerate(lines[1:-1], start=1) if "本年度主动公开" not in line]
    del lines[rng.choice(droppable)]
    return "\n".join(lines)


def _big5_gateway(text: str, rng: random.Random) -> str:
    """What a Big5 gateway leaves after 繁→简: 资讯 for some 信息, pinyin after some characters."""
    text = text.replace("信息", "资讯", 3)
    return re.sub(r"(政府)", lambda m: m.group(1) + rng.choice(["(zheng fu)", " zhèngfǔ "]), text, count=4)


def _rewrite_domain(text: str, rng: random.Random) -> str:
    rewritten = re.sub(r"www\.[0-9a-f]+\.gov\.cn", f"mirror{rng.randint(1, 99)}.example.cn", text)
    return _header_footer(rewritten, rng)


_MIRRORS = (_header_footer, _drop_sentence, _big5_gateway, _rewrite_domain)


def _reformat(text: str, rng: random.Random) -> str:
    """Exact-copy noise: spacing and punctuation width change, pinyin after a character; no wording."""
    text = text.replace("，", ", ").replace("。", ". ")
    return re.sub(r"(公开)", r"\1 gong kai ", text, count=rng.randint(1, 3))


def _as_pdf(text: str, rng: random.Random) -> str:
    """A PDF's text layer: hard line breaks every ~40 characters and page numbers between pages."""
    width = rng.randint(36, 44)
    lines = [text[n : n + width] for n in range(0, len(text), width)]
    for page, at in enumerate(range(len(lines) - 1, 0, -25), start=1):
        lines.insert(at, f"- {page} -")
    return "\n".join(lines)


def build(spec: DocSpec, seed: int, originals: int) -> SyntheticDoc:
    """The document for ``spec``: its text and facts (deterministic)."""
    base = _original(seed, spec.origin)
    rng = random.Random(f"{seed}:{spec.label}")
    return SyntheticDoc(spec, _BUILDERS[spec.truth](base, rng, originals + spec.origin))


def _build_original(base: _Original, rng: random.Random, other: int) -> ReportFacts:
    return _facts(_render(base.agency, base.year, base.sentences, base.figures), base)


def _build_exact_copy(base: _Original, rng: random.Random, other: int) -> ReportFacts:
    text = _render(base.agency, base.year, base.sentences, base.figures)
    # Half are the very same bytes on a new URL, half differ only in what normalisation removes.
    return _facts(_reformat(text, rng) if rng.random() < 0.5 else text, base)


def _build_mirror(base: _Original, rng: random.Random, other: int) -> ReportFacts:
    text = _render(base.agency, base.year, base.sentences, base.figures)
    return _facts(rng.choice(_MIRRORS)(text, rng), base)


def _build_format_pair(base: _Original, rng: random.Random, other: int) -> ReportFacts:
    text = _render(base.agency, base.year, base.sentences, base.figures)
    return _facts(_as_pdf(text, rng), base, source_kind="pdf")


def _build_image(base: _Original, rng: random.Random, other: int) -> ReportFacts:
    # A scan has no text: its doc id is the sha256 of its bytes, here of a made-up image.
    image_id = hashlib.sha256(f"image:{base.agency}:{rng.random()}".encode()).hexdigest()[:32]
    facts = _facts("", base, source_kind="image", needs_ocr=True, figures={})
    return replace(facts, doc_id=image_id, title=f"{facts.title}（图片版）")


def _build_correction(base: _Original, rng: random.Random, other: int) -> ReportFacts:
    figures = {**base.figures, "applications_new": base.figures["applications_new"] + rng.randint(1, 50)}
    return _facts(_render(base.agency, base.year, base.sentences, figures), base, figures=figures)


def _build_copied(base: _Original, rng: random.Random, other: int) -> ReportFacts:
    copy = replace(base, agency=agency_for(other))
    return _facts(_render(copy.agency, copy.year, copy.sentences, copy.figures), copy)


_BUILDERS = {
    MatchKind.NEW: _build_original,
    MatchKind.EXACT_COPY: _build_exact_copy,
    MatchKind.MIRROR: _build_mirror,
    MatchKind.FORMAT_PAIR: _build_format_pair,
    MatchKind.IMAGE_TEXT_PAIR: _build_image,
    MatchKind.CORRECTION: _build_correction,
    MatchKind.COPIED_REPORT: _build_copied,
}


def stream(
    originals: int, seed: int = 14, inject_rate: float = 0.25, max_delay: float = 300.0
) -> list[DocSpec]:
    """Specs in arrival order: every original, and after it (within ``max_delay`` originals) its injection.

    Injected kinds take turns, so each class gets the same share of ``inject_rate * originals``.
    """
    rng = random.Random(f"{seed}:stream")
    keyed: list[tuple[float, DocSpec]] = []
    injected = 0
    for index in range(originals):
        keyed.append((float(index), DocSpec(f"o{index}", MatchKind.NEW, index)))
        if rng.random() < inject_rate:
            kind = INJECTED_KINDS[injected % len(INJECTED_KINDS)]
            injected += 1
            keyed.append((index + rng.uniform(0.5, max_delay), DocSpec(f"{kind.value}-{index}", kind, index)))
    keyed.sort(key=lambda pair: pair[0])
    return [spec for _, spec in keyed]


def documents(specs: list[DocSpec], seed: int, originals: int) -> Iterator[SyntheticDoc]:
    for spec in specs:
        yield build(spec, seed, originals)
