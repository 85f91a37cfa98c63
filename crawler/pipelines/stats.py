"""A stats collector for running the pipelines outside Scrapy (replay), with the two methods they use."""

from __future__ import annotations

from collections import Counter
from typing import Any


class CountingStats:
    def __init__(self) -> None:
        self.values: Counter[str] = Counter()

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] += count

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def get_stats(self) -> dict[str, Any]:
        return dict(self.values)
