"""Property tests: generated reports (demo.synth) parse back to exactly their known figures.

The generator builds figures that satisfy every template identity, so any seed, era and layout must come
back cell for cell; an injected inconsistency must be reported with its issue code, and a consistent
report must raise no consistency issue at all.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.parsing import parse_document
from crawler.parsing.accuracy import check_fields
from crawler.parsing.record import ReportRecord
from demo.cms import docx_synth
from demo.make_attachments import DOCX_SYNTH, docx_path
from demo.synth import AGENCY_KINDS, DATE_FORMS, ERAS, INCONSISTENCIES, LAYOUTS, generate_report

SEEDS = st.integers(min_value=0, max_value=10**9)
FAST = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONSISTENCY_CODES = set(INCONSISTENCIES.values()) | {"t3_group_sum_mismatch", "t3_total_column_mismatch"}


def _wrong(report_expected: dict[str, Any], record: ReportRecord) -> list[str]:
    return [f"{c.path}: expected {c.expected!r}, got {c.got!r}" for c in check_fields(report_expected, record)
            if not c.ok]  # fmt: skip


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("era", ERAS)
@FAST
@given(seed=SEEDS)
def test_generated_report_parses_back_exactly(era: str, layout: str, seed: int) -> None:
    report = generate_report(seed, era=era, layout=layout)
    record = parse_document(report.body, content_type=report.content_type, filename=report.filename)
    assert _wrong(report.expected, record) == []
    assert not {issue.code for issue in record.issues} & CONSISTENCY_CODES, record.issues


@pytest.mark.parametrize("layout", ["html_table", "pipe_text", "glued"])
@FAST
@given(seed=SEEDS, era=st.sampled_from(["2019", "2021"]))
def test_injected_inconsistency_is_flagged(layout: str, seed: int, era: str) -> None:
    report = generate_report(seed, era=era, layout=layout, inconsistent=True)
    assert report.expected["issue_codes"], "the generator names the issue it injected"
    record = parse_document(report.body, content_type=report.content_type, filename=report.filename)
    assert _wrong(report.expected, record) == []


@FAST
@given(
    seed=SEEDS,
    kind=st.sampled_from(AGENCY_KINDS),
    form=st.sampled_from(DATE_FORMS),
    encoding=st.sampled_from(["utf-8", "gbk"]),
    single_other=st.booleans(),
)
def test_agencies_dates_and_encodings(
    seed: int, kind: str, form: str, encoding: str, single_other: bool
) -> None:
    report = generate_report(
        seed, era="2021", agency_kind=kind, date_form=form, encoding=encoding, single_other=single_other
    )
    record = parse_document(report.body, content_type=report.content_type, filename=report.filename)
    assert _wrong(report.expected, record) == []


def test_generator_is_deterministic_and_identities_hold() -> None:
    for seed in range(20):
        for era in ("2019", "2021"):
            first = generate_report(seed, era=era, layout="glued")
            assert first.body == generate_report(seed, era=era, layout="glued").body
            cells = first.expected["cells"]
            for row in {key.split(".")[1] for key in cells if key.startswith("t3.")}:
                parts = [
                    cells[f"t3.{row}.{c}"]
                    for c in (
                        "natural_person",
                        "commercial",
                        "research",
                        "social_welfare",
                        "legal_service",
                        "other_org",
                    )
                ]
                assert sum(parts) == cells[f"t3.{row}.total"]
            figures = first.expected["figures"]
            assert figures["applications_new"] + figures["applications_carried_over"] == (
                figures["outcomes_total"] + figures["carried_forward"]
            )


@pytest.mark.parametrize("seed", DOCX_SYNTH)
def test_committed_docx_attachments_parse_to_the_generators_figures(seed: int) -> None:
    # The demo portals serve these committed files and expect docx_synth(seed)'s figures. When the
    # generator changes, regenerate them: .venv/bin/python -m demo.make_attachments
    path = docx_path(seed)
    record = parse_document(path.read_bytes(), filename=path.name)
    assert record.error is None
    assert _wrong(docx_synth(seed).expected, record) == []
