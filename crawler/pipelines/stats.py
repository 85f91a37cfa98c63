"""What the pipelines need of a stats collector (``Stats``: Scrapy's, or ``CountingStats`` when replay runs
them outside Scrapy)."""

from __future__ import annotations

from collections import Counter
from typing import Any, Protocol


class Stats(Protocol):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


class CountingStats:
    def __init__(self) -> None:
        self.values: Counter[str] = Counter()

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] += count

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def get_stats(self) -> dict[str, Any]:
        return dict(self.values)
