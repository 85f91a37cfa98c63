"""The recrawl policy (crawler/recrawl.py): which known report a recrawl asks for again, and why."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from crawler.archive import FetchRecord
from crawler.recrawl import Listed, RecrawlPolicy, listed_date, published_estimate, rolling_slot

TODAY = date(2026, 4, 15)  # a spring crawl: the 2025 reports appeared in the last three months


def fetched(link_text: str | None, last_modified: str | None = None) -> FetchRecord:
    headers = {"last-modified": last_modified} if last_modified else {}
    return FetchRecord(
        run_id="r1",
        url="http://a.test/nb/1.html",
        final_url="http://a.test/nb/1.html",
        status=200,
        headers=headers,
        fetched_at="2025-04-01T00:00:00Z",
        sha256="0" * 64,
        size=1,
        portal="a",
        role="page",
        link_text=link_text,
    )


def policy(every: int = 30, run_number: int = 1) -> RecrawlPolicy:
    return RecrawlPolicy(today=TODAY, every=every, run_number=run_number)


OLD = "某市人民政府2019年政府信息公开工作年度报告"


def not_due_url(chosen: RecrawlPolicy) -> str:
    """A URL whose rolling turn is not this run's."""
    return next(
        url
        for url in (f"http://a.test/nb/{i}.html" for i in range(100))
        if rolling_slot(url, chosen.every) != chosen.run_number % chosen.every
    )


def test_an_old_unchanged_report_is_carried_until_its_turn() -> None:
    chosen = policy()
    listed = Listed(OLD, f"{OLD} [2020-03-01]")
    assert chosen.reason_to_ask(not_due_url(chosen), listed, listed, fetched(OLD)) is None


@pytest.mark.parametrize(
    ("now", "before"),
    [
        (Listed(OLD, f"{OLD} [2026-04-01]"), Listed(OLD, f"{OLD} [2020-03-01]")),  # re-posted: new date
        (Listed(f"{OLD}（更正）", None), Listed(OLD, None)),  # a new title
    ],
)
def test_an_entry_that_changed_on_the_listing_is_asked_for(now: Listed, before: Listed) -> None:
    chosen = policy()
    assert chosen.reason_to_ask(not_due_url(chosen), now, before, fetched(OLD)) == "listing_changed"


def test_an_entry_missing_from_the_archived_listing_is_asked_for() -> None:
    chosen = policy()
    reason = chosen.reason_to_ask(not_due_url(chosen), Listed(OLD, None), None, fetched(OLD))
    assert reason == "listing_changed"


@pytest.mark.parametrize(
    ("title", "last_modified", "reason"),
    [
        ("某局2025年政府信息公开工作年度报告", None, "recent"),  # due by 2026-03-31: 15 days ago
        ("某局2024年政府信息公开工作年度报告", None, None),  # due by 2025-03-31: over a year ago
        ("政府信息公开工作年度报告", "Tue, 10 Feb 2026 09:00:00 GMT", "recent"),  # no year: Last-Modified
        ("政府信息公开工作年度报告", "Tue, 10 Feb 2015 09:00:00 GMT", None),
        ("政府信息公开工作年度报告", None, "recent"),  # no date at all: asked, never assumed old
    ],
)
def test_reports_of_the_last_12_months_are_asked_for_every_run(
    title: str, last_modified: str | None, reason: str | None
) -> None:
    chosen = policy()
    listed = Listed(title, None)
    assert chosen.reason_to_ask(not_due_url(chosen), listed, listed, fetched(title, last_modified)) == reason


def test_the_title_year_wins_over_a_dynamic_last_modified() -> None:
    # Many CMSs stamp every response with the time of the request; the title's year is the better witness.
    assert published_estimate(fetched(OLD, "Tue, 14 Apr 2026 09:00:00 GMT"), OLD) == date(2020, 3, 31)


def test_the_rolling_schedule_asks_for_each_old_report_once_every_k_runs() -> None:
    urls = [f"http://a.test/nb/{i}.html" for i in range(3000)]
    listed = Listed(OLD, None)
    every = 10
    asked_per_run = []
    asked_runs: Counter[str] = Counter()
    for run in range(every):
        chosen = policy(every=every, run_number=run)
        asked = [url for url in urls if chosen.reason_to_ask(url, listed, listed, fetched(OLD)) == "rolling"]
        asked_per_run.append(len(asked))
        asked_runs.update(asked)
    assert set(asked_runs.values()) == {1}  # every URL exactly once in K runs
    assert len(asked_runs) == len(urls)
    assert all(200 <= n <= 400 for n in asked_per_run)  # about 1/K each run (300 expected)


def test_a_report_whose_last_answer_failed_is_asked_for_again() -> None:
    # A page that answered 404 or a challenge last run: its older good copy is not carried as if current.
    plain = policy()
    url = not_due_url(plain)
    failed = RecrawlPolicy(
        today=TODAY, every=plain.every, run_number=plain.run_number, failed_last=frozenset({url})
    )
    listed = Listed(OLD, None)
    assert plain.reason_to_ask(url, listed, listed, fetched(OLD)) is None
    assert failed.reason_to_ask(url, listed, listed, fetched(OLD)) == "failed_last_time"


@pytest.mark.parametrize(
    ("stamp", "reason"),
    [
        # The 2024 report, posted late (the title alone says "due 2025-03-31": over a year before TODAY).
        ("某局2024年政府信息公开工作年度报告 2025-05-20", "recent"),
        # The 2025 report, posted 2026-01-12: three months ago.
        ("某局2025年政府信息公开工作年度报告 2026年1月12日", "recent"),
        # The 2025 report by its title, but the listing says it went up on 2025-03-01: over a year ago.
        ("某局2025年政府信息公开工作年度报告 2025/03/01", None),
        # A date that is no date: the title's year decides (due 2026-03-31, recent).
        ("某局2025年政府信息公开工作年度报告 2025-13-45", "recent"),
    ],
)
def test_the_date_the_listing_prints_decides_what_is_recent(stamp: str, reason: str | None) -> None:
    chosen = policy()
    title = stamp.split(" ")[0]
    listed = Listed(title, stamp)
    assert chosen.reason_to_ask(not_due_url(chosen), listed, listed, fetched(title)) == reason


def test_the_latest_date_of_an_entry_is_its_listed_date() -> None:
    # An entry printing its first posting and its update: the update is when it was last published.
    assert listed_date("发布 2024-02-01 更新 2025.6.3") == date(2025, 6, 3)
    assert listed_date("某局2024年政府信息公开工作年度报告") is None
