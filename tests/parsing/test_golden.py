"""The labelled corpus (tests/fixtures/golden): every case parses to what its document states.

One test per case folder. Fields named in the case's ``known_gaps`` are left out of the comparison but
must still be wrong: when the parser learns one, the test fails and asks for the gap to be removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.parsing.accuracy import Case, Check, check_fields, load_cases

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden"
CASES = load_cases(GOLDEN)
META_KEYS = {"source", "synthetic", "content_type", "filename", "url", "covers", "notes", "known_gaps"}


def _describe(checks: list[Check]) -> str:
    return "\n".join(f"  {c.path}: expected {c.expected!r}, got {c.got!r}" for c in checks)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_case(case: Case) -> None:
    checks = check_fields(case.expected, case.parse())
    by_path = {check.path: check for check in checks}
    gaps = case.known_gaps
    unknown = sorted(set(gaps) - set(by_path))
    assert not unknown, f"known_gaps name fields that are not checked: {unknown}"
    learned = [by_path[path] for path in gaps if by_path[path].ok]
    assert not learned, f"the parser now gets these right; remove them from known_gaps:\n{_describe(learned)}"
    wrong = [check for check in checks if not check.ok and check.path not in gaps]
    assert not wrong, (
        f"{case.name} ({case.meta.get('source')}): {len(wrong)} field(s) wrong\n{_describe(wrong)}"
    )


def test_corpus_is_well_formed() -> None:
    assert len(CASES) >= 60
    sources = {case.meta["source"] for case in CASES}
    assert {"seed", "real", "synthetic", "handmade"} <= sources
    for case in CASES:
        assert set(case.meta) <= META_KEYS and {"source", "synthetic", "url", "covers"} <= set(case.meta), (
            case.name
        )
        assert case.meta["url"].split("/")[2].endswith(".test"), f"{case.name}: only .test hosts in fixtures"
        if case.meta["source"] == "seed":
            assert not case.known_gaps, f"{case.name}: seeds must be met exactly (no known_gaps)"
        for field in (
            "doc_kind",
            "agency",
            "region",
            "report_year",
            "published_date",
            "template",
            "script",
            "figures",
            "approximate",
        ):
            assert field in case.expected, f"{case.name}: expected.json lacks {field}"
