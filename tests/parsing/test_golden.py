"""The labelled corpus (tests/fixtures/golden): every case parses to what its document states.

One test per case folder. Fields named in the case's ``known_gaps`` are left out of the comparison but
must still be wrong: when the parser learns one, the test fails and asks for the gap to be removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.parsing.accuracy import Case, load_cases
from tests.parsing.labelled import assert_case_reads

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden"
CASES = load_cases(GOLDEN)
META_KEYS = {"source", "synthetic", "content_type", "filename", "url", "covers", "notes", "known_gaps"}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_case(case: Case) -> None:
    assert_case_reads(case)


def test_corpus_is_well_formed() -> None:
    assert len(CASES) >= 60
    sources = {case.meta["source"] for case in CASES}
    assert {"seed", "synthetic", "handmade"} <= sources
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
