"""How a crawl's progress is shown: a live table on a terminal, plain lines in a log."""

from __future__ import annotations

import io

from nianbao.progress_view import progress_display


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_line_per_change_and_a_last_line_per_portal() -> None:
    log = io.StringIO()
    with progress_display(log) as show:
        show({"a": {"pages": 1, "documents": 0, "failures": 0}}, False)
        show({"a": {"pages": 1, "documents": 0, "failures": 0}}, False)  # unchanged: no line
        show({"a": {"pages": 2, "documents": 3, "failures": 1}}, True)
    assert log.getvalue().splitlines() == [
        "crawling a: 1 list pages, 0 documents, 0 failures",
        "done a: 2 list pages, 3 documents, 1 failures",
    ]


def test_a_terminal_gets_a_table() -> None:
    screen = Terminal()
    with progress_display(screen) as show:
        show({"changde": {"pages": 4, "documents": 17, "failures": 2}}, True)
    shown = screen.getvalue()
    assert "crawl finished" in shown and "changde" in shown and "17" in shown
