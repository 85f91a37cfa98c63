"""Which known reports a recrawl asks for again, and which it carries forward from the archive unasked.

A first crawl fetches everything. A recrawl of a portal already in the archive re-reads each column's first
list page, fetches what is new, and re-validates (a conditional request) a known report only when:

- ``failed_last_time``: the last time it was asked for, the answer was an error or a challenge page;
- ``listing_changed``: its entry on the listing differs from the archived listing (title, or the date or
  other text printed beside it — a re-post in place usually shows a new date);
- ``recent``: it was published in the last 12 months (a correction then is likeliest): by the date its
  listing prints beside it, else the year its title names, else its Last-Modified; a report whose date
  cannot be told counts as recent, so an unknown date costs a request, never a missed correction;
- ``rolling``: its turn came — each older report is re-validated once every ``every`` runs, spread by a
  stable hash of its URL so each run re-validates about 1/``every`` of them.

Everything else is carried: staged again from its archived bytes without a request, so the run still sees
every report (nothing disappears from the warehouse, "fewer than last year" keeps its meaning). A column
whose first page shows nothing new or changed is not paged further: its deeper pages are read from the
archive too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from crawler.archive import FetchRecord
from crawler.parsing.dates import dates_in

RECENT = timedelta(days=365)
YEAR_IN_TITLE = re.compile(r"(20\d\d)\s*年")
# A report on year Y is due by 31 March of Y+1 (31 January for departments); the later date is the safe one.
LATEST_DEADLINE = (3, 31)


@dataclass(frozen=True)
class Listed:
    """What a listing shows of one entry: enough to tell that the entry changed."""

    title: str | None
    stamp: str | None


@dataclass(frozen=True)
class RecrawlPolicy:
    today: date
    every: int  # runs between two re-validations of an older, unchanged report
    run_number: int  # runs already in the archive: picks this run's slot of the rolling schedule
    failed_last: frozenset[str] = frozenset()  # canonical URLs whose latest answer was a failure

    def reason_to_ask(self, url: str, now: Listed, before: Listed | None, fetched: FetchRecord) -> str | None:
        """Why the known report at ``url`` (canonical) is asked for again this run, or None to carry it."""
        if url in self.failed_last:  # its last good copy is not today's answer: ask, never assume
            return "failed_last_time"
        if before is None or before != now:
            return "listing_changed"
        published = listed_date(now.stamp) or published_estimate(fetched, now.title)
        if published is None or self.today - published <= RECENT:
            return "recent"
        if rolling_slot(url, self.every) == self.run_number % self.every:
            return "rolling"
        return None


def listed_date(stamp: str | None) -> date | None:
    """The latest full date the listing prints with an entry (its posting date, a re-post's date), if any:
    the portal's own word on when it was published, closer than the deadline its title implies."""
    dates = dates_in(stamp or "")
    return date.fromisoformat(max(dates)) if dates else None


def published_estimate(fetched: FetchRecord, title: str | None) -> date | None:
    """When a report was published, as well as the crawl can tell before parsing it: the latest deadline for
    the year its title names (titles name the report's year far more reliably than servers' Last-Modified,
    which dynamic CMS pages set to the time of the request), else the archived copy's Last-Modified."""
    years = [int(year) for year in YEAR_IN_TITLE.findall(title or fetched.link_text or "")]
    if years:
        return date(max(years) + 1, *LATEST_DEADLINE)
    modified = fetched.headers.get("last-modified")
    if modified:
        try:
            return parsedate_to_datetime(modified).date()
        except (TypeError, ValueError):
            return None
    return None


def rolling_slot(url: str, every: int) -> int:
    """A stable slot in 0..every-1 for ``url`` (the same in every run and on every machine)."""
    digest = hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % every


def crawl_date(iso: str) -> date:
    """The crawl's date: ``iso`` (NIANBAO_TODAY) or today's, in UTC."""
    return date.fromisoformat(iso) if iso else datetime.now(UTC).date()
