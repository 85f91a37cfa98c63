"""One benchmark figure: ours against a ceiling measured in the same run (see ../docs and bench contract)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class BenchResult:
    value: float
    unit: str
    ceiling: float
    ceiling_what: str

    @property
    def ratio(self) -> float:
        return self.value / self.ceiling if self.ceiling else 0.0

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": round(self.ratio, 4)}
