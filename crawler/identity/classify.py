"""Deciding what a verified candidate is to a new document. Pure: no index, no I/O.

Order matters and each step has a reason:
1. Another year is no relation: the next year's report written from last year's, also after the agency
   was renamed (洪泽县国土资源局 2015 and 淮安市洪泽区国土资源局 2016 are two years of one agency).
2. Another agency (both known) in the same year with the same figures is 雷同 (copied_report), however
   close the text: copies are flagged for analysts and never merged. Another agency with other figures is
   only a shared template (the 2019/2021 forms are mostly identical labels), so it is no relation at all.
3. Same agency-year with figures that disagree is a correction: a new version that must not be dropped.
4. Same figures in another file format is a format pair, even when the texts are identical.
5. Identical comparison text is an exact copy; anything else that passed verification is a mirror.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.identity.facts import MatchKind, Number

_TITLE_NOISE = re.compile(r"图片版|文字版|扫描件|扫描版|[（(【\[].*?[)）】\]]|[^\u4e00-\u9fff0-9]")


@dataclass(frozen=True)
class EntryFacts:
    """What the index keeps per document so a candidate can be classified without its text."""

    doc_id: str
    report_id: str
    agency_key: str | None
    report_year: int | None
    figures: dict[str, Number]
    format_family: str
    needs_ocr: bool
    title_key: str
    text_key: str  # hash of the comparison text; equal keys mean an exact copy


def title_key(title: str | None) -> str:
    """A title with the 图片版/文字版 markers, bracketed notes and punctuation removed."""
    return _TITLE_NOISE.sub("", title or "")


def figure_agreement(left: dict[str, Number], right: dict[str, Number]) -> float | None:
    """Share of the figure keys both documents have whose values are equal; None when none are shared.

    Keys only one side has do not count against agreement: a news copy that dropped a sentence also
    dropped the figure in it, and that is not a changed figure.
    """
    common = left.keys() & right.keys()
    if not common:
        return None
    return sum(1 for key in common if left[key] == right[key]) / len(common)


def _known_and_different(left: object, right: object) -> bool:
    return left is not None and right is not None and left != right


def classify_pair(new: EntryFacts, old: EntryFacts, agreement: float | None) -> MatchKind:
    """The kind of relation between a new document and a verified, textually similar indexed one."""
    figures_agree = agreement is None or agreement == 1.0
    if _known_and_different(new.report_year, old.report_year):
        return MatchKind.NEW
    if _known_and_different(new.agency_key, old.agency_key):
        return MatchKind.COPIED_REPORT if figures_agree else MatchKind.NEW
    if not figures_agree:
        return MatchKind.CORRECTION
    if new.format_family != old.format_family:
        return MatchKind.FORMAT_PAIR
    if new.text_key == old.text_key:
        return MatchKind.EXACT_COPY
    return MatchKind.MIRROR


def is_image_text_pair(new: EntryFacts, old: EntryFacts) -> bool:
    """An image version and a text version of one agency-year report, matched by title, not text."""
    if new.needs_ocr == old.needs_ocr or new.agency_key is None or new.report_year is None:
        return False
    same_report = new.agency_key == old.agency_key and new.report_year == old.report_year
    return same_report and (not new.title_key or not old.title_key or new.title_key == old.title_key)


# When one document verifies against several, the relation that says most about identity wins:
# being the same report beats being a new version of it, which beats being a 雷同 of another agency's.
KIND_PRIORITY = {
    MatchKind.EXACT_COPY: 0,
    MatchKind.FORMAT_PAIR: 1,
    MatchKind.MIRROR: 2,
    MatchKind.CORRECTION: 3,
    MatchKind.IMAGE_TEXT_PAIR: 4,
    MatchKind.COPIED_REPORT: 5,
    MatchKind.NEW: 6,
}
