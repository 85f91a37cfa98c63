"""The ledger arithmetic of ``crawler.distributed.reconcile`` (no Redis needed): what counts as enqueued,
complete and lost, from worker ledgers written as a crawl would write them."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy import Request

from crawler.distributed.ledger import ASK, LEDGER_FILE, WorkerLedger
from crawler.distributed.reconcile import read_ledgers


def _ledger(folder: Path, *lines: tuple[str, str, str], torn: str = "") -> Path:
    folder.mkdir(parents=True)
    rows = [
        json.dumps(
            {
                "kind": kind,
                "ask": ask,
                "url": url,
                **({"request": f"req-{ask}"} if kind == "enqueued" else {}),
            }
        )
        for kind, ask, url in lines
    ]
    (folder / LEDGER_FILE).write_text("\n".join(rows) + "\n" + torn, encoding="utf-8")
    return folder


def test_an_ask_taken_and_never_finished_is_lost_whoever_enqueued_it(tmp_path: Path) -> None:
    w1 = _ledger(
        tmp_path / "w1",
        ("enqueued", "a", "http://x.test/list"),
        ("taken", "a", "http://x.test/list"),
        ("finished", "a", "http://x.test/list"),
        ("enqueued", "b", "http://x.test/page1"),
        ("enqueued", "c", "http://x.test/page2"),
        torn='{"kind": "fini',  # killed mid-line: skipped, counted
    )
    w2 = _ledger(
        tmp_path / "w2", ("taken", "b", "http://x.test/page1"), ("finished", "b", "http://x.test/page1")
    )
    summary = read_ledgers([w1, w2])
    assert summary.lost == {"c": ("http://x.test/page2", "req-c")}
    assert summary.torn_lines == 1


def test_a_refused_duplicate_is_not_enqueued_and_a_redirect_keeps_its_ask(tmp_path: Path) -> None:
    w1 = _ledger(
        tmp_path / "w1",
        ("enqueued", "s1", "http://x.test/"),  # a start request another worker had already asked for
        ("dropped", "s1", "http://x.test/"),
        ("enqueued", "r", "http://x.test/old"),
        ("enqueued", "r", "http://x.test/old"),  # its redirect, made by the downloader: the same ask
        ("finished", "r", "http://x.test/old"),
    )
    w2 = _ledger(tmp_path / "w2", ("enqueued", "s2", "http://x.test/"))
    summary = read_ledgers([w1, w2])
    assert set(summary.enqueued) == {"r", "s2"}
    assert summary.lost == {"s2": ("http://x.test/", "req-s2")}


def test_an_ask_completes_only_when_every_output_of_its_callback_was_handled(tmp_path: Path) -> None:
    # Scrapy handles a callback's outputs concurrently: its generator can end while its last follower is
    # still on the way to the queue. A worker killed then must leave the ask lost, not complete.
    ledger = WorkerLedger(tmp_path / "w1", "run")
    answered = Request("http://a.test/list.html", meta={ASK: "parent"})
    follower, item = Request("http://a.test/2.html"), object()
    ledger.expect("parent", follower)
    ledger.expect("parent", item)
    ledger.exhausted(answered)
    ledger.handled(follower)

    def kinds() -> list[str]:
        return [json.loads(line)["kind"] for line in (tmp_path / "w1" / LEDGER_FILE).read_text().splitlines()]

    assert kinds() == []  # the item is still in the pipelines
    ledger.handled(item)
    assert kinds() == ["finished"]
    ledger.handled(item)  # a second signal for the same output changes nothing
    assert kinds() == ["finished"]
